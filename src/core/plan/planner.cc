#include "core/plan/planner.h"

#include <algorithm>
#include <functional>
#include <set>
#include <unordered_map>

#include "base/strings.h"

namespace bimtek::plan {

std::vector<Session> LayOut(const std::vector<AgendaItem>& agenda, int start_min,
                            const PlanOptions& options) {
  std::vector<Session> out;
  out.reserve(agenda.size());
  int t = start_min;
  bool lunch_done = options.lunch_break_minutes <= 0;
  for (size_t i = 0; i < agenda.size(); ++i) {
    Session s;
    s.module = agenda[i].module;
    s.start_min = t;
    s.end_min = t + agenda[i].minutes;
    t = s.end_min;
    out.push_back(std::move(s));
    if (!lunch_done && t >= options.lunch_after_min && i + 1 < agenda.size()) {
      t += options.lunch_break_minutes;
      lunch_done = true;
    }
  }
  return out;
}

namespace {

RegionCode KecamatanOf(RegionCode region) {
  return LevelOf(region) >= RegionLevel::kKecamatan ? AncestorAt(region, RegionLevel::kKecamatan)
                                                    : region;
}
RegionCode KecamatanOfTps(TpsCode tps) {
  return AncestorAt(DesaOfTps(tps), RegionLevel::kKecamatan);
}
RegionCode KabOf(RegionCode region) { return AncestorAt(region, RegionLevel::kKabKota); }

struct Slot {
  int venue = 0;  // index into Planner::venues_
  int day = 0;
  int start = 0;
  int end = 0;
  int capacity = 0;
  RegionCode kecamatan = 0;
  bool used = false;
  bool dead = false;  // no facilitators could be found for it
};

struct FacDay {
  int venue = -1;  // where the facilitator works that day; -1 free
  int sessions = 0;
};

struct KecState {
  RegionCode code = 0;
  std::vector<int> pending;     // crew indices not yet placed, in TPS order
  std::string facilitator_gap;  // a module that found nobody, when any slot died for it
  bool saw_slot = false;
};

class Planner {
 public:
  explicit Planner(const PlanInput& in) : in_(in) {}

  StatusOr<Plan> Run() {
    RETURN_IF_ERROR(Prepare());
    KeepPrevious();
    FillKeptBatches();
    MakeSlots();
    for (auto& [code, k] : kec_) PlaceIn(k, /*fallback=*/false);
    if (in_.options.fallback_in_kabupaten) {
      for (auto& [code, k] : kec_) {
        if (!k.pending.empty()) PlaceIn(k, /*fallback=*/true);
      }
    }
    return Finish();
  }

 private:
  Status Prepare() {
    if (in_.to < in_.from) {
      return absl::InvalidArgumentError(StrCat("the window ends (", FormatIsoDate(in_.to),
                                               ") before it starts (", FormatIsoDate(in_.from),
                                               ")"));
    }
    const int64_t span = DaysFromCivil(in_.to) - DaysFromCivil(in_.from) + 1;
    if (span > 62) {
      return absl::InvalidArgumentError(
          StrCat("the window spans ", span, " days; at most 62 are planned at once"));
    }
    for (int64_t d = DaysFromCivil(in_.from); d <= DaysFromCivil(in_.to); ++d) {
      days_.push_back(CivilFromDays(d));
    }
    if (in_.agenda.empty()) return absl::InvalidArgumentError("the agenda has no modules");
    for (const auto& a : in_.agenda) {
      if (a.minutes <= 0) {
        return absl::InvalidArgumentError(StrCat("module ", a.module, " has no duration"));
      }
    }
    std::set<TpsCode> seen;
    for (size_t i = 0; i < in_.crews.size(); ++i) {
      const Crew& c = in_.crews[i];
      if (!seen.insert(c.tps).second) {
        return absl::InvalidArgumentError(StrCat("TPS ", FormatTpsCode(c.tps), " appears twice"));
      }
      if (c.people <= 0) {
        return absl::InvalidArgumentError(StrCat("TPS ", FormatTpsCode(c.tps), " needs no seats"));
      }
      crew_index_[c.tps] = static_cast<int>(i);
    }
    crew_batch_.assign(in_.crews.size(), 0);
    std::set<int64_t> ids;
    for (const auto& v : in_.venues) {
      if (!ids.insert(v.id).second) {
        return absl::InvalidArgumentError(StrCat("two venues share the id ", v.id));
      }
      if (!v.active || v.capacity <= 0) continue;
      const RegionCode prov = AncestorAt(v.region, RegionLevel::kProvince);
      const auto z = in_.zones.find(prov);
      if (z == in_.zones.end()) {
        return absl::InvalidArgumentError(
            StrCat("venue ", v.code, ": province ", prov, " has no time zone"));
      }
      venue_index_[v.id] = static_cast<int>(venues_.size());
      venues_.push_back(&v);
      venue_zone_.push_back(z->second);
      venue_busy_.emplace_back(days_.size());
    }
    ids.clear();
    for (const auto& f : in_.facilitators) {
      if (!ids.insert(f.id).second) {
        return absl::InvalidArgumentError(StrCat("two facilitators share the id ", f.id));
      }
      if (!f.active) continue;
      const int fi = static_cast<int>(facs_.size());
      fac_index_[f.id] = fi;
      facs_.push_back(&f);
      const RegionLevel hl = f.home == 0 ? RegionLevel::kNational : LevelOf(f.home);
      for (RegionLevel l : {RegionLevel::kDesa, RegionLevel::kKecamatan, RegionLevel::kKabKota,
                            RegionLevel::kProvince}) {
        if (hl >= l) by_region_[AncestorAt(f.home, l)].push_back(fi);
      }
    }
    fac_day_.assign(facs_.size(), std::vector<FacDay>(days_.size()));
    for (int i = 0; i < static_cast<int>(in_.crews.size()); ++i) {
      const RegionCode k = KecamatanOfTps(in_.crews[i].tps);
      auto& ks = kec_[k];
      ks.code = k;
      ks.pending.push_back(i);
      kec_people_[k] += in_.crews[i].people;
      int& size = kec_crew_size_[k];
      size = size == 0 || size == in_.crews[i].people ? in_.crews[i].people : -1;
    }
    for (auto& [code, k] : kec_) {
      std::sort(k.pending.begin(), k.pending.end(),
                [&](int a, int b) { return in_.crews[a].tps < in_.crews[b].tps; });
    }
    for (const auto& b : in_.previous) next_id_ = std::max(next_id_, b.id + 1);
    return absl::OkStatus();
  }

  int DayOf(const Date& d) const {
    const int64_t i = DaysFromCivil(d) - DaysFromCivil(in_.from);
    return i < 0 || i >= static_cast<int64_t>(days_.size()) ? -1 : static_cast<int>(i);
  }

  bool VenueFree(int vi, int day, int start, int end) const {
    for (const auto& [s, e] : venue_busy_[vi][day]) {
      if (start < e && s < end) return false;
    }
    return true;
  }

  // Can facilitator fi teach `module` at venue vi on `day`, having `extra` sessions already
  // chosen for this batch?
  bool CanTeach(int fi, const std::string& module, int vi, int day, int extra) const {
    const Facilitator& f = *facs_[fi];
    const FacDay& fd = fac_day_[fi][day];
    return f.Teaches(module) && f.AvailableOn(days_[day]) && (fd.venue < 0 || fd.venue == vi) &&
           fd.sessions + extra + 1 <= f.max_sessions_per_day;
  }

  // Chooses a facilitator for every session (preferring `preferred[i]`, then one already chosen
  // for this batch, then the nearest by home region: desa, kecamatan, kabupaten/kota, province;
  // never one from another province) and books them. False (nothing booked, the
  // module that found nobody in `gap`) when some session finds nobody.
  bool Staff(int vi, int day, std::vector<Session>& sessions, const std::vector<int64_t>& preferred,
             std::string* gap) {
    std::vector<int> chosen(sessions.size(), -1);
    std::vector<std::pair<int, int>> count;  // facilitator -> sessions in this batch
    auto extra = [&](int fi) {
      for (const auto& [f, n] : count) {
        if (f == fi) return n;
      }
      return 0;
    };
    auto take = [&](size_t i, int fi) {
      chosen[i] = fi;
      for (auto& [f, n] : count) {
        if (f == fi) {
          ++n;
          return;
        }
      }
      count.emplace_back(fi, 1);
    };
    const RegionCode vr = venues_[vi]->region;
    std::vector<const std::vector<int>*> tiers;
    for (RegionLevel l : {RegionLevel::kDesa, RegionLevel::kKecamatan, RegionLevel::kKabKota,
                          RegionLevel::kProvince}) {
      if (LevelOf(vr) < l) continue;
      const auto it = by_region_.find(AncestorAt(vr, l));
      if (it != by_region_.end()) tiers.push_back(&it->second);
    }
    for (size_t i = 0; i < sessions.size(); ++i) {
      const std::string& m = sessions[i].module;
      if (i < preferred.size() && preferred[i] != 0) {
        const auto it = fac_index_.find(preferred[i]);
        if (it != fac_index_.end() && CanTeach(it->second, m, vi, day, extra(it->second))) {
          take(i, it->second);
          continue;
        }
      }
      for (const auto& [fi, n] : count) {
        if (CanTeach(fi, m, vi, day, n)) {
          take(i, fi);
          break;
        }
      }
      if (chosen[i] >= 0) continue;
      for (const auto* tier : tiers) {
        for (int fi : *tier) {
          if (CanTeach(fi, m, vi, day, extra(fi))) {
            take(i, fi);
            break;
          }
        }
        if (chosen[i] >= 0) break;
      }
      if (chosen[i] < 0) {
        *gap = m;
        return false;
      }
    }
    for (size_t i = 0; i < sessions.size(); ++i) sessions[i].facilitator = facs_[chosen[i]]->id;
    for (const auto& [fi, n] : count) {
      FacDay& fd = fac_day_[fi][day];
      fd.venue = vi;
      fd.sessions += n;
    }
    return true;
  }

  void KeepPrevious() {
    std::vector<const Batch*> prev;
    for (const auto& b : in_.previous) prev.push_back(&b);
    std::sort(prev.begin(), prev.end(),
              [](const Batch* a, const Batch* b) { return a->id < b->id; });
    for (const Batch* p : prev) {
      for (TpsCode t : p->crews) prev_batch_of_[t] = p->id;
      const auto vit = venue_index_.find(p->venue);
      const int day = DayOf(p->date);
      if (vit == venue_index_.end() || day < 0) continue;
      const int vi = vit->second;
      const auto hours = venues_[vi]->HoursOn(p->date);
      std::vector<Session> sessions = LayOut(in_.agenda, p->start_min, in_.options);
      const int end = sessions.back().end_min;
      if (!hours || p->start_min < hours->open_min || end > hours->close_min ||
          !VenueFree(vi, day, p->start_min, end)) {
        continue;
      }
      Batch b;
      b.id = p->id;
      b.venue = p->venue;
      b.date = p->date;
      b.zone = venue_zone_[vi];
      b.start_min = p->start_min;
      b.end_min = end;
      b.kecamatan = p->kecamatan;
      b.fallback = KecamatanOf(venues_[vi]->region) != p->kecamatan;
      const int capacity = venues_[vi]->capacity;
      std::vector<int> crews;
      for (TpsCode t : p->crews) {
        const auto cit = crew_index_.find(t);
        if (cit == crew_index_.end() || crew_batch_[cit->second] != 0) continue;
        if (KecamatanOfTps(t) != p->kecamatan) continue;
        const Crew& c = in_.crews[cit->second];
        if (b.people + c.people > capacity) continue;
        b.people += c.people;
        crews.push_back(cit->second);
      }
      if (crews.empty()) continue;
      std::vector<int64_t> preferred(sessions.size(), 0);
      for (size_t i = 0; i < sessions.size() && i < p->sessions.size(); ++i) {
        if (p->sessions[i].module == sessions[i].module) preferred[i] = p->sessions[i].facilitator;
      }
      std::string gap;
      if (!Staff(vi, day, sessions, preferred, &gap)) continue;
      b.sessions = std::move(sessions);
      for (int ci : crews) {
        crew_batch_[ci] = b.id;
        b.crews.push_back(in_.crews[ci].tps);
      }
      venue_busy_[vi][day].emplace_back(b.start_min, b.end_min);
      batch_capacity_[b.id] = capacity;
      batches_.push_back(std::move(b));
      ++kept_;
    }
    for (auto& [code, k] : kec_) {
      std::erase_if(k.pending, [&](int ci) { return crew_batch_[ci] != 0; });
    }
  }

  // Crews that lost their batch (or are new) go first into kept batches of their kecamatan
  // that have seats left: no new class, nobody else moves.
  void FillKeptBatches() {
    if (batches_.empty()) return;
    for (auto& b : batches_) {
      auto it = kec_.find(b.kecamatan);
      if (it == kec_.end()) continue;
      auto& pending = it->second.pending;
      const int capacity = batch_capacity_[b.id];
      for (auto ci = pending.begin(); ci != pending.end();) {
        const Crew& c = in_.crews[*ci];
        if (b.people + c.people <= capacity) {
          b.people += c.people;
          b.crews.push_back(c.tps);
          crew_batch_[*ci] = b.id;
          ci = pending.erase(ci);
        } else {
          ++ci;
        }
      }
    }
  }

  // How many whole agendas fit one after another in venue vi's hours on `day` (kept batches
  // aside): the slots of an empty venue.
  int AgendasOn(int vi, int day) const {
    const auto h = venues_[vi]->HoursOn(days_[day]);
    if (!h) return 0;
    int n = 0;
    for (int s = std::max(h->open_min, in_.options.earliest_start_min);;) {
      const int end = LayOut(in_.agenda, s, in_.options).back().end_min;
      if (end > h->close_min) break;
      ++n;
      s = end;
    }
    return n;
  }

  void MakeSlots() {
    for (int vi = 0; vi < static_cast<int>(venues_.size()); ++vi) {
      const Venue& v = *venues_[vi];
      for (int day = 0; day < static_cast<int>(days_.size()); ++day) {
        const auto h = v.HoursOn(days_[day]);
        if (!h) continue;
        int s = std::max(h->open_min, in_.options.earliest_start_min);
        while (true) {
          const int end = LayOut(in_.agenda, s, in_.options).back().end_min;
          if (end > h->close_min) break;
          if (!VenueFree(vi, day, s, end)) {
            // Jump past the kept batch that overlaps.
            int next = s + 1;
            for (const auto& [bs, be] : venue_busy_[vi][day]) {
              if (s < be && bs < end) next = std::max(next, be);
            }
            s = next;
            continue;
          }
          slots_.push_back(Slot{vi, day, s, end, v.capacity, KecamatanOf(v.region)});
          s = end;
        }
      }
    }
    for (int i = 0; i < static_cast<int>(slots_.size()); ++i) {
      slots_by_kec_[slots_[i].kecamatan].push_back(i);
      slots_by_kab_[KabOf(slots_[i].kecamatan)].push_back(i);
    }
  }

  // Which of the pending crews (in TPS order) a new batch of `capacity` seats takes: as many
  // seats filled as possible (bin packing, one bin at a time), and among the fullest choices the
  // one that keeps to TPS order longest (a desa's crews together). Taking crews in order while
  // they fit is that choice whenever it fills every seat, takes everyone, or all crews are of
  // one size (the usual case: 7 KPPS per TPS); otherwise a subset-sum over the seats decides.
  std::vector<char> ChooseCrews(const std::vector<int>& pending, int capacity) const {
    const size_t n = pending.size();
    std::vector<char> take(n, 0);
    int used = 0;
    bool one_size = true, all = true;
    for (size_t i = 0; i < n; ++i) {
      const int p = in_.crews[pending[i]].people;
      one_size = one_size && p == in_.crews[pending[0]].people;
      if (used + p <= capacity) {
        used += p;
        take[i] = 1;
      } else {
        all = false;
      }
    }
    if (one_size || all || used == capacity) return take;
    // reach[i] = the seat counts some subset of the first i crews fills (bit t: t seats).
    const size_t words = static_cast<size_t>(capacity) / 64 + 1;
    std::vector<std::vector<uint64_t>> reach(n + 1, std::vector<uint64_t>(words, 0));
    reach[0][0] = 1;
    const auto has = [&](size_t i, int t) { return (reach[i][t / 64] >> (t % 64)) & 1; };
    for (size_t i = 0; i < n; ++i) {
      const int p = in_.crews[pending[i]].people;
      reach[i + 1] = reach[i];
      if (p > capacity) continue;
      const size_t ws = static_cast<size_t>(p) / 64, bs = static_cast<size_t>(p) % 64;
      for (size_t w = words; w-- > ws;) {
        uint64_t v = reach[i][w - ws] << bs;
        if (bs != 0 && w > ws) v |= reach[i][w - ws - 1] >> (64 - bs);
        reach[i + 1][w] |= v;
      }
    }
    int t = capacity;
    while (!has(n, t)) --t;
    if (t <= used) return take;
    // Leave out the latest crews that can be left out: earlier crews stay in.
    std::fill(take.begin(), take.end(), 0);
    for (size_t i = n; i-- > 0;) {
      if (has(i, t)) continue;
      take[i] = 1;
      t -= in_.crews[pending[i]].people;
    }
    return take;
  }

  // Places the pending crews of `k` into new batches: in its own kecamatan, or (fallback) at the
  // venues of the other kecamatan of its kabupaten.
  void PlaceIn(KecState& k, bool fallback) {
    std::vector<int> cand;
    if (!fallback) {
      const auto it = slots_by_kec_.find(k.code);
      if (it != slots_by_kec_.end()) cand = it->second;
    } else {
      const auto it = slots_by_kab_.find(KabOf(k.code));
      if (it != slots_by_kab_.end()) {
        for (int si : it->second) {
          if (slots_[si].kecamatan != k.code) cand.push_back(si);
        }
      }
    }
    if (!cand.empty()) k.saw_slot = true;
    const auto dist = [&](const Slot& s) {
      return s.kecamatan > k.code ? s.kecamatan - k.code : k.code - s.kecamatan;
    };
    // Ties: nearest kecamatan, earliest day, lowest venue id, earliest start.
    const auto tie = [&](const Slot& a, const Slot& b) {
      const int64_t da = dist(a), db = dist(b);
      const int64_t va = venues_[a.venue]->id;
      const int64_t vb = venues_[b.venue]->id;
      return std::tie(da, a.day, va, a.start) < std::tie(db, b.day, vb, b.start);
    };
    while (!k.pending.empty()) {
      int remaining = 0;
      int smallest_crew = in_.crews[k.pending.front()].people;
      for (int ci : k.pending) {
        remaining += in_.crews[ci].people;
        smallest_crew = std::min(smallest_crew, in_.crews[ci].people);
      }
      // The smallest slot that seats everyone left; else the largest slot.
      int best_fit = -1, largest = -1;
      for (int si : cand) {
        const Slot& s = slots_[si];
        if (s.used || s.dead || s.capacity < smallest_crew) continue;
        if (s.capacity >= remaining) {
          if (best_fit < 0 || s.capacity < slots_[best_fit].capacity ||
              (s.capacity == slots_[best_fit].capacity && tie(s, slots_[best_fit]))) {
            best_fit = si;
          }
        }
        if (largest < 0 || s.capacity > slots_[largest].capacity ||
            (s.capacity == slots_[largest].capacity && tie(s, slots_[largest]))) {
          largest = si;
        }
      }
      const int si = best_fit >= 0 ? best_fit : largest;
      if (si < 0) return;
      Slot& s = slots_[si];
      std::vector<Session> sessions = LayOut(in_.agenda, s.start, in_.options);
      std::string gap;
      if (!Staff(s.venue, s.day, sessions, {}, &gap)) {
        s.dead = true;
        if (k.facilitator_gap.empty()) k.facilitator_gap = gap;
        continue;
      }
      s.used = true;
      Batch b;
      b.id = next_id_++;
      b.venue = venues_[s.venue]->id;
      b.date = days_[s.day];
      b.zone = venue_zone_[s.venue];
      b.start_min = s.start;
      b.end_min = s.end;
      b.kecamatan = k.code;
      b.fallback = fallback;
      b.sessions = std::move(sessions);
      const std::vector<char> take = ChooseCrews(k.pending, s.capacity);
      std::vector<int> rest;
      for (size_t i = 0; i < k.pending.size(); ++i) {
        const int ci = k.pending[i];
        if (!take[i]) {
          rest.push_back(ci);
          continue;
        }
        b.people += in_.crews[ci].people;
        b.crews.push_back(in_.crews[ci].tps);
        crew_batch_[ci] = b.id;
      }
      k.pending = std::move(rest);
      batches_.push_back(std::move(b));
    }
  }

  // The kecamatan's part of summary.slot_bound (see planner.h): `bound` is its part of the
  // lower bound, `own` the capacities of its own venues with the number of slots each has in the
  // window, `kab_cap` the largest capacity of its kabupaten/kota (0: no fallback).
  int64_t SlotBound(RegionCode code, int64_t bound, std::vector<std::pair<int, int>>& own,
                    int kab_cap) const {
    const int64_t people = kec_people_.at(code);
    const int size = kec_crew_size_.at(code);  // -1 when sizes differ
    // Counted in crews when all crews are of one size (a slot seats floor(capacity / size)),
    // else in seats.
    const int unit = size > 0 ? size : 1;
    int64_t need = people / unit;
    int64_t batches = 0;
    std::sort(own.begin(), own.end(), std::greater<>());
    for (const auto& [cap, slots] : own) {
      const int64_t per = cap / unit;
      if (need <= 0 || per <= 0) break;
      const int64_t take = std::min<int64_t>(slots, (need + per - 1) / per);
      batches += take;
      need -= take * per;
    }
    if (need > 0 && kab_cap / unit > 0) batches += (need + kab_cap / unit - 1) / (kab_cap / unit);
    return std::max(batches, bound);
  }

  StatusOr<Plan> Finish() {
    Plan plan;
    // Largest capacity per kecamatan and per kabupaten, for the reasons and the bounds; the
    // slots of each kecamatan's own venues for the slot bound.
    std::map<RegionCode, int> cap_kec, cap_kab;
    std::unordered_map<RegionCode, std::vector<std::pair<int, int>>> own_slots;
    for (int vi = 0; vi < static_cast<int>(venues_.size()); ++vi) {
      const Venue* v = venues_[vi];
      const RegionCode k = KecamatanOf(v->region);
      cap_kec[k] = std::max(cap_kec[k], v->capacity);
      cap_kab[KabOf(k)] = std::max(cap_kab[KabOf(k)], v->capacity);
      if (kec_.count(k) == 0) continue;
      int slots = 0;
      for (int day = 0; day < static_cast<int>(days_.size()); ++day) slots += AgendasOn(vi, day);
      if (slots > 0) own_slots[k].emplace_back(v->capacity, slots);
    }
    for (auto& [code, k] : kec_) {
      const auto own = cap_kec.find(code);
      int maxcap = own != cap_kec.end() ? own->second : 0;
      int kab_cap = 0;
      if (in_.options.fallback_in_kabupaten) {
        const auto kab = cap_kab.find(KabOf(code));
        if (kab != cap_kab.end()) kab_cap = kab->second;
      }
      if (maxcap == 0) maxcap = kab_cap;
      const int64_t people = kec_people_[code];
      const int64_t bound = maxcap > 0 ? (people + maxcap - 1) / maxcap : 0;
      plan.summary.lower_bound += bound;
      plan.summary.slot_bound += SlotBound(code, bound, own_slots[code], kab_cap);
      for (int ci : k.pending) {
        const Crew& c = in_.crews[ci];
        Unplaced u;
        u.tps = c.tps;
        u.kecamatan = code;
        const std::string kec = FormatRegionCode(code);
        if (maxcap == 0) {
          u.reason = kNoVenue;
          u.args = {kec};
        } else if (c.people > maxcap) {
          u.reason = kCrewTooLarge;
          u.args = {std::to_string(c.people), std::to_string(maxcap)};
        } else if (!k.saw_slot) {
          u.reason = kNoSlot;
          u.args = {kec, FormatIsoDate(in_.from), FormatIsoDate(in_.to)};
        } else if (!k.facilitator_gap.empty()) {
          u.reason = kNoFacilitator;
          u.args = {k.facilitator_gap, kec};
        } else {
          u.reason = kNoRoom;
          u.args = {kec};
        }
        plan.unplaced.push_back(std::move(u));
      }
    }
    std::sort(plan.unplaced.begin(), plan.unplaced.end(),
              [](const Unplaced& a, const Unplaced& b) { return a.tps < b.tps; });
    std::sort(batches_.begin(), batches_.end(),
              [](const Batch& a, const Batch& b) { return a.id < b.id; });
    std::set<std::pair<int64_t, int>> fac_days;
    for (auto& b : batches_) {
      std::sort(b.crews.begin(), b.crews.end());
      plan.summary.people_placed += b.people;
      plan.summary.placed += static_cast<int64_t>(b.crews.size());
      if (b.fallback) ++plan.summary.fallback_batches;
      const int day = DayOf(b.date);
      const RegionCode vr = venues_[venue_index_.at(b.venue)]->region;
      for (const auto& s : b.sessions) {
        if (fac_days.emplace(s.facilitator, day).second) {
          plan.summary.travel += TravelCost(facs_[fac_index_.at(s.facilitator)]->home, vr);
        }
      }
    }
    plan.summary.facilitator_days = static_cast<int64_t>(fac_days.size());
    for (const auto& [tps, from] : prev_batch_of_) {
      const auto it = crew_index_.find(tps);
      const int64_t to = it == crew_index_.end() ? 0 : crew_batch_[it->second];
      if (to != from) plan.moved.push_back(Move{tps, from, to});
    }
    plan.summary.crews = static_cast<int64_t>(in_.crews.size());
    plan.summary.unplaced = static_cast<int64_t>(plan.unplaced.size());
    plan.summary.batches = static_cast<int64_t>(batches_.size());
    plan.summary.gap = plan.summary.batches - plan.summary.lower_bound;
    plan.summary.kept_batches = kept_;
    plan.summary.moved = static_cast<int64_t>(plan.moved.size());
    plan.batches = std::move(batches_);
    return plan;
  }

  const PlanInput& in_;
  std::vector<Date> days_;
  std::vector<const Venue*> venues_;
  std::vector<TimeZone> venue_zone_;
  std::vector<std::vector<std::vector<std::pair<int, int>>>> venue_busy_;  // [venue][day]
  std::unordered_map<int64_t, int> venue_index_;
  std::vector<const Facilitator*> facs_;
  std::unordered_map<int64_t, int> fac_index_;
  std::unordered_map<RegionCode, std::vector<int>> by_region_;
  std::vector<std::vector<FacDay>> fac_day_;  // [facilitator][day]
  std::unordered_map<TpsCode, int> crew_index_;
  std::vector<int64_t> crew_batch_;  // batch id per crew, 0 while unplaced
  std::map<RegionCode, KecState> kec_;
  std::map<RegionCode, int64_t> kec_people_;
  std::map<RegionCode, int> kec_crew_size_;  // the one crew size of a kecamatan; -1: mixed
  std::map<TpsCode, int64_t> prev_batch_of_;
  std::unordered_map<int64_t, int> batch_capacity_;
  std::vector<Slot> slots_;
  std::unordered_map<RegionCode, std::vector<int>> slots_by_kec_, slots_by_kab_;
  std::vector<Batch> batches_;
  int64_t next_id_ = 1;
  int64_t kept_ = 0;
};

}  // namespace

StatusOr<Plan> MakePlan(const PlanInput& in) { return Planner(in).Run(); }

}  // namespace bimtek::plan

#include "service/results.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <unordered_map>

#include "base/strings.h"
#include "service/auth.h"
#include "service/planning.h"
#include "store/schema.h"

namespace bimtek::service {

using store::TestRow;

namespace {

constexpr int64_t kAllKeysHi = 9'999'999'999;

Scope ScopeFor(RegionCode c) { return c == 0 ? Scope::National() : Scope::Of(c); }

std::pair<int64_t, int64_t> RangeOf(const Scope& s) {
  if (s.national()) return {0, kAllKeysHi};
  return store::KeyRange(s);
}

// Whether a test's region and `s` overlap (one contains the other).
bool Overlaps(const Scope& s, const TestRow& t) {
  if (s.national() || t.scope == 0) return true;
  return s.Contains(t.scope) || Scope::Of(t.scope).Contains(s.code);
}

double Percent(const store::TestAttempt& a) {
  return a.presented ? 100.0 * a.correct / a.presented : 0;
}

int64_t Pow10(int n) {
  int64_t v = 1;
  for (int i = 0; i < n; ++i) v *= 10;
  return v;
}

// The region prefixes of a code of `digits` digits above it: 2, 4, 6 (and 10) digits.
std::vector<RegionCode> Ancestors(RegionCode code, int digits) {
  std::vector<RegionCode> out;
  for (int d : {2, 4, 6, 10}) {
    if (d >= digits) break;
    out.push_back(code / Pow10(digits - d));
  }
  return out;
}

int DigitsOf(int64_t v) {
  int d = 0;
  for (; v > 0; v /= 10) ++d;
  return d;
}

void AddPracticeGroup(PracticeFigures& f, const store::ResultGroup& g) {
  f.results += g.results;
  f.people += g.results > 0 ? 1 : 0;
  f.score += g.score;
  f.max_score += g.max_score;
}

void SumPractice(PracticeFigures& into, const PracticeFigures& p) {
  into.results += p.results;
  into.people += p.results > 0 ? 1 : 0;
  into.score += p.score;
  into.max_score += p.max_score;
}

void SetScores(PersonLine& line) {
  if (!line.pre || !line.post) return;
  auto g = assessment::NormalizedGain(*line.pre, *line.post);
  if (!g.ok()) return;
  line.gain = *g;
  line.gain_undefined = !g->has_value();
}

}  // namespace

std::string BatchRefText(const BatchRef& b) {
  return StrCat(ScopeFor(b.plan_scope).ToString(), "/", b.id);
}

StatusOr<BatchRef> ParseBatchRef(std::string_view scope, std::string_view id) {
  ASSIGN_OR_RETURN(Scope s, ParseScope(scope));
  int64_t v = 0;
  auto [p, ec] = std::from_chars(id.data(), id.data() + id.size(), v);
  if (ec != std::errc() || p != id.data() + id.size() || v <= 0) {
    return absl::InvalidArgumentError(StrCat("batch: \"", id, "\" is not a batch number"));
  }
  return BatchRef{s.code, v};
}

std::optional<double> PracticeFigures::accuracy() const {
  if (max_score <= 0) return std::nullopt;
  return 100.0 * static_cast<double>(score) / static_cast<double>(max_score);
}

std::string_view GroupByName(GroupBy g) {
  switch (g) {
    case GroupBy::kBatch:
      return "batch";
    case GroupBy::kFacilitator:
      return "facilitator";
    case GroupBy::kRegion:
      break;
  }
  return "region";
}

StatusOr<GroupBy> ParseGroupBy(std::string_view s) {
  if (s.empty() || s == "region" || s == "wilayah") return GroupBy::kRegion;
  if (s == "batch" || s == "kelas") return GroupBy::kBatch;
  if (s == "facilitator" || s == "fasilitator") return GroupBy::kFacilitator;
  return absl::InvalidArgumentError(
      StrCat("by: \"", s, "\" is not one of region, batch, facilitator"));
}

Figures FiguresOf(const std::vector<const PersonLine*>& people, bool main_is_post) {
  Figures f;
  double pre_sum = 0, post_sum = 0;
  std::vector<assessment::PrePost> pp;
  for (const PersonLine* p : people) {
    const bool any = p->pre || p->post || p->counting.results > 0 || p->scenario.results > 0;
    if (!any) continue;
    ++f.people;
    if (p->pre) {
      ++f.pre_n;
      pre_sum += *p->pre;
    }
    if (p->post) {
      ++f.post_n;
      post_sum += *p->post;
    }
    if (p->pre && p->post) pp.push_back({*p->pre, *p->post});
    if (main_is_post ? p->post.has_value() : p->pre.has_value()) {
      ++f.main_n;
      f.passed += p->passed;
      f.remedial += p->remedial;
      f.late += p->late;
    }
    SumPractice(f.counting, p->counting);
    SumPractice(f.scenario, p->scenario);
  }
  if (f.pre_n) f.mean_pre = pre_sum / static_cast<double>(f.pre_n);
  if (f.post_n) f.mean_post = post_sum / static_cast<double>(f.post_n);
  if (f.main_n) {
    f.pass_rate = 100.0 * static_cast<double>(f.passed) / static_cast<double>(f.main_n);
  }
  auto g = assessment::SummarizeGain(pp);
  if (g.ok()) f.gain = *g;
  return f;
}

namespace {
Figures FiguresWithPass(const std::vector<const PersonLine*>& people, const TestPair& pair) {
  return FiguresOf(people, pair.post.has_value());
}
}  // namespace

// --- Tests --------------------------------------------------------------------------------------

namespace {

StatusOr<TestPair> PairIn(store::TestStore& ts, const Scope& visible, int64_t test_id) {
  ASSIGN_OR_RETURN(auto all, ts.ListTests(0, kAllKeysHi));  // newest first
  std::vector<TestRow> seen;
  for (auto& t : all) {
    if (Overlaps(visible, t)) seen.push_back(std::move(t));
  }
  TestPair pair;
  const TestRow* chosen = nullptr;
  if (test_id == 0) {
    for (const auto& t : seen) {
      if (t.kind == store::TestKind::kPost) {
        chosen = &t;
        break;
      }
    }
    if (chosen == nullptr && !seen.empty()) chosen = &seen.front();
    if (chosen == nullptr) return pair;
  } else {
    for (const auto& t : seen) {
      if (t.id == test_id) chosen = &t;
    }
    if (chosen == nullptr) {
      ASSIGN_OR_RETURN(auto t, ts.GetTest(test_id));
      if (!t) return absl::NotFoundError(StrCat("test ", test_id));
      return absl::PermissionDeniedError(StrCat("test ", test_id, " is for ",
                                                ScopeFor(t->scope).ToString(), ", outside ",
                                                visible.ToString()));
    }
  }
  if (chosen->kind == store::TestKind::kPost) {
    pair.post = *chosen;
    if (chosen->pre_test_id != 0) {
      ASSIGN_OR_RETURN(pair.pre, ts.GetTest(chosen->pre_test_id));
    }
  } else {
    pair.pre = *chosen;
    for (const auto& t : seen) {
      if (t.kind == store::TestKind::kPost && t.pre_test_id == chosen->id) {
        pair.post = t;
        break;
      }
    }
  }
  return pair;
}

}  // namespace

StatusOr<TestPair> ResultsReports::Pair(const store::UserRow& user, int64_t test_id) {
  if (user.role == store::UserRole::kParticipant || !user.active) {
    return absl::PermissionDeniedError("participants see only their own results");
  }
  return PairIn(test_store_, ScopeOf(user), test_id);
}

StatusOr<std::map<int64_t, PersonLine>> ResultsReports::Collect(const TestPair& pair,
                                                                const Scope& scope) {
  std::map<int64_t, PersonLine> people;
  const auto [lo, hi] = RangeOf(scope);
  auto scan = [&](const TestRow& t, bool pre, bool main) -> Status {
    return test_store_.ScanAttempts({t.id, lo, hi}, [&](const store::TestAttempt& a) -> Status {
      PersonLine& line = people[a.person_id];
      line.person_id = a.person_id;
      line.region_key = a.region_key;
      (pre ? line.pre : line.post) = Percent(a);
      if (main) {
        const AttemptResult r = Tests::Describe(t, a, false);
        line.passed = r.score.passed;
        line.remedial = r.score.remedial;
        line.late = a.late;
      }
      return absl::OkStatus();
    });
  };
  if (pair.pre) RETURN_IF_ERROR(scan(*pair.pre, true, !pair.post));
  if (pair.post) RETURN_IF_ERROR(scan(*pair.post, false, true));
  for (auto& [id, line] : people) SetScores(line);
  return people;
}

Status ResultsReports::AddPractice(const Scope& scope, std::map<int64_t, PersonLine>& people) {
  if (practice_ == nullptr || accounts_ == nullptr) return absl::OkStatus();
  store::ResultQuery q;
  std::tie(q.region_lo, q.region_hi) = RangeOf(scope);
  ASSIGN_OR_RETURN(auto groups, practice_->Aggregate(q, 0));
  std::unordered_map<int64_t, std::optional<store::UserRow>> users;
  for (const store::ResultGroup& g : groups) {
    auto it = users.find(g.key);
    if (it == users.end()) {
      ASSIGN_OR_RETURN(auto u, accounts_->FindUserById(g.key));
      it = users.emplace(g.key, std::move(u)).first;
    }
    // Only participants' practice counts beside the tests: staff practising are not trainees.
    const auto& u = it->second;
    if (!u || u->role != store::UserRole::kParticipant || u->person_id == 0) continue;
    PersonLine& line = people[u->person_id];
    line.person_id = u->person_id;
    if (line.region_key == 0) line.region_key = store::RegionKey(u->scope);
    AddPracticeGroup(g.kind == store::PracticeKind::kCounting ? line.counting : line.scenario, g);
  }
  return absl::OkStatus();
}

// --- Batches ------------------------------------------------------------------------------------

StatusOr<std::vector<plan::Facilitator>> ResultsReports::FacilitatorsOf(const plan::Batch& b,
                                                                        RegionCode plan_scope) {
  std::set<int64_t> ids;
  for (const plan::Session& s : b.sessions) {
    if (s.facilitator != 0) ids.insert(s.facilitator);
  }
  std::vector<plan::Facilitator> out;
  if (ids.empty()) return out;
  // The planner staffs a plan from the facilitators of its kabupaten/kota (or of its scope
  // when wider): look there.
  const int digits = DigitsOf(plan_scope);
  const RegionCode where = digits > 4 ? plan_scope / Pow10(digits - 4) : plan_scope;
  ASSIGN_OR_RETURN(auto facs, planning_->ListFacilitators(ScopeFor(where)));
  for (int64_t id : ids) {
    auto it = std::find_if(facs.begin(), facs.end(),
                           [id](const plan::Facilitator& f) { return f.id == id; });
    if (it != facs.end()) {
      out.push_back(*it);
    } else {
      plan::Facilitator f;
      f.id = id;
      f.code = StrCat("#", id);
      f.name = StrCat("#", id);
      out.push_back(std::move(f));
    }
  }
  return out;
}

StatusOr<std::vector<BatchInfo>> ResultsReports::BatchesIn(const Scope& scope) {
  if (planning_ == nullptr) return absl::UnavailableError("this server has no planning store");
  // The plans that may hold crews of the scope: those of the country, of the scope's ancestors,
  // of the scope itself and of its regions down to kecamatan (plans are made per kabupaten/kota
  // or smaller). A TPS planned twice belongs to the finer plan's batch.
  std::vector<RegionCode> candidates{0};
  if (!scope.national()) {
    for (RegionCode a : Ancestors(scope.code, scope.digits)) candidates.push_back(a);
    candidates.push_back(scope.code);
  }
  std::vector<RegionCode> stack{scope.national() ? 0 : scope.code};
  while (!stack.empty()) {
    const RegionCode c = stack.back();
    stack.pop_back();
    if (DigitsOf(c) >= 6) continue;
    for (const Region* r : regions_.Children(c)) {
      candidates.push_back(r->code);
      stack.push_back(r->code);
    }
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

  std::map<BatchRef, BatchInfo> batches;
  std::map<TpsCode, std::pair<int, BatchRef>> owner;  // tps -> (plan scope digits, batch)
  for (RegionCode c : candidates) {
    ASSIGN_OR_RETURN(auto plan, planning_->LatestPlan(ScopeFor(c)));
    if (!plan) continue;
    ASSIGN_OR_RETURN(auto list, planning_->PlanBatches(plan->id));
    const int digits = c == 0 ? 0 : DigitsOf(c);
    for (plan::Batch& b : list) {
      const BatchRef ref{c, b.id};
      bool any = false;
      for (TpsCode t : b.crews) {
        if (!scope.Contains(t)) continue;
        auto it = owner.find(t);
        if (it == owner.end() || it->second.first < digits) {
          owner[t] = {digits, ref};
          any = true;
        }
      }
      if (any) batches[ref] = BatchInfo{ref, std::move(b), {}};
    }
  }
  // Keep in each batch only the crews it owns.
  for (auto& [ref, info] : batches) info.batch.crews.clear();
  for (const auto& [tps, o] : owner) batches[o.second].batch.crews.push_back(tps);
  std::vector<BatchInfo> out;
  for (auto& [ref, info] : batches) {
    if (info.batch.crews.empty()) continue;
    ASSIGN_OR_RETURN(info.facilitators, FacilitatorsOf(info.batch, ref.plan_scope));
    out.push_back(std::move(info));
  }
  return out;
}

StatusOr<std::optional<BatchInfo>> ResultsReports::FindBatch(const BatchRef& ref) {
  if (planning_ == nullptr) return absl::UnavailableError("this server has no planning store");
  ASSIGN_OR_RETURN(auto plan, planning_->LatestPlan(ScopeFor(ref.plan_scope)));
  if (!plan) return std::optional<BatchInfo>();
  ASSIGN_OR_RETURN(auto list, planning_->PlanBatches(plan->id));
  for (plan::Batch& b : list) {
    if (b.id != ref.id) continue;
    BatchInfo info{ref, std::move(b), {}};
    ASSIGN_OR_RETURN(info.facilitators, FacilitatorsOf(info.batch, ref.plan_scope));
    return std::optional<BatchInfo>(std::move(info));
  }
  return std::optional<BatchInfo>();
}

StatusOr<std::optional<BatchInfo>> ResultsReports::BatchOfTps(TpsCode tps) {
  if (planning_ == nullptr || tps == 0) return std::optional<BatchInfo>();
  // The finest plan first.
  std::vector<RegionCode> candidates = Ancestors(tps, DigitsOf(tps));
  std::reverse(candidates.begin(), candidates.end());
  candidates.push_back(0);
  for (RegionCode c : candidates) {
    ASSIGN_OR_RETURN(auto plan, planning_->LatestPlan(ScopeFor(c)));
    if (!plan) continue;
    ASSIGN_OR_RETURN(auto list, planning_->PlanBatches(plan->id));
    for (plan::Batch& b : list) {
      if (!std::binary_search(b.crews.begin(), b.crews.end(), tps)) continue;
      BatchInfo info{BatchRef{c, b.id}, std::move(b), {}};
      ASSIGN_OR_RETURN(info.facilitators, FacilitatorsOf(info.batch, c));
      return std::optional<BatchInfo>(std::move(info));
    }
  }
  return std::optional<BatchInfo>();
}

StatusOr<std::optional<plan::Facilitator>> ResultsReports::FacilitatorOf(
    const store::UserRow& user) {
  if (user.role != store::UserRole::kFacilitator || !user.active || planning_ == nullptr) {
    return std::optional<plan::Facilitator>();
  }
  // Codes are looked up as typed and in upper case (how imports write them); the link itself is
  // IsFacilitatorAccount's rule.
  std::string upper = user.username;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const std::string& code : {user.username, upper}) {
    ASSIGN_OR_RETURN(auto f, planning_->FindFacilitatorByCode(code));
    if (f && IsFacilitatorAccount(user, *f)) return f;
  }
  return std::optional<plan::Facilitator>();
}

bool ResultsReports::Teaches(const std::optional<plan::Facilitator>& f, const BatchInfo& b) const {
  if (!f) return false;
  for (const plan::Session& s : b.batch.sessions) {
    if (s.facilitator == f->id) return true;
  }
  return false;
}

StatusOr<std::vector<BatchInfo>> ResultsReports::AssignedBatches(const store::UserRow& user) {
  ASSIGN_OR_RETURN(auto f, FacilitatorOf(user));
  std::vector<BatchInfo> out;
  if (!f) return out;
  // Plans staff from the facilitators of their kabupaten/kota: look there.
  const int digits = DigitsOf(f->home);
  const RegionCode where = digits > 4 ? f->home / Pow10(digits - 4) : f->home;
  ASSIGN_OR_RETURN(auto all, BatchesIn(ScopeFor(where)));
  for (auto& b : all) {
    if (Teaches(f, b)) out.push_back(std::move(b));
  }
  std::sort(out.begin(), out.end(), [](const BatchInfo& a, const BatchInfo& b) {
    if (a.batch.date != b.batch.date) return a.batch.date < b.batch.date;
    return a.ref < b.ref;
  });
  return out;
}

// --- Reports ------------------------------------------------------------------------------------

StatusOr<GroupReport> ResultsReports::ByGroup(const store::UserRow& user, int64_t test_id,
                                              const Scope& scope, GroupBy by) {
  RETURN_IF_ERROR(CheckScope(user, scope));
  GroupReport out;
  ASSIGN_OR_RETURN(out.tests, Pair(user, test_id));
  out.scope = scope;
  out.by = by;
  if (!scope.national()) {
    if (const Region* r = regions_.Find(scope.code)) out.scope_name = r->name;
  }
  ASSIGN_OR_RETURN(auto people, Collect(out.tests, scope));
  RETURN_IF_ERROR(AddPractice(scope, people));
  std::vector<const PersonLine*> all;
  for (const auto& [id, line] : people) all.push_back(&line);
  out.total = FiguresWithPass(all, out.tests);

  if (by == GroupBy::kRegion) {
    const int child_digits = scope.national()    ? 2
                             : scope.digits == 2 ? 4
                             : scope.digits == 4 ? 6
                                                 : 10;
    if (scope.digits >= 10) return out;
    const int64_t divisor = Pow10(10 - child_digits);
    std::map<RegionCode, std::vector<const PersonLine*>> groups;
    for (const PersonLine* p : all) groups[p->region_key / divisor].push_back(p);
    for (const Region* r : regions_.Children(scope.national() ? 0 : scope.code)) {
      GroupRow row;
      row.key = Scope::Of(r->code).ToString();
      row.label = r->name;
      row.region = r->code;
      row.figures = FiguresWithPass(groups[r->code], out.tests);
      out.rows.push_back(std::move(row));
    }
    return out;
  }

  ASSIGN_OR_RETURN(auto batches, BatchesIn(scope));
  std::map<TpsCode, size_t> batch_of;
  for (size_t i = 0; i < batches.size(); ++i) {
    for (TpsCode t : batches[i].batch.crews) batch_of[t] = i;
  }
  std::vector<std::vector<const PersonLine*>> members(batches.size());
  for (auto& [id, line] : people) {
    ASSIGN_OR_RETURN(auto person, registry_.FindPerson(id));
    if (!person) continue;
    line.tps = person->tps;
    line.name = person->name;
    if (auto it = batch_of.find(person->tps); it != batch_of.end()) {
      members[it->second].push_back(&line);
    }
  }
  auto label_of = [&](const BatchInfo& b) {
    std::string kec;
    if (const Region* r = regions_.Find(b.batch.kecamatan)) kec = r->name;
    return StrCat(FormatIsoDate(b.batch.date), " · ", kec, " · ",
                  plan::FormatClock(b.batch.start_min));
  };
  if (by == GroupBy::kBatch) {
    for (size_t i = 0; i < batches.size(); ++i) {
      GroupRow row;
      row.key = BatchRefText(batches[i].ref);
      row.label = label_of(batches[i]);
      row.region = batches[i].batch.kecamatan;
      row.batch = batches[i].ref;
      row.figures = FiguresWithPass(members[i], out.tests);
      out.rows.push_back(std::move(row));
    }
    return out;
  }
  // Per facilitator: the people of every batch they teach a session of.
  std::map<std::string, std::pair<std::string, std::set<const PersonLine*>>> facs;
  for (size_t i = 0; i < batches.size(); ++i) {
    for (const plan::Facilitator& f : batches[i].facilitators) {
      auto& e = facs[f.code];
      e.first = f.name;
      e.second.insert(members[i].begin(), members[i].end());
    }
  }
  for (auto& [code, e] : facs) {
    GroupRow row;
    row.key = code;
    row.label = e.first;
    row.figures = FiguresWithPass({e.second.begin(), e.second.end()}, out.tests);
    out.rows.push_back(std::move(row));
  }
  return out;
}

StatusOr<BatchReport> ResultsReports::Batch(const store::UserRow& user, int64_t test_id,
                                            const BatchRef& ref) {
  if (user.role == store::UserRole::kParticipant || !user.active) {
    return absl::PermissionDeniedError("participants see only their own results");
  }
  ASSIGN_OR_RETURN(auto info, FindBatch(ref));
  if (!info) return absl::NotFoundError(StrCat("batch ", BatchRefText(ref)));
  if (!CanSee(user, info->batch.kecamatan)) {
    ASSIGN_OR_RETURN(auto f, FacilitatorOf(user));
    if (!Teaches(f, *info)) {
      return absl::PermissionDeniedError(StrCat("batch ", BatchRefText(ref), " lies outside ",
                                                ScopeOf(user).ToString(), " of ", user.username));
    }
  }
  BatchReport out;
  out.info = std::move(*info);
  // The tests of the batch's region (a facilitator from elsewhere sees them too).
  ASSIGN_OR_RETURN(out.tests, PairIn(test_store_, Scope::Of(out.info.batch.kecamatan), test_id));
  std::vector<std::unique_ptr<PersonLine>> lines;
  for (TpsCode tps : out.info.batch.crews) {
    ASSIGN_OR_RETURN(auto members, registry_.PeopleAt(Role::kKpps, tps));
    for (const store::PersonRow& p : members) {
      auto line = std::make_unique<PersonLine>();
      line->person_id = p.id;
      line->name = p.name;
      line->tps = p.tps;
      line->region_key = store::RegionKey(p.work_region);
      auto take = [&](const std::optional<TestRow>& t, bool pre, bool main) -> Status {
        if (!t) return absl::OkStatus();
        ASSIGN_OR_RETURN(auto a, test_store_.FindAttempt(t->id, p.id));
        if (!a) return absl::OkStatus();
        (pre ? line->pre : line->post) = Percent(*a);
        if (main) {
          const AttemptResult r = Tests::Describe(*t, *a, false);
          line->passed = r.score.passed;
          line->remedial = r.score.remedial;
          line->late = a->late;
        }
        return absl::OkStatus();
      };
      RETURN_IF_ERROR(take(out.tests.pre, true, !out.tests.post));
      RETURN_IF_ERROR(take(out.tests.post, false, true));
      SetScores(*line);
      if (practice_ != nullptr && accounts_ != nullptr) {
        ASSIGN_OR_RETURN(auto u, accounts_->FindUserByPerson(p.id));
        if (u) {
          store::ResultQuery q;
          q.user_id = u->id;
          ASSIGN_OR_RETURN(auto groups, practice_->Aggregate(q, 0));
          for (const auto& g : groups) {
            AddPracticeGroup(
                g.kind == store::PracticeKind::kCounting ? line->counting : line->scenario, g);
          }
        }
      }
      lines.push_back(std::move(line));
    }
  }
  std::vector<const PersonLine*> ptrs;
  for (const auto& l : lines) ptrs.push_back(l.get());
  out.total = FiguresWithPass(ptrs, out.tests);
  for (auto& l : lines) out.people.push_back(std::move(*l));
  return out;
}

StatusOr<PersonReport> ResultsReports::Person(const store::UserRow& user, int64_t person_id) {
  ASSIGN_OR_RETURN(auto person, registry_.FindPerson(person_id));
  if (!person) return absl::NotFoundError(StrCat("person ", person_id));
  PersonReport out;
  out.person = std::move(*person);
  const RegionCode where = out.person.tps != 0 ? out.person.tps : out.person.work_region;
  const bool self = user.role == store::UserRole::kParticipant && user.active &&
                    user.person_id == person_id && person_id != 0;
  bool batch_read = false;
  if (!self) {
    if (user.role == store::UserRole::kParticipant) {
      return absl::PermissionDeniedError("participants see only their own results");
    }
    if (!CanSee(user, where)) {
      // Beyond their region, a facilitator sees the people of the batches they teach.
      ASSIGN_OR_RETURN(auto f, FacilitatorOf(user));
      if (f) {
        ASSIGN_OR_RETURN(out.batch, BatchOfTps(out.person.tps));
        batch_read = true;
      }
      if (!out.batch || !Teaches(f, *out.batch)) {
        return absl::PermissionDeniedError(StrCat("person ", person_id, " works outside ",
                                                  ScopeOf(user).ToString(), " of ", user.username));
      }
    }
  }
  if (!batch_read) {
    ASSIGN_OR_RETURN(out.batch, BatchOfTps(out.person.tps));
  }
  ASSIGN_OR_RETURN(auto all, test_store_.ListTests(0, kAllKeysHi));
  std::reverse(all.begin(), all.end());  // oldest first
  for (const TestRow& t : all) {
    if (t.scope != 0 && !Scope::Of(t.scope).Contains(out.person.work_region)) continue;
    ASSIGN_OR_RETURN(auto a, test_store_.FindAttempt(t.id, person_id));
    if (!a) continue;
    PersonTest pt;
    ASSIGN_OR_RETURN(pt.test, tests_.Load(t.id));
    pt.attempt = Tests::Describe(pt.test->test, *a, false);
    if (t.pre_test_id != 0) {
      ASSIGN_OR_RETURN(auto pre, test_store_.FindAttempt(t.pre_test_id, person_id));
      if (pre) {
        pt.pre_percent = Percent(*pre);
        ASSIGN_OR_RETURN(auto g, assessment::NormalizedGain(*pt.pre_percent, Percent(*a)));
        pt.gain = g;
        pt.gain_undefined = !g.has_value();
      }
    }
    const size_t f = static_cast<size_t>(a->form);
    if (a->form >= 0 && f < pt.test->forms.size()) {
      auto given = assessment::UnpackAnswers(pt.test->ptr[f], a->answers);
      auto scored = assessment::ScorePacked(pt.test->ptr[f], a->answers);
      if (given.ok() && scored.ok()) {
        for (size_t p = 0; p < pt.test->forms[f].size(); ++p) {
          pt.items.push_back({&pt.test->forms[f][p], (*given)[p], (*scored)[p] != 0});
        }
      }
    }
    out.tests.push_back(std::move(pt));
  }
  if (practice_ != nullptr && accounts_ != nullptr) {
    ASSIGN_OR_RETURN(auto u, accounts_->FindUserByPerson(person_id));
    if (u) {
      store::ResultQuery q;
      q.user_id = u->id;
      ASSIGN_OR_RETURN(out.practice, practice_->ListResults(q, 50));
      ASSIGN_OR_RETURN(auto groups, practice_->Aggregate(q, 0));
      for (const auto& g : groups) {
        AddPracticeGroup(g.kind == store::PracticeKind::kCounting ? out.counting : out.scenario, g);
      }
    }
  }
  return out;
}

StatusOr<ItemReport> ResultsReports::Items(const store::UserRow& user, int64_t test_id,
                                           const Scope& scope) {
  RETURN_IF_ERROR(CheckScope(user, scope));
  ItemReport out;
  out.scope = scope;
  ASSIGN_OR_RETURN(out.results, tests_.Results(user, test_id, scope.national() ? 0 : scope.code, 0,
                                               false, true));
  ASSIGN_OR_RETURN(out.test, tests_.Load(test_id));
  const LoadedTest& lt = *out.test;
  // The same columns as Tests::Results: each distinct item version, in first-seen form order.
  std::map<std::string, size_t> column;
  std::vector<std::vector<size_t>> form_cols(lt.forms.size());
  for (size_t f = 0; f < lt.forms.size(); ++f) {
    for (const auto& q : lt.forms[f]) {
      auto [it, fresh] = column.emplace(StrCat(q.id, "@", q.version), column.size());
      if (fresh) out.questions.push_back(&q);
      form_cols[f].push_back(it->second);
    }
  }
  const size_t n = out.questions.size();
  out.options.resize(n);
  std::vector<std::vector<int>> chosen(n), totals(n);
  for (size_t c = 0; c < n; ++c) {
    const questions::Question& q = *out.questions[c];
    ItemOptions& o = out.options[c];
    o.item = StrCat(q.id, "@", q.version);
    for (const auto& ch : q.options) o.option_ids.push_back(ch.id);
    o.key = q.key;
    o.counts.all.assign(q.options.size(), 0);
  }
  const auto [lo, hi] = RangeOf(scope);
  RETURN_IF_ERROR(
      test_store_.ScanAttempts({test_id, lo, hi}, [&](const store::TestAttempt& a) -> Status {
        const size_t f = static_cast<size_t>(a.form);
        if (a.form < 0 || f >= lt.forms.size()) return absl::OkStatus();
        auto given = assessment::UnpackAnswers(lt.ptr[f], a.answers);
        if (!given.ok()) return absl::OkStatus();  // a row of another shape: counted nowhere
        for (size_t p = 0; p < lt.forms[f].size(); ++p) {
          const size_t c = form_cols[f][p];
          const questions::Question& q = lt.forms[f][p];
          const auto& g = (*given)[p];
          if (q.type == questions::ItemType::kMatching) continue;
          int pick = -1;
          for (const std::string& id : g) {
            for (size_t k = 0; k < q.options.size(); ++k) {
              if (q.options[k].id == id) {
                pick = static_cast<int>(k);
                if (q.type == questions::ItemType::kMultiple) ++out.options[c].counts.all[k];
              }
            }
          }
          if (q.type == questions::ItemType::kMultiple) {
            if (g.empty()) ++out.options[c].counts.omitted;
            continue;
          }
          chosen[c].push_back(g.empty() ? -1 : pick);
          totals[c].push_back(a.correct);
        }
        return absl::OkStatus();
      }));
  for (size_t c = 0; c < n; ++c) {
    const questions::Question& q = *out.questions[c];
    if (q.type == questions::ItemType::kMultiple || q.type == questions::ItemType::kMatching) {
      continue;
    }
    assessment::ItemStats s;
    RETURN_IF_ERROR(assessment::AnalyzeOptions(chosen[c], totals[c],
                                               static_cast<int>(q.options.size()), 0.27, s));
    out.options[c].counts = s.options;
  }
  return out;
}

// --- JSON ---------------------------------------------------------------------------------------

namespace {

nlohmann::ordered_json Opt(const std::optional<double>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json PracticeJson(const PracticeFigures& p) {
  return {{"results", p.results},
          {"people", p.people},
          {"score", p.score},
          {"max_score", p.max_score},
          {"accuracy", Opt(p.accuracy())}};
}

nlohmann::ordered_json TestRef(const std::optional<TestRow>& t) {
  if (!t) return nullptr;
  return {{"id", t->id},
          {"name", t->name},
          {"kind", t->kind == store::TestKind::kPre ? "pre" : "post"},
          {"pass_mark", t->pass_mark},
          {"remedial_mark", t->remedial_mark}};
}

nlohmann::ordered_json PairJson(const TestPair& p) {
  return {{"pre", TestRef(p.pre)}, {"post", TestRef(p.post)}};
}

nlohmann::ordered_json BatchJson(const BatchInfo& b) {
  nlohmann::ordered_json j;
  j["batch"] = BatchRefText(b.ref);
  j["date"] = FormatIsoDate(b.batch.date);
  j["start"] = plan::FormatClock(b.batch.start_min);
  j["end"] = plan::FormatClock(b.batch.end_min);
  j["kecamatan"] = Scope::Of(b.batch.kecamatan).ToString();
  j["venue"] = b.batch.venue;
  j["crews"] = nlohmann::ordered_json::array();
  for (TpsCode t : b.batch.crews) j["crews"].push_back(std::to_string(t));
  j["facilitators"] = nlohmann::ordered_json::array();
  for (const auto& f : b.facilitators) {
    j["facilitators"].push_back({{"code", f.code}, {"name", f.name}});
  }
  return j;
}

nlohmann::ordered_json LineJson(const PersonLine& p) {
  return {{"person", p.person_id},
          {"name", p.name},
          {"tps", p.tps ? nlohmann::ordered_json(std::to_string(p.tps)) : nullptr},
          {"pre", Opt(p.pre)},
          {"post", Opt(p.post)},
          {"passed", p.passed},
          {"remedial", p.remedial},
          {"late", p.late},
          {"gain", Opt(p.gain)},
          {"gain_undefined", p.gain_undefined},
          {"counting", PracticeJson(p.counting)},
          {"scenario", PracticeJson(p.scenario)}};
}

}  // namespace

nlohmann::ordered_json FiguresJson(const Figures& f) {
  nlohmann::ordered_json j;
  j["people"] = f.people;
  j["pre"] = {{"n", f.pre_n}, {"mean", Opt(f.mean_pre)}};
  j["post"] = {{"n", f.post_n}, {"mean", Opt(f.mean_post)}};
  j["main_n"] = f.main_n;
  j["passed"] = f.passed;
  j["remedial"] = f.remedial;
  j["late"] = f.late;
  j["pass_rate"] = Opt(f.pass_rate);
  const auto& g = f.gain;
  j["gain"] = {{"n", g.n},
               {"mean_pre", g.mean_pre},
               {"mean_post", g.mean_post},
               {"gain_of_means", Opt(g.gain_of_means)},
               {"mean_of_gains", Opt(g.mean_of_gains)},
               {"n_undefined", g.n_undefined},
               {"low", g.n_low},
               {"medium", g.n_medium},
               {"high", g.n_high}};
  j["counting"] = PracticeJson(f.counting);
  j["scenario"] = PracticeJson(f.scenario);
  return j;
}

nlohmann::ordered_json GroupReportJson(const GroupReport& r) {
  nlohmann::ordered_json j;
  j["tests"] = PairJson(r.tests);
  j["scope"] = r.scope.ToString();
  j["scope_name"] = r.scope_name;
  j["by"] = std::string(GroupByName(r.by));
  j["total"] = FiguresJson(r.total);
  j["rows"] = nlohmann::ordered_json::array();
  for (const auto& row : r.rows) {
    j["rows"].push_back(
        {{"key", row.key}, {"label", row.label}, {"figures", FiguresJson(row.figures)}});
  }
  return j;
}

nlohmann::ordered_json BatchReportJson(const BatchReport& r) {
  nlohmann::ordered_json j;
  j["tests"] = PairJson(r.tests);
  j["batch"] = BatchJson(r.info);
  j["total"] = FiguresJson(r.total);
  j["people"] = nlohmann::ordered_json::array();
  for (const auto& p : r.people) j["people"].push_back(LineJson(p));
  return j;
}

nlohmann::ordered_json PersonReportJson(const PersonReport& r) {
  nlohmann::ordered_json j;
  j["person"] = r.person.id;
  j["name"] = r.person.name;
  j["tps"] = r.person.tps ? nlohmann::ordered_json(std::to_string(r.person.tps)) : nullptr;
  j["batch"] = r.batch ? BatchJson(*r.batch) : nlohmann::ordered_json(nullptr);
  j["tests"] = nlohmann::ordered_json::array();
  for (const auto& t : r.tests) {
    nlohmann::ordered_json e = AttemptJson(t.attempt);
    e["name"] = t.test->test.name;
    e["kind"] = t.test->test.kind == store::TestKind::kPre ? "pre" : "post";
    e["pre_percent"] = Opt(t.pre_percent);
    e["gain"] = Opt(t.gain);
    e["gain_undefined"] = t.gain_undefined;
    e["items"] = nlohmann::ordered_json::array();
    for (const auto& it : t.items) {
      e["items"].push_back({{"id", it.question->id},
                            {"version", it.question->version},
                            {"given", it.given},
                            {"key", it.question->key},
                            {"correct", it.correct},
                            {"explanation", it.question->explanation}});
    }
    j["tests"].push_back(std::move(e));
  }
  j["counting"] = PracticeJson(r.counting);
  j["scenario"] = PracticeJson(r.scenario);
  j["practice"] = nlohmann::ordered_json::array();
  for (const auto& p : r.practice) {
    j["practice"].push_back(
        {{"kind", p.kind == store::PracticeKind::kCounting ? "counting" : "scenario"},
         {"ref", p.ref},
         {"score", p.score},
         {"max_score", p.max_score},
         {"finished", p.finished_unix}});
  }
  return j;
}

nlohmann::ordered_json ItemReportJson(const ItemReport& r) {
  nlohmann::ordered_json j = ResultsJson(r.results);
  j["scope"] = r.scope.ToString();
  if (j.contains("items")) {
    for (size_t i = 0; i < r.options.size() && i < j["items"].size(); ++i) {
      const ItemOptions& o = r.options[i];
      nlohmann::ordered_json opts = nlohmann::ordered_json::array();
      for (size_t k = 0; k < o.option_ids.size(); ++k) {
        nlohmann::ordered_json e{
            {"id", o.option_ids[k]},
            {"key", std::find(o.key.begin(), o.key.end(), o.option_ids[k]) != o.key.end()}};
        e["all"] = k < o.counts.all.size() ? o.counts.all[k] : 0;
        if (k < o.counts.upper.size()) e["upper"] = o.counts.upper[k];
        if (k < o.counts.lower.size()) e["lower"] = o.counts.lower[k];
        opts.push_back(std::move(e));
      }
      j["items"][i]["options"] = std::move(opts);
      j["items"][i]["omitted"] = o.counts.omitted;
    }
  }
  return j;
}

}  // namespace bimtek::service

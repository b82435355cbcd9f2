#include "service/tests.h"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <thread>

#include "base/strings.h"
#include "service/auth.h"
#include "service/questions.h"
#include "store/schema.h"

namespace bimtek::service {

using store::TestAttempt;
using store::TestRow;

namespace {

constexpr char kHex[] = "0123456789abcdef";

std::string Hex(const uint8_t* p, size_t n) {
  std::string out;
  out.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kHex[p[i] >> 4]);
    out.push_back(kHex[p[i] & 15]);
  }
  return out;
}

std::optional<int64_t> ParseInt(std::string_view s) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

Scope ScopeFor(RegionCode c) { return c == 0 ? Scope::National() : Scope::Of(c); }

// Whether the test's region and the user's scope overlap (one contains the other): a regional
// officer sees a national test's results for their region, and tests inside their region.
bool Overlaps(const store::UserRow& u, const TestRow& t) {
  const Scope us = ScopeOf(u);
  if (us.national() || t.scope == 0) return true;
  return us.Contains(t.scope) || Scope::Of(t.scope).Contains(us.code);
}

bool IsStaff(const store::UserRow& u) { return u.role != store::UserRole::kParticipant; }

Status CheckMark(std::string_view what, double v) {
  if (!std::isfinite(v) || v < 0 || v > 100) {
    return absl::InvalidArgumentError(StrCat(what, " must be a percentage from 0 to 100"));
  }
  return absl::OkStatus();
}

}  // namespace

std::optional<KeyParts> ParseAttemptKey(std::string_view key) {
  // v1.TEST.PERSON.FETCHMS.NONCE.MAC
  const auto parts = Split(key, '.');
  if (parts.size() != 6 || parts[0] != "v1") return std::nullopt;
  auto t = ParseInt(parts[1]), p = ParseInt(parts[2]), f = ParseInt(parts[3]);
  if (!t || !p || !f) return std::nullopt;
  return KeyParts{*t, *p, *f};
}

std::string Tests::SignKey(int64_t test_id, int64_t person_id, int64_t fetched_ms,
                           std::string_view nonce) const {
  const std::string body = StrCat("v1.", test_id, ".", person_id, ".", fetched_ms, ".", nonce);
  // The vault's keyed BLAKE2b, with a prefix that no NIK index can share.
  const crypto::BlindIndex mac = vault_->Index(StrCat("bimtek attempt key|", body));
  return StrCat(body, ".", Hex(mac.data(), mac.size()));
}

StatusOr<TestRow> Tests::Create(const store::UserRow& user, const NewTest& n, int64_t now_unix) {
  if (!IsStaff(user)) return absl::PermissionDeniedError("participants cannot create tests");
  // The same rule as the bank editor and the builder page: KPU operators build tests; PPK, PPS
  // and facilitators give and read them.
  if (!MayEditBank(user)) {
    return absl::PermissionDeniedError(StrCat("user ", user.username,
                                              " may not create tests (KPU operators do)"));
  }
  RETURN_IF_ERROR(CheckScope(user, ScopeFor(n.scope)));
  if (Trim(n.name).empty()) return absl::InvalidArgumentError("the test needs a name");
  if (n.closes_unix <= n.opens_unix) {
    return absl::InvalidArgumentError("the window must close after it opens");
  }
  if (n.time_limit_seconds < 0) {
    return absl::InvalidArgumentError("the time limit cannot be negative");
  }
  RETURN_IF_ERROR(CheckMark("the pass mark", n.pass_mark));
  RETURN_IF_ERROR(CheckMark("the remedial mark", n.remedial_mark));
  if (n.remedial_mark > n.pass_mark) {
    return absl::InvalidArgumentError("the remedial mark cannot be above the pass mark");
  }
  if (n.pre_test_id != 0) {
    if (n.kind != store::TestKind::kPost) {
      return absl::InvalidArgumentError("only a post-test names a pre-test");
    }
    ASSIGN_OR_RETURN(auto pre, tests_.GetTest(n.pre_test_id));
    if (!pre) return absl::NotFoundError(StrCat("pre-test ", n.pre_test_id));
    if (pre->kind != store::TestKind::kPre) {
      return absl::InvalidArgumentError(StrCat("test ", n.pre_test_id, " is not a pre-test"));
    }
    if (pre->scope != 0 && (n.scope == 0 || !Scope::Of(pre->scope).Contains(n.scope))) {
      return absl::InvalidArgumentError(StrCat("pre-test ", n.pre_test_id,
                                               " covers another region than this test"));
    }
  }
  ASSIGN_OR_RETURN(assessment::Blueprint bp, assessment::ParseBlueprint(n.blueprint));
  // A new store starts with the starter bank, so that a test can be drawn at once.
  RETURN_IF_ERROR(EnsureStarterBank(bank_, now_unix).status());
  ASSIGN_OR_RETURN(auto bank, bank_.ListQuestions({}, false));
  ASSIGN_OR_RETURN(auto forms, assessment::BuildForms(bp, bank, n.forms, n.seed));
  TestRow t;
  t.name = std::string(Trim(n.name));
  t.kind = n.kind;
  t.scope = n.scope;
  t.batch_id = n.batch_id;
  t.pre_test_id = n.pre_test_id;
  t.opens_unix = n.opens_unix;
  t.closes_unix = n.closes_unix;
  t.time_limit_seconds = n.time_limit_seconds;
  t.pass_mark = n.pass_mark;
  t.remedial_mark = n.remedial_mark;
  t.seed = n.seed;
  t.forms = n.forms;
  t.blueprint = bp;
  t.created_by = user.username;
  t.created_unix = now_unix;
  std::vector<store::TestForm> stored;
  for (size_t f = 0; f < forms.size(); ++f) {
    stored.push_back({static_cast<int>(f), std::move(forms[f])});
  }
  ASSIGN_OR_RETURN(t.id, tests_.CreateTest(t, stored));
  return t;
}

StatusOr<std::vector<TestRow>> Tests::List(const store::UserRow& user) {
  if (!IsStaff(user)) return absl::PermissionDeniedError("participants cannot list tests");
  ASSIGN_OR_RETURN(auto all, tests_.ListTests(0, 9'999'999'999));
  std::vector<TestRow> out;
  for (auto& t : all) {
    if (Overlaps(user, t)) out.push_back(std::move(t));
  }
  return out;
}

StatusOr<std::shared_ptr<const LoadedTest>> Tests::Load(int64_t test_id) {
  if (auto it = cache_.find(test_id); it != cache_.end()) return it->second;
  ASSIGN_OR_RETURN(auto t, tests_.GetTest(test_id));
  if (!t) return absl::NotFoundError(StrCat("test ", test_id));
  ASSIGN_OR_RETURN(auto forms, tests_.GetForms(test_id));
  auto lt = std::make_shared<LoadedTest>();
  lt->test = *t;
  for (const store::TestForm& f : forms) {
    std::vector<questions::Question> items;
    for (const assessment::FormItem& fi : f.items) {
      ASSIGN_OR_RETURN(auto q, bank_.GetQuestion(fi.id, fi.version));
      if (!q) return absl::InternalError(StrCat("test ", test_id, ": item ", fi.id, " version ",
                                                fi.version, " is not in the bank"));
      items.push_back(std::move(*q));
    }
    lt->forms.push_back(std::move(items));
  }
  for (const auto& items : lt->forms) {
    std::vector<const questions::Question*> p;
    for (const auto& q : items) p.push_back(&q);
    lt->ptr.push_back(std::move(p));
  }
  if (lt->forms.empty()) return absl::InternalError(StrCat("test ", test_id, " has no forms"));
  cache_[test_id] = lt;
  return std::shared_ptr<const LoadedTest>(lt);
}

StatusOr<store::PersonRow> Tests::ParticipantPerson(const store::UserRow& user, const TestRow& t) {
  if (user.role != store::UserRole::kParticipant || user.person_id == 0) {
    return absl::PermissionDeniedError("only participants take tests");
  }
  ASSIGN_OR_RETURN(auto person, registry_.FindPerson(user.person_id));
  if (!person) return absl::NotFoundError(StrCat("person ", user.person_id));
  if (t.scope != 0 && !Scope::Of(t.scope).Contains(person->work_region)) {
    return absl::PermissionDeniedError(
        StrCat("test ", t.id, " is for ", Scope::Of(t.scope).ToString(), ", not for this person"));
  }
  return *person;
}

StatusOr<Delivery> Tests::Fetch(const store::UserRow& user, int64_t test_id, int64_t now_ms) {
  if (vault_ == nullptr) return absl::UnavailableError("the server has no key to sign attempts");
  ASSIGN_OR_RETURN(auto lt, Load(test_id));
  ASSIGN_OR_RETURN(store::PersonRow person, ParticipantPerson(user, lt->test));
  Delivery d;
  d.test = lt;
  ASSIGN_OR_RETURN(d.done, tests_.FindAttempt(test_id, person.id));
  const int64_t now_unix = now_ms / 1000;
  if (!d.done) {
    if (now_unix < lt->test.opens_unix) {
      return absl::FailedPreconditionError(StrCat("test ", test_id, " opens later"));
    }
    if (now_unix >= lt->test.closes_unix) {
      return absl::FailedPreconditionError(StrCat("test ", test_id, " has closed"));
    }
  }
  d.form = assessment::FormOf(lt->test.seed, person.id, static_cast<int>(lt->forms.size()));
  d.order = assessment::OrderFor(lt->test.seed, person.id, lt->ptr[static_cast<size_t>(d.form)]);
  uint8_t nonce[8];
  randombytes_buf(nonce, sizeof nonce);
  d.fetched_ms = now_ms;
  d.key = SignKey(test_id, person.id, now_ms, Hex(nonce, sizeof nonce));
  return d;
}

StatusOr<TestAttempt> Tests::Prepare(const LoadedTest& lt, const store::PersonRow& person, int form,
                                    const Answers& answers) {
  const auto& items = lt.ptr[static_cast<size_t>(form)];
  std::vector<assessment::GivenAnswer> given(items.size());
  size_t matched = 0;
  for (size_t p = 0; p < items.size(); ++p) {
    if (auto it = answers.find(items[p]->id); it != answers.end()) {
      given[p] = it->second;
      ++matched;
    }
  }
  if (matched != answers.size()) {
    for (const auto& [id, a] : answers) {
      bool found = false;
      for (const auto* q : items) found = found || q->id == id;
      if (!found) {
        return absl::InvalidArgumentError(StrCat("item ", id, " is not in this test's form"));
      }
    }
  }
  TestAttempt row;
  row.test_id = lt.test.id;
  row.person_id = person.id;
  row.region_key = store::RegionKey(person.work_region);
  row.form = form;
  ASSIGN_OR_RETURN(row.answers, assessment::PackAnswers(items, given));
  ASSIGN_OR_RETURN(auto scored, assessment::ScorePacked(items, row.answers));
  for (uint8_t s : scored) row.correct += s;
  row.presented = static_cast<int>(items.size());
  return row;
}

void Tests::Submit(const store::UserRow& user, int64_t test_id, std::string_view key,
                   const Answers& answers, int64_t now_ms, Done done) {
  auto prepared = [&]() -> StatusOr<std::pair<TestAttempt, std::shared_ptr<const LoadedTest>>> {
    if (vault_ == nullptr || writer_ == nullptr) {
      return absl::UnavailableError("the server takes no test submits (no key or writer)");
    }
    const auto parts = ParseAttemptKey(key);
    if (!parts || parts->test_id != test_id) {
      return absl::InvalidArgumentError("the attempt key is not one of this test");
    }
    const std::string_view body = key.substr(0, key.rfind('.'));
    const std::string_view nonce = body.substr(body.rfind('.') + 1);
    if (SignKey(parts->test_id, parts->person_id, parts->fetched_ms, nonce) != key) {
      return absl::InvalidArgumentError("the attempt key is not valid (not signed by this server)");
    }
    ASSIGN_OR_RETURN(auto lt, Load(test_id));
    ASSIGN_OR_RETURN(store::PersonRow person, ParticipantPerson(user, lt->test));
    if (person.id != parts->person_id) {
      return absl::InvalidArgumentError("the attempt key belongs to another participant");
    }
    const int form = assessment::FormOf(lt->test.seed, person.id,
                                        static_cast<int>(lt->forms.size()));
    ASSIGN_OR_RETURN(TestAttempt row, Prepare(*lt, person, form, answers));
    row.idem_key = std::string(key);
    row.fetched_ms = parts->fetched_ms;
    row.submitted_ms = now_ms;
    row.source = store::AttemptSource::kOnline;
    // Late: after the window closed, or over the time limit counted from the fetch (with a
    // grace of 30 s for the network).
    const TestRow& t = lt->test;
    row.late = now_ms >= t.closes_unix * 1000 ||
               (t.time_limit_seconds > 0 &&
                now_ms - parts->fetched_ms > (t.time_limit_seconds + 30) * 1000);
    return std::make_pair(std::move(row), lt);
  }();
  if (!prepared.ok()) {
    done(prepared.status());
    return;
  }
  auto lt = prepared->second;
  writer_->Submit(std::move(prepared->first),
                  [lt, done = std::move(done)](StatusOr<store::SubmitOutcome> r) {
                    if (!r.ok()) {
                      done(r.status());
                      return;
                    }
                    done(Describe(lt->test, r->row, r->duplicate));
                  });
}

StatusOr<AttemptResult> Tests::EnterPaper(const store::UserRow& staff, int64_t test_id,
                                          int64_t person_id, int form, const Answers& answers,
                                          int64_t now_ms) {
  if (!IsStaff(staff)) return absl::PermissionDeniedError("participants cannot enter sheets");
  ASSIGN_OR_RETURN(auto lt, Load(test_id));
  ASSIGN_OR_RETURN(auto person, registry_.FindPerson(person_id));
  if (!person) return absl::NotFoundError(StrCat("person ", person_id));
  RETURN_IF_ERROR(CheckScope(staff, Scope::Of(person->work_region)));
  if (lt->test.scope != 0 && !Scope::Of(lt->test.scope).Contains(person->work_region)) {
    return absl::InvalidArgumentError(
        StrCat("person ", person_id, " works outside test ", test_id, "'s region"));
  }
  if (form < 0 || form >= static_cast<int>(lt->forms.size())) {
    return absl::InvalidArgumentError(StrCat("test ", test_id, " has no form ", form));
  }
  ASSIGN_OR_RETURN(TestAttempt row, Prepare(*lt, *person, form, answers));
  row.idem_key = StrCat("paper.", test_id, ".", person_id);
  row.submitted_ms = now_ms;
  row.source = store::AttemptSource::kPaper;
  row.entered_by = staff.username;
  if (writer_ != nullptr) {
    ASSIGN_OR_RETURN(auto out, writer_->SubmitAndWait(std::move(row)));
    return Describe(lt->test, out.row, out.duplicate);
  }
  ASSIGN_OR_RETURN(int64_t n, tests_.InsertAttempts({row}));
  ASSIGN_OR_RETURN(auto stored, tests_.FindAttempt(test_id, person_id));
  if (!stored) return absl::InternalError("the paper attempt was not stored");
  return Describe(lt->test, *stored, n == 0);
}

AttemptResult Tests::Describe(const TestRow& t, const TestAttempt& a, bool duplicate) {
  AttemptResult r;
  r.row = a;
  r.duplicate = duplicate;
  auto s = assessment::ScoreAttempt(a.correct, a.presented, t.pass_mark, t.remedial_mark);
  if (s.ok()) r.score = *s;
  return r;
}

StatusOr<TestResults> Tests::Results(const store::UserRow& user, int64_t test_id,
                                     RegionCode region, int64_t divisor, bool with_people,
                                     bool with_items) {
  if (!IsStaff(user)) return absl::PermissionDeniedError("participants see only their result");
  ASSIGN_OR_RETURN(auto lt, Load(test_id));
  if (!Overlaps(user, lt->test)) {
    return absl::PermissionDeniedError(
        StrCat("test ", test_id, " is for ", ScopeFor(lt->test.scope).ToString(),
               ", outside the scope of ", user.username));
  }
  const Scope scope = region == 0 ? ScopeOf(user) : ScopeFor(region);
  RETURN_IF_ERROR(CheckScope(user, scope));
  store::AttemptQuery q;
  q.test_id = test_id;
  if (!scope.national()) std::tie(q.region_lo, q.region_hi) = store::KeyRange(scope);

  // The scans run in parts on their own threads and connections (the national post-test is
  // millions of rows); each part accumulates sufficient statistics, merged at the end.
  const int parts = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));

  // Pre-test scores of the same people, for the gain: by person id in a dense array when the
  // ids are dense (store row ids are), else in a hash map.
  std::vector<std::vector<std::pair<int64_t, double>>> pre_parts(static_cast<size_t>(parts));
  if (lt->test.pre_test_id != 0) {
    store::AttemptQuery pq = q;
    pq.test_id = lt->test.pre_test_id;
    RETURN_IF_ERROR(tests_
                        .ScanAttemptViews(pq, parts,
                                          [&](int part, const store::AttemptView& a) {
                                            pre_parts[static_cast<size_t>(part)].emplace_back(
                                                a.person_id,
                                                a.presented ? 100.0 * a.correct / a.presented : 0);
                                            return absl::OkStatus();
                                          })
                        .status());
  }
  int64_t pre_count = 0, pre_max = -1;
  bool pre_nonneg = true;
  for (const auto& v : pre_parts) {
    pre_count += static_cast<int64_t>(v.size());
    for (const auto& [id, pct] : v) {
      pre_max = std::max(pre_max, id);
      pre_nonneg = pre_nonneg && id >= 0;
    }
  }
  std::vector<double> pre_dense;
  std::unordered_map<int64_t, double> pre_map;
  const bool dense = pre_nonneg && pre_max < 4 * pre_count + 1'000'000;
  if (dense) {
    pre_dense.assign(static_cast<size_t>(pre_max + 1), std::nan(""));
    for (const auto& v : pre_parts)
      for (const auto& [id, pct] : v) pre_dense[static_cast<size_t>(id)] = pct;
  } else {
    for (const auto& v : pre_parts)
      for (const auto& [id, pct] : v) pre_map[id] = pct;
  }
  pre_parts.clear();
  auto pre_of = [&](int64_t person) -> std::optional<double> {
    if (dense) {
      if (person < 0 || person > pre_max) return std::nullopt;
      const double v = pre_dense[static_cast<size_t>(person)];
      return std::isnan(v) ? std::nullopt : std::optional<double>(v);
    }
    auto it = pre_map.find(person);
    return it == pre_map.end() ? std::nullopt : std::optional<double>(it->second);
  };

  TestResults out;
  out.test = lt->test;
  // Item columns: every distinct item version of every form.
  std::map<std::string, size_t> column;
  std::vector<std::vector<size_t>> form_cols(lt->forms.size());
  std::vector<assessment::PackedScorer> scorers;
  for (size_t f = 0; f < lt->forms.size(); ++f) {
    for (const auto& qn : lt->forms[f]) {
      const std::string id = StrCat(qn.id, "@", qn.version);
      auto [it, fresh] = column.emplace(id, column.size());
      if (fresh) out.item_ids.push_back(id);
      form_cols[f].push_back(it->second);
    }
    scorers.emplace_back(lt->ptr[f]);
  }

  struct Acc {
    GroupSummary s;
    double sum = 0;
    assessment::GainAccumulator gain;
    void Merge(const Acc& o) {
      s.attempts += o.s.attempts;
      s.passed += o.s.passed;
      s.remedial += o.s.remedial;
      s.late += o.s.late;
      sum += o.sum;
      gain.Merge(o.gain);
    }
  };
  struct Part {
    Acc total;
    std::map<int64_t, Acc> groups;
    std::vector<PersonResult> people;
    assessment::ItemCounts items;
    std::vector<uint64_t> pres, corr;
    explicit Part(size_t k) : items(k), pres(items.words()), corr(items.words()) {}
  };
  std::vector<Part> acc;
  for (int p = 0; p < parts; ++p) acc.emplace_back(with_items ? out.item_ids.size() : 0);
  const TestRow& t = lt->test;
  auto add = [&](Acc& a, const store::AttemptView& v, double pct,
                 const assessment::AttemptScore& sc, const std::optional<double>& pre_pct) {
    ++a.s.attempts;
    a.sum += pct;
    a.s.passed += sc.passed;
    a.s.remedial += sc.remedial;
    a.s.late += v.late;
    return pre_pct ? a.gain.Add(*pre_pct, pct) : absl::OkStatus();
  };
  auto scan = tests_.ScanAttemptViews(q, parts, [&](int part,
                                                    const store::AttemptView& a) -> Status {
    Part& P = acc[static_cast<size_t>(part)];
    ASSIGN_OR_RETURN(const assessment::AttemptScore sc,
                     assessment::ScoreAttempt(a.correct, a.presented, t.pass_mark,
                                              t.remedial_mark));
    const double pct = sc.percent;
    const std::optional<double> pre_pct = pre_of(a.person_id);
    RETURN_IF_ERROR(add(P.total, a, pct, sc, pre_pct));
    if (divisor > 0) RETURN_IF_ERROR(add(P.groups[a.region_key / divisor], a, pct, sc, pre_pct));
    if (with_people) {
      PersonResult p;
      p.person_id = a.person_id;
      p.percent = pct;
      p.passed = sc.passed;
      p.remedial = sc.remedial;
      p.late = a.late;
      if (pre_pct) {
        p.pre_percent = *pre_pct;
        auto g = assessment::NormalizedGain(*pre_pct, pct);
        if (g.ok()) p.gain = *g;
      }
      P.people.push_back(p);
    }
    if (with_items && a.form >= 0 && static_cast<size_t>(a.form) < lt->forms.size()) {
      const size_t f = static_cast<size_t>(a.form);
      const assessment::PackedScorer& sc01 = scorers[f];
      if (a.answers.size() != sc01.packed_size()) {
        return absl::InvalidArgumentError(StrCat("attempt ", a.id, ": packed answers have ",
                                                 a.answers.size(), " bytes; form ", f,
                                                 " needs ", sc01.packed_size()));
      }
      std::fill(P.pres.begin(), P.pres.end(), 0);
      std::fill(P.corr.begin(), P.corr.end(), 0);
      for (size_t i = 0; i < sc01.items(); ++i) {
        const size_t c = form_cols[f][i];
        P.pres[c / 64] |= uint64_t{1} << (c % 64);
        if (sc01.Correct(a.answers, i)) P.corr[c / 64] |= uint64_t{1} << (c % 64);
      }
      P.items.Add(P.pres.data(), P.corr.data());
    }
    return absl::OkStatus();
  });
  RETURN_IF_ERROR(scan.status());
  Part& all = acc[0];
  for (size_t p = 1; p < acc.size(); ++p) {
    all.total.Merge(acc[p].total);
    for (const auto& [k, g] : acc[p].groups) all.groups[k].Merge(g);
    all.people.insert(all.people.end(), acc[p].people.begin(), acc[p].people.end());
    if (with_items) RETURN_IF_ERROR(all.items.Merge(acc[p].items));
  }
  out.people = std::move(all.people);
  auto finish = [&](Acc& a, int64_t key) -> GroupSummary {
    a.s.key = key;
    a.s.mean_percent = a.s.attempts ? a.sum / static_cast<double>(a.s.attempts) : 0;
    if (t.pre_test_id != 0) a.s.gain = a.gain.Summary();
    return a.s;
  };
  out.total = finish(all.total, scope.code);
  for (auto& [k, a] : all.groups) out.groups.push_back(finish(a, k));
  if (with_items && all.items.num_persons() > 0) {
    ASSIGN_OR_RETURN(out.items, assessment::AnalyzeItems(all.items));
  }
  return out;
}

}  // namespace bimtek::service

namespace bimtek::service {

namespace {

nlohmann::ordered_json Opt(const std::optional<double>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json GroupJson(const GroupSummary& g) {
  nlohmann::ordered_json j;
  j["region"] = g.key;
  j["attempts"] = g.attempts;
  j["mean_percent"] = g.mean_percent;
  j["passed"] = g.passed;
  j["remedial"] = g.remedial;
  j["late"] = g.late;
  if (g.gain) {
    const auto& s = *g.gain;
    j["gain"] = {{"n", s.n},
                 {"mean_pre", s.mean_pre},
                 {"mean_post", s.mean_post},
                 {"gain_of_means", Opt(s.gain_of_means)},
                 {"mean_of_gains", Opt(s.mean_of_gains)},
                 {"n_undefined", s.n_undefined},
                 {"low", s.n_low},
                 {"medium", s.n_medium},
                 {"high", s.n_high}};
  }
  return j;
}

}  // namespace

nlohmann::ordered_json TestJson(const TestRow& t) {
  nlohmann::ordered_json j;
  j["id"] = t.id;
  j["name"] = t.name;
  j["kind"] = t.kind == store::TestKind::kPre ? "pre" : "post";
  j["scope"] = t.scope == 0 ? std::string("national") : Scope::Of(t.scope).ToString();
  j["batch"] = t.batch_id ? nlohmann::ordered_json(t.batch_id) : nlohmann::ordered_json(nullptr);
  j["pre_test"] =
      t.pre_test_id ? nlohmann::ordered_json(t.pre_test_id) : nlohmann::ordered_json(nullptr);
  j["opens"] = t.opens_unix;
  j["closes"] = t.closes_unix;
  j["time_limit_minutes"] = t.time_limit_seconds / 60;
  j["pass_mark"] = t.pass_mark;
  j["remedial_mark"] = t.remedial_mark;
  j["seed"] = t.seed;
  j["forms"] = t.forms;
  j["blueprint"] = assessment::FormatBlueprint(t.blueprint);
  j["created_by"] = t.created_by;
  return j;
}

nlohmann::ordered_json AttemptJson(const AttemptResult& r) {
  nlohmann::ordered_json j;
  j["id"] = r.row.id;
  j["test"] = r.row.test_id;
  j["form"] = std::string(1, static_cast<char>('A' + r.row.form));
  j["correct"] = r.row.correct;
  j["presented"] = r.row.presented;
  j["percent"] = r.score.percent;
  j["passed"] = r.score.passed;
  j["remedial"] = r.score.remedial;
  j["late"] = r.row.late;
  j["duplicate"] = r.duplicate;
  j["submitted_ms"] = r.row.submitted_ms;
  return j;
}

nlohmann::ordered_json ResultsJson(const TestResults& r) {
  nlohmann::ordered_json j;
  j["test"] = TestJson(r.test);
  j["total"] = GroupJson(r.total);
  j["groups"] = nlohmann::ordered_json::array();
  for (const auto& g : r.groups) j["groups"].push_back(GroupJson(g));
  if (!r.people.empty()) {
    j["people"] = nlohmann::ordered_json::array();
    for (const auto& p : r.people) {
      j["people"].push_back({{"person", p.person_id},
                             {"percent", p.percent},
                             {"passed", p.passed},
                             {"remedial", p.remedial},
                             {"late", p.late},
                             {"pre_percent", Opt(p.pre_percent)},
                             {"gain", Opt(p.gain)}});
    }
  }
  if (r.items) {
    j["kr20"] = Opt(r.items->kr20);
    j["items"] = nlohmann::ordered_json::array();
    for (size_t i = 0; i < r.items->items.size(); ++i) {
      const auto& s = r.items->items[i];
      nlohmann::ordered_json flags = nlohmann::ordered_json::array();
      for (auto f : assessment::FlagNames(s.flags)) flags.push_back(std::string(f));
      j["items"].push_back({{"id", r.item_ids[i]},
                            {"presented", s.n_presented},
                            {"p", Opt(s.p)},
                            {"rpbis", Opt(s.rpbis)},
                            {"upper_lower", Opt(s.upper_lower)},
                            {"flags", flags}});
    }
  }
  return j;
}

StatusOr<Answers> AnswersFromJson(const nlohmann::json& j) {
  Answers out;
  if (j.is_null()) return out;
  if (!j.is_object()) return absl::InvalidArgumentError("answers must be an object ITEM -> [ids]");
  for (const auto& [item, v] : j.items()) {
    assessment::GivenAnswer a;
    if (v.is_string()) {
      a.push_back(v.get<std::string>());
    } else if (v.is_array()) {
      for (const auto& e : v) {
        if (!e.is_string()) {
          return absl::InvalidArgumentError(StrCat("answers.", item, ": strings expected"));
        }
        a.push_back(e.get<std::string>());
      }
    } else if (!v.is_null()) {
      return absl::InvalidArgumentError(StrCat("answers.", item, ": a string or a list expected"));
    }
    out[item] = std::move(a);
  }
  return out;
}

namespace {

// nlohmann's SAX events for ParseSubmitBody. It never stops early on a content error, so that a
// syntax error later in the body is still reported first, as the tree parser would.
class SubmitSax {
 public:
  using json = nlohmann::json;
  explicit SubmitSax(SubmitBody& out) : out_(out) {}

  bool null() { return Scalar(Kind::kNull, nullptr); }
  bool boolean(bool) { return Scalar(Kind::kOther, nullptr); }
  bool number_integer(json::number_integer_t) { return Scalar(Kind::kOther, nullptr); }
  bool number_unsigned(json::number_unsigned_t) { return Scalar(Kind::kOther, nullptr); }
  bool number_float(json::number_float_t, const json::string_t&) {
    return Scalar(Kind::kOther, nullptr);
  }
  bool string(json::string_t& v) { return Scalar(Kind::kString, &v); }
  bool binary(json::binary_t&) { return Scalar(Kind::kOther, nullptr); }

  bool start_object(std::size_t) {
    if (depth_ == 0) {
      top_object_ = true;
    } else if (depth_ == 1 && member_ == Member::kAnswers) {
      in_answers_ = true;
    } else {
      Content(Kind::kOther);
    }
    ++depth_;
    return true;
  }
  bool end_object() {
    --depth_;
    if (depth_ == 1) in_answers_ = false;
    return true;
  }
  bool key(json::string_t& k) {
    if (depth_ == 1) {
      member_ = k == "key" ? Member::kKey : k == "answers" ? Member::kAnswers : Member::kOther;
    } else if (depth_ == 2 && in_answers_) {
      item_ = k;
    }
    return true;
  }
  bool start_array(std::size_t) {
    if (depth_ == 2 && in_answers_) {
      list_ = &(out_.answers[item_] = assessment::GivenAnswer());
    } else if (depth_ == 3 && list_ != nullptr) {
      AnswerError(StrCat("answers.", item_, ": strings expected"));
    } else {
      Content(Kind::kOther);
    }
    ++depth_;
    return true;
  }
  bool end_array() {
    --depth_;
    if (depth_ == 2) list_ = nullptr;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) {
    // e.what() is "[json.exception.parse_error.101] parse error at line 1, column 9: …".
    std::string_view what = e.what();
    if (auto close = what.find("] "); close != std::string_view::npos) what.remove_prefix(close + 2);
    syntax_ = StrCat("the body is not valid JSON: ", what);
    return false;
  }

  Status Result() const {
    if (!syntax_.empty()) return absl::InvalidArgumentError(syntax_);
    if (!top_object_ || !has_key_) {
      return absl::InvalidArgumentError("the body needs \"key\" (a string)");
    }
    if (!answers_error_.empty()) return absl::InvalidArgumentError(answers_error_);
    return absl::OkStatus();
  }

 private:
  enum class Kind { kNull, kString, kOther };
  enum class Member { kKey, kAnswers, kOther };

  bool Scalar(Kind kind, json::string_t* v) {
    if (depth_ == 1) {
      if (member_ == Member::kKey) {
        has_key_ = kind == Kind::kString;
        if (has_key_) out_.key = std::move(*v);
      } else if (member_ == Member::kAnswers && kind != Kind::kNull) {
        AnswerError("answers must be an object ITEM -> [ids]");
      }
    } else if (depth_ == 2 && in_answers_) {
      assessment::GivenAnswer& a = out_.answers[item_] = assessment::GivenAnswer();
      if (kind == Kind::kString) {
        a.push_back(std::move(*v));
      } else if (kind == Kind::kOther) {
        AnswerError(StrCat("answers.", item_, ": a string or a list expected"));
      }
    } else if (depth_ == 3 && list_ != nullptr) {
      if (kind == Kind::kString) {
        list_->push_back(std::move(*v));
      } else {
        AnswerError(StrCat("answers.", item_, ": strings expected"));
      }
    }
    return true;
  }
  // A nested object or array where the submit has none.
  void Content(Kind) {
    if (depth_ == 1 && member_ == Member::kKey) has_key_ = false;
    if (depth_ == 1 && member_ == Member::kAnswers) {
      AnswerError("answers must be an object ITEM -> [ids]");
    } else if (depth_ == 2 && in_answers_) {
      AnswerError(StrCat("answers.", item_, ": a string or a list expected"));
    } else if (depth_ == 3 && list_ != nullptr) {
      AnswerError(StrCat("answers.", item_, ": strings expected"));
    }
  }
  void AnswerError(std::string m) {
    if (answers_error_.empty()) answers_error_ = std::move(m);
  }

  SubmitBody& out_;
  int depth_ = 0;
  bool top_object_ = false, has_key_ = false, in_answers_ = false;
  Member member_ = Member::kOther;
  std::string item_;
  assessment::GivenAnswer* list_ = nullptr;
  std::string syntax_, answers_error_;
};

}  // namespace

StatusOr<SubmitBody> ParseSubmitBody(std::string_view body) {
  SubmitBody out;
  SubmitSax sax(out);
  nlohmann::json::sax_parse(body.begin(), body.end(), &sax);
  RETURN_IF_ERROR(sax.Result());
  return out;
}

StatusOr<NewTest> NewTestFromJson(const nlohmann::json& j) {
  if (!j.is_object()) return absl::InvalidArgumentError("a test must be a JSON object");
  NewTest n;
  try {
    n.name = j.value("name", "");
    const std::string kind = j.value("kind", "pre");
    if (kind != "pre" && kind != "post") {
      return absl::InvalidArgumentError("kind: \"pre\" or \"post\"");
    }
    n.kind = kind == "pre" ? store::TestKind::kPre : store::TestKind::kPost;
    const std::string scope = j.value("scope", "");
    if (scope != "national") {
      ASSIGN_OR_RETURN(Scope s, ParseScope(scope));
      n.scope = s.code;
    }
    n.batch_id = j.value("batch", int64_t{0});
    n.pre_test_id = j.value("pre_test", int64_t{0});
    n.opens_unix = j.at("opens").get<int64_t>();
    n.closes_unix = j.at("closes").get<int64_t>();
    n.time_limit_seconds = j.value("time_limit_minutes", int64_t{0}) * 60;
    n.pass_mark = j.value("pass_mark", 70.0);
    n.remedial_mark = j.value("remedial_mark", 50.0);
    n.seed = j.value("seed", uint64_t{1});
    n.forms = j.value("forms", 1);
    n.blueprint = j.value("blueprint", "");
  } catch (const nlohmann::json::exception& e) {
    return absl::InvalidArgumentError(StrCat("test definition: ", e.what()));
  }
  return n;
}

}  // namespace bimtek::service

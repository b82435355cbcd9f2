// Synthetic, labelled results for the demo store (service/results.h, GenerateDemoResults).
#include <algorithm>

#include "base/rng.h"
#include "base/strings.h"
#include "service/results.h"
#include "store/schema.h"

namespace bimtek::service {

namespace {

constexpr char kPreName[] = "DEMO (data sintetis) Pra-tes Bimtek KPPS";
constexpr char kPostName[] = "DEMO (data sintetis) Pasca-tes Bimtek KPPS";

// The key of `q` as an answer, or a wrong answer (an option outside the key, drawn from `rng`;
// unanswered for multiple response and matching).
assessment::GivenAnswer AnswerOf(const questions::Question& q, bool right, Rng& rng) {
  if (q.type == questions::ItemType::kMatching) {
    if (!right) return {};
    assessment::GivenAnswer a;
    for (const auto& [l, r] : q.pairs) a.push_back(StrCat(l, "=", r));
    return a;
  }
  if (right) return q.key;
  if (q.type == questions::ItemType::kMultiple) return {};
  std::vector<std::string> wrong;
  for (const auto& o : q.options) {
    if (std::find(q.key.begin(), q.key.end(), o.id) == q.key.end()) wrong.push_back(o.id);
  }
  if (wrong.empty()) return {};
  return {wrong[static_cast<size_t>(rng.Unit() * static_cast<double>(wrong.size()))]};
}

}  // namespace

StatusOr<DemoResultsSummary> GenerateDemoResults(Tests& tests, store::TestStore& test_store,
                                                 store::Store& registry,
                                                 store::ResultStore* practice,
                                                 store::AccountStore* accounts, const Scope& scope,
                                                 uint64_t seed, int64_t now_unix, int max_tps) {
  DemoResultsSummary out;
  ASSIGN_OR_RETURN(auto existing, test_store.ListTests(0, 9'999'999'999));
  for (const auto& t : existing) {
    if (t.name == kPreName) out.pre_test = t.id;
    if (t.name == kPostName) out.post_test = t.id;
  }
  if (out.pre_test != 0 || out.post_test != 0) return out;

  store::UserRow demo;
  demo.username = "demo-sintetis";
  demo.role = store::UserRole::kNationalAdmin;
  NewTest n;
  n.scope = scope.code;
  n.opens_unix = now_unix - 7 * 86400;
  n.closes_unix = now_unix + 30 * 86400;
  n.pass_mark = 70;
  n.remedial_mark = 50;
  n.blueprint = "M1:5,M2:5,M3:5,M4:5";
  n.seed = seed;
  n.name = kPreName;
  n.kind = store::TestKind::kPre;
  ASSIGN_OR_RETURN(auto pre, tests.Create(demo, n, now_unix));
  n.name = kPostName;
  n.kind = store::TestKind::kPost;
  n.pre_test_id = pre.id;
  n.seed = seed + 1;
  ASSIGN_OR_RETURN(auto post, tests.Create(demo, n, now_unix));
  out.created = true;
  out.pre_test = pre.id;
  out.post_test = post.id;

  // The KPPS of the first TPS of the scope.
  std::vector<store::PersonRow> people;
  std::vector<TpsCode> tps;
  RETURN_IF_ERROR(registry.ForEachPerson(scope, [&](const store::PersonRow& p) -> Status {
    if (p.role != Role::kKpps || !p.active || p.tps == 0) return absl::OkStatus();
    if (tps.empty() || tps.back() != p.tps) {
      if (static_cast<int>(tps.size()) >= max_tps) return absl::OkStatus();
      tps.push_back(p.tps);
    }
    people.push_back(p);
    return absl::OkStatus();
  }));

  Rng rng(Rng::Mix(seed, 0xde30));
  for (const store::PersonRow& p : people) {
    // A person's chance of a right answer before, and how much the Bimtek adds to it.
    const double before = 0.3 + 0.5 * rng.Unit();
    const double after = std::min(0.98, before + (1 - before) * (0.2 + 0.6 * rng.Unit()));
    for (const auto& [test, chance] : {std::pair{pre.id, before}, std::pair{post.id, after}}) {
      ASSIGN_OR_RETURN(auto lt, tests.Load(test));
      const int form = assessment::FormOf(lt->test.seed, p.id, static_cast<int>(lt->forms.size()));
      Answers answers;
      for (const auto& q : lt->forms[static_cast<size_t>(form)]) {
        answers[q.id] = AnswerOf(q, rng.Unit() < chance, rng);
      }
      ASSIGN_OR_RETURN(
          auto r, tests.EnterPaper(demo, test, p.id, form, answers, (now_unix - 86400) * 1000));
      out.attempts += r.duplicate ? 0 : 1;
    }
    if (practice == nullptr || accounts == nullptr) continue;
    ASSIGN_OR_RETURN(auto user, accounts->FindUserByPerson(p.id));
    if (!user) continue;
    for (const auto kind : {store::PracticeKind::kCounting, store::PracticeKind::kScenario}) {
      store::PracticeResult r;
      r.user_id = user->id;
      r.region_key = store::RegionKey(user->scope);
      r.kind = kind;
      r.ref = kind == store::PracticeKind::kCounting ? "demo-sintetis-hitung" : "demo-sintetis";
      r.max_score = kind == store::PracticeKind::kCounting ? 40 : 6;
      r.score = static_cast<int64_t>(static_cast<double>(r.max_score) * (0.5 + 0.5 * rng.Unit()));
      r.started_unix = now_unix - 3600;
      r.finished_unix = now_unix - 3000;
      RETURN_IF_ERROR(practice->FinishRun(r).status());
      ++out.practice;
    }
  }
  return out;
}

}  // namespace bimtek::service

// bimtek test create|list|results|paper|synth: pre- and post-tests from the command line
// (docs/cli.md, "test"; formats in docs/assessment.md). The command line acts as a national
// administrator ("cli:<os user>").
#include <time.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "base/rng.h"
#include "base/strings.h"
#include "cli/common.h"
#include "fmt/format.h"
#include "io/sheet.h"
#include "nlohmann/json.hpp"
#include "service/questions.h"
#include "service/tests.h"
#include "store/schema.h"

namespace bimtek::cli {

namespace {

struct TestEnv {
  OpenRegistry reg;
  std::unique_ptr<store::TestStore> tests;
  std::unique_ptr<store::QuestionStore> bank;
  std::unique_ptr<store::AttemptWriter> writer;  // paper sheets only
  std::unique_ptr<service::Tests> service;
};

StatusOr<TestEnv> OpenTests(GlobalOptions& g, bool writer) {
  TestEnv e;
  ASSIGN_OR_RETURN(e.reg, Open(g));
  ASSIGN_OR_RETURN(e.tests, OpenTestsAt(e.reg.db));
  ASSIGN_OR_RETURN(e.bank, OpenQuestionsAt(e.reg.db));
  if (writer) {
    ASSIGN_OR_RETURN(e.writer, OpenAttemptWriterAt(e.reg.db));
  }
  e.service = std::make_unique<service::Tests>(*e.tests, *e.bank, *e.reg.store, e.reg.vault.get(),
                                               e.writer.get());
  return e;
}

store::UserRow CliUser() {
  store::UserRow u;
  const char* who = std::getenv("USER");
  u.username = StrCat("cli:", who ? who : "unknown");
  u.role = store::UserRole::kNationalAdmin;
  return u;
}

int64_t NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// "2024-02-01 08:00" or "2024-02-01T08:00" in WIB (UTC+7), or unix seconds.
StatusOr<int64_t> ParseTime(std::string_view what, const std::string& s) {
  if (!s.empty() && IsAllDigits(s)) return std::stoll(s);
  int y, mo, d, h = 0, mi = 0;
  char sep = ' ';
  if (std::sscanf(s.c_str(), "%d-%d-%d%c%d:%d", &y, &mo, &d, &sep, &h, &mi) < 3 ||
      mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59) {
    return absl::InvalidArgumentError(
        StrCat(what, ": '", s, "' is not a time like 2024-02-01 08:00 (WIB) or unix seconds"));
  }
  struct tm t {};
  t.tm_year = y - 1900;
  t.tm_mon = mo - 1;
  t.tm_mday = d;
  t.tm_hour = h;
  t.tm_min = mi;
  return static_cast<int64_t>(timegm(&t)) - 7 * 3600;
}

struct CreateOpts {
  std::string name, kind = "pre", scope = "national", blueprint, opens, closes;
  int64_t time_limit = 0, pre_test = 0, batch = 0;
  double pass = 70, remedial = 50;
  int forms = 1;
  uint64_t seed = 1;
  bool json = false;
};

int RunCreate(GlobalOptions& g, const CreateOpts& c) {
  service::NewTest n;
  n.name = c.name;
  if (c.kind != "pre" && c.kind != "post") {
    return Fail(absl::InvalidArgumentError("--kind: pre or post"));
  }
  n.kind = c.kind == "pre" ? store::TestKind::kPre : store::TestKind::kPost;
  auto scope = ParseScope(c.scope);
  if (!scope.ok()) return Fail(scope.status());
  n.scope = scope->code;
  auto opens = ParseTime("--opens", c.opens);
  if (!opens.ok()) return Fail(opens.status());
  auto closes = ParseTime("--closes", c.closes);
  if (!closes.ok()) return Fail(closes.status());
  n.opens_unix = *opens;
  n.closes_unix = *closes;
  n.time_limit_seconds = c.time_limit * 60;
  n.pre_test_id = c.pre_test;
  n.batch_id = c.batch;
  n.pass_mark = c.pass;
  n.remedial_mark = c.remedial;
  n.forms = c.forms;
  n.seed = c.seed;
  n.blueprint = c.blueprint;
  auto e = OpenTests(g, false);
  if (!e.ok()) return Fail(e.status());
  if (int rc = CheckScopeExists(g, e->reg, *scope); rc != kExitOk) return rc;
  // A new store starts with the starter bank, so that a test can be drawn at once.
  if (auto loaded = service::EnsureStarterBank(*e->bank, NowUnix()); !loaded.ok()) {
    return Fail(loaded.status());
  }
  auto t = e->service->Create(CliUser(), n, NowUnix());
  if (!t.ok()) return Fail(t.status());
  if (c.json) {
    std::cout << service::TestJson(*t).dump() << "\n";
  } else {
    std::cout << fmt::format("{} {}: {} ({}, {}, {} {})\n", Tr(g, "Tes", "Test"), t->id, t->name,
                             c.kind, t->scope == 0 ? "national" : Scope::Of(t->scope).ToString(),
                             t->forms, Tr(g, "paket soal", "forms"));
  }
  return kExitOk;
}

int RunList(GlobalOptions& g, bool json) {
  auto e = OpenTests(g, false);
  if (!e.ok()) return Fail(e.status());
  auto list = e->service->List(CliUser());
  if (!list.ok()) return Fail(list.status());
  nlohmann::ordered_json j = nlohmann::ordered_json::array();
  for (const auto& t : *list) {
    if (json) {
      j.push_back(service::TestJson(t));
    } else {
      std::cout << fmt::format("{:>6}  {:<4} {:<12} {}\n", t.id,
                               t.kind == store::TestKind::kPre ? "pre" : "post",
                               t.scope == 0 ? "national" : Scope::Of(t.scope).ToString(), t.name);
    }
  }
  if (json) std::cout << nlohmann::ordered_json{{"tests", j}}.dump() << "\n";
  return kExitOk;
}

struct ResultsOpts {
  int64_t test = 0;
  std::string scope = "national", by;
  bool people = false, items = false, json = false;
};

int RunResults(GlobalOptions& g, const ResultsOpts& r) {
  auto scope = ParseScope(r.scope);
  if (!scope.ok()) return Fail(scope.status());
  int64_t divisor = 0;
  if (r.by == "province") divisor = 100'000'000;
  else if (r.by == "kabkota") divisor = 1'000'000;
  else if (r.by == "kecamatan") divisor = 10'000;
  else if (r.by == "desa") divisor = 1;
  else if (!r.by.empty()) {
    return Fail(absl::InvalidArgumentError("--by: province, kabkota, kecamatan or desa"));
  }
  auto e = OpenTests(g, false);
  if (!e.ok()) return Fail(e.status());
  const auto start = std::chrono::steady_clock::now();
  auto res = e->service->Results(CliUser(), r.test, scope->code, divisor, r.people, r.items);
  if (!res.ok()) return Fail(res.status());
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (r.json) {
    std::cout << service::ResultsJson(*res).dump() << "\n";
    return kExitOk;
  }
  const bool en = LangOf(g) == Lang::kEn;
  auto line = [&](const service::GroupSummary& s, const std::string& label) {
    std::string gain = "";
    if (s.gain) {
      gain = fmt::format("  g(means) {}  mean(g) {}",
                         s.gain->gain_of_means ? fmt::format("{:.3f}", *s.gain->gain_of_means) : "-",
                         s.gain->mean_of_gains ? fmt::format("{:.3f}", *s.gain->mean_of_gains) : "-");
    }
    std::cout << fmt::format("{:<14} {:>9} {:>7.1f} {:>9} {:>9} {:>6}{}\n", label, s.attempts,
                             s.mean_percent, s.passed, s.remedial, s.late, gain);
  };
  std::cout << fmt::format("{} {}: {}\n", en ? "Test" : "Tes", res->test.id, res->test.name);
  std::cout << fmt::format("{:<14} {:>9} {:>7} {:>9} {:>9} {:>6}\n", en ? "region" : "wilayah",
                           en ? "attempts" : "peserta", en ? "mean%" : "rerata%",
                           en ? "passed" : "lulus", "remedial", en ? "late" : "telat");
  for (const auto& s : res->groups) line(s, std::to_string(s.key));
  line(res->total, en ? "total" : "jumlah");
  if (res->items) {
    std::cout << fmt::format("KR-20: {}\n",
                             res->items->kr20 ? fmt::format("{:.3f}", *res->items->kr20) : "-");
    for (size_t i = 0; i < res->items->items.size(); ++i) {
      const auto& s = res->items->items[i];
      std::string flags;
      for (auto f : assessment::FlagNames(s.flags)) flags += StrCat(" ", f);
      std::cout << fmt::format("  {:<18} p {:>6} rpbis {:>6} UL {:>6}{}\n", res->item_ids[i],
                               s.p ? fmt::format("{:.3f}", *s.p) : "-",
                               s.rpbis ? fmt::format("{:.3f}", *s.rpbis) : "-",
                               s.upper_lower ? fmt::format("{:.3f}", *s.upper_lower) : "-", flags);
    }
  }
  std::cerr << fmt::format("({:.2f} s)\n", secs);
  return kExitOk;
}

// Paper answer sheets: CSV or XLSX with a header person,form,ITEM,ITEM,...; a cell holds the
// option id(s) separated by '|' ("A", "A|C", "L1=R2|L2=R1"), empty when not answered; form is
// A, B, ... Every row is checked before anything is written.
int RunPaper(GlobalOptions& g, int64_t test, const std::string& file) {
  auto e = OpenTests(g, true);
  if (!e.ok()) return Fail(e.status());
  auto sheet = io::OpenSheet(file);
  if (!sheet.ok()) return Fail(sheet.status());
  std::vector<io::Cell> cells;
  int64_t row_no = 0;
  auto got = (*sheet)->Next(cells, row_no);
  if (!got.ok()) return Fail(got.status());
  if (!*got || cells.size() < 3) {
    return Fail(absl::InvalidArgumentError(StrCat(file, ": the header must be person,form,ITEM,…")));
  }
  std::vector<std::string> head;
  for (const auto& c : cells) head.push_back(c.text);
  if (ToLowerAscii(head[0]) != "person" || ToLowerAscii(head[1]) != "form") {
    return Fail(absl::InvalidArgumentError(StrCat(file, ": the header must start person,form")));
  }
  int entered = 0, repeated = 0;
  const store::UserRow user = CliUser();
  while (true) {
    auto more = (*sheet)->Next(cells, row_no);
    if (!more.ok()) return Fail(more.status());
    if (!*more) break;
    if (cells.empty() || Trim(cells[0].text).empty()) continue;
    const std::string person(Trim(cells[0].text));
    const std::string form(Trim(cells.size() > 1 ? cells[1].text : ""));
    if (!IsAllDigits(person) || form.size() != 1 || form[0] < 'A' || form[0] > 'Z') {
      return Fail(absl::InvalidArgumentError(
          StrCat(file, " row ", row_no, ": person must be a number and form a letter A..Z")));
    }
    service::Answers answers;
    for (size_t c = 2; c < cells.size() && c < head.size(); ++c) {
      for (std::string_view v : Split(Trim(cells[c].text), '|')) {
        if (!Trim(v).empty()) answers[head[c]].push_back(std::string(Trim(v)));
      }
    }
    auto r = e->service->EnterPaper(user, test, std::stoll(person), form[0] - 'A', answers,
                                    NowUnix() * 1000);
    if (!r.ok()) {
      return Fail(absl::Status(r.status().code(),
                               StrCat(file, " row ", row_no, ": ", r.status().message())));
    }
    (r->duplicate ? repeated : entered) += 1;
  }
  std::cout << fmt::format("{}: {} {}, {} {}\n", file, entered,
                           Tr(g, "lembar dimasukkan", "sheets entered"), repeated,
                           Tr(g, "sudah ada (tidak diubah)", "already there (unchanged)"));
  return kExitOk;
}

// Synthetic attempts in bulk for the benchmarks: `count` persons (ids from `first`) in the
// test's scope, each item right with a probability that grows with a person ability.
int RunSynth(GlobalOptions& g, int64_t test, int64_t count, int64_t first, uint64_t seed) {
  auto e = OpenTests(g, false);
  if (!e.ok()) return Fail(e.status());
  auto lt = e->service->Load(test);
  if (!lt.ok()) return Fail(lt.status());
  const store::TestRow& t = (*lt)->test;
  const int64_t key = t.scope == 0 ? 3271011001 : store::RegionKey(t.scope);
  Rng rng(seed);
  const auto start = std::chrono::steady_clock::now();
  int64_t written = 0;
  std::vector<store::TestAttempt> batch;
  for (int64_t i = 0; i < count; ++i) {
    store::TestAttempt a;
    a.test_id = test;
    a.person_id = first + i;
    a.region_key = key;
    a.form = assessment::FormOf(t.seed, a.person_id, t.forms);
    const auto& form = (*lt)->ptr[static_cast<size_t>(a.form)];
    const double ability = rng.Unit();
    std::vector<assessment::GivenAnswer> given(form.size());
    for (size_t p = 0; p < form.size(); ++p) {
      const auto& q = *form[p];
      if (rng.Unit() < 0.3 + 0.6 * ability) {
        if (q.type == questions::ItemType::kMatching) {
          for (const auto& [l, r] : q.pairs) given[p].push_back(StrCat(l, "=", r));
        } else {
          given[p] = q.key;
        }
      } else if (!q.options.empty()) {
        given[p] = {q.options[rng.Below(static_cast<uint32_t>(q.options.size()))].id};
      }
    }
    auto packed = assessment::PackAnswers(form, given);
    if (!packed.ok()) return Fail(packed.status());
    a.answers = std::move(*packed);
    auto s = assessment::ScorePacked(form, a.answers);
    for (uint8_t b : *s) a.correct += b;
    a.presented = static_cast<int>(form.size());
    a.idem_key = StrCat("synth.", test, ".", a.person_id);
    a.submitted_ms = NowUnix() * 1000;
    batch.push_back(std::move(a));
    if (batch.size() == 100'000 || i + 1 == count) {
      auto n = e->tests->InsertAttempts(batch);
      if (!n.ok()) return Fail(n.status());
      written += *n;
      batch.clear();
    }
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << fmt::format("{} attempts written in {:.1f} s\n", written, secs);
  return kExitOk;
}

}  // namespace

void RegisterTest(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand("test", "Pre- and post-tests: create, list, results, paper");
  cmd->require_subcommand(1);

  auto c = std::make_shared<CreateOpts>();
  auto* create = cmd->add_subcommand("create", "Create a test from a blueprint");
  create->add_option("--name", c->name, "Name shown to participants")->required();
  create->add_option("--kind", c->kind, "pre or post");
  create->add_option("--scope", c->scope, "Region whose people take it (32.71) or national");
  create->add_option("--blueprint", c->blueprint, "Items per module/topic: M1:5,M3:10,validity:3")
      ->required();
  create->add_option("--opens", c->opens, "Opening time, 2024-02-01 08:00 (WIB) or unix")
      ->required();
  create->add_option("--closes", c->closes, "Closing time, same forms")->required();
  create->add_option("--time-limit", c->time_limit, "Minutes from the fetch; 0 none");
  create->add_option("--pass", c->pass, "Pass mark, percent (70)");
  create->add_option("--remedial", c->remedial, "Remedial below this percent (50)");
  create->add_option("--forms", c->forms, "Parallel forms, 1 to 26 (1)");
  create->add_option("--seed", c->seed, "Seed of the forms and shuffles (1)");
  create->add_option("--pre-test", c->pre_test, "Post-tests: the pre-test id for the gain");
  create->add_option("--batch", c->batch, "The planner's batch id (optional)");
  create->add_flag("--json", c->json, "Print JSON");
  create->callback([&g, c] { g.exit_code = RunCreate(g, *c); });

  auto lj = std::make_shared<bool>(false);
  auto* list = cmd->add_subcommand("list", "List the tests");
  list->add_flag("--json", *lj, "Print JSON");
  list->callback([&g, lj] { g.exit_code = RunList(g, *lj); });

  auto r = std::make_shared<ResultsOpts>();
  auto* results = cmd->add_subcommand("results", "Scores, pass/fail, gain, item analysis");
  results->add_option("test", r->test, "Test id")->required();
  results->add_option("--scope", r->scope, "Region (default national)");
  results->add_option("--by", r->by, "Group by province, kabkota, kecamatan or desa");
  results->add_flag("--people", r->people, "Per-person results (JSON only)");
  results->add_flag("--items", r->items, "Item analysis (p, rpbis, upper-lower, KR-20)");
  results->add_flag("--json", r->json, "Print JSON");
  results->callback([&g, r] { g.exit_code = RunResults(g, *r); });

  auto pt = std::make_shared<int64_t>(0);
  auto pf = std::make_shared<std::string>();
  auto* paper = cmd->add_subcommand("paper", "Enter paper answer sheets from CSV/XLSX");
  paper->add_option("test", *pt, "Test id")->required();
  paper->add_option("file", *pf, "person,form,ITEM,... file")->required();
  paper->callback([&g, pt, pf] { g.exit_code = RunPaper(g, *pt, *pf); });

  auto st = std::make_shared<int64_t>(0);
  auto sn = std::make_shared<int64_t>(1000);
  auto sf = std::make_shared<int64_t>(1'000'000'000);
  auto ss = std::make_shared<uint64_t>(1);
  auto* synth = cmd->add_subcommand("synth", "Write synthetic attempts (benchmarks)");
  synth->add_option("test", *st, "Test id")->required();
  synth->add_option("--count", *sn, "How many attempts (1000)");
  synth->add_option("--first-person", *sf, "First synthetic person id (1000000000)");
  synth->add_option("--seed", *ss, "Seed (1)");
  synth->callback([&g, st, sn, sf, ss] { g.exit_code = RunSynth(g, *st, *sn, *sf, *ss); });
}

}  // namespace bimtek::cli

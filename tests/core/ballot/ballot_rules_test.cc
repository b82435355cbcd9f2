#include "core/ballot/ballot_rules.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/ballot/ballot_json.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "test_util.h"

// Number of heap allocations so far (alloc_counter.cc replaces operator new).
long AllocationCount();

namespace bimtek::ballot {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using testing::ReadFile;
using testing::ReadJsonLines;
using testing::StatusIs;
using testing::TestData;

// `id` as written in the docs, between backticks.
std::string Quoted(std::string_view id) {
  std::string s(1, '`');
  s.append(id);
  s.push_back('`');
  return s;
}

std::vector<json> Cases() { return ReadJsonLines(TestData("judge_cases.jsonl")); }

RuleOptions OptionsOf(const json& c) {
  RuleOptions o;
  o.stray_outside_invalid = c.value("stray_outside", "ignore") == "invalid";
  return o;
}

// Parses and judges one input line the way `ballot judge` does; returns the output object.
json JudgeLine(BallotParser& parser, const std::string& line, const RuleOptions& options) {
  StatusOr<Ballot> b = parser.Parse(line);
  if (!b.ok()) return json::parse(ErrorToJson(std::string(b.status().message())));
  StatusOr<Verdict> v = Judge(*b, DefaultRules(), options);
  if (!v.ok()) return json::parse(ErrorToJson(std::string(v.status().message())));
  return json::parse(VerdictToJson(*v));
}

TEST(BallotRulesTableTest, EveryCaseOfTheTableFileGetsItsExpectedVerdict) {
  const std::vector<json> cases = Cases();
  ASSERT_GT(cases.size(), 100u);
  BallotParser parser;
  for (const json& c : cases) {
    const std::string name = c.at("case");
    SCOPED_TRACE(name);
    if (c.contains("in")) {
      EXPECT_EQ(JudgeLine(parser, c.at("in").dump(), OptionsOf(c)), c.at("out"));
    } else {
      const json got = JudgeLine(parser, c.at("in_raw"), OptionsOf(c));
      ASSERT_TRUE(got.contains("error")) << got.dump();
      EXPECT_THAT(got.at("error").get<std::string>(),
                  HasSubstr(c.at("error_contains").get<std::string>()));
    }
  }
}

TEST(BallotRulesTableTest, EveryRuleIsExercisedOnEveryBallotTypeItAppliesTo) {
  std::set<std::pair<std::string, std::string>> seen;  // (rule, type)
  for (const json& c : Cases()) {
    if (c.contains("out"))
      seen.insert({c["out"]["rule"].get<std::string>(), c["in"]["type"].get<std::string>()});
  }
  for (const Rule& r : DefaultRules()) {
    for (int t = 0; t < kBallotTypeCount; ++t) {
      const auto type = static_cast<BallotType>(t);
      if ((r.types & TypeBit(type)) == 0) continue;
      EXPECT_TRUE(seen.count({std::string(r.id), std::string(BallotTypeName(type))}))
          << "no case in judge_cases.jsonl for rule " << r.id << " on " << BallotTypeName(type);
    }
  }
}

TEST(BallotRulesTableTest, EveryInvalidReasonIsExercisedOnEveryBallotType) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const json& c : Cases()) {
    if (c.contains("out") && c["out"].contains("reason")) {
      seen.insert({c["out"]["reason"].get<std::string>(), c["in"]["type"].get<std::string>()});
    }
  }
  for (int r = static_cast<int>(Reason::kNotSigned);
       r <= static_cast<int>(Reason::kMultipleColumns); ++r) {
    for (int t = 0; t < kBallotTypeCount; ++t) {
      const std::string reason(ReasonName(static_cast<Reason>(r)));
      const std::string type(BallotTypeName(static_cast<BallotType>(t)));
      EXPECT_TRUE(seen.count({reason, type})) << "no case for " << reason << " on " << type;
    }
  }
}

TEST(BallotRulesTableTest, RuleIdsAreUniqueAndDocumented) {
  const std::string doc = ReadFile(testing::SourceDir() + "/docs/ballot-rules.md");
  std::set<std::string_view> ids;
  for (const Rule& r : DefaultRules()) {
    EXPECT_TRUE(ids.insert(r.id).second) << "duplicate rule id " << r.id;
    EXPECT_THAT(doc, HasSubstr(Quoted(r.id))) << "docs/ballot-rules.md";
    EXPECT_FALSE(r.text_id.empty());
    EXPECT_FALSE(r.text_en.empty());
  }
  for (int r = 1; r <= static_cast<int>(Reason::kMultipleColumns); ++r) {
    EXPECT_THAT(doc, HasSubstr(Quoted(ReasonName(static_cast<Reason>(r)))));
  }
}

TEST(BallotRulesTest, InvalidCausesComeFirstInContractOrder) {
  std::vector<Reason> order;
  for (const Rule& r : DefaultRules()) {
    if (r.outcome == Outcome::kInvalid && (order.empty() || order.back() != r.reason)) {
      order.push_back(r.reason);
    }
  }
  EXPECT_THAT(order, ::testing::ElementsAre(Reason::kNotSigned, Reason::kExtraWriting,
                                            Reason::kWrongTool, Reason::kNoMark,
                                            Reason::kOutsideColumns, Reason::kMultipleColumns));
}

TEST(BallotRulesTest, ACallerCanExtendTheTableWithARowOfItsOwn) {
  // A row placed before the defaults decides first: here a (hypothetical) rule that treats a
  // lone mark on a party's border as invalid.
  std::vector<Rule> rules;
  rules.push_back(Rule{"local.border_alone", kPartyTypes,
                       [](const Summary& s, const RuleOptions&) {
                         return s.border_or_blank && !s.header && s.eligible_candidates == 0;
                       },
                       Outcome::kInvalid, Reason::kOutsideColumns, "x", "x", "test"});
  for (const Rule& r : DefaultRules()) rules.push_back(r);
  const Mark border{Place::kBorder, false, 4, 0, 0};
  Ballot b;
  b.type = BallotType::kDpr;
  b.marks = std::span<const Mark>(&border, 1);
  StatusOr<Verdict> v = Judge(b, rules);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->rule->id, "local.border_alone");
  EXPECT_FALSE(v->valid);
  StatusOr<Verdict> d = Judge(b);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->rule->id, "party.border_or_blank");
}

TEST(BallotRulesTest, AnIncompleteTableIsAnInternalError) {
  const Mark m{Place::kColumn, false, 1, 0, 0};
  Ballot b;
  b.type = BallotType::kPpwp;
  b.marks = std::span<const Mark>(&m, 1);
  EXPECT_THAT(Judge(b, DefaultRules().first(4)).status(), StatusIs(absl::StatusCode::kInternal));
}

TEST(BallotRulesTest, AMarkKindTheBallotTypeLacksIsRejected) {
  const Mark m{Place::kCandidate, false, 1, 2, 0};
  Ballot b;
  b.type = BallotType::kDpd;
  b.marks = std::span<const Mark>(&m, 1);
  EXPECT_THAT(Judge(b).status(), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(BallotRulesTest, JudgingAllocatesNothing) {
  // Parse every valid case first, then judge them all while counting allocations.
  std::vector<std::vector<Mark>> marks;
  std::vector<std::vector<Ineligible>> inel;
  std::vector<Ballot> ballots;
  std::vector<RuleOptions> options;
  BallotParser parser;
  for (const json& c : Cases()) {
    if (!c.contains("in")) continue;
    StatusOr<Ballot> b = parser.Parse(c["in"].dump());
    ASSERT_TRUE(b.ok()) << b.status();
    marks.emplace_back(b->marks.begin(), b->marks.end());
    inel.emplace_back(b->ineligible.begin(), b->ineligible.end());
    ballots.push_back(*b);
    options.push_back(OptionsOf(c));
  }
  for (size_t i = 0; i < ballots.size(); ++i) {
    ballots[i].marks = marks[i];
    ballots[i].ineligible = inel[i];
  }
  const long before = AllocationCount();
  long valid = 0;
  for (int round = 0; round < 100; ++round) {
    for (size_t i = 0; i < ballots.size(); ++i) {
      StatusOr<Verdict> v = Judge(ballots[i], DefaultRules(), options[i]);
      valid += v.ok() && v->valid ? 1 : 0;
    }
  }
  EXPECT_EQ(AllocationCount() - before, 0);
  EXPECT_GT(valid, 0);
}

TEST(ClassifyMarkTest, CandidateOfAPartyOnDprdKab) {
  RawMark raw;
  raw.party = 3;
  raw.candidate = 2;
  StatusOr<Mark> m = ClassifyMark(BallotType::kDprdKab, raw);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->place, Place::kCandidate);
  EXPECT_EQ(m->column, 3);
  EXPECT_EQ(m->candidate, 2);
}

TEST(ClassifyMarkTest, NumbersAboveTheLimitAreRejected) {
  RawMark raw;
  raw.ticket = kMaxNumber + 1;
  EXPECT_THAT(ClassifyMark(BallotType::kPpwp, raw).status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(BallotTypeTest, NamesRoundTrip) {
  for (int t = 0; t < kBallotTypeCount; ++t) {
    const auto type = static_cast<BallotType>(t);
    EXPECT_EQ(ParseBallotType(BallotTypeName(type)), type);
  }
  EXPECT_EQ(ParseBallotType("dpr"), std::nullopt);
}

}  // namespace
}  // namespace bimtek::ballot

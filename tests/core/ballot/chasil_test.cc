#include "core/ballot/chasil.h"

#include <string>
#include <vector>

#include "core/ballot/chasil_json.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "test_util.h"

namespace bimtek::ballot {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using testing::ReadFile;
using testing::ReadJsonLines;
using testing::StatusIs;
using testing::TestData;

// The form text of one case of chasil_cases.jsonl: a good form with a JSON Patch applied.
std::string FormOf(const json& c) {
  if (c.contains("raw")) return c["raw"];
  json base = json::parse(ReadFile(TestData("chasil/" + c["base"].get<std::string>())));
  return base.patch(c["patch"]).dump();
}

TEST(CHasilTableTest, EveryCaseReportsExactlyItsExpectedChecks) {
  const std::vector<json> cases = ReadJsonLines(TestData("chasil_cases.jsonl"));
  ASSERT_GT(cases.size(), 20u);
  for (const json& c : cases) {
    SCOPED_TRACE(c["case"].get<std::string>());
    StatusOr<CHasil> form = ParseCHasil(FormOf(c));
    if (c.contains("malformed_contains")) {
      EXPECT_THAT(form.status(), StatusIs(absl::StatusCode::kInvalidArgument));
      EXPECT_THAT(std::string(form.status().message()),
                  HasSubstr(c["malformed_contains"].get<std::string>()));
      continue;
    }
    ASSERT_TRUE(form.ok()) << form.status();
    std::vector<std::string> got;
    for (const Violation& v : CheckCHasil(*form)) {
      got.push_back(v.check);
      EXPECT_FALSE(v.message_id.empty());
      EXPECT_FALSE(v.message_en.empty());
      EXPECT_EQ(v.severity,
                v.check.rfind("chasil.5.", 0) == 0 ? Severity::kWarning : Severity::kError)
          << v.check;
    }
    EXPECT_EQ(got, c["expect"].get<std::vector<std::string>>());
  }
}

TEST(CHasilTest, MessagesGiveTheFiguresInBothLanguages) {
  json f = json::parse(ReadFile(TestData("chasil/good_dpr.json")));
  f["ballots"]["unused"] = 34;
  StatusOr<CHasil> form = ParseCHasil(f.dump());
  ASSERT_TRUE(form.ok()) << form.status();
  const std::vector<Violation> v = CheckCHasil(*form);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].message_id,
            "Surat suara DPR yang diterima (255) tidak sama dengan digunakan (217) + tidak "
            "digunakan (34) + dikembalikan rusak/keliru coblos (3) = 254.");
  EXPECT_EQ(v[0].message_en,
            "DPR ballots received (255) differ from used (217) + unused (34) + returned damaged "
            "or wrongly marked (3) = 254.");
  EXPECT_TRUE(HasErrors(v));
}

TEST(CHasilTest, WarningsAloneAreNotErrors) {
  json f = json::parse(ReadFile(TestData("chasil/good_ppwp.json")));
  f["ballots"]["received"] = 260;
  f["ballots"]["unused"] = 40;
  StatusOr<CHasil> form = ParseCHasil(f.dump());
  ASSERT_TRUE(form.ok()) << form.status();
  const std::vector<Violation> v = CheckCHasil(*form);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].severity, Severity::kWarning);
  EXPECT_FALSE(HasErrors(v));
}

TEST(CHasilTest, ReserveIsDptPlusTwoPercentRoundedUpByDefault) {
  EXPECT_EQ(ExpectedBallots(300), 306);
  EXPECT_EQ(ExpectedBallots(150), 153);
  EXPECT_EQ(ExpectedBallots(175), 179);  // 3.5 -> 4
  EXPECT_EQ(ExpectedBallots(174), 178);  // 3.48 -> 4
  EXPECT_EQ(ExpectedBallots(0), 0);
  ChasilOptions nearest;
  nearest.rounding = ChasilOptions::Rounding::kNearest;
  EXPECT_EQ(ExpectedBallots(174, nearest), 177);
  EXPECT_EQ(ExpectedBallots(175, nearest), 179);
  ChasilOptions down;
  down.rounding = ChasilOptions::Rounding::kDown;
  EXPECT_EQ(ExpectedBallots(175, down), 178);
}

TEST(CHasilJsonTest, ViolationsJsonCountsErrorsAndWarnings) {
  std::vector<Violation> v = {
      {"chasil.3.ballot_balance", Severity::kError, "ballots.received", "a", "b"},
      {"chasil.5.reserve", Severity::kWarning, "ballots.received", "c", "d"}};
  const json j = json::parse(ViolationsToJson(v));
  EXPECT_EQ(j["ok"], false);
  EXPECT_EQ(j["errors"], 1);
  EXPECT_EQ(j["warnings"], 1);
  EXPECT_EQ(j["violations"][1]["severity"], "warning");
}

}  // namespace
}  // namespace bimtek::ballot

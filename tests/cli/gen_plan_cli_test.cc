// `bimtek gen` makes a region that can be planned at once (issue 4, item 7): venues and
// facilitators come with the registry, the same seed gives the same plan, and the stored plan's
// invitations (`invitations --scope`) are read back: pdftotext finds the venue, date and time,
// the QR code decodes to the link with the participant's code, and printing again gives the
// same code.
#include <string>

#include "base/date.h"
#include "base/date_id.h"
#include "base/strings.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "testing/testing.h"

namespace bimtek {
namespace {

using ::bimtek::testing::ReadFileOrDie;
using ::bimtek::testing::RunCommand;
using ::bimtek::testing::TempDir;
using ::testing::HasSubstr;

constexpr char kWindow[] = "--from 2024-01-25 --to 2024-01-29";

class GenPlanCliTest : public ::testing::Test {
 protected:
  int Run(const std::string& dir, const std::string& args, std::string* out = nullptr) {
    std::string o;
    const int rc = RunCommand(
        "cd " + dir + " && " + std::string(BIMTEK_BINARY) + " " + args + " --db t.db 2>&1", &o);
    if (out) *out = o;
    return rc;
  }
  std::string Flat(const std::string& text) {
    std::string flat;
    for (char c : text) {
      const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r';
      if (space) {
        if (!flat.empty() && flat.back() != ' ') flat.push_back(' ');
      } else {
        flat.push_back(c);
      }
    }
    return flat;
  }
  std::string Qr(const std::string& pdf, const std::string& png) {
    std::string out;
    EXPECT_EQ(
        RunCommand(StrCat("pdftoppm -r 150 -png -singlefile -f 1 -l 1 ", pdf, " ", png), &out), 0);
    EXPECT_EQ(RunCommand(StrCat("zbarimg --quiet --raw ", png, ".png"), &out), 0) << out;
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
  }
  TempDir a_, b_;
};

TEST_F(GenPlanCliTest, AGeneratedRegionIsPlannedAtOnceAndTheSameSeedGivesTheSamePlan) {
  std::string out;
  ASSERT_EQ(Run(a_.path(), "gen --scope 32.71.01 --seed 7", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("Data perencanaan:"));
  std::string plan_a;
  ASSERT_EQ(Run(a_.path(), StrCat("plan --scope 32.71.01 ", kWindow, " --json"), &plan_a), 0)
      << plan_a;
  const auto j = nlohmann::json::parse(plan_a);
  EXPECT_GT(j["crews"].get<int64_t>(), 100);
  EXPECT_EQ(j["placed"], j["crews"]) << j["unplaced_crews"].dump();
  EXPECT_GE(j["batches"].get<int64_t>(), j["lower_bound"].get<int64_t>());
  for (const auto& b : j["batch_list"]) {
    const int cap = b["venue"]["capacity"];
    EXPECT_GE(cap, 30);
    EXPECT_LE(cap, 150);
    EXPECT_LE(b["people"].get<int>(), cap);
    EXPECT_EQ(b["zone"], "WIB");
    for (const auto& s : b["sessions"]) EXPECT_TRUE(s["facilitator"].contains("code"));
  }
  // The same seed in another store: the same venues, facilitators and plan.
  ASSERT_EQ(Run(b_.path(), "gen --scope 32.71.01 --seed 7", &out), 0) << out;
  std::string plan_b;
  ASSERT_EQ(Run(b_.path(), StrCat("plan --scope 32.71.01 ", kWindow, " --json"), &plan_b), 0);
  auto jb = nlohmann::json::parse(plan_b);
  EXPECT_EQ(jb["batch_list"], j["batch_list"]);
  EXPECT_EQ(jb["batches"], j["batches"]);
  // --no-planning: the registry only; the planner then finds no venue.
  TempDir c;
  ASSERT_EQ(Run(c.path(), "gen --scope 32.71.01 --seed 7 --no-planning", &out), 0) << out;
  EXPECT_THAT(out, ::testing::Not(HasSubstr("Data perencanaan:")));
  std::string plan_c;
  ASSERT_EQ(Run(c.path(), StrCat("plan --scope 32.71.01 ", kWindow, " --json"), &plan_c), 0);
  EXPECT_EQ(nlohmann::json::parse(plan_c)["placed"], 0);

  // The stored plan's invitations for batch 1.
  const auto& b1 = j["batch_list"][0];
  ASSERT_EQ(b1["id"], 1);
  ASSERT_EQ(Run(a_.path(),
                "invitations --scope 32.71.01 --batch 1 --out inv "
                "--url-base https://bimtek.example/masuk?kode=",
                &out),
            0)
      << out;
  const std::string pdf = a_.File("inv/32.71.01-K1.pdf");
  std::string text;
  ASSERT_EQ(RunCommand(StrCat("pdftotext -layout -enc UTF-8 -f 1 -l 1 ", pdf, " -"), &text), 0);
  text = Flat(text);
  EXPECT_THAT(text, HasSubstr(b1["venue"]["name"].get<std::string>()));
  EXPECT_THAT(text,
              HasSubstr(FormatIndonesianDayDate(*ParseIsoDate(b1["date"].get<std::string>()))));
  std::string start = b1["start"];
  start[2] = '.';
  EXPECT_THAT(text, HasSubstr(StrCat("pukul ", start)));
  EXPECT_THAT(text, HasSubstr("Ketua KPPS"));
  const std::string url = Qr(pdf, a_.File("p1"));
  ASSERT_TRUE(url.starts_with("https://bimtek.example/masuk?kode=")) << url;
  const std::string code = url.substr(url.find('=') + 1);
  EXPECT_EQ(code.size(), 10u);
  EXPECT_THAT(text, HasSubstr(StrCat(code.substr(0, 5), "-", code.substr(5))));
  // Printing again: the same code (derived, not stored).
  ASSERT_EQ(Run(a_.path(),
                "invitations --scope 32.71.01 --batch 1 --out inv2 "
                "--url-base https://bimtek.example/masuk?kode=",
                &out),
            0)
      << out;
  EXPECT_EQ(Qr(a_.File("inv2/32.71.01-K1.pdf"), a_.File("p2")), url);
  ASSERT_EQ(Run(a_.path(), "attendance-sheet --scope 32.71.01 --batch 1 --out hadir.pdf", &out), 0)
      << out;
  ASSERT_EQ(RunCommand(StrCat("pdftotext -layout ", a_.File("hadir.pdf"), " -"), &text), 0);
  EXPECT_THAT(text, HasSubstr("DAFTAR HADIR"));
  // Errors: an unknown batch, a scope without a plan.
  EXPECT_EQ(Run(a_.path(), "invitations --scope 32.71.01 --batch 999 --out x", &out), 1) << out;
  EXPECT_EQ(Run(a_.path(), "invitations --scope 32.71.02 --out x", &out), 1) << out;
}

}  // namespace
}  // namespace bimtek

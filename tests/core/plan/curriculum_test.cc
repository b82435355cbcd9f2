// The curriculum model and the small text formats of venues and facilitators.
#include "core/plan/curriculum.h"

#include "core/plan/resources.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/testing.h"

namespace bimtek::plan {
namespace {

using ::bimtek::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

Curriculum Good() {
  Curriculum c;
  c.name = "t";
  c.modules = {
      Module{"M1", "Pembukaan", {"kenal"}, Method::kDiscussion, 30, {}, {"rules-procedures"}},
      Module{"M2", "Etika", {"netral"}, Method::kLecture, 60, {}, {"ethics-neutrality"}}};
  return c;
}

std::vector<std::string> Codes(const std::vector<Problem>& ps) {
  std::vector<std::string> out;
  for (const auto& p : ps) {
    out.push_back(p.code);
    EXPECT_TRUE(IsKnownProblemCode(p.code)) << p.code;
  }
  return out;
}

TEST(CurriculumTest, AGoodCurriculumHasNoProblems) {
  EXPECT_THAT(ValidateCurriculum(Good()), IsEmpty());
  EXPECT_EQ(Good().TotalMinutes(), 90);
  EXPECT_NE(Good().Find("M2"), nullptr);
  EXPECT_EQ(Good().Find("M9"), nullptr);
}

TEST(CurriculumTest, ProblemsAreNamed) {
  Curriculum c = Good();
  c.modules[1].id = "M1";
  c.modules[0].minutes = 2;
  c.modules[0].tags = {"Bad Tag"};
  c.modules[1].objectives.clear();
  EXPECT_THAT(Codes(ValidateCurriculum(c)),
              ElementsAre("curriculum.minutes", "curriculum.tag", "curriculum.module_duplicate",
                          "curriculum.objectives_missing"));
  Curriculum empty;
  EXPECT_THAT(Codes(ValidateCurriculum(empty)),
              ElementsAre("curriculum.name_missing", "curriculum.no_modules"));
}

TEST(CurriculumTest, MethodsInEnglishAndIndonesian) {
  EXPECT_EQ(ParseMethod("simulasi"), Method::kSimulation);
  EXPECT_EQ(ParseMethod("Practice"), Method::kPractice);
  EXPECT_EQ(ParseMethod("ceramah"), Method::kLecture);
  EXPECT_EQ(ParseMethod("nonton"), std::nullopt);
  EXPECT_STREQ(MethodName(Method::kDiscussion), "discussion");
}

TEST(ResourcesTest, VenueHoursEveryDayAndPerDate) {
  auto h = ParseVenueHours("08:00-17:00; 2024-01-26 8.00-12.00");
  ASSERT_TRUE(h.ok()) << h.status();
  ASSERT_EQ(h->size(), 2u);
  Venue v;
  v.hours = *h;
  EXPECT_EQ(v.HoursOn(Date{2024, 1, 25})->close_min, 17 * 60);
  EXPECT_EQ(v.HoursOn(Date{2024, 1, 26})->close_min, 12 * 60);
  EXPECT_EQ(FormatVenueHours(*h), "08:00-17:00; 2024-01-26 08:00-12:00");
  EXPECT_THAT(ParseVenueHours("17:00-08:00").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "closes before"));
  EXPECT_THAT(ParseVenueHours("pagi").status(), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseVenueHours("").status(), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseVenueHours("08:00-12:00; 09:00-13:00").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "twice"));
  Venue only_dates;
  only_dates.hours = *ParseVenueHours("2024-01-26 08:00-16:00");
  EXPECT_FALSE(only_dates.HoursOn(Date{2024, 1, 25}).has_value());
}

TEST(ResourcesTest, DateListsAndRanges) {
  auto d = ParseDateList("2024-01-29, 2024-01-25..2024-01-26;2024-01-25");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(FormatDateList(*d), "2024-01-25;2024-01-26;2024-01-29");
  EXPECT_TRUE(ParseDateList("")->empty());
  EXPECT_THAT(ParseDateList("2024-01-30..2024-01-25").status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseDateList("25 Januari").status(), StatusIs(absl::StatusCode::kInvalidArgument));
  Facilitator f;
  f.dates = *d;
  EXPECT_TRUE(f.AvailableOn(Date{2024, 1, 26}));
  EXPECT_FALSE(f.AvailableOn(Date{2024, 1, 27}));
}

TEST(ResourcesTest, ModuleListsAndTravel) {
  EXPECT_THAT(ParseModuleList("m2, M1;eval M1"), ElementsAre("EVAL", "M1", "M2"));
  EXPECT_EQ(TravelCost(3271011001, 3271011001), 0);
  EXPECT_EQ(TravelCost(3271011002, 3271011001), 1);
  EXPECT_EQ(TravelCost(327101, 3271011001), 1);
  EXPECT_EQ(TravelCost(3271021001, 327101), 2);
  EXPECT_EQ(TravelCost(3201011001, 327101), 3);
  EXPECT_EQ(TravelCost(5171011001, 327101), 4);
  EXPECT_EQ(ParseClock("24:00"), 1440);
  EXPECT_EQ(ParseClock("24:30"), std::nullopt);
  EXPECT_EQ(FormatClock(485), "08:05");
}

}  // namespace
}  // namespace bimtek::plan

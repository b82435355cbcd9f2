// The registry's person rules, one case per line of tests/testdata/registry/person_rules.csv.
#include "core/person_rules.h"

#include <algorithm>

#include "base/strings.h"
#include "core/nik.h"
#include "core/registry_fixture.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/testing.h"

namespace bimtek {
namespace {

struct Case {
  std::string name;
  std::vector<std::string> fields;
};

std::vector<Case> LoadCases() {
  const std::string text =
      testing::ReadFileOrDie(testing::SourceDir() + "/tests/testdata/registry/person_rules.csv");
  std::vector<Case> out;
  bool header = true;
  for (auto line : Split(text, '\n')) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    Case c;
    for (auto f : Split(line, ',')) c.fields.emplace_back(f);
    c.name = c.fields[0];
    out.push_back(std::move(c));
  }
  return out;
}

class PersonRulesTest : public ::testing::TestWithParam<Case> {};

TEST_P(PersonRulesTest, GivesExactlyTheExpectedProblems) {
  const auto& f = GetParam().fields;
  ASSERT_EQ(f.size(), 11u) << "malformed case line";
  Person p;
  p.role = *ParseRole(f[1]);
  p.nik = f[2];
  p.name = f[3];
  PersonFacts facts;
  facts.sex = ParseSex(f[4]);
  if (facts.sex) p.sex = *facts.sex;
  facts.birth_date = ParseIsoDate(f[5]);
  if (facts.birth_date) p.birth_date = *facts.birth_date;
  if (!f[6].empty()) p.tps = *ParseTpsCode(f[6]);
  p.position = f[7].empty() ? 0 : std::stoi(f[7]);
  if (!f[8].empty()) p.work_region = *ParseRegionCode(f[8]);
  if (p.tps != 0 && (p.role == Role::kKpps || p.role == Role::kLinmas)) {
    p.work_region = DesaOfTps(p.tps);
  }
  p.education = *ParseEducation(f[9]);

  std::vector<Problem> problems;
  ValidatePerson(p, facts, RegistryRules{}, testing::Regions(), problems);
  std::vector<std::string> got;
  for (const auto& pr : problems) {
    EXPECT_TRUE(IsKnownProblemCode(pr.code)) << pr.code << " has no message";
    got.push_back(pr.code + (pr.severity == Severity::kWarning ? "!" : ""));
  }
  std::sort(got.begin(), got.end());
  std::vector<std::string> want;
  if (f[10] != "-") {
    for (auto w : Split(f[10], ';')) want.emplace_back(w);
  }
  std::sort(want.begin(), want.end());
  EXPECT_EQ(got, want);
}

INSTANTIATE_TEST_SUITE_P(Table, PersonRulesTest, ::testing::ValuesIn(LoadCases()),
                         [](const ::testing::TestParamInfo<Case>& p) { return p.param.name; });

TEST(NikTest, MakeNikRoundTripsThroughTheChecks) {
  const Date birth{1985, 11, 3};
  const std::string nik = MakeNik(327101, birth, Sex::kFemale, 42);
  EXPECT_EQ(nik, "3271014311850042");
  std::vector<Problem> problems;
  CheckNik(nik, birth, Sex::kFemale, testing::Regions(), RegistryRules{}, problems);
  EXPECT_TRUE(problems.empty());
}

TEST(NikTest, MaskKeepsFirstAndLastFour) {
  EXPECT_EQ(MaskNik("3271011205900001"), "3271********0001");
  EXPECT_EQ(MaskNik("123"), "****************");
  EXPECT_EQ(MaskPhone("081234567890"), "0812****7890");
}

TEST(NikTest, SeverityOfAnUnknownKecamatanIsData) {
  RegistryRules strict;
  strict.nik_unknown_kecamatan = Severity::kError;
  std::vector<Problem> problems;
  CheckNik("3271991205900001", Date{1990, 5, 12}, Sex::kMale, testing::Regions(), strict, problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].severity, Severity::kError);
}

TEST(PersonTest, PhoneNumbersAreNormalisedTo08) {
  EXPECT_EQ(NormalizePhone("+62 812-3456-7890"), "081234567890");
  EXPECT_EQ(NormalizePhone("6281234567890"), "081234567890");
  EXPECT_EQ(NormalizePhone("81234567890"), "081234567890");  // a sheet dropped the 0
  EXPECT_EQ(NormalizePhone("0812.3456.789"), "08123456789");
  EXPECT_FALSE(NormalizePhone("0215551234").has_value());  // a landline
  EXPECT_FALSE(NormalizePhone("08123").has_value());
  EXPECT_FALSE(NormalizePhone("0812345678901234").has_value());
  EXPECT_FALSE(NormalizePhone("0812abc").has_value());
}

TEST(PersonTest, ParsesTheWaysOfficesWriteFields) {
  EXPECT_EQ(ParseSex("Laki-laki"), Sex::kMale);
  EXPECT_EQ(ParseSex("perempuan"), Sex::kFemale);
  EXPECT_EQ(ParseSex("P"), Sex::kFemale);
  EXPECT_FALSE(ParseSex("X").has_value());
  EXPECT_EQ(ParseEducation("SMK"), Education::kSma);
  EXPECT_EQ(ParseEducation("S-1"), Education::kS1);
  EXPECT_EQ(ParseEducation(""), Education::kUnknown);
  EXPECT_FALSE(ParseEducation("kuliah").has_value());
  EXPECT_EQ(ParseRole("Anggota KPPS"), Role::kKpps);
  EXPECT_EQ(ParseRole("linmas"), Role::kLinmas);
  EXPECT_FALSE(ParseRole("saksi").has_value());
}

TEST(MessagesTest, EveryCodeSpeaksBothLanguages) {
  Problem p{"nik", "nik.length", {"15"}, Severity::kError};
  EXPECT_EQ(Describe(p, Lang::kId), "NIK harus 16 digit, tertulis 15 digit");
  EXPECT_EQ(Describe(p, Lang::kEn), "NIK must have 16 digits, found 15");
  EXPECT_EQ(DescribeCode("no.such.code", {"x"}, Lang::kId), "no.such.code x");
}

}  // namespace
}  // namespace bimtek

#include "service/import.h"

#include "core/nik.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/paw.h"
#include "service/registry_env.h"

namespace bimtek::service {
namespace {

using ::bimtek::testing::RegistryEnv;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr const char* kHeader =
    "nik,nama,jenis_kelamin,tanggal_lahir,telepon,pendidikan,peran,kode_tps,jabatan,"
    "wilayah_tugas,wilayah_domisili\n";

// A valid person row; `serial` keeps NIKs apart.
std::string Row(int serial, const std::string& role, const std::string& tps, int position,
                const std::string& work_region = "") {
  const Date birth{1990, 5, 12};
  const Sex sex = serial % 2 ? Sex::kMale : Sex::kFemale;
  const std::string nik = MakeNik(327101, birth, sex, serial);
  return nik + ",Nama Orang," + SexCode(sex) + ",1990-05-12,0812345678" +
         std::to_string(10 + serial % 90) + ",SMA," + role + "," + tps + "," +
         (position ? std::to_string(position) : "") + "," + work_region + ",32.71.01.1001\n";
}

std::string Crew(const std::string& tps, int first_serial) {
  std::string out;
  for (int pos = 1; pos <= 7; ++pos) out += Row(first_serial + pos, "KPPS", tps, pos);
  for (int pos = 1; pos <= 2; ++pos) out += Row(first_serial + 10 + pos, "LINMAS", tps, pos);
  return out;
}

std::vector<std::string> Codes(const ImportReport& r) {
  std::vector<std::string> out;
  for (const auto& e : r.errors) out.push_back(e.problem.code);
  return out;
}

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto tps = env_.Csv(
        "kode_tps,dpt,alamat\n3271011001001,280,Balai Kelurahan\n"
        "3271011001002,275,SD Negeri 1\n3271011001003,290,Lapangan\n");
    auto r = ImportTps(env_.reg(), *tps, {});
    ASSERT_TRUE(r.ok()) << r.status();
    ASSERT_THAT(Codes(*r), IsEmpty());
    ASSERT_EQ(r->inserted, 3);
  }
  ImportReport Import(const std::string& body, bool dry_run = false) {
    auto sheet = env_.Csv(body);
    ImportOptions options;
    options.dry_run = dry_run;
    auto r = ImportPeople(env_.reg(), *sheet, options);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : ImportReport{};
  }
  int64_t People() {
    auto c = env_.store().CountPeople(Scope::National());
    return c->Total();
  }
  RegistryEnv env_;
};

TEST_F(ImportTest, ImportsACrewAndTheSameFileTwiceChangesNothing) {
  const std::string file = kHeader + Crew("3271011001001", 0) +
                           Row(50, "PPS", "", 1, "32.71.01.1001") +
                           Row(51, "PPK", "", 1, "32.71.01");
  const ImportReport first = Import(file);
  EXPECT_THAT(Codes(first), IsEmpty());
  EXPECT_EQ(first.inserted, 11);
  EXPECT_TRUE(first.committed);
  const ImportReport second = Import(file);
  EXPECT_THAT(Codes(second), IsEmpty());
  EXPECT_EQ(second.inserted, 0);
  EXPECT_EQ(second.updated, 0);
  EXPECT_EQ(second.unchanged, 11);
  EXPECT_EQ(People(), 11);
  EXPECT_EQ(*env_.store().CountVacantKpps(Scope::National(), 7), 3 * 7 - 7);
}

TEST_F(ImportTest, SameNikIsUpdatedNotDuplicated) {
  Import(kHeader + Row(1, "KPPS", "3271011001001", 1));
  std::string changed = Row(1, "KPPS", "3271011001001", 1);
  changed.replace(changed.find("Nama Orang"), 10, "Nama Baru");
  const ImportReport r = Import(kHeader + changed);
  EXPECT_THAT(Codes(r), IsEmpty());
  EXPECT_EQ(r.updated, 1);
  EXPECT_EQ(People(), 1);
}

TEST_F(ImportTest, AnyErrorChangesNothingAndEveryErrorIsListed) {
  std::string bad = Row(2, "KPPS", "3271011001001", 2);
  bad.replace(0, 16, "327101120590002");  // 15 digits
  const ImportReport r = Import(kHeader + Row(1, "KPPS", "3271011001001", 1) + bad +
                                Row(3, "KPPS", "3271011001009", 3));
  EXPECT_THAT(Codes(r), ElementsAre("nik.length", "tps.unknown"));
  EXPECT_FALSE(r.committed);
  EXPECT_EQ(People(), 0);
  EXPECT_EQ(r.errors[0].row, 3);
  EXPECT_EQ(r.errors[0].column, "A (nik)");
  EXPECT_EQ(r.errors[0].value, "3271*******0002");  // masked
  EXPECT_EQ(Describe(r.errors[0].problem, Lang::kId), "NIK harus 16 digit, tertulis 15 digit");
  EXPECT_EQ(r.errors[1].row, 4);
  EXPECT_EQ(r.errors[1].column, "H (kode_tps)");
}

TEST_F(ImportTest, ANikAlreadyServingAtAnotherTpsIsRefused) {
  Import(kHeader + Row(1, "KPPS", "3271011001001", 1));
  const ImportReport r = Import(kHeader + Row(1, "KPPS", "3271011001002", 1));
  EXPECT_THAT(Codes(r), ElementsAre("nik.serving_elsewhere"));
  EXPECT_THAT(Describe(r.errors[0].problem, Lang::kEn), HasSubstr("TPS 3271011001001"));
}

TEST_F(ImportTest, APositionHeldByAnotherPersonIsAReplacementNotAnImport) {
  Import(kHeader + Row(1, "KPPS", "3271011001001", 1));
  const ImportReport r = Import(kHeader + Row(2, "KPPS", "3271011001001", 1));
  EXPECT_THAT(Codes(r), ElementsAre("position.taken"));
}

TEST_F(ImportTest, DuplicatesWithinTheFileNameTheFirstRow) {
  const ImportReport r =
      Import(kHeader + Row(1, "KPPS", "3271011001001", 1) + Row(1, "KPPS", "3271011001001", 1) +
             Row(2, "KPPS", "3271011001001", 1));
  // Row 3 repeats row 2 (its NIK and its seat); row 4 takes row 2's seat.
  EXPECT_THAT(Codes(r), ElementsAre("nik.duplicate_in_file", "position.duplicate_in_file",
                                    "position.duplicate_in_file"));
  EXPECT_EQ(r.errors[0].row, 3);
  EXPECT_EQ(r.errors[0].problem.args[0], "2");
  EXPECT_EQ(r.errors[2].row, 4);
}

TEST_F(ImportTest, CountedSeatsCannotOverflow) {
  const ImportReport r =
      Import(kHeader + Row(1, "LINMAS", "3271011001001", 1) + Row(2, "LINMAS", "3271011001001", 2) +
             Row(3, "LINMAS", "3271011001001", 0));
  EXPECT_THAT(Codes(r), ElementsAre("position.full"));
}

TEST_F(ImportTest, ANikInScientificNotationSaysHowToFixIt) {
  std::string row = Row(1, "KPPS", "3271011001001", 1);
  row.replace(0, 16, "3.27101E+15");
  const ImportReport r = Import(kHeader + row);
  EXPECT_THAT(Codes(r), ElementsAre("nik.enotation"));
  EXPECT_THAT(Describe(r.errors[0].problem, Lang::kId), HasSubstr("Teks"));
  EXPECT_THAT(Describe(r.errors[0].problem, Lang::kEn), HasSubstr("format the NIK column as Text"));
}

TEST_F(ImportTest, HeadersAreMatchedThroughAliasesWithSemicolonsAndBom) {
  const std::string nik = MakeNik(327101, Date{1990, 5, 12}, Sex::kMale, 7);
  const ImportReport r = Import(
      "\xEF\xBB\xBFNo. NIK;Nama Lengkap;L/P;Tgl Lahir;No HP;Pendidikan Terakhir;Kode TPS;KPPS "
      "Ke\n" +
      nik + ";Asep Sutisna;Laki-laki;12/05/1990;+62 812 3456 7890;SMK;3271011001001;Ketua\n");
  EXPECT_THAT(Codes(r), IsEmpty());
  EXPECT_EQ(r.inserted, 1);
  auto row = env_.store().FindKpps(3271011001001, 1);
  ASSERT_TRUE(row.ok() && row->has_value());
  auto person = OpenPerson(env_.vault(), **row);
  ASSERT_TRUE(person.ok());
  EXPECT_EQ(person->phone, "081234567890");
  EXPECT_EQ(person->birth_date, (Date{1990, 5, 12}));
  EXPECT_EQ(person->education, Education::kSma);
}

TEST_F(ImportTest, AHeaderWithoutTheNeededColumnsIsOneFileError) {
  const ImportReport r = Import("nama,telepon\nBudi,0812345678\n");
  ASSERT_THAT(Codes(r), ElementsAre("file.columns_missing"));
  EXPECT_THAT(r.errors[0].problem.args[0], HasSubstr("nik"));
  EXPECT_THAT(r.errors[0].problem.args[0], HasSubstr("kode_tps/wilayah_tugas"));
}

TEST_F(ImportTest, ADuplicatedColumnIsRefused) {
  const ImportReport r = Import("nik,NIK,nama,jenis_kelamin,tanggal_lahir,kode_tps\n");
  EXPECT_THAT(Codes(r), ElementsAre("file.column_duplicate"));
}

TEST_F(ImportTest, AHeaderWithoutRowsIsRefused) {
  EXPECT_THAT(Codes(Import(kHeader)), ElementsAre("file.no_rows"));
}

TEST_F(ImportTest, DryRunReportsButChangesNothing) {
  const ImportReport r = Import(kHeader + Crew("3271011001001", 0), /*dry_run=*/true);
  EXPECT_THAT(Codes(r), IsEmpty());
  EXPECT_EQ(r.inserted, 9);
  EXPECT_FALSE(r.committed);
  EXPECT_EQ(People(), 0);
}

TEST_F(ImportTest, ParseProblemsAreReportedPerField) {
  const std::string nik = MakeNik(327101, Date{1990, 5, 12}, Sex::kMale, 9);
  const ImportReport r =
      Import(kHeader + nik + ",Budi,X,12-13-1990,12345,kuliah,SAKSI,3271011001001,sembilan,,\n");
  EXPECT_THAT(Codes(r), ElementsAre("sex.invalid", "birth.invalid", "phone.invalid",
                                    "education.invalid", "role.invalid", "position.invalid"));
  for (const auto& e : r.errors) {
    EXPECT_THAT(e.value, Not(HasSubstr(nik))) << "personal data must be masked";
  }
}

TEST_F(ImportTest, RealXlsxWrittenByOpenpyxl) {
  ASSERT_TRUE(testing::PythonHasOpenpyxl());
  const std::string nik_text = MakeNik(327101, Date{1990, 5, 12}, Sex::kMale, 1);
  const std::string nik_num = MakeNik(327101, Date{1991, 6, 1}, Sex::kMale, 2);
  const std::string path = env_.dir().File("kpps.xlsx");
  const std::string script =
      "import datetime, openpyxl\n"
      "wb = openpyxl.Workbook(); ws = wb.active\n"
      "ws.append(['NIK','Nama','JK','Tanggal Lahir','No HP','Pendidikan','Kode TPS','Jabatan'])\n"
      "ws.append(['" +
      nik_text +
      "','Budi Santoso','L',datetime.date(1990,5,12),'081234567890','SMA','3271011001001',1])\n"
      "ws.append([" +
      nik_num +
      ",'Joko Widodo','L',datetime.date(1991,6,1),81234567891,'S1','3271011001001',2])\n"
      "ws['D2'].number_format = 'dd/mm/yyyy'\n"
      "wb.save('" +
      path + "')\n";
  const std::string py = env_.dir().File("make.py");
  testing::WriteFileOrDie(py, script);
  ASSERT_EQ(testing::RunCommand(std::string(testing::kPython) + " " + py, nullptr), 0);
  auto sheet = io::OpenSheet(path);
  ASSERT_TRUE(sheet.ok()) << sheet.status();
  auto r = ImportPeople(env_.reg(), **sheet, {});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_THAT(Codes(*r), ElementsAre("nik.as_number"));
  EXPECT_EQ(r->errors[0].row, 3);
  EXPECT_EQ(People(), 0);

  // The fix the message asks for: the NIK as text. Now the file imports.
  std::string fixed = script;
  fixed.replace(fixed.find("[" + nik_num), nik_num.size() + 1, "['" + nik_num + "'");
  testing::WriteFileOrDie(py, fixed);
  ASSERT_EQ(testing::RunCommand(std::string(testing::kPython) + " " + py, nullptr), 0);
  auto sheet2 = io::OpenSheet(path);
  ASSERT_TRUE(sheet2.ok());
  auto r2 = ImportPeople(env_.reg(), **sheet2, {});
  ASSERT_TRUE(r2.ok());
  EXPECT_THAT(Codes(*r2), IsEmpty());
  EXPECT_EQ(r2->inserted, 2);
}

TEST_F(ImportTest, TpsRowsAreChecked) {
  auto sheet = env_.Csv(
      "Kode TPS;Jumlah DPT\n3271011001004;301\n3271019999001;100\n"
      "32710110010;100\n3271011001005;banyak\n3271011001006;100\n"
      "3271011001006;100\n");
  auto r = ImportTps(env_.reg(), *sheet, {});
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(Codes(*r), ElementsAre("tps.dpt_range", "region.unknown", "tps.code", "dpt.invalid",
                                     "tps.duplicate_in_file"));
  EXPECT_EQ(*env_.store().CountTps(Scope::National()), 3);
}

TEST_F(ImportTest, ReplacementIsItsOwnActionWithAReason) {
  Import(kHeader + Row(1, "KPPS", "3271011001001", 1));
  Person p;
  p.nik = MakeNik(327101, Date{1992, 1, 2}, Sex::kFemale, 77);
  p.name = "Pengganti";
  p.sex = Sex::kFemale;
  p.birth_date = Date{1992, 1, 2};
  p.education = Education::kS1;
  EXPECT_FALSE(ReplaceKpps(env_.reg(), PawRequest{3271011001001, 1, p, "", 0, {}}).ok());
  EXPECT_THAT(ReplaceKpps(env_.reg(), PawRequest{3271011001001, 2, p, "sakit berat", 0, {}}).status(),
              testing::StatusIs(absl::StatusCode::kNotFound));
  auto r = ReplaceKpps(env_.reg(), PawRequest{3271011001001, 1, p, "meninggal dunia", 1700000000, {}});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->problems.empty());
  auto holder = env_.store().FindKpps(3271011001001, 1);
  EXPECT_EQ((*holder)->id, r->new_person);
  auto reps = env_.store().ListReplacements(Scope::National());
  ASSERT_EQ(reps->size(), 1u);
  EXPECT_EQ((*reps)[0].reason, "meninggal dunia");
  EXPECT_EQ((*reps)[0].old_person, r->old_person);
  // The replaced member no longer counts; the seat is still filled.
  EXPECT_EQ(People(), 1);
  // Importing the old file again is now a position held by someone else.
  EXPECT_THAT(Codes(Import(kHeader + Row(1, "KPPS", "3271011001001", 1))),
              ElementsAre("position.taken"));
}

}  // namespace
}  // namespace bimtek::service

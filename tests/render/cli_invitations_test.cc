// `bimtek invitations` and `bimtek attendance-sheet` end to end, through the real binary.
#include <sys/stat.h>

#include <string>

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
using ::bimtek::testing::WriteFileOrDie;
using nlohmann::json;
using ::testing::HasSubstr;

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

json Sample() {
  return json::parse(ReadFileOrDie(testing::SourceDir() + "/tests/testdata/render/batch.json"));
}

int Bimtek(const std::string& args, std::string* out) {
  return RunCommand(StrCat(BIMTEK_BINARY, " ", args, " 2>&1"), out);
}

TEST(InvitationsCliTest, WritesPdfIcsAndLinksPerBatch) {
  TempDir dir;
  json a = Sample(), b = Sample();
  b["id"] = "3271010-K02";
  b["participants"].erase(2);
  WriteFileOrDie(dir.File("batches.json"), json{{"batches", {a, b}}}.dump());
  std::string out;
  ASSERT_EQ(Bimtek(StrCat("invitations --batch-json ", dir.File("batches.json"), " --out ",
                          dir.File("out"), " --url-base https://x.test/m?k="),
                   &out),
            0)
      << out;
  EXPECT_THAT(out, HasSubstr("2 kelas, 5 surat undangan, 4 tautan WhatsApp"));
  // Participant 3 of K01 has a landline: listed with the reason.
  EXPECT_THAT(out, HasSubstr("3271010-K01 #3 Dewi Lestari: not an Indonesian mobile number"));
  for (const char* f : {"3271010-K01.pdf", "3271010-K01.ics", "3271010-K01-whatsapp.csv",
                        "3271010-K02.pdf", "3271010-K02.ics", "3271010-K02-whatsapp.csv"}) {
    EXPECT_TRUE(Exists(dir.File(StrCat("out/", f)))) << f;
  }
  std::string info;
  ASSERT_EQ(RunCommand(StrCat("pdfinfo ", dir.File("out/3271010-K02.pdf")), &info), 0);
  EXPECT_THAT(info, ::testing::ContainsRegex("Pages: +2\n"));
  const std::string csv = ReadFileOrDie(dir.File("out/3271010-K01-whatsapp.csv"));
  EXPECT_THAT(csv, ::testing::StartsWith("no,name,position,tps,whatsapp_link,problem\n"));
  EXPECT_THAT(csv,
              HasSubstr("1,Siti Nurhaliza,Ketua KPPS,TPS 001,https://wa.me/6281234567890?text="));
  EXPECT_THAT(csv,
              HasSubstr("2,Budi Santoso,Anggota KPPS 2,TPS 001,https://wa.me/6281311112222?text="));
  EXPECT_THAT(csv, HasSubstr("https%3A%2F%2Fx.test%2Fm%3Fk%3DK7MPQ2XWTA"));
  EXPECT_THAT(csv, HasSubstr("3,Dewi Lestari,Anggota KPPS 3,TPS 001,,not an Indonesian mobile"));
  EXPECT_THAT(ReadFileOrDie(dir.File("out/3271010-K01.ics")),
              HasSubstr("UID:batch-3271010-K01@bimtek.kpu.go.id\r\n"));
}

TEST(InvitationsCliTest, OneBatchOfSeveral) {
  TempDir dir;
  json a = Sample(), b = Sample();
  b["id"] = "K02";
  WriteFileOrDie(dir.File("batches.json"), json{{"batches", {a, b}}}.dump());
  std::string out;
  ASSERT_EQ(Bimtek(StrCat("invitations --batch-json ", dir.File("batches.json"), " --batch K02",
                          " --no-ics --out ", dir.File("out")),
                   &out),
            0)
      << out;
  EXPECT_TRUE(Exists(dir.File("out/K02.pdf")));
  EXPECT_FALSE(Exists(dir.File("out/K02.ics")));
  EXPECT_FALSE(Exists(dir.File("out/3271010-K01.pdf")));
  EXPECT_EQ(Bimtek(StrCat("invitations --batch-json ", dir.File("batches.json"), " --batch K09",
                          " --out ", dir.File("out")),
                   &out),
            1);
  EXPECT_THAT(out, HasSubstr("tidak ada kelas K09"));
}

TEST(InvitationsCliTest, BadBatchFileWritesNothing) {
  TempDir dir;
  json a = Sample(), b = Sample();
  b["id"] = "K02";
  b["participants"][1]["name"] = 5;
  WriteFileOrDie(dir.File("batches.json"), json{{"batches", {a, b}}}.dump());
  std::string out;
  EXPECT_EQ(Bimtek(StrCat("invitations --batch-json ", dir.File("batches.json"), " --out ",
                          dir.File("out")),
                   &out),
            1);
  EXPECT_THAT(out, HasSubstr("batches[2].participants[2].name: expected a string"));
  EXPECT_FALSE(Exists(dir.File("out/3271010-K01.pdf")));

  EXPECT_EQ(Bimtek(StrCat("invitations --batch-json ", dir.File("missing.json"), " --out ",
                          dir.File("out")),
                   &out),
            2);
  EXPECT_THAT(out, HasSubstr("berkas tidak dapat dibaca"));
  EXPECT_EQ(Bimtek(StrCat("--lang en invitations --batch-json ", dir.File("missing.json"),
                          " --out ", dir.File("out")),
                   &out),
            2);
  EXPECT_THAT(out, HasSubstr("cannot read"));
}

TEST(AttendanceSheetCliTest, OnePdfForOneBatch) {
  TempDir dir;
  WriteFileOrDie(dir.File("k01.json"), Sample().dump());
  std::string out;
  ASSERT_EQ(Bimtek(StrCat("attendance-sheet --batch-json ", dir.File("k01.json"), " --out ",
                          dir.File("hadir.pdf")),
                   &out),
            0)
      << out;
  EXPECT_THAT(out, HasSubstr("daftar hadir 3271010-K01 (3 peserta)"));
  std::string text;
  ASSERT_EQ(RunCommand(StrCat("pdftotext -layout ", dir.File("hadir.pdf"), " -"), &text), 0);
  EXPECT_THAT(text, HasSubstr("DAFTAR HADIR"));
  EXPECT_THAT(text, HasSubstr("Siti Nurhaliza"));
  EXPECT_THAT(text, HasSubstr("Halaman 1 dari 1"));

  json two = {{"batches", {Sample(), Sample()}}};
  two["batches"][1]["id"] = "K02";
  WriteFileOrDie(dir.File("two.json"), two.dump());
  EXPECT_EQ(Bimtek(StrCat("attendance-sheet --batch-json ", dir.File("two.json"), " --out ",
                          dir.File("x.pdf")),
                   &out),
            1);
  EXPECT_THAT(out, HasSubstr("--batch ID"));
  EXPECT_FALSE(Exists(dir.File("x.pdf")));
}

}  // namespace
}  // namespace bimtek

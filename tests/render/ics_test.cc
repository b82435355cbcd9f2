#include "render/ics.h"

#include <string>
#include <vector>

#include "base/strings.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/testing.h"

namespace bimtek::render {
namespace {

using ::testing::HasSubstr;

std::vector<std::string> PhysicalLines(const std::string& ics) {
  std::vector<std::string> lines;
  size_t at = 0;
  while (at < ics.size()) {
    const size_t crlf = ics.find("\r\n", at);
    EXPECT_NE(crlf, std::string::npos) << "a line without CRLF at byte " << at;
    if (crlf == std::string::npos) break;
    lines.push_back(ics.substr(at, crlf - at));
    at = crlf + 2;
  }
  return lines;
}

bool ValidUtf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

TEST(IcsTest, EscapesText) {
  EXPECT_EQ(IcsEscape("a,b;c\\d"), "a\\,b\\;c\\\\d");
  EXPECT_EQ(IcsEscape("baris 1\r\nbaris 2\n"), "baris 1\\nbaris 2\\n");
  EXPECT_EQ(IcsEscape("Aula: Kecamatan"), "Aula: Kecamatan");  // colon needs no escape in TEXT
}

TEST(IcsTest, FoldsAt75OctetsWithoutCuttingUtf8) {
  // 'é' is two octets and '–' three: every cut position meets a multi-byte character somewhere.
  for (const std::string unit : {"a", "é", "–", "aé–"}) {
    std::string line = "DESCRIPTION:";
    while (line.size() < 400) line += unit;
    const std::string folded = IcsFoldLine(line);
    std::string unfolded;
    const std::vector<std::string> lines = PhysicalLines(folded);
    ASSERT_GT(lines.size(), 5u);
    for (size_t i = 0; i < lines.size(); ++i) {
      EXPECT_LE(lines[i].size(), 75u) << "line " << i;
      EXPECT_TRUE(ValidUtf8(lines[i])) << "line " << i << " cuts a UTF-8 character";
      if (i > 0) {
        ASSERT_EQ(lines[i][0], ' ');
        unfolded += lines[i].substr(1);
      } else {
        unfolded += lines[i];
      }
    }
    EXPECT_EQ(unfolded, line);
  }
  EXPECT_EQ(IcsFoldLine("SHORT:1"), "SHORT:1\r\n");
  EXPECT_EQ(IcsFoldLine(std::string(75, 'x')), std::string(75, 'x') + "\r\n");
  EXPECT_EQ(IcsFoldLine(std::string(76, 'x')), std::string(75, 'x') + "\r\n x\r\n");
}

Batch SampleBatch(TimeZone zone) {
  Batch b;
  b.id = "3271010-K01";
  b.title = "Bimtek KPPS; kelas 1, Bogor Selatan";
  b.office.name = "KOMISI PEMILIHAN UMUM KOTA BOGOR";
  b.date = {2024, 1, 25};
  b.letter_date = {2024, 1, 20};
  b.zone = zone;
  b.start = 8 * 60;
  b.end = 16 * 60 + 30;
  b.venue_name = "Aula Kecamatan Bogor Selatan";
  b.venue_address = "Jl. Raya Cipaku No. 1, Cipaku";
  b.agenda = {{8 * 60, 9 * 60, "M1", "Pembukaan, harapan dan komitmen belajar"},
              {9 * 60, 12 * 60, "M3", "Pemungutan suara; TPS khusus"}};
  b.participants.push_back({"Siti", "Ketua KPPS", "TPS 001", "Batutulis", "K7MPQ2XWTA", ""});
  return b;
}

TEST(IcsTest, EventInUtcWithStableUid) {
  const Batch b = SampleBatch(TimeZone::kWib);
  const std::string ics = BatchIcs(b, RenderOptions{}, 1705708800);  // 2024-01-20T00:00:00Z
  EXPECT_THAT(ics, ::testing::StartsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
  EXPECT_THAT(ics, ::testing::EndsWith("END:VEVENT\r\nEND:VCALENDAR\r\n"));
  EXPECT_THAT(ics, HasSubstr("\r\nUID:batch-3271010-K01@bimtek.kpu.go.id\r\n"));
  EXPECT_THAT(ics, HasSubstr("\r\nDTSTAMP:20240120T000000Z\r\n"));
  EXPECT_THAT(ics, HasSubstr("\r\nDTSTART:20240125T010000Z\r\n"));  // 08.00 WIB = 01.00 UTC
  EXPECT_THAT(ics, HasSubstr("\r\nDTEND:20240125T093000Z\r\n"));
  EXPECT_THAT(ics, HasSubstr("\r\nSUMMARY:Bimtek KPPS\\; kelas 1\\, Bogor Selatan\r\n"));
  EXPECT_EQ(ics, BatchIcs(b, RenderOptions{}, 1705708800)) << "not deterministic";
  for (const std::string& line : PhysicalLines(ics)) EXPECT_LE(line.size(), 75u) << line;

  // 08.00 WITA = 00.00 UTC; 08.00 WIT = 23.00 UTC the day before.
  EXPECT_THAT(BatchIcs(SampleBatch(TimeZone::kWita), RenderOptions{}, 0),
              HasSubstr("\r\nDTSTART:20240125T000000Z\r\n"));
  EXPECT_THAT(BatchIcs(SampleBatch(TimeZone::kWit), RenderOptions{}, 0),
              HasSubstr("\r\nDTSTART:20240124T230000Z\r\n"));
}

// Another parser reads it back: Debian's python3-icalendar.
TEST(IcsTest, PythonIcalendarParsesIt) {
  bimtek::testing::TempDir dir;
  const std::string path = dir.File("k01.ics");
  bimtek::testing::WriteFileOrDie(path, BatchIcs(SampleBatch(TimeZone::kWit), RenderOptions{}, 0));
  const std::string script = dir.File("read.py");
  bimtek::testing::WriteFileOrDie(
      script,
      "import sys, icalendar\n"
      "cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\n"
      "ev = [c for c in cal.walk('VEVENT')]\n"
      "assert len(ev) == 1, len(ev)\n"
      "e = ev[0]\n"
      "print(e['UID'])\n"
      "print(e.decoded('DTSTART').isoformat())\n"
      "print(e['SUMMARY'])\n"
      "print(e['LOCATION'])\n"
      "print(e['DESCRIPTION'].replace('\\n', '|'))\n");
  std::string out;
  ASSERT_EQ(bimtek::testing::RunCommand(StrCat("/usr/bin/python3 ", script, " ", path), &out), 0)
      << out << " (needs python3-icalendar, scripts/setup.sh)";
  EXPECT_THAT(out, HasSubstr("batch-3271010-K01@bimtek.kpu.go.id\n2024-01-24T23:00:00+00:00\n"
                             "Bimtek KPPS; kelas 1, Bogor Selatan\n"
                             "Aula Kecamatan Bogor Selatan, Jl. Raya Cipaku No. 1, Cipaku\n"));
  EXPECT_THAT(out, HasSubstr("Kamis, 25 Januari 2024, 08.00–16.30 WIT|Agenda:|08.00–09.00 M1 "
                             "Pembukaan, harapan dan komitmen belajar|09.00–12.00 M3 Pemungutan "
                             "suara; TPS khusus|Peserta: 1 orang|KOMISI"));
}

}  // namespace
}  // namespace bimtek::render

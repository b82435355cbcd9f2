#include "render/whatsapp.h"

#include <fstream>
#include <string>

#include "base/strings.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/testing.h"

namespace bimtek::render {
namespace {

using ::bimtek::testing::StatusIs;
using ::testing::HasSubstr;

// tests/testdata/render/wa_numbers.tsv: input, then the wa.me digits or "!" and a fragment of
// the error message.
TEST(WhatsAppTest, NumbersFromTheTable) {
  std::ifstream in(bimtek::testing::SourceDir() + "/tests/testdata/render/wa_numbers.tsv");
  ASSERT_TRUE(in) << "cannot read wa_numbers.tsv";
  std::string line;
  int cases = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos) << line;
    const std::string input = line.substr(0, tab), want = line.substr(tab + 1);
    StatusOr<std::string> got = NormalizeWhatsAppNumber(input);
    if (want[0] == '!') {
      EXPECT_THAT(got.status(), StatusIs(absl::StatusCode::kInvalidArgument, want.substr(1)))
          << "input '" << input << "'";
    } else {
      ASSERT_TRUE(got.ok()) << "input '" << input << "': " << got.status();
      EXPECT_EQ(*got, want) << "input '" << input << "'";
    }
    ++cases;
  }
  EXPECT_GE(cases, 25);
}

TEST(WhatsAppTest, PercentEncodesAllButUnreserved) {
  EXPECT_EQ(PercentEncode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(PercentEncode("a b"), "a%20b");
  EXPECT_EQ(PercentEncode("a+b&c=d?e#f/g:h,i"), "a%2Bb%26c%3Dd%3Fe%23f%2Fg%3Ah%2Ci");
  EXPECT_EQ(PercentEncode("baris\nbaru"), "baris%0Abaru");
  EXPECT_EQ(PercentEncode("08.00–16.00"), "08.00%E2%80%9316.00");  // en dash, UTF-8
  EXPECT_EQ(PercentEncode("100%"), "100%25");
}

Batch SampleBatch() {
  Batch b;
  b.id = "K01";
  b.office.name = "KOMISI PEMILIHAN UMUM KOTA BOGOR";
  b.date = {2024, 1, 25};
  b.letter_date = {2024, 1, 20};
  b.start = 8 * 60;
  b.end = 16 * 60;
  b.venue_name = "Aula Kecamatan Bogor Selatan";
  b.venue_address = "Jl. Raya Cipaku No. 1";
  b.participants.push_back(
      {"Siti & Budi", "Ketua KPPS", "TPS 001", "Batutulis", "K7MPQ2XWTA", "0812 3456 7890"});
  b.participants.push_back(
      {"Tanpa Nomor", "Anggota KPPS 2", "TPS 001", "Batutulis", "R4HZN8CVEB", "021 555 1234"});
  return b;
}

TEST(WhatsAppTest, LinkHasTheNumberAndTheEncodedMessage) {
  const Batch b = SampleBatch();
  RenderOptions options;
  options.access_url_base = "https://bimtek.example/masuk?kode=";
  StatusOr<std::string> link = ParticipantWhatsAppLink(b, b.participants[0], options);
  ASSERT_TRUE(link.ok()) << link.status();
  EXPECT_THAT(*link,
              ::testing::StartsWith("https://wa.me/6281234567890?text=Yth.%20Siti%20%26%20Budi"));
  // Nothing after text= is left unencoded: no second '?', no '&', no space, no newline.
  const std::string query = link->substr(link->find("?text=") + 6);
  EXPECT_EQ(query.find_first_of("?& \n/:="), std::string::npos) << query;
  const std::string message = InvitationMessage(b, b.participants[0], options);
  EXPECT_EQ(query, PercentEncode(message));
  EXPECT_THAT(message, HasSubstr("Kamis, 25 Januari 2024 pukul 08.00–16.00 WIB"));
  EXPECT_THAT(message, HasSubstr("Aula Kecamatan Bogor Selatan, Jl. Raya Cipaku No. 1"));
  EXPECT_THAT(message, HasSubstr("Kode akses Anda: K7MPQ-2XWTA"));
  EXPECT_THAT(message, HasSubstr("https://bimtek.example/masuk?kode=K7MPQ2XWTA"));
}

TEST(WhatsAppTest, LandlineIsReportedNotLinked) {
  const Batch b = SampleBatch();
  EXPECT_THAT(ParticipantWhatsAppLink(b, b.participants[1], RenderOptions{}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "mobile"));
}

}  // namespace
}  // namespace bimtek::render

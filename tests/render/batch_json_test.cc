#include "render/batch_json.h"

#include <string>

#include "base/strings.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "testing/testing.h"

namespace bimtek::render {
namespace {

using ::bimtek::testing::StatusIs;
using nlohmann::json;
constexpr auto kInvalid = absl::StatusCode::kInvalidArgument;

json Sample() {
  return json::parse(bimtek::testing::ReadFileOrDie(bimtek::testing::SourceDir() +
                                                    "/tests/testdata/render/batch.json"));
}

TEST(BatchJsonTest, ReadsTheSample) {
  StatusOr<std::vector<Batch>> batches = ParseBatchesJson(Sample().dump());
  ASSERT_TRUE(batches.ok()) << batches.status();
  ASSERT_EQ(batches->size(), 1u);
  const Batch& b = (*batches)[0];
  EXPECT_EQ(b.id, "3271010-K01");
  EXPECT_EQ(b.date, (Date{2024, 1, 25}));
  EXPECT_EQ(b.zone, TimeZone::kWib);
  EXPECT_EQ(b.start, 480);
  EXPECT_EQ(b.end, 960);
  ASSERT_EQ(b.agenda.size(), 5u);
  EXPECT_EQ(b.agenda[2].module, "M3");
  EXPECT_EQ(b.agenda[4].start, 15 * 60 + 30);
  ASSERT_EQ(b.participants.size(), 3u);
  EXPECT_EQ(b.participants[1].phone, "+62 813 1111 2222");
  EXPECT_EQ(b.office.signer_title, "Ketua KPU Kota Bogor");
}

TEST(BatchJsonTest, ReadsAListOfBatches) {
  json a = Sample(), b = Sample();
  b["id"] = "3271010-K02";
  b["zone"] = "WITA";
  StatusOr<std::vector<Batch>> batches = ParseBatchesJson(json{{"batches", {a, b}}}.dump());
  ASSERT_TRUE(batches.ok()) << batches.status();
  ASSERT_EQ(batches->size(), 2u);
  EXPECT_EQ((*batches)[1].zone, TimeZone::kWita);

  b["id"] = "3271010-K01";
  EXPECT_THAT(ParseBatchesJson(json{{"batches", {a, b}}}.dump()).status(),
              StatusIs(kInvalid, "batches[2].id: '3271010-K01' appears twice"));
}

// Each broken sample names where and what.
TEST(BatchJsonTest, ErrorsSayWhereAndWhat) {
  struct Case {
    const char* pointer;  // JSON pointer of the value to replace (or remove, when value is null)
    json value;
    const char* message;
  } cases[] = {
      {"/date", "25-01-2024", "date: '25-01-2024' is not a date YYYY-MM-DD"},
      {"/date", "2023-02-29", "not a date"},
      {"/letter_date", nullptr, "letter_date: missing"},
      {"/zone", "CET", "zone: 'CET' is not WIB, WITA or WIT"},
      {"/start", "8:00", "start: '8:00' is not a time HH:MM"},
      {"/end", "24:30", "end: '24:30' is not a time of day"},
      {"/end", "07:00", "start < end"},
      {"/office", nullptr, "office: expected an object"},
      {"/office/name", 7, "office.name: expected a string"},
      {"/venue/name", nullptr, "venue.name: missing"},
      {"/agenda/1/title", nullptr, "agenda[2].title: missing"},
      {"/agenda/1/start", "07:00", "agenda[2]: must start before it ends, inside the batch"},
      {"/agenda/2/start", "09:00", "agenda[3]: starts before the previous item ends"},
      {"/bring/0", 1, "bring[1]: expected a string"},
      {"/participants/2/name", "  ", "participants[3]: name is empty"},
      {"/participants/1/access_code", "", "participants[2]: access code of Budi Santoso is empty"},
      {"/participants/1/access_code", "AB/CD", "may hold only letters and digits"},
      {"/participants", json::array(), "participants: is empty"},
      {"/id", "K 01", "id: 'K 01' may hold only"},
  };
  for (const Case& c : cases) {
    json j = Sample();
    const json::json_pointer p(c.pointer);
    if (c.value.is_null()) {
      j[p.parent_pointer()].erase(p.back());
    } else {
      j[p] = c.value;
    }
    EXPECT_THAT(ParseBatchesJson(j.dump()).status(), StatusIs(kInvalid, c.message)) << c.pointer;
  }
  EXPECT_THAT(ParseBatchesJson("{\"id\": ").status(), StatusIs(kInvalid, "not valid JSON"));
  EXPECT_THAT(ParseBatchesJson("[]").status(), StatusIs(kInvalid, "expected an object"));
  EXPECT_THAT(ParseBatchesJson("{\"batches\": []}").status(), StatusIs(kInvalid, "is empty"));
}

TEST(BatchJsonTest, TooLongAgendaForOneLetterIsRefused) {
  json j = Sample();
  json agenda = json::array();
  for (int i = 0; i < kMaxAgenda + 1; ++i) {
    agenda.push_back({{"start", fmt::format("{:02d}:00", 8 + i / 2)},
                      {"end", fmt::format("{:02d}:{}", 8 + i / 2, i % 2 == 0 ? "20" : "50")},
                      {"title", "x"}});
    if (i % 2 == 1) agenda.back()["start"] = fmt::format("{:02d}:30", 8 + i / 2);
  }
  j["end"] = "23:00";
  j["agenda"] = agenda;
  EXPECT_THAT(ParseBatchesJson(j.dump()).status(),
              StatusIs(kInvalid, StrCat("agenda: has ", kMaxAgenda + 1, " items; a letter holds ",
                                        kMaxAgenda, " at most")));
}

}  // namespace
}  // namespace bimtek::render

// Planning use cases over a real SQLite store: the default curriculum and its versions, the
// venue and facilitator importers (every error by row and column, all or nothing, scope), the
// demo data, and a plan saved, shown and re-planned after a venue is cancelled.
#include "service/planning.h"

#include <set>

#include "base/strings.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "service/gen.h"
#include "service/registry_env.h"
#include "store/sqlite/sqlite_planning.h"

namespace bimtek::service {
namespace {

using ::bimtek::testing::IsOk;
using ::bimtek::testing::RegistryEnv;
using ::bimtek::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class PlanningTest : public ::testing::Test {
 protected:
  PlanningTest() {
    auto ps = store::OpenSqlitePlanning(env_.db_path());
    EXPECT_TRUE(ps.ok()) << ps.status();
    ps_ = std::move(ps).value();
  }
  // (row, column letter, code) of each error.
  static std::vector<std::string> Errors(const ImportReport& r) {
    std::vector<std::string> out;
    for (const auto& e : r.errors) {
      out.push_back(StrCat(e.row, " ", e.column.substr(0, 1), " ", e.problem.code));
      EXPECT_TRUE(IsKnownProblemCode(e.problem.code)) << e.problem.code;
    }
    return out;
  }
  void Generate(const std::string& scope) {
    GenOptions o;
    o.scope = *ParseScope(scope);
    o.seed = 5;
    ASSERT_THAT(GenerateIntoStore(env_.reg(), o).status(), IsOk());
  }
  RegistryEnv env_;
  std::unique_ptr<store::PlanningStore> ps_;
};

TEST_F(PlanningTest, TheDefaultCurriculumHasTheKpuModulesAndTheFocusTags) {
  auto c = DefaultCurriculum();
  ASSERT_THAT(c.status(), IsOk());
  std::vector<std::string> ids;
  std::set<std::string> tags;
  for (const auto& m : c->modules) {
    ids.push_back(m.id);
    EXPECT_FALSE(m.objectives.empty()) << m.id;
    tags.insert(m.tags.begin(), m.tags.end());
  }
  EXPECT_THAT(ids, ElementsAre("M1", "M2", "M3", "M4", "EVAL"));
  for (const auto& t : plan::FocusTags()) EXPECT_TRUE(tags.contains(t)) << t;
  EXPECT_EQ(c->Find("EVAL")->minutes, 20);
  // Round trip through the JSON form.
  auto again = CurriculumFromJson(CurriculumToJson(*c));
  ASSERT_THAT(again.status(), IsOk());
  EXPECT_EQ(CurriculumToJson(*again), CurriculumToJson(*c));
}

TEST_F(PlanningTest, EditingTheCurriculumMakesANewVersion) {
  auto cur = CurrentCurriculum(*ps_);
  ASSERT_THAT(cur.status(), IsOk());
  EXPECT_EQ(cur->version, 1);
  plan::Curriculum edited = *cur;
  edited.modules[2].minutes = 180;
  auto v = SaveCurriculumVersion(*ps_, nullptr, edited, "M3 longer");
  ASSERT_THAT(v.status(), IsOk());
  EXPECT_EQ(*v, 2);
  auto now = CurrentCurriculum(*ps_);
  EXPECT_EQ(now->version, 2);
  EXPECT_EQ(now->modules[2].minutes, 180);
  auto versions = ps_->ListCurriculumVersions(cur->name);
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[1].note, "M3 longer");
  // Version 1 is still there, unchanged.
  auto v1 = ps_->FindCurriculum(cur->name, 1);
  EXPECT_EQ(CurriculumFromJson((*v1)->content_json)->modules[2].minutes, 150);

  edited.modules[0].minutes = 0;
  EXPECT_THAT(SaveCurriculumVersion(*ps_, nullptr, edited, "").status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "modules[0].minutes"));
  store::UserRow pps;
  pps.username = "pps";
  pps.role = store::UserRole::kPps;
  pps.scope = 3271011001;
  EXPECT_THAT(SaveCurriculumVersion(*ps_, &pps, *now, "").status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(CurriculumFromJson(R"({"name":"x","modules":[{"id":"M1","title":"a",
      "method":"nonton","minutes":30,"objectives":["o"]}]})")
                  .status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "nonton"));
  EXPECT_THAT(CurriculumFromJson("{").status(), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(PlanningTest, VenueImportListsEveryErrorAndWritesNothing) {
  auto sheet = env_.Csv(
      "kode_tempat,nama_tempat,alamat,wilayah,kapasitas,jam,tanggal\n"
      "A1,Aula Kecamatan,Jl. Batutulis,32.71.01,150,08:00-17:00,\n"
      ",Tanpa Kode,,32.71.01,50,08:00-16:00,\n"
      "A3,,,32.71,50,08:00-16:00,\n"
      "A4,Aula,,99.99.99,banyak,pagi,\n"
      "A1,Aula Lagi,,32.71.01.1001,60,17:00-08:00,25 Januari\n");
  auto r = ImportVenues(env_.reg(), *ps_, *sheet, {});
  ASSERT_THAT(r.status(), IsOk());
  EXPECT_EQ(r->rows, 5);
  EXPECT_FALSE(r->committed);
  EXPECT_THAT(Errors(*r),
              ElementsAre("3 A venue.code_missing", "4 B venue.name_missing",
                          "4 D venue.region_level", "5 D region.unknown", "5 E venue.capacity",
                          "5 F venue.hours", "6 F venue.hours", "6 A venue.duplicate_in_file"));
  EXPECT_THAT(*ps_->ListVenues(Scope::National()), IsEmpty());
}

TEST_F(PlanningTest, VenueImportIsAllOrNothingAndUpdatesByCode) {
  const std::string file =
      "Kode,Nama,Wilayah,Kapasitas,Jam Buka,Tanggal\n"
      "A1,Aula Kecamatan,32.71.01,150,08:00-17:00,2024-01-25..2024-01-26\n"
      "B1,Balai Kelurahan,32.71.01.1001,60,07:30-16:30,\n";
  ImportOptions dry_run;
  dry_run.dry_run = true;
  auto dry = ImportVenues(env_.reg(), *ps_, *env_.Csv(file), dry_run);
  ASSERT_THAT(dry.status(), IsOk());
  EXPECT_THAT(dry->errors, IsEmpty());
  EXPECT_FALSE(dry->committed);
  EXPECT_THAT(*ps_->ListVenues(Scope::National()), IsEmpty());
  auto r = ImportVenues(env_.reg(), *ps_, *env_.Csv(file), {});
  ASSERT_THAT(r.status(), IsOk());
  EXPECT_TRUE(r->committed);
  EXPECT_EQ(r->inserted, 2);
  auto venues = ps_->ListVenues(*ParseScope("32.71.01"));
  ASSERT_EQ(venues->size(), 2u);
  EXPECT_EQ((*venues)[0].hours.size(), 2u);  // one entry per listed date
  EXPECT_FALSE((*venues)[0].HoursOn(Date{2024, 1, 27}).has_value());
  EXPECT_EQ((*venues)[1].HoursOn(Date{2024, 1, 27})->open_min, 7 * 60 + 30);
  auto again = ImportVenues(env_.reg(), *ps_, *env_.Csv(file), {});
  EXPECT_EQ(again->inserted, 0);
  EXPECT_EQ(again->updated, 2);
  EXPECT_EQ(ps_->ListVenues(Scope::National())->size(), 2u);
  EXPECT_THAT(ps_->ListVenues(*ParseScope("32.71.02"))->size(), 0u);
}

TEST_F(PlanningTest, ImportsCheckTheUsersScope) {
  store::UserRow ppk;
  ppk.username = "ppk";
  ppk.role = store::UserRole::kPpk;
  ppk.scope = 327101;
  auto r = ImportVenues(env_.reg(), *ps_,
                        *env_.Csv("kode_tempat,nama_tempat,wilayah,kapasitas,jam\n"
                                  "A1,Aula,32.71.01,100,08:00-17:00\n"
                                  "A2,Aula,32.71.02,100,08:00-17:00\n"),
                        {}, &ppk);
  ASSERT_THAT(r.status(), IsOk());
  EXPECT_THAT(Errors(*r), ElementsAre("3 C scope.outside"));
  EXPECT_THAT(*ps_->ListVenues(Scope::National()), IsEmpty());
  ImportOptions in_kec;
  in_kec.scope = *ParseScope("32.71.02");
  auto outside = ImportVenues(env_.reg(), *ps_,
                              *env_.Csv("kode_tempat,nama_tempat,wilayah,kapasitas,jam\n"
                                        "A1,Aula,32.71.01,100,08:00-17:00\n"),
                              in_kec);
  EXPECT_THAT(Errors(*outside), ElementsAre("2 C scope.outside"));
  auto missing = ImportVenues(env_.reg(), *ps_, *env_.Csv("nama,alamat\nx,y\n"), {});
  EXPECT_THAT(Errors(*missing), ElementsAre("1  file.columns_missing"));
}

TEST_F(PlanningTest, FacilitatorImportLinksRegistryPeopleAndChecksModules) {
  Generate("32.71.01.1001");
  auto pps = env_.store().PeopleAt(Role::kPps, 3271011001);
  ASSERT_FALSE(pps->empty());
  auto person = OpenPerson(env_.vault(), pps->front());
  ASSERT_THAT(person.status(), IsOk());
  auto r = ImportFacilitators(
      env_.reg(), *ps_,
      *env_.Csv(StrCat("kode_fasilitator,nik,nama,wilayah_domisili,modul,tanggal,sesi_per_hari\n"
                       "F1,'",
                       person->nik, ",,,M1;M2,,2\n",
                       "F2,,Narasumber KPU,32.71,semua,2024-01-25..2024-01-27,\n")),
      {});
  ASSERT_THAT(r.status(), IsOk());
  EXPECT_THAT(r->errors, IsEmpty());
  auto f1 = ps_->FindFacilitatorByCode("F1");
  ASSERT_TRUE(f1->has_value());
  EXPECT_EQ((*f1)->person_id, pps->front().id);
  EXPECT_EQ((*f1)->name, person->name);
  EXPECT_THAT((*f1)->modules, ElementsAre("M1", "M2"));
  EXPECT_EQ((*f1)->max_sessions_per_day, 2);
  auto f2 = ps_->FindFacilitatorByCode("F2");
  EXPECT_THAT((*f2)->modules, ElementsAre("EVAL", "M1", "M2", "M3", "M4"));
  EXPECT_EQ((*f2)->dates.size(), 3u);
  EXPECT_EQ((*f2)->max_sessions_per_day, 3);

  auto bad = ImportFacilitators(
      env_.reg(), *ps_,
      *env_.Csv("kode_fasilitator,nik,nama,wilayah_domisili,modul,tanggal,sesi_per_hari\n"
                "F3,'3271010101900001,,,M1,,\n"
                "F4,,Tanpa Wilayah,,M9,,0\n"
                "F5,,,32.71,,kemarin,\n"),
      {});
  ASSERT_THAT(bad.status(), IsOk());
  EXPECT_THAT(Errors(*bad), ElementsAre("2 B facilitator.nik_unknown", "3 D work_region.missing",
                                        "3 E facilitator.module_unknown",
                                        "3 G facilitator.sessions", "4 C facilitator.name_missing",
                                        "4 E facilitator.modules_missing", "4 F dates.invalid"));
  // The NIK is masked in the error table.
  EXPECT_EQ(bad->errors[0].value, "3271********0001");
  EXPECT_FALSE(ps_->FindFacilitatorByCode("F3")->has_value());
}

TEST_F(PlanningTest, ADemoKecamatanIsPlannedSavedShownAndReplanned) {
  Generate("32.71.01");
  const Scope kec = *ParseScope("32.71.01");
  auto data = GeneratePlanningData(env_.reg(), *ps_, kec, 1);
  ASSERT_THAT(data.status(), IsOk());
  EXPECT_GT(data->venues, 1);
  EXPECT_GT(data->facilitators, 5);
  // Twice: the same codes, nothing new.
  auto data2 = GeneratePlanningData(env_.reg(), *ps_, kec, 1);
  EXPECT_EQ(ps_->ListVenues(Scope::National())->size(), static_cast<size_t>(data->venues));
  (void)data2;

  PlanRequest req{kec, Date{2024, 1, 25}, Date{2024, 1, 29}};
  auto first = RunPlan(env_.reg(), *ps_, req);
  ASSERT_THAT(first.status(), IsOk());
  const auto& s = first->plan.summary;
  auto tps = env_.store().CountTps(kec);
  EXPECT_EQ(s.crews, *tps);
  EXPECT_EQ(s.placed, s.crews) << "unplaced: " << s.unplaced;
  EXPECT_GE(s.batches, s.lower_bound);
  EXPECT_NE(first->plan_id, 0);
  EXPECT_FALSE(first->replanned);

  auto shown = LoadPlan(env_.reg(), *ps_, kec);
  ASSERT_THAT(shown.status(), IsOk());
  ASSERT_TRUE(shown->has_value());
  EXPECT_EQ(PlanJson(**shown, env_.ref(), Lang::kEn), PlanJson(*first, env_.ref(), Lang::kEn));
  const auto j = nlohmann::json::parse(PlanJson(*first, env_.ref(), Lang::kId));
  EXPECT_EQ(j["batches"], s.batches);
  EXPECT_EQ(j["batch_list"][0]["zone"], "WIB");
  EXPECT_EQ(j["batch_list"][0]["start_local"].get<std::string>().substr(10), "T08:00:00+07:00");

  // Cancel the venue of the first batch: only its crews move.
  const auto& b0 = first->plan.batches[0];
  const std::string code = first->venues.at(b0.venue).code;
  ASSERT_THAT(CancelVenue(*ps_, code, nullptr), IsOk());
  auto re = RunPlan(env_.reg(), *ps_, req);
  ASSERT_THAT(re.status(), IsOk());
  EXPECT_TRUE(re->replanned);
  std::set<TpsCode> affected;
  for (const auto& b : first->plan.batches) {
    if (b.venue == b0.venue) affected.insert(b.crews.begin(), b.crews.end());
  }
  EXPECT_FALSE(re->plan.moved.empty());
  for (const auto& m : re->plan.moved) EXPECT_TRUE(affected.contains(m.tps));
  for (const auto& b : re->plan.batches) EXPECT_NE(b.venue, b0.venue);
  EXPECT_EQ(re->plan.summary.kept_batches,
            static_cast<int64_t>(first->plan.batches.size()) -
                std::count_if(first->plan.batches.begin(), first->plan.batches.end(),
                              [&](const plan::Batch& b) { return b.venue == b0.venue; }));

  store::UserRow other;
  other.username = "ppk2";
  other.role = store::UserRole::kPpk;
  other.scope = 327102;
  EXPECT_THAT(RunPlan(env_.reg(), *ps_, req, &other).status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(LoadPlan(env_.reg(), *ps_, kec, &other).status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(CancelVenue(*ps_, "BALAI-3271011001", &other),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(CancelVenue(*ps_, "NOPE", nullptr), StatusIs(absl::StatusCode::kNotFound));
  PlanRequest empty{*ParseScope("32.71.02"), Date{2024, 1, 25}, Date{2024, 1, 29}};
  EXPECT_THAT(RunPlan(env_.reg(), *ps_, empty).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

}  // namespace
}  // namespace bimtek::service

// The planning store on both backends: curriculum versions, venues and facilitators put by code
// (all or nothing), scoped lists, cancelling, and saved plans with their batches.
#include <memory>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/backend_fixture.h"
#include "store/postgres/postgres_planning.h"
#include "store/sqlite/sqlite_planning.h"

namespace bimtek::store {
namespace {

using ::bimtek::testing::IsOk;
using ::bimtek::testing::StatusIs;
using ::testing::ElementsAre;

plan::Venue Venue(const std::string& code, RegionCode region, int capacity) {
  plan::Venue v;
  v.code = code;
  v.name = "Aula\t" + code + "\\";
  v.address = "Jl. Batutulis\nNo. 1";
  v.region = region;
  v.capacity = capacity;
  v.hours = {{std::nullopt, 8 * 60, 17 * 60}, {Date{2024, 1, 25}, 9 * 60, 12 * 60}};
  return v;
}

plan::Facilitator Fac(const std::string& code, RegionCode home, int64_t person) {
  plan::Facilitator f;
  f.code = code;
  f.name = "Fasilitator " + code;
  f.person_id = person;
  f.home = home;
  f.modules = {"M1", "M3"};
  f.dates = {Date{2024, 1, 25}, Date{2024, 1, 26}};
  f.max_sessions_per_day = 2;
  return f;
}

class PlanningConformanceTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto p = Open(db());
    ASSERT_TRUE(p.ok()) << p.status();
    ps_ = std::move(*p);
  }
  void TearDown() override {
    ps_.reset();
    BackendTest::TearDown();
  }
  StatusOr<std::unique_ptr<PlanningStore>> Open(const std::string& db) {
    return pg() ? OpenPostgresPlanning(db) : OpenSqlitePlanning(db);
  }
  std::unique_ptr<PlanningStore> ps_;
};

TEST_P(PlanningConformanceTest, CurriculumEditsAreNumberedVersions) {
  auto v1 = ps_->AddCurriculumVersion({"kpps-2024", 0, R"({"modules":[]})", "first", 100});
  ASSERT_THAT(v1.status(), IsOk());
  EXPECT_EQ(*v1, 1);
  auto v2 = ps_->AddCurriculumVersion({"kpps-2024", 7, R"({"modules":[1]})", "second", 200});
  ASSERT_THAT(v2.status(), IsOk());
  EXPECT_EQ(*v2, 2);
  EXPECT_EQ(*ps_->AddCurriculumVersion({"other", 0, "{}", "", 300}), 1);

  auto latest = ps_->FindCurriculum("kpps-2024");
  ASSERT_TRUE(latest.ok() && latest->has_value());
  EXPECT_EQ((*latest)->version, 2);
  EXPECT_EQ((*latest)->content_json, R"({"modules":[1]})");
  EXPECT_EQ((*latest)->note, "second");
  EXPECT_EQ((*latest)->created_unix, 200);
  auto first = ps_->FindCurriculum("kpps-2024", 1);
  ASSERT_TRUE(first.ok() && first->has_value());
  EXPECT_EQ((*first)->content_json, R"({"modules":[]})");
  EXPECT_FALSE(ps_->FindCurriculum("kpps-2024", 3)->has_value());
  EXPECT_FALSE(ps_->FindCurriculum("nope")->has_value());

  auto list = ps_->ListCurriculumVersions("kpps-2024");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].version, 1);
  EXPECT_EQ((*list)[1].version, 2);
  EXPECT_EQ((*list)[1].note, "second");
  EXPECT_TRUE((*list)[1].content_json.empty());
}

TEST_P(PlanningConformanceTest, VenuesArePutByCodeListedByScopeAndCancelled) {
  auto n = ps_->PutVenues(
      {Venue("V1", 327101, 40), Venue("V2", 3271011001, 30), Venue("J1", 3171011001, 50)});
  ASSERT_THAT(n.status(), IsOk());
  EXPECT_EQ(*n, 3);
  // An update of V1, a new V3, and V3 again in the same call (the last values win, new once).
  plan::Venue v1 = Venue("V1", 327101, 45);
  v1.name = "Aula Kecamatan";
  plan::Venue v3 = Venue("V3", 327102, 10);
  plan::Venue v3b = Venue("V3", 327102, 12);
  n = ps_->PutVenues({v1, v3, v3b});
  ASSERT_THAT(n.status(), IsOk());
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(*ps_->PutVenues({}), 0);

  auto bogor = ps_->ListVenues(Scope::Of(3271));
  ASSERT_THAT(bogor.status(), IsOk());
  ASSERT_EQ(bogor->size(), 3u);
  EXPECT_EQ((*bogor)[0].code, "V1");
  EXPECT_EQ((*bogor)[0].name, "Aula Kecamatan");
  EXPECT_EQ((*bogor)[0].capacity, 45);
  EXPECT_EQ((*bogor)[1].code, "V2");
  EXPECT_EQ((*bogor)[2].code, "V3");
  EXPECT_EQ((*bogor)[2].capacity, 12);
  EXPECT_LT((*bogor)[0].id, (*bogor)[1].id);
  EXPECT_LT((*bogor)[1].id, (*bogor)[2].id);
  EXPECT_EQ(ps_->ListVenues(Scope::Of(327101))->size(), 2u);
  EXPECT_EQ(ps_->ListVenues(Scope::National())->size(), 4u);

  auto v2 = ps_->FindVenueByCode("V2");
  ASSERT_TRUE(v2.ok() && v2->has_value());
  EXPECT_EQ((*v2)->name, "Aula\tV2\\");
  EXPECT_EQ((*v2)->address, "Jl. Batutulis\nNo. 1");
  EXPECT_EQ((*v2)->region, 3271011001);
  ASSERT_EQ((*v2)->hours.size(), 2u);
  EXPECT_EQ(plan::FormatVenueHours((*v2)->hours), plan::FormatVenueHours(Venue("V2", 0, 0).hours));
  EXPECT_TRUE((*v2)->active);
  EXPECT_FALSE(ps_->FindVenueByCode("V9")->has_value());

  ASSERT_THAT(ps_->SetVenueActive("V2", false), IsOk());
  EXPECT_FALSE((*ps_->FindVenueByCode("V2"))->active);
  EXPECT_EQ(ps_->ListVenues(Scope::Of(3271))->size(), 3u);  // cancelled ones are listed too
  ASSERT_THAT(ps_->SetVenueActive("V2", true), IsOk());
  EXPECT_TRUE((*ps_->FindVenueByCode("V2"))->active);
  EXPECT_THAT(ps_->SetVenueActive("V9", false), StatusIs(absl::StatusCode::kNotFound, "V9"));
}

TEST_P(PlanningConformanceTest, FacilitatorsKeepPersonModulesAndDates) {
  auto n = ps_->PutFacilitators({Fac("F1", 3271, 42), Fac("F2", 327101, 0)});
  ASSERT_THAT(n.status(), IsOk());
  EXPECT_EQ(*n, 2);
  plan::Facilitator f2 = Fac("F2", 327101, 7);
  f2.dates.clear();
  f2.modules = {"EVAL"};
  EXPECT_EQ(*ps_->PutFacilitators({f2}), 0);

  auto list = ps_->ListFacilitators(Scope::Of(3271));
  ASSERT_THAT(list.status(), IsOk());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].code, "F1");
  EXPECT_EQ((*list)[0].person_id, 42);
  EXPECT_EQ((*list)[0].home, 3271);
  EXPECT_THAT((*list)[0].modules, ElementsAre("M1", "M3"));
  EXPECT_THAT((*list)[0].dates, ElementsAre(Date{2024, 1, 25}, Date{2024, 1, 26}));
  EXPECT_EQ((*list)[0].max_sessions_per_day, 2);
  EXPECT_EQ((*list)[1].person_id, 7);
  EXPECT_TRUE((*list)[1].dates.empty());
  EXPECT_THAT((*list)[1].modules, ElementsAre("EVAL"));
  EXPECT_EQ(ps_->ListFacilitators(Scope::Of(327101))->size(), 1u);
  EXPECT_TRUE(ps_->ListFacilitators(Scope::Of(31))->empty());

  auto f1 = ps_->FindFacilitatorByCode("F1");
  ASSERT_TRUE(f1.ok() && f1->has_value());
  EXPECT_EQ((*f1)->name, "Fasilitator F1");
  ASSERT_THAT(ps_->SetFacilitatorActive("F1", false), IsOk());
  EXPECT_FALSE((*ps_->FindFacilitatorByCode("F1"))->active);
  EXPECT_THAT(ps_->SetFacilitatorActive("F9", false), StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(PlanningConformanceTest, APlanIsSavedWithItsBatchesAndTheNewestIsFound) {
  EXPECT_FALSE(ps_->LatestPlan(Scope::Of(327101))->has_value());
  plan::Batch b1;
  b1.id = 1;
  b1.venue = 11;
  b1.date = Date{2024, 1, 25};
  b1.zone = TimeZone::kWib;
  b1.start_min = 480;
  b1.end_min = 960;
  b1.kecamatan = 327101;
  b1.people = 14;
  b1.sessions = {{"M1", 480, 600, 5}, {"M3", 610, 720, 6}};
  b1.crews = {3271011001001, 3271011001002};
  plan::Batch b2 = b1;
  b2.id = 2;
  b2.fallback = true;
  b2.zone = TimeZone::kWita;
  b2.sessions = {{"EVAL", 900, 960, 5}};
  b2.crews = {3271011001003};
  PlanRow p;
  p.scope = Scope::Of(327101);
  p.from = Date{2024, 1, 25};
  p.to = Date{2024, 1, 29};
  p.curriculum = "kpps-2024";
  p.curriculum_version = 2;
  p.created_unix = 1000;
  p.result_json = R"({"summary":{"batches":2}})";
  auto id1 = ps_->SavePlan(p, {b1, b2});
  ASSERT_THAT(id1.status(), IsOk());
  p.created_unix = 2000;
  auto id2 = ps_->SavePlan(p, {b2});
  ASSERT_THAT(id2.status(), IsOk());
  EXPECT_GT(*id2, *id1);
  PlanRow national = p;
  national.scope = Scope::National();
  ASSERT_THAT(ps_->SavePlan(national, {}).status(), IsOk());

  auto latest = ps_->LatestPlan(Scope::Of(327101));
  ASSERT_TRUE(latest.ok() && latest->has_value()) << latest.status();
  EXPECT_EQ((*latest)->id, *id2);
  EXPECT_EQ((*latest)->scope.code, 327101);
  EXPECT_EQ((*latest)->from, (Date{2024, 1, 25}));
  EXPECT_EQ((*latest)->to, (Date{2024, 1, 29}));
  EXPECT_EQ((*latest)->curriculum, "kpps-2024");
  EXPECT_EQ((*latest)->curriculum_version, 2);
  EXPECT_EQ((*latest)->created_unix, 2000);
  EXPECT_EQ((*latest)->result_json, p.result_json);
  auto nat = ps_->LatestPlan(Scope::National());
  ASSERT_TRUE(nat.ok() && nat->has_value());
  EXPECT_TRUE((*nat)->scope.national());
  EXPECT_TRUE(ps_->PlanBatches((*nat)->id)->empty());

  auto batches = ps_->PlanBatches(*id1);
  ASSERT_THAT(batches.status(), IsOk());
  ASSERT_EQ(batches->size(), 2u);
  const plan::Batch& got = (*batches)[0];
  EXPECT_EQ(got.id, 1);
  EXPECT_EQ(got.venue, 11);
  EXPECT_EQ(got.date, (Date{2024, 1, 25}));
  EXPECT_EQ(got.zone, TimeZone::kWib);
  EXPECT_EQ(got.start_min, 480);
  EXPECT_EQ(got.end_min, 960);
  EXPECT_EQ(got.kecamatan, 327101);
  EXPECT_FALSE(got.fallback);
  EXPECT_EQ(got.people, 14);
  ASSERT_EQ(got.sessions.size(), 2u);
  EXPECT_EQ(got.sessions[1].module, "M3");
  EXPECT_EQ(got.sessions[1].start_min, 610);
  EXPECT_EQ(got.sessions[1].end_min, 720);
  EXPECT_EQ(got.sessions[1].facilitator, 6);
  EXPECT_THAT(got.crews, ElementsAre(3271011001001, 3271011001002));
  EXPECT_TRUE((*batches)[1].fallback);
  EXPECT_EQ((*batches)[1].zone, TimeZone::kWita);
  EXPECT_THAT((*batches)[1].crews, ElementsAre(3271011001003));
  EXPECT_EQ(ps_->PlanBatches(*id2)->size(), 1u);
  EXPECT_TRUE(ps_->PlanBatches(999999)->empty());
}

TEST_P(PlanningConformanceTest, APlanWhoseCrewsRepeatWritesNothing) {
  plan::Batch b;
  b.id = 1;
  b.date = Date{2024, 1, 25};
  b.crews = {3271011001001, 3271011001001};  // a TPS in one plan once only
  PlanRow p;
  p.scope = Scope::Of(3271);
  p.from = p.to = Date{2024, 1, 25};
  p.curriculum = "kpps-2024";
  EXPECT_FALSE(ps_->SavePlan(p, {b}).ok());
  EXPECT_FALSE(ps_->LatestPlan(Scope::Of(3271))->has_value());
}

TEST_P(PlanningConformanceTest, APlanIsPublishedOnceTheFirstTimeKept) {
  PlanRow p;
  p.scope = Scope::Of(327101);
  p.from = p.to = Date{2024, 1, 25};
  p.curriculum = "kpps-2024";
  auto id = ps_->SavePlan(p, {});
  ASSERT_THAT(id.status(), IsOk());
  auto draft = ps_->PlanPublishedAt(*id);
  ASSERT_THAT(draft.status(), IsOk());
  EXPECT_FALSE(draft->has_value());
  ASSERT_THAT(ps_->PublishPlan(*id, 500, 7), IsOk());
  ASSERT_THAT(ps_->PublishPlan(*id, 900, 8), IsOk());
  auto at = ps_->PlanPublishedAt(*id);
  ASSERT_TRUE(at.ok() && at->has_value());
  EXPECT_EQ(**at, 500);
}

TEST_P(PlanningConformanceTest, PublishingAPlanThatDoesNotExistIsNotFound) {
  EXPECT_THAT(ps_->PublishPlan(987654, 500, 7), StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(PlanningConformanceTest, AnotherConnectionSeesWhatWasPut) {
  ASSERT_THAT(ps_->PutVenues({Venue("V1", 327101, 40)}).status(), IsOk());
  auto other = Open(db());
  ASSERT_THAT(other.status(), IsOk());
  EXPECT_TRUE((*other)->FindVenueByCode("V1")->has_value());
}

TEST_P(PlanningConformanceTest, RefusesAStoreWithoutPlanningTables) {
  EXPECT_THAT(Open(Unmigrated()).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition, "planning tables"));
}

INSTANTIATE_TEST_SUITE_P(Backends, PlanningConformanceTest,
                         ::testing::Values("sqlite", "postgresql"), BackendName);

}  // namespace
}  // namespace bimtek::store

// Attendance use cases over a real SQLite store with a generated and planned kecamatan: who may
// check people in (the batch's facilitator, operators covering it; not a facilitator of another
// batch, not an operator elsewhere), check-in by code (typed or the QR's URL) and by list, a
// code of another batch refused with a clear message, a replayed queue harmless, the sheet
// import (row errors, nothing half written, audit), reports and the honoraria PDF.
#include "service/attendance.h"

#include <set>

#include "base/strings.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/auth.h"
#include "service/gen.h"
#include "service/planning.h"
#include "service/registry_env.h"
#include "store/sqlite/sqlite_accounts.h"
#include "store/sqlite/sqlite_attendance.h"
#include "store/sqlite/sqlite_planning.h"

namespace bimtek::service {
namespace {

using ::bimtek::testing::IsOk;
using ::bimtek::testing::RegistryEnv;
using ::bimtek::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kPassword[] = "correct-horse-1";

class AttendanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    GenOptions o;
    o.scope = kec_;
    o.seed = 5;
    ASSERT_THAT(GenerateIntoStore(env_.reg(), o).status(), IsOk());
    auto ps = store::OpenSqlitePlanning(env_.db_path());
    ASSERT_THAT(ps.status(), IsOk());
    ps_ = std::move(ps).value();
    auto acc = store::OpenSqliteAccounts(env_.db_path());
    ASSERT_THAT(acc.status(), IsOk());
    accounts_ = std::move(acc).value();
    auto att = store::OpenSqliteAttendance(env_.db_path());
    ASSERT_THAT(att.status(), IsOk());
    att_ = std::move(att).value();
    AuthConfig config;
    config.cheap_hashing = true;
    auth_ = std::make_unique<Auth>(*accounts_, &env_.reg(), config);
    service_ = std::make_unique<Attendance>(env_.reg(), *ps_, *accounts_, *att_);

    ASSERT_THAT(GeneratePlanningData(env_.reg(), *ps_, kec_, 1).status(), IsOk());
    auto plan = RunPlan(env_.reg(), *ps_, PlanRequest{kec_, Date{2024, 1, 25}, Date{2024, 1, 29}});
    ASSERT_THAT(plan.status(), IsOk());
    ASSERT_GE(plan->plan.batches.size(), 2u);
    auto saved = ps_->LatestPlan(kec_);
    ASSERT_TRUE(saved.ok() && saved->has_value());
    plan_id_ = (*saved)->id;
    a_ = plan->plan.batches[0];
    b_ = plan->plan.batches[1];
    admin_ = Add("admin", store::UserRole::kNationalAdmin, 0);
    // The facilitator of batch a's first session, by their code.
    auto fac = ps_->ListFacilitators(kec_);
    ASSERT_THAT(fac.status(), IsOk());
    for (const auto& f : *fac) {
      if (f.id == a_.sessions[0].facilitator) fac_code_ = f.code;
    }
    ASSERT_FALSE(fac_code_.empty());
    facilitator_ = Add(fac_code_, store::UserRole::kFacilitator, kec_.code);
  }

  store::UserRow Add(const std::string& name, store::UserRole role, RegionCode scope) {
    auto u = auth_->AddUser(NewUser{name, role, scope, ""}, kPassword);
    EXPECT_THAT(u.status(), IsOk());
    return u.ok() ? *u : store::UserRow{};
  }

  // The people of a batch, loaded as the admin sees them.
  std::vector<BatchPerson> People(const plan::Batch& b) {
    auto got = service_->Batch(admin_, kec_, b.id);
    EXPECT_THAT(got.status(), IsOk());
    return got.ok() ? got->people : std::vector<BatchPerson>{};
  }

  // Issues an access code to a person (by their NIK, opened from the store).
  std::string CodeOf(int64_t person_id) {
    auto row = env_.store().FindPerson(person_id);
    EXPECT_TRUE(row.ok() && row->has_value());
    auto p = OpenPerson(env_.vault(), **row);
    EXPECT_THAT(p.status(), IsOk());
    nik_[person_id] = p->nik;
    auto code = auth_->IssueAccessCode(admin_, p->nik);
    EXPECT_THAT(code.status(), IsOk());
    return *code;
  }

  CheckinRequest Typed(std::string id, std::string code) {
    return {std::move(id), store::CheckinMethod::kTyped, std::move(code), 0, 1706140800000};
  }
  CheckinRequest Ticked(std::string id, int64_t person) {
    return {std::move(id), store::CheckinMethod::kList, "", person, 1706140800000};
  }
  static std::vector<std::string> Statuses(const std::vector<CheckinReply>& rs) {
    std::vector<std::string> out;
    for (const auto& r : rs) out.push_back(r.status == "error" ? r.code : r.status);
    return out;
  }

  const Scope kec_ = *ParseScope("32.71.01");
  RegistryEnv env_;
  std::unique_ptr<store::PlanningStore> ps_;
  std::unique_ptr<store::AccountStore> accounts_;
  std::unique_ptr<store::AttendanceStore> att_;
  std::unique_ptr<Auth> auth_;
  std::unique_ptr<Attendance> service_;
  int64_t plan_id_ = 0;
  plan::Batch a_, b_;
  store::UserRow admin_, facilitator_;
  std::string fac_code_;
  std::map<int64_t, std::string> nik_;
};

TEST(CodeFromScanTest, TakesTheCodeOutOfTheInvitationUrlOrTheTextItself) {
  EXPECT_EQ(CodeFromScan("https://bimtek.kpu.go.id/masuk?kode=K7MPQ2XWTA"), "K7MPQ2XWTA");
  EXPECT_EQ(CodeFromScan("https://x.example/masuk?a=1&kode=k7mpq%2D2xwta#top"), "K7MPQ2XWTA");
  EXPECT_EQ(CodeFromScan("https://x.example/p?code=ABCDE23456&z=9"), "ABCDE23456");
  EXPECT_EQ(CodeFromScan(" k7mpq-2xwta "), "K7MPQ2XWTA");
  EXPECT_EQ(CodeFromScan("https://x.example/p?barcode=NOPE&kode=ABC"), "ABC");
}

TEST_F(AttendanceTest, TheBatchFacilitatorAndCoveringOperatorsMayWorkOthersMayNot) {
  EXPECT_THAT(service_->Batch(facilitator_, kec_, a_.id).status(), IsOk());
  EXPECT_THAT(
      service_->Batch(Add("op.bogor", store::UserRole::kKabKota, 3271), kec_, a_.id).status(),
      IsOk());
  EXPECT_THAT(service_->Batch(Add("ppk.kec", store::UserRole::kPpk, 327101), kec_, a_.id).status(),
              IsOk());
  // An operator of another kota, a facilitator not assigned to the batch (even inside the
  // region), a participant: refused.
  EXPECT_THAT(
      service_->Batch(Add("op.other", store::UserRole::kKabKota, 3201), kec_, a_.id).status(),
      StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(
      service_->Batch(Add("someone-else", store::UserRole::kFacilitator, 327101), kec_, a_.id)
          .status(),
      StatusIs(absl::StatusCode::kPermissionDenied));
  const std::vector<BatchPerson> people = People(a_);
  ASSERT_FALSE(people.empty());
  CodeOf(people[0].person_id);
  auto participant = accounts_->FindUserByPerson(people[0].person_id);
  ASSERT_TRUE(participant.ok() && participant->has_value());
  EXPECT_THAT(
      service_
          ->CheckIn(**participant, kec_, a_.id, {Ticked("p:1", people[0].person_id)}, 1, Lang::kEn)
          .status(),
      StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(service_->Batch(admin_, kec_, 999999).status(),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_TRUE(att_->ListBatch(kec_.code, a_.id)->empty());
}

TEST_F(AttendanceTest, CheckInByCodeAndListOnceEvenWhenTheQueueIsSentAgain) {
  const std::vector<BatchPerson> people = People(a_);
  ASSERT_GE(people.size(), 3u);
  EXPECT_EQ(static_cast<int>(people.size()), a_.people);
  const std::string code0 = CodeOf(people[0].person_id);
  const std::string url1 =
      StrCat("https://bimtek.kpu.go.id/masuk?kode=", CodeOf(people[1].person_id));
  std::vector<CheckinRequest> queue = {
      Typed("dev:1", StrCat(code0.substr(0, 5), "-", code0.substr(5))),
      {"dev:2", store::CheckinMethod::kScan, url1, 0, 1706140800000},
      Ticked("dev:3", people[2].person_id),
      Ticked("dev:4", people[0].person_id),  // ticked again on the list: already present
  };
  auto first = service_->CheckIn(facilitator_, kec_, a_.id, queue, 1706140900000, Lang::kId);
  ASSERT_THAT(first.status(), IsOk());
  EXPECT_THAT(Statuses(*first), ElementsAre("new", "new", "new", "already_present"));
  EXPECT_EQ((*first)[0].person_id, people[0].person_id);
  EXPECT_EQ((*first)[1].name, people[1].name);
  // The phone lost the answer and sends the whole queue again, then once more after a reload.
  for (int i = 0; i < 2; ++i) {
    auto again = service_->CheckIn(facilitator_, kec_, a_.id, queue, 1706141000000, Lang::kId);
    ASSERT_THAT(again.status(), IsOk());
    EXPECT_THAT(Statuses(*again), ElementsAre("replay", "replay", "replay", "already_present"));
  }
  auto rows = att_->ListBatch(kec_.code, a_.id);
  ASSERT_THAT(rows.status(), IsOk());
  ASSERT_EQ(rows->size(), 3u);
  std::set<store::CheckinMethod> methods;
  for (const auto& r : *rows) {
    methods.insert(r.method);
    EXPECT_EQ(r.by, facilitator_.username);  // the code in lower case
    EXPECT_EQ(r.server_ms, 1706140900000);  // the first time, not the replays
  }
  EXPECT_EQ(methods.size(), 3u);
  auto b = service_->Batch(facilitator_, kec_, a_.id);
  EXPECT_EQ(b->present, 3);
}

TEST_F(AttendanceTest, ACodeOfAnotherBatchOrUnknownIsAnsweredClearlyAndWritesNothing) {
  const std::vector<BatchPerson> others = People(b_);
  ASSERT_FALSE(others.empty());
  const std::string code = CodeOf(others[0].person_id);
  auto r = service_->CheckIn(facilitator_, kec_, a_.id,
                             {Typed("x:1", code), Typed("x:2", "ZZZZZ-ZZZZZ"),
                              Ticked("x:3", others[0].person_id), Typed("bad id!", code)},
                             1, Lang::kEn);
  ASSERT_THAT(r.status(), IsOk());
  EXPECT_THAT(Statuses(*r), ElementsAre("attendance.code_not_in_batch", "attendance.code_unknown",
                                        "attendance.person_not_in_batch", "attendance.client_id"));
  EXPECT_THAT((*r)[0].message, HasSubstr(others[0].name));
  EXPECT_THAT((*r)[0].message, HasSubstr("is not a participant of batch"));
  for (const auto& x : *r) EXPECT_TRUE(IsKnownProblemCode(x.code)) << x.code;
  EXPECT_TRUE(att_->ListBatch(kec_.code, a_.id)->empty());
  // The same code is fine in its own batch, by an operator covering it.
  auto own = service_->CheckIn(admin_, kec_, b_.id, {Typed("x:4", code)}, 1, Lang::kEn);
  EXPECT_THAT(Statuses(*own), ElementsAre("new"));
}

TEST_F(AttendanceTest, ASheetWithAnyErrorWritesNothingAndACleanOneIsImportedOnceWithAudit) {
  const std::vector<BatchPerson> people = People(a_);
  const std::vector<BatchPerson> others = People(b_);
  ASSERT_GE(people.size(), 4u);
  const std::string c0 = CodeOf(people[0].person_id);
  CodeOf(people[1].person_id);
  const std::string n1 = nik_[people[1].person_id];
  CodeOf(others[0].person_id);
  const std::string other_nik = nik_[others[0].person_id];
  const Actor actor{"tester", "127.0.0.1"};

  const std::string bad =
      StrCat("NIK,Kode akses,Nama,Hadir\n", ",", c0, ",", people[0].name, ",ya\n", "'", n1, ",,",
             people[1].name, ",mungkin\n", "'", other_nik, ",,X,ya\n", ",", c0, ",,1\n",
             "'1234,,,ya\n", ",,,ya\n");
  auto sheet = env_.Csv(bad);
  auto rep = service_->Import(facilitator_, actor, kec_, a_.id, *sheet, false, 5);
  ASSERT_THAT(rep.status(), IsOk());
  EXPECT_FALSE(rep->committed);
  std::vector<std::string> errs;
  for (const auto& e : rep->errors) {
    errs.push_back(StrCat(e.row, " ", e.column.substr(0, 1), " ", e.problem.code));
    EXPECT_TRUE(IsKnownProblemCode(e.problem.code)) << e.problem.code;
  }
  EXPECT_THAT(errs, ElementsAre("3 D attendance.present_value", "4 A attendance.code_not_in_batch",
                                "5 B attendance.row_duplicate", "6 A attendance.nik_format",
                                "7  attendance.who_missing"));
  EXPECT_TRUE(att_->ListBatch(kec_.code, a_.id)->empty());  // nothing half written

  // Fixed: two present (by code and by NIK), one absent.
  const std::string good = StrCat("NIK,Kode akses,Nama,Hadir\n", ",", c0, ",", people[0].name,
                                  ",ya\n", "'", n1, ",,", people[1].name, ",V\n");
  auto dry = service_->Import(facilitator_, actor, kec_, a_.id, *env_.Csv(good), true, 5);
  ASSERT_THAT(dry.status(), IsOk());
  EXPECT_TRUE(dry->errors.empty());
  EXPECT_EQ(dry->inserted, 2);
  EXPECT_FALSE(dry->committed);
  EXPECT_TRUE(att_->ListBatch(kec_.code, a_.id)->empty());
  auto ok = service_->Import(facilitator_, actor, kec_, a_.id, *env_.Csv(good), false, 5);
  ASSERT_THAT(ok.status(), IsOk());
  EXPECT_TRUE(ok->committed);
  EXPECT_EQ(ok->inserted, 2);
  EXPECT_EQ(att_->ListBatch(kec_.code, a_.id)->size(), 2u);
  auto again = service_->Import(facilitator_, actor, kec_, a_.id, *env_.Csv(good), false, 6);
  EXPECT_EQ(again->inserted, 0);
  EXPECT_EQ(again->unchanged, 2);
  EXPECT_EQ(att_->ListBatch(kec_.code, a_.id)->size(), 2u);
  store::AuditQuery q;
  q.action_prefix = "attendance.";
  auto audit = env_.store().ListAudit(Scope::National(), q);
  ASSERT_THAT(audit.status(), IsOk());
  ASSERT_EQ(audit->size(), 2u);
  EXPECT_EQ((*audit)[0].actor, "tester");
  EXPECT_THAT((*audit)[1].after_json, HasSubstr("\"new\":2"));
  // A header without the needed columns stops the whole file.
  EXPECT_THAT(
      service_->Import(facilitator_, actor, kec_, a_.id, *env_.Csv("Nama\nX\n"), false, 5).status(),
      StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(AttendanceTest, ReportsCountPresentAgainstExpectedAndTheHonorariaListMarksThem) {
  const std::vector<BatchPerson> people = People(a_);
  ASSERT_THAT(
      service_
          ->CheckIn(facilitator_, kec_, a_.id,
                    {Ticked("r:1", people[0].person_id), Ticked("r:2", people[1].person_id)},
                    1706140900000, Lang::kId)
          .status(),
      IsOk());
  auto rep = service_->Report(admin_, kec_);
  ASSERT_THAT(rep.status(), IsOk());
  EXPECT_EQ(rep->plan_id, plan_id_);
  EXPECT_EQ(rep->present, 2);
  int64_t expected = 0;
  for (const auto& b : rep->batches) {
    expected += b.expected;
    EXPECT_EQ(b.present, b.batch_id == a_.id ? 2 : 0);
  }
  EXPECT_EQ(rep->expected, expected);
  ASSERT_EQ(rep->regions.size(), 1u);
  EXPECT_EQ(rep->regions[0].present, 2);
  EXPECT_EQ(rep->regions[0].expected, expected);
  EXPECT_THAT(service_->Report(Add("op.other", store::UserRole::kKabKota, 3201), kec_).status(),
              StatusIs(absl::StatusCode::kPermissionDenied));

  auto pdf = service_->HonorariaPdf(facilitator_, kec_, a_.id);
  ASSERT_THAT(pdf.status(), IsOk());
  const std::string path = env_.dir().File("honor.pdf");
  bimtek::testing::WriteFileOrDie(path, *pdf);
  std::string text;
  ASSERT_EQ(bimtek::testing::RunCommand(StrCat("pdftotext -layout ", path, " -"), &text), 0);
  EXPECT_THAT(text, HasSubstr("DAFTAR HADIR (HONORARIUM)"));
  EXPECT_THAT(text, HasSubstr(people[0].name));
  EXPECT_THAT(text, HasSubstr(StrCat("Hadir (tercatat): 2 orang; tidak hadir: ", people.size() - 2,
                                     " orang")));
  // 1706140900000 ms is 00:01:40 UTC on 25 January 2024: 07.01 WIB.
  size_t marks = 0;
  for (size_t at = text.find("Hadir 07.01"); at != std::string::npos;
       at = text.find("Hadir 07.01", at + 1)) {
    ++marks;
  }
  EXPECT_EQ(marks, 2u);
}

}  // namespace
}  // namespace bimtek::service

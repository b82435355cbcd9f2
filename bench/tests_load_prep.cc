// Preparation of the HTTP load benchmark of tests (issue 5, bench/tests_load.sh): for the first
// COUNT active people working in the test's scope, a participant account (as printing their
// invitation letter makes it), a session (as a login makes it, without the Argon2id cost of
// logging in 100,000 people), and the test fetched once through the service (the signed
// attempt key). Writes one line per participant: "TOKEN<TAB>CSRF<TAB>SUBMIT-BODY-JSON", the
// cookie token, the CSRF header and the body of POST /api/v1/tests/{id}/submit.
// Usage: tests_load_prep DB TEST_ID COUNT OUT   (the key file is DB.key, as the CLI's default)
#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "base/rng.h"
#include "base/strings.h"
#include "crypto/vault.h"
#include "nlohmann/json.hpp"
#include "service/auth.h"
#include "service/reference.h"
#include "service/registry.h"
#include "service/tests.h"
#include "store/sqlite/sqlite_accounts.h"
#include "store/sqlite/sqlite_attempts.h"
#include "store/sqlite/sqlite_questions.h"
#include "store/sqlite/sqlite_store.h"

using namespace bimtek;  // NOLINT(build/namespaces)

namespace {

int Fail(const Status& s) {
  std::fprintf(stderr, "tests_load_prep: %s\n", s.ToString().c_str());
  return 2;
}

std::string RandomHex32() {
  unsigned char b[32];
  randombytes_buf(b, sizeof b);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : b) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

// As service/auth.cc stores a session: BLAKE2b-256 of the cookie token.
std::string TokenHash(std::string_view token) {
  std::string out(32, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), out.size(),
                     reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: tests_load_prep DB TEST_ID COUNT OUT\n");
    return 2;
  }
  if (sodium_init() < 0) return 2;
  const std::string db = argv[1];
  const int64_t test_id = std::stoll(argv[2]);
  const int64_t count = std::stoll(argv[3]);
  auto ref = service::DefaultReference();
  if (!ref.ok()) return Fail(ref.status());
  auto key = crypto::LoadOrCreateKeyFile(db + ".key");
  if (!key.ok()) return Fail(key.status());
  crypto::Vault vault(*key);
  auto registry = store::OpenSqliteStore(db, (*ref)->regions.all());
  if (!registry.ok()) return Fail(registry.status());
  if (Status s = service::BindKey(**registry, vault); !s.ok()) return Fail(s);
  auto accounts = store::OpenSqliteAccounts(db);
  if (!accounts.ok()) return Fail(accounts.status());
  auto tests = store::OpenSqliteTests(db);
  if (!tests.ok()) return Fail(tests.status());
  auto bank = store::OpenSqliteQuestions(db);
  if (!bank.ok()) return Fail(bank.status());
  service::Registry reg{**registry, vault, **ref};
  service::Auth auth(**accounts, &reg, service::AuthConfig{});
  service::Tests svc(**tests, **bank, **registry, &vault);
  auto lt = svc.Load(test_id);
  if (!lt.ok()) return Fail(lt.status());
  const RegionCode scope = (*lt)->test.scope;

  std::ofstream out(argv[4]);
  const auto start = std::chrono::steady_clock::now();
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  // First the candidates, then the writes: ForEachPerson holds one read snapshot for its whole
  // walk, and writes made meanwhile cannot be checkpointed out of the WAL, so every page read
  // searches an ever longer WAL index (it made the prep 30 ms per new participant). People
  // outside a desa (PPK) are skipped below, hence the margin.
  std::vector<store::PersonRow> people;
  const int64_t wanted = count + count / 4 + 1000;
  Status st = (*registry)->ForEachPerson(scope == 0 ? Scope::National() : Scope::Of(scope),
                                         [&](const store::PersonRow& p) -> Status {
                                           if (static_cast<int64_t>(people.size()) >= wanted)
                                             return absl::CancelledError("enough");
                                           if (p.active) people.push_back(p);
                                           return absl::OkStatus();
                                         });
  if (!st.ok() && !absl::IsCancelled(st)) return Fail(st);
  Rng rng(7);
  int64_t written = 0;
  st = [&]() -> Status {
    for (const store::PersonRow& p : people) {
      if (written >= count) break;
      auto code = auth.AccessCodeForPrint(nullptr, p);
      if (!code.ok()) continue;  // not in a desa (PPK): not a participant here
      ASSIGN_OR_RETURN(auto user, (*accounts)->FindUserByPerson(p.id));
      if (!user) return absl::InternalError("participant account missing");
      // One session per participant, as a phone has: earlier runs' sessions go, so that the
      // sessions table stays the size of the participants instead of growing with every run.
      RETURN_IF_ERROR((*accounts)->DeleteSessionsOfUser(user->id));
      const std::string token = RandomHex32(), csrf = RandomHex32();
      RETURN_IF_ERROR((*accounts)->PutSession(
          store::SessionRow{TokenHash(token), user->id, now, now + 12 * 3600, csrf}));
      ASSIGN_OR_RETURN(service::Delivery d, svc.Fetch(*user, test_id, now * 1000));
      if (d.done) continue;  // submitted in an earlier run
      nlohmann::json answers = nlohmann::json::object();
      for (const questions::Question& q : d.test->forms[static_cast<size_t>(d.form)]) {
        nlohmann::json a = nlohmann::json::array();
        const bool right = rng.Unit() < 0.7;
        if (q.type == questions::ItemType::kMatching) {
          for (const auto& [l, r] : q.pairs) a.push_back(StrCat(l, "=", r));
        } else if (right) {
          for (const auto& k : q.key) a.push_back(k);
        } else if (!q.options.empty()) {
          a.push_back(q.options[rng.Below(static_cast<uint32_t>(q.options.size()))].id);
        }
        answers[q.id] = a;
      }
      const nlohmann::json body = {{"key", d.key}, {"answers", answers}};
      out << token << '\t' << csrf << '\t' << body.dump() << '\n';
      ++written;
      if (written % 20000 == 0)
        std::fprintf(stderr, "  %lld participants\n", static_cast<long long>(written));
    }
    return absl::OkStatus();
  }();
  if (!st.ok() && !absl::IsCancelled(st)) return Fail(st);
  out.close();
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "%lld participants with sessions and keys in %.1f s\n",
               static_cast<long long>(written), secs);
  if (written < count) {
    std::fprintf(stderr, "tests_load_prep: only %lld of the %lld participants asked for\n",
                 static_cast<long long>(written), static_cast<long long>(count));
  }
  return written > 0 ? 0 : 1;
}

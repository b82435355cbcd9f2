// The national dashboard query, timed on one store (SQLite file or PostgreSQL URL): the registry
// summary of the whole country (service::ComputeStats, as GET /api/v1/regions/{code}/summary
// and `bimtek stats` compute it, without the server's cache), and the dashboard's table of the
// 38 provinces (one summary each). Called by bench/backends_bench.sh once per backend on the
// same generated data; prints one line "dashboard <backend> national_ms=<median>
// provinces_ms=<median> kpps=<count>" (medians over --runs, after one warm-up run).
// Usage: backends_bench --db PATH_OR_URL [--runs N]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "crypto/vault.h"
#include "fmt/format.h"
#include "service/reference.h"
#include "service/registry.h"
#include "service/stats.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace {

using namespace bimtek;  // NOLINT(build/namespaces)
using Clock = std::chrono::steady_clock;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int Fail(const Status& s) {
  std::cerr << "backends_bench: " << s << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db;
  int runs = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--db") db = argv[i + 1];
    if (a == "--runs") runs = std::max(1, std::stoi(argv[i + 1]));
  }
  if (db.empty()) {
    std::cerr << "usage: backends_bench --db PATH_OR_URL [--runs N]\n";
    return 2;
  }
  auto ref = service::DefaultReference();
  if (!ref.ok()) return Fail(ref.status());
  const bool pg = db.starts_with("postgresql://") || db.starts_with("postgres://");
  auto store = pg ? store::OpenPostgresStore(db, (*ref)->regions.all())
                  : store::OpenSqliteStore(db, (*ref)->regions.all());
  if (!store.ok()) return Fail(store.status());
  // Counting opens no sealed field: a throwaway key serves.
  const std::string key_path =
      (std::filesystem::temp_directory_path() / fmt::format("backends_bench_{}.key", getpid()))
          .string();
  auto key = crypto::LoadOrCreateKeyFile(key_path);
  std::filesystem::remove(key_path);
  if (!key.ok()) return Fail(key.status());
  crypto::Vault vault(*key);
  service::Registry reg{**store, vault, **ref};

  std::vector<Scope> provinces;
  for (const Region& r : (*ref)->regions.all()) {
    if (r.level == RegionLevel::kProvince) provinces.push_back(Scope::Of(r.code));
  }
  std::vector<double> national_ms, provinces_ms;
  int64_t kpps = 0;
  for (int run = 0; run <= runs; ++run) {  // run 0 warms the caches and is not counted
    auto t0 = Clock::now();
    auto all = service::ComputeStats(reg, Scope::National());
    if (!all.ok()) return Fail(all.status());
    auto t1 = Clock::now();
    for (const Scope& s : provinces) {
      auto one = service::ComputeStats(reg, s);
      if (!one.ok()) return Fail(one.status());
    }
    auto t2 = Clock::now();
    kpps = all->people.kpps;
    if (run == 0) continue;
    national_ms.push_back(Ms(t1 - t0));
    provinces_ms.push_back(Ms(t2 - t1));
  }
  std::cout << fmt::format(
      "dashboard {} national_ms={:.1f} provinces_ms={:.1f} provinces={} kpps={}\n",
      (*store)->backend(), Median(national_ms), Median(provinces_ms), provinces.size(), kpps);
  return 0;
}

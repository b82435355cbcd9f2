// People search benchmark (issue 3): generates the national registry (7.7 M people) into a
// SQLite store, then times the people search service as the server calls it: name prefixes and
// exact NIKs (through the blind index), in the national scope and in one kabupaten/kota (32.71),
// first page of 50 with the total. Prints the generation time, the store size, and per query
// kind the median and p99 latency over its runs.
// Usage: people_search_bench [--dir DIR] [--runs N] [--scope national|CODE] [--only kota]
// (--only kota: only the searches of one kabupaten/kota operator, for profiling)
// (DIR is kept; a store there is reused; --scope generates less, for a quick run)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "crypto/vault.h"
#include "fmt/format.h"
#include "service/gen.h"
#include "service/people.h"
#include "service/reference.h"
#include "service/registry.h"
#include "store/sqlite/sqlite_store.h"

namespace {

using namespace bimtek;  // NOLINT(build/namespaces)
using Clock = std::chrono::steady_clock;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

struct Stats {
  double median = 0, p99 = 0, max = 0;
  int64_t total_hits = 0;
};

Stats Summarise(std::vector<double> ms, int64_t hits) {
  std::sort(ms.begin(), ms.end());
  Stats s;
  s.median = ms[ms.size() / 2];
  s.p99 = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  s.max = ms.back();
  s.total_hits = hits;
  return s;
}

int Fail(const Status& s) {
  std::cerr << "people_search_bench: " << s << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir;
  std::string scope_text = "national";
  int runs = 200;
  bool kota_only = false;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--dir") dir = argv[i + 1];
    if (a == "--runs") runs = std::stoi(argv[i + 1]);
    if (a == "--scope") scope_text = argv[i + 1];
    if (a == "--only") kota_only = std::string(argv[i + 1]) == "kota";
  }
  const bool temp = dir.empty();
  if (temp) dir = (std::filesystem::temp_directory_path() / "bimtek_people_bench").string();
  std::filesystem::create_directories(dir);
  const std::string db = dir + "/national.db";
  auto ref = service::DefaultReference();
  if (!ref.ok()) return Fail(ref.status());
  auto key = crypto::LoadOrCreateKeyFile(dir + "/key");
  if (!key.ok()) return Fail(key.status());
  crypto::Vault vault(*key);
  const bool existed = std::filesystem::exists(db);
  auto store = store::OpenSqliteStore(db, (*ref)->regions.all());
  if (!store.ok()) return Fail(store.status());
  service::Registry reg{**store, vault, **ref};
  if (!existed) {
    service::GenOptions opts;
    auto scope = ParseScope(scope_text);
    if (!scope.ok()) return Fail(scope.status());
    opts.scope = *scope;
    const auto t0 = Clock::now();
    auto sum = service::GenerateIntoStore(reg, opts);
    if (!sum.ok()) return Fail(sum.status());
    std::cout << fmt::format("gen {} into SQLite (with name tokens): {:.1f} s, {} people\n",
                             scope_text, Ms(Clock::now() - t0) / 1000, sum->people);
  }
  std::cout << fmt::format("store size: {} MiB\n",
                           std::filesystem::file_size(db) / (1024 * 1024));

  // Query material: name words and NIKs of people sampled across the country.
  std::vector<std::string> words;
  std::vector<std::string> niks;
  {
    std::mt19937_64 rng(7);
    int seen = 0;
    Status s = reg.store.ForEachPerson(Scope::Of(32), [&](const store::PersonRow& p) {
      if (++seen % 997 != 0) return absl::OkStatus();
      if (words.size() < 400) words.push_back(p.name.substr(0, p.name.find(' ')));
      if (niks.size() < 400) {
        auto open = service::OpenPerson(vault, p);
        if (!open.ok()) return open.status();
        niks.push_back(open->nik);
      }
      return absl::OkStatus();
    });
    if (!s.ok()) return Fail(s);
    std::shuffle(words.begin(), words.end(), rng);
    std::shuffle(niks.begin(), niks.end(), rng);
  }
  store::UserRow admin;
  admin.username = "bench-admin";
  admin.role = store::UserRole::kNationalAdmin;
  store::UserRow op = admin;
  op.username = "bench-op";
  op.role = store::UserRole::kKabKota;
  op.scope = 3271;

  auto time = [&](const char* what, const store::UserRow& user,
                  const std::function<std::string(int)>& query) {
    std::vector<double> ms;
    int64_t hits = 0;
    for (int i = 0; i < runs; ++i) {
      service::PeopleSearch s;
      s.q = query(i);
      const auto t0 = Clock::now();
      auto r = service::SearchPeople(reg, user, s);
      ms.push_back(Ms(Clock::now() - t0));
      if (!r.ok()) {
        std::cerr << what << ": " << r.status() << "\n";
        std::exit(1);
      }
      hits += r->total;
    }
    const Stats st = Summarise(ms, hits);
    std::cout << fmt::format("{:<46} median {:8.2f} ms  p99 {:8.2f} ms  max {:8.2f} ms  "
                             "avg total {}\n",
                             what, st.median, st.p99, st.max, st.total_hits / runs);
  };
  const size_t nw = words.size(), nn = niks.size();
  std::cout << fmt::format("{} runs per line, first page of 50 with the total\n", runs);
  if (!kota_only) {
    time("name word, national scope", admin, [&](int i) { return words[i % nw]; });
    time("name prefix (3 letters), national scope", admin,
         [&](int i) { return words[i % nw].substr(0, 3); });
    time("two name words, national scope", admin,
         [&](int i) { return words[i % nw] + " " + words[(i + 1) % nw].substr(0, 2); });
  }
  time("name word, kota 32.71", op, [&](int i) { return words[i % nw]; });
  time("name prefix (1 letter), kota 32.71", op,
       [&](int i) { return words[i % nw].substr(0, 1); });
  time("NIK (blind index), national scope", admin, [&](int i) { return niks[i % nn]; });
  std::vector<std::string> kota_niks;
  {
    Status st = reg.store.ForEachPerson(Scope::Of(3271), [&](const store::PersonRow& p) {
      if (kota_niks.size() >= 200) return absl::OkStatus();
      auto open = service::OpenPerson(vault, p);
      if (!open.ok()) return open.status();
      kota_niks.push_back(open->nik);
      return absl::OkStatus();
    });
    if (!st.ok()) return Fail(st);
  }
  if (!kota_niks.empty()) {
    time("NIK (blind index) of 32.71, kota 32.71", op,
         [&](int i) { return kota_niks[i % kota_niks.size()]; });
  }
  time("no q (list), kota 32.71", op, [&](int) { return std::string(); });
  if (temp) std::cout << "(store kept in " << dir << "; delete it when done)\n";
  return 0;
}

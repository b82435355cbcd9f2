// Registry benchmark (issue 2): runs the real `bimtek` program as a user would and prints rows/s
// and peak memory for (1) national gen straight into SQLite, (2) import of 1 M people from CSV,
// (3) import of 100 k people from XLSX. Each figure is one run of one process (wait4's maxrss).
// Usage: registry_bench [--bimtek PATH] [--dir DIR]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "io/sheet.h"

namespace {

struct Run {
  double seconds = 0;
  long max_rss_kb = 0;
  int exit_code = -1;
};

Run Spawn(const std::vector<std::string>& args, const std::string& log) {
  std::cout.flush();  // the child must not inherit (and print again) our buffered output
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    FILE* f = std::freopen(log.c_str(), "w", stdout);
    (void)f;
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  Run r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.max_rss_kb = ru.ru_maxrss;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

void Check(const Run& r, const std::string& what, const std::string& log) {
  if (r.exit_code != 0) {
    std::cerr << what << " failed with exit code " << r.exit_code << "; see " << log << "\n";
    std::exit(1);
  }
}

// Keeps the header and the first `rows` data rows of a CSV file.
long long Head(const std::string& in, const std::string& out, long long rows) {
  std::ifstream src(in);
  std::ofstream dst(out);
  std::string line;
  long long n = -1;
  while (n < rows && std::getline(src, line)) {
    dst << line << '\n';
    ++n;
  }
  return n;
}

void Report(const char* what, long long rows, const Run& r, const char* target) {
  std::cout << fmt::format("| {:<44} | {:>9} | {:>7.2f} s | {:>10.0f} | {:>7.0f} MiB | {} |\n",
                           what, rows, r.seconds, static_cast<double>(rows) / r.seconds,
                           static_cast<double>(r.max_rss_kb) / 1024.0, target);
  std::cout.flush();
}

}  // namespace

int main(int argc, char** argv) {
  std::string bimtek = std::filesystem::path(argv[0]).parent_path().parent_path() / "bimtek";
  std::string dir = (std::filesystem::temp_directory_path() / "bimtek_registry_bench").string();
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--bimtek") bimtek = argv[i + 1];
    if (a == "--dir") dir = argv[i + 1];
  }
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto path = [&](const std::string& f) { return dir + "/" + f; };
  const std::string log = path("bimtek.log");

  std::cout
      << "| run | rows | wall | rows/s | peak RSS | target |\n|---|---:|---:|---:|---:|---|\n";

  // (1) National gen straight into SQLite.
  Run gen = Spawn(
      {bimtek, "gen", "--scope", "national", "--seed", "1", "--db", path("national.db")}, log);
  Check(gen, "national gen", log);
  Report("national gen into SQLite (people)", 7669160, gen, "<= 60 s, <= 2 GiB");
  std::filesystem::remove(path("national.db"));

  // (2) 1 M people from CSV: Jawa Tengah's files, cut to 1,000,000 data rows.
  Check(Spawn({bimtek, "gen", "--scope", "33", "--seed", "1", "--out", path("jateng.csv")}, log),
        "gen csv", log);
  const long long csv_rows = Head(path("jateng.csv"), path("people_1m.csv"), 1000000);
  Check(Spawn({bimtek, "import", "tps", path("jateng_tps.csv"), "--db", path("csv.db")}, log),
        "import tps", log);
  Run csv = Spawn({bimtek, "import", "people", path("people_1m.csv"), "--db", path("csv.db")}, log);
  Check(csv, "import people csv", log);
  Report("import people from CSV", csv_rows, csv, "<= 10 s");

  // (3) 100 k people from XLSX: Kabupaten Bogor's people, cut to 100,000 rows, as XLSX.
  Check(Spawn({bimtek, "gen", "--scope", "32.01", "--seed", "1", "--out", path("bogor.csv")}, log),
        "gen csv", log);
  long long xlsx_rows = 0;
  {
    auto in = bimtek::io::OpenSheet(path("bogor.csv"));
    auto out = bimtek::io::CreateSheet(path("people_100k.xlsx"), bimtek::io::SheetFormat::kXlsx);
    if (!in.ok() || !out.ok()) return 1;
    std::vector<bimtek::io::Cell> cells;
    int64_t row = 0;
    std::vector<std::string> texts;
    while (xlsx_rows <= 100000) {
      auto more = (*in)->Next(cells, row);
      if (!more.ok()) return 1;
      if (!*more) break;
      texts.clear();
      for (const auto& c : cells) texts.push_back(c.text);
      if (!(*out)->WriteRow(texts).ok()) return 1;
      ++xlsx_rows;
    }
    if (!(*out)->Close().ok()) return 1;
    --xlsx_rows;  // the header
  }
  Check(Spawn({bimtek, "import", "tps", path("bogor_tps.csv"), "--db", path("xlsx.db")}, log),
        "import tps", log);
  Run xlsx =
      Spawn({bimtek, "import", "people", path("people_100k.xlsx"), "--db", path("xlsx.db")}, log);
  Check(xlsx, "import people xlsx", log);
  Report("import people from XLSX", xlsx_rows, xlsx, "<= 10 s");

  std::filesystem::remove_all(dir);
  return 0;
}

// `bimtek analyze FILE.csv [--json]`: item analysis, KR-20 and Rasch calibration of a response
// file (header `person,ITEM,ITEM,...`; cells 0, 1, or empty for an item not presented; CSV or
// XLSX). Exit 0 with the report; 2 with one line on stderr when the file cannot be used.
#include <cmath>
#include <iostream>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "cli/common.h"
#include "cli/file_errors.h"
#include "core/assessment/item_analysis.h"
#include "core/assessment/rasch.h"
#include "core/assessment/response_matrix.h"
#include "fmt/format.h"
#include "io/sheet.h"
#include "nlohmann/json.hpp"

namespace bimtek::cli {
namespace {

struct AnalyzeCliOptions {
  std::string file;
  bool json = false;
  assessment::ItemFlagThresholds thresholds;
  assessment::RaschOptions rasch;
};

struct ResponseTable {
  std::vector<std::string> items;
  assessment::ResponseMatrix matrix{0};
};

// What is wrong with the file's content, with where (1-based row as a spreadsheet shows it).
struct InputError {
  enum Kind { kNoItems, kEmptyItemId, kDuplicateItem, kBadCell, kTooManyCells } kind;
  int64_t row = 0;
  std::string column;  // letter
  std::string value;   // the cell, or the item id
  std::string item;    // the item of a bad cell
};

InputError Error(InputError::Kind kind, int64_t row, std::string column, std::string value = "",
                 std::string item = "") {
  return InputError{kind, row, std::move(column), std::move(value), std::move(item)};
}

std::string Describe(const InputError& e, Lang lang) {
  const bool en = lang == Lang::kEn;
  switch (e.kind) {
    case InputError::kNoItems:
      return en ? "no item columns: the header must be person,ITEM,ITEM,..."
                : "tidak ada kolom soal: baris judul harus person,SOAL,SOAL,...";
    case InputError::kEmptyItemId:
      return en ? fmt::format("row 1, column {}: empty item id", e.column)
                : fmt::format("baris 1, kolom {}: kode soal kosong", e.column);
    case InputError::kDuplicateItem:
      return en ? fmt::format("row 1, column {}: duplicate item id \"{}\"", e.column, e.value)
                : fmt::format("baris 1, kolom {}: kode soal \"{}\" ganda", e.column, e.value);
    case InputError::kBadCell:
      return en ? fmt::format("row {}, column {} (item {}): \"{}\" is not 0, 1 or empty", e.row,
                              e.column, e.item, e.value)
                : fmt::format("baris {}, kolom {} (soal {}): \"{}\" bukan 0, 1 atau kosong", e.row,
                              e.column, e.item, e.value);
    case InputError::kTooManyCells:
      return en ? fmt::format("row {}, column {}: more cells than the header has columns", e.row,
                              e.column)
                : fmt::format("baris {}, kolom {}: sel melebihi jumlah kolom judul", e.row,
                              e.column);
  }
  return "";
}

// Reads the response file through the io layer. Returns the table, or the status of opening
// (NotFound, InvalidArgument) in `open_error`, or a content error in `input_error`.
std::optional<ResponseTable> ReadResponses(const std::string& path, Status& open_error,
                                           std::optional<InputError>& input_error) {
  auto sheet = io::OpenSheet(path);
  if (!sheet.ok()) {
    open_error = sheet.status();
    return std::nullopt;
  }
  std::vector<io::Cell> cells;
  int64_t row = 0;
  auto next = (*sheet)->Next(cells, row);
  if (!next.ok()) {
    open_error = next.status();
    return std::nullopt;
  }
  ResponseTable t;
  if (*next) {
    std::set<std::string> seen;
    for (size_t c = 1; c < cells.size(); ++c) {
      const std::string& id = cells[c].text;
      if (id.empty()) {
        // Trailing empty header cells are tolerated; one in the middle is an error.
        bool rest_empty = true;
        for (size_t d = c; d < cells.size(); ++d) rest_empty = rest_empty && cells[d].text.empty();
        if (rest_empty) break;
        input_error = Error(InputError::kEmptyItemId, 1, io::ColumnLetter(c));
        return std::nullopt;
      }
      if (!seen.insert(id).second) {
        input_error = Error(InputError::kDuplicateItem, 1, io::ColumnLetter(c), id);
        return std::nullopt;
      }
      t.items.push_back(id);
    }
  }
  if (t.items.empty()) {
    input_error = Error(InputError::kNoItems, 1, "");
    return std::nullopt;
  }
  const size_t k = t.items.size();
  t.matrix = assessment::ResponseMatrix(k);
  std::vector<uint64_t> presented(t.matrix.words()), correct(t.matrix.words());
  while (true) {
    next = (*sheet)->Next(cells, row);
    if (!next.ok()) {
      open_error = next.status();
      return std::nullopt;
    }
    if (!*next) break;
    bool blank = true;
    for (const io::Cell& c : cells) blank = blank && c.text.empty();
    if (blank) continue;  // an empty line is no person
    std::fill(presented.begin(), presented.end(), 0);
    std::fill(correct.begin(), correct.end(), 0);
    for (size_t c = 1; c < cells.size(); ++c) {
      const std::string& v = cells[c].text;
      if (c > k) {
        if (v.empty()) continue;
        input_error = Error(InputError::kTooManyCells, row, io::ColumnLetter(c), v);
        return std::nullopt;
      }
      if (v.empty()) continue;
      const size_t i = c - 1;
      if (v == "1") {
        presented[i / 64] |= uint64_t{1} << (i % 64);
        correct[i / 64] |= uint64_t{1} << (i % 64);
      } else if (v == "0") {
        presented[i / 64] |= uint64_t{1} << (i % 64);
      } else {
        input_error = Error(InputError::kBadCell, row, io::ColumnLetter(c), v, t.items[i]);
        return std::nullopt;
      }
    }
    t.matrix.AddPersonBits(presented, correct);
  }
  return t;
}

nlohmann::json OrNull(const std::optional<double>& x) {
  return x.has_value() && std::isfinite(*x) ? nlohmann::json(*x) : nlohmann::json(nullptr);
}

std::string Cell(const std::optional<double>& x, int decimals = 3) {
  return x.has_value() ? fmt::format("{:.{}f}", *x, decimals) : std::string("-");
}

int Run(const AnalyzeCliOptions& o, const GlobalOptions& g) {
  const Lang lang = LangOf(g);
  const bool en = lang == Lang::kEn;
  Status open_error;
  std::optional<InputError> input_error;
  std::optional<ResponseTable> t = ReadResponses(o.file, open_error, input_error);
  if (!open_error.ok()) return FailFile(g, o.file, open_error);
  if (input_error.has_value()) {
    std::cerr << "bimtek: " << o.file << ": " << Describe(*input_error, lang) << "\n";
    return kExitFailure;
  }
  auto items = assessment::AnalyzeItems(t->matrix, o.thresholds);
  if (!items.ok()) return Fail(items.status());
  StatusOr<assessment::RaschFit> rasch = assessment::FitRasch(t->matrix, o.rasch);
  if (!rasch.ok() && absl::IsInvalidArgument(rasch.status())) return Fail(rasch.status());
  // A Rasch calibration that cannot be done (too few items, ill-conditioned data) still leaves
  // the classical statistics to report: the reason goes into the report.
  const assessment::RaschFit* fit = rasch.ok() ? &*rasch : nullptr;

  const size_t k = t->items.size();
  if (o.json) {
    nlohmann::ordered_json out;
    auto arr = nlohmann::ordered_json::array();
    for (size_t i = 0; i < k; ++i) {
      const assessment::ItemStats& s = items->items[i];
      nlohmann::ordered_json item;
      item["id"] = t->items[i];
      item["p"] = OrNull(s.p);
      item["rpbis"] = OrNull(s.rpbis);
      std::optional<double> d, se, infit, outfit;
      uint32_t flags = s.flags;
      if (fit != nullptr) {
        const assessment::RaschItem& r = fit->items[i];
        d = r.difficulty;
        se = r.se;
        infit = r.infit;
        outfit = r.outfit;
        flags |= r.flags;
      }
      item["difficulty"] = OrNull(d);
      item["se"] = OrNull(se);
      item["infit"] = OrNull(infit);
      item["outfit"] = OrNull(outfit);
      item["n"] = s.n_presented;
      item["n_correct"] = s.n_correct;
      item["ul_index"] = OrNull(s.upper_lower);
      auto names = nlohmann::ordered_json::array();
      for (std::string_view f : assessment::FlagNames(flags)) names.push_back(std::string(f));
      item["flags"] = names;
      arr.push_back(item);
    }
    out["items"] = arr;
    out["kr20"] = OrNull(items->kr20);
    out["kr20_persons"] = items->n_complete;
    out["kr20_items"] = items->kr20_items;
    out["persons"] = items->n_persons;
    nlohmann::ordered_json r;
    if (fit != nullptr) {
      r["log_likelihood"] = fit->log_likelihood;
      r["iterations"] = fit->iterations;
      r["persons_informative"] = fit->n_persons_informative;
      r["patterns"] = fit->patterns.size();
      r["error"] = nullptr;
    } else {
      r["error"] = std::string(rasch.status().message());
    }
    out["rasch"] = r;
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }

  size_t w = 4;
  for (const std::string& id : t->items) w = std::max(w, id.size());
  std::cout << fmt::format("{:<{}} {:>8} {:>6} {:>6} {:>6} {:>7} {:>6} {:>6} {:>6}  {}\n",
                           en ? "item" : "soal", w, "n", "p", "rpbis", "ul27",
                           en ? "diff" : "kesulit", "se", "infit", "outfit", "flags");
  for (size_t i = 0; i < k; ++i) {
    const assessment::ItemStats& s = items->items[i];
    std::optional<double> d, se, infit, outfit;
    uint32_t flags = s.flags;
    if (fit != nullptr) {
      d = fit->items[i].difficulty;
      se = fit->items[i].se;
      infit = fit->items[i].infit;
      outfit = fit->items[i].outfit;
      flags |= fit->items[i].flags;
    }
    std::string names;
    for (std::string_view f : assessment::FlagNames(flags)) {
      if (!names.empty()) names += ",";
      names += f;
    }
    std::cout << fmt::format("{:<{}} {:>8} {:>6} {:>6} {:>6} {:>7} {:>6} {:>6} {:>6}  {}\n",
                             t->items[i], w, s.n_presented, Cell(s.p), Cell(s.rpbis),
                             Cell(s.upper_lower), Cell(d), Cell(se), Cell(infit), Cell(outfit),
                             names);
  }
  std::cout << fmt::format("{} {}; KR-20 {} ({} {}, {} {})\n", en ? "persons" : "peserta",
                           items->n_persons, Cell(items->kr20), items->n_complete,
                           en ? "persons presented every item" : "peserta mendapat semua soal",
                           items->kr20_items, en ? "items varying" : "soal bervariasi");
  if (fit != nullptr) {
    std::cout << fmt::format("Rasch (CML): {} {}, {} {}, {} {}, log-likelihood {:.4f}\n",
                             fit->n_persons_informative,
                             en ? "informative persons" : "peserta informatif",
                             fit->patterns.size(), en ? "missing patterns" : "pola soal",
                             fit->iterations, en ? "iterations" : "iterasi", fit->log_likelihood);
  } else {
    std::cout << (en ? "Rasch (CML): not estimated: " : "Rasch (CML): tidak diestimasi: ")
              << rasch.status().message() << "\n";
  }
  return kExitOk;
}

}  // namespace

void RegisterAnalyze(CLI::App& app, GlobalOptions& g) {
  auto o = std::make_shared<AnalyzeCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "analyze",
      "Item analysis, KR-20 and Rasch (CML) of a response file: header person,ITEM,...; "
      "cells 0, 1 or empty (not presented)");
  cmd->add_option("file", o->file, "Response file (CSV or XLSX)")->required();
  cmd->add_flag("--json", o->json, "Print JSON instead of a table");
  cmd->add_option("--p-min", o->thresholds.p_min, "Flag items with p below (default 0.15)");
  cmd->add_option("--p-max", o->thresholds.p_max, "Flag items with p above (default 0.85)");
  cmd->add_option("--rpbis-min", o->thresholds.rpbis_min,
                  "Flag items with item-rest correlation below (default 0.20)");
  cmd->callback([o, &g] { g.exit_code = Run(*o, g); });
}

}  // namespace bimtek::cli

// Importing the registry from the spreadsheets KPU offices keep (CSV or XLSX, see
// docs/formats.md): every row is checked against the rules and the store, every problem is
// listed with row, column, value (personal data masked) and reason; a file with any error
// changes nothing; importing the same file twice changes nothing the second time.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "core/problem.h"
#include "io/sheet.h"
#include "service/registry.h"

namespace bimtek::service {

struct RowProblem {
  int64_t row = 0;     // spreadsheet row (header = 1); 0 for the whole file
  std::string column;  // "C (NIK)": letter and the header as written; "" for a whole row
  std::string value;   // the cell as written, masked for personal fields
  Problem problem;
};

struct ImportReport {
  int64_t rows = 0;  // data rows read
  int64_t inserted = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  bool committed = false;  // false on dry run or when there were errors
  std::vector<RowProblem> errors;
  std::vector<RowProblem> warnings;
};

struct ImportOptions {
  bool dry_run = false;
  // When set, every row must lie inside this region (people: their TPS, or their work region
  // when they have no TPS; an existing person by NIK: where they are stored; TPS: the code).
  // A row outside is an error (scope.outside, scope.person_outside); the CLI leaves it unset.
  std::optional<Scope> scope;
  // Called inside the import's transaction once the rows are written, with the final counts,
  // just before the commit: the caller adds its audit row here, so that it commits (or rolls
  // back) with the rows it describes. An error from it rolls the whole import back.
  std::function<Status(store::WriteTxn&, const ImportReport&)> before_commit;
};

// Imports people. Returns a report for data problems (the store unchanged when any error);
// returns a status only for what stops the whole file: InvalidArgument (a header without the
// needed columns, a duplicated column, no data rows, a malformed file) or a store failure.
StatusOr<ImportReport> ImportPeople(Registry& reg, io::SheetReader& sheet,
                                    const ImportOptions& options);
// Reads the first data row of a people-layout file (for a replacement, PAW). nullopt with
// `problems` filled when the file or the row has errors.
StatusOr<std::optional<Person>> ReadSinglePerson(Registry& reg, io::SheetReader& sheet,
                                                 std::vector<RowProblem>& problems);

// Imports TPS (kode_tps, dpt, alamat), the same way.
StatusOr<ImportReport> ImportTps(Registry& reg, io::SheetReader& sheet,
                                 const ImportOptions& options);

// The canonical columns of each layout, in export order.
const std::vector<std::string>& PeopleColumns();
const std::vector<std::string>& TpsColumns();

// One person as a row of the people layout (PeopleColumns order); `row` is resized.
void ToImportRow(const Person& p, std::vector<std::string>& row);

}  // namespace bimtek::service

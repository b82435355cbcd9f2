#include "service/export.h"

#include "service/import.h"

namespace bimtek::service {

StatusOr<int64_t> ExportPeople(Registry& reg, const Scope& scope, io::SheetWriter& out) {
  RETURN_IF_ERROR(out.WriteRow(PeopleColumns()));
  int64_t n = 0;
  std::vector<std::string> row(PeopleColumns().size());
  RETURN_IF_ERROR(reg.store.ForEachPerson(scope, [&](const store::PersonRow& r) -> Status {
    ASSIGN_OR_RETURN(Person p, OpenPerson(reg.vault, r));
    ToImportRow(p, row);
    ++n;
    return out.WriteRow(row);
  }));
  RETURN_IF_ERROR(out.Close());
  return n;
}

StatusOr<int64_t> ExportTps(Registry& reg, const Scope& scope, io::SheetWriter& out) {
  RETURN_IF_ERROR(out.WriteRow(TpsColumns()));
  int64_t n = 0;
  std::vector<std::string> row(3);
  RETURN_IF_ERROR(reg.store.ForEachTps(scope, [&](const store::TpsRow& t) -> Status {
    row[0] = FormatTpsCode(t.code);
    row[1] = std::to_string(t.dpt);
    row[2] = t.address;
    ++n;
    return out.WriteRow(row);
  }));
  RETURN_IF_ERROR(out.Close());
  return n;
}

}  // namespace bimtek::service

#include "service/keys.h"

#include "service/registry.h"

namespace bimtek::service {

StatusOr<int64_t> RotateKey(store::Store& store, const crypto::Vault& from,
                            const crypto::Vault& to) {
  RETURN_IF_ERROR(BindKey(store, from));
  int64_t n = 0;
  RETURN_IF_ERROR(store.RewriteSealed(
      [&](store::PersonRow& row) -> Status {
        ASSIGN_OR_RETURN(Person p, OpenPerson(from, row));
        const store::PersonRow fresh = SealPerson(to, p);
        row.sealed = fresh.sealed;
        row.nik_index = fresh.nik_index;
        ++n;
        return absl::OkStatus();
      },
      to.KeyCheck()));
  return n;
}

}  // namespace bimtek::service

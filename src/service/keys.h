// Key rotation: re-seals every person's personal fields and recomputes the NIK blind index
// under a new key, in one transaction, then moves the store's key check to the new key.
#pragma once

#include <cstdint>

#include "base/status.h"
#include "crypto/vault.h"
#include "store/store.h"

namespace bimtek::service {

// `from` must be the store's current key (FailedPrecondition otherwise). Returns the number of
// people re-sealed. On any error nothing changes.
StatusOr<int64_t> RotateKey(store::Store& store, const crypto::Vault& from,
                            const crypto::Vault& to);

}  // namespace bimtek::service

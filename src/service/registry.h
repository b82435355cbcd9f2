// The registry's working context: a store, the personal-data vault, and the reference data;
// and the conversion between a Person (clear) and a PersonRow (sealed, as stored).
#pragma once

#include <memory>

#include "base/status.h"
#include "core/person.h"
#include "crypto/vault.h"
#include "service/reference.h"
#include "store/store.h"

namespace bimtek::service {

struct Registry {
  store::Store& store;
  const crypto::Vault& vault;
  const Reference& ref;
};

// Ties the vault's key to the store: a store remembers a check value of the key it was first
// used with, and refuses any other key (FailedPrecondition, naming both key ids), so a wrong key
// file never leaves a store with data under two keys.
Status BindKey(store::Store& store, const crypto::Vault& vault);

// The blind index of a NIK as the store keeps it (16 raw bytes).
std::string NikIndex(const crypto::Vault& vault, std::string_view nik);

// Seals a person's personal fields (NIK, birth date, phone) into a row.
store::PersonRow SealPerson(const crypto::Vault& vault, const Person& p);
// Opens a row back into a person. DataLoss/FailedPrecondition when it cannot be opened.
StatusOr<Person> OpenPerson(const crypto::Vault& vault, const store::PersonRow& row);

}  // namespace bimtek::service

// Protection of personal data at rest (NIK, phone, birth date): sealing with libsodium's
// secretbox (XSalsa20-Poly1305) and a keyed blind index (keyed BLAKE2b, crypto_generichash) for
// look-ups and duplicate checks without decrypting. Both subkeys derive from one master key.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace bimtek::crypto {

using BlindIndex = std::array<uint8_t, 16>;

// A master key and its id. Text form (key file, BIMTEK_KEY): "bimtek-key-v1:<id 8 hex>:<64 hex>".
struct MasterKey {
  uint32_t id = 0;
  std::array<uint8_t, 32> bytes{};

  static MasterKey Generate();
  static StatusOr<MasterKey> Parse(std::string_view text);
  std::string ToText() const;
};

// Reads the key file at `path`, or creates it (mode 0600, with a new random key) when absent.
// Errors: PermissionDenied when an existing file is readable by group or others;
// InvalidArgument when its content is not a key; Internal on I/O errors.
StatusOr<MasterKey> LoadOrCreateKeyFile(const std::string& path, bool* created = nullptr);
// Writes a key to a new file with mode 0600; AlreadyExists if the file exists.
Status WriteKeyFile(const std::string& path, const MasterKey& key);

// Seals and opens personal fields. Thread-safe: Seal uses an atomic nonce counter under a
// per-instance random prefix, so nonces never repeat and no system call is made per seal.
class Vault {
 public:
  explicit Vault(const MasterKey& key);
  Vault(const Vault&) = delete;
  Vault& operator=(const Vault&) = delete;

  uint32_t key_id() const { return key_id_; }

  // Keyed BLAKE2b-128 of a normalised value (a NIK): equal inputs give equal indexes.
  BlindIndex Index(std::string_view value) const;
  // Sealed form: 1 byte version, 4 bytes key id, 24 bytes nonce, 16 bytes MAC, ciphertext.
  std::string Seal(std::string_view plaintext) const;
  // FailedPrecondition if sealed under another key id; DataLoss if the MAC does not verify.
  StatusOr<std::string> Open(std::string_view sealed) const;
  // A value stored beside the data that tells whether this key is the store's key.
  std::string KeyCheck() const;

  static uint32_t KeyIdOf(std::string_view sealed);

 private:
  uint32_t key_id_;
  std::array<uint8_t, 32> box_key_;
  std::array<uint8_t, 32> index_key_;
  std::array<uint8_t, 16> nonce_prefix_;
  mutable std::atomic<uint64_t> counter_{0};
};

}  // namespace bimtek::crypto

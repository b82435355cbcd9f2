#include "crypto/vault.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "base/strings.h"

namespace bimtek::crypto {

namespace {

constexpr uint8_t kVersion = 1;
constexpr size_t kHeader = 1 + 4 + crypto_secretbox_NONCEBYTES;

void EnsureSodium() {
  static const bool ok = sodium_init() >= 0;
  (void)ok;
}

std::string ToHex(const uint8_t* p, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), p, n);
  out.pop_back();
  return out;
}

}  // namespace

MasterKey MasterKey::Generate() {
  EnsureSodium();
  MasterKey k;
  randombytes_buf(k.bytes.data(), k.bytes.size());
  k.id = randombytes_random();
  return k;
}

StatusOr<MasterKey> MasterKey::Parse(std::string_view text) {
  text = Trim(text);
  const auto parts = Split(text, ':');
  if (parts.size() != 3 || parts[0] != "bimtek-key-v1" || parts[1].size() != 8 ||
      parts[2].size() != 64) {
    return absl::InvalidArgumentError("not a Bimtek key (expected bimtek-key-v1:<8 hex>:<64 hex>)");
  }
  MasterKey k;
  uint8_t id[4];
  size_t len = 0;
  if (sodium_hex2bin(id, 4, parts[1].data(), parts[1].size(), nullptr, &len, nullptr) != 0 ||
      len != 4 ||
      sodium_hex2bin(k.bytes.data(), 32, parts[2].data(), parts[2].size(), nullptr, &len,
                     nullptr) != 0 ||
      len != 32) {
    return absl::InvalidArgumentError("not a Bimtek key: bad hex digits");
  }
  k.id = (uint32_t{id[0]} << 24) | (uint32_t{id[1]} << 16) | (uint32_t{id[2]} << 8) | id[3];
  return k;
}

std::string MasterKey::ToText() const {
  const uint8_t id_bytes[4] = {static_cast<uint8_t>(id >> 24), static_cast<uint8_t>(id >> 16),
                               static_cast<uint8_t>(id >> 8), static_cast<uint8_t>(id)};
  return StrCat("bimtek-key-v1:", ToHex(id_bytes, 4), ":", ToHex(bytes.data(), 32));
}

Status WriteKeyFile(const std::string& path, const MasterKey& key) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return absl::AlreadyExistsError(StrCat("key file ", path, " exists"));
    return absl::InternalError(StrCat("cannot create key file ", path, ": ", strerror(errno)));
  }
  const std::string text = key.ToText() + "\n";
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                  ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return absl::InternalError(StrCat("cannot write key file ", path));
  return absl::OkStatus();
}

StatusOr<MasterKey> LoadOrCreateKeyFile(const std::string& path, bool* created) {
  if (created) *created = false;
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    MasterKey k = MasterKey::Generate();
    Status s = WriteKeyFile(path, k);
    if (absl::IsAlreadyExists(s)) return LoadOrCreateKeyFile(path, created);  // lost a race
    RETURN_IF_ERROR(s);
    if (created) *created = true;
    return k;
  }
  if ((st.st_mode & 077) != 0) {
    return absl::PermissionDeniedError(
        StrCat("key file ", path, " is readable by others; run: chmod 600 ", path));
  }
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  if (!in) return absl::InternalError(StrCat("cannot read key file ", path));
  auto k = MasterKey::Parse(ss.str());
  if (!k.ok())
    return absl::InvalidArgumentError(StrCat("key file ", path, ": ", k.status().message()));
  return k;
}

Vault::Vault(const MasterKey& key) : key_id_(key.id) {
  EnsureSodium();
  crypto_kdf_derive_from_key(box_key_.data(), box_key_.size(), 1, "bimtekpi", key.bytes.data());
  crypto_kdf_derive_from_key(index_key_.data(), index_key_.size(), 2, "bimtekpi", key.bytes.data());
  randombytes_buf(nonce_prefix_.data(), nonce_prefix_.size());
}

BlindIndex Vault::Index(std::string_view value) const {
  BlindIndex out;
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const uint8_t*>(value.data()),
                     value.size(), index_key_.data(), index_key_.size());
  return out;
}

std::string Vault::Seal(std::string_view plaintext) const {
  std::string out(kHeader + crypto_secretbox_MACBYTES + plaintext.size(), '\0');
  auto* p = reinterpret_cast<uint8_t*>(out.data());
  p[0] = kVersion;
  p[1] = static_cast<uint8_t>(key_id_ >> 24);
  p[2] = static_cast<uint8_t>(key_id_ >> 16);
  p[3] = static_cast<uint8_t>(key_id_ >> 8);
  p[4] = static_cast<uint8_t>(key_id_);
  uint8_t* nonce = p + 5;
  std::memcpy(nonce, nonce_prefix_.data(), 16);
  const uint64_t n = counter_.fetch_add(1, std::memory_order_relaxed);
  std::memcpy(nonce + 16, &n, 8);
  crypto_secretbox_easy(p + kHeader, reinterpret_cast<const uint8_t*>(plaintext.data()),
                        plaintext.size(), nonce, box_key_.data());
  return out;
}

uint32_t Vault::KeyIdOf(std::string_view sealed) {
  if (sealed.size() < 5) return 0;
  const auto* p = reinterpret_cast<const uint8_t*>(sealed.data());
  return (uint32_t{p[1]} << 24) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 8) | p[4];
}

StatusOr<std::string> Vault::Open(std::string_view sealed) const {
  if (sealed.size() < kHeader + crypto_secretbox_MACBYTES ||
      static_cast<uint8_t>(sealed[0]) != kVersion) {
    return absl::DataLossError("sealed value is malformed");
  }
  if (KeyIdOf(sealed) != key_id_) {
    return absl::FailedPreconditionError("sealed under another key");
  }
  const auto* p = reinterpret_cast<const uint8_t*>(sealed.data());
  std::string out(sealed.size() - kHeader - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<uint8_t*>(out.data()), p + kHeader,
                                 sealed.size() - kHeader, p + 5, box_key_.data()) != 0) {
    return absl::DataLossError("sealed value does not verify (tampered or wrong key)");
  }
  return out;
}

std::string Vault::KeyCheck() const {
  const BlindIndex b = Index("bimtek key check v1");
  const uint8_t id_bytes[4] = {static_cast<uint8_t>(key_id_ >> 24),
                               static_cast<uint8_t>(key_id_ >> 16),
                               static_cast<uint8_t>(key_id_ >> 8), static_cast<uint8_t>(key_id_)};
  return StrCat(ToHex(id_bytes, 4), ":", ToHex(b.data(), b.size()));
}

}  // namespace bimtek::crypto

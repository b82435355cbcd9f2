// Uploaded import files kept between the dry run and the commit of the /impor page: each under a
// random token in a private directory, sealed with the personal-data key (the file holds NIKs),
// bound to the account that uploaded it, and removed after a time to live (docs/http.md).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "crypto/vault.h"

namespace bimtek::http {

struct PendingUpload {
  int64_t user_id = 0;
  std::string kind;       // "people" or "tps"
  std::string file_name;  // as uploaded
  std::string bytes;      // the file, opened
};

// The directory and TTL come from ServerConfig (upload_dir, upload_ttl). Safe to use from several
// threads and processes at once: every file is written once under a fresh token, then renamed.
class UploadStore {
 public:
  UploadStore(std::string dir, std::chrono::seconds ttl, const crypto::Vault& vault)
      : dir_(std::move(dir)), ttl_(ttl), vault_(vault) {}

  // Keeps `upload` and returns its token (64 hex characters). Removes expired uploads on the way.
  // Unavailable when the directory cannot be created or written.
  StatusOr<std::string> Put(const PendingUpload& upload);
  // The upload under `token` for `user_id`. NotFound when the token is malformed, unknown,
  // expired, or belongs to another account (the same answer, so tokens cannot be probed).
  StatusOr<PendingUpload> Get(std::string_view token, int64_t user_id);
  // Removes the upload (after its commit); a missing file is not an error.
  void Remove(std::string_view token);

 private:
  std::string PathOf(std::string_view token) const;
  void RemoveExpired();

  std::string dir_;
  std::chrono::seconds ttl_;
  const crypto::Vault& vault_;
};

// The default directory: $TMPDIR (or /tmp)/bimtek-uploads-<uid>.
std::string DefaultUploadDir();

}  // namespace bimtek::http

#include "http/upload_store.h"

#include <sodium.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/strings.h"

namespace bimtek::http {

namespace fs = std::filesystem;

namespace {

bool IsToken(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Status NotFound() {
  return absl::NotFoundError(
      "this upload is no longer kept (it expired or was already imported): upload the file again");
}

}  // namespace

std::string DefaultUploadDir() {
  const char* tmp = std::getenv("TMPDIR");
  return StrCat(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp", "/bimtek-uploads-",
                static_cast<int64_t>(getuid()));
}

std::string UploadStore::PathOf(std::string_view token) const {
  return StrCat(dir_, "/", token, ".upload");
}

void UploadStore::RemoveExpired() {
  std::error_code ec;
  const auto now = fs::file_time_type::clock::now();
  for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code ec2;
    const auto t = it->last_write_time(ec2);
    if (!ec2 && now - t > ttl_) fs::remove(it->path(), ec2);
  }
}

StatusOr<std::string> UploadStore::Put(const PendingUpload& upload) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) return absl::UnavailableError(StrCat("upload directory ", dir_, ": ", ec.message()));
  fs::permissions(dir_, fs::perms::owner_all, ec);  // 0700: the files hold personal data
  RemoveExpired();
  std::array<unsigned char, 32> raw{};
  randombytes_buf(raw.data(), raw.size());
  std::string token(raw.size() * 2 + 1, '\0');
  sodium_bin2hex(token.data(), token.size(), raw.data(), raw.size());
  token.pop_back();
  std::string name = upload.file_name;
  std::erase_if(name, [](char c) { return c == '\n' || c == '\r'; });
  const std::string sealed = vault_.Seal(
      StrCat(upload.user_id, "\n", upload.kind, "\n", name, "\n", upload.bytes));
  const std::string path = PathOf(token);
  const std::string partial = path + ".part";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out.write(sealed.data(), static_cast<std::streamsize>(sealed.size()));
    if (!out.good()) {
      fs::remove(partial, ec);
      return absl::UnavailableError(StrCat("cannot write the upload to ", dir_));
    }
  }
  fs::permissions(partial, fs::perms::owner_read | fs::perms::owner_write, ec);
  fs::rename(partial, path, ec);
  if (ec) return absl::UnavailableError(StrCat("cannot keep the upload: ", ec.message()));
  return token;
}

StatusOr<PendingUpload> UploadStore::Get(std::string_view token, int64_t user_id) {
  if (!IsToken(token)) return NotFound();
  const std::string path = PathOf(token);
  std::error_code ec;
  const auto t = fs::last_write_time(path, ec);
  if (ec || fs::file_time_type::clock::now() - t > ttl_) return NotFound();
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  auto opened = vault_.Open(buf.str());
  if (!opened.ok()) return NotFound();
  std::string_view rest = *opened;
  PendingUpload u;
  std::string_view fields[3];
  for (auto& f : fields) {
    const size_t nl = rest.find('\n');
    if (nl == std::string_view::npos) return NotFound();
    f = rest.substr(0, nl);
    rest.remove_prefix(nl + 1);
  }
  if (fields[0] != std::to_string(user_id)) return NotFound();
  u.user_id = user_id;
  u.kind = std::string(fields[1]);
  u.file_name = std::string(fields[2]);
  u.bytes = std::string(rest);
  return u;
}

void UploadStore::Remove(std::string_view token) {
  if (!IsToken(token)) return;
  std::error_code ec;
  fs::remove(PathOf(token), ec);
}

}  // namespace bimtek::http

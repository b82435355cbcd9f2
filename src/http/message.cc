#include "http/message.h"

#include <strings.h>

#include "base/strings.h"
#include "http/html.h"
#include "spdlog/spdlog.h"

namespace bimtek::http {

std::string_view Request::Param(std::string_view name) const {
  for (const auto& [k, v] : params) {
    if (k == name) return v;
  }
  return {};
}

std::optional<std::string_view> Request::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) return v;
  }
  return std::nullopt;
}

Response Response::Text(unsigned status, std::string body) {
  return Response{status, "text/plain; charset=utf-8", std::move(body), {}};
}

Response Response::Json(unsigned status, const nlohmann::ordered_json& j) {
  return RawJson(status, j.dump());
}

Response Response::Json(unsigned status, const nlohmann::json& j) {
  return RawJson(status, j.dump());
}

Response Response::RawJson(unsigned status, std::string json) {
  return Response{status, "application/json", std::move(json), {}};
}

unsigned HttpStatusOf(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kInvalidArgument:
      return 400;
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kFailedPrecondition:
      return 400;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAlreadyExists:
      return 409;
    case absl::StatusCode::kAborted:
      return 409;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kUnimplemented:
      return 501;
    case absl::StatusCode::kUnavailable:
      return 503;
    case absl::StatusCode::kDeadlineExceeded:
      return 504;
    default:
      return 500;  // Internal, DataLoss, Unknown, Cancelled
  }
}

namespace {

// The machine-readable code of an error the server makes itself.
const char* CodeOfHttpStatus(unsigned status) {
  switch (status) {
    case 400:
      return "INVALID_ARGUMENT";
    case 401:
      return "UNAUTHENTICATED";
    case 403:
      return "PERMISSION_DENIED";
    case 404:
      return "NOT_FOUND";
    case 405:
      return "METHOD_NOT_ALLOWED";
    case 409:
      return "ALREADY_EXISTS";
    case 413:
      return "PAYLOAD_TOO_LARGE";
    case 415:
      return "UNSUPPORTED_MEDIA_TYPE";
    case 429:
      return "RESOURCE_EXHAUSTED";
    case 431:
      return "HEADERS_TOO_LARGE";
    case 501:
      return "UNIMPLEMENTED";
    case 503:
      return "UNAVAILABLE";
    case 504:
      return "DEADLINE_EXCEEDED";
    default:
      return "INTERNAL";
  }
}

// Title and advice in Bahasa Indonesia for the friendly error page.
std::pair<const char*, const char*> PageText(unsigned status) {
  switch (status) {
    case 400:
      return {"Permintaan tidak valid", "Periksa kembali isian Anda, lalu coba lagi."};
    case 401:
      return {"Silakan masuk", "Anda perlu masuk terlebih dahulu."};
    case 403:
      return {"Akses ditolak", "Akun Anda tidak berhak membuka halaman ini."};
    case 404:
      return {"Halaman tidak ditemukan", "Periksa alamatnya, atau kembali ke beranda."};
    case 405:
      return {"Metode tidak didukung", "Halaman ini tidak menerima permintaan tersebut."};
    case 413:
      return {"Berkas terlalu besar", "Kirim berkas yang lebih kecil, lalu coba lagi."};
    case 415:
      return {"Jenis berkas tidak didukung", "Kirim berkas dengan jenis yang diminta."};
    case 431:
      return {"Permintaan terlalu besar", "Hapus cookie peramban Anda, lalu coba lagi."};
    case 503:
      return {"Layanan sedang sibuk", "Tunggu sebentar, lalu coba lagi."};
    default:
      return {"Terjadi kesalahan", "Coba lagi beberapa saat lagi."};
  }
}

Response ErrorShape(bool api, unsigned status, std::string_view code, std::string_view message) {
  if (api) {
    nlohmann::ordered_json j;
    j["error"] = {{"code", code}, {"message", message}};
    return Response::Json(status, j);
  }
  const auto [title, advice] = PageText(status);
  std::string page = StrCat(
      "<!doctype html>\n<html lang=\"id\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>",
      title,
      " – Bimtek</title></head>\n<body><main>"
      "<h1>",
      title, "</h1><p>", advice, "</p><p><small>Kode ", static_cast<int>(status), ": ",
      HtmlEscape(message),
      "</small></p><p><a href=\"/\">Kembali ke beranda</a></p>"
      "</main></body></html>\n");
  return Response{status, "text/html; charset=utf-8", std::move(page), {}};
}

}  // namespace

Response ErrorResponse(const Request& req, const Status& s) {
  const unsigned status = HttpStatusOf(s.code());
  if (status >= 500 && s.code() != absl::StatusCode::kUnavailable) {
    spdlog::error("{} {}: {}", req.method, req.path, s.ToString());
    return ErrorShape(req.IsApi(), status, absl::StatusCodeToString(s.code()),
                      "internal error; it has been logged");
  }
  return ErrorShape(req.IsApi(), status, absl::StatusCodeToString(s.code()),
                    std::string_view(s.message().data(), s.message().size()));
}

Response ErrorResponse(bool api, unsigned http_status, std::string_view message) {
  return ErrorShape(api, http_status, CodeOfHttpStatus(http_status), message);
}

}  // namespace bimtek::http

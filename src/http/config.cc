#include "http/config.h"

#include <charconv>

#include "base/strings.h"

namespace bimtek::http {

Status ParseListen(std::string_view text, ServerConfig& config) {
  const size_t colon = text.rfind(':');
  auto bad = [&] {
    return absl::InvalidArgumentError(
        StrCat("--listen ", text, ": expected HOST:PORT, like 127.0.0.1:8080 or [::1]:8080"));
  };
  if (colon == std::string_view::npos || colon == 0) return bad();
  std::string_view host = text.substr(0, colon);
  const std::string_view port = text.substr(colon + 1);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return bad();
    host = host.substr(1, host.size() - 2);
  }
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value > 65535) {
    return bad();
  }
  config.host = std::string(host);
  config.port = static_cast<uint16_t>(value);
  return absl::OkStatus();
}

}  // namespace bimtek::http

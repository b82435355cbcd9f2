// A small blocking HTTP client over Beast for the server tests, plus raw-socket helpers for the
// tests that misbehave on purpose (half a header, half a body).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "boost/asio/ip/tcp.hpp"
#include "boost/beast/core/flat_buffer.hpp"
#include "boost/beast/http.hpp"

namespace bimtek::testing {

using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

class TestClient {
 public:
  // Connects to 127.0.0.1:port (fails the test when it cannot).
  explicit TestClient(uint16_t port);
  // Sends a request on this connection and reads the response.
  HttpResponse Send(boost::beast::http::verb method, const std::string& target,
                    const std::string& body = "", bool keep_alive = true,
                    const std::string& content_type = "application/json");
  HttpResponse Get(const std::string& target) {
    return Send(boost::beast::http::verb::get, target);
  }
  // Adds a header to every later Send (a session cookie, a CSRF token).
  void SetHeader(const std::string& name, const std::string& value) {
    headers_.emplace_back(name, value);
  }
  // Writes bytes as they are.
  void WriteRaw(const std::string& bytes);
  // Reads one response (after WriteRaw).
  HttpResponse Read();
  // Waits up to `limit` for the server to close the connection; true when it did (EOF) without
  // sending anything.
  bool ClosedByServerWithin(std::chrono::milliseconds limit);

 private:
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::socket socket_{ioc_};
  boost::beast::flat_buffer buffer_;
  std::vector<std::pair<std::string, std::string>> headers_;
};

// True when a new connection to 127.0.0.1:port is refused.
bool ConnectRefused(uint16_t port);

}  // namespace bimtek::testing

#include "http/test_client.h"

#include <poll.h>
#include <sys/socket.h>

#include <utility>

#include "boost/asio/connect.hpp"
#include "boost/asio/write.hpp"
#include "gtest/gtest.h"

namespace bimtek::testing {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

TestClient::TestClient(uint16_t port) {
  boost::system::error_code ec;
  socket_.connect({asio::ip::make_address("127.0.0.1"), port}, ec);
  EXPECT_FALSE(ec) << "connect: " << ec.message();
}

HttpResponse TestClient::Send(bhttp::verb method, const std::string& target,
                              const std::string& body, bool keep_alive,
                              const std::string& content_type) {
  bhttp::request<bhttp::string_body> req{method, target, 11};
  req.set(bhttp::field::host, "127.0.0.1");
  if (!body.empty()) req.set(bhttp::field::content_type, content_type);
  for (const auto& [name, value] : headers_) req.set(name, value);
  req.body() = body;
  req.keep_alive(keep_alive);
  req.prepare_payload();
  boost::system::error_code ec;
  bhttp::write(socket_, req, ec);
  EXPECT_FALSE(ec) << "write: " << ec.message();
  return Read();
}

void TestClient::WriteRaw(const std::string& bytes) {
  boost::system::error_code ec;
  asio::write(socket_, asio::buffer(bytes), ec);
  EXPECT_FALSE(ec) << "write: " << ec.message();
}

HttpResponse TestClient::Read() {
  HttpResponse res;
  boost::system::error_code ec;
  bhttp::read(socket_, buffer_, res, ec);
  EXPECT_FALSE(ec) << "read: " << ec.message();
  return res;
}

bool TestClient::ClosedByServerWithin(std::chrono::milliseconds limit) {
  pollfd p{socket_.native_handle(), POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(limit.count())) != 1) return false;
  char c;
  return recv(socket_.native_handle(), &c, 1, 0) == 0;
}

bool ConnectRefused(uint16_t port) {
  asio::io_context ioc;
  tcp::socket s(ioc);
  boost::system::error_code ec;
  s.connect({asio::ip::make_address("127.0.0.1"), port}, ec);
  return ec == asio::error::connection_refused;
}

}  // namespace bimtek::testing

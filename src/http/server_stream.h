// One accepted connection's byte stream, plain TCP or TLS (Asio SSL over OpenSSL), chosen at
// run time: the session reads and writes HTTP through it the same way in both cases. Not for
// use outside src/http/.
#pragma once

#include <chrono>
#include <optional>
#include <utility>  // before Boost: Asio 1.18's awaitable.hpp uses std::exchange

#include "boost/asio/redirect_error.hpp"
#include "boost/asio/ssl.hpp"
#include "boost/asio/use_awaitable.hpp"
#include "boost/beast/core.hpp"
#include "boost/beast/ssl.hpp"

namespace bimtek::http::internal {

class ServerStream {
 public:
  using executor_type = boost::beast::tcp_stream::executor_type;

  // TLS when `tls` is not null (the worker's context, which must outlive the stream).
  ServerStream(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context* tls) {
    if (tls != nullptr) {
      tls_.emplace(std::move(socket), *tls);
    } else {
      plain_.emplace(std::move(socket));
    }
  }

  bool tls() const { return tls_.has_value(); }
  boost::beast::tcp_stream& tcp() { return tls_ ? boost::beast::get_lowest_layer(*tls_) : *plain_; }
  boost::asio::ip::tcp::socket& socket() { return tcp().socket(); }
  executor_type get_executor() { return tcp().get_executor(); }
  // The deadline of the reads and writes that follow (TLS records included).
  template <class Duration>
  void expires_after(Duration d) {
    tcp().expires_after(d);
  }

  template <class MutableBuffers, class Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    if (tls_) return tls_->async_read_some(buffers, std::forward<Token>(token));
    return plain_->async_read_some(buffers, std::forward<Token>(token));
  }
  template <class ConstBuffers, class Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    if (tls_) return tls_->async_write_some(buffers, std::forward<Token>(token));
    return plain_->async_write_some(buffers, std::forward<Token>(token));
  }

  // The TLS handshake (nothing for plain TCP), within `limit`.
  boost::asio::awaitable<void> Handshake(std::chrono::milliseconds limit,
                                         boost::beast::error_code& ec) {
    if (!tls_) co_return;
    tcp().expires_after(limit);
    co_await tls_->async_handshake(boost::asio::ssl::stream_base::server,
                                   boost::asio::redirect_error(boost::asio::use_awaitable, ec));
  }

  // Ends the sending side: TLS close_notify (waiting at most `limit` for the peer's), or a TCP
  // half-close.
  boost::asio::awaitable<void> ShutdownSend(std::chrono::milliseconds limit) {
    boost::beast::error_code ec;
    if (tls_) {
      tcp().expires_after(limit);
      co_await tls_->async_shutdown(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
    }
    socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
  }

 private:
  std::optional<boost::beast::tcp_stream> plain_;
  std::optional<boost::beast::ssl_stream<boost::beast::tcp_stream>> tls_;
};

}  // namespace bimtek::http::internal

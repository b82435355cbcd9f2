// Holds many idle keep-alive HTTP connections open against a server, for bench/http_load.sh:
//   idle_clients HOST PORT COUNT HOLD_SECONDS [PATH]
// Opens COUNT connections, sends one GET PATH (default /api/v1/ping) on each and reads the
// answer (so each is a kept-alive connection after a served request, not a bare socket), prints
// "ready N" (N connections that got a 200), stays idle for HOLD_SECONDS, then sends one more
// request on each and prints "alive N" (how many the server kept open and still answers).
// Exit status 0 when every connection was ready and alive. Plain POSIX sockets; the caller
// raises the open-file limit (ulimit -n).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

// Sends `request` on fd and reads one response with a Content-Length body; true on a 200.
bool RoundTrip(int fd, const std::string& request) {
  if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) {
    return false;
  }
  std::string got;
  char buf[4096];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 10'000) != 1) return false;
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return false;
    got.append(buf, static_cast<size_t>(n));
    const size_t end = got.find("\r\n\r\n");
    if (end == std::string::npos) continue;
    const size_t cl = got.find("Content-Length: ");
    if (cl == std::string::npos || cl > end) return false;
    const size_t length = std::strtoul(got.c_str() + cl + 16, nullptr, 10);
    if (got.size() < end + 4 + length) continue;
    return got.starts_with("HTTP/1.1 200");
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s HOST PORT COUNT HOLD_SECONDS [PATH]\n", argv[0]);
    return 2;
  }
  const char* host = argv[1];
  const int port = std::atoi(argv[2]);
  const int count = std::atoi(argv[3]);
  const int hold = std::atoi(argv[4]);
  const std::string path = argc > 5 ? argv[5] : "/api/v1/ping";
  const std::string request =
      "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: keep-alive\r\n\r\n";
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
    std::fprintf(stderr, "idle_clients: %s is not an IPv4 address\n", host);
    return 2;
  }
  std::vector<int> fds;
  fds.reserve(static_cast<size_t>(count));
  int ready = 0;
  for (int i = 0; i < count; ++i) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
      std::perror("idle_clients: socket (raise ulimit -n)");
      break;
    }
    if (connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
      std::perror("idle_clients: connect");
      close(fd);
      break;
    }
    fds.push_back(fd);
    if (RoundTrip(fd, request)) ++ready;
  }
  std::printf("ready %d\n", ready);
  std::fflush(stdout);
  std::this_thread::sleep_for(std::chrono::seconds(hold));
  int alive = 0;
  for (int fd : fds) {
    if (RoundTrip(fd, request)) ++alive;
  }
  std::printf("alive %d\n", alive);
  std::fflush(stdout);
  for (int fd : fds) close(fd);
  return ready == count && alive == count ? 0 : 1;
}

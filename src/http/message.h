// What a handler sees and returns: a parsed request (path parameters, query, body, the worker's
// context) and a plain response value. The session turns them into bytes on a socket; handlers
// never see the socket.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "http/multipart.h"
#include "nlohmann/json.hpp"

namespace bimtek::service {
struct Principal;
}

namespace bimtek::http {

class WorkerContext;
struct Response;

struct Request {
  std::string_view method;  // "GET", "POST", …
  std::string_view path;    // without the query string
  std::string_view query;   // after '?', raw; empty when none
  std::string_view body;
  std::string_view remote_address;
  std::vector<std::pair<std::string_view, std::string_view>> headers;
  // Path parameters bound by the route pattern: "/api/v1/regions/{code}/summary" -> {"code", …}.
  std::vector<std::pair<std::string_view, std::string_view>> params;
  // The body parsed by the ParseJsonBody middleware (null otherwise).
  nlohmann::json json;
  // The parts of a multipart/form-data body, read by the RequireFormCsrf middleware (which
  // checks the csrf part); empty otherwise. Views into `body`.
  std::vector<FormPart> form_parts;
  // The worker thread's context: its store connection, services, metrics. Valid for the call.
  WorkerContext* worker = nullptr;
  // The logged-in user and session, set by the Authenticate middleware (valid for the call);
  // null on routes without it.
  const service::Principal* principal = nullptr;
  // Set by a handler whose answer comes later (a test submit waiting for its group commit): the
  // session then ignores the returned response and calls `later` with a `deliver` function,
  // callable from any thread, once, with a function that makes the final response; that one runs
  // on the worker's thread (so the writer's thread only hands results over), and the worker
  // serves other connections meanwhile.
  using MakeResponse = std::function<Response()>;
  std::function<void(std::function<void(MakeResponse)>)> later;

  // The value of path parameter `name`; empty when the route has none of that name.
  std::string_view Param(std::string_view name) const;
  // The value of header `name` (case-insensitive); nullopt when absent.
  std::optional<std::string_view> Header(std::string_view name) const;
  // True for paths under /api/: errors are JSON there, HTML pages elsewhere.
  bool IsApi() const { return path.starts_with("/api/"); }
};

struct Response {
  unsigned status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers

  static Response Text(unsigned status, std::string body);
  static Response Json(unsigned status, const nlohmann::ordered_json& j);
  static Response Json(unsigned status, const nlohmann::json& j);
  // A body already serialised as JSON.
  static Response RawJson(unsigned status, std::string json);
};

// The HTTP status for a service status code: the one place this mapping lives.
unsigned HttpStatusOf(absl::StatusCode code);

// The error response for `s`: {"error":{"code":"NOT_FOUND","message":…}} on an API path, else a
// small page in Bahasa Indonesia. Internal errors do not show their message (it is logged).
Response ErrorResponse(const Request& req, const Status& s);
// An error made by the server itself (404 no route, 405, 413, …), in the same two shapes.
Response ErrorResponse(bool api, unsigned http_status, std::string_view message);

}  // namespace bimtek::http

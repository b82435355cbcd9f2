// Routes and their matching: a route is a method, a path pattern with {params}, a handler, and
// the middleware that wraps it. The application's one table is in routes.cc; this file only
// knows how to match a request against a table.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace bimtek::http {

// A handler maps a request to a response; it calls one service and renders the result.
using Handler = Response (*)(Request&);
// A middleware runs around the rest of the chain: it may answer itself (a 400, later a 401) or
// call next(req), and may change the request before and the response after.
using Next = std::function<Response(Request&)>;
using Middleware = Response (*)(Request&, const Next& next);

struct Route {
  std::string method;   // "GET"
  std::string pattern;  // "/api/v1/regions/{code}/summary"; a {param} matches one segment
  Handler handler = nullptr;
  std::vector<Middleware> middleware;  // outermost first
  bool upload = false;  // body limit ServerConfig::max_upload_bytes instead of max_body_bytes
};

class Router {
 public:
  // Fails (InvalidArgument) on a pattern that is not absolute or has an empty {}.
  static StatusOr<Router> Build(std::vector<Route> routes);

  struct Match {
    int route = -1;             // index into routes(); -1 when nothing matched
    bool path_matched = false;  // some route has this path with another method (-> 405)
    std::string allow;          // the methods of that path, for the Allow header
  };
  // Finds the route for method and path and binds its parameters into `params`.
  Match Find(std::string_view method, std::string_view path,
             std::vector<std::pair<std::string_view, std::string_view>>& params) const;

  // Runs the route's middleware chain and handler.
  Response Dispatch(int route, Request& req) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Segment {
    std::string text;  // literal text, or the parameter's name
    bool param = false;
  };
  std::vector<Route> routes_;
  std::vector<std::vector<Segment>> segments_;
};

}  // namespace bimtek::http

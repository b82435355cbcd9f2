#include "http/router.h"

#include "base/strings.h"

namespace bimtek::http {

namespace {

// "/a/b/" -> {"a", "b", ""}; "/" -> {""}.
std::vector<std::string_view> PathSegments(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  size_t start = 0;
  for (;;) {
    const size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      out.push_back(path.substr(start));
      return out;
    }
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
}

}  // namespace

StatusOr<Router> Router::Build(std::vector<Route> routes) {
  Router r;
  for (const Route& route : routes) {
    if (!route.pattern.starts_with("/") || route.handler == nullptr) {
      return absl::InvalidArgumentError(StrCat("route ", route.method, " ", route.pattern,
                                               ": needs an absolute path and a handler"));
    }
    std::vector<Segment> segs;
    for (std::string_view s : PathSegments(route.pattern)) {
      if (s.size() >= 2 && s.front() == '{' && s.back() == '}') {
        if (s.size() == 2) {
          return absl::InvalidArgumentError(
              StrCat("route ", route.pattern, ": empty {} parameter"));
        }
        segs.push_back({std::string(s.substr(1, s.size() - 2)), true});
      } else {
        segs.push_back({std::string(s), false});
      }
    }
    r.segments_.push_back(std::move(segs));
  }
  r.routes_ = std::move(routes);
  return r;
}

Router::Match Router::Find(
    std::string_view method, std::string_view path,
    std::vector<std::pair<std::string_view, std::string_view>>& params) const {
  Match m;
  const std::vector<std::string_view> parts = PathSegments(path);
  for (size_t i = 0; i < routes_.size(); ++i) {
    const std::vector<Segment>& segs = segments_[i];
    if (segs.size() != parts.size()) continue;
    bool ok = true;
    for (size_t k = 0; k < segs.size() && ok; ++k) {
      ok = segs[k].param ? !parts[k].empty() : segs[k].text == parts[k];
    }
    if (!ok) continue;
    if (routes_[i].method != method) {
      m.path_matched = true;
      if (!m.allow.empty()) m.allow += ", ";
      m.allow += routes_[i].method;
      continue;
    }
    params.clear();
    for (size_t k = 0; k < segs.size(); ++k) {
      if (segs[k].param) params.emplace_back(segs[k].text, parts[k]);
    }
    m.route = static_cast<int>(i);
    return m;
  }
  return m;
}

Response Router::Dispatch(int route, Request& req) const {
  const Route& r = routes_[route];
  if (r.middleware.empty()) return r.handler(req);
  // Build the chain from the inside out: handler, then each middleware around it.
  Next next = [h = r.handler](Request& q) { return h(q); };
  for (auto it = r.middleware.rbegin(); it != r.middleware.rend(); ++it) {
    next = [mw = *it, inner = std::move(next)](Request& q) { return mw(q, inner); };
  }
  return next(req);
}

}  // namespace bimtek::http

// The routing table's matching, the one status mapping, and the --listen parser.
#include "http/router.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/config.h"
#include "http/message.h"
#include "testing/testing.h"

namespace bimtek::http {
namespace {

using ::bimtek::testing::StatusIs;

Response Named(Request& req) { return Response::Text(200, std::string(req.Param("code"))); }
Response Other(Request&) { return Response::Text(200, "other"); }
Response AddHeader(Request& req, const Next& next) {
  Response r = next(req);
  r.headers.emplace_back("X-Seen", "1");
  return r;
}

StatusOr<Router> Table() {
  return Router::Build({
      {"GET", "/api/v1/regions/{code}/summary", Named, {AddHeader}},
      {"POST", "/api/v1/regions/summary:batch", Other, {}},
      {"GET", "/", Other, {}},
  });
}

struct MatchCase {
  const char* method;
  const char* path;
  int route;          // -1: none
  bool path_matched;  // -> 405
};

TEST(RouterTest, MatchesMethodAndPatternOrSaysWhyNot) {
  auto router = Table();
  ASSERT_TRUE(router.ok()) << router.status();
  const MatchCase cases[] = {
      {"GET", "/api/v1/regions/32.71/summary", 0, false},
      {"POST", "/api/v1/regions/summary:batch", 1, false},
      {"GET", "/", 2, false},
      {"POST", "/api/v1/regions/32.71/summary", -1, true},
      {"GET", "/api/v1/regions//summary", -1, false},  // a {param} needs a value
      {"GET", "/api/v1/regions/32.71/summary/x", -1, false},
      {"GET", "/api/v1/regions/32.71", -1, false},
  };
  for (const MatchCase& c : cases) {
    std::vector<std::pair<std::string_view, std::string_view>> params;
    const Router::Match m = router->Find(c.method, c.path, params);
    EXPECT_EQ(m.route, c.route) << c.method << " " << c.path;
    EXPECT_EQ(m.path_matched, c.path_matched) << c.method << " " << c.path;
  }
}

TEST(RouterTest, BindsParamsAndRunsMiddlewareAroundHandler) {
  auto router = Table();
  ASSERT_TRUE(router.ok()) << router.status();
  Request req;
  const Router::Match m = router->Find("GET", "/api/v1/regions/32.71/summary", req.params);
  ASSERT_EQ(m.route, 0);
  const Response r = router->Dispatch(m.route, req);
  EXPECT_EQ(r.body, "32.71");
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "X-Seen");
}

TEST(RouterTest, RejectsRelativePatternAndEmptyParam) {
  EXPECT_THAT(Router::Build({{"GET", "healthz", Other, {}}}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(Router::Build({{"GET", "/a/{}", Other, {}}}).status(),
              StatusIs(absl::StatusCode::kInvalidArgument, "empty {}"));
}

TEST(HttpStatusTest, EachServiceCodeHasOneHttpStatus) {
  const std::pair<absl::StatusCode, unsigned> cases[] = {
      {absl::StatusCode::kInvalidArgument, 400},   {absl::StatusCode::kFailedPrecondition, 400},
      {absl::StatusCode::kUnauthenticated, 401},   {absl::StatusCode::kPermissionDenied, 403},
      {absl::StatusCode::kNotFound, 404},          {absl::StatusCode::kAlreadyExists, 409},
      {absl::StatusCode::kResourceExhausted, 429}, {absl::StatusCode::kUnavailable, 503},
      {absl::StatusCode::kInternal, 500},          {absl::StatusCode::kDataLoss, 500},
  };
  for (const auto& [code, http] : cases) EXPECT_EQ(HttpStatusOf(code), http) << code;
}

TEST(HttpStatusTest, InternalErrorsDoNotShowTheirMessage) {
  Request req;
  req.path = "/api/v1/x";
  const Response r = ErrorResponse(req, absl::InternalError("sqlite: disk I/O error at page 7"));
  EXPECT_EQ(r.status, 500u);
  EXPECT_THAT(r.body, ::testing::Not(::testing::HasSubstr("sqlite")));
}

TEST(ParseListenTest, AcceptsHostPortAndBracketedIpv6) {
  ServerConfig c;
  ASSERT_TRUE(ParseListen("0.0.0.0:80", c).ok());
  EXPECT_EQ(c.host, "0.0.0.0");
  EXPECT_EQ(c.port, 80);
  ASSERT_TRUE(ParseListen("[::1]:0", c).ok());
  EXPECT_EQ(c.host, "::1");
  EXPECT_EQ(c.port, 0);
  for (const char* bad : {"8080", ":8080", "host:", "host:70000", "host:8o", "[::1:80"}) {
    EXPECT_THAT(ParseListen(bad, c), StatusIs(absl::StatusCode::kInvalidArgument, "HOST:PORT"))
        << bad;
  }
}

}  // namespace
}  // namespace bimtek::http

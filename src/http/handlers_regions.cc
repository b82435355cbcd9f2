// Region routes: the registry summary of one region or several.
#include "base/strings.h"
#include "http/context.h"
#include "http/handlers.h"
#include "service/auth.h"
#include "service/stats.h"
#include "store/store.h"

namespace bimtek::http::handlers {

namespace {

constexpr size_t kMaxBatchCodes = 100;

// The summary as JSON, with the keys of `bimtek stats --json`.
std::string SummaryJson(const service::RegistryStats& s) {
  nlohmann::ordered_json j;
  j["scope"] = s.scope.ToString();
  j["name"] = s.scope_name;
  j["regions"] = {{"province", s.provinces},
                  {"kabupaten_kota", s.kabupaten_kota},
                  {"kecamatan", s.kecamatan},
                  {"desa_kelurahan", s.desa_kelurahan}};
  j["tps"] = s.tps;
  j["people"] = {{"kpps", s.people.kpps},
                 {"linmas", s.people.linmas},
                 {"pps", s.people.pps},
                 {"ppk", s.people.ppk},
                 {"fasilitator", s.people.fasilitator}};
  j["vacant_kpps_positions"] = s.vacant_kpps_positions;
  return j.dump();
}

// The summary of the region named by `code`, from this worker's cache when fresh (the summary
// is a set of counts over many rows; a staleness of config.summary_cache_ttl is accepted).
StatusOr<std::string> Summary(WorkerContext& w, const Request& req, std::string_view code) {
  ASSIGN_OR_RETURN(const Scope scope, ParseScope(code));
  // The routes run behind Authenticate; the scope is checked before any cache or store read.
  if (req.principal == nullptr) return absl::UnauthenticatedError("not logged in");
  RETURN_IF_ERROR(service::CheckScope(req.principal->user, scope));
  // Keyed by this process's registry write count too: its own imports show at once.
  const std::string key = StrCat(store::RegistryWriteGeneration(), "|", scope.ToString());
  const auto now = TtlCache::Clock::now();
  if (w.summaries().enabled()) {
    if (const std::string* hit = w.summaries().Get(key, now)) return *hit;
  }
  ASSIGN_OR_RETURN(const service::RegistryStats stats, service::ComputeStats(w.registry(), scope));
  std::string json = SummaryJson(stats);
  if (w.summaries().enabled()) w.summaries().Put(key, json, now);
  return json;
}

}  // namespace

Response RegionSummary(Request& req) {
  auto json = Summary(*req.worker, req, req.Param("code"));
  if (!json.ok()) return ErrorResponse(req, json.status());
  return Response::RawJson(200, std::move(json).value());
}

Response RegionSummaryBatch(Request& req) {
  const nlohmann::json& body = req.json;
  if (!body.is_object() || !body.contains("codes") || !body["codes"].is_array()) {
    return ErrorResponse(
        req, absl::InvalidArgumentError(R"(the body must be an object {"codes": ["32.71", …]})"));
  }
  const nlohmann::json& codes = body["codes"];
  if (codes.empty() || codes.size() > kMaxBatchCodes) {
    return ErrorResponse(
        req, absl::InvalidArgumentError(StrCat("\"codes\" must hold 1 to ", kMaxBatchCodes,
                                               " region codes, not ", codes.size())));
  }
  std::string out = R"({"summaries":[)";
  for (size_t i = 0; i < codes.size(); ++i) {
    if (!codes[i].is_string()) {
      return ErrorResponse(req, absl::InvalidArgumentError(
                                    StrCat("\"codes\"[", i, "] must be a string like \"32.71\"")));
    }
    auto json = Summary(*req.worker, req, codes[i].get_ref<const std::string&>());
    if (!json.ok()) {
      return ErrorResponse(req, Status(json.status().code(),
                                       StrCat("\"codes\"[", i, "]: ", json.status().message())));
    }
    if (i > 0) out += ',';
    out += *json;
  }
  out += "]}";
  return Response::RawJson(200, std::move(out));
}

}  // namespace bimtek::http::handlers

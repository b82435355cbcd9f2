// People and audit: the JSON API and the server-rendered pages (no JavaScript). Input is parsed
// here, the services of service/people.h and service/audit.h check the scope and do the work.
#include <ctime>
#include <string>
#include <vector>

#include "base/strings.h"
#include "core/problem.h"
#include "http/context.h"
#include "http/html.h"
#include "http/page_render.h"
#include "http/page_text.h"
#include "http/people.h"
#include "service/audit.h"
#include "service/people.h"
#include "store/store.h"

namespace bimtek::http::handlers {

namespace {

using service::PeopleSearch;
using service::PersonView;

std::string UrlEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

// The query or form field `name`; "" when absent. InvalidArgument on a malformed escape.
StatusOr<std::string> Field(std::string_view encoded, std::string_view name) {
  auto v = FormValue(encoded, name);
  if (v) return std::string(Trim(*v));
  // FormValue answers nullopt for an absent field and for a malformed one: tell them apart.
  const std::string key = StrCat(name, "=");
  for (std::string_view part : Split(encoded, '&')) {
    if (part.starts_with(key)) {
      return absl::InvalidArgumentError(StrCat("parameter ", name, " is not URL-encoded properly"));
    }
  }
  return std::string();
}

StatusOr<int> IntField(std::string_view encoded, std::string_view name, int fallback) {
  ASSIGN_OR_RETURN(const std::string v, Field(encoded, name));
  if (v.empty()) return fallback;
  int n = 0;
  if (v.size() > 9) n = -1;
  for (char c : v) {
    if (c < '0' || c > '9' || n < 0) {
      return absl::InvalidArgumentError(
          StrCat("parameter ", name, " must be a whole number, not \"", v, "\""));
    }
    n = n * 10 + (c - '0');
  }
  return n;
}

StatusOr<int64_t> IdParam(const Request& req) {
  const std::string_view s = req.Param("id");
  int64_t id = 0;
  if (s.empty() || s.size() > 18) id = -1;
  for (char c : s) {
    if (c < '0' || c > '9' || id < 0) {
      return absl::InvalidArgumentError(StrCat("a person id is a number, not \"", s, "\""));
    }
    id = id * 10 + (c - '0');
  }
  return id;
}

// The search parameters of /api/v1/people and /orang (empty fields mean "any").
StatusOr<PeopleSearch> ParseSearch(std::string_view query) {
  PeopleSearch s;
  ASSIGN_OR_RETURN(const std::string region, Field(query, "region"));
  if (!region.empty()) {
    auto scope = ParseScope(region);
    if (!scope.ok()) {
      return absl::InvalidArgumentError(StrCat("parameter region: ", scope.status().message()));
    }
    s.scope = *scope;
  }
  ASSIGN_OR_RETURN(s.q, Field(query, "q"));
  ASSIGN_OR_RETURN(const std::string role, Field(query, "role"));
  if (!role.empty()) {
    s.role = service::ParseRoleKey(ToLowerAscii(role));
    if (!s.role) {
      return absl::InvalidArgumentError(StrCat(
          "parameter role must be kpps, linmas, pps, ppk or facilitator, not \"", role, "\""));
    }
  }
  ASSIGN_OR_RETURN(const std::string tps, Field(query, "tps"));
  if (!tps.empty()) {
    auto code = ParseTpsCode(tps);
    if (!code.ok()) {
      return absl::InvalidArgumentError(StrCat("parameter tps: ", code.status().message()));
    }
    s.tps = *code;
  }
  ASSIGN_OR_RETURN(const std::string active, Field(query, "active"));
  if (active == "1") {
    s.active = true;
  } else if (active == "0") {
    s.active = false;
  } else if (!active.empty()) {
    return absl::InvalidArgumentError(
        StrCat("parameter active must be 1 or 0, not \"", active, "\""));
  }
  ASSIGN_OR_RETURN(s.page, IntField(query, "page", 1));
  ASSIGN_OR_RETURN(s.per_page, IntField(query, "per_page", 50));
  return s;
}

nlohmann::ordered_json PersonJson(const PersonView& p) {
  nlohmann::ordered_json j;
  j["id"] = p.id;
  j["name"] = p.name;
  j["role"] = service::RoleKey(p.role);
  j["position"] = p.position;
  j["tps"] = p.tps != 0 ? nlohmann::ordered_json(FormatTpsCode(p.tps)) : nullptr;
  j["region"] = FormatRegionCode(p.region);
  j["nik"] = p.nik;
  j["phone"] = p.phone;
  j["active"] = p.active;
  return j;
}

std::string FormatMs(int64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

bimtek::Lang CoreLang(Lang l) { return l == Lang::kEn ? bimtek::Lang::kEn : bimtek::Lang::kId; }

const char* RoleText(Role r) { return RoleName(r); }

const service::Principal& Who(const Request& req) { return *req.principal; }

// The replacement's fields, from a form or a JSON object (the same names).
struct ReplacementInput {
  std::string nik, name, sex, birth_date, phone, education, home_region, reason;
};

// Builds the replacement person; problems a user can fix go to `errors` (in `lang`).
Person ToPerson(const ReplacementInput& in, Lang lang, std::vector<std::string>& errors) {
  const bool en = lang == Lang::kEn;
  Person p;
  p.nik = in.nik;
  p.name = std::string(Trim(in.name));
  if (p.name.empty()) errors.push_back(en ? "Full name: required." : "Nama lengkap: wajib diisi.");
  if (auto sex = ParseSex(in.sex)) {
    p.sex = *sex;
  } else {
    errors.push_back(en ? "Sex: choose male or female." : "Jenis kelamin: pilih laki-laki atau perempuan.");
  }
  if (auto d = ParseIsoDate(in.birth_date)) {
    p.birth_date = *d;
  } else {
    errors.push_back(en ? "Birth date: use the form YYYY-MM-DD." : "Tanggal lahir: gunakan bentuk TTTT-BB-HH.");
  }
  if (!Trim(in.phone).empty()) {
    if (auto ph = NormalizePhone(in.phone)) {
      p.phone = *ph;
    } else {
      errors.push_back(en ? "Mobile number: not an Indonesian mobile number (08…)."
                          : "Nomor HP: bukan nomor seluler Indonesia (08…).");
    }
  }
  if (!Trim(in.education).empty()) {
    if (auto e = ParseEducation(in.education)) {
      p.education = *e;
    } else {
      errors.push_back(en ? "Education: unknown level." : "Pendidikan: jenjang tidak dikenal.");
    }
  }
  if (!Trim(in.home_region).empty()) {
    if (auto r = ParseRegionCode(in.home_region); r.ok()) {
      p.home_region = *r;
    } else {
      errors.push_back(en ? "Home (desa code): not a region code." : "Domisili: bukan kode wilayah.");
    }
  }
  return p;
}

// Runs the replacement; `errors` gets the user's problems (rules, or a refusal they can fix).
// A non-OK status is for the error page (403, 404, 5xx).
StatusOr<service::PawResult> Replace(Request& req, int64_t id, const ReplacementInput& in,
                                     Lang lang, std::vector<std::string>& errors) {
  Person p = ToPerson(in, lang, errors);
  if (Trim(in.reason).size() < 5) {
    errors.push_back(lang == Lang::kEn ? "Reason: at least 5 characters." : "Alasan: minimal 5 karakter.");
  }
  if (!errors.empty()) return service::PawResult{};
  auto r = service::ReplacePerson(req.worker->registry(), Who(req).user,
                                   service::UserActor(Who(req).user, req.remote_address), id,
                                   std::move(p), in.reason);
  if (!r.ok()) {
    const auto code = r.status().code();
    if (code == absl::StatusCode::kInvalidArgument || code == absl::StatusCode::kAlreadyExists ||
        code == absl::StatusCode::kFailedPrecondition) {
      errors.emplace_back(r.status().message());
      return service::PawResult{};
    }
    return r.status();
  }
  for (const Problem& pr : r->problems) {
    if (pr.severity == Severity::kError) errors.push_back(Describe(pr, CoreLang(lang)));
  }
  return r;
}

// Link to a region's page, shown by its name when known.
void RegionLink(Html& m, const Request& req, RegionCode code) {
  const Region* r = req.worker->registry().ref.regions.Find(code);
  m.Raw("<a href=\"/wilayah/")
      .Text(FormatRegionCode(code))
      .Raw("\">")
      .Text(r != nullptr ? r->name : FormatRegionCode(code))
      .Raw("</a>");
}

// The query string of the search form's values, for the paging links.
std::string SearchQuery(const PeopleSearch& s, int page) {
  std::string q = StrCat("?page=", page);
  if (s.scope) q += StrCat("&region=", UrlEncode(s.scope->ToString()));
  if (!s.q.empty()) q += StrCat("&q=", UrlEncode(s.q));
  if (s.role) q += StrCat("&role=", service::RoleKey(*s.role));
  if (s.tps != 0) q += StrCat("&tps=", FormatTpsCode(s.tps));
  if (s.active) q += *s.active ? "&active=1" : "&active=0";
  if (s.per_page != 50) q += StrCat("&per_page=", s.per_page);
  return q;
}

void Option(Html& m, std::string_view value, std::string_view label, bool selected) {
  m.Raw("<option value=\"").Text(value).Raw("\"");
  if (selected) m.Raw(" selected");
  m.Raw(">").Text(label).Raw("</option>");
}

void SearchForm(Html& m, Lang lang, const PeopleSearch& s) {
  m.Raw("<form method=\"get\" action=\"/orang\" class=\"search\"><label for=\"q\">")
      .Text(T(lang, Msg::kSearchLabel))
      .Raw("</label><input type=\"text\" id=\"q\" name=\"q\" value=\"")
      .Text(s.q)
      .Raw("\"><label for=\"role\">")
      .Text(T(lang, Msg::kRole))
      .Raw("</label><select id=\"role\" name=\"role\">");
  Option(m, "", T(lang, Msg::kAll), !s.role);
  for (Role r : {Role::kKpps, Role::kLinmas, Role::kPps, Role::kPpk, Role::kFasilitator}) {
    Option(m, service::RoleKey(r), RoleText(r), s.role == r);
  }
  m.Raw("</select><label for=\"active\">")
      .Text(T(lang, Msg::kStatus))
      .Raw("</label><select id=\"active\" name=\"active\">");
  Option(m, "", T(lang, Msg::kAll), !s.active);
  Option(m, "1", T(lang, Msg::kActive), s.active == true);
  Option(m, "0", T(lang, Msg::kReplaced), s.active == false);
  m.Raw("</select><label for=\"tps\">")
      .Text(T(lang, Msg::kTpsCode))
      .Raw("</label><input type=\"text\" id=\"tps\" name=\"tps\" inputmode=\"numeric\" value=\"")
      .Text(s.tps != 0 ? FormatTpsCode(s.tps) : "")
      .Raw("\"><label for=\"region\">")
      .Text(T(lang, Msg::kRegionCode))
      .Raw("</label><input type=\"text\" id=\"region\" name=\"region\" value=\"")
      .Text(s.scope ? s.scope->ToString() : "")
      .Raw("\"><button type=\"submit\">")
      .Text(T(lang, Msg::kSearchButton))
      .Raw("</button></form>");
}

void ErrorList(Html& m, Lang lang, const std::vector<std::string>& errors) {
  if (errors.empty()) return;
  m.Raw("<div class=\"error\" role=\"alert\"><p>").Text(T(lang, Msg::kFixErrors)).Raw("</p><ul>");
  for (const std::string& e : errors) m.Raw("<li>").Text(e).Raw("</li>");
  m.Raw("</ul></div>");
}

Response ReplaceFormPage(Request& req, unsigned status, int64_t id, const ReplacementInput& in,
                         const std::vector<std::string>& errors) {
  const Lang lang = LangOf(req);
  auto d = service::GetPerson(req.worker->registry(), Who(req).user, id);
  if (!d.ok()) return ErrorPage(req, d.status(), req.principal);
  if (!d->may_replace) {
    return ErrorPage(req,
                     absl::PermissionDeniedError(StrCat("person ", id,
                                                        " cannot be replaced by this account")),
                     req.principal);
  }
  const PersonView& p = d->person;
  Html m;
  m.Raw("<h1>").Text(T(lang, Msg::kReplaceTitle)).Raw("</h1><p><a href=\"/orang/").Text(p.id);
  m.Raw("\">").Text(p.name).Raw("</a> — ").Text(T(lang, Msg::kPosition)).Raw(" ").Text(p.position);
  m.Raw(", TPS ").Text(FormatTpsCode(p.tps)).Raw("</p>");
  ErrorList(m, lang, errors);
  m.Raw("<form method=\"post\" action=\"/orang/")
      .Text(p.id)
      .Raw("/ganti\"><input type=\"hidden\" name=\"csrf\" value=\"")
      .Text(Who(req).session.csrf_token)
      .Raw("\"><label for=\"reason\">")
      .Text(T(lang, Msg::kReason))
      .Raw("</label><textarea id=\"reason\" name=\"reason\" rows=\"3\" required minlength=\"5\">")
      .Text(in.reason)
      .Raw("</textarea><h2>")
      .Text(T(lang, Msg::kReplacementData))
      .Raw("</h2><label for=\"nik\">")
      .Text(T(lang, Msg::kNik))
      .Raw("</label><input type=\"text\" id=\"nik\" name=\"nik\" inputmode=\"numeric\" "
           "autocomplete=\"off\" required maxlength=\"16\" value=\"")
      .Text(in.nik)
      .Raw("\"><label for=\"name\">")
      .Text(T(lang, Msg::kFullName))
      .Raw("</label><input type=\"text\" id=\"name\" name=\"name\" required value=\"")
      .Text(in.name)
      .Raw("\"><label for=\"sex\">")
      .Text(T(lang, Msg::kSex))
      .Raw("</label><select id=\"sex\" name=\"sex\">");
  Option(m, "L", T(lang, Msg::kMale), in.sex != "P");
  Option(m, "P", T(lang, Msg::kFemale), in.sex == "P");
  m.Raw("</select><label for=\"birth_date\">")
      .Text(T(lang, Msg::kBirthDate))
      .Raw("</label><input type=\"date\" id=\"birth_date\" name=\"birth_date\" required value=\"")
      .Text(in.birth_date)
      .Raw("\"><label for=\"phone\">")
      .Text(T(lang, Msg::kPhone))
      .Raw("</label><input type=\"tel\" id=\"phone\" name=\"phone\" value=\"")
      .Text(in.phone)
      .Raw("\"><label for=\"education\">")
      .Text(T(lang, Msg::kEducation))
      .Raw("</label><select id=\"education\" name=\"education\">");
  Option(m, "", "-", in.education.empty());
  for (const char* e : {"SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3"}) {
    Option(m, e, e, in.education == e);
  }
  m.Raw("</select><label for=\"home_region\">")
      .Text(T(lang, Msg::kHomeRegion))
      .Raw("</label><input type=\"text\" id=\"home_region\" name=\"home_region\" value=\"")
      .Text(in.home_region)
      .Raw("\"><button type=\"submit\">")
      .Text(T(lang, Msg::kReplaceButton))
      .Raw("</button></form>");
  return RenderPage(req, lang, status, T(lang, Msg::kReplaceTitle), m, req.principal);
}

StatusOr<Scope> RegionOrUser(const Request& req, std::string_view query) {
  ASSIGN_OR_RETURN(const std::string region, Field(query, "region"));
  if (region.empty()) return service::ScopeOf(Who(req).user);
  auto s = ParseScope(region);
  if (!s.ok()) return absl::InvalidArgumentError(StrCat("parameter region: ", s.status().message()));
  return *s;
}

StatusOr<store::AuditQuery> ParseAuditQuery(std::string_view query) {
  store::AuditQuery q;
  ASSIGN_OR_RETURN(q.action_prefix, Field(query, "action"));
  ASSIGN_OR_RETURN(q.actor, Field(query, "actor"));
  ASSIGN_OR_RETURN(const std::string before, Field(query, "before"));
  if (!before.empty()) {
    int64_t id = 0;
    if (before.size() > 18) id = -1;
    for (char c : before) {
      if (c < '0' || c > '9' || id < 0) {
        return absl::InvalidArgumentError(
            StrCat("parameter before must be an entry id, not \"", before, "\""));
      }
      id = id * 10 + (c - '0');
    }
    q.before_id = id;
  }
  ASSIGN_OR_RETURN(q.limit, IntField(query, "limit", 50));
  return q;
}

}  // namespace

// ---- API ----

// The answer is the same for every user allowed the search (ResolvePeopleSearch checks that
// first), so answers are cached per worker by the canonical search and the registry write
// count (config.search_cache_ttl; docs/http.md).
Response PeopleSearchApi(Request& req) {
  auto s = ParseSearch(req.query);
  if (!s.ok()) return ErrorResponse(req, s.status());
  service::Registry& reg = req.worker->registry();
  auto resolved = service::ResolvePeopleSearch(reg, Who(req).user, *s);
  if (!resolved.ok()) return ErrorResponse(req, resolved.status());
  TtlCache& cache = req.worker->searches();
  const bool cached = cache.enabled() && !resolved->key.empty();
  std::string key;
  const auto now = TtlCache::Clock::now();
  if (cached) {
    key = StrCat(store::RegistryWriteGeneration(), "|", resolved->key);
    if (const std::string* hit = cache.Get(key, now)) return Response::RawJson(200, *hit);
  }
  auto r = service::RunPeopleSearch(reg, *resolved);
  if (!r.ok()) return ErrorResponse(req, r.status());
  nlohmann::ordered_json j;
  j["people"] = nlohmann::ordered_json::array();
  for (const PersonView& p : r->people) j["people"].push_back(PersonJson(p));
  j["total"] = r->total;
  j["page"] = r->page;
  j["per_page"] = r->per_page;
  std::string body = j.dump();
  if (cached) cache.Put(key, body, now);
  return Response::RawJson(200, std::move(body));
}

Response PersonApi(Request& req) {
  auto id = IdParam(req);
  if (!id.ok()) return ErrorResponse(req, id.status());
  auto d = service::GetPerson(req.worker->registry(), Who(req).user, *id);
  if (!d.ok()) return ErrorResponse(req, d.status());
  nlohmann::ordered_json j = PersonJson(d->person);
  j["birth_date"] = d->person.birth_date;
  j["sex"] = SexCode(d->person.sex);
  j["education"] = EducationName(d->person.education);
  j["home_region"] =
      d->person.home_region != 0 ? nlohmann::ordered_json(FormatRegionCode(d->person.home_region))
                                 : nullptr;
  j["history"] = nlohmann::ordered_json::array();
  for (const auto& h : d->history) {
    j["history"].push_back({{"tps", FormatTpsCode(h.replacement.tps)},
                            {"position", h.replacement.position},
                            {"old_person", h.replacement.old_person},
                            {"old_name", h.old_name},
                            {"new_person", h.replacement.new_person},
                            {"new_name", h.new_name},
                            {"reason", h.replacement.reason},
                            {"at_unix", h.replacement.at_unix}});
  }
  return Response::Json(200, j);
}

Response PersonReplaceApi(Request& req) {
  auto id = IdParam(req);
  if (!id.ok()) return ErrorResponse(req, id.status());
  const nlohmann::json& b = req.json;
  if (!b.is_object() || !b.contains("replacement") || !b["replacement"].is_object()) {
    return ErrorResponse(req, absl::InvalidArgumentError(
                                  R"(the body must be {"reason": "…", "replacement": {…}})"));
  }
  ReplacementInput in;
  auto str = [&](const nlohmann::json& o, const char* key, std::string& out) -> Status {
    if (!o.contains(key) || o[key].is_null()) return absl::OkStatus();
    if (!o[key].is_string()) {
      return absl::InvalidArgumentError(StrCat("\"", key, "\" must be a string"));
    }
    out = o[key].get<std::string>();
    return absl::OkStatus();
  };
  const nlohmann::json& r = b["replacement"];
  for (Status s : {str(b, "reason", in.reason), str(r, "nik", in.nik), str(r, "name", in.name),
                   str(r, "sex", in.sex), str(r, "birth_date", in.birth_date),
                   str(r, "phone", in.phone), str(r, "education", in.education),
                   str(r, "home_region", in.home_region)}) {
    if (!s.ok()) return ErrorResponse(req, s);
  }
  const Lang lang = LangOf(req);
  std::vector<std::string> errors;
  auto res = Replace(req, *id, in, lang, errors);
  if (!res.ok()) return ErrorResponse(req, res.status());
  if (!errors.empty()) {
    nlohmann::ordered_json j;
    j["error"] = {{"code", "UNPROCESSABLE"}, {"message", errors.front()}};
    j["problems"] = errors;
    return Response::Json(422, j);
  }
  return Response::Json(200, nlohmann::ordered_json{{"old_person", res->old_person},
                                                    {"new_person", res->new_person}});
}

Response PersonAccessCodeApi(Request& req) {
  auto id = IdParam(req);
  if (!id.ok()) return ErrorResponse(req, id.status());
  if (req.worker->auth() == nullptr) {
    return ErrorResponse(req, absl::UnavailableError("this server has no account store"));
  }
  auto code = service::ReissueAccessCode(req.worker->registry(), *req.worker->auth(),
                                         Who(req).user,
                                         service::UserActor(Who(req).user, req.remote_address), *id);
  if (!code.ok()) return ErrorResponse(req, code.status());
  Response res = Response::Json(200, nlohmann::ordered_json{{"code", *code}});
  res.headers.emplace_back("Cache-Control", "no-store");
  return res;
}

Response AuditApi(Request& req) {
  auto scope = RegionOrUser(req, req.query);
  if (!scope.ok()) return ErrorResponse(req, scope.status());
  auto q = ParseAuditQuery(req.query);
  if (!q.ok()) return ErrorResponse(req, q.status());
  auto rows = service::ReadAudit(req.worker->store(), Who(req).user, *scope, *q);
  if (!rows.ok()) return ErrorResponse(req, rows.status());
  nlohmann::ordered_json j;
  j["entries"] = nlohmann::ordered_json::array();
  auto parsed = [](const std::string& s) {
    if (s.empty()) return nlohmann::ordered_json(nullptr);
    auto v = nlohmann::ordered_json::parse(s, nullptr, false);
    return v.is_discarded() ? nlohmann::ordered_json(s) : v;
  };
  for (const store::AuditRow& a : *rows) {
    j["entries"].push_back({{"id", a.id},
                            {"at", FormatMs(a.at_unix_ms)},
                            {"at_unix_ms", a.at_unix_ms},
                            {"actor", a.actor},
                            {"address", a.address},
                            {"action", a.action},
                            {"target", a.target},
                            {"region", a.region != 0 ? FormatRegionCode(a.region) : "national"},
                            {"before", parsed(a.before_json)},
                            {"after", parsed(a.after_json)}});
  }
  j["next_before"] = static_cast<int>(rows->size()) == q->limit && !rows->empty()
                         ? nlohmann::ordered_json(rows->back().id)
                         : nullptr;
  return Response::Json(200, j);
}

// ---- Pages ----

Response PeoplePage(Request& req) {
  const Lang lang = LangOf(req);
  auto s = ParseSearch(req.query);
  Html m;
  m.Raw("<h1>").Text(T(lang, Msg::kPeopleTitle)).Raw("</h1>");
  if (!s.ok()) {
    SearchForm(m, lang, PeopleSearch{});
    ErrorList(m, lang, {std::string(s.status().message())});
    return RenderPage(req, lang, 400, T(lang, Msg::kPeopleTitle), m, req.principal);
  }
  auto r = service::SearchPeople(req.worker->registry(), Who(req).user, *s);
  SearchForm(m, lang, *s);
  if (!r.ok()) {
    if (r.status().code() != absl::StatusCode::kInvalidArgument) {
      return ErrorPage(req, r.status(), req.principal);
    }
    ErrorList(m, lang, {std::string(r.status().message())});
    return RenderPage(req, lang, 400, T(lang, Msg::kPeopleTitle), m, req.principal);
  }
  m.Raw("<p role=\"status\">").Text(r->total).Raw(" ").Text(T(lang, Msg::kPeopleFound)).Raw("</p>");
  if (r->people.empty()) {
    m.Raw("<p>").Text(T(lang, Msg::kNoPeople)).Raw("</p>");
  } else {
    m.Raw("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">")
        .Text(T(lang, Msg::kName))
        .Raw("</th><th scope=\"col\">")
        .Text(T(lang, Msg::kRole))
        .Raw("</th><th scope=\"col\">")
        .Text(T(lang, Msg::kTps))
        .Raw("</th><th scope=\"col\">")
        .Text(T(lang, Msg::kWorkRegion))
        .Raw("</th><th scope=\"col\">")
        .Text(T(lang, Msg::kNik))
        .Raw("</th><th scope=\"col\">")
        .Text(T(lang, Msg::kStatus))
        .Raw("</th></tr></thead><tbody>");
    for (const PersonView& p : r->people) {
      m.Raw("<tr><th scope=\"row\"><a href=\"/orang/")
          .Text(p.id)
          .Raw("\">")
          .Text(p.name)
          .Raw("</a></th><td>")
          .Text(RoleText(p.role));
      if (p.position > 0) m.Raw(" ").Text(p.position);
      m.Raw("</td><td>").Text(p.tps != 0 ? FormatTpsCode(p.tps) : "-").Raw("</td><td>");
      RegionLink(m, req, p.region);
      m.Raw("</td><td>")
          .Text(p.nik)
          .Raw("</td><td>")
          .Text(T(lang, p.active ? Msg::kActive : Msg::kReplaced))
          .Raw("</td></tr>");
    }
    m.Raw("</tbody></table></div>");
  }
  const int64_t pages = (r->total + r->per_page - 1) / r->per_page;
  if (pages > 1) {
    m.Raw("<nav class=\"pager\" aria-label=\"").Text(T(lang, Msg::kPage)).Raw("\">");
    if (r->page > 1) {
      m.Raw("<a rel=\"prev\" href=\"/orang")
          .Text(SearchQuery(*s, r->page - 1))
          .Raw("\">")
          .Text(T(lang, Msg::kPrevPage))
          .Raw("</a> ");
    }
    m.Raw("<span>").Text(T(lang, Msg::kPage)).Raw(" ").Text(r->page).Raw(" / ").Text(pages);
    m.Raw("</span>");
    if (r->page < pages) {
      m.Raw(" <a rel=\"next\" href=\"/orang")
          .Text(SearchQuery(*s, r->page + 1))
          .Raw("\">")
          .Text(T(lang, Msg::kNextPage))
          .Raw("</a>");
    }
    m.Raw("</nav>");
  }
  return RenderPage(req, lang, 200, T(lang, Msg::kPeopleTitle), m, req.principal);
}

// The person page; `code` (a just re-issued access code) and `notice` are shown when set.
Response PersonPageWith(Request& req, int64_t id, std::string_view code, bool replaced_notice) {
  const Lang lang = LangOf(req);
  auto d = service::GetPerson(req.worker->registry(), Who(req).user, id);
  if (!d.ok()) return ErrorPage(req, d.status(), req.principal);
  const PersonView& p = d->person;
  Html m;
  m.Raw("<p><a href=\"/orang\">").Text(T(lang, Msg::kPeopleTitle)).Raw("</a></p><h1>");
  m.Text(p.name).Raw("</h1>");
  if (replaced_notice) m.Raw("<p role=\"status\">").Text(T(lang, Msg::kReplaceDone)).Raw("</p>");
  if (!code.empty()) {
    m.Raw("<div role=\"status\" class=\"notice\"><p>")
        .Text(T(lang, Msg::kReissueDone))
        .Raw("</p><p class=\"code\"><strong>")
        .Text(code)
        .Raw("</strong></p></div>");
  }
  m.Raw("<dl><dt>").Text(T(lang, Msg::kRole)).Raw("</dt><dd>").Text(RoleText(p.role)).Raw("</dd>");
  if (p.position > 0) {
    m.Raw("<dt>").Text(T(lang, Msg::kPosition)).Raw("</dt><dd>").Text(p.position).Raw("</dd>");
  }
  if (p.tps != 0) {
    m.Raw("<dt>").Text(T(lang, Msg::kTps)).Raw("</dt><dd>").Text(FormatTpsCode(p.tps)).Raw("</dd>");
  }
  m.Raw("<dt>").Text(T(lang, Msg::kWorkRegion)).Raw("</dt><dd>");
  RegionLink(m, req, p.region);
  m.Raw("</dd><dt>").Text(T(lang, Msg::kStatus)).Raw("</dt><dd>");
  m.Text(T(lang, p.active ? Msg::kActive : Msg::kReplaced)).Raw("</dd><dt>");
  m.Text(T(lang, Msg::kNik)).Raw("</dt><dd>").Text(p.nik).Raw("</dd><dt>");
  m.Text(T(lang, Msg::kBirthDate)).Raw("</dt><dd>").Text(p.birth_date).Raw("</dd><dt>");
  m.Text(T(lang, Msg::kPhone)).Raw("</dt><dd>").Text(p.phone.empty() ? "-" : p.phone);
  m.Raw("</dd><dt>").Text(T(lang, Msg::kSex)).Raw("</dt><dd>");
  m.Text(T(lang, p.sex == Sex::kFemale ? Msg::kFemale : Msg::kMale)).Raw("</dd><dt>");
  m.Text(T(lang, Msg::kEducation)).Raw("</dt><dd>").Text(EducationName(p.education));
  m.Raw("</dd>");
  if (p.home_region != 0) {
    m.Raw("<dt>").Text(T(lang, Msg::kHomeRegion)).Raw("</dt><dd>");
    RegionLink(m, req, p.home_region);
    m.Raw("</dd>");
  }
  m.Raw("</dl>");
  if (d->may_replace) {
    m.Raw("<p><a href=\"/orang/").Text(p.id).Raw("/ganti\">").Text(T(lang, Msg::kReplaceLink));
    m.Raw("</a></p>");
  }
  if (d->may_issue_code && req.worker->auth() != nullptr) {
    m.Raw("<form method=\"post\" action=\"/orang/")
        .Text(p.id)
        .Raw("/kode\"><input type=\"hidden\" name=\"csrf\" value=\"")
        .Text(Who(req).session.csrf_token)
        .Raw("\"><button type=\"submit\">")
        .Text(T(lang, Msg::kReissueButton))
        .Raw("</button></form>");
  }
  m.Raw("<h2>").Text(T(lang, Msg::kHistory)).Raw("</h2>");
  if (d->history.empty()) {
    m.Raw("<p>").Text(T(lang, Msg::kNoHistory)).Raw("</p>");
  } else {
    m.Raw("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">")
        .Text(T(lang, Msg::kDate))
        .Raw("</th><th scope=\"col\">")
        .Text(T(lang, Msg::kOldMember))
        .Raw("</th><th scope=\"col\">")
        .Text(T(lang, Msg::kNewMember))
        .Raw("</th><th scope=\"col\">")
        .Text(T(lang, Msg::kReason))
        .Raw("</th></tr></thead><tbody>");
    for (const auto& h : d->history) {
      m.Raw("<tr><td>")
          .Text(FormatMs(h.replacement.at_unix * 1000).substr(0, 10))
          .Raw("</td><td><a href=\"/orang/")
          .Text(h.replacement.old_person)
          .Raw("\">")
          .Text(h.old_name)
          .Raw("</a></td><td><a href=\"/orang/")
          .Text(h.replacement.new_person)
          .Raw("\">")
          .Text(h.new_name)
          .Raw("</a></td><td>")
          .Text(h.replacement.reason)
          .Raw("</td></tr>");
    }
    m.Raw("</tbody></table></div>");
  }
  return RenderPage(req, lang, 200, p.name, m, req.principal);
}

Response PersonPage(Request& req) {
  auto id = IdParam(req);
  if (!id.ok()) return ErrorPage(req, id.status(), req.principal);
  auto paw = FormValue(req.query, "paw");
  return PersonPageWith(req, *id, "", paw && *paw == "1");
}

Response PersonReplaceForm(Request& req) {
  auto id = IdParam(req);
  if (!id.ok()) return ErrorPage(req, id.status(), req.principal);
  return ReplaceFormPage(req, 200, *id, ReplacementInput{}, {});
}

Response PersonReplaceSubmit(Request& req) {
  auto id = IdParam(req);
  if (!id.ok()) return ErrorPage(req, id.status(), req.principal);
  ReplacementInput in;
  for (auto [name, out] : {std::pair<const char*, std::string*>{"nik", &in.nik},
                           {"name", &in.name},
                           {"sex", &in.sex},
                           {"birth_date", &in.birth_date},
                           {"phone", &in.phone},
                           {"education", &in.education},
                           {"home_region", &in.home_region},
                           {"reason", &in.reason}}) {
    *out = FormValue(req.body, name).value_or("");
  }
  std::vector<std::string> errors;
  auto r = Replace(req, *id, in, LangOf(req), errors);
  if (!r.ok()) return ErrorPage(req, r.status(), req.principal);
  if (!errors.empty()) return ReplaceFormPage(req, 422, *id, in, errors);
  return Redirect(StrCat("/orang/", r->new_person, "?paw=1"));
}

Response PersonReissueCode(Request& req) {
  auto id = IdParam(req);
  if (!id.ok()) return ErrorPage(req, id.status(), req.principal);
  if (req.worker->auth() == nullptr) {
    return ErrorPage(req, absl::UnavailableError("this server has no account store"),
                     req.principal);
  }
  auto code = service::ReissueAccessCode(req.worker->registry(), *req.worker->auth(),
                                         Who(req).user,
                                         service::UserActor(Who(req).user, req.remote_address), *id);
  if (!code.ok()) return ErrorPage(req, code.status(), req.principal);
  return PersonPageWith(req, *id, *code, false);
}

Response AuditPage(Request& req) {
  const Lang lang = LangOf(req);
  auto scope = RegionOrUser(req, req.query);
  if (!scope.ok()) return ErrorPage(req, scope.status(), req.principal);
  auto q = ParseAuditQuery(req.query);
  if (!q.ok()) return ErrorPage(req, q.status(), req.principal);
  auto rows = service::ReadAudit(req.worker->store(), Who(req).user, *scope, *q);
  if (!rows.ok()) return ErrorPage(req, rows.status(), req.principal);
  Html m;
  m.Raw("<h1>").Text(T(lang, Msg::kAuditTitle)).Raw("</h1>");
  m.Raw("<form method=\"get\" action=\"/audit\"><label for=\"action\">")
      .Text(T(lang, Msg::kActionPrefix))
      .Raw("</label><input type=\"text\" id=\"action\" name=\"action\" value=\"")
      .Text(q->action_prefix)
      .Raw("\"><label for=\"actor\">")
      .Text(T(lang, Msg::kActor))
      .Raw("</label><input type=\"text\" id=\"actor\" name=\"actor\" value=\"")
      .Text(q->actor)
      .Raw("\"><label for=\"region\">")
      .Text(T(lang, Msg::kRegionCode))
      .Raw("</label><input type=\"text\" id=\"region\" name=\"region\" value=\"")
      .Text(scope->ToString())
      .Raw("\"><button type=\"submit\">")
      .Text(T(lang, Msg::kFilter))
      .Raw("</button></form>");
  if (rows->empty()) {
    m.Raw("<p>").Text(T(lang, Msg::kNoAudit)).Raw("</p>");
  } else {
    m.Raw("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">")
        .Text(T(lang, Msg::kWhen))
        .Raw("</th><th scope=\"col\">")
        .Text(T(lang, Msg::kActor))
        .Raw("</th><th scope=\"col\">")
        .Text(T(lang, Msg::kAction))
        .Raw("</th><th scope=\"col\">")
        .Text(T(lang, Msg::kTarget))
        .Raw("</th><th scope=\"col\">")
        .Text(T(lang, Msg::kRegion))
        .Raw("</th><th scope=\"col\">")
        .Text(T(lang, Msg::kChange))
        .Raw("</th></tr></thead><tbody>");
    for (const store::AuditRow& a : *rows) {
      m.Raw("<tr><td>")
          .Text(FormatMs(a.at_unix_ms))
          .Raw("</td><td>")
          .Text(a.actor);
      if (!a.address.empty()) m.Raw(" <small>").Text(a.address).Raw("</small>");
      m.Raw("</td><td>").Text(a.action).Raw("</td><td>").Text(a.target).Raw("</td><td>");
      if (a.region != 0) {
        RegionLink(m, req, a.region >= 10000000000 ? DesaOfTps(a.region) : a.region);
      } else {
        m.Text(T(lang, Msg::kNational));
      }
      m.Raw("</td><td><small>");
      if (!a.before_json.empty()) m.Text(a.before_json).Raw("<br>→ ");
      m.Text(a.after_json).Raw("</small></td></tr>");
    }
    m.Raw("</tbody></table></div>");
    if (static_cast<int>(rows->size()) == q->limit) {
      m.Raw("<p><a href=\"/audit?before=")
          .Text(rows->back().id)
          .Raw("&amp;region=")
          .Text(UrlEncode(scope->ToString()))
          .Raw("&amp;action=")
          .Text(UrlEncode(q->action_prefix))
          .Raw("&amp;actor=")
          .Text(UrlEncode(q->actor))
          .Raw("\">")
          .Text(T(lang, Msg::kOlder))
          .Raw("</a></p>");
    }
  }
  return RenderPage(req, lang, 200, T(lang, Msg::kAuditTitle), m, req.principal);
}

}  // namespace bimtek::http::handlers

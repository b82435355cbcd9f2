// Import and export over the web: each handler parses its input, calls one service
// (service/transfer.h, which checks role and scope), and renders JSON, a page or a file.
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "base/strings.h"
#include "http/context.h"
#include "http/html.h"
#include "http/multipart.h"
#include "http/page_render.h"
#include "http/page_text.h"
#include "http/transfer.h"
#include "http/upload_store.h"
#include "service/auth.h"
#include "service/transfer.h"

namespace bimtek::http {

namespace {

constexpr char kXlsxType[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// The strings of these pages, Bahasa Indonesia first (kept beside the pages they belong to).
constexpr Txt kImportTitle{"Impor data", "Import data"};
constexpr Txt kImportIntro{
    "Unggah berkas CSV atau XLSX dengan susunan kolom yang sama seperti hasil ekspor. Berkas "
    "diperiksa dulu (uji coba); tidak ada yang disimpan sebelum Anda menekan Simpan.",
    "Upload a CSV or XLSX file with the same columns as an export. The file is checked first "
    "(a dry run); nothing is saved until you press Save."};
constexpr Txt kKindLegend{"Jenis data", "Kind of data"};
constexpr Txt kKindPeople{"Orang (KPPS, Linmas, PPS, PPK)", "People (KPPS, Linmas, PPS, PPK)"};
constexpr Txt kKindTps{"TPS", "Polling stations (TPS)"};
constexpr Txt kFileLabel{"Berkas (CSV atau XLSX)", "File (CSV or XLSX)"};
constexpr Txt kCheckButton{"Periksa berkas", "Check the file"};
constexpr Txt kResultTitle{"Hasil pemeriksaan", "Check result"};
constexpr Txt kErrorsSummary{"kesalahan pada", "errors in"};
constexpr Txt kRowsNothingChanged{"baris; tidak ada data yang diubah. Perbaiki berkas, lalu "
                                  "unggah lagi.",
                                  "rows; nothing was changed. Fix the file, then upload it again."};
constexpr Txt kRow{"Baris", "Row"};
constexpr Txt kColumn{"Kolom", "Column"};
constexpr Txt kValue{"Nilai", "Value"};
constexpr Txt kReason{"Alasan", "Reason"};
constexpr Txt kErrorsCaption{"Kesalahan", "Errors"};
constexpr Txt kWarningsCaption{"Peringatan (tidak menghalangi impor)",
                               "Warnings (they do not stop the import)"};
constexpr Txt kFileName{"Berkas", "File"};
constexpr Txt kRows{"Baris data", "Data rows"};
constexpr Txt kNew{"Baru", "New"};
constexpr Txt kUpdated{"Diperbarui", "Updated"};
constexpr Txt kUnchanged{"Tidak berubah", "Unchanged"};
constexpr Txt kDryRunOk{"Berkas lolos pemeriksaan. Belum ada yang disimpan.",
                        "The file passed the checks. Nothing has been saved yet."};
constexpr Txt kSaveButton{"Simpan", "Save"};
constexpr Txt kOtherFile{"Unggah berkas lain", "Upload another file"};
constexpr Txt kDoneTitle{"Impor selesai", "Import done"};
constexpr Txt kDoneText{"Data telah disimpan.", "The data has been saved."};
constexpr Txt kNoFile{"Pilih berkas untuk diunggah.", "Choose a file to upload."};
constexpr Txt kNotMultipart{"Formulir harus dikirim sebagai multipart/form-data.",
                            "The form must be sent as multipart/form-data."};
constexpr Txt kUnreadable{"Berkas bukan CSV atau XLSX yang dapat dibaca",
                          "The file is not a readable CSV or XLSX file"};
constexpr Txt kExportTitle{"Ekspor data", "Export data"};
constexpr Txt kExportIntro{
    "Unduh data wilayah Anda dalam susunan kolom impor. Berkas berisi data pribadi (NIK, "
    "tanggal lahir, telepon): simpan dengan aman.",
    "Download your region's data in the import layout. The file holds personal data (NIK, birth "
    "date, phone): keep it safe."};
constexpr Txt kRegionLabel{"Wilayah", "Region"};
constexpr Txt kFormatLegend{"Format", "Format"};
constexpr Txt kDownloadButton{"Unduh", "Download"};


bimtek::Lang ProblemLang(Lang lang) {
  return lang == Lang::kEn ? bimtek::Lang::kEn : bimtek::Lang::kId;
}

// The name a user gave a file, fit for messages and the audit row: its last path component,
// without control characters, at most 120 bytes; "upload" when nothing is left.
std::string CleanFileName(std::string_view name) {
  if (const size_t slash = name.find_last_of("/\\"); slash != std::string_view::npos) {
    name.remove_prefix(slash + 1);
  }
  std::string out;
  for (char c : name) {
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) out.push_back(c);
  }
  if (out.size() > 120) out.resize(120);
  return out.empty() ? "upload" : out;
}

UploadStore Uploads(const Request& req) {
  const ServerConfig& c = req.worker->config();
  return UploadStore(c.upload_dir.empty() ? DefaultUploadDir() : c.upload_dir, c.upload_ttl,
                     req.worker->registry().vault);
}

service::UploadedImport Upload(const Request& req, service::TransferKind kind,
                               std::string file_name, std::string bytes, bool dry_run) {
  service::UploadedImport u;
  u.kind = kind;
  u.file_name = std::move(file_name);
  u.bytes = std::move(bytes);
  u.dry_run = dry_run;
  u.address = std::string(req.remote_address);
  return u;
}

// Writes the export into a private temporary file (XLSX needs a real file) and returns its bytes.
StatusOr<std::string> ExportBytes(const Request& req, service::TransferKind kind,
                                  const Scope& scope, io::SheetFormat format) {
  std::string path = StrCat(DefaultUploadDir(), "-export-XXXXXX");
  const int fd = mkstemp(path.data());
  if (fd < 0) return absl::UnavailableError("cannot create a temporary file for the export");
  close(fd);
  struct Cleanup {
    std::string path;
    ~Cleanup() { std::remove(path.c_str()); }
  } cleanup{path};
  ASSIGN_OR_RETURN(auto writer, io::CreateSheet(path, format,
                                                kind == service::TransferKind::kTps ? "TPS"
                                                                                    : "Orang"));
  ASSIGN_OR_RETURN(int64_t rows, service::ExportAs(req.worker->registry(), req.principal->user,
                                                   kind, scope,
                                                   req.worker->config().max_export_rows, *writer));
  (void)rows;
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  if (!in.good() && !in.eof()) return absl::UnavailableError("cannot read the export back");
  return buf.str();
}

struct ExportParams {
  service::TransferKind kind = service::TransferKind::kPeople;
  Scope scope;
  io::SheetFormat format = io::SheetFormat::kCsv;
};

// kind from `kind_text`, region (default: the user's scope) and format (default csv) from the
// query. InvalidArgument naming the parameter.
StatusOr<ExportParams> ParseExport(const Request& req, std::string_view kind_text) {
  ExportParams p;
  ASSIGN_OR_RETURN(p.kind, service::ParseTransferKind(kind_text));
  const std::string region = FormValue(req.query, "region").value_or("");
  if (region.empty()) {
    p.scope = service::ScopeOf(req.principal->user);
  } else {
    auto s = ParseScope(region);
    if (!s.ok()) {
      return absl::InvalidArgumentError(
          StrCat("region: ", std::string_view(s.status().message().data(),
                                              s.status().message().size())));
    }
    p.scope = *s;
  }
  const std::string format = FormValue(req.query, "format").value_or("csv");
  if (format == "xlsx") {
    p.format = io::SheetFormat::kXlsx;
  } else if (format != "csv") {
    return absl::InvalidArgumentError(StrCat("format: '", format, "' is not csv or xlsx"));
  }
  return p;
}

Response FileResponse(const ExportParams& p, std::string bytes) {
  const bool xlsx = p.format == io::SheetFormat::kXlsx;
  Response r;
  r.content_type = xlsx ? kXlsxType : "text/csv; charset=utf-8";
  r.body = std::move(bytes);
  r.headers.emplace_back(
      "Content-Disposition",
      StrCat("attachment; filename=\"bimtek-", service::TransferKindName(p.kind), "-",
             p.scope.national() ? "national" : p.scope.ToString(), xlsx ? ".xlsx\"" : ".csv\""));
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

bool AcceptedUploadType(std::string_view type) {
  type = Trim(type.substr(0, type.find(';')));
  static constexpr std::string_view kAccepted[] = {
      "text/csv", "text/plain", "application/csv", "application/octet-stream", kXlsxType};
  for (std::string_view ok : kAccepted) {
    if (type == ok) return true;
  }
  return false;
}

// ---- Pages ----

void ProblemTable(Html& m, Lang lang, const Txt& caption,
                  const std::vector<service::RowProblem>& problems) {
  m.Raw("<div class=\"table-wrap\"><table class=\"problems\"><caption>")
      .Text(Tx(lang, caption))
      .Raw("</caption><thead><tr><th scope=\"col\" class=\"num\">")
      .Text(Tx(lang, kRow))
      .Raw("</th><th scope=\"col\">")
      .Text(Tx(lang, kColumn))
      .Raw("</th><th scope=\"col\">")
      .Text(Tx(lang, kValue))
      .Raw("</th><th scope=\"col\">")
      .Text(Tx(lang, kReason))
      .Raw("</th></tr></thead><tbody>");
  for (const service::RowProblem& p : problems) {
    m.Raw("<tr><td class=\"num\">");
    if (p.row > 0) m.Text(p.row);
    m.Raw("</td><td>")
        .Text(p.column)
        .Raw("</td><td>")
        .Text(p.value)
        .Raw("</td><td>")
        .Text(Describe(p.problem, ProblemLang(lang)))
        .Raw("</td></tr>");
  }
  m.Raw("</tbody></table></div>");
}

void UploadForm(Html& m, Lang lang, const service::Principal& who, service::TransferKind kind) {
  const bool tps = kind == service::TransferKind::kTps;
  m.Raw(
       "<form method=\"post\" action=\"/impor\" enctype=\"multipart/form-data\">"
       "<input type=\"hidden\" name=\"csrf\" value=\"")
      .Text(who.session.csrf_token)
      .Raw("\"><fieldset class=\"choice\"><legend>")
      .Text(Tx(lang, kKindLegend));
  m.Raw("</legend><input type=\"radio\" id=\"kind-people\" name=\"kind\" value=\"people\"");
  if (!tps) m.Raw(" checked");
  m.Raw("><label for=\"kind-people\">")
      .Text(Tx(lang, kKindPeople))
      .Raw("</label> <input type=\"radio\" id=\"kind-tps\" name=\"kind\" value=\"tps\"");
  if (tps) m.Raw(" checked");
  m.Raw("><label for=\"kind-tps\">")
      .Text(Tx(lang, kKindTps))
      .Raw("</label></fieldset><label for=\"file\">")
      .Text(Tx(lang, kFileLabel))
      .Raw(
          "</label><input type=\"file\" id=\"file\" name=\"file\" required "
          "accept=\".csv,.xlsx,text/csv,application/"
          "vnd.openxmlformats-officedocument.spreadsheetml.sheet\">"
          "<button type=\"submit\">")
      .Text(Tx(lang, kCheckButton))
      .Raw("</button></form>");
}

// The counts of a report as a definition list.
void Counts(Html& m, Lang lang, std::string_view file, const service::ImportReport& r) {
  m.Raw("<dl class=\"counts\"><dt>")
      .Text(Tx(lang, kFileName))
      .Raw("</dt><dd>")
      .Text(file)
      .Raw("</dd><dt>")
      .Text(Tx(lang, kRows))
      .Raw("</dt><dd>")
      .Text(r.rows)
      .Raw("</dd><dt>")
      .Text(Tx(lang, kNew))
      .Raw("</dt><dd>")
      .Text(r.inserted)
      .Raw("</dd><dt>")
      .Text(Tx(lang, kUpdated))
      .Raw("</dt><dd>")
      .Text(r.updated)
      .Raw("</dd><dt>")
      .Text(Tx(lang, kUnchanged))
      .Raw("</dt><dd>")
      .Text(r.unchanged)
      .Raw("</dd></dl>");
}

// The page for a report with errors: 422, the table, and the form to upload a fixed file.
Response ErrorsPage(const Request& req, Lang lang, service::TransferKind kind,
                    std::string_view file, const service::ImportReport& r) {
  Html m;
  m.Raw("<h1>").Text(Tx(lang, kResultTitle)).Raw("</h1><p class=\"error\" role=\"alert\">");
  m.Text(file)
      .Raw(": ")
      .Text(static_cast<int64_t>(r.errors.size()))
      .Raw(" ")
      .Text(Tx(lang, kErrorsSummary))
      .Raw(" ")
      .Text(r.rows)
      .Raw(" ")
      .Text(Tx(lang, kRowsNothingChanged))
      .Raw("</p>");
  ProblemTable(m, lang, kErrorsCaption, r.errors);
  if (!r.warnings.empty()) ProblemTable(m, lang, kWarningsCaption, r.warnings);
  m.Raw("<h2>").Text(Tx(lang, kOtherFile)).Raw("</h2>");
  UploadForm(m, lang, *req.principal, kind);
  return RenderPage(req, lang, 422, Tx(lang, kResultTitle), m, req.principal);
}

// A form-level problem (no file, unreadable file): 400 and the form again.
Response FormProblem(const Request& req, Lang lang, unsigned status, std::string_view message,
                     service::TransferKind kind) {
  Html m;
  m.Raw("<h1>")
      .Text(Tx(lang, kImportTitle))
      .Raw("</h1><p class=\"error\" role=\"alert\">")
      .Text(message)
      .Raw("</p>");
  UploadForm(m, lang, *req.principal, kind);
  return RenderPage(req, lang, status, Tx(lang, kImportTitle), m, req.principal);
}

}  // namespace

namespace handlers {

Response ImportFile(Request& req) {
  auto kind = service::ParseTransferKind(req.Param("kind"));
  if (!kind.ok()) return ErrorResponse(req, kind.status());
  if (auto type = req.Header("Content-Type"); type && !AcceptedUploadType(*type)) {
    return ErrorResponse(req.IsApi(), 415,
                         StrCat("the body must be the file itself (text/csv or ", kXlsxType,
                                "), not ", *type));
  }
  if (req.body.empty()) {
    return ErrorResponse(req, absl::InvalidArgumentError("the body is empty: send the file"));
  }
  const std::string dry = FormValue(req.query, "dry_run").value_or("0");
  if (dry != "0" && dry != "1" && dry != "true" && dry != "false") {
    return ErrorResponse(req, absl::InvalidArgumentError(
                                  StrCat("dry_run: '", dry, "' is not 1, 0, true or false")));
  }
  const bool dry_run = dry == "1" || dry == "true";
  const std::string file = CleanFileName(FormValue(req.query, "file_name").value_or("upload"));
  auto report = service::ImportAs(req.worker->registry(), req.principal->user,
                                  Upload(req, *kind, file, std::string(req.body), dry_run));
  if (!report.ok()) return ErrorResponse(req, report.status());
  return Response::Json(
      report->errors.empty() ? 200 : 422,
      service::ImportReportJson(*report, file, dry_run, ProblemLang(LangOf(req))));
}

Response ExportFile(Request& req) {
  auto p = ParseExport(req, req.Param("kind"));
  if (!p.ok()) return ErrorResponse(req, p.status());
  auto bytes = ExportBytes(req, p->kind, p->scope, p->format);
  if (!bytes.ok()) return ErrorResponse(req, bytes.status());
  return FileResponse(*p, std::move(bytes).value());
}

Response ImportPage(Request& req) {
  const Lang lang = LangOf(req);
  if (!service::CanTransfer(req.principal->user)) {
    return ErrorPage(req, absl::PermissionDeniedError("this account may not import"),
                     req.principal);
  }
  Html m;
  m.Raw("<h1>")
      .Text(Tx(lang, kImportTitle))
      .Raw("</h1><p>")
      .Text(Tx(lang, kImportIntro))
      .Raw("</p>");
  UploadForm(m, lang, *req.principal, service::TransferKind::kPeople);
  return RenderPage(req, lang, 200, Tx(lang, kImportTitle), m, req.principal);
}

Response ImportUpload(Request& req) {
  const Lang lang = LangOf(req);
  const auto boundary = MultipartBoundary(req.Header("Content-Type").value_or(""));
  if (!boundary) {
    return ErrorPage(req, absl::InvalidArgumentError(Tx(lang, kNotMultipart)), req.principal);
  }
  const std::vector<FormPart>& parts = req.form_parts;  // read, CSRF checked: RequireFormCsrf
  const FormPart* kind_part = FindPart(parts, "kind");
  auto kind =
      service::ParseTransferKind(kind_part != nullptr ? kind_part->data : std::string_view());
  if (!kind.ok()) return ErrorPage(req, kind.status(), req.principal);
  const FormPart* file = FindPart(parts, "file");
  if (file == nullptr || file->data.empty()) {
    return FormProblem(req, lang, 400, Tx(lang, kNoFile), *kind);
  }
  const std::string name = CleanFileName(file->filename);
  auto report = service::ImportAs(req.worker->registry(), req.principal->user,
                                  Upload(req, *kind, name, std::string(file->data), true));
  if (!report.ok()) {
    if (absl::IsInvalidArgument(report.status())) {
      return FormProblem(req, lang, 400,
                         StrCat(Tx(lang, kUnreadable), " (", name, "): ",
                                std::string_view(report.status().message().data(),
                                                 report.status().message().size())),
                         *kind);
    }
    return ErrorPage(req, report.status(), req.principal);
  }
  if (!report->errors.empty()) return ErrorsPage(req, lang, *kind, name, *report);

  auto token = Uploads(req).Put(PendingUpload{req.principal->user.id,
                                              service::TransferKindName(*kind), name,
                                              std::string(file->data)});
  if (!token.ok()) return ErrorPage(req, token.status(), req.principal);
  Html m;
  m.Raw("<h1>")
      .Text(Tx(lang, kResultTitle))
      .Raw("</h1><p class=\"ok\" role=\"status\">")
      .Text(Tx(lang, kDryRunOk))
      .Raw("</p>");
  Counts(m, lang, name, *report);
  if (!report->warnings.empty()) ProblemTable(m, lang, kWarningsCaption, report->warnings);
  m.Raw("<form method=\"post\" action=\"/impor/simpan\"><input type=\"hidden\" name=\"csrf\" "
        "value=\"")
      .Text(req.principal->session.csrf_token)
      .Raw("\"><input type=\"hidden\" name=\"token\" value=\"")
      .Text(*token)
      .Raw("\"><button type=\"submit\">")
      .Text(Tx(lang, kSaveButton))
      .Raw("</button></form><p><a href=\"/impor\">")
      .Text(Tx(lang, kOtherFile))
      .Raw("</a></p>");
  return RenderPage(req, lang, 200, Tx(lang, kResultTitle), m, req.principal);
}

Response ImportCommit(Request& req) {
  const Lang lang = LangOf(req);
  if (!service::CanTransfer(req.principal->user)) {
    return ErrorPage(req, absl::PermissionDeniedError("this account may not import"),
                     req.principal);
  }
  const std::string token = FormValue(req.body, "token").value_or("");
  UploadStore uploads = Uploads(req);
  auto up = uploads.Get(token, req.principal->user.id);
  if (!up.ok()) return ErrorPage(req, up.status(), req.principal);
  auto kind = service::ParseTransferKind(up->kind);
  if (!kind.ok()) return ErrorPage(req, kind.status(), req.principal);
  auto report = service::ImportAs(req.worker->registry(), req.principal->user,
                                  Upload(req, *kind, up->file_name, std::move(up->bytes), false));
  if (!report.ok()) return ErrorPage(req, report.status(), req.principal);
  // The registry may have changed since the dry run: then the errors are shown as for a dry run.
  if (!report->errors.empty()) return ErrorsPage(req, lang, *kind, up->file_name, *report);
  uploads.Remove(token);
  Html m;
  m.Raw("<h1>")
      .Text(Tx(lang, kDoneTitle))
      .Raw("</h1><p class=\"ok\" role=\"status\">")
      .Text(Tx(lang, kDoneText))
      .Raw("</p>");
  Counts(m, lang, up->file_name, *report);
  m.Raw("<p><a href=\"/impor\">")
      .Text(Tx(lang, kOtherFile))
      .Raw("</a></p><p><a href=\"/wilayah/")
      .Text(service::ScopeOf(req.principal->user).ToString())
      .Raw("\">")
      .Text(T(lang, Msg::kBrowseRegions))
      .Raw("</a></p>");
  return RenderPage(req, lang, 200, Tx(lang, kDoneTitle), m, req.principal);
}

Response ExportPage(Request& req) {
  const Lang lang = LangOf(req);
  const store::UserRow& u = req.principal->user;
  if (!service::CanTransfer(u)) {
    return ErrorPage(req, absl::PermissionDeniedError("this account may not export"),
                     req.principal);
  }
  const Scope scope = service::ScopeOf(u);
  const RegionTable& regions = req.worker->registry().ref.regions;
  Html m;
  m.Raw("<h1>")
      .Text(Tx(lang, kExportTitle))
      .Raw("</h1><p>")
      .Text(Tx(lang, kExportIntro))
      .Raw(
          "</p><form method=\"get\" action=\"/ekspor/unduh\"><fieldset class=\"choice\">"
          "<legend>")
      .Text(Tx(lang, kKindLegend))
      .Raw(
          "</legend><input type=\"radio\" id=\"kind-people\" name=\"kind\" value=\"people\" "
          "checked><label for=\"kind-people\">")
      .Text(Tx(lang, kKindPeople))
      .Raw(
          "</label> <input type=\"radio\" id=\"kind-tps\" name=\"kind\" value=\"tps\">"
          "<label for=\"kind-tps\">")
      .Text(Tx(lang, kKindTps))
      .Raw("</label></fieldset><label for=\"region\">")
      .Text(Tx(lang, kRegionLabel))
      .Raw("</label><select id=\"region\" name=\"region\"><option value=\"")
      .Text(scope.ToString())
      .Raw("\" selected>");
  if (scope.national()) {
    m.Text(T(lang, Msg::kNational));
  } else {
    const Region* r = regions.Find(scope.code);
    m.Text(scope.ToString()).Raw(" ").Text(r != nullptr ? r->name : "");
  }
  m.Raw("</option>");
  // The scope's own region and the level below it: a smaller file when that is enough.
  if (scope.national() || LevelOf(scope.code) != RegionLevel::kDesa) {
    for (const Region* child : regions.Children(scope.code)) {
      m.Raw("<option value=\"")
          .Text(FormatRegionCode(child->code))
          .Raw("\">")
          .Text(FormatRegionCode(child->code))
          .Raw(" ")
          .Text(child->name)
          .Raw("</option>");
    }
  }
  m.Raw("</select><fieldset class=\"choice\"><legend>")
      .Text(Tx(lang, kFormatLegend))
      .Raw(
          "</legend><input type=\"radio\" id=\"format-csv\" name=\"format\" value=\"csv\" "
          "checked><label for=\"format-csv\">CSV</label> <input type=\"radio\" "
          "id=\"format-xlsx\" name=\"format\" value=\"xlsx\"><label for=\"format-xlsx\">XLSX "
          "(Excel)</label></fieldset><button type=\"submit\">")
      .Text(Tx(lang, kDownloadButton))
      .Raw("</button></form>");
  return RenderPage(req, lang, 200, Tx(lang, kExportTitle), m, req.principal);
}

Response ExportDownload(Request& req) {
  auto p = ParseExport(req, FormValue(req.query, "kind").value_or(""));
  if (!p.ok()) return ErrorPage(req, p.status(), req.principal);
  auto bytes = ExportBytes(req, p->kind, p->scope, p->format);
  if (!bytes.ok()) return ErrorPage(req, bytes.status(), req.principal);
  return FileResponse(*p, std::move(bytes).value());
}

}  // namespace handlers

}  // namespace bimtek::http

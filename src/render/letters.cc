#include "render/letters.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "base/date_id.h"
#include "base/strings.h"
#include "render/pdf_doc.h"
#include "render/qr.h"

namespace bimtek::render {
namespace {

const Font kHead{"Noto Serif Bold 14"};
const Font kHeadSmall{"Noto Serif 9"};
const Font kBody{"Noto Serif 10"};
const Font kBodyBold{"Noto Serif Bold 10"};
const Font kSmall{"Noto Sans 7.5"};
const Font kSmallBold{"Noto Sans Bold 8"};
const Font kTable{"Noto Sans 9"};
const Font kTableBold{"Noto Sans Bold 9"};
const Font kCode{"DejaVu Sans Mono Bold 15"};

constexpr double kLeft = 70.9;    // 2.5 cm
constexpr double kRight = 56.7;   // 2 cm
constexpr double kTop = 42.5;     // 1.5 cm
constexpr double kBottom = 36.0;  // 1.27 cm
constexpr double kWidth = kA4Width - kLeft - kRight;

std::string TimeRange(int start, int end) {
  return StrCat(FormatIndonesianTime(start), "–", FormatIndonesianTime(end));
}

// "Label : value" rows with the colons aligned; returns the height.
double LabelRows(PdfDoc& doc, double y, double label_width,
                 const std::vector<std::pair<std::string, std::string>>& rows, const Font& font) {
  const double y0 = y;
  for (const auto& [label, value] : rows) {
    doc.Text(kLeft, y, label_width, label, font);
    doc.Text(kLeft + label_width, y, 8, ":", font);
    y += doc.Text(kLeft + label_width + 8, y, kWidth - label_width - 8, value, font) + 1;
  }
  return y - y0;
}

double Letterhead(PdfDoc& doc, const Office& office, double y) {
  y += doc.Text(kLeft, y, kWidth, office.name, kHead, Align::kCenter);
  if (!office.address.empty()) {
    y += doc.Text(kLeft, y, kWidth, office.address, kHeadSmall, Align::kCenter);
  }
  y += 4;
  doc.Line(kLeft, y, kLeft + kWidth, y, 2.0);
  doc.Line(kLeft, y + 3, kLeft + kWidth, y + 3, 0.6);
  return y + 7;
}

// What every letter of a batch shares is recorded once as two templates (PdfDoc::BeginTemplate):
// the head (letterhead to Perihal) at a fixed place, and the body (from "Dengan hormat" to the
// closing paragraph) drawn at y = 0 and painted below each addressee block.
struct LetterTemplates {
  int head = 0;
  double head_end = 0;
  int body = 0;
  double body_height = 0;
};

LetterTemplates RecordTemplates(PdfDoc& doc, const Batch& b) {
  LetterTemplates t;
  doc.BeginTemplate();
  double y = Letterhead(doc, b.office, kTop);
  y += doc.Text(kLeft, y, kWidth,
                StrCat(b.office.place, ", ", FormatIndonesianDayDate(b.letter_date)), kBody,
                Align::kRight) +
       2;
  y += LabelRows(doc, y, 58,
                 {{"Nomor", b.letter_number.empty() ? "-" : b.letter_number},
                  {"Sifat", "Penting"},
                  {"Lampiran", "-"},
                  {"Perihal", StrCat("Undangan ", b.title)}},
                 kBody) +
       6;
  t.head_end = y;
  t.head = doc.EndTemplate();

  doc.BeginTemplate();
  const std::string when = FormatIndonesianDayDate(b.date);
  y = 0;
  y += doc.Text(kLeft, y, kWidth, "Dengan hormat,", kBody) + 2;
  y += doc.Text(kLeft, y, kWidth,
                StrCat("Dalam rangka persiapan pemungutan dan penghitungan suara Pemilihan Umum "
                       "Tahun 2024, bersama ini kami mengundang Saudara/Saudari untuk mengikuti ",
                       b.title, " yang akan dilaksanakan pada:"),
                kBody, Align::kJustify) +
       4;
  y +=
      LabelRows(doc, y, 80,
                {{"Hari, tanggal", when},
                 {"Waktu", StrCat("pukul ", TimeRange(b.start, b.end), " ", TimeZoneName(b.zone),
                                  " (waktu setempat)")},
                 {"Tempat", b.venue_address.empty() ? b.venue_name
                                                    : StrCat(b.venue_name, "\n", b.venue_address)}},
                kBody) +
      4;

  if (!b.agenda.empty()) {
    y += doc.Text(kLeft, y, kWidth, "dengan susunan acara sebagai berikut:", kBody) + 3;
    const double c1 = 24, c2 = 80, c3 = kWidth - c1 - c2;
    auto row = [&](const std::string& a, const std::string& time, const std::string& m,
                   const Font& f, bool shade) {
      const double h = doc.Measure(c3 - 8, m, f) + 3;
      if (shade) doc.FillBox(kLeft, y, kWidth, h, 0.9);
      doc.Text(kLeft + 4, y + 1.5, c1 - 8, a, f);
      doc.Text(kLeft + c1 + 4, y + 1.5, c2 - 8, time, f);
      doc.Text(kLeft + c1 + c2 + 4, y + 1.5, c3 - 8, m, f);
      doc.Box(kLeft, y, c1, h, 0.5);
      doc.Box(kLeft + c1, y, c2, h, 0.5);
      doc.Box(kLeft + c1 + c2, y, c3, h, 0.5);
      y += h;
    };
    row("No", StrCat("Waktu (", TimeZoneName(b.zone), ")"), "Materi", kTableBold, true);
    for (size_t i = 0; i < b.agenda.size(); ++i) {
      const AgendaItem& a = b.agenda[i];
      row(StrCat(i + 1), TimeRange(a.start, a.end),
          a.module.empty() ? a.title : StrCat(a.module, ". ", a.title), kTable, false);
    }
    y += 4;
  }

  if (!b.bring.empty()) {
    y += doc.Text(kLeft, y, kWidth, "Saudara/Saudari diminta membawa:", kBody);
    for (size_t i = 0; i < b.bring.size(); ++i) {
      doc.Text(kLeft + 8, y, 16, StrCat(i + 1, "."), kBody);
      y += doc.Text(kLeft + 24, y, kWidth - 24, b.bring[i], kBody);
    }
    y += 4;
  }

  y += doc.Text(kLeft, y, kWidth,
                "Mengingat pentingnya acara tersebut, kehadiran Saudara/Saudari tepat waktu sangat "
                "kami harapkan. Demikian undangan ini kami sampaikan; atas perhatian dan "
                "kehadirannya kami ucapkan terima kasih.",
                kBody, Align::kJustify) +
       6;
  t.body_height = y;
  t.body = doc.EndTemplate();
  return t;
}

// One letter on the current page. Returns the y where it ended (to check it fits).
StatusOr<double> Letter(PdfDoc& doc, const LetterTemplates& t, const Batch& b, const Participant& p,
                        const RenderOptions& options) {
  doc.PaintTemplate(t.head, 0, 0);
  double y = t.head_end;
  y += doc.Text(kLeft, y, kWidth, "Kepada Yth.", kBody);
  y += doc.Text(kLeft, y, kWidth, StrCat("Sdr/Sdri. ", p.name), kBodyBold);
  y += doc.Text(kLeft, y, kWidth, StrCat(p.position, " ", p.tps), kBody);
  if (!p.desa.empty()) y += doc.Text(kLeft, y, kWidth, p.desa, kBody);
  y += doc.Text(kLeft, y, kWidth, "di tempat", kBody) + 6;
  doc.PaintTemplate(t.body, 0, y);
  y += t.body_height;

  // Left: the personal access code, printed and as a QR code that opens the participant's page.
  // Right: the signature block.
  const std::string url = AccessUrl(options, p.access_code);
  ASSIGN_OR_RETURN(QrMatrix qr, EncodeQr(url));
  constexpr double kQrSide = 78;
  const double box_w = kWidth * 0.56;
  const double tx = kLeft + kQrSide + 8, tw = box_w - kQrSide - 12;
  double ty = y + 5;
  ty += doc.Text(tx, ty, tw, "Kode akses pribadi", kSmallBold);
  ty += doc.Text(tx, ty, tw, GroupCode(p.access_code), kCode) + 1;
  ty += doc.Text(tx, ty, tw, StrCat("Pindai kode QR atau buka ", url), kSmall) + 1;
  ty += doc.Text(tx, ty, tw,
                 "Masuk dengan kode ini dan tanggal lahir Anda. Kode ini pribadi: jangan "
                 "dibagikan.",
                 kSmall);
  const double box_h = std::max(kQrSide + 4, ty - y + 5);
  doc.Box(kLeft, y, box_w, box_h, 0.8);
  doc.Qr(qr, kLeft + 2, y + 2, kQrSide);

  const double sx = kLeft + box_w + 8, sw = kWidth - box_w - 8;
  double sy = y + 4;
  sy += doc.Text(sx, sy, sw, StrCat(b.office.signer_title, ","), kBody, Align::kCenter);
  sy += 44;
  sy +=
      doc.Text(sx, sy, sw,
               b.office.signer_name.empty() ? "( ........................ )" : b.office.signer_name,
               kBodyBold, Align::kCenter);
  y = std::max(y + box_h, sy);
  return y;
}

}  // namespace

StatusOr<std::string> InvitationLettersPdf(const Batch& b, const RenderOptions& options) {
  RETURN_IF_ERROR(ValidateBatch(b));
  ASSIGN_OR_RETURN(std::unique_ptr<PdfDoc> doc,
                   PdfDoc::Create(StrCat("Undangan ", b.title, " — ", b.id)));
  const LetterTemplates templates = RecordTemplates(*doc, b);
  for (size_t i = 0; i < b.participants.size(); ++i) {
    if (i > 0) doc->NewPage();
    ASSIGN_OR_RETURN(double end, Letter(*doc, templates, b, b.participants[i], options));
    if (end > kA4Height - kBottom) {
      return absl::InternalError(StrCat("batch ", b.id, ": the letter to participant ", i + 1,
                                        " does not fit one page (shorten the venue address, the "
                                        "agenda or the list of things to bring)"));
    }
  }
  return doc->Finish();
}

StatusOr<std::string> AttendanceSheetPdf(const Batch& b) {
  RETURN_IF_ERROR(ValidateBatch(b));
  ASSIGN_OR_RETURN(std::unique_ptr<PdfDoc> doc,
                   PdfDoc::Create(StrCat("Daftar hadir ", b.title, " — ", b.id)));
  const int n = static_cast<int>(b.participants.size());
  const int pages = (n + kAttendanceRowsPerPage - 1) / kAttendanceRowsPerPage;
  // Columns: No, Nama, Jabatan, TPS, Tanda tangan (split in two, odd rows sign left and even
  // rows right, as paper lists do, so neighbours do not sign over each other).
  const double w_no = 26, w_name = 160, w_pos = 96, w_tps = 52;
  const double w_sign = kWidth - w_no - w_name - w_pos - w_tps;
  const double xs[] = {kLeft, kLeft + w_no, kLeft + w_no + w_name, kLeft + w_no + w_name + w_pos,
                       kLeft + w_no + w_name + w_pos + w_tps};
  const double ws[] = {w_no, w_name, w_pos, w_tps, w_sign};
  constexpr double kRowHeight = 26;

  // The header (letterhead, title, batch, table header) is the same on every page: recorded once.
  doc->BeginTemplate();
  double header_end = Letterhead(*doc, b.office, kTop);
  {
    double& y = header_end;
    y += doc->Text(kLeft, y, kWidth, "DAFTAR HADIR", Font{"Noto Sans Bold 13"}, Align::kCenter);
    y += doc->Text(kLeft, y, kWidth, b.title, Font{"Noto Sans Bold 10"}, Align::kCenter) + 6;
    y += LabelRows(
             *doc, y, 80,
             {{"Hari, tanggal", FormatIndonesianDayDate(b.date)},
              {"Waktu", StrCat("pukul ", TimeRange(b.start, b.end), " ", TimeZoneName(b.zone))},
              {"Tempat", b.venue_name},
              {"Kelas", b.id}},
             kTable) +
         6;

    const char* headers[] = {"No", "Nama", "Jabatan", "TPS", "Tanda tangan"};
    constexpr double kHeaderHeight = 18;
    for (int c = 0; c < 5; ++c) {
      doc->FillBox(xs[c], y, ws[c], kHeaderHeight, 0.88);
      doc->Box(xs[c], y, ws[c], kHeaderHeight, 0.6);
      doc->Text(xs[c], y + 4, ws[c], headers[c], kTableBold, Align::kCenter);
    }
    y += kHeaderHeight;
  }
  const int header = doc->EndTemplate();

  for (int page = 0; page < pages; ++page) {
    if (page > 0) doc->NewPage();
    doc->PaintTemplate(header, 0, 0);
    double y = header_end;

    const int first = page * kAttendanceRowsPerPage;
    const int last = std::min(n, first + kAttendanceRowsPerPage);
    for (int i = first; i < last; ++i) {
      const Participant& p = b.participants[static_cast<size_t>(i)];
      const std::string no = StrCat(i + 1);
      doc->Text(xs[0], y + 4, ws[0], no, kTable, Align::kCenter);
      doc->Text(xs[1] + 4, y + 4, ws[1] - 8, p.name, kTable);
      doc->Text(xs[2] + 4, y + 4, ws[2] - 8, p.position, kTable);
      doc->Text(xs[3] + 4, y + 4, ws[3] - 8, p.tps, kTable);
      const double half = ws[4] / 2;
      doc->Text(xs[4] + 4 + (i % 2 == 0 ? 0 : half), y + 4, half, StrCat(no, "."), kSmall);
      for (int c = 0; c < 5; ++c) doc->Box(xs[c], y, ws[c], kRowHeight, 0.5);
      y += kRowHeight;
    }

    if (page == pages - 1) {
      y += 10;
      doc->Text(kLeft, y, kWidth * 0.5, StrCat("Jumlah peserta: ", n, " orang"), kTable);
      doc->Text(kLeft, y + 14, kWidth * 0.5, "Hadir: ........ orang", kTable);
      const double sx = kLeft + kWidth * 0.55, sw = kWidth * 0.45;
      double sy = y;
      sy += doc->Text(sx, sy, sw, StrCat(b.office.place, ", ", FormatIndonesianDate(b.date)),
                      kTable, Align::kCenter);
      sy += doc->Text(sx, sy, sw, "Fasilitator,", kTable, Align::kCenter) + 40;
      doc->Text(sx, sy, sw, "( ........................................ )", kTable, Align::kCenter);
    }
    doc->Text(kLeft, kA4Height - kBottom, kWidth,
              StrCat("Daftar hadir ", b.id, " — Halaman ", page + 1, " dari ", pages), kSmall,
              Align::kRight);
  }
  return doc->Finish();
}

Status WriteFileAtomically(const std::string& path, std::string_view bytes) {
  const std::string tmp = StrCat(path, ".tmp");
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      return absl::InternalError(StrCat("cannot write ", tmp, ": ", std::strerror(errno)));
    }
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      const std::string why = std::strerror(errno);
      std::remove(tmp.c_str());
      return absl::InternalError(StrCat("cannot write ", tmp, ": ", why));
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    return absl::InternalError(StrCat("cannot rename ", tmp, " to ", path, ": ", why));
  }
  return absl::OkStatus();
}

}  // namespace bimtek::render

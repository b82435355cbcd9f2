#include "render/honoraria.h"

#include <algorithm>

#include "base/date_id.h"
#include "base/strings.h"
#include "render/letters.h"
#include "render/pdf_doc.h"

namespace bimtek::render {
namespace {

const Font kHead{"Noto Serif Bold 14"};
const Font kHeadSmall{"Noto Serif 9"};
const Font kSmall{"Noto Sans 7.5"};
const Font kTable{"Noto Sans 9"};
const Font kTableBold{"Noto Sans Bold 9"};

constexpr double kLeft = 56.7;    // 2 cm: one column more than the plain attendance sheet
constexpr double kRight = 42.5;   // 1.5 cm
constexpr double kTop = 42.5;     // 1.5 cm
constexpr double kBottom = 36.0;  // 1.27 cm
constexpr double kWidth = kA4Width - kLeft - kRight;

}  // namespace

StatusOr<std::string> HonorariaListPdf(const Batch& b, const std::vector<HonorariaRow>& rows) {
  if (b.id.empty()) return absl::InvalidArgumentError("the batch has no id");
  if (rows.empty()) return absl::InvalidArgumentError(StrCat("batch ", b.id, " has no people"));
  ASSIGN_OR_RETURN(std::unique_ptr<PdfDoc> doc,
                   PdfDoc::Create(StrCat("Daftar hadir (honorarium) ", b.title, " — ", b.id)));
  const int n = static_cast<int>(rows.size());
  const int pages = (n + kAttendanceRowsPerPage - 1) / kAttendanceRowsPerPage;
  const double w_no = 24, w_name = 150, w_pos = 88, w_tps = 48, w_present = 62;
  const double w_sign = kWidth - w_no - w_name - w_pos - w_tps - w_present;
  double xs[6];
  const double ws[] = {w_no, w_name, w_pos, w_tps, w_present, w_sign};
  xs[0] = kLeft;
  for (int c = 1; c < 6; ++c) xs[c] = xs[c - 1] + ws[c - 1];
  constexpr double kRowHeight = 26;
  const int present = static_cast<int>(
      std::count_if(rows.begin(), rows.end(), [](const HonorariaRow& r) { return r.present; }));

  doc->BeginTemplate();
  double y = kTop;
  y += doc->Text(kLeft, y, kWidth, b.office.name, kHead, Align::kCenter);
  if (!b.office.address.empty()) {
    y += doc->Text(kLeft, y, kWidth, b.office.address, kHeadSmall, Align::kCenter);
  }
  y += 4;
  doc->Line(kLeft, y, kLeft + kWidth, y, 2.0);
  doc->Line(kLeft, y + 3, kLeft + kWidth, y + 3, 0.6);
  y += 9;
  y += doc->Text(kLeft, y, kWidth, "DAFTAR HADIR (HONORARIUM)", Font{"Noto Sans Bold 13"},
                 Align::kCenter);
  y += doc->Text(kLeft, y, kWidth, b.title, Font{"Noto Sans Bold 10"}, Align::kCenter) + 6;
  const std::pair<std::string, std::string> labels[] = {
      {"Hari, tanggal", FormatIndonesianDayDate(b.date)},
      {"Waktu", StrCat("pukul ", FormatIndonesianTime(b.start), "–", FormatIndonesianTime(b.end),
                       " ", TimeZoneName(b.zone))},
      {"Tempat", b.venue_name},
      {"Kelas", b.id}};
  for (const auto& [label, value] : labels) {
    doc->Text(kLeft, y, 80, label, kTable);
    doc->Text(kLeft + 80, y, 8, ":", kTable);
    y += doc->Text(kLeft + 88, y, kWidth - 88, value, kTable) + 1;
  }
  y += 6;
  const char* headers[] = {"No", "Nama", "Jabatan", "TPS", "Hadir", "Tanda tangan"};
  constexpr double kHeaderHeight = 18;
  for (int c = 0; c < 6; ++c) {
    doc->FillBox(xs[c], y, ws[c], kHeaderHeight, 0.88);
    doc->Box(xs[c], y, ws[c], kHeaderHeight, 0.6);
    doc->Text(xs[c], y + 4, ws[c], headers[c], kTableBold, Align::kCenter);
  }
  const double header_end = y + kHeaderHeight;
  const int header = doc->EndTemplate();

  for (int page = 0; page < pages; ++page) {
    if (page > 0) doc->NewPage();
    doc->PaintTemplate(header, 0, 0);
    y = header_end;
    const int first = page * kAttendanceRowsPerPage;
    const int last = std::min(n, first + kAttendanceRowsPerPage);
    for (int i = first; i < last; ++i) {
      const HonorariaRow& r = rows[static_cast<size_t>(i)];
      const std::string no = StrCat(i + 1);
      doc->Text(xs[0], y + 4, ws[0], no, kTable, Align::kCenter);
      doc->Text(xs[1] + 4, y + 4, ws[1] - 8, r.name, kTable);
      doc->Text(xs[2] + 4, y + 4, ws[2] - 8, r.position, kTable);
      doc->Text(xs[3] + 4, y + 4, ws[3] - 8, r.tps, kTable);
      if (r.present) {
        doc->FillBox(xs[4], y, ws[4], kRowHeight, 0.93);
        doc->Text(xs[4], y + 4, ws[4],
                  r.checkin_minute >= 0 ? StrCat("Hadir ", FormatIndonesianTime(r.checkin_minute))
                                        : std::string("Hadir"),
                  kTableBold, Align::kCenter);
      } else {
        doc->Text(xs[4], y + 4, ws[4], "—", kTable, Align::kCenter);
      }
      const double half = ws[5] / 2;
      doc->Text(xs[5] + 4 + (i % 2 == 0 ? 0 : half), y + 4, half, StrCat(no, "."), kSmall);
      for (int c = 0; c < 6; ++c) doc->Box(xs[c], y, ws[c], kRowHeight, 0.5);
      y += kRowHeight;
    }
    if (page == pages - 1) {
      y += 10;
      doc->Text(kLeft, y, kWidth * 0.5, StrCat("Jumlah peserta: ", n, " orang"), kTable);
      doc->Text(
          kLeft, y + 14, kWidth * 0.5,
          StrCat("Hadir (tercatat): ", present, " orang; tidak hadir: ", n - present, " orang"),
          kTable);
      const double sx = kLeft + kWidth * 0.55, sw = kWidth * 0.45;
      double sy = y;
      sy += doc->Text(sx, sy, sw, StrCat(b.office.place, ", ", FormatIndonesianDate(b.date)),
                      kTable, Align::kCenter);
      sy += doc->Text(sx, sy, sw, "Fasilitator,", kTable, Align::kCenter) + 40;
      doc->Text(sx, sy, sw, "( ........................................ )", kTable, Align::kCenter);
    }
    doc->Text(kLeft, kA4Height - kBottom, kWidth,
              StrCat("Daftar hadir (honorarium) ", b.id, " — Halaman ", page + 1, " dari ", pages),
              kSmall, Align::kRight);
  }
  return doc->Finish();
}

}  // namespace bimtek::render

// Internal to render/: an A4 PDF being drawn with cairo and laid out with pango, written into a
// string. Units are PostScript points (1/72 inch). One PdfDoc per thread at a time; documents on
// different threads are independent (pango's default font map is per thread).
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "render/qr.h"

namespace bimtek::render {

inline constexpr double kA4Width = 595.276;
inline constexpr double kA4Height = 841.890;

enum class Align { kLeft, kCenter, kRight, kJustify };

// A font by pango description ("Noto Serif Bold 11").
struct Font {
  std::string description;
};

class PdfDoc {
 public:
  // A new document of A4 pages; `title` goes into the PDF's metadata. Internal when cairo cannot
  // create the surface.
  static StatusOr<std::unique_ptr<PdfDoc>> Create(std::string_view title);
  ~PdfDoc();
  PdfDoc(const PdfDoc&) = delete;
  PdfDoc& operator=(const PdfDoc&) = delete;

  // Draws `text` (plain, UTF-8) with its top-left at (x, y), wrapped to `width` (<= 0: no wrap);
  // returns its height. Measure does the same without drawing.
  double Text(double x, double y, double width, std::string_view text, const Font& font,
              Align align = Align::kLeft);
  double Measure(double width, std::string_view text, const Font& font);
  // The width of one unwrapped line of `text`.
  double TextWidth(std::string_view text, const Font& font);

  void Line(double x1, double y1, double x2, double y2, double line_width);
  void Box(double x, double y, double w, double h, double line_width);
  void FillBox(double x, double y, double w, double h, double grey);
  // The QR matrix as filled squares, `side` points wide with its quiet zone of 4 modules.
  void Qr(const QrMatrix& m, double x, double y, double side);

  // Drawing recorded once and painted on many pages: the PDF holds it once (a form XObject),
  // so the text every letter of a batch shares is laid out, shaped and compressed once.
  // Between BeginTemplate and EndTemplate every drawing call goes into the template.
  void BeginTemplate();
  int EndTemplate();  // returns the template's index for PaintTemplate
  void PaintTemplate(int index, double dx, double dy);

  // Ends the current page; the next drawing starts a new one.
  void NewPage();
  // Ends the document and returns its bytes; Internal when cairo reports an error. Call once.
  StatusOr<std::string> Finish();

 private:
  PdfDoc() = default;
  void Prepare(double width, std::string_view text, const Font& font, Align align);
  static cairo_status_t Write(void* closure, const unsigned char* data, unsigned int length);

  std::string bytes_;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* page_cr_ = nullptr;  // the page
  cairo_t* cr_ = nullptr;       // where drawing goes: the page or the template being recorded
  std::vector<cairo_surface_t*> templates_;
  PangoLayout* layout_ = nullptr;
  std::string font_key_;
  PangoFontDescription* font_ = nullptr;
};

}  // namespace bimtek::render

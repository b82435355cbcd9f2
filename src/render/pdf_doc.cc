#include "render/pdf_doc.h"

#include <cairo-pdf.h>

#include <string>

#include "base/strings.h"

namespace bimtek::render {

cairo_status_t PdfDoc::Write(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<PdfDoc*>(closure)->bytes_.append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

StatusOr<std::unique_ptr<PdfDoc>> PdfDoc::Create(std::string_view title) {
  std::unique_ptr<PdfDoc> doc(new PdfDoc());
  doc->surface_ =
      cairo_pdf_surface_create_for_stream(&PdfDoc::Write, doc.get(), kA4Width, kA4Height);
  if (cairo_surface_status(doc->surface_) != CAIRO_STATUS_SUCCESS) {
    return absl::InternalError(StrCat("cairo: cannot create a PDF surface: ",
                                      cairo_status_to_string(cairo_surface_status(doc->surface_))));
  }
  const std::string t(title);
  cairo_pdf_surface_set_metadata(doc->surface_, CAIRO_PDF_METADATA_TITLE, t.c_str());
  cairo_pdf_surface_set_metadata(doc->surface_, CAIRO_PDF_METADATA_CREATOR, "Bimtek");
  doc->page_cr_ = cairo_create(doc->surface_);
  doc->cr_ = doc->page_cr_;
  doc->layout_ = pango_cairo_create_layout(doc->cr_);
  // Pango assumes 96 dpi; a PDF's user unit is the point, so 1 pt of font = 1 unit at 72 dpi.
  pango_cairo_context_set_resolution(pango_layout_get_context(doc->layout_), 72);
  pango_layout_context_changed(doc->layout_);
  return doc;
}

PdfDoc::~PdfDoc() {
  if (font_ != nullptr) pango_font_description_free(font_);
  if (layout_ != nullptr) g_object_unref(layout_);
  if (cr_ != nullptr && cr_ != page_cr_) cairo_destroy(cr_);
  if (page_cr_ != nullptr) cairo_destroy(page_cr_);
  for (cairo_surface_t* t : templates_) cairo_surface_destroy(t);
  if (surface_ != nullptr) cairo_surface_destroy(surface_);
}

void PdfDoc::Prepare(double width, std::string_view text, const Font& font, Align align) {
  if (font.description != font_key_ || font_ == nullptr) {
    if (font_ != nullptr) pango_font_description_free(font_);
    font_ = pango_font_description_from_string(font.description.c_str());
    font_key_ = font.description;
    pango_layout_set_font_description(layout_, font_);
  }
  pango_layout_set_width(layout_, width > 0 ? static_cast<int>(width * PANGO_SCALE) : -1);
  pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_justify(layout_, align == Align::kJustify);
  pango_layout_set_alignment(layout_, align == Align::kCenter  ? PANGO_ALIGN_CENTER
                                      : align == Align::kRight ? PANGO_ALIGN_RIGHT
                                                               : PANGO_ALIGN_LEFT);
  pango_layout_set_text(layout_, text.data(), static_cast<int>(text.size()));
}

double PdfDoc::Text(double x, double y, double width, std::string_view text, const Font& font,
                    Align align) {
  Prepare(width, text, font, align);
  cairo_move_to(cr_, x, y);
  pango_cairo_show_layout(cr_, layout_);
  int w = 0, h = 0;
  pango_layout_get_size(layout_, &w, &h);
  return static_cast<double>(h) / PANGO_SCALE;
}

double PdfDoc::Measure(double width, std::string_view text, const Font& font) {
  Prepare(width, text, font, Align::kLeft);
  int w = 0, h = 0;
  pango_layout_get_size(layout_, &w, &h);
  return static_cast<double>(h) / PANGO_SCALE;
}

double PdfDoc::TextWidth(std::string_view text, const Font& font) {
  Prepare(-1, text, font, Align::kLeft);
  int w = 0, h = 0;
  pango_layout_get_size(layout_, &w, &h);
  return static_cast<double>(w) / PANGO_SCALE;
}

void PdfDoc::Line(double x1, double y1, double x2, double y2, double line_width) {
  cairo_set_line_width(cr_, line_width);
  cairo_move_to(cr_, x1, y1);
  cairo_line_to(cr_, x2, y2);
  cairo_stroke(cr_);
}

void PdfDoc::Box(double x, double y, double w, double h, double line_width) {
  cairo_set_line_width(cr_, line_width);
  cairo_rectangle(cr_, x, y, w, h);
  cairo_stroke(cr_);
}

void PdfDoc::FillBox(double x, double y, double w, double h, double grey) {
  cairo_save(cr_);
  cairo_set_source_rgb(cr_, grey, grey, grey);
  cairo_rectangle(cr_, x, y, w, h);
  cairo_fill(cr_);
  cairo_restore(cr_);
}

void PdfDoc::Qr(const QrMatrix& m, double x, double y, double side) {
  // One pixel per module (quiet zone included) in a 1-bit image, scaled up with the nearest
  // filter (the PDF says /Interpolate false): a few dozen bytes per code in the file, where
  // vector squares cost a few kilobytes of path operators on every page.
  const int n = m.size + 8;
  cairo_surface_t* image = cairo_image_surface_create(CAIRO_FORMAT_A1, n, n);
  cairo_surface_flush(image);
  unsigned char* data = cairo_image_surface_get_data(image);
  const int stride = cairo_image_surface_get_stride(image);
  for (int row = 0; row < m.size; ++row) {
    auto* line = reinterpret_cast<uint32_t*>(data + static_cast<ptrdiff_t>(row + 4) * stride);
    for (int col = 0; col < m.size; ++col) {
      if (!m.dark(col, row)) continue;
      const int px = col + 4;
      // A1 pixels are bits of native-endian 32-bit words, the first pixel in the lowest bit on
      // little-endian machines.
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
      line[px / 32] |= uint32_t{1} << (px % 32);
#else
      line[px / 32] |= uint32_t{1} << (31 - px % 32);
#endif
    }
  }
  cairo_surface_mark_dirty(image);
  cairo_save(cr_);
  cairo_translate(cr_, x, y);
  cairo_scale(cr_, side / n, side / n);
  cairo_set_source_rgb(cr_, 0, 0, 0);
  cairo_pattern_t* mask = cairo_pattern_create_for_surface(image);
  cairo_pattern_set_filter(mask, CAIRO_FILTER_NEAREST);
  cairo_mask(cr_, mask);
  cairo_pattern_destroy(mask);
  cairo_restore(cr_);
  cairo_surface_destroy(image);
}

void PdfDoc::BeginTemplate() {
  cairo_rectangle_t extents{0, 0, kA4Width, kA4Height};
  cairo_surface_t* rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents);
  templates_.push_back(rec);
  cr_ = cairo_create(rec);
}

int PdfDoc::EndTemplate() {
  cairo_destroy(cr_);
  cr_ = page_cr_;
  return static_cast<int>(templates_.size()) - 1;
}

void PdfDoc::PaintTemplate(int index, double dx, double dy) {
  cairo_save(cr_);
  cairo_translate(cr_, dx, dy);
  cairo_set_source_surface(cr_, templates_[static_cast<size_t>(index)], 0, 0);
  cairo_paint(cr_);
  cairo_restore(cr_);
}

void PdfDoc::NewPage() { cairo_show_page(cr_); }

StatusOr<std::string> PdfDoc::Finish() {
  if (layout_ != nullptr) {
    g_object_unref(layout_);
    layout_ = nullptr;
  }
  cairo_destroy(page_cr_);
  page_cr_ = cr_ = nullptr;
  cairo_surface_finish(surface_);
  const cairo_status_t status = cairo_surface_status(surface_);
  cairo_surface_destroy(surface_);
  surface_ = nullptr;
  if (status != CAIRO_STATUS_SUCCESS) {
    return absl::InternalError(StrCat("cairo: PDF not written: ", cairo_status_to_string(status)));
  }
  return std::move(bytes_);
}

}  // namespace bimtek::render

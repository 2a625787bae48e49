#include "office/pdf_document.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <mutex>

namespace kaowu::office {

namespace {
constexpr double kPadding = 4;

PangoLayout* make_layout(cairo_t* cr, double width, const std::string& text,
                         const TextStyle& style) {
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoFontDescription* font = pango_font_description_from_string("Noto Sans CJK SC");
  pango_font_description_set_absolute_size(font, style.size * PANGO_SCALE);
  pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout, font);
  pango_font_description_free(font);
  pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout, style.align == Align::center  ? PANGO_ALIGN_CENTER
                                     : style.align == Align::right ? PANGO_ALIGN_RIGHT
                                                                   : PANGO_ALIGN_LEFT);
  pango_layout_set_text(layout, text.c_str(), static_cast<int>(text.size()));
  return layout;
}

double layout_height(PangoLayout* layout) {
  int w = 0, h = 0;
  pango_layout_get_size(layout, &w, &h);
  return static_cast<double>(h) / PANGO_SCALE;
}
}  // namespace

void init_fonts() {
  static std::once_flag once;
  std::call_once(once, [] { FcInit(); });
}

PdfDocument::~PdfDocument() {
  if (!closed_) (void)close();
}

Result<std::unique_ptr<PdfDocument>> PdfDocument::create(const std::string& path, double width,
                                                         double height) {
  init_fonts();
  std::unique_ptr<PdfDocument> doc(new PdfDocument());
  doc->width_ = width;
  doc->height_ = height;
  doc->surface_ = cairo_pdf_surface_create(path.c_str(), width, height);
  if (cairo_surface_status(doc->surface_) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(doc->surface_);
    doc->surface_ = nullptr;
    doc->closed_ = true;
    return err::internal("无法创建 PDF 文件");
  }
  doc->cr_ = cairo_create(doc->surface_);
  cairo_set_source_rgb(doc->cr_, 0, 0, 0);
  return doc;
}

void PdfDocument::new_page() {
  cairo_show_page(cr_);
}

double PdfDocument::text(double x, double y, double width, const std::string& text,
                         const TextStyle& style) {
  PangoLayout* layout = make_layout(cr_, width, text, style);
  cairo_move_to(cr_, x, y);
  pango_cairo_show_layout(cr_, layout);
  double h = layout_height(layout);
  g_object_unref(layout);
  return h;
}

double PdfDocument::measure(double width, const std::string& text, const TextStyle& style) {
  PangoLayout* layout = make_layout(cr_, width, text, style);
  double h = layout_height(layout);
  g_object_unref(layout);
  return h;
}

void PdfDocument::line(double x1, double y1, double x2, double y2, double weight) {
  cairo_set_line_width(cr_, weight);
  cairo_move_to(cr_, x1, y1);
  cairo_line_to(cr_, x2, y2);
  cairo_stroke(cr_);
}

double PdfDocument::fields(double x, double y, double width, const std::vector<Field>& fields,
                           int columns) {
  columns = std::max(columns, 1);
  double cell = width / columns;
  TextStyle label{.bold = true};
  TextStyle value{};
  for (std::size_t i = 0; i < fields.size(); i += static_cast<std::size_t>(columns)) {
    double row = 0;
    for (int c = 0; c < columns && i + c < fields.size(); ++c) {
      const auto& field = fields[i + c];
      std::string caption = field.label + "：";
      double label_width = std::min(cell * 0.4, measure_width(caption, label) + 2);
      double cx = x + c * cell;
      double h1 = text(cx, y, label_width, caption, label);
      double h2 = text(cx + label_width, y, cell - label_width - kPadding, field.value, value);
      row = std::max({row, h1, h2});
    }
    y += row + kPadding;
  }
  return y;
}

double PdfDocument::measure_width(const std::string& text, const TextStyle& style) {
  PangoLayout* layout = make_layout(cr_, -1, text, style);
  pango_layout_set_width(layout, -1);
  int w = 0, h = 0;
  pango_layout_get_size(layout, &w, &h);
  g_object_unref(layout);
  return static_cast<double>(w) / PANGO_SCALE;
}

double PdfDocument::row_height(const std::vector<double>& widths,
                               const std::vector<std::string>& cells, const TextStyle& style) {
  double h = 0;
  for (std::size_t i = 0; i < widths.size() && i < cells.size(); ++i) {
    h = std::max(h, measure(widths[i] - 2 * kPadding, cells[i], style));
  }
  return std::max(h, style.size * 1.2) + 2 * kPadding;
}

void PdfDocument::draw_row(double x, double y, double h, const std::vector<double>& widths,
                           const std::vector<std::string>& cells, const TextStyle& style) {
  double cx = x;
  line(x, y, x, y + h);
  for (std::size_t i = 0; i < widths.size(); ++i) {
    if (i < cells.size())
      text(cx + kPadding, y + kPadding, widths[i] - 2 * kPadding, cells[i], style);
    cx += widths[i];
    line(cx, y, cx, y + h);
  }
  line(x, y, cx, y);
  line(x, y + h, cx, y + h);
}

double PdfDocument::table(double x, double y, const std::vector<double>& widths,
                          const std::vector<std::string>& header,
                          const std::vector<std::vector<std::string>>& rows,
                          const TextStyle& style) {
  TextStyle head = style;
  head.bold = true;
  double header_h = row_height(widths, header, head);
  double bottom = height_ - margin_;
  if (y + header_h > bottom) {
    new_page();
    y = margin_;
  }
  draw_row(x, y, header_h, widths, header, head);
  y += header_h;
  for (const auto& row : rows) {
    double h = row_height(widths, row, style);
    if (y + h > bottom) {
      new_page();
      y = margin_;
      draw_row(x, y, header_h, widths, header, head);
      y += header_h;
    }
    draw_row(x, y, h, widths, row, style);
    y += h;
  }
  return y;
}

Status PdfDocument::close() {
  if (closed_) return {};
  closed_ = true;
  cairo_destroy(cr_);
  cr_ = nullptr;
  cairo_surface_finish(surface_);
  auto status = cairo_surface_status(surface_);
  cairo_surface_destroy(surface_);
  surface_ = nullptr;
  if (status != CAIRO_STATUS_SUCCESS) return err::internal("生成 PDF 文件失败");
  return {};
}

}  // namespace kaowu::office

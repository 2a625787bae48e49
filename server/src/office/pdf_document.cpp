#include "office/pdf_document.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <mutex>
#include <unordered_map>

namespace kaowu::office {

namespace {
constexpr double kPadding = 4;

double layout_height(PangoLayout* layout) {
  int w = 0, h = 0;
  pango_layout_get_size(layout, &w, &h);
  return static_cast<double>(h) / PANGO_SCALE;
}
}  // namespace

// One pango context per document (font selection done once), one font description per size and
// weight, and the layouts of texts already drawn. Creating a context and a layout per text cost
// most of the time of a page of short fields.
struct PdfDocument::Layouts {
  PangoContext* context = nullptr;
  std::unordered_map<std::string, PangoFontDescription*> fonts;
  std::unordered_map<std::string, PangoLayout*> cache;
  std::string key;

  ~Layouts() {
    clear();
    for (auto& [_, font] : fonts) pango_font_description_free(font);
    if (context) g_object_unref(context);
  }
  void clear() {
    for (auto& [_, layout] : cache) g_object_unref(layout);
    cache.clear();
  }
  PangoFontDescription* font(const TextStyle& style) {
    std::string name(reinterpret_cast<const char*>(&style.size), sizeof style.size);
    name += style.bold ? 'b' : 'r';
    auto& slot = fonts[name];
    if (!slot) {
      slot = pango_font_description_from_string("Noto Sans CJK SC");
      pango_font_description_set_absolute_size(slot, style.size * PANGO_SCALE);
      pango_font_description_set_weight(slot, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    }
    return slot;
  }
};

namespace {
// Texts kept per document: enough for every label and repeated value of a batch of tickets; the
// cache starts over when it is full, so a long batch of distinct names keeps memory bounded.
constexpr std::size_t kMaxCachedLayouts = 4096;
}  // namespace

PdfDocument::PdfDocument() : layouts_(std::make_unique<Layouts>()) {}

void* PdfDocument::layout(double width, const std::string& text, const TextStyle& style) {
  auto& key = layouts_->key;
  int pango_width = width < 0 ? -1 : static_cast<int>(width * PANGO_SCALE);
  key.assign(text);
  key.push_back('\0');
  key.append(reinterpret_cast<const char*>(&pango_width), sizeof pango_width);
  key.append(reinterpret_cast<const char*>(&style.size), sizeof style.size);
  key.push_back(style.bold ? 'b' : 'r');
  key.push_back(static_cast<char>(style.align));
  if (auto it = layouts_->cache.find(key); it != layouts_->cache.end()) return it->second;
  if (layouts_->cache.size() >= kMaxCachedLayouts) layouts_->clear();
  if (!layouts_->context) layouts_->context = pango_cairo_create_context(page_cr_);
  PangoLayout* made = pango_layout_new(layouts_->context);
  pango_layout_set_font_description(made, layouts_->font(style));
  pango_layout_set_width(made, pango_width);
  pango_layout_set_wrap(made, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(made, style.align == Align::center  ? PANGO_ALIGN_CENTER
                                   : style.align == Align::right ? PANGO_ALIGN_RIGHT
                                                                 : PANGO_ALIGN_LEFT);
  pango_layout_set_text(made, text.c_str(), static_cast<int>(text.size()));
  layouts_->cache.emplace(key, made);
  return made;
}

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
  doc->page_cr_ = cairo_create(doc->surface_);
  doc->cr_ = doc->page_cr_;
  cairo_set_source_rgb(doc->cr_, 0, 0, 0);
  return doc;
}

void PdfDocument::new_page() {
  if (recording_) return;
  cairo_show_page(page_cr_);
}

void PdfDocument::begin_stamp(double width, double height) {
  if (recording_) return;
  cairo_rectangle_t extents{0, 0, width, height};
  recording_ = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents);
  cr_ = cairo_create(recording_);
  cairo_set_source_rgb(cr_, 0, 0, 0);
}

int PdfDocument::end_stamp() {
  if (!recording_) return -1;
  cairo_destroy(cr_);
  cr_ = page_cr_;
  stamps_.push_back(recording_);
  recording_ = nullptr;
  return static_cast<int>(stamps_.size()) - 1;
}

void PdfDocument::stamp(int id, double x, double y) {
  if (id < 0 || static_cast<std::size_t>(id) >= stamps_.size()) return;
  cairo_save(cr_);
  cairo_translate(cr_, x, y);
  cairo_set_source_surface(cr_, stamps_[id], 0, 0);
  cairo_paint(cr_);
  cairo_restore(cr_);
}

double PdfDocument::text(double x, double y, double width, const std::string& text,
                         const TextStyle& style) {
  auto* made = static_cast<PangoLayout*>(layout(width, text, style));
  cairo_move_to(cr_, x, y);
  pango_cairo_show_layout(cr_, made);
  return layout_height(made);
}

double PdfDocument::measure(double width, const std::string& text, const TextStyle& style) {
  return layout_height(static_cast<PangoLayout*>(layout(width, text, style)));
}

void PdfDocument::rectangle(double x, double y, double width, double height, double weight) {
  cairo_set_line_width(cr_, weight);
  cairo_rectangle(cr_, x, y, width, height);
  cairo_stroke(cr_);
}

void PdfDocument::modules(double x, double y, double side, const ModuleGrid& grid) {
  int n = grid.size;
  if (n <= 0 || grid.dark.size() < static_cast<std::size_t>(n) * n) return;
  // A one-pixel-per-module image scaled without smoothing: the PDF holds a small image instead of
  // a path of hundreds of squares, which took most of the time of writing a page.
  cairo_surface_t* image = cairo_image_surface_create(CAIRO_FORMAT_RGB24, n, n);
  if (cairo_surface_status(image) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(image);
    return;
  }
  cairo_surface_flush(image);
  unsigned char* data = cairo_image_surface_get_data(image);
  int stride = cairo_image_surface_get_stride(image);
  for (int r = 0; r < n; ++r) {
    auto* row = reinterpret_cast<std::uint32_t*>(data + static_cast<std::size_t>(r) * stride);
    const std::uint8_t* dark = grid.dark.data() + static_cast<std::size_t>(r) * n;
    for (int c = 0; c < n; ++c) row[c] = dark[c] ? 0x000000 : 0xFFFFFF;
  }
  cairo_surface_mark_dirty(image);
  cairo_save(cr_);
  cairo_translate(cr_, x, y);
  cairo_scale(cr_, side / n, side / n);
  cairo_set_source_surface(cr_, image, 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr_), CAIRO_FILTER_NEAREST);
  cairo_rectangle(cr_, 0, 0, n, n);
  cairo_fill(cr_);
  cairo_restore(cr_);
  cairo_surface_destroy(image);
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
  int w = 0, h = 0;
  pango_layout_get_size(static_cast<PangoLayout*>(layout(-1, text, style)), &w, &h);
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
  for (std::size_t i = 0; i < widths.size(); ++i) {
    if (i < cells.size())
      text(cx + kPadding, y + kPadding, widths[i] - 2 * kPadding, cells[i], style);
    cx += widths[i];
  }
  rules(x, y, h, widths);
}

void PdfDocument::rules(double x, double y, double height, const std::vector<double>& widths) {
  double right = x;
  for (double width : widths) right += width;
  cairo_set_line_width(cr_, 0.5);
  cairo_move_to(cr_, x, y);
  cairo_line_to(cr_, right, y);
  cairo_move_to(cr_, x, y + height);
  cairo_line_to(cr_, right, y + height);
  double cx = x;
  cairo_move_to(cr_, cx, y);
  cairo_line_to(cr_, cx, y + height);
  for (double width : widths) {
    cx += width;
    cairo_move_to(cr_, cx, y);
    cairo_line_to(cr_, cx, y + height);
  }
  cairo_stroke(cr_);
}

double PdfDocument::table(double x, double y, const std::vector<double>& widths,
                          const std::vector<std::string>& header,
                          const std::vector<std::vector<std::string>>& rows, const TextStyle& style,
                          bool plain_header) {
  TextStyle head = style;
  head.bold = !plain_header;
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
  layouts_.reset();
  if (recording_) end_stamp();
  cairo_destroy(page_cr_);
  page_cr_ = cr_ = nullptr;
  cairo_surface_finish(surface_);
  auto status = cairo_surface_status(surface_);
  cairo_surface_destroy(surface_);
  surface_ = nullptr;
  for (auto* stamp : stamps_) cairo_surface_destroy(stamp);
  stamps_.clear();
  if (status != CAIRO_STATUS_SUCCESS) return err::internal("生成 PDF 文件失败");
  return {};
}

}  // namespace kaowu::office

#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"

typedef struct _cairo cairo_t;
typedef struct _cairo_surface cairo_surface_t;

namespace kaowu::office {

//! Loads the font configuration once; call before starting threads that write PDFs.
void init_fonts();

//! Text placement within its box.
enum class Align { left, center, right };

//! A text style: Noto Sans CJK SC at `size` points.
struct TextStyle {
  double size = 10.5;
  bool bold = false;
  Align align = Align::left;
};

//! A labelled field ("姓名：张三") for PdfDocument::fields.
struct Field {
  std::string label;
  std::string value;
};

//! A multi-page PDF (A4 portrait by default) drawn with pango and cairo. Coordinates are in
//! points from the top-left corner of the page; text wraps inside the given width.
class PdfDocument {
 public:
  ~PdfDocument();
  PdfDocument(const PdfDocument&) = delete;
  PdfDocument& operator=(const PdfDocument&) = delete;

  //! Starts a PDF at `path` with one empty page of `width` x `height` points.
  static Result<std::unique_ptr<PdfDocument>> create(const std::string& path, double width = 595.28,
                                                     double height = 841.89);
  double width() const { return width_; }
  double height() const { return height_; }
  //! Page margin used by fields() and table() when they break pages.
  double margin() const { return margin_; }
  //! Ends the current page and starts a new one.
  void new_page();
  //! Draws `text` wrapped to `width`; returns its height.
  double text(double x, double y, double width, const std::string& text,
              const TextStyle& style = {});
  //! Height `text` would take at `width`.
  double measure(double width, const std::string& text, const TextStyle& style = {});
  //! Draws a line `weight` points thick.
  void line(double x1, double y1, double x2, double y2, double weight = 0.5);
  //! Draws fields in `columns` columns, label in bold; returns the y below the last row.
  double fields(double x, double y, double width, const std::vector<Field>& fields,
                int columns = 2);
  //! Draws a ruled table; rows that do not fit start a new page with the header repeated.
  //! Returns the y below the table on its last page.
  double table(double x, double y, const std::vector<double>& widths,
               const std::vector<std::string>& header,
               const std::vector<std::vector<std::string>>& rows, const TextStyle& style = {});
  //! Finishes the file.
  Status close();

 private:
  PdfDocument() = default;
  double measure_width(const std::string& text, const TextStyle& style);
  double row_height(const std::vector<double>& widths, const std::vector<std::string>& cells,
                    const TextStyle& style);
  void draw_row(double x, double y, double h, const std::vector<double>& widths,
                const std::vector<std::string>& cells, const TextStyle& style);
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  double width_ = 0;
  double height_ = 0;
  double margin_ = 42;
  bool closed_ = false;
};

}  // namespace kaowu::office

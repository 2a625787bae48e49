#pragma once

#include <cstdint>
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

//! A square grid of dark and light modules (a QR code): dark[row * size + column] != 0.
struct ModuleGrid {
  int size = 0;
  std::vector<std::uint8_t> dark;
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
  //! Ends the current page and starts a new one (not while recording a stamp).
  void new_page();
  //! Starts recording a stamp `width` x `height` points: the drawing calls that follow draw into
  //! it, in its own coordinates, until end_stamp(). A stamp is stored in the file once however
  //! many pages show it, and placing it costs far less than drawing its texts again: use it for
  //! what every page of a batch repeats (headings, labels, a notice).
  void begin_stamp(double width, double height);
  //! Ends the recording; returns the stamp's id for stamp().
  int end_stamp();
  //! Draws stamp `id` with its top-left corner at (x, y) of the current page.
  void stamp(int id, double x, double y);
  //! Draws `text` wrapped to `width`; returns its height.
  double text(double x, double y, double width, const std::string& text,
              const TextStyle& style = {});
  //! Height `text` would take at `width`.
  double measure(double width, const std::string& text, const TextStyle& style = {});
  //! Draws a line `weight` points thick.
  void line(double x1, double y1, double x2, double y2, double weight = 0.5);
  //! Draws the outline of a rectangle, lines `weight` points thick.
  void rectangle(double x, double y, double width, double height, double weight = 0.5);
  //! Fills the dark modules of `grid` in a `side` x `side` square at (x, y); light ones stay
  //! blank, so the caller leaves the quiet zone a code reader needs around it.
  void modules(double x, double y, double side, const ModuleGrid& grid);
  //! Rules a table row `height` points high at (x, y) with columns `widths` wide: its top and
  //! bottom lines and a line at each column edge, stroked at once.
  void rules(double x, double y, double height, const std::vector<double>& widths);
  //! Draws fields in `columns` columns, label in bold; returns the y below the last row.
  double fields(double x, double y, double width, const std::vector<Field>& fields,
                int columns = 2);
  //! Draws a ruled table; rows that do not fit start a new page with the header repeated. The
  //! header is bold unless `plain_header`. Returns the y below the table on its last page.
  double table(double x, double y, const std::vector<double>& widths,
               const std::vector<std::string>& header,
               const std::vector<std::vector<std::string>>& rows, const TextStyle& style = {},
               bool plain_header = false);
  //! Finishes the file.
  Status close();

 private:
  struct Layouts;
  PdfDocument();
  //! The laid-out text, shaped once per document and reused: labels and repeated values (a
  //! plan's notice, a site's address) are not shaped again on every page.
  void* layout(double width, const std::string& text, const TextStyle& style);
  double measure_width(const std::string& text, const TextStyle& style);
  double row_height(const std::vector<double>& widths, const std::vector<std::string>& cells,
                    const TextStyle& style);
  void draw_row(double x, double y, double h, const std::vector<double>& widths,
                const std::vector<std::string>& cells, const TextStyle& style);
  cairo_surface_t* surface_ = nullptr;
  cairo_t* page_cr_ = nullptr;  //!< draws on the pages
  cairo_t* cr_ = nullptr;       //!< draws on the pages or into the stamp being recorded
  cairo_surface_t* recording_ = nullptr;
  std::vector<cairo_surface_t*> stamps_;
  std::unique_ptr<Layouts> layouts_;
  double width_ = 0;
  double height_ = 0;
  double margin_ = 42;
  bool closed_ = false;
};

}  // namespace kaowu::office

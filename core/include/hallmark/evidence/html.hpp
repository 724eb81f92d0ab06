// A small builder of self-contained HTML pages for reports a person reads offline (the trend
// report, the evidence bundle's report.html). Self-contained means the page loads nothing: CSS is
// inline, charts are inline SVG, and a Content-Security-Policy (default-src 'none') forbids any
// fetch even if something slipped in. Everything put on a page is text, escaped here: the
// builder has no way to add raw markup, because what reports show (image names, check reasons)
// comes from untrusted inputs.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hallmark::evidence::html {

// Text made safe in element content and in quoted attribute values: & < > " ' as entities;
// control characters other than tab, newline and carriage return, and bytes that are not UTF-8,
// become U+FFFD (HTML forbids the first, and the page declares UTF-8).
std::string escape(std::string_view text);

// How a value reads: a verdict or a check result is coloured, and says so in words too.
enum class Tone { kPlain, kGood, kBad, kWarn };

struct Cell {
  std::string text;
  Tone tone = Tone::kPlain;

  Cell(std::string text, Tone tone = Tone::kPlain) : text(std::move(text)), tone(tone) {}
  Cell(const char* text, Tone tone = Tone::kPlain) : text(text), tone(tone) {}
};

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<Cell>> rows;
  std::vector<bool> numeric;        // per column: right-aligned figures
  std::string empty_text = "none";  // shown as the only row when there are no rows
};

// One series of a stacked bar chart (the order of series is the stacking order, bottom first).
struct Series {
  std::string name;
  std::string color;  // a CSS colour literal, e.g. "#2e7d32"; not untrusted input
};

struct Bar {
  std::string label;
  std::vector<double> values;  // one per series
};

struct BarChart {
  enum class Orientation { kVertical, kHorizontal };
  std::string title;  // the chart's accessible name
  std::vector<Series> series;
  std::vector<Bar> bars;
  Orientation orientation = Orientation::kVertical;
};

// The chart as an inline <svg> element: bars with a <title> each (exact values on hover), axis
// labels, a legend when there is more than one series. Deterministic: coordinates are printed
// with one decimal.
std::string bar_chart_svg(const BarChart& chart);

// A page: a title, then sections of headings, paragraphs, key facts, tables and charts.
class Page {
 public:
  explicit Page(std::string title);

  // Starts a section (closing the previous one) with an <h2>; `id` (letters, digits, '-') makes it
  // linkable.
  Page& section(std::string_view heading, std::string_view id = "");
  Page& subheading(std::string_view text);
  Page& paragraph(std::string_view text, Tone tone = Tone::kPlain);
  // A definition list of name / value pairs, as the facts at the top of a report.
  Page& facts(const std::vector<std::pair<std::string, Cell>>& items);
  Page& table(const Table& table);
  Page& chart(const BarChart& chart);

  // The whole document, <!DOCTYPE html> to </html>.
  std::string render() const;

 private:
  std::string title_;
  std::string body_;
  bool in_section_ = false;
};

}  // namespace hallmark::evidence::html

#include "hallmark/evidence/html.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "hallmark/util/strings.hpp"

namespace hallmark::evidence::html {
namespace {

constexpr char kReplacement[] = "\xef\xbf\xbd";  // U+FFFD

// Only bare CSS; no url(), no @import, no web font: the page must load nothing.
constexpr char kStyle[] = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
 color:#1b1f23;background:#fff;margin:0;line-height:1.45}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:1.6em;margin:0 0 16px}
h2{font-size:1.25em;margin:32px 0 8px;padding-bottom:4px;border-bottom:1px solid #d0d7de}
h3{font-size:1.05em;margin:20px 0 6px}
table{border-collapse:collapse;margin:8px 0 16px;font-size:.92em}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top;
 overflow-wrap:anywhere}
th{background:#f6f8fa}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.empty{color:#57606a;font-style:italic}
dl{display:grid;grid-template-columns:max-content auto;gap:4px 16px;margin:8px 0 16px}
dt{font-weight:600}
dd{margin:0;overflow-wrap:anywhere}
.good{color:#1a7f37;font-weight:600}
.bad{color:#cf222e;font-weight:600}
.warn{color:#9a6700;font-weight:600}
svg{max-width:100%;height:auto;display:block;margin:8px 0 16px}
svg text{font-family:inherit;font-size:11px;fill:#1b1f23}
)";

// The length of the UTF-8 sequence at the start of `text`, or 0 when it is not valid UTF-8.
size_t sequence_length(std::string_view text) {
  unsigned char lead = static_cast<unsigned char>(text[0]);
  size_t length = lead < 0x80         ? 1
                  : lead >> 5 == 0x6  ? 2
                  : lead >> 4 == 0xe  ? 3
                  : lead >> 3 == 0x1e ? 4
                                      : 0;
  if (length == 0 || length > text.size()) return 0;
  return util::is_valid_utf8(text.substr(0, length)) ? length : 0;
}

const char* tone_class(Tone tone) {
  switch (tone) {
    case Tone::kGood:
      return "good";
    case Tone::kBad:
      return "bad";
    case Tone::kWarn:
      return "warn";
    case Tone::kPlain:
      break;
  }
  return "";
}

std::string with_tone(const Cell& cell) {
  if (cell.tone == Tone::kPlain) return escape(cell.text);
  return std::string("<span class=\"") + tone_class(cell.tone) + "\">" + escape(cell.text) +
         "</span>";
}

std::string coordinate(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

// Counts print as integers; anything else with at most two decimals, trailing zeros dropped.
std::string number(double value) {
  char text[32];
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    std::snprintf(text, sizeof text, "%.0f", value);
    return text;
  }
  std::snprintf(text, sizeof text, "%.2f", value);
  std::string out = text;
  while (out.back() == '0')
    out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out;
}

// A round axis step (1, 2 or 5 times a power of ten) giving at most four intervals up to `top`.
double axis_step(double top) {
  if (top <= 0) return 1;
  double raw = top / 4;
  double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double factor : {1.0, 2.0, 5.0, 10.0})
    if (factor * power >= raw) return std::max(factor * power, 1.0);
  return std::max(10 * power, 1.0);
}

// At most `limit` characters (code points), with an ellipsis when cut; keeps UTF-8 whole.
std::string shortened(std::string_view text, size_t limit) {
  size_t at = 0, count = 0;
  while (at < text.size() && count < limit) {
    size_t length = sequence_length(text.substr(at));
    at += length == 0 ? 1 : length;
    ++count;
  }
  if (at >= text.size()) return std::string(text);
  return std::string(text.substr(0, at)) + "\xe2\x80\xa6";
}

double bar_total(const Bar& bar) {
  double total = 0;
  for (double value : bar.values)
    total += std::max(value, 0.0);
  return total;
}

std::string svg_open(double width, double height, const std::string& title) {
  // Inline SVG in HTML needs no xmlns: the page then names no URL at all.
  return "<svg role=\"img\" width=\"" + coordinate(width) + "\" height=\"" + coordinate(height) +
         "\" viewBox=\"0 0 " + coordinate(width) + " " + coordinate(height) + "\" aria-label=\"" +
         escape(title) + "\"><title>" + escape(title) + "</title>";
}

std::string legend(const BarChart& chart, double x, double y) {
  if (chart.series.size() < 2) return "";
  std::string out;
  for (const Series& series : chart.series) {
    out += "<rect x=\"" + coordinate(x) + "\" y=\"" + coordinate(y) +
           "\" width=\"10\" height=\"10\" fill=\"" + escape(series.color) + "\"/>";
    out += "<text x=\"" + coordinate(x + 14) + "\" y=\"" + coordinate(y + 9) + "\">" +
           escape(series.name) + "</text>";
    x += 24 + 7.0 * static_cast<double>(series.name.size());
  }
  return out;
}

std::string segment_title(const Bar& bar, const BarChart& chart, size_t series) {
  return "<title>" + escape(bar.label) + ": " + escape(chart.series[series].name) + " " +
         number(bar.values[series]) + "</title>";
}

std::string vertical_chart(const BarChart& chart) {
  const double left = 48, right = 16, top = 28, plot = 200, bottom = 80;
  size_t count = chart.bars.size();
  double slot = count > 0 ? std::clamp(640.0 / static_cast<double>(count), 6.0, 40.0) : 40;
  double bar_width = std::max(slot * 0.7, 4.0);
  double width = std::max(left + slot * static_cast<double>(count) + right, 320.0);
  double height = top + plot + bottom;
  double max_total = 0;
  for (const Bar& bar : chart.bars)
    max_total = std::max(max_total, bar_total(bar));
  double step = axis_step(max_total);
  double axis_top = std::max(step * std::ceil(max_total / step), step);
  auto y_of = [&](double value) { return top + plot - plot * value / axis_top; };

  std::string out = svg_open(width, height, chart.title);
  out += legend(chart, left, 6);
  for (double tick = 0; tick <= axis_top + step / 2; tick += step) {
    out += "<line x1=\"" + coordinate(left) + "\" x2=\"" + coordinate(width - right) + "\" y1=\"" +
           coordinate(y_of(tick)) + "\" y2=\"" + coordinate(y_of(tick)) +
           "\" stroke=\"#d0d7de\" stroke-width=\"1\"/>";
    out += "<text x=\"" + coordinate(left - 6) + "\" y=\"" + coordinate(y_of(tick) + 4) +
           "\" text-anchor=\"end\">" + number(tick) + "</text>";
  }
  // Label every bar while they fit; beyond 40 bars, every k-th.
  size_t label_every = count > 40 ? (count + 39) / 40 : 1;
  for (size_t i = 0; i < count; ++i) {
    const Bar& bar = chart.bars[i];
    double x = left + slot * static_cast<double>(i) + (slot - bar_width) / 2;
    double base = 0;
    for (size_t s = 0; s < chart.series.size() && s < bar.values.size(); ++s) {
      double value = std::max(bar.values[s], 0.0);
      if (value <= 0) continue;
      out += "<rect x=\"" + coordinate(x) + "\" y=\"" + coordinate(y_of(base + value)) +
             "\" width=\"" + coordinate(bar_width) + "\" height=\"" +
             coordinate(y_of(base) - y_of(base + value)) + "\" fill=\"" +
             escape(chart.series[s].color) + "\">" + segment_title(bar, chart, s) + "</rect>";
      base += value;
    }
    if (i % label_every == 0) {
      double label_x = x + bar_width / 2;
      double label_y = top + plot + 12;
      out += "<text x=\"" + coordinate(label_x) + "\" y=\"" + coordinate(label_y) +
             "\" text-anchor=\"end\" transform=\"rotate(-45 " + coordinate(label_x) + " " +
             coordinate(label_y) + ")\">" + escape(shortened(bar.label, 16)) + "</text>";
    }
  }
  return out + "</svg>";
}

std::string horizontal_chart(const BarChart& chart) {
  const double left = 8, width = 760, row = 38, bar_height = 14, top = 28, scale = 600;
  double max_total = 0;
  for (const Bar& bar : chart.bars)
    max_total = std::max(max_total, bar_total(bar));
  double height = top + row * static_cast<double>(chart.bars.size()) + 8;
  std::string out = svg_open(width, height, chart.title);
  out += legend(chart, left, 6);
  for (size_t i = 0; i < chart.bars.size(); ++i) {
    const Bar& bar = chart.bars[i];
    double y = top + row * static_cast<double>(i);
    out += "<text x=\"" + coordinate(left) + "\" y=\"" + coordinate(y + 11) + "\"><title>" +
           escape(bar.label) + "</title>" + escape(shortened(bar.label, 120)) + "</text>";
    double x = left;
    for (size_t s = 0; s < chart.series.size() && s < bar.values.size(); ++s) {
      double value = std::max(bar.values[s], 0.0);
      if (value <= 0 || max_total <= 0) continue;
      double length = std::max(scale * value / max_total, 1.0);
      out += "<rect x=\"" + coordinate(x) + "\" y=\"" + coordinate(y + 16) + "\" width=\"" +
             coordinate(length) + "\" height=\"" + coordinate(bar_height) + "\" fill=\"" +
             escape(chart.series[s].color) + "\">" + segment_title(bar, chart, s) + "</rect>";
      x += length;
    }
    out += "<text x=\"" + coordinate(x + 6) + "\" y=\"" + coordinate(y + 27) + "\">" +
           number(bar_total(bar)) + "</text>";
  }
  return out + "</svg>";
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t at = 0; at < text.size();) {
    unsigned char byte = static_cast<unsigned char>(text[at]);
    size_t length = sequence_length(text.substr(at));
    if (length == 0) {
      out += kReplacement;
      ++at;
      continue;
    }
    if (length == 1) {
      switch (byte) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&#39;";
          break;
        default:
          if ((byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7f)
            out += kReplacement;
          else
            out += static_cast<char>(byte);
      }
    } else if (length == 2 && byte == 0xc2 && static_cast<unsigned char>(text[at + 1]) < 0xa0) {
      out += kReplacement;  // C1 controls, U+0080..U+009F
    } else {
      out.append(text.substr(at, length));
    }
    at += length;
  }
  return out;
}

std::string bar_chart_svg(const BarChart& chart) {
  return chart.orientation == BarChart::Orientation::kVertical ? vertical_chart(chart)
                                                               : horizontal_chart(chart);
}

Page::Page(std::string title) : title_(std::move(title)) {}

Page& Page::section(std::string_view heading, std::string_view id) {
  if (in_section_) body_ += "</section>\n";
  bool id_ok = !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
  body_ += id_ok ? "<section id=\"" + std::string(id) + "\">" : std::string("<section>");
  body_ += "<h2>" + escape(heading) + "</h2>\n";
  in_section_ = true;
  return *this;
}

Page& Page::subheading(std::string_view text) {
  body_ += "<h3>" + escape(text) + "</h3>\n";
  return *this;
}

Page& Page::paragraph(std::string_view text, Tone tone) {
  body_ += "<p>" + with_tone(Cell(std::string(text), tone)) + "</p>\n";
  return *this;
}

Page& Page::facts(const std::vector<std::pair<std::string, Cell>>& items) {
  body_ += "<dl>";
  for (const auto& [name, value] : items)
    body_ += "<dt>" + escape(name) + "</dt><dd>" + with_tone(value) + "</dd>";
  body_ += "</dl>\n";
  return *this;
}

Page& Page::table(const Table& table) {
  auto numeric = [&](size_t column) {
    return column < table.numeric.size() && table.numeric[column];
  };
  body_ += "<table><thead><tr>";
  for (size_t column = 0; column < table.header.size(); ++column)
    body_ += std::string(numeric(column) ? "<th class=\"num\">" : "<th>") +
             escape(table.header[column]) + "</th>";
  body_ += "</tr></thead><tbody>";
  if (table.rows.empty())
    body_ += "<tr><td class=\"empty\" colspan=\"" +
             std::to_string(std::max<size_t>(table.header.size(), 1)) + "\">" +
             escape(table.empty_text) + "</td></tr>";
  for (const std::vector<Cell>& row : table.rows) {
    body_ += "<tr>";
    for (size_t column = 0; column < row.size(); ++column)
      body_ += std::string(numeric(column) ? "<td class=\"num\">" : "<td>") +
               with_tone(row[column]) + "</td>";
    body_ += "</tr>";
  }
  body_ += "</tbody></table>\n";
  return *this;
}

Page& Page::chart(const BarChart& chart) {
  body_ += bar_chart_svg(chart) + "\n";
  return *this;
}

std::string Page::render() const {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  // The page may fetch nothing at all: no script, image, font, frame or connection.
  out +=
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>" + escape(title_) + "</title>\n<style>" + kStyle + "</style>\n</head>\n";
  out += "<body>\n<main>\n<h1>" + escape(title_) + "</h1>\n" + body_;
  if (in_section_) out += "</section>\n";
  out += "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace hallmark::evidence::html

#include "hallmark/evidence/markdown.hpp"

#include <string_view>

namespace hallmark::evidence::markdown {

std::string escape(std::string_view text) {
  // Inline markup anywhere in a line; block markup only where the text starts a line.
  constexpr std::string_view kInline = "\\`*_[]|~";
  constexpr std::string_view kLineStart = "#+-=!";
  std::string out;
  out.reserve(text.size());
  for (size_t at = 0; at < text.size(); ++at) {
    char c = text[at];
    unsigned char byte = static_cast<unsigned char>(c);
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (kInline.find(c) != std::string_view::npos ||
               (at == 0 && kLineStart.find(c) != std::string_view::npos)) {
      out += '\\';
      out += c;
    } else if ((c == '.' || c == ')') && at > 0 && text.find_first_not_of("0123456789") == at &&
               (at + 1 == text.size() || text[at + 1] == ' ' || text[at + 1] == '\t')) {
      out += '\\';  // "1. x" and "1) x" would start an ordered list
      out += c;
    } else if (byte < 0x20 || byte == 0x7f) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string table(const Table& table) {
  if (table.rows.empty()) return "_" + escape(table.empty_text) + "_\n\n";
  auto numeric = [&](size_t column) {
    return column < table.numeric.size() && table.numeric[column];
  };
  std::string out = "|";
  for (const std::string& name : table.header)
    out += " " + escape(name) + " |";
  out += "\n|";
  for (size_t column = 0; column < table.header.size(); ++column)
    out += numeric(column) ? " ---: |" : " --- |";
  out += "\n";
  for (const std::vector<std::string>& row : table.rows) {
    out += "|";
    for (size_t column = 0; column < table.header.size(); ++column)
      out += " " + (column < row.size() ? escape(row[column]) : std::string()) + " |";
    out += "\n";
  }
  return out + "\n";
}

}  // namespace hallmark::evidence::markdown

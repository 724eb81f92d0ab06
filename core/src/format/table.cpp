// The table people read: one package a line, columns aligned.
#include <algorithm>
#include <array>

#include "hallmark/format/encoder.hpp"

namespace hallmark::format {

std::string encode_table(const model::Sbom& sbom) {
  using Row = std::array<std::string, 3>;
  std::vector<Row> rows = {{"NAME", "VERSION", "TYPE"}};
  for (const model::Package& package : sbom.packages)
    rows.push_back({package.name, package.version, package.type});
  if (rows.size() == 1) return "No packages discovered\n";
  std::array<size_t, 3> widths{};
  for (const Row& row : rows)
    for (size_t i = 0; i < row.size(); ++i)
      widths[i] = std::max(widths[i], row[i].size());
  std::string text;
  for (const Row& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    text += line + "\n";
  }
  return text;
}

}  // namespace hallmark::format

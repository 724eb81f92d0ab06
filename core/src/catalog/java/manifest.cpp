// META-INF/MANIFEST.MF (JAR File Specification, "JAR Manifest").
#include "hallmark/catalog/java.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::catalog::java {
namespace {

std::string_view find(const ManifestSection& section, std::string_view key) {
  for (const auto& [name, value] : section)
    if (name == key) return value;
  return {};
}

std::string_view trim_end(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

}  // namespace

std::string_view Manifest::main_value(std::string_view key) const {
  return find(main, key);
}

std::string_view Manifest::value(std::string_view key) const {
  if (std::string_view found = find(main, key); !found.empty()) return found;
  for (const ManifestSection& section : sections)
    if (std::string_view found = find(section, key); !found.empty()) return found;
  return {};
}

Manifest parse_manifest(std::string_view text) {
  std::vector<ManifestSection> sections;
  // The attribute a continuation line extends; none at the start of a section.
  std::string* last = nullptr;
  auto finish_value = [&] {
    if (last != nullptr) *last = std::string(trim_end(*last));
  };
  for (std::string_view line : util::lines(text)) {
    if (line.empty()) {  // the end of a section
      finish_value();
      last = nullptr;
      continue;
    }
    if (line.front() == ' ') {
      // The specification removes exactly the one space: values are wrapped at 72 bytes
      // wherever that falls, also just before or after a space that belongs to the value.
      if (last != nullptr) *last += line.substr(1);
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;  // not an attribute: skipped, as syft does
    std::string_view name = util::trim(line.substr(0, colon));
    if (name.empty()) continue;
    finish_value();
    if (last == nullptr) sections.emplace_back();  // the first attribute of a section
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ')
      value.remove_prefix(1);
    sections.back().emplace_back(std::string(name), std::string(value));
    last = &sections.back().back().second;
  }
  finish_value();

  Manifest manifest;
  if (sections.empty()) return manifest;
  manifest.main = std::move(sections.front());
  manifest.sections.assign(std::make_move_iterator(sections.begin() + 1),
                           std::make_move_iterator(sections.end()));
  return manifest;
}

}  // namespace hallmark::catalog::java

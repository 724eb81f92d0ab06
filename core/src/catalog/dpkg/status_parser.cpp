// The dpkg status format (deb-control(5) paragraphs): "Field: value" lines, continuation lines
// starting with a space or tab, paragraphs separated by blank lines.
#include <charconv>

#include "hallmark/catalog/dpkg.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::catalog::dpkg {
namespace {

// Status is "want flag state"; only these states leave a package's files on disk.
bool installed(std::string_view status) {
  if (status.empty()) return true;  // distroless status.d entries carry no Status
  std::vector<std::string_view> words = util::split(status, ' ');
  std::string_view state = words.back();
  return state == "installed" || state == "half-configured" || state == "unpacked" ||
         state == "half-installed" || state == "triggers-awaited" || state == "triggers-pending";
}

void set_field(Entry& entry, std::string_view name, std::string value) {
  std::string key = util::to_lower(name);
  if (key == "package")
    entry.package = std::move(value);
  else if (key == "version")
    entry.version = std::move(value);
  else if (key == "architecture")
    entry.architecture = std::move(value);
  else if (key == "maintainer")
    entry.maintainer = std::move(value);
  else if (key == "status")
    entry.status = std::move(value);
  else if (key == "license")
    entry.license = std::move(value);
  else if (key == "depends")
    entry.depends = std::move(value);
  else if (key == "pre-depends")
    entry.pre_depends = std::move(value);
  else if (key == "provides")
    entry.provides = std::move(value);
  else if (key == "description")
    entry.description = std::move(value);
  else if (key == "installed-size") {
    uint64_t size = 0;
    std::from_chars(value.data(), value.data() + value.size(), size);
    entry.installed_size = size;
  } else if (key == "source") {
    // "Source: name (version)" when the source version differs from the binary's.
    size_t open = value.find(" (");
    if (open != std::string::npos && value.back() == ')') {
      entry.source_version = value.substr(open + 2, value.size() - open - 3);
      value.resize(open);
    }
    entry.source = std::move(value);
  }
}

}  // namespace

std::vector<Entry> parse_status(std::string_view text, const std::string& where) {
  std::vector<Entry> entries;
  Entry entry;
  bool in_paragraph = false;
  std::string field;  // the field continuation lines extend (only its first line is kept)
  size_t line_number = 0;
  auto finish = [&] {
    if (in_paragraph && !entry.package.empty() && installed(entry.status))
      entries.push_back(std::move(entry));
    entry = Entry();
    in_paragraph = false;
    field.clear();
  };
  for (std::string_view line : util::lines(text)) {
    ++line_number;
    if (util::trim(line).empty()) {
      finish();
      continue;
    }
    if (line.front() == ' ' || line.front() == '\t') {
      if (field.empty())
        throw_bad_input(
            where, "line " + std::to_string(line_number) + ": continuation line outside a field");
      // Multi-line values (descriptions, conffiles) are not needed beyond their first line;
      // relationship fields may wrap, so those are joined.
      std::string key = util::to_lower(field);
      if (key == "depends") entry.depends += " " + std::string(util::trim(line));
      if (key == "pre-depends") entry.pre_depends += " " + std::string(util::trim(line));
      if (key == "provides") entry.provides += " " + std::string(util::trim(line));
      continue;
    }
    size_t colon = line.find(':');
    std::string_view name = colon == std::string_view::npos ? "" : line.substr(0, colon);
    if (name.empty() || name.find_first_of(" \t") != std::string_view::npos)
      throw_bad_input(where, "line " + std::to_string(line_number) + ": \"" +
                                 util::printable(line.substr(0, 60)) +
                                 "\" is not a \"Field: value\" line");
    in_paragraph = true;
    field = name;
    set_field(entry, name, std::string(util::trim(line.substr(colon + 1))));
  }
  finish();
  return entries;
}

std::vector<std::string> relationship_names(std::string_view field) {
  std::vector<std::string> names;
  for (std::string_view group : util::split(field, ',')) {
    for (std::string_view alternative : util::split(group, '|')) {
      alternative = util::trim(alternative);
      // "name:arch (>= version) [arch list] <build profile>": the name is the first word.
      size_t end = alternative.find_first_of(" \t(:[<");
      std::string_view name = alternative.substr(0, end);
      if (!name.empty()) names.emplace_back(name);
    }
  }
  return names;
}

}  // namespace hallmark::catalog::dpkg

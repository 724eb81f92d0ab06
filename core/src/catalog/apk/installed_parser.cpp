#include <charconv>

#include "hallmark/catalog/apk.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::catalog::apk {
namespace {

std::vector<std::string> words(std::string_view value) {
  std::vector<std::string> result;
  for (std::string_view word : util::split(value, ' '))
    if (!word.empty()) result.emplace_back(word);
  return result;
}

}  // namespace

std::vector<Entry> parse_installed(std::string_view text, const std::string& where) {
  std::vector<Entry> entries;
  Entry entry;
  std::string folder;
  bool in_record = false;
  size_t line_number = 0;
  auto finish = [&] {
    if (in_record && !entry.package.empty()) entries.push_back(std::move(entry));
    entry = Entry();
    folder.clear();
    in_record = false;
  };
  for (std::string_view line : util::lines(text)) {
    ++line_number;
    if (util::trim(line).empty()) {
      finish();
      continue;
    }
    if (line.size() < 2 || line[1] != ':')
      throw_bad_input(where, "line " + std::to_string(line_number) + ": \"" +
                                 util::printable(line.substr(0, 60)) +
                                 "\" is not a \"K:value\" line");
    in_record = true;
    std::string_view value = line.substr(2);
    switch (line[0]) {
      case 'P':
        entry.package = value;
        break;
      case 'V':
        entry.version = value;
        break;
      case 'A':
        entry.arch = value;
        break;
      case 'L':
        entry.license = value;
        break;
      case 'o':
        entry.origin = value;
        break;
      case 'm':
        entry.maintainer = value;
        break;
      case 'T':
        entry.description = value;
        break;
      case 'U':
        entry.url = value;
        break;
      case 'I':
        std::from_chars(value.data(), value.data() + value.size(), entry.installed_size);
        break;
      case 'D':
        entry.depends = words(value);
        break;
      case 'p':
        entry.provides = words(value);
        break;
      case 'F':
        folder = value;
        break;
      case 'R':
        entry.files.push_back("/" + (folder.empty() ? "" : folder + "/") + std::string(value));
        break;
      default:
        break;  // checksums, sizes, timestamps, ...: not recorded in the SBOM
    }
  }
  finish();
  return entries;
}

std::string_view constraint_name(std::string_view dependency) {
  return dependency.substr(0, dependency.find_first_of("=<>~"));
}

}  // namespace hallmark::catalog::apk

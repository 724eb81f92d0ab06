// pip requirements files: one requirement a line (PEP 508), with pip's options, comments and
// line continuations.
#include "hallmark/catalog/python.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::catalog::python {
namespace {

// The logical lines: a line ending in '\' goes on in the next one.
std::vector<std::string> logical_lines(std::string_view text) {
  std::vector<std::string> result;
  std::string current;
  for (std::string_view line : util::lines(text)) {
    if (line.ends_with('\\')) {
      current.append(line.substr(0, line.size() - 1));
      continue;
    }
    current.append(line);
    result.push_back(std::move(current));
    current.clear();
  }
  if (!current.empty()) result.push_back(std::move(current));
  return result;
}

// pip's comments: '#' at the start of a line or after whitespace (a URL's "#egg=" is kept).
std::string_view without_comment(std::string_view line) {
  for (size_t i = 0; i < line.size(); ++i)
    if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t'))
      return line.substr(0, i);
  return line;
}

// The version a specifier list pins ("== 4.0.0", "===1.26.20", ">=1,==1.2"); "" when it pins
// none, a wildcard ("== 2.8.*") included.
std::string pinned_version(std::string_view specifiers) {
  for (std::string_view clause : util::split(specifiers, ',')) {
    clause = util::trim(clause);
    if (!clause.starts_with("==")) continue;
    clause.remove_prefix(clause.starts_with("===") ? 3 : 2);
    clause = util::trim(clause);
    // What follows the version ("3.7.1 @ git+https://...") is no part of it.
    std::string_view version = clause.substr(0, clause.find_first_of(" \t@"));
    if (version.empty() || version.find('*') != std::string_view::npos) return "";
    return std::string(version);
  }
  return "";
}

}  // namespace

std::vector<DeclaredPackage> parse_requirements(std::string_view text) {
  std::vector<DeclaredPackage> packages;
  for (const std::string& raw : logical_lines(text)) {
    std::string_view line = util::trim(without_comment(raw));
    if (line.empty() || line.starts_with('-')) continue;  // options: -r, -e, --index-url, ...
    line = line.substr(0, line.find(';'));                // environment markers
    if (size_t option = line.find(" --"); option != std::string_view::npos)
      line = line.substr(0, option);  // per-requirement options: --hash=...
    std::string name = requirement_name(line);
    if (name.empty()) continue;
    size_t rest =
        line.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");
    std::string_view specifiers = rest == std::string_view::npos ? "" : line.substr(rest);
    specifiers = util::trim(specifiers);
    if (specifiers.starts_with('[')) {  // extras
      size_t close = specifiers.find(']');
      specifiers = close == std::string_view::npos ? "" : specifiers.substr(close + 1);
    }
    std::string version = pinned_version(specifiers);
    if (version.empty()) continue;
    DeclaredPackage package;
    package.name = std::move(name);
    package.version = std::move(version);
    packages.push_back(std::move(package));
  }
  return packages;
}

}  // namespace hallmark::catalog::python

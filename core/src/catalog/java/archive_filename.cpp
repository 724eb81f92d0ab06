// The name and version in an archive's file name, as syft's archive_filename.go finds them. Its
// pattern (lazy, case-insensitive, anchored):
//   ^(?P<name>(?:[[:alpha:]][[:word:].]*(?:\.[[:alpha:]][[:word:].]*)*-?)+)
//    (?:-(?P<version>(\d.*|(build\d+.*)|(rc?\d+(?:^[[:alpha:]].*)?))))?$
// is matched here without a regex engine: the shortest name such that the rest is nothing or
// "-" and a version.
#include <cctype>

#include "hallmark/catalog/java.hpp"

namespace hallmark::catalog::java {
namespace {

bool is_alpha(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0;
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_word(char c) {
  return is_alpha(c) || is_digit(c) || c == '_';
}

bool starts_with_digits_after(std::string_view text, std::string_view prefix) {
  return text.size() > prefix.size() && text.starts_with(prefix) && is_digit(text[prefix.size()]);
}

// The version alternatives: a digit first; "build" and a digit; or "r"/"rc" and digits only (the
// "^" in the pattern's last group can never match inside the string).
bool is_version(std::string_view text, bool ignore_case) {
  std::string folded(text);
  if (ignore_case)
    for (char& c : folded)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (folded.empty()) return false;
  if (is_digit(folded.front())) return true;
  if (starts_with_digits_after(folded, "build")) return true;
  std::string_view digits = folded;
  if (digits.starts_with("rc"))
    digits.remove_prefix(2);
  else if (digits.starts_with("r"))
    digits.remove_prefix(1);
  else
    return false;
  if (digits.empty()) return false;
  for (char c : digits)
    if (!is_digit(c)) return false;
  return true;
}

// Whether `text` is a whole name: words that start with a letter and hold word characters and
// dots, each followed by at most one "-".
bool is_name(std::string_view text) {
  if (text.empty() || !is_alpha(text.front())) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '-') {
      if (i + 1 < text.size() && !is_alpha(text[i + 1])) return false;
    } else if (!is_word(c) && c != '.') {
      return false;
    }
  }
  return true;
}

}  // namespace

ArchiveFilename parse_archive_filename(std::string_view path) {
  std::string_view base = path.substr(path.find_last_of('/') + 1);
  size_t dot = base.find_last_of('.');
  std::string_view stem = dot == std::string_view::npos ? base : base.substr(0, dot);

  ArchiveFilename result;
  for (size_t end = 1; end <= stem.size(); ++end) {
    std::string_view name = stem.substr(0, end);
    if (!is_name(name)) continue;
    std::string_view rest = stem.substr(end);
    if (rest.empty() || (rest.front() == '-' && is_version(rest.substr(1), true))) {
      result.name = name;
      result.version = rest.empty() ? "" : rest.substr(1);
      break;
    }
  }
  if (!result.version.empty() || result.name.empty()) return result;
  // Some names put "_" or "." before the version ("foo_1.2", "bar.2"): the first such
  // separator followed by a version (case-sensitive here, as syft's second pattern is).
  for (size_t i = 0; i < result.name.size(); ++i) {
    char c = result.name[i];
    if ((c == '.' || c == '_' || c == '-') &&
        is_version(std::string_view(result.name).substr(i + 1), false)) {
      result.version = result.name.substr(i + 1);
      result.name.resize(i);
      break;
    }
  }
  return result;
}

}  // namespace hallmark::catalog::java

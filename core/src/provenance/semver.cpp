#include "hallmark/provenance/semver.hpp"

#include <cctype>

namespace hallmark::provenance {
namespace {

bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

bool is_identifier_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-';
}

// Reads a number without leading zeros at `text[pos]`; empty when there is none.
std::string take_number(std::string_view text, size_t& pos) {
  size_t start = pos;
  while (pos < text.size() && is_digit(text[pos]))
    ++pos;
  std::string_view number = text.substr(start, pos - start);
  if (number.empty() || (number.size() > 1 && number[0] == '0')) return "";
  return std::string(number);
}

// Dot-separated identifiers after a '-' or '+' at `text[pos]`; pre-release identifiers that are
// numeric must not have leading zeros. Empty when malformed.
std::string take_identifiers(std::string_view text, size_t& pos, bool numbers_strict) {
  size_t start = pos++;
  size_t identifier_start = pos;
  for (;; ++pos) {
    if (pos < text.size() && is_identifier_char(text[pos])) continue;
    std::string_view identifier = text.substr(identifier_start, pos - identifier_start);
    if (identifier.empty()) return "";
    bool numeric = identifier.find_first_not_of("0123456789") == std::string_view::npos;
    if (numbers_strict && numeric && identifier.size() > 1 && identifier[0] == '0') return "";
    if (pos >= text.size() || text[pos] != '.') break;
    identifier_start = pos + 1;
  }
  return std::string(text.substr(start, pos - start));
}

}  // namespace

std::optional<Semver> Semver::parse(std::string_view text) {
  if (text.empty() || text[0] != 'v') return std::nullopt;
  Semver version;
  size_t pos = 1;
  version.major = take_number(text, pos);
  if (version.major.empty()) return std::nullopt;
  if (pos == text.size()) return version;
  if (text[pos] != '.') return std::nullopt;
  ++pos;
  version.minor = take_number(text, pos);
  if (version.minor.empty()) return std::nullopt;
  if (pos == text.size()) return version;
  if (text[pos] != '.') return std::nullopt;
  ++pos;
  version.patch = take_number(text, pos);
  if (version.patch.empty()) return std::nullopt;
  if (pos < text.size() && text[pos] == '-') {
    version.prerelease = take_identifiers(text, pos, true);
    if (version.prerelease.empty()) return std::nullopt;
  }
  if (pos < text.size() && text[pos] == '+') {
    version.build = take_identifiers(text, pos, false);
    if (version.build.empty()) return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  return version;
}

std::string Semver::canonical() const {
  return "v" + major + "." + (minor.empty() ? "0" : minor) + "." + (patch.empty() ? "0" : patch) +
         prerelease;
}

bool is_valid_semver(std::string_view text) {
  return Semver::parse(text).has_value();
}

}  // namespace hallmark::provenance

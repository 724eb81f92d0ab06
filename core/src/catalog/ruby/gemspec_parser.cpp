// Installed gems' specifications (the stubs RubyGems writes in specifications/), read as text.
#include <charconv>
#include <map>

#include "hallmark/catalog/ruby.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::catalog::ruby {
namespace {

// Longer values are no gem's name, version or homepage: a bound on what one line may keep.
constexpr size_t kMaxValue = 4096;

bool is_identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

void append_utf8(std::string& out, uint32_t code_point) {
  if (code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF))
    code_point = 0xFFFD;  // no character: the replacement character
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

// The code point `digits` write in hex; nullopt for anything else.
std::optional<uint32_t> hex_code_point(std::string_view digits) {
  uint32_t value = 0;
  auto [end, problem] = std::from_chars(digits.data(), digits.data() + digits.size(), value, 16);
  if (digits.empty() || problem != std::errc() || end != digits.data() + digits.size())
    return std::nullopt;
  return value;
}

// Reads a Ruby string literal at the start of `text` ("..." or '...'), consuming it; nullopt
// when there is none or it does not end on this line.
std::optional<std::string> read_string(std::string_view& text) {
  if (text.empty() || (text.front() != '"' && text.front() != '\'')) return std::nullopt;
  char quote = text.front();
  std::string value;
  size_t i = 1;
  for (; i < text.size() && text[i] != quote; ++i) {
    if (value.size() > kMaxValue) return std::nullopt;
    if (text[i] != '\\' || i + 1 == text.size()) {
      value += text[i];
      continue;
    }
    char escaped = text[++i];
    if (quote == '\'') {  // single quotes know only \' and \\ .
      if (escaped != '\'' && escaped != '\\') value += '\\';
      value += escaped;
      continue;
    }
    if (escaped == 'u') {
      // \uXXXX, or \u{X...}
      bool braced = i + 1 < text.size() && text[i + 1] == '{';
      size_t start = i + (braced ? 2 : 1);
      size_t end = braced ? text.find('}', start) : std::min(start + 4, text.size());
      std::optional<uint32_t> code_point = end == std::string_view::npos
                                               ? std::nullopt
                                               : hex_code_point(text.substr(start, end - start));
      if (!code_point) {
        value += "\\u";
        continue;
      }
      append_utf8(value, *code_point);
      i = braced ? end : end - 1;
      continue;
    }
    static const std::map<char, char> kEscapes = {{'n', '\n'}, {'t', '\t'},   {'r', '\r'},
                                                  {'0', '\0'}, {'e', '\x1b'}, {'s', ' '}};
    auto known = kEscapes.find(escaped);
    value += known != kEscapes.end() ? known->second : escaped;
  }
  if (i >= text.size()) return std::nullopt;
  text.remove_prefix(i + 1);
  if (text.starts_with(".freeze")) text.remove_prefix(7);
  return value;
}

// The strings of an array literal ["a".freeze, "b"] at the start of `text`.
std::vector<std::string> read_array(std::string_view text) {
  std::vector<std::string> values;
  text.remove_prefix(1);  // '['
  while (true) {
    text = util::trim(text);
    std::optional<std::string> value = read_string(text);
    if (!value) break;
    values.push_back(std::move(*value));
    text = util::trim(text);
    if (!text.starts_with(',')) break;
    text.remove_prefix(1);
  }
  return values;
}

// "  s.name = ..." -> ("name", "...") for an assignment to an attribute of a variable.
std::optional<std::pair<std::string_view, std::string_view>> assignment(std::string_view line) {
  line = util::trim(line);
  size_t i = 0;
  while (i < line.size() && is_identifier_char(line[i]))
    ++i;
  if (i == 0 || i >= line.size() || line[i] != '.') return std::nullopt;
  size_t field_start = ++i;
  while (i < line.size() && is_identifier_char(line[i]))
    ++i;
  std::string_view field = line.substr(field_start, i - field_start);
  std::string_view rest = util::trim(line.substr(i));
  if (field.empty() || !rest.starts_with('=') || rest.starts_with("==")) return std::nullopt;
  return std::make_pair(field, util::trim(rest.substr(1)));
}

// Replaces "#{s.name}" / "#{name}" style interpolations of `attribute` with `value`.
std::string interpolate(std::string text, std::string_view attribute, std::string_view value) {
  size_t at = 0;
  while ((at = text.find("#{", at)) != std::string::npos) {
    size_t close = text.find('}', at);
    if (close == std::string::npos) break;
    std::string_view inner = std::string_view(text).substr(at + 2, close - at - 2);
    size_t dot = inner.rfind('.');
    std::string_view named = dot == std::string_view::npos ? inner : inner.substr(dot + 1);
    if (named == attribute && !value.empty()) {
      text.replace(at, close - at + 1, value);
      at += value.size();
    } else {
      at = close + 1;
    }
  }
  return text;
}

}  // namespace

std::vector<DeclaredPackage> parse_gemspec(std::string_view text) {
  std::map<std::string, std::vector<std::string>, std::less<>> fields;
  for (std::string_view line : util::lines(text)) {
    auto parsed = assignment(line);
    if (!parsed) continue;
    auto [field, value] = *parsed;
    if (value.starts_with('[')) {
      fields[std::string(field)] = read_array(value);
    } else if (std::optional<std::string> string = read_string(value)) {
      fields[std::string(field)] = {std::move(*string)};
    }
  }
  auto first = [&](std::string_view field) {
    auto found = fields.find(field);
    return found == fields.end() || found->second.empty() ? std::string() : found->second.front();
  };
  auto all = [&](std::string_view plural, std::string_view singular) {
    auto found = fields.find(plural);
    if (found == fields.end()) found = fields.find(singular);
    return found == fields.end() ? std::vector<std::string>() : found->second;
  };

  DeclaredPackage package;
  package.name = first("name");
  package.version = first("version");
  if (package.name.empty() || package.version.empty()) return {};
  package.licenses = all("licenses", "license");
  std::vector<std::string> authors = all("authors", "author");
  for (const std::string& author : authors)
    package.supplier += (package.supplier.empty() ? "" : ", ") + author;
  package.description = first("summary");
  std::string homepage =
      interpolate(interpolate(first("homepage"), "name", package.name), "version", package.version);
  // An interpolation left unresolved would make the URL wrong (and invalid as an IRI).
  if (!homepage.empty() && homepage.find("#{") == std::string::npos)
    package.properties.emplace_back("homepage", homepage);
  return {package};
}

}  // namespace hallmark::catalog::ruby

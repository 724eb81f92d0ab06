// Go string literals, as strconv.Unquote reads them: build settings whose keys or values hold
// spaces, quotes or tabs are written quoted (-ldflags="-s -w"), and go.mod tokens may be.
#include "hallmark/catalog/golang.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::catalog::golang {
namespace {

std::optional<uint32_t> hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return std::nullopt;
}

void append_utf8(std::string& out, uint32_t rune) {
  if (rune < 0x80) {
    out += static_cast<char>(rune);
  } else if (rune < 0x800) {
    out += static_cast<char>(0xc0 | (rune >> 6));
    out += static_cast<char>(0x80 | (rune & 0x3f));
  } else if (rune < 0x10000) {
    out += static_cast<char>(0xe0 | (rune >> 12));
    out += static_cast<char>(0x80 | ((rune >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (rune & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (rune >> 18));
    out += static_cast<char>(0x80 | ((rune >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((rune >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (rune & 0x3f));
  }
}

// The length of the UTF-8 sequence `text` starts with; 0 when it is not valid UTF-8 (a valid
// sequence is the shortest prefix that is valid UTF-8 on its own).
size_t sequence_length(std::string_view text) {
  for (size_t length = 1; length <= 4 && length <= text.size(); ++length)
    if (util::is_valid_utf8(text.substr(0, length))) return length;
  return 0;
}

// Escapes of one character: the letter after the backslash, then the character it stands for.
constexpr std::string_view kSimpleEscapes =
    "a\a"
    "b\b"
    "f\f"
    "n\n"
    "r\r"
    "t\t"
    "v\v"
    "\\\\"
    "\"\"";

// strconv.UnquoteChar for a double-quoted literal: appends the character `text` starts with to
// `out` and returns how many bytes it took; nullopt for a bad escape or an unescaped quote.
std::optional<size_t> unquote_char(std::string_view text, std::string& out) {
  char c = text[0];
  if (c == '"') return std::nullopt;
  if (static_cast<unsigned char>(c) >= 0x80) {
    // Bytes that are not UTF-8 become U+FFFD, as Go's decoder makes them.
    size_t length = sequence_length(text);
    if (length == 0) {
      append_utf8(out, 0xfffd);
      return 1;
    }
    out += text.substr(0, length);
    return length;
  }
  if (c != '\\') {
    out += c;
    return 1;
  }
  if (text.size() < 2) return std::nullopt;
  for (size_t i = 0; i < kSimpleEscapes.size(); i += 2) {
    if (kSimpleEscapes[i] == text[1]) {
      out += kSimpleEscapes[i + 1];
      return 2;
    }
  }
  switch (text[1]) {
    case 'x':
    case 'u':
    case 'U': {
      size_t digits = text[1] == 'x' ? 2 : text[1] == 'u' ? 4 : 8;
      if (text.size() < 2 + digits) return std::nullopt;
      uint32_t value = 0;
      for (size_t i = 0; i < digits; ++i) {
        std::optional<uint32_t> digit = hex_digit(text[2 + i]);
        if (!digit) return std::nullopt;
        value = value << 4 | *digit;
      }
      if (text[1] == 'x') {
        out += static_cast<char>(value);  // a byte, not a character
      } else {
        if (value > 0x10ffff || (value >= 0xd800 && value < 0xe000)) return std::nullopt;
        append_utf8(out, value);
      }
      return 2 + digits;
    }
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7': {
      if (text.size() < 4) return std::nullopt;
      uint32_t value = 0;
      for (size_t i = 1; i < 4; ++i) {
        if (text[i] < '0' || text[i] > '7') return std::nullopt;
        value = value * 8 + static_cast<uint32_t>(text[i] - '0');
      }
      if (value > 255) return std::nullopt;
      out += static_cast<char>(value);
      return 4;
    }
    default:
      return std::nullopt;
  }
}

}  // namespace

std::optional<std::string_view> quoted_prefix(std::string_view text) {
  if (text.empty() || (text.front() != '"' && text.front() != '`')) return std::nullopt;
  size_t end = 1;
  if (text.front() == '`') {
    end = text.find('`', 1);
  } else {
    while (end < text.size() && text[end] != '"')
      end += text[end] == '\\' ? 2 : 1;
    if (end >= text.size()) end = std::string_view::npos;
  }
  if (end == std::string_view::npos) return std::nullopt;
  std::string_view literal = text.substr(0, end + 1);
  if (!unquote(literal)) return std::nullopt;
  return literal;
}

std::optional<std::string> unquote(std::string_view literal) {
  if (literal.size() < 2 || literal.front() != literal.back()) return std::nullopt;
  std::string_view body = literal.substr(1, literal.size() - 2);
  std::string out;
  if (literal.front() == '`') {
    if (body.find('`') != std::string_view::npos) return std::nullopt;
    for (char c : body)
      if (c != '\r') out += c;  // raw strings drop carriage returns
    return out;
  }
  if (literal.front() != '"') return std::nullopt;
  while (!body.empty()) {
    if (body.front() == '\n') return std::nullopt;
    std::optional<size_t> used = unquote_char(body, out);
    if (!used) return std::nullopt;
    body.remove_prefix(*used);
  }
  return out;
}

}  // namespace hallmark::catalog::golang

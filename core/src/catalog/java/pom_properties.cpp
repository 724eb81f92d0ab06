// pom.properties, which Maven writes with java.util.Properties: read as Properties.load reads
// it (escapes, "\" continuation lines, "=", ":" or white space between key and value).
#include "hallmark/catalog/java.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::catalog::java {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\f';
}

std::string_view skip_blanks(std::string_view text) {
  while (!text.empty() && is_blank(text.front()))
    text.remove_prefix(1);
  return text;
}

// Whether the line ends in an odd number of backslashes: the logical line goes on.
bool continues(std::string_view line) {
  size_t backslashes = 0;
  while (backslashes < line.size() && line[line.size() - 1 - backslashes] == '\\')
    ++backslashes;
  return backslashes % 2 == 1;
}

void append_utf8(std::string& out, unsigned code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

// Reads an escaped key or value up to (not including) the first unescaped character for which
// `stop` holds; `text` is left at that character.
template <typename Stop>
std::string unescape(std::string_view& text, Stop stop, size_t line_number) {
  std::string out;
  while (!text.empty() && !stop(text.front())) {
    char c = text.front();
    text.remove_prefix(1);
    if (c != '\\' || text.empty()) {
      out += c;
      continue;
    }
    char escaped = text.front();
    text.remove_prefix(1);
    switch (escaped) {
      case 't':
        out += '\t';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 'f':
        out += '\f';
        break;
      case 'u': {
        unsigned code_point = 0;
        for (int i = 0; i < 4; ++i) {
          char digit = i < static_cast<int>(text.size()) ? text[i] : '\0';
          int value = digit >= '0' && digit <= '9'   ? digit - '0'
                      : digit >= 'a' && digit <= 'f' ? digit - 'a' + 10
                      : digit >= 'A' && digit <= 'F' ? digit - 'A' + 10
                                                     : -1;
          if (value < 0)
            throw_bad_input("", "line " + std::to_string(line_number) + ": malformed \\u escape");
          code_point = code_point * 16 + static_cast<unsigned>(value);
        }
        text.remove_prefix(4);
        append_utf8(out, code_point);
        break;
      }
      default:
        out += escaped;  // "\=", "\:", "\#", "\\", ...: the character itself
    }
  }
  return out;
}

}  // namespace

PomProperties parse_pom_properties(std::string_view text) {
  PomProperties properties;
  std::vector<std::string_view> physical = util::lines(text);
  for (size_t i = 0; i < physical.size(); ++i) {
    size_t line_number = i + 1;
    std::string_view first = skip_blanks(physical[i]);
    if (first.empty() || first.front() == '#' || first.front() == '!') continue;
    std::string logical(first);
    while (continues(logical) && i + 1 < physical.size()) {
      logical.pop_back();
      logical += skip_blanks(physical[++i]);
    }
    if (continues(logical)) logical.pop_back();  // a continuation at the end of the file

    std::string_view rest = logical;
    std::string key = unescape(
        rest, [](char c) { return c == '=' || c == ':' || is_blank(c); }, line_number);
    rest = skip_blanks(rest);
    if (!rest.empty() && (rest.front() == '=' || rest.front() == ':'))
      rest = skip_blanks(rest.substr(1));
    std::string value = unescape(
        rest, [](char) { return false; }, line_number);
    // Properties.load keeps trailing white space; a coordinate never has any, and a file edited
    // by hand often does.
    value = std::string(util::trim(value));

    if (key == "groupId")
      properties.group_id = std::move(value);
    else if (key == "artifactId")
      properties.artifact_id = std::move(value);
    else if (key == "version")
      properties.version = std::move(value);
    else if (key == "name")
      properties.name = std::move(value);
    else
      properties.extra.emplace_back(std::move(key), std::move(value));
  }
  return properties;
}

}  // namespace hallmark::catalog::java

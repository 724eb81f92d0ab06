// Module information text, line by line as runtime/debug.ParseBuildInfo reads it:
//   path	example.com/cmd/hello
//   mod	example.com/hello	(devel)
//   dep	example.com/greet	v1.2.3	h1:...
//   =>	example.com/greetfork	v1.2.4	h1:...
//   build	-ldflags="-s -w"
#include "hallmark/catalog/golang.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::catalog::golang {
namespace {

[[noreturn]] void reject(size_t line, const std::string& problem) {
  throw_bad_input("", "Go build info line " + std::to_string(line) + ": " + problem);
}

ModuleVersion module_line(std::string_view text, size_t line) {
  std::vector<std::string_view> columns = util::split(text, '\t');
  if (columns.size() != 2 && columns.size() != 3)
    reject(line, "expected 2 or 3 columns; got " + std::to_string(columns.size()));
  ModuleVersion module{std::string(columns[0]), std::string(columns[1]), ""};
  if (columns.size() == 3) module.sum = columns[2];
  return module;
}

bool needs_quotes(std::string_view text, std::string_view specials) {
  return text.find_first_of(specials) != std::string_view::npos;
}

constexpr std::string_view kKeySpecials = "= \t\r\n\"`";
constexpr std::string_view kValueSpecials = " \t\r\n\"`";

std::pair<std::string, std::string> setting_line(std::string_view text, size_t line) {
  if (text.empty()) reject(line, "build line missing '='");
  std::string key;
  std::string_view raw_value;
  if (text.front() == '=') reject(line, "build line with missing key");
  if (text.front() == '"' || text.front() == '`') {
    std::optional<std::string_view> quoted = quoted_prefix(text);
    if (!quoted) reject(line, "invalid quoted key in build line");
    if (quoted->size() == text.size()) reject(line, "build line missing '=' after quoted key");
    if (text[quoted->size()] != '=') reject(line, "unexpected character after quoted key");
    key = *unquote(*quoted);
    raw_value = text.substr(quoted->size() + 1);
  } else {
    size_t equals = text.find('=');
    if (equals == std::string_view::npos) reject(line, "build line missing '=' after key");
    std::string_view raw_key = text.substr(0, equals);
    if (raw_key.empty() || needs_quotes(raw_key, kKeySpecials))
      reject(line, "unquoted key must be quoted");
    key = raw_key;
    raw_value = text.substr(equals + 1);
  }
  std::string value;
  if (!raw_value.empty() && (raw_value.front() == '"' || raw_value.front() == '`')) {
    std::optional<std::string> unquoted = unquote(raw_value);
    if (!unquoted) reject(line, "invalid quoted value in build line");
    value = std::move(*unquoted);
  } else {
    if (needs_quotes(raw_value, kValueSpecials)) reject(line, "unquoted value must be quoted");
    value = raw_value;
  }
  return {std::move(key), std::move(value)};
}

}  // namespace

const std::string* BuildInfo::setting(std::string_view key) const {
  for (const auto& [name, value] : settings)
    if (name == key) return &value;
  return nullptr;
}

BuildInfo parse_build_info(std::string_view modinfo) {
  BuildInfo info;
  // Where a "=>" line puts its replacement: the module of the latest "mod" or "dep" line, until
  // one replacement is read. It points into info and is reset whenever deps grows.
  std::optional<ModuleVersion>* last = nullptr;
  size_t line_number = 1;
  // Like ParseBuildInfo, a last line without a newline is not read.
  for (size_t end; (end = modinfo.find('\n')) != std::string_view::npos; ++line_number) {
    std::string_view line = modinfo.substr(0, end);
    modinfo.remove_prefix(end + 1);
    if (line.starts_with("path\t")) {
      info.path = line.substr(5);
    } else if (line.starts_with("mod\t")) {
      info.main = Module{module_line(line.substr(4), line_number), std::nullopt};
      last = &info.main->replacement;
    } else if (line.starts_with("dep\t")) {
      info.deps.push_back({module_line(line.substr(4), line_number), std::nullopt});
      last = &info.deps.back().replacement;
    } else if (line.starts_with("=>\t")) {
      std::vector<std::string_view> columns = util::split(line.substr(3), '\t');
      if (columns.size() != 3)
        reject(line_number,
               "expected 3 columns for replacement; got " + std::to_string(columns.size()));
      if (last == nullptr) reject(line_number, "replacement with no module on previous line");
      *last =
          ModuleVersion{std::string(columns[0]), std::string(columns[1]), std::string(columns[2])};
      last = nullptr;
    } else if (line.starts_with("build\t")) {
      info.settings.push_back(setting_line(line.substr(6), line_number));
    }
  }
  return info;
}

}  // namespace hallmark::catalog::golang

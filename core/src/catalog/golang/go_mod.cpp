// go.mod and go.sum as the go command reads them (golang.org/x/mod/modfile's lexer: tokens
// separated by spaces and punctuation, "//" comments, Go-quoted tokens, "verb ( ... )" blocks).
#include <algorithm>

#include "hallmark/catalog/golang.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

#include "module.hpp"

namespace hallmark::catalog::golang {
namespace {

struct Line {
  size_t number = 0;
  std::vector<std::string> tokens;
  std::string comment;  // the text of a trailing "//" comment, trimmed
};

[[noreturn]] void reject(size_t line, const std::string& problem) {
  throw_bad_input("", "line " + std::to_string(line) + ": " + problem);
}

bool is_punctuation(char c) {
  return std::string_view("()[]{},").find(c) != std::string_view::npos;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

Line tokenize(std::string_view text, size_t number) {
  Line line;
  line.number = number;
  size_t at = 0;
  while (at < text.size()) {
    char c = text[at];
    if (is_space(c)) {
      ++at;
    } else if (text.substr(at, 2) == "//") {
      line.comment = util::trim(text.substr(at + 2));
      break;
    } else if (text.substr(at, 2) == "/*") {
      reject(number, "mod files must use // comments, not /* comments");
    } else if (is_punctuation(c)) {
      line.tokens.emplace_back(1, c);
      ++at;
    } else if (c == '"' || c == '`') {
      std::optional<std::string_view> literal = quoted_prefix(text.substr(at));
      if (!literal) reject(number, "unterminated or invalid quoted string");
      line.tokens.push_back(*unquote(*literal));
      at += literal->size();
    } else {
      size_t end = at;
      while (end < text.size() && !is_space(text[end]) && !is_punctuation(text[end]) &&
             text.substr(end, 2) != "//")
        ++end;
      line.tokens.emplace_back(text.substr(at, end - at));
      at = end;
    }
  }
  return line;
}

// One directive: its verb and arguments (a block's lines take the block's verb).
void directive(GoMod& mod, std::string_view verb, const std::vector<std::string>& args,
               const Line& line) {
  if (verb == "module") {
    if (args.size() != 1) reject(line.number, "usage: module module/path");
    mod.module = args[0];
  } else if (verb == "require") {
    if (args.size() != 2) reject(line.number, "usage: require module/path v1.2.3");
    // modfile's rule: "// indirect", or a comment starting "indirect;".
    bool indirect = line.comment == "indirect" || line.comment.starts_with("indirect;");
    mod.requires_.push_back({args[0], args[1], indirect});
  } else if (verb == "exclude") {
    if (args.size() != 2) reject(line.number, "usage: exclude module/path v1.2.3");
    mod.excludes.emplace_back(args[0], args[1]);
  } else if (verb == "replace") {
    auto arrow = std::find(args.begin(), args.end(), "=>");
    size_t left = static_cast<size_t>(arrow - args.begin());
    size_t right = args.size() - left - (arrow == args.end() ? 0 : 1);
    if (arrow == args.end() || left < 1 || left > 2 || right < 1 || right > 2)
      reject(line.number,
             "usage: replace module/path [v1.2.3] => other/module v1.4\n"
             "\t or replace module/path [v1.2.3] => ../local/directory");
    GoModReplace replace;
    replace.old_path = args[0];
    if (left == 2) replace.old_version = args[1];
    replace.new_path = *(arrow + 1);
    if (right == 2) replace.new_version = *(arrow + 2);
    if (right == 1 && !is_folder_path(replace.new_path))
      reject(line.number,
             "replacement module without version must be directory path (rooted or starting "
             "with ./ or ../)");
    if (right == 2 && is_folder_path(replace.new_path))
      reject(line.number, "replacement module directory path must not have version");
    mod.replaces.push_back(std::move(replace));
  }
  // go, toolchain, retract, godebug, tool, ignore: nothing a package list needs.
}

}  // namespace

GoMod parse_go_mod(std::string_view text) {
  GoMod mod;
  std::string block;  // the verb of the block being read
  size_t number = 0;
  for (std::string_view raw : util::lines(text)) {
    Line line = tokenize(raw, ++number);
    const std::vector<std::string>& tokens = line.tokens;
    if (tokens.empty()) continue;
    if (!block.empty()) {
      if (tokens == std::vector<std::string>{")"}) {
        block.clear();
        continue;
      }
      directive(mod, block, tokens, line);
      continue;
    }
    if (tokens.size() >= 2 && tokens[1] == "(") {
      if (tokens.size() == 3 && tokens[2] == ")") continue;  // an empty block on one line
      if (tokens.size() != 2) reject(number, "syntax error: unexpected tokens after '('");
      block = tokens[0];
      continue;
    }
    directive(mod, tokens[0], {tokens.begin() + 1, tokens.end()}, line);
  }
  if (!block.empty()) reject(number, "syntax error: unterminated " + block + " block");
  return mod;
}

std::map<std::string, std::string, std::less<>> parse_go_sum(std::string_view text) {
  std::map<std::string, std::string, std::less<>> hashes;
  for (std::string_view line : util::lines(text)) {
    std::vector<std::string_view> fields;
    for (std::string_view field : util::split(line, ' '))
      if (!field.empty()) fields.push_back(field);
    // "PATH VERSION h1:HASH"; "PATH VERSION/go.mod h1:HASH" is the hash of the go.mod alone.
    if (fields.size() != 3 || fields[1].ends_with("/go.mod")) continue;
    hashes.emplace(std::string(fields[0]) + " " + std::string(fields[1]), fields[2]);
  }
  return hashes;
}

}  // namespace hallmark::catalog::golang

#include "challenge.hpp"

#include <cstring>

#include "hallmark/util/strings.hpp"

namespace hallmark::registry {
namespace {

bool is_token_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         (c != '\0' && std::strchr("!#$%&'*+.^_`|~-", c) != nullptr);
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  bool at_end() const { return at_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[at_]; }
  void skip(std::string_view characters) {
    while (!at_end() && characters.find(text_[at_]) != std::string_view::npos)
      ++at_;
  }
  std::string token() {
    size_t start = at_;
    while (!at_end() && is_token_char(text_[at_]))
      ++at_;
    return std::string(text_.substr(start, at_ - start));
  }
  // A quoted-string, its backslash escapes undone; the opening quote is at the cursor.
  std::string quoted() {
    std::string value;
    for (++at_; !at_end() && text_[at_] != '"'; ++at_) {
      if (text_[at_] == '\\' && at_ + 1 < text_.size()) ++at_;
      value.push_back(text_[at_]);
    }
    ++at_;  // the closing quote
    return value;
  }
  // An unquoted value: up to the next comma or space (more lenient than a token, as servers
  // write URLs unquoted).
  std::string bare() {
    size_t start = at_;
    while (!at_end() && text_[at_] != ',' && text_[at_] != ' ' && text_[at_] != '\t')
      ++at_;
    return std::string(text_.substr(start, at_ - start));
  }
  size_t position() const { return at_; }
  void rewind(size_t position) { at_ = position; }

 private:
  std::string_view text_;
  size_t at_ = 0;
};

}  // namespace

std::vector<Challenge> parse_challenges(std::string_view field) {
  std::vector<Challenge> challenges;
  Parser parser(field);
  while (true) {
    parser.skip(" \t,");
    if (parser.at_end()) break;
    Challenge challenge{util::to_lower(parser.token()), {}};
    if (challenge.scheme.empty()) break;
    // Parameters follow until a token that is not followed by "=", which starts the next
    // challenge.
    while (true) {
      parser.skip(" \t,");
      size_t start = parser.position();
      std::string name = parser.token();
      parser.skip(" \t");
      if (name.empty() || parser.peek() != '=') {
        parser.rewind(start);
        break;
      }
      parser.skip("=");
      parser.skip(" \t");
      challenge.params[util::to_lower(name)] =
          parser.peek() == '"' ? parser.quoted() : parser.bare();
    }
    challenges.push_back(std::move(challenge));
  }
  return challenges;
}

}  // namespace hallmark::registry

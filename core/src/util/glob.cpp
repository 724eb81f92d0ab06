#include "hallmark/util/glob.hpp"

namespace hallmark::util {

// Iterative matcher with one backtrack point per star kind: linear in practice, and with no
// recursion a hostile pattern or path cannot exhaust the stack.
bool glob_match(std::string_view pattern, std::string_view path) {
  size_t p = 0, s = 0;
  size_t star_p = std::string_view::npos, star_s = 0;          // last `*`
  size_t globstar_p = std::string_view::npos, globstar_s = 0;  // last `**`
  bool globstar_after_slash = false;                           // it was `**/`
  while (s < path.size()) {
    if (pattern.substr(p, 2) == "**") {
      // `**/` also matches no folder at all, so "a/**/b" matches "a/b".
      p += 2;
      globstar_after_slash = p < pattern.size() && pattern[p] == '/';
      if (globstar_after_slash) ++p;
      globstar_p = p;
      globstar_s = s;
      star_p = std::string_view::npos;
      continue;
    }
    if (p < pattern.size() && pattern[p] == '*') {
      star_p = ++p;
      star_s = s;
      continue;
    }
    if (p < pattern.size() && (pattern[p] == path[s] || (pattern[p] == '?' && path[s] != '/'))) {
      ++p;
      ++s;
      continue;
    }
    if (star_p != std::string_view::npos && path[star_s] != '/') {
      p = star_p;
      s = ++star_s;
      continue;
    }
    if (globstar_p != std::string_view::npos) {
      // `**/` swallows whole folders: the rest of the pattern starts after the next '/'.
      size_t slash = path.find('/', globstar_s);
      if (globstar_after_slash && slash == std::string_view::npos) return false;
      globstar_s = globstar_after_slash ? slash + 1 : globstar_s + 1;
      p = globstar_p;
      s = globstar_s;
      star_p = std::string_view::npos;
      continue;
    }
    return false;
  }
  while (p < pattern.size() && pattern[p] == '*')
    ++p;
  return p == pattern.size();
}

}  // namespace hallmark::util

#include "hallmark/source/path.hpp"

#include <vector>

#include "hallmark/util/strings.hpp"

namespace hallmark::source {

std::optional<std::string> normalize_entry_path(std::string_view raw, std::string& problem) {
  if (raw.find('\0') != std::string_view::npos) {
    problem = "name holds a NUL byte";
    return std::nullopt;
  }
  if (!util::is_valid_utf8(raw)) {
    problem = "name is not UTF-8";
    return std::nullopt;
  }
  if (!raw.empty() && raw.front() == '/') {
    problem = "absolute path";
    return std::nullopt;
  }
  std::string normalized;
  for (std::string_view part : util::split(raw, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      problem = "path climbs out of the root with \"..\"";
      return std::nullopt;
    }
    if (!normalized.empty()) normalized += '/';
    normalized += part;
  }
  return normalized;
}

bool symlink_escapes_root(std::string_view link_path, std::string_view target) {
  if (!target.empty() && target.front() == '/') return false;
  long depth = 0;
  for (std::string_view part : util::split(parent_path(link_path), '/'))
    if (!part.empty()) ++depth;
  for (std::string_view part : util::split(target, '/')) {
    if (part.empty() || part == ".") continue;
    depth += part == ".." ? -1 : 1;
    if (depth < 0) return true;
  }
  return false;
}

std::string_view parent_path(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

std::string_view base_name(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace hallmark::source

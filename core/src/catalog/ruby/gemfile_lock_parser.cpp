// Bundler's Gemfile.lock: sections at column 0, remotes and "specs:" at two spaces, specs at four,
// and each spec's dependencies at six.
#include <set>

#include "hallmark/catalog/ruby.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::catalog::ruby {
namespace {

// The sections that list gems; others (PLATFORMS, DEPENDENCIES, BUNDLED WITH, ...) do not.
const std::set<std::string_view> kSectionsOfInterest = {"GEM", "GIT", "PATH", "PLUGIN SOURCE"};

size_t indentation(std::string_view line) {
  size_t spaces = 0;
  while (spaces < line.size() && line[spaces] == ' ')
    ++spaces;
  return spaces;
}

std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> result;
  for (std::string_view word : util::split(text, ' '))
    if (!word.empty()) result.push_back(word);
  return result;
}

}  // namespace

std::vector<DeclaredPackage> parse_gemfile_lock(std::string_view text) {
  std::vector<DeclaredPackage> packages;
  bool in_gems = false;
  bool in_spec = false;  // dependency lines belong to the last spec
  for (std::string_view line : util::lines(text)) {
    if (line.size() > 1 && line.front() != ' ') {
      in_gems = kSectionsOfInterest.contains(util::trim(line));
      in_spec = false;
      continue;
    }
    if (!in_gems) continue;
    size_t indent = indentation(line);
    std::vector<std::string_view> parts = words(line);
    if (indent == 4) {
      // "name (version)"; a spec without a version is no package.
      in_spec = parts.size() == 2 && parts[1].starts_with('(') && parts[1].ends_with(')');
      if (!in_spec) continue;
      DeclaredPackage package;
      package.name = parts[0];
      package.version = parts[1].substr(1, parts[1].size() - 2);
      packages.push_back(std::move(package));
    } else if (indent == 6 && in_spec && !parts.empty()) {
      packages.back().dependencies.push_back({std::string(parts[0]), ""});
    } else if (indent < 4) {
      in_spec = false;
    }
  }
  return packages;
}

}  // namespace hallmark::catalog::ruby

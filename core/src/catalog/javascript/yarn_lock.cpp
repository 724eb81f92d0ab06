// yarn.lock. Classic yarn (v1) writes its own indented format:
//
//   "@babel/code-frame@^7.0.0", "@babel/code-frame@^7.10.4":
//     version "7.10.4"
//     resolved "https://registry.yarnpkg.com/@babel/code-frame/-/code-frame-7.10.4.tgz#..."
//     integrity sha512-...
//     dependencies:
//       "@babel/highlight" "^7.10.4"
//
// Berry (yarn 2 and later) writes YAML with a "__metadata" entry. Either way an entry is keyed
// by the descriptors (name@range) it satisfies, and a dependency is found through them.
#include <algorithm>

#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

#include "common.hpp"

namespace hallmark::catalog::javascript {
namespace {

struct Entry {
  std::vector<std::string> descriptors;
  std::string name;  // the package's registry name
  std::string version;
  std::string resolved;
  std::string integrity;
  std::vector<std::pair<std::string, std::string>> dependencies;  // name, range
};

// The package a registry tarball URL serves, as npm registries lay them out
// (".../@babel/code-frame/-/code-frame-7.10.4.tgz"); empty for any other URL.
std::string registry_package(std::string_view url) {
  url = url.substr(0, url.find_first_of("#?"));
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos || !url.ends_with(".tgz")) return "";
  std::string_view path = url.substr(scheme + 3);
  size_t host_end = path.find('/');
  if (host_end == std::string_view::npos) return "";
  path.remove_prefix(host_end);
  size_t dash = path.rfind("/-/");
  if (dash == std::string_view::npos || dash == 0) return "";
  std::string_view folder = path.substr(0, dash);
  size_t slash = folder.rfind('/');
  std::string name(folder.substr(slash + 1));
  if (slash > 0) {
    size_t previous = folder.rfind('/', slash - 1);
    std::string_view scope = folder.substr(previous + 1, slash - previous - 1);
    if (scope.starts_with('@')) name = std::string(scope) + "/" + name;
  }
  // Some registries encode the scope's slash: "@babel%2fcode-frame".
  if (size_t at = util::to_lower(name).find("%2f"); name.starts_with('@') && at != name.npos)
    name.replace(at, 3, "/");
  return name;
}

// Classic yarn's format, line by line. A token is a JSON string in double quotes or a bare word
// ending at a space, ':' or ',' (as yarn's own lexer reads them).
class ClassicParser {
 public:
  explicit ClassicParser(std::string_view text) : text_(text) {}

  std::vector<Entry> parse() {
    std::vector<Entry> entries;
    enum class Block { kNone, kDependencies, kOther } block = Block::kNone;
    for (std::string_view line : util::lines(text_)) {
      ++number_;
      line_ = line;
      size_t indent = line.find_first_not_of(' ');
      if (indent == std::string_view::npos || line[indent] == '#') continue;
      std::string_view rest = line.substr(indent);
      if (indent == 0) {
        entries.push_back({});
        entries.back().descriptors = descriptors(rest);
        block = Block::kNone;
      } else if (indent == 2) {
        if (entries.empty()) fail("a field outside any entry");
        std::string key = token(rest);
        if (rest == ":") {
          block = key == "dependencies" || key == "optionalDependencies" ? Block::kDependencies
                                                                         : Block::kOther;
          continue;
        }
        block = Block::kNone;
        std::string value = value_after_space(rest);
        Entry& entry = entries.back();
        if (key == "version") entry.version = value;
        if (key == "resolved") entry.resolved = value;
        if (key == "integrity") entry.integrity = value;
      } else if (indent == 4) {
        if (block == Block::kNone) fail("an indented line outside a dependency list");
        std::string name = token(rest);
        std::string range = value_after_space(rest);
        if (block == Block::kDependencies)
          entries.back().dependencies.emplace_back(std::move(name), std::move(range));
      } else {
        fail("unexpected indentation");
      }
    }
    return entries;
  }

 private:
  [[noreturn]] void fail(std::string_view problem) const {
    throw_bad_input("", "line " + std::to_string(number_) + ": " + std::string(problem) + ": \"" +
                            util::printable(line_.substr(0, 80)) + "\"");
  }

  std::string token(std::string_view& rest) const {
    if (rest.starts_with('"')) {
      size_t end = 1;
      while (end < rest.size() && rest[end] != '"')
        end += rest[end] == '\\' ? 2 : 1;
      if (end >= rest.size()) fail("a string without its closing quote");
      std::string_view quoted = rest.substr(0, end + 1);
      rest.remove_prefix(end + 1);
      try {
        return nlohmann::json::parse(quoted).get<std::string>();
      } catch (const nlohmann::json::exception&) {
        fail("a string with a bad escape");
      }
    }
    size_t end = rest.find_first_of(" :,");
    std::string word(rest.substr(0, end));
    if (word.empty()) fail("a value was expected");
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
    return word;
  }

  std::string value_after_space(std::string_view rest) const {
    if (!rest.starts_with(' ')) fail("\"key value\" was expected");
    rest.remove_prefix(1);
    std::string value = token(rest);
    if (!util::trim(rest).empty()) fail("more than a key and a value");
    return value;
  }

  // `"a@^1", a@^1.2:`: the descriptors an entry satisfies.
  std::vector<std::string> descriptors(std::string_view rest) const {
    std::vector<std::string> found;
    while (true) {
      found.push_back(token(rest));
      if (!rest.starts_with(',')) break;
      rest.remove_prefix(1);
      rest = util::trim(rest);
    }
    if (rest != ":") fail("an entry's descriptors must end with ':'");
    return found;
  }

  std::string_view text_;
  std::string_view line_;
  size_t number_ = 0;
};

std::vector<Entry> parse_classic(std::string_view text) {
  if (!util::is_valid_utf8(text)) throw_bad_input("", "not UTF-8 text");
  std::vector<Entry> entries = ClassicParser(text).parse();
  for (Entry& entry : entries) {
    auto [name, range] = split_descriptor(entry.descriptors.front());
    entry.name = name;
    // An alias ("string-width-cjs@npm:string-width@^4") installs another package; so does an
    // entry whose tarball the registry serves under another name.
    if (range.starts_with("npm:")) entry.name = split_descriptor(range.substr(4)).first;
    if (std::string served = registry_package(entry.resolved); !served.empty()) entry.name = served;
  }
  return entries;
}

std::vector<Entry> parse_berry(const YAML::Node& root) {
  std::vector<Entry> entries;
  for (const auto& item : root) {
    std::string key = scalar(item.first);
    const YAML::Node& fields = item.second;
    if (key == "__metadata" || !fields.IsMap()) continue;
    Entry entry;
    for (std::string_view descriptor : util::split(key, ','))
      if (!util::trim(descriptor).empty()) entry.descriptors.emplace_back(util::trim(descriptor));
    if (entry.descriptors.empty()) throw_bad_input("", "an entry without a descriptor");
    entry.version = scalar(fields["version"]);
    entry.resolved = scalar(fields["resolution"]);
    entry.integrity = scalar(fields["checksum"]);
    // The resolution names the package fetched ("bar@npm:1.0.0" for an alias "foo@npm:bar@^1");
    // other protocols (workspace:, patch:, git) go by the descriptor's name.
    auto [resolved_name, reference] = split_descriptor(entry.resolved);
    entry.name = reference.starts_with("npm:") ? resolved_name
                                               : split_descriptor(entry.descriptors[0]).first;
    const YAML::Node& dependencies = fields["dependencies"];
    if (dependencies && dependencies.IsMap()) {
      for (const auto& dependency : dependencies)
        entry.dependencies.emplace_back(scalar(dependency.first), scalar(dependency.second));
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

// Berry's files start their YAML with a "__metadata" entry; classic files have none.
bool is_berry(std::string_view text) {
  for (std::string_view line : util::lines(text))
    if (line.starts_with("__metadata:")) return true;
  return false;
}

}  // namespace

Lock parse_yarn_lock(std::string_view text, const ProjectManifest* project) {
  std::vector<Entry> entries =
      is_berry(text) ? read_yaml([&] { return parse_berry(parse_yaml_mapping(text)); })
                     : parse_classic(text);

  LockBuilder builder;
  std::map<std::string, size_t, std::less<>> by_descriptor;
  std::vector<size_t> indices;
  for (Entry& entry : entries) {
    LockedPackage package;
    package.name = entry.name;
    package.version = entry.version;
    package.resolved = entry.resolved;
    package.integrity = entry.integrity;
    size_t index = builder.add(std::move(package));
    indices.push_back(index);
    for (const std::string& descriptor : entry.descriptors)
      by_descriptor.emplace(descriptor, index);
  }
  // Berry writes ranges without the default "npm:" protocol that its descriptors carry.
  auto find = [&](const std::string& name, const std::string& range) -> const size_t* {
    for (const std::string& descriptor : {name + "@" + range, name + "@npm:" + range})
      if (auto it = by_descriptor.find(descriptor); it != by_descriptor.end()) return &it->second;
    return nullptr;
  };
  for (size_t i = 0; i < entries.size(); ++i)
    for (const auto& [name, range] : entries[i].dependencies)
      if (const size_t* dependency = find(name, range)) builder.depend(indices[i], *dependency);

  if (project != nullptr) {
    auto roots = [&](const std::map<std::string, std::string>& declared) {
      std::vector<size_t> found;
      for (const auto& [name, range] : declared)
        if (const size_t* index = find(name, range)) found.push_back(*index);
      return found;
    };
    builder.mark_dev_only(roots(project->dependencies), roots(project->dev_dependencies));
  }
  return builder.finish();
}

}  // namespace hallmark::catalog::javascript

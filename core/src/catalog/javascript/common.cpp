#include "common.hpp"

#include <algorithm>
#include <sstream>

#include <yaml-cpp/eventhandler.h>

#include "hallmark/model/license.hpp"
#include "hallmark/model/purl.hpp"
#include "hallmark/source/path.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::catalog::javascript {
namespace {

// Deeper folder nesting than this is no real install: it bounds the work per dependency.
constexpr size_t kMaxModuleFolders = 64;

class AliasRefuser : public YAML::EventHandler {
 public:
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    throw_bad_input("", "line " + std::to_string(mark.line + 1) +
                            ": a YAML alias, which lock files do not use");
  }
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

void add_unique(std::vector<std::string>& values, std::string value) {
  if (!value.empty() && std::find(values.begin(), values.end(), value) == values.end())
    values.push_back(std::move(value));
}

}  // namespace

void add_licenses(const nlohmann::json& value, std::vector<std::string>& licenses) {
  if (value.is_string()) {
    add_unique(licenses, value.get<std::string>());
  } else if (value.is_object()) {
    add_unique(licenses, string_at(value, "type"));
  } else if (value.is_array()) {
    for (const nlohmann::json& item : value)
      if (!item.is_array()) add_licenses(item, licenses);
  }
}

YAML::Node parse_yaml_mapping(std::string_view text) {
  // yaml-cpp does not check the encoding; what it reads ends up in UTF-8 documents.
  if (!util::is_valid_utf8(text)) throw_bad_input("", "not UTF-8 text");
  YAML::Node root;
  try {
    std::string document(text);
    std::istringstream stream(document);
    YAML::Parser parser(stream);
    AliasRefuser refuser;
    while (parser.HandleNextDocument(refuser)) {
    }
    root = YAML::Load(document);
  } catch (const YAML::Exception& error) {
    std::string where =
        error.mark.is_null() ? "" : "line " + std::to_string(error.mark.line + 1) + ": ";
    throw_bad_input("", "not valid YAML (" + where + util::printable(error.msg) + ")");
  }
  if (!root.IsMap()) throw_bad_input("", "not a YAML mapping");
  return root;
}

std::string scalar(const YAML::Node& node) {
  return node && node.IsScalar() ? node.Scalar() : std::string();
}

bool in_node_modules(std::string_view path) {
  for (std::string_view folder : util::split(source::parent_path(path), '/'))
    if (folder == "node_modules") return true;
  return false;
}

std::pair<std::string_view, std::string_view> split_descriptor(std::string_view descriptor) {
  size_t at = descriptor.find('@', 1);
  if (descriptor.empty() || at == std::string_view::npos) return {descriptor, {}};
  return {descriptor.substr(0, at), descriptor.substr(at + 1)};
}

std::vector<std::string> module_folders(std::string_view folder, std::string_view name) {
  std::vector<std::string> folders;
  while (folders.size() < kMaxModuleFolders) {
    if (source::base_name(folder) != "node_modules")
      folders.push_back((folder.empty() ? "" : std::string(folder) + "/") + "node_modules/" +
                        std::string(name));
    if (folder.empty()) break;
    folder = source::parent_path(folder);
  }
  return folders;
}

std::string purl(std::string_view name, std::string_view version) {
  model::Purl purl;
  purl.type = "npm";
  if (name.starts_with('@')) {
    size_t slash = name.find('/');
    if (slash == std::string_view::npos) return "";
    purl.namespace_ = name.substr(0, slash);
    name.remove_prefix(slash + 1);
  }
  purl.name = name;
  purl.version = version;
  try {
    return purl.to_string();
  } catch (const Error&) {
    return "";  // no name, or a name with more parts than a scope and a name
  }
}

model::Package make_package(PackageFacts facts) {
  model::Package package;
  package.type = "npm";
  package.purl = purl(facts.name, facts.version);
  package.name = std::move(facts.name);
  package.version = std::move(facts.version);
  for (const std::string& license : facts.licenses)
    package.licenses.push_back({license, model::normalize_license(license)});
  package.found_by = facts.found_by;
  package.locations.insert(std::move(facts.location));
  for (auto& [name, value] : facts.properties)
    if (!value.empty()) package.properties.emplace_back(std::move(name), std::move(value));
  model::assign_id(package);
  return package;
}

size_t LockBuilder::add(LockedPackage package) {
  auto [it, added] = index_.try_emplace({package.name, package.version}, lock_.packages.size());
  if (added) {
    lock_.packages.push_back(std::move(package));
    return it->second;
  }
  LockedPackage& known = lock_.packages[it->second];
  known.dev = known.dev && package.dev;
  if (known.resolved.empty()) known.resolved = std::move(package.resolved);
  if (known.integrity.empty()) known.integrity = std::move(package.integrity);
  if (known.licenses.empty()) known.licenses = std::move(package.licenses);
  return it->second;
}

void LockBuilder::mark_dev_only(const std::vector<size_t>& roots,
                                const std::vector<size_t>& dev_roots) {
  auto reach = [&](const std::vector<size_t>& from) {
    std::vector<bool> seen(lock_.packages.size(), false);
    std::vector<size_t> pending = from;
    while (!pending.empty()) {
      size_t index = pending.back();
      pending.pop_back();
      if (seen[index]) continue;
      seen[index] = true;
      for (size_t next : lock_.packages[index].dependencies)
        if (!seen[next]) pending.push_back(next);
    }
    return seen;
  };
  std::vector<bool> production = reach(roots);
  std::vector<bool> development = reach(dev_roots);
  for (size_t i = 0; i < lock_.packages.size(); ++i)
    lock_.packages[i].dev = development[i] && !production[i];
}

Lock LockBuilder::finish() {
  for (size_t i = 0; i < lock_.packages.size(); ++i) {
    LockedPackage& package = lock_.packages[i];
    // Copies of one package merged into one may have named each other.
    std::erase(package.dependencies, i);
    std::sort(package.dependencies.begin(), package.dependencies.end());
    package.dependencies.erase(
        std::unique(package.dependencies.begin(), package.dependencies.end()),
        package.dependencies.end());
  }
  index_.clear();
  return std::move(lock_);
}

}  // namespace hallmark::catalog::javascript

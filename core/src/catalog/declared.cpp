#include "hallmark/catalog/declared.hpp"

#include <set>

#include <nlohmann/json.hpp>

#include "hallmark/model/license.hpp"
#include "hallmark/model/purl.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::catalog {
namespace {

using nlohmann::json;

// Keys of the compact form: short, as a capture is kept for every package of an image.
json to_json(const DeclaredPackage& package) {
  json object = {{"n", package.name}};
  auto put = [&](const char* key, const auto& value) {
    if (!value.empty()) object[key] = value;
  };
  put("v", package.version);
  put("l", package.licenses);
  put("s", package.supplier);
  put("d", package.description);
  if (package.dev) object["dev"] = true;
  if (!package.dependencies.empty()) {
    json dependencies = json::array();
    for (const DependencyRef& dependency : package.dependencies)
      dependencies.push_back(dependency.version.empty()
                                 ? json::array({dependency.name})
                                 : json::array({dependency.name, dependency.version}));
    object["r"] = dependencies;
  }
  put("q", package.purl_qualifiers);
  put("p", package.properties);
  return object;
}

DeclaredPackage from_json(const json& object) {
  DeclaredPackage package;
  object.at("n").get_to(package.name);
  auto get = [&](const char* key, auto& value) {
    if (auto found = object.find(key); found != object.end()) found->get_to(value);
  };
  get("v", package.version);
  get("l", package.licenses);
  get("s", package.supplier);
  get("d", package.description);
  get("dev", package.dev);
  if (auto found = object.find("r"); found != object.end())
    for (const json& dependency : *found)
      package.dependencies.push_back(
          {dependency.at(0).get<std::string>(),
           dependency.size() > 1 ? dependency.at(1).get<std::string>() : std::string()});
  get("q", package.purl_qualifiers);
  get("p", package.properties);
  return package;
}

class DeclaredCataloger : public Cataloger {
 public:
  DeclaredCataloger(std::string_view name, const Ecosystem& ecosystem,
                    std::vector<DeclaredSource> sources, bool for_images)
      : name_(name), ecosystem_(ecosystem), sources_(std::move(sources)), for_images_(for_images) {}

  std::string_view name() const override { return name_; }
  bool for_images() const override { return for_images_; }

  std::vector<source::CaptureRule> rules() const override {
    std::vector<source::CaptureRule> rules;
    for (const DeclaredSource& source : sources_)
      rules.push_back(declared_rule(source.glob, kind(source), source.parse));
    return rules;
  }

  void catalog(const Context& context, Result& result) const override {
    for (const DeclaredSource& source : sources_)
      for (const DeclaredFile& file : read_declared(context.files, source.glob, kind(source)))
        add_declared(file.packages, ecosystem_, name_, context, file.path, result);
  }

 private:
  std::string kind(const DeclaredSource& source) const { return name_ + ":" + source.glob; }

  std::string name_;
  Ecosystem ecosystem_;
  std::vector<DeclaredSource> sources_;
  bool for_images_;
};

}  // namespace

std::string purl_of(const DeclaredPackage& declared, const Ecosystem& ecosystem) {
  model::Purl purl;
  purl.type = ecosystem.purl_type;
  purl.name = declared.name;
  if (ecosystem.namespaced_name) {
    size_t slash = declared.name.find('/');
    if (slash == std::string::npos) return "";
    purl.namespace_ = declared.name.substr(0, slash);
    purl.name = declared.name.substr(slash + 1);
  }
  purl.version = declared.version;
  purl.qualifiers = declared.purl_qualifiers;
  try {
    return purl.to_string();
  } catch (const Error&) {
    return "";
  }
}

model::Package to_package(const DeclaredPackage& declared, const Ecosystem& ecosystem,
                          std::string_view found_by, const Context& context,
                          std::string_view path) {
  model::Package package;
  package.type = ecosystem.type;
  package.found_by = found_by;
  package.name = declared.name;
  package.version = declared.version;
  package.supplier = declared.supplier;
  package.description = declared.description;
  for (const std::string& license : declared.licenses)
    if (!util::trim(license).empty())
      package.licenses.push_back({license, model::normalize_license(license)});
  package.purl = purl_of(declared, ecosystem);
  package.properties = declared.properties;
  package.locations.insert(context.files.location(path));
  model::assign_id(package);
  return package;
}

std::string DependencyLinker::key(std::string_view name) const {
  return ecosystem_.case_insensitive_names ? util::to_lower(name) : std::string(name);
}

void DependencyLinker::add(const model::Package& package) {
  by_name_[key(package.name)].emplace_back(package.version, package.id);
}

void DependencyLinker::link(const std::string& from, const std::vector<DependencyRef>& dependencies,
                            Result& result) const {
  for (const DependencyRef& dependency : dependencies) {
    auto found = by_name_.find(key(dependency.name));
    if (found == by_name_.end()) continue;
    for (const auto& [version, id] : found->second)
      if (id != from && (dependency.version.empty() || dependency.version == version))
        result.relationships.push_back({from, id, model::RelationshipType::kDependsOn});
  }
}

void add_declared(const std::vector<DeclaredPackage>& declared, const Ecosystem& ecosystem,
                  std::string_view found_by, const Context& context, std::string_view path,
                  Result& result) {
  DependencyLinker linker(ecosystem);
  std::vector<std::pair<const DeclaredPackage*, model::Package>> kept;
  for (const DeclaredPackage& item : declared) {
    if (item.dev && !context.options.include_dev) continue;
    kept.emplace_back(&item, to_package(item, ecosystem, found_by, context, path));
    linker.add(kept.back().second);
  }
  for (auto& [item, package] : kept) {
    linker.link(package.id, item->dependencies, result);
    result.packages.push_back(std::move(package));
  }
}

nlohmann::json parse_json_object(std::string_view text) {
  json value;
  try {
    value = json::parse(text);
  } catch (const json::parse_error& error) {
    throw_bad_input("", "not valid JSON (byte " + std::to_string(error.byte) + ")");
  }
  if (!value.is_object()) throw_bad_input("", "not a JSON object");
  return value;
}

std::string string_at(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return "";
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}

std::string to_reduced(const std::vector<DeclaredPackage>& declared) {
  json packages = json::array();
  for (const DeclaredPackage& package : declared)
    packages.push_back(to_json(package));
  // Package data need not be UTF-8 (a Latin-1 METADATA, say): such bytes become U+FFFD.
  return packages.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::vector<DeclaredPackage> from_reduced(std::string_view reduced) {
  std::vector<DeclaredPackage> declared;
  try {
    for (const json& package : json::parse(reduced))
      declared.push_back(from_json(package));
  } catch (const json::exception& error) {
    throw_bad_input("", std::string("not a reduced package list: ") + error.what());
  }
  return declared;
}

source::CaptureRule declared_rule(std::string glob, std::string kind, DeclaredParser parse) {
  source::CaptureRule rule;
  rule.kind = std::move(kind);
  rule.glob = std::move(glob);
  rule.reduce = [parse](std::string_view, std::string_view content) -> std::optional<std::string> {
    std::vector<DeclaredPackage> declared = parse(content);
    if (declared.empty()) return std::nullopt;
    return to_reduced(declared);
  };
  return rule;
}

std::vector<DeclaredFile> read_declared(const FileResolver& files, std::string_view glob,
                                        std::string_view kind) {
  std::vector<DeclaredFile> found;
  std::set<std::string, std::less<>> seen;  // symlinks lead to files already read
  for (const std::string& path : files.glob(glob, kind))
    if (std::optional<FileResolver::File> file = files.read(path, kind))
      if (seen.insert(file->path).second)
        found.push_back({file->path, from_reduced(*file->content)});
  return found;
}

std::unique_ptr<Cataloger> make_declared_cataloger(std::string_view name,
                                                   const Ecosystem& ecosystem,
                                                   std::vector<DeclaredSource> sources,
                                                   bool for_images) {
  return std::make_unique<DeclaredCataloger>(name, ecosystem, std::move(sources), for_images);
}

}  // namespace hallmark::catalog

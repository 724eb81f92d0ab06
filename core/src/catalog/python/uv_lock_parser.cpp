// uv.lock: TOML, one [[package]] table a package; the projects themselves are packages whose
// source is "virtual" or "editable".
#include <map>

#include "hallmark/catalog/python.hpp"

#include "toml_document.hpp"

namespace hallmark::catalog::python {
namespace {

struct Node {
  std::vector<DependencyRef> runtime;  // dependencies and optional (extra) dependencies
  std::vector<DependencyRef> development;
  bool root = false;
};

// The refs of every array in a table of arrays ({extra: [...]} or {group: [...]}).
void add_grouped(const toml::table* groups, std::vector<DependencyRef>& refs) {
  if (groups == nullptr) return;
  for (const auto& [group, entries] : *groups)
    for (DependencyRef& ref : dependency_refs(entries.as_array()))
      refs.push_back(std::move(ref));
}

// Which packages a set of dependency refs leads to, through runtime dependencies.
class Graph {
 public:
  Graph(const std::vector<DeclaredPackage>& packages, const std::vector<Node>& nodes)
      : packages_(packages), nodes_(nodes) {
    for (size_t i = 0; i < packages.size(); ++i)
      by_name_.emplace(packages[i].name, i);
  }

  std::vector<bool> reach(const std::vector<DependencyRef>& from) const {
    std::vector<bool> seen(packages_.size(), false);
    std::vector<size_t> pending;
    auto follow = [&](const std::vector<DependencyRef>& refs) {
      for (const DependencyRef& ref : refs)
        for (auto [it, end] = by_name_.equal_range(ref.name); it != end; ++it)
          if (!seen[it->second] &&
              (ref.version.empty() || ref.version == packages_[it->second].version))
            pending.push_back(it->second);
    };
    follow(from);
    while (!pending.empty()) {
      size_t index = pending.back();
      pending.pop_back();
      if (seen[index]) continue;
      seen[index] = true;
      follow(nodes_[index].runtime);
    }
    return seen;
  }

 private:
  const std::vector<DeclaredPackage>& packages_;
  const std::vector<Node>& nodes_;
  std::multimap<std::string_view, size_t> by_name_;
};

}  // namespace

std::vector<DeclaredPackage> parse_uv_lock(std::string_view text) {
  toml::table lock = parse_toml(text);
  std::vector<DeclaredPackage> packages;
  std::vector<Node> nodes;
  const toml::array* entries = package_tables(lock);
  if (entries == nullptr) return packages;
  for (const toml::node& entry : *entries) {
    const toml::table* table = entry.as_table();
    if (table == nullptr) continue;
    DeclaredPackage package;
    package.name = normalize_name(toml_string(*table, "name"));
    if (package.name.empty()) continue;
    package.version = toml_string(*table, "version");
    Node node;
    node.runtime = dependency_refs((*table)["dependencies"].as_array());
    add_grouped((*table)["optional-dependencies"].as_table(), node.runtime);
    add_grouped((*table)["dev-dependencies"].as_table(), node.development);
    if (const toml::table* source = (*table)["source"].as_table())
      node.root = source->contains("virtual") || source->contains("editable");
    package.dependencies = node.runtime;
    package.dependencies.insert(package.dependencies.end(), node.development.begin(),
                                node.development.end());
    packages.push_back(std::move(package));
    nodes.push_back(std::move(node));
  }

  // Development packages: those the projects' development dependencies lead to and the
  // projects' runtime dependencies do not.
  std::vector<DependencyRef> runtime_roots, development_roots;
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (!nodes[i].root) continue;
    runtime_roots.push_back({packages[i].name, packages[i].version});
    development_roots.insert(development_roots.end(), nodes[i].development.begin(),
                             nodes[i].development.end());
  }
  Graph graph(packages, nodes);
  std::vector<bool> runtime = graph.reach(runtime_roots);
  std::vector<bool> development = graph.reach(development_roots);
  for (size_t i = 0; i < packages.size(); ++i)
    packages[i].dev = development[i] && !runtime[i];
  return packages;
}

}  // namespace hallmark::catalog::python

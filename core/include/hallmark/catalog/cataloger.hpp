// Catalogers find packages. Each declares up front which files it reads (globs), so the single
// streaming pass over the layers keeps only those contents; then it reads them through a
// FileResolver and reports packages and relationships. Catalogers know the model, never the
// encoders; adding an ecosystem is one cataloger and a line in the registry (registry.cpp).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hallmark/model/sbom.hpp"
#include "hallmark/source/file_tree.hpp"

namespace hallmark::catalog {

// The file system as catalogers see it: the squashed image, or the image up to one layer when
// every layer is cataloged.
class FileResolver {
 public:
  FileResolver(const source::FileTree& tree, const model::SourceInfo& source)
      : tree_(tree), source_(source) {}

  // Captured files whose paths match `glob` (util/glob.hpp syntax), in order.
  std::vector<std::string> glob(std::string_view pattern) const { return tree_.captured(pattern); }

  struct File {
    std::string path;  // the real path, symlinks followed
    const std::string* content;
  };
  // The captured file at `path`, following symlinks; nullopt when it is absent or its contents
  // were not captured.
  std::optional<File> read(std::string_view path) const;

  // The evidence for a package found in the file at `path` (a real path).
  model::Location location(std::string_view path, bool primary = true) const;

 private:
  const source::FileTree& tree_;
  const model::SourceInfo& source_;
};

struct Context {
  const FileResolver& files;
  const std::optional<model::Distro>& distro;
};

// What a cataloger found; relationships name packages by id (model::assign_id).
struct Result {
  std::vector<model::Package> packages;
  std::vector<model::Relationship> relationships;
};

class Cataloger {
 public:
  virtual ~Cataloger() = default;
  virtual std::string_view name() const = 0;
  // The files whose contents this cataloger reads, as globs over paths in the image.
  virtual std::vector<std::string> globs() const = 0;
  // Throws kBadInput (naming the file) for a malformed package database.
  virtual void catalog(const Context& context, Result& result) const = 0;
};

// Every cataloger Hallmark has, in a fixed order.
std::vector<std::unique_ptr<Cataloger>> default_catalogers();

}  // namespace hallmark::catalog

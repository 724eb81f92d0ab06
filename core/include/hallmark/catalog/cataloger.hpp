// Catalogers find packages. Each declares up front which files it reads (capture rules: path
// globs, or leading bytes such as an ELF header, with an optional reducer that keeps only what
// it needs), so the single streaming pass over the layers keeps just that; then it reads them
// through a FileResolver and reports packages and relationships. Catalogers know the model,
// never the encoders; adding an ecosystem is one folder and a line in the registry
// (registry.cpp).
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

  // Files with a capture of `kind` ("" is whole contents) whose paths match `glob`, in order.
  std::vector<std::string> glob(std::string_view pattern, std::string_view kind = "") const {
    return tree_.captured(pattern, kind);
  }

  struct File {
    std::string path;  // the real path, symlinks followed (relative to the root)
    const std::string* content;
  };
  // The capture of `kind` of the file at `path`, following symlinks; nullopt when the file is
  // absent or has no such capture.
  std::optional<File> read(std::string_view path, std::string_view kind = "") const;

  // The evidence for a package found in the file at `path` (a real path).
  model::Location location(std::string_view path, bool primary = true) const;

 private:
  const source::FileTree& tree_;
  const model::SourceInfo& source_;
};

struct CatalogOptions {
  bool include_dev = false;  // keep development dependencies of lock files
};

struct Context {
  const FileResolver& files;
  const std::optional<model::Distro>& distro;
  const CatalogOptions& options;
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
  // The files this cataloger reads.
  virtual std::vector<source::CaptureRule> rules() const = 0;
  // Whether it runs on images. Catalogers of declared dependencies (lock files, requirement
  // lists) describe a project, not what is installed: as syft does, they run on folders and
  // archives of files only.
  virtual bool for_images() const { return true; }
  // Throws kBadInput (naming the file) for a malformed package database. Malformed manifests and
  // lock files are warned about (warn_malformed) and skipped.
  virtual void catalog(const Context& context, Result& result) const = 0;
};

// Every cataloger Hallmark has, in a fixed order.
std::vector<std::unique_ptr<Cataloger>> default_catalogers();

// A whole-content capture rule for a glob: what most catalogers ask for.
source::CaptureRule whole_file(std::string glob);

// The warning for a manifest or lock file that cannot be read: it names the file, and the
// cataloger goes on with the next one.
void warn_malformed(std::string_view path, std::string_view problem);

}  // namespace hallmark::catalog

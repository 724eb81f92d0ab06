// Executables built with cargo-auditable: the crates compiled into them, from the dependency
// list embedded in their ".dep-v0" section. As syft does, only crates linked into the program
// (kind "runtime") are reported; build-time crates (build scripts, proc macros) are not in it.
#include "hallmark/catalog/binary/elf.hpp"
#include "hallmark/catalog/rust.hpp"
#include "hallmark/util/error.hpp"

#include "crate_package.hpp"

namespace hallmark::catalog::rust {
namespace {

constexpr std::string_view kCataloger = "cargo-auditable-binary-cataloger";
constexpr std::string_view kCaptureKind = "rust-audit";

// Runs on every ELF file while it streams past: keeps the inflated audit JSON of the files that
// have a .dep-v0 section, after a look at the section headers of the others.
std::optional<std::string> reduce(std::string_view, std::string_view content) {
  std::optional<binary::ElfFile> elf = binary::ElfFile::parse(content);
  if (!elf) return std::nullopt;
  const binary::ElfSection* section = elf->section(".dep-v0");
  if (section == nullptr) return std::nullopt;
  std::optional<std::string_view> compressed = elf->contents(*section);
  if (!compressed) throw_bad_input("", ".dep-v0 section lies outside the file");
  return inflate_audit_data(*compressed);
}

// cargo-auditable names sources by kind only; the purl rules of Cargo.lock sources apply to
// crates.io crates (a plain purl) and local ones (none). A git or other registry crate keeps a
// plain purl, as no URL is known to qualify it with.
std::string audit_purl(const AuditedCrate& crate) {
  if (crate.source == "local") return "";
  return purl(crate.name, crate.version, "registry+https://github.com/rust-lang/crates.io-index");
}

class AuditBinaryCataloger : public Cataloger {
 public:
  std::string_view name() const override { return kCataloger; }

  std::vector<source::CaptureRule> rules() const override {
    return {binary::elf_rule(std::string(kCaptureKind), reduce)};
  }

  void catalog(const Context& context, Result& result) const override {
    for (const std::string& path : context.files.glob("**", kCaptureKind)) {
      std::optional<FileResolver::File> file = context.files.read(path, kCaptureKind);
      if (!file) continue;
      std::vector<AuditedCrate> crates;
      try {
        crates = parse_audit_data(*file->content);
      } catch (const Error& error) {
        warn_malformed(file->path, ".dep-v0: " + error.message());
        continue;
      }
      // Package ids by index into the audit list; empty for crates left out.
      std::vector<std::string> ids(crates.size());
      std::vector<model::Package> packages;
      for (size_t i = 0; i < crates.size(); ++i) {
        const AuditedCrate& crate = crates[i];
        if (crate.kind != DependencyKind::kRuntime || crate.name.empty()) continue;
        model::Package package =
            crate_package(crate.name, crate.version, crate.source, audit_purl(crate), kCataloger,
                          context.files.location(file->path));
        model::assign_id(package);
        ids[i] = package.id;
        packages.push_back(std::move(package));
      }
      for (size_t i = 0; i < crates.size(); ++i)
        for (size_t dependency : crates[i].dependencies)
          if (!ids[i].empty() && !ids[dependency].empty())
            result.relationships.push_back(
                {ids[i], ids[dependency], model::RelationshipType::kDependsOn});
      for (model::Package& package : packages)
        result.packages.push_back(std::move(package));
    }
  }
};

}  // namespace

std::unique_ptr<Cataloger> make_audit_binary_cataloger() {
  return std::make_unique<AuditBinaryCataloger>();
}

}  // namespace hallmark::catalog::rust

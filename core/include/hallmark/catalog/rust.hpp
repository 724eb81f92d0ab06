// Rust crates: Cargo.lock (every format, v1 to v4) and the dependency lists cargo-auditable
// embeds in executables (the zlib-compressed JSON of the ".dep-v0" ELF section).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hallmark/catalog/cataloger.hpp"

namespace hallmark::catalog::rust {

// One [[package]] of a Cargo.lock.
struct Crate {
  std::string name;
  std::string version;
  std::string source;    // "registry+https://...", "git+https://...#REV"; empty for path crates
  std::string checksum;  // SHA-256 of the .crate file (v1 locks keep it under [metadata])
  std::vector<std::string> dependencies;  // "name", "name version" or "name version (source)"
};

struct CargoLock {
  int64_t version = 0;  // the top-level `version` (3, 4); 0 when absent (formats 1 and 2)
  std::vector<Crate> packages;
};

// Throws kBadInput for text that is not TOML or packages without a name or version.
CargoLock parse_cargo_lock(std::string_view text);

// The package of `crates` a dependency entry names; nullopt when none does or the entry is
// ambiguous (Cargo writes as much as is needed to tell packages of one name apart).
std::optional<size_t> resolve_dependency(const std::vector<Crate>& crates, std::string_view entry);

// pkg:cargo/NAME@VERSION for a crate of `source` (a Cargo.lock source). crates.io needs nothing
// more; a git source adds vcs_url (git+URL@REVISION) and another registry repository_url, so
// that a crate from elsewhere is not taken for the crates.io crate of that name and version.
// Empty for path crates (no source), which crates.io does not describe.
std::string purl(std::string_view name, std::string_view version, std::string_view source);

// cargo-auditable's data: packages referring to each other by index.
enum class DependencyKind { kRuntime, kBuild };

struct AuditedCrate {
  std::string name;
  std::string version;
  std::string source;  // "crates.io", "git", "local", "registry", or another word
  DependencyKind kind = DependencyKind::kRuntime;
  std::vector<size_t> dependencies;  // indexes into the package list
  bool root = false;
};

// cargo-auditable's own limit on the decompressed JSON.
inline constexpr size_t kMaxAuditData = 8 << 20;

// The .dep-v0 section's zlib stream inflated (ISA-L); kBadInput when it is corrupt, truncated
// or inflates to more than `limit` bytes.
std::string inflate_audit_data(std::string_view compressed, size_t limit = kMaxAuditData);

// The packages of cargo-auditable's JSON (its format, any revision: {"packages": [{"name",
// "version", "source", "kind", "dependencies", "root"}]}). Throws kBadInput for JSON that does
// not follow it (a dependency index out of range, a missing field, nesting deeper than the
// format has).
std::vector<AuditedCrate> parse_audit_data(std::string_view json);

// Cargo.lock files, in folders and images (in an image, a lock file is still evidence of what
// was built there).
std::unique_ptr<Cataloger> make_cargo_lock_cataloger();
// Executables built with cargo-auditable.
std::unique_ptr<Cataloger> make_audit_binary_cataloger();

}  // namespace hallmark::catalog::rust

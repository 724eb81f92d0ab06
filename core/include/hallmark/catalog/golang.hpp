// Go modules: the build information the Go linker embeds in every executable (read from ELF
// files as Go's debug/buildinfo reads it, parsed as runtime/debug.ParseBuildInfo parses it), and
// the go.mod / go.sum of a source folder.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hallmark/catalog/binary/elf.hpp"
#include "hallmark/catalog/cataloger.hpp"

namespace hallmark::catalog::golang {

// What debug/buildinfo finds in an executable before parsing: the toolchain version
// ("go1.21.5") and the module information text (empty for binaries built without modules).
struct RawBuildInfo {
  std::string go_version;
  std::string modinfo;
};

// The build information of a Go executable: the ".go.buildinfo" section, or else (section
// headers stripped, or a Go binary from before the section existed) the first 64 KiB of the
// first writable data segment, searched for the "\xff Go buildinf:" header as debug/buildinfo
// does. That search is skipped for files whose section headers show no other sign of Go's
// linker (.gopclntab, .note.go.buildid), so that the ELF files of a distribution cost a look at
// their section headers only. Both encodings: Go 1.18+ inline varint-prefixed strings, and the
// older pointers to string headers. nullopt for an ELF file that is no Go executable.
std::optional<RawBuildInfo> read_build_info(const binary::ElfFile& elf);

struct ModuleVersion {
  std::string path;
  std::string version;
  std::string sum;  // "h1:..." when known
};

struct Module {
  ModuleVersion module;
  std::optional<ModuleVersion> replacement;  // from a "=>" line
};

struct BuildInfo {
  std::string go_version;
  std::string path;            // the main package's import path
  std::optional<Module> main;  // the "mod" line
  std::vector<Module> deps;
  std::vector<std::pair<std::string, std::string>> settings;  // "build KEY=VALUE", in order

  // The value of the first setting named `key`, if any.
  const std::string* setting(std::string_view key) const;
};

// Parses module information text exactly as Go's runtime/debug.ParseBuildInfo does (Go-quoted
// keys and values of build settings included). Throws kBadInput "Go build info line N: PROBLEM"
// for text ParseBuildInfo rejects.
BuildInfo parse_build_info(std::string_view modinfo);

// Go's strconv.Unquote for a double-quoted or back-quoted Go string literal; nullopt when the
// text is not exactly one such literal.
std::optional<std::string> unquote(std::string_view literal);
// Go's strconv.QuotedPrefix: the Go string literal `text` starts with, if it starts with a valid
// one.
std::optional<std::string_view> quoted_prefix(std::string_view text);

// The main module's version when the build info says "(devel)", found as syft finds it (its
// default settings, less the guess from the binary's contents): a version given to the linker
// with -X (".version=1.2.3", ".gitVersion=v1.2.3", ".tag=v1.2.3", ...), else the pseudo-version
// Go would give the VCS revision (v0.0.0-YYYYMMDDHHMMSS-REVISION12); nullopt when neither is
// known.
std::optional<std::string> main_module_version(const BuildInfo& info);

// pkg:golang/NAMESPACE/NAME@VERSION with the module path split at its last "/"; empty for a
// path the purl type cannot express (no namespace, as "stdlib" or "hello"; a folder path of a
// replacement, as "../local").
std::string purl(std::string_view module_path, std::string_view version);

// A go.mod: the main module, its requirements (with "// indirect" marks), exclusions and
// replacements, as golang.org/x/mod/modfile reads them (blocks, comments, quoted tokens).
struct GoModRequire {
  std::string path;
  std::string version;
  bool indirect = false;
};

struct GoModReplace {
  std::string old_path;
  std::string old_version;  // empty: every version
  std::string new_path;
  std::string new_version;  // empty: new_path is a folder
};

struct GoMod {
  std::string module;
  std::vector<GoModRequire> requires_;
  std::vector<std::pair<std::string, std::string>> excludes;  // path, version
  std::vector<GoModReplace> replaces;
};

// Throws kBadInput "line N: PROBLEM" for a go.mod that the go command would reject in the
// directives read here.
GoMod parse_go_mod(std::string_view text);

// The h1 hashes of module contents in a go.sum: "PATH VERSION" -> "h1:..." (the "/go.mod" hashes
// of module files only are left out).
std::map<std::string, std::string, std::less<>> parse_go_sum(std::string_view text);

// Every Go executable's modules and the standard library it was built with (images and folders).
std::unique_ptr<Cataloger> make_binary_cataloger();
// The requirements of go.mod files, with go.sum's hashes (folders only).
std::unique_ptr<Cataloger> make_mod_cataloger();

}  // namespace hallmark::catalog::golang

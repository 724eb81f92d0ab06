// Go executables: the modules each was built from, as its embedded build information lists
// them, and the standard library of the toolchain that built it (syft's go-module-binary
// cataloger reports the same packages).
#include <cctype>

#include <nlohmann/json.hpp>

#include "hallmark/catalog/golang.hpp"
#include "hallmark/model/cpe.hpp"
#include "hallmark/model/license.hpp"
#include "hallmark/util/error.hpp"

#include "module.hpp"

namespace hallmark::catalog::golang {
namespace {

constexpr std::string_view kCataloger = "go-module-binary-cataloger";
constexpr std::string_view kCaptureKind = "go-buildinfo";
constexpr std::string_view kDevel = "(devel)";

// GOARCH for an ELF machine (e_machine): what binaries from before Go 1.18, which record no
// GOARCH setting, are known by.
std::string goarch(const binary::ElfFile& elf) {
  switch (elf.machine()) {
    case 3:  // EM_386
      return "386";
    case 8:  // EM_MIPS
      return std::string(elf.is_64bit() ? "mips64" : "mips") + (elf.big_endian() ? "" : "le");
    case 21:  // EM_PPC64
      return elf.big_endian() ? "ppc64" : "ppc64le";
    case 22:  // EM_S390
      return "s390x";
    case 40:  // EM_ARM
      return "arm";
    case 62:  // EM_X86_64
      return "amd64";
    case 183:  // EM_AARCH64
      return "arm64";
    case 243:  // EM_RISCV
      return "riscv64";
    case 258:  // EM_LOONGARCH
      return "loong64";
    default:
      return "";
  }
}

// Runs on every ELF file while it streams past: keeps the build information of Go executables
// (a few KiB) and nothing of other files, whose section headers are all it looks at.
std::optional<std::string> reduce(std::string_view, std::string_view content) {
  std::optional<binary::ElfFile> elf = binary::ElfFile::parse(content);
  if (!elf) return std::nullopt;
  std::optional<RawBuildInfo> raw = read_build_info(*elf);
  if (!raw) return std::nullopt;
  nlohmann::json kept = {
      {"goVersion", raw->go_version}, {"modinfo", raw->modinfo}, {"goarch", goarch(*elf)}};
  return kept.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The stdlib component: the toolchain version as Go names it ("go1.21.5") and NVD's CPE for Go
// (cpe:2.3:a:golang:go:1.21.5:-:..., "rc2" as the update of a release candidate). nullopt for
// a version that is no release (a "devel" toolchain).
std::optional<model::Package> stdlib(std::string_view go_version, const model::Location& where) {
  if (!go_version.starts_with("go")) return std::nullopt;
  std::string_view number = go_version.substr(2);
  std::string_view release = number.substr(0, number.find_first_not_of("0123456789."));
  std::string_view candidate = number.substr(release.size());
  auto all_digits = [](std::string_view text) {
    return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
  };
  bool release_ok = !release.empty() && std::isdigit(static_cast<unsigned char>(release.front())) &&
                    std::isdigit(static_cast<unsigned char>(release.back())) &&
                    release.find("..") == std::string_view::npos;
  bool candidate_ok = candidate.empty() ||
                      (candidate.starts_with("rc") && all_digits(candidate.substr(2))) ||
                      (candidate.starts_with("beta") && all_digits(candidate.substr(4)));
  if (!release_ok || !candidate_ok) return std::nullopt;
  model::Package package = module_package("stdlib", go_version, kCataloger, where);
  // As syft, the purl drops the "go" of the version; model::Purl decides whether the golang
  // type allows a name without a namespace.
  package.purl = purl("stdlib", number);
  model::Cpe cpe;
  cpe.vendor = "golang";
  cpe.product = "go";
  cpe.version = release;
  cpe.update = candidate.empty() ? "-" : std::string(candidate);
  package.cpes.push_back(cpe.to_string());
  package.licenses.push_back({"BSD-3-Clause", model::normalize_license("BSD-3-Clause")});
  package.properties.emplace_back("goCompiledVersion", go_version);
  model::assign_id(package);
  return package;
}

// The packages of one executable: its modules, the standard library, and its main module,
// which depends on all of them.
void add_binary(const BuildInfo& info, const std::string& elf_goarch, const model::Location& where,
                Result& result) {
  // "go1.22.0 X:boringcrypto": the version, then the experiments the toolchain had on.
  std::string_view go_version = info.go_version;
  std::string_view experiments;
  if (size_t space = go_version.find(' '); space != std::string_view::npos) {
    experiments = go_version.substr(space + 1);
    if (experiments.starts_with("X:")) experiments.remove_prefix(2);
    go_version = go_version.substr(0, space);
  }
  const std::string* arch_setting = info.setting("GOARCH");
  std::string arch = arch_setting != nullptr ? *arch_setting : elf_goarch;
  std::optional<Module> main = info.main;
  if (!main && !info.path.empty()) main = Module{{info.path, std::string(kDevel), ""}, {}};

  auto make = [&](const Module& module) {
    const ModuleVersion& used = module.replacement ? *module.replacement : module.module;
    model::Package package = module_package(used.path, used.version, kCataloger, where);
    package.arch = arch;
    package.properties.emplace_back("goCompiledVersion", go_version);
    if (!experiments.empty()) package.properties.emplace_back("goExperiments", experiments);
    package.properties.emplace_back("h1Digest", used.sum);
    if (main) package.properties.emplace_back("mainModule", main->module.path);
    if (module.replacement)
      package.properties.emplace_back("replaces", module.module.path + "@" + module.module.version);
    return package;
  };

  std::vector<model::Package> packages;
  for (const Module& dep : info.deps) {
    model::Package package = make(dep);
    if (package.name.empty()) continue;
    model::assign_id(package);
    packages.push_back(std::move(package));
  }
  std::optional<model::Package> main_package;
  if (main) main_package = make(*main);
  if (main_package && main_package->name.empty()) main_package.reset();
  if (main_package) {
    if (main_package->version == kDevel)
      if (std::optional<std::string> version = main_module_version(info)) {
        main_package->version = *version;
        main_package->purl = purl(main_package->name, *version);
      }
    for (const auto& [key, value] : info.settings)
      main_package->properties.emplace_back("goBuildSetting:" + key, value);
    model::assign_id(*main_package);
  }
  if (packages.empty() && !main_package) return;  // no module information
  if (std::optional<model::Package> library = stdlib(go_version, where))
    packages.push_back(std::move(*library));
  if (main_package) {
    for (const model::Package& package : packages)
      result.relationships.push_back(
          {main_package->id, package.id, model::RelationshipType::kDependsOn});
    packages.push_back(std::move(*main_package));
  }
  for (model::Package& package : packages)
    result.packages.push_back(std::move(package));
}

class BinaryCataloger : public Cataloger {
 public:
  std::string_view name() const override { return kCataloger; }

  std::vector<source::CaptureRule> rules() const override {
    return {binary::elf_rule(std::string(kCaptureKind), reduce)};
  }

  void catalog(const Context& context, Result& result) const override {
    for (const std::string& path : context.files.glob("**", kCaptureKind)) {
      std::optional<FileResolver::File> file = context.files.read(path, kCaptureKind);
      if (!file) continue;
      nlohmann::json kept = nlohmann::json::parse(*file->content);
      BuildInfo info;
      try {
        info = parse_build_info(kept["modinfo"].get<std::string>());
      } catch (const Error& error) {
        warn_malformed(file->path, error.message());
        continue;
      }
      info.go_version = kept["goVersion"].get<std::string>();
      add_binary(info, kept["goarch"].get<std::string>(), context.files.location(file->path),
                 result);
    }
  }
};

}  // namespace

std::unique_ptr<Cataloger> make_binary_cataloger() {
  return std::make_unique<BinaryCataloger>();
}

}  // namespace hallmark::catalog::golang

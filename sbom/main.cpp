// hallmark-sbom: the packages in an image, folder or archive, as CycloneDX, SPDX or a table.
#include <algorithm>
#include <iostream>
#include <optional>

#include <cxxopts.hpp>

#include "hallmark/attest/image_claims.hpp"
#include "hallmark/catalog/scan.hpp"
#include "hallmark/crypto/keys.hpp"
#include "hallmark/format/encoder.hpp"
#include "hallmark/registry/cli_options.hpp"
#include "hallmark/registry/reference.hpp"
#include "hallmark/source/source.hpp"
#include "hallmark/util/cli.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/file.hpp"
#include "hallmark/util/log.hpp"

namespace {

constexpr char kExamples[] = R"(
Inputs (the scheme may be left out; the kind is then detected from the path):
  registry:REF          an image in a registry, HOST/REPO:TAG or HOST/REPO@sha256:...;
                        layers are streamed, never stored (a bare "debian:12" or
                        "ghcr.io/acme/app" that is no path is read from its registry too)
  oci-dir:PATH          an OCI image layout folder
  oci-archive:PATH      a tar of an OCI image layout
  docker-archive:PATH   a `docker save` tar
  dir:PATH              a root file system in a folder
  file:PATH             a tar, tar.gz, tar.zst or zip of files

Examples:
  hallmark-sbom docker-archive:app.tar
  hallmark-sbom registry:registry.example.com/team/app:1.2 -o cyclonedx-json=app.cdx.json
  hallmark-sbom registry:localhost:5000/app:dev --insecure-registry localhost:5000
  hallmark-sbom oci-dir:build/image -o cyclonedx-json=sbom.cdx.json -o spdx-json=sbom.spdx.json
  hallmark-sbom image.tar --platform linux/arm64 -o cyclonedx-json@1.5
  hallmark-sbom image.tar --scope all-layers -o table
  hallmark-sbom registry.example.com/team/app:1.2 -o cyclonedx-json=app.cdx.json \
      --attest --key release.key

Exit codes: 0 success, 1 wrong passphrase (--attest), 2 usage error, 3 bad input, 4 I/O, network or registry error.
)";

// The registry an image reference input names, for explicit credentials; none for paths.
std::vector<std::string> input_registries(std::string_view input) {
  if (input.starts_with("registry:")) input.remove_prefix(9);
  try {
    return {hallmark::registry::Reference::parse(input).registry};
  } catch (const hallmark::Error&) {
    return {};
  }
}

// --attest: the SBOM as a signed in-toto attestation about the image it was made from (the
// digest scanned, not what the tag names by now), stored beside it.
void attest_sbom(const hallmark::model::Sbom& sbom, const hallmark::format::OutputSpec& spec,
                 const std::string& document, const cxxopts::ParseResult& args,
                 hallmark::registry::Client& client, const hallmark::crypto::PrivateKey& key) {
  if (!sbom.source.in_registry)
    hallmark::throw_usage_error(
        "--attest stores the attestation beside the image in its registry; " + sbom.source.input +
        " is not an image in a registry");
  auto reference =
      hallmark::registry::Reference::parse(sbom.source.name + "@" + sbom.source.digest);
  std::string type = spec.format == hallmark::format::Format::kSpdxJson ? "spdxjson" : "cyclonedx";
  hallmark::attest::Statement statement = hallmark::attest::image_statement(
      reference, *reference.digest, hallmark::attest::resolve_predicate_type(type),
      nlohmann::json::parse(document));
  std::vector<std::string> stored = hallmark::attest::store_attestation(
      client, reference, client.resolve(reference), statement, key,
      hallmark::attest::parse_referrers_mode(args["referrers"].as<std::string>()));
  std::cerr << "hallmark-sbom: attested " << reference.to_string() << " as";
  for (size_t i = 0; i < stored.size(); ++i)
    std::cerr << (i ? ", " : " ") << stored[i];
  std::cerr << "\n";
}

int run(int argc, char** argv) {
  cxxopts::Options options("hallmark-sbom",
                           "Lists every installed package of a container image, folder or "
                           "archive, as CycloneDX, SPDX or a table.");
  options.positional_help("INPUT").custom_help("[options]");
  // clang-format off
  options.add_options()
      ("o,output", "FORMAT[@VERSION][=FILE]: cyclonedx-json (1.6; @1.5, @1.7), spdx-json (2.3), "
                   "table; repeatable; stdout without =FILE",
       cxxopts::value<std::vector<std::string>>())
      ("platform", "os/arch[/variant] to pick from a multi-platform image (default linux/amd64)",
       cxxopts::value<std::string>())
      ("scope", "squashed (what the image holds) or all-layers (every layer's packages)",
       cxxopts::value<std::string>()->default_value("squashed"))
      ("include-dev", "keep the development dependencies lock files name (folders and archives)")
      ("attest", "also store the SBOM (the first cyclonedx-json or spdx-json output) beside the "
                 "image in its registry as a signed attestation: cosign's .att, and an OCI 1.1 "
                 "referrer where the registry has the referrers API; needs --key")
      ("key", "the private key to sign the attestation with (see hallmark-sign)",
       cxxopts::value<std::string>())
      ("password-stdin", "read the key's passphrase from standard input")
      ("referrers", "with --attest: auto, always or never (see hallmark-sign image --help)",
       cxxopts::value<std::string>()->default_value("auto"))
      ("q,quiet", "no warnings")
      ("v,verbose", "explain what is done")
      ("version", "print the version")
      ("input", "", cxxopts::value<std::vector<std::string>>());
  // clang-format on
  hallmark::registry::add_cli_options(options);
  options.parse_positional({"input"});
  cxxopts::ParseResult args = hallmark::util::parse_options(options, argc, argv, kExamples);
  if (args.count("version")) {
    std::cout << "hallmark-sbom " << HALLMARK_VERSION << "\n";
    return 0;
  }
  using hallmark::util::Verbosity;
  if (args.count("quiet")) hallmark::util::set_verbosity(Verbosity::kQuiet);
  if (args.count("verbose")) hallmark::util::set_verbosity(Verbosity::kVerbose);

  std::string input =
      hallmark::util::single_operand(args, "input", "give exactly one INPUT (see --help)");

  std::vector<hallmark::format::OutputSpec> outputs;
  for (const std::string& text : args.count("output")
                                     ? args["output"].as<std::vector<std::string>>()
                                     : std::vector<std::string>{"table"})
    outputs.push_back(hallmark::format::parse_output_spec(text));
  if (std::count_if(outputs.begin(), outputs.end(), [](auto& spec) { return spec.file.empty(); }) >
      1)
    hallmark::throw_usage_error("only one -o may write to stdout; give the others =FILE");

  hallmark::catalog::ScanOptions scan_options;
  std::string scope = args["scope"].as<std::string>();
  if (scope == "all-layers")
    scan_options.scope = hallmark::catalog::Scope::kAllLayers;
  else if (scope != "squashed")
    hallmark::throw_usage_error("--scope is squashed or all-layers, not \"" + scope + "\"");

  scan_options.catalog.include_dev = args.count("include-dev") > 0;

  // The key first: a wrong passphrase must not cost a scan.
  std::optional<hallmark::crypto::PrivateKey> attestation_key;
  std::optional<size_t> predicate_output;  // which -o is the attestation's predicate
  if (args.count("attest")) {
    if (!args.count("key")) hallmark::throw_usage_error("--attest signs with --key");
    auto predicate = std::find_if(outputs.begin(), outputs.end(), [](auto& spec) {
      return spec.format != hallmark::format::Format::kTable;
    });
    if (predicate == outputs.end())
      hallmark::throw_usage_error("--attest attests a cyclonedx-json or spdx-json output; add -o");
    predicate_output = predicate - outputs.begin();
    attestation_key = hallmark::crypto::load_private_key(
        args["key"].as<std::string>(), {.from_stdin = args.count("password-stdin") > 0});
  } else if (args.count("key")) {
    hallmark::throw_usage_error("--key signs the attestation of --attest; add --attest");
  }

  hallmark::source::OpenOptions open_options;
  if (args.count("platform")) open_options.platform = args["platform"].as<std::string>();
  open_options.registry = std::make_shared<hallmark::registry::Client>(
      hallmark::registry::client_options(args, input_registries(input)));

  std::unique_ptr<hallmark::source::Source> source =
      hallmark::source::open_source(input, open_options);
  hallmark::model::Sbom sbom = hallmark::catalog::scan(*source, scan_options);

  // Everything is encoded (and attested) before anything is written: a failure leaves no
  // output behind.
  std::vector<std::string> documents;
  for (const auto& spec : outputs)
    documents.push_back(hallmark::format::encode(sbom, spec));
  if (attestation_key)
    attest_sbom(sbom, outputs[*predicate_output], documents[*predicate_output], args,
                *open_options.registry, *attestation_key);
  for (size_t i = 0; i < outputs.size(); ++i) {
    if (outputs[i].file.empty())
      hallmark::util::write_stdout(documents[i]);
    else
      hallmark::util::write_file_atomic(outputs[i].file, documents[i]);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return hallmark::util::run_main("hallmark-sbom", [&] { return run(argc, argv); });
}

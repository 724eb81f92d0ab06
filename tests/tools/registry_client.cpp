// hallmark-registry-test: the registry client (core/registry) as commands, for the tests that
// run it against a real registry server: push an OCI layout, resolve, fetch manifests, stream
// blobs, list tags and referrers, push a referrer.
#include <iostream>

#include <cxxopts.hpp>
#include <nlohmann/json.hpp>

#include "hallmark/registry/artifact.hpp"
#include "hallmark/registry/client.hpp"
#include "hallmark/util/cli.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/file.hpp"
#include "hallmark/util/log.hpp"

namespace {

using hallmark::registry::Client;
using hallmark::registry::Reference;
using nlohmann::json;
namespace registry = hallmark::registry;
namespace util = hallmark::util;

constexpr char kUsage[] =
    "usage: hallmark-registry-test COMMAND [options] ARGS\n"
    "  push-layout --layout DIR REF        push an OCI layout; prints the tag's digest\n"
    "  resolve REF                         prints the digest REF resolves to\n"
    "  manifest REF [--platform P]         prints the image chosen for P, as JSON\n"
    "  blob REF@DIGEST [--size N]          streams the blob to stdout, checked\n"
    "  tags REPO                           prints the tags, one a line\n"
    "  referrers REF@DIGEST [--artifact-type T]   prints the referrers as JSON\n"
    "  push-referrer --subject REF@DIGEST --artifact-type T --file F\n"
    "options of every command: --insecure-registry HOST[:PORT] (repeatable), --ca-file FILE,\n"
    "  --username USER --password-stdin, -v\n";

// Each command's own options plus the client's, parsed; the positional arguments in "args".
cxxopts::ParseResult parse(cxxopts::Options& options, int argc, char** argv) {
  options.add_options()("insecure-registry", "plain HTTP for this registry",
                        cxxopts::value<std::vector<std::string>>())(
      "ca-file", "CA certificates", cxxopts::value<std::string>()->default_value(""))(
      "username", "user name", cxxopts::value<std::string>()->default_value(""))(
      "password-stdin", "read the password from stdin")("v,verbose", "explain")(
      "args", "arguments", cxxopts::value<std::vector<std::string>>());
  options.parse_positional({"args"});
  cxxopts::ParseResult result = options.parse(argc, argv);
  if (result.count("verbose")) hallmark::util::set_verbosity(hallmark::util::Verbosity::kVerbose);
  return result;
}

std::vector<std::string> positional(const cxxopts::ParseResult& args, size_t count) {
  std::vector<std::string> values;
  if (args.count("args")) values = args["args"].as<std::vector<std::string>>();
  if (values.size() != count) hallmark::throw_usage_error("wrong number of arguments");
  return values;
}

// The client, with the explicit credentials (if any) for `reference`'s registry.
std::unique_ptr<Client> client_for(const cxxopts::ParseResult& args, const Reference& reference) {
  hallmark::registry::ClientOptions options;
  if (args.count("insecure-registry"))
    options.insecure_registries = args["insecure-registry"].as<std::vector<std::string>>();
  options.ca_file = args["ca-file"].as<std::string>();
  std::string username = args["username"].as<std::string>();
  if (!username.empty()) {
    if (!args.count("password-stdin"))
      hallmark::throw_usage_error("--username needs --password-stdin");
    std::string line;
    std::getline(std::cin, line);
    options.credentials.emplace(
        reference.registry,
        hallmark::registry::Credentials{username, hallmark::util::Secret(std::move(line))});
  }
  // Failing fast keeps the tests of dead registries short.
  options.max_attempts = 2;
  options.first_backoff = std::chrono::milliseconds(100);
  return std::make_unique<Client>(std::move(options));
}

std::string blob_path(const std::string& layout, const hallmark::crypto::Digest& digest) {
  return layout + "/blobs/" + std::string(hallmark::crypto::algorithm_name(digest.algorithm)) +
         "/" + digest.hex;
}

// Pushes one image of a layout: its config and layers, then its manifest by digest.
void push_image(Client& client, const Reference& repository, const std::string& layout,
                const registry::Descriptor& descriptor, const std::optional<std::string>& mount) {
  std::string bytes = hallmark::util::read_file(blob_path(layout, descriptor.digest));
  registry::Manifest manifest = registry::parse_manifest(bytes, layout, descriptor.media_type);
  std::vector<registry::Descriptor> blobs = manifest.layers;
  blobs.push_back(manifest.config);
  for (const registry::Descriptor& blob : blobs) {
    std::string path = blob_path(layout, blob.digest);
    client.push_blob(
        repository, blob, [path] { return util::open_file_stream(path); }, mount);
  }
  client.push_manifest(repository.at_digest(descriptor.digest), descriptor.media_type, bytes);
}

// A single image is put under the tag as it is; several behind the layout's index.
int push_layout(int argc, char** argv) {
  cxxopts::Options options("push-layout");
  options.add_options()("layout", "OCI layout folder", cxxopts::value<std::string>())(
      "mount-from", "repository to mount blobs from", cxxopts::value<std::string>());
  cxxopts::ParseResult args = parse(options, argc, argv);
  Reference reference = Reference::parse(positional(args, 1)[0]);
  std::string layout = args["layout"].as<std::string>();
  std::optional<std::string> mount;
  if (args.count("mount-from")) mount = args["mount-from"].as<std::string>();
  std::unique_ptr<Client> client = client_for(args, reference);
  std::string index_bytes = hallmark::util::read_file(layout + "/index.json");
  registry::Index index = registry::parse_index(index_bytes, layout);
  for (const registry::Descriptor& manifest : index.manifests)
    push_image(*client, reference, layout, manifest, mount);
  registry::Descriptor pushed =
      index.manifests.size() == 1
          ? client->push_manifest(
                reference, index.manifests[0].media_type,
                hallmark::util::read_file(blob_path(layout, index.manifests[0].digest)))
          : client->push_manifest(reference, registry::media_type::kOciIndex, index_bytes);
  hallmark::util::write_stdout(pushed.digest.to_string() + "\n");
  return 0;
}

int resolve(int argc, char** argv) {
  cxxopts::Options options("resolve");
  cxxopts::ParseResult args = parse(options, argc, argv);
  Reference reference = Reference::parse(positional(args, 1)[0]);
  registry::Descriptor descriptor = client_for(args, reference)->resolve(reference);
  hallmark::util::write_stdout(descriptor.digest.to_string() + " " + descriptor.media_type + "\n");
  return 0;
}

json descriptor_json(const registry::Descriptor& descriptor) {
  return {{"mediaType", descriptor.media_type},
          {"digest", descriptor.digest.to_string()},
          {"size", descriptor.size}};
}

int manifest(int argc, char** argv) {
  cxxopts::Options options("manifest");
  options.add_options()("platform", "os/arch[/variant]", cxxopts::value<std::string>());
  cxxopts::ParseResult args = parse(options, argc, argv);
  Reference reference = Reference::parse(positional(args, 1)[0]);
  std::optional<registry::Platform> platform;
  if (args.count("platform"))
    platform = registry::Platform::parse(args["platform"].as<std::string>());
  hallmark::registry::Image image = client_for(args, reference)->get_image(reference, platform);
  json layers = json::array();
  for (const registry::Descriptor& layer : image.manifest.layers)
    layers.push_back(descriptor_json(layer));
  json out = {{"reference", reference.to_string()},
              {"digest", image.digest.to_string()},
              {"index", image.index ? descriptor_json(*image.index) : json()},
              {"manifest", descriptor_json(image.descriptor)},
              {"platform", image.config.platform.to_string()},
              {"config", descriptor_json(image.manifest.config)},
              {"layers", layers}};
  hallmark::util::write_stdout(out.dump(2) + "\n");
  return 0;
}

int blob(int argc, char** argv) {
  cxxopts::Options options("blob");
  options.add_options()("size", "the blob's size", cxxopts::value<uint64_t>());
  cxxopts::ParseResult args = parse(options, argc, argv);
  Reference reference = Reference::parse(positional(args, 1)[0]);
  if (!reference.digest) hallmark::throw_usage_error("blob needs REF@DIGEST");
  registry::Descriptor descriptor;
  descriptor.digest = *reference.digest;
  descriptor.size = args.count("size") ? args["size"].as<uint64_t>() : UINT64_MAX;
  std::unique_ptr<util::ByteStream> stream =
      client_for(args, reference)->open_blob(reference, descriptor);
  for (std::string_view chunk = stream->next(); !chunk.empty(); chunk = stream->next())
    hallmark::util::write_stdout(chunk);
  return 0;
}

int tags(int argc, char** argv) {
  cxxopts::Options options("tags");
  cxxopts::ParseResult args = parse(options, argc, argv);
  Reference reference = Reference::parse(positional(args, 1)[0]);
  for (const std::string& tag : client_for(args, reference)->list_tags(reference))
    hallmark::util::write_stdout(tag + "\n");
  return 0;
}

int referrers(int argc, char** argv) {
  cxxopts::Options options("referrers");
  options.add_options()("artifact-type", "only this type",
                        cxxopts::value<std::string>()->default_value(""));
  cxxopts::ParseResult args = parse(options, argc, argv);
  Reference reference = Reference::parse(positional(args, 1)[0]);
  if (!reference.digest) hallmark::throw_usage_error("referrers needs REF@DIGEST");
  std::unique_ptr<Client> client = client_for(args, reference);
  json list = json::array();
  for (const hallmark::registry::Referrer& referrer :
       client->referrers(reference, *reference.digest, args["artifact-type"].as<std::string>())) {
    json entry = descriptor_json(referrer.descriptor);
    entry["artifactType"] = referrer.artifact_type;
    entry["annotations"] = referrer.descriptor.annotations;
    list.push_back(entry);
  }
  json out = {{"referrersApi", client->supports_referrers_api(reference)}, {"referrers", list}};
  hallmark::util::write_stdout(out.dump(2) + "\n");
  return 0;
}

// An artifact whose one layer is FILE, with the empty config, referring to the subject.
int push_referrer(int argc, char** argv) {
  cxxopts::Options options("push-referrer");
  options.add_options()("subject", "REF@DIGEST", cxxopts::value<std::string>())(
      "artifact-type", "media type", cxxopts::value<std::string>())("file", "the layer",
                                                                    cxxopts::value<std::string>());
  cxxopts::ParseResult args = parse(options, argc, argv);
  positional(args, 0);
  Reference subject = Reference::parse(args["subject"].as<std::string>());
  if (!subject.digest) hallmark::throw_usage_error("--subject needs REF@DIGEST");
  std::unique_ptr<Client> client = client_for(args, subject);
  std::string artifact_type = args["artifact-type"].as<std::string>();
  hallmark::registry::ArtifactManifest manifest;
  manifest.artifact_type = artifact_type;
  client->push_blob(subject, "{}", hallmark::registry::media_type::kEmptyConfig);
  std::string content = hallmark::util::read_file(args["file"].as<std::string>());
  manifest.layers.push_back(client->push_blob(subject, content, artifact_type));
  manifest.subject = client->resolve(subject);
  manifest.annotations["org.opencontainers.image.created"] = "1970-01-01T00:00:00Z";
  hallmark::registry::Referrer pushed =
      client->push_referrer(subject, hallmark::registry::to_json(manifest));
  hallmark::util::write_stdout(pushed.descriptor.digest.to_string() + "\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return hallmark::util::dispatch("hallmark-registry-test", kUsage,
                                  {{"push-layout", push_layout},
                                   {"resolve", resolve},
                                   {"manifest", manifest},
                                   {"blob", blob},
                                   {"tags", tags},
                                   {"referrers", referrers},
                                   {"push-referrer", push_referrer}},
                                  argc, argv);
}

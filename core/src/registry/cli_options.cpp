#include "hallmark/registry/cli_options.hpp"

#include <cstdlib>
#include <iostream>

#include "hallmark/util/error.hpp"

namespace hallmark::registry {

void add_cli_options(cxxopts::Options& options) {
  // clang-format off
  options.add_options("registry")
      ("insecure-registry", "HOST[:PORT] reached over plain HTTP (repeatable); every other "
                            "registry over verified TLS", cxxopts::value<std::vector<std::string>>())
      ("ca-file", "PEM CA certificates to verify registries with", cxxopts::value<std::string>())
      ("registry-username", "registry user; the password from --registry-password-stdin or "
                            "$HALLMARK_REGISTRY_PASSWORD (default: Docker's config.json)",
       cxxopts::value<std::string>())
      ("registry-password-stdin", "read the registry password from standard input");
  // clang-format on
}

namespace {

util::Secret registry_password(const cxxopts::ParseResult& args) {
  if (args.count("registry-password-stdin")) {
    if (args.count("password-stdin"))
      throw_usage_error(
          "--password-stdin and --registry-password-stdin cannot both read standard input; give "
          "one of them by environment ($HALLMARK_PASSWORD or $HALLMARK_REGISTRY_PASSWORD)");
    std::string line;
    std::getline(std::cin, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return util::Secret(std::move(line));
  }
  if (const char* value = std::getenv("HALLMARK_REGISTRY_PASSWORD")) return util::Secret(value);
  throw_usage_error(
      "--registry-username needs the password from --registry-password-stdin or "
      "$HALLMARK_REGISTRY_PASSWORD");
}

}  // namespace

ClientOptions client_options(const cxxopts::ParseResult& args,
                             const std::vector<std::string>& registries) {
  ClientOptions options;
  if (args.count("insecure-registry"))
    options.insecure_registries = args["insecure-registry"].as<std::vector<std::string>>();
  if (args.count("ca-file")) options.ca_file = args["ca-file"].as<std::string>();
  if (args.count("registry-username")) {
    std::string username = args["registry-username"].as<std::string>();
    util::Secret password = registry_password(args);
    for (const std::string& registry : registries)
      options.credentials.emplace(
          registry, Credentials{username, util::Secret(std::string(password.view()))});
  } else if (args.count("registry-password-stdin")) {
    throw_usage_error("--registry-password-stdin needs --registry-username");
  }
  return options;
}

}  // namespace hallmark::registry

// The registry options every Hallmark executable that reads or writes images takes, so that all
// of them reach registries the same way:
//   --insecure-registry HOST[:PORT]   plain HTTP for that registry only (repeatable)
//   --ca-file FILE                    PEM CAs to verify registries with, instead of the system's
//   --registry-username USER          with the password from --registry-password-stdin or
//                                     $HALLMARK_REGISTRY_PASSWORD (never from the command line)
// Without a user name, credentials come from Docker's config.json.
#pragma once

#include <string>
#include <vector>

#include <cxxopts.hpp>

#include "hallmark/registry/client.hpp"

namespace hallmark::registry {

void add_cli_options(cxxopts::Options& options);

// The client options the parsed flags ask for; explicit credentials are for `registries` (the
// HOST[:PORT] of the references the command works on). Reading the password from stdin while
// the command also reads a key's passphrase from it (--password-stdin) is a usage error.
ClientOptions client_options(const cxxopts::ParseResult& args,
                             const std::vector<std::string>& registries);

}  // namespace hallmark::registry

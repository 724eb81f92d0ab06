// Options the hallmark-verify commands share: the trust flags (a key, or a keyless
// identity with its trusted root).
#pragma once

#include <optional>
#include <string>

#include <cxxopts.hpp>

#include "hallmark/sigstore/trusted_root.hpp"
#include "hallmark/sigstore/verifier.hpp"

namespace hallmark::verify {

std::string optional_value(const cxxopts::ParseResult& args, const char* name);

// --key, --certificate-identity[-regexp], --certificate-oidc-issuer[-regexp], the GitHub
// workflow claims, --trusted-root and --json.
void add_trust_options(cxxopts::Options& options);

struct Trust {
  std::optional<sigstore::TrustedRoot> root;
  sigstore::VerifyOptions options;  // options.trusted_root points into `root`: do not copy
  Trust() = default;
  Trust(const Trust&) = delete;
  Trust& operator=(const Trust&) = delete;
};

// The trust the flags give; kUsage when they give neither a key nor an identity, or both, or an
// identity without its issuer. The trusted root defaults to $root_variable.
void trust_from(const cxxopts::ParseResult& args, Trust& trust,
                const char* root_variable = "HALLMARK_TRUSTED_ROOT");

}  // namespace hallmark::verify

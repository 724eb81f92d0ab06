// The verdict on an image where it lives: its reference resolved to the digest it names now,
// its signatures and attestations found by both conventions (attest/image_claims.hpp), and the
// policy evaluated over them. What `hallmark-verify image` prints and the webhook answers.
#pragma once

#include <string>

#include "hallmark/attest/image_claims.hpp"
#include "hallmark/policy/evaluate.hpp"
#include "hallmark/registry/client.hpp"

namespace hallmark::policy {

// kUsage for a malformed reference; registry failures are kIo. The claims of `kinds` are
// fetched: all of them by default (evidence keeps everything found).
ImageMaterial fetch_image_material(registry::Client& client, const std::string& reference,
                                   attest::ClaimKinds kinds = {});
// The kinds of claims the rule that matches `repository` asks for.
attest::ClaimKinds claims_needed(const Policy& policy, const std::string& repository);

// The verdict, fail-closed, fetching only the claims the matching rule needs: a registry that
// cannot be reached gives evaluate_unreachable()'s verdict (deny unless the rule says
// failurePolicy: ignore), never an exception.
Verdict verify_image(const Policy& policy, registry::Client& client, const std::string& reference);

}  // namespace hallmark::policy

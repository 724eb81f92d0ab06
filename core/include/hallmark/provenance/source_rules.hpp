// What the expected source, branch and tag mean, as slsa-verifier v2 defines them
// (verifiers/utils/git.go, source_tag.go, gha/provenance.go verifySourceURI): git refs, source
// URIs, and the versioned-tag rule. Each check throws VerificationError with the upstream
// category and both values.
#pragma once

#include <string>
#include <string_view>

namespace hallmark::provenance {

// "refs/tags/v1.2.3" -> "v1.2.3". A ref of another kind, or none, is ErrorInvalidRef: asking for
// a tag of a build that ran on a branch is a wrong question, not a mismatch.
std::string tag_from_ref(std::string_view ref);
// "refs/heads/main" -> "main"; anything else is ErrorInvalidRef.
std::string branch_from_ref(std::string_view ref);

// What users write for a source ("github.com/o/r", "https://github.com/o/r") in the form
// provenance records it: "git+https://github.com/o/r".
std::string normalize_git_uri(std::string_view uri);

// "git+https://github.com/o/r@refs/heads/main" -> uri "git+https://github.com/o/r", ref
// "refs/heads/main" (empty when there is none). ErrorMalformedURI unless it starts with "git+".
struct GitUri {
  std::string uri;
  std::string ref;
};
GitUri split_git_uri(std::string_view uri);

// --source-versioned-tag: `expected` (vX, vX.Y or vX.Y.Z) is a prefix of the semantic version
// `tag`: v13 and v13.0 match v13.0.30, v14.0 matches v14. ErrorInvalidSemver for a version that
// is not one, ErrorMismatchVersionedTag otherwise.
void check_versioned_tag(std::string_view tag, std::string_view expected);

}  // namespace hallmark::provenance

// How a provenance verification fails. Each failure has a category named as slsa-verifier v2
// names its error (errors/errors.go), so a verdict can be compared with upstream's, and a message
// that names what differed with both values: `source tag "v1.2.3" does not match expected
// "v1.2.4"`.
#pragma once

#include <string>
#include <string_view>

#include "hallmark/util/error.hpp"

namespace hallmark::provenance {

enum class Category {
  kMismatchSource,
  kMismatchBranch,
  kMismatchTag,
  kMismatchVersionedTag,
  kInvalidRef,
  kInvalidSemver,
  kMismatchBuilderId,
  kInvalidBuilderId,
  kUntrustedReusableWorkflow,
  kInvalidOidcIssuer,
  kMalformedUri,
  kMismatchHash,
  kMismatchWorkflowInputs,
  kInvalidSignature,
  kNoValidSignature,
  kInvalidDssePayload,
  kInvalidFormat,
  kInvalidBuildType,
  kInvalidRecipe,
  kMismatchIntoto,
  kNotSupported,
  kVerifierNotSupported,
  kMutableImage,
  kMismatchCertificate,
  kNonVerifiableClaim,
  kInvalidAttestations,
  kInvalidPackageName,
  kMismatchPackageName,
  kMismatchPackageVersion,
  kEmptyRequiredField,
  kMissingSubjectDigest,
  kMismatchVerifierId,
  kMismatchResourceUri,
  kInvalidVerificationResult,
  kMismatchVerifiedLevels,
  kInvalidSlsaLevel,
  // Hallmark's own: the proof lives only in an online log, which an offline verifier cannot ask.
  kOfflineUnverifiable,
};

// "ErrorMismatchSource", as upstream spells it.
std::string_view category_name(Category category);

// A "no" verdict (exit code 1) with its category; the message ends with the category's name.
class VerificationError : public Error {
 public:
  VerificationError(Category category, const std::string& reason);
  Category category() const { return category_; }

 private:
  Category category_;
};

[[noreturn]] void fail(Category category, const std::string& reason);
// `WHAT "ACTUAL" does not match expected "EXPECTED"`.
[[noreturn]] void fail_mismatch(Category category, std::string_view what, std::string_view actual,
                                std::string_view expected);

}  // namespace hallmark::provenance

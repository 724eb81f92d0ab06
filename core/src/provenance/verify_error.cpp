#include "hallmark/provenance/verify_error.hpp"

#include "hallmark/util/strings.hpp"

namespace hallmark::provenance {

std::string_view category_name(Category category) {
  switch (category) {
    case Category::kMismatchSource:
      return "ErrorMismatchSource";
    case Category::kMismatchBranch:
      return "ErrorMismatchBranch";
    case Category::kMismatchTag:
      return "ErrorMismatchTag";
    case Category::kMismatchVersionedTag:
      return "ErrorMismatchVersionedTag";
    case Category::kInvalidRef:
      return "ErrorInvalidRef";
    case Category::kInvalidSemver:
      return "ErrorInvalidSemver";
    case Category::kMismatchBuilderId:
      return "ErrorMismatchBuilderID";
    case Category::kInvalidBuilderId:
      return "ErrorInvalidBuilderID";
    case Category::kUntrustedReusableWorkflow:
      return "ErrorUntrustedReusableWorkflow";
    case Category::kInvalidOidcIssuer:
      return "ErrorInvalidOIDCIssuer";
    case Category::kMalformedUri:
      return "ErrorMalformedURI";
    case Category::kMismatchHash:
      return "ErrorMismatchHash";
    case Category::kMismatchWorkflowInputs:
      return "ErrorMismatchWorkflowInputs";
    case Category::kInvalidSignature:
      return "ErrorInvalidSignature";
    case Category::kNoValidSignature:
      return "ErrorNoValidSignature";
    case Category::kInvalidDssePayload:
      return "ErrorInvalidDssePayload";
    case Category::kInvalidFormat:
      return "ErrorInvalidFormat";
    case Category::kInvalidBuildType:
      return "ErrorInvalidBuildType";
    case Category::kInvalidRecipe:
      return "ErrorInvalidRecipe";
    case Category::kMismatchIntoto:
      return "ErrorMismatchIntoto";
    case Category::kNotSupported:
      return "ErrorNotSupported";
    case Category::kVerifierNotSupported:
      return "ErrorVerifierNotSupported";
    case Category::kMutableImage:
      return "ErrorMutableImage";
    case Category::kMismatchCertificate:
      return "ErrorMismatchCertificate";
    case Category::kNonVerifiableClaim:
      return "ErrorNonVerifiableClaim";
    case Category::kInvalidAttestations:
      return "ErrorInvalidAttestations";
    case Category::kInvalidPackageName:
      return "ErrorInvalidPackageName";
    case Category::kMismatchPackageName:
      return "ErrorMismatchPackageName";
    case Category::kMismatchPackageVersion:
      return "ErrorMismatchPackageVersion";
    case Category::kEmptyRequiredField:
      return "ErrorEmptyRequiredField";
    case Category::kMissingSubjectDigest:
      return "ErrorMissingSubjectDigest";
    case Category::kMismatchVerifierId:
      return "ErrorMismatchVerifierID";
    case Category::kMismatchResourceUri:
      return "ErrorMismatchResourceURI";
    case Category::kInvalidVerificationResult:
      return "ErrorInvalidVerificationResult";
    case Category::kMismatchVerifiedLevels:
      return "ErrorMismatchVerifiedLevels";
    case Category::kInvalidSlsaLevel:
      return "ErrorInvalidSLSALevel";
    case Category::kOfflineUnverifiable:
      return "ErrorOfflineUnverifiable";
  }
  return "ErrorUnknown";
}

VerificationError::VerificationError(Category category, const std::string& reason)
    : Error(ErrorKind::kVerification, "",
            reason + " (" + std::string(category_name(category)) + ")"),
      category_(category) {}

void fail(Category category, const std::string& reason) {
  throw VerificationError(category, reason);
}

void fail_mismatch(Category category, std::string_view what, std::string_view actual,
                   std::string_view expected) {
  fail(category, std::string(what) + " \"" + util::printable(actual) +
                     "\" does not match expected \"" + util::printable(expected) + "\"");
}

}  // namespace hallmark::provenance

// Provenance the npm CLI writes is signed by the package's own workflow, which could write
// anything: every claim it makes must be one the certificate vouches for, or one that makes no
// claim (upstream gha/provenance_forgeable.go verifyProvenanceMatchesCertificate).
#pragma once

#include "hallmark/provenance/slsa_provenance.hpp"
#include "hallmark/provenance/workflow_identity.hpp"

namespace hallmark::provenance {

// ErrorMismatchCertificate for a claim that differs from the certificate's,
// ErrorNonVerifiableClaim for one nobody vouches for. SLSA v0.2 provenance only: upstream
// leaves v1's fields unchecked (its TODO #566), and so does this.
void check_claims_match_certificate(const Provenance& provenance, const WorkflowIdentity& workflow);

}  // namespace hallmark::provenance

// hallmark-verify: signatures and Sigstore bundles, fail-closed.
#include "hallmark/util/cli.hpp"

#include "commands.hpp"

namespace {

constexpr char kUsage[] = R"(usage: hallmark-verify COMMAND [options]

Verifies signatures and Sigstore bundles, fail-closed: anything unknown or unchecked rejects.
Commands:
  blob         a file's signature: a Sigstore bundle (messageSignature) or a detached signature
  attestation  an in-toto attestation: DSSE signature, statement, predicate type, subjects
  image        an image in its registry: its signatures and attestations (cosign's tags and
               OCI 1.1 referrers) for the digest its reference names now; or --policy
  policy check validate an admission policy and print what it says
  evidence     collect a self-verifying evidence bundle for an image or files;
               `evidence check` re-verifies one offline
  verify-bundle  the Sigstore conformance suite's client protocol (cli_protocol.md)
  report       trend metrics from decision logs: deny rate, reasons, bypasses, time to remediate
  serve        the policy as a Kubernetes validating admission webhook (AdmissionReview v1, HTTPS)

Key-based (--key) or keyless (--certificate-identity[-regexp] and
--certificate-oidc-issuer[-regexp], with a trusted root: --trusted-root or
$HALLMARK_TRUSTED_ROOT). Keyless verification follows the Sigstore client spec offline: the
certificate chains to a trusted CA at the signing time, carries a trusted SCT, names the
identity; log entries prove inclusion up to a signed checkpoint (or carry a valid SET) and
record this signature; RFC 3161 timestamps come from trusted authorities.

Artifacts are files, or digests written sha256:HEX.

Examples:
  hallmark-verify blob --key release.pub --bundle app.tar.sigstore.json app.tar
  hallmark-verify blob --key release.pub --signature app.tar.sig app.tar
  hallmark-verify attestation --key release.pub --bundle app.att.json --type cyclonedx app.tar
  hallmark-verify image --key release.pub --attestation-type cyclonedx registry.example.com/team/app:1.2
  hallmark-verify image --policy policy.yaml --decision-log decisions.jsonl registry.example.com/team/app:1.2
  hallmark-verify evidence --policy policy.yaml --key audit.key -o app.evidence.tar.gz registry.example.com/team/app:1.2
  hallmark-verify evidence check --key audit.pub app.evidence.tar.gz
  hallmark-verify blob --bundle app.sigstore.json --trusted-root trusted_root.json \
      --certificate-identity-regexp 'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v.*' \
      --certificate-oidc-issuer https://token.actions.githubusercontent.com app.tar
  hallmark-verify report --decision-log decisions.jsonl --since 2024-05-01 -o report.html
  hallmark-verify serve --policy policy.yaml --listen 0.0.0.0:8443 --tls-cert tls.crt \
      --tls-key tls.key --decision-log decisions.jsonl

Exit codes: 0 verified (an image: allowed), 1 verification failed (the check is named; an
image: denied), 2 usage error, 3 bad input, 4 I/O error (an image: the registry could not be
reached or refused the credentials; denied).
)";

}  // namespace

int main(int argc, char** argv) {
  return hallmark::util::dispatch("hallmark-verify", kUsage,
                                  {{"blob", hallmark::verify::blob},
                                   {"attestation", hallmark::verify::attestation},
                                   {"image", hallmark::verify::image},
                                   {"policy", hallmark::verify::policy_command},
                                   {"evidence", hallmark::verify::evidence_command},
                                   {"verify-bundle", hallmark::verify::verify_bundle},
                                   {"report", hallmark::verify::report},
                                   {"serve", hallmark::verify::serve}},
                                  argc, argv);
}

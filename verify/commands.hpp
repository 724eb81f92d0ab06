// The commands of hallmark-verify; each parses its options and calls core.
#pragma once

namespace hallmark::verify {

int blob(int argc, char** argv);
int attestation(int argc, char** argv);
int verify_bundle(int argc, char** argv);
int image(int argc, char** argv);             // image.cpp: an image in its registry
int policy_command(int argc, char** argv);    // policy_check.cpp: `policy check`
int evidence_command(int argc, char** argv);  // evidence.cpp: `evidence` and `evidence check`
int report(int argc, char** argv);            // report.cpp: trend metrics from decision logs
int serve(int argc, char** argv);  // serve.cpp: the policy as a Kubernetes admission webhook

}  // namespace hallmark::verify

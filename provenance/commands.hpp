// The commands of hallmark-provenance; each parses its options and calls core.
#pragma once

namespace hallmark::provenance_cli {

int generate(int argc, char** argv);
int verify_artifact(int argc, char** argv);
int verify_image(int argc, char** argv);
int verify_npm_package(int argc, char** argv);
int verify_github_attestation(int argc, char** argv);
int verify_vsa(int argc, char** argv);

}  // namespace hallmark::provenance_cli

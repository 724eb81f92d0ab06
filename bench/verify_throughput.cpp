// Verification throughput: one keyless bundle verified N times in one process (every check of
// the client spec each time; the trusted root is loaded once, as a webhook would).
//   verify_throughput TRUSTED_ROOT BUNDLE ARTIFACT IDENTITY ISSUER [COUNT]
#include <chrono>
#include <cstdio>
#include <string>

#include "hallmark/sigstore/verifier.hpp"
#include "hallmark/util/file.hpp"

int main(int argc, char** argv) {
  if (argc < 6) {
    std::fprintf(stderr, "usage: %s TRUSTED_ROOT BUNDLE ARTIFACT IDENTITY ISSUER [COUNT]\n",
                 argv[0]);
    return 2;
  }
  int count = argc > 6 ? std::stoi(argv[6]) : 1000;
  auto root = hallmark::sigstore::TrustedRoot::load(argv[1]);
  std::string bundle_text = hallmark::util::read_file(argv[2]);
  hallmark::sigstore::VerifyOptions options;
  options.trusted_root = &root;
  options.identity = hallmark::sigstore::IdentityPolicy{argv[4], "", argv[5], "", {}};
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < count; ++i) {
    auto bundle = hallmark::attest::Bundle::parse(bundle_text, argv[2]);
    hallmark::sigstore::verify_bundle(bundle, {hallmark::sigstore::Artifact::parse(argv[3])},
                                      options, argv[2]);
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("verified %d keyless bundles in %.3f s (%.0f per second)\n", count, seconds,
              count / seconds);
  return 0;
}

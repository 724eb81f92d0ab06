// Verification throughput: one keyless bundle verified N times in one process (every check of
// the client spec each time; the trusted root is loaded once, as a webhook would), on THREADS
// threads (default: every core), as a webhook's worker pool verifies concurrently.
//   verify_throughput TRUSTED_ROOT BUNDLE ARTIFACT IDENTITY ISSUER [COUNT [THREADS]]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "hallmark/sigstore/verifier.hpp"
#include "hallmark/util/file.hpp"

int main(int argc, char** argv) {
  if (argc < 6) {
    std::fprintf(stderr,
                 "usage: %s TRUSTED_ROOT BUNDLE ARTIFACT IDENTITY ISSUER [COUNT [THREADS]]\n",
                 argv[0]);
    return 2;
  }
  int count = argc > 6 ? std::stoi(argv[6]) : 1000;
  unsigned threads = argc > 7 ? static_cast<unsigned>(std::stoi(argv[7]))
                              : std::max(1u, std::thread::hardware_concurrency());
  auto root = hallmark::sigstore::TrustedRoot::load(argv[1]);
  std::string bundle_text = hallmark::util::read_file(argv[2]);
  hallmark::sigstore::VerifyOptions options;
  options.trusted_root = &root;
  options.identity = hallmark::sigstore::IdentityPolicy{argv[4], "", argv[5], "", {}};
  std::atomic<int> next{0};
  std::atomic<int> failed{0};
  auto work = [&] {
    while (next.fetch_add(1) < count) {
      try {
        auto bundle = hallmark::attest::Bundle::parse(bundle_text, argv[2]);
        hallmark::sigstore::verify_bundle(bundle, {hallmark::sigstore::Artifact::parse(argv[3])},
                                          options, argv[2]);
      } catch (const std::exception& error) {
        std::fprintf(stderr, "%s\n", error.what());
        ++failed;
      }
    }
  };
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (unsigned i = 0; i < threads; ++i)
    pool.emplace_back(work);
  for (std::thread& thread : pool)
    thread.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (failed > 0) return 1;
  std::printf("verified %d keyless bundles in %.3f s on %u thread(s) (%.0f per second)\n", count,
              seconds, threads, count / seconds);
  return 0;
}

// Signing throughput: N small blobs signed into Sigstore bundles in one process, with one
// ECDSA P-256 key (the key is generated, so passphrase costs are not part of it).
//   sign_throughput [COUNT] [SIZE]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "hallmark/attest/sign.hpp"
#include "hallmark/util/file.hpp"

int main(int argc, char** argv) {
  int count = argc > 1 ? std::stoi(argv[1]) : 1000;
  size_t size = argc > 2 ? std::stoul(argv[2]) : 4096;
  namespace fs = std::filesystem;
  fs::path folder = fs::temp_directory_path() / "hallmark-sign-bench";
  fs::create_directories(folder);
  for (int i = 0; i < count; ++i)
    hallmark::util::write_file_atomic(folder / std::to_string(i),
                                      std::string(size, static_cast<char>('a' + i % 26)));
  auto key = hallmark::crypto::PrivateKey::generate({hallmark::crypto::KeyType::kEcdsaP256, 0});
  auto start = std::chrono::steady_clock::now();
  size_t bytes = 0;
  for (int i = 0; i < count; ++i) {
    std::string path = (folder / std::to_string(i)).string();
    bytes += hallmark::attest::sign_blob(path, key).bundle.to_json().size();
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("signed %d blobs of %zu bytes into bundles (%zu bytes of JSON) in %.3f s\n", count,
              size, bytes, seconds);
  fs::remove_all(folder);
  return 0;
}

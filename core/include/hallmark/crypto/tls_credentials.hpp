// A TLS server's certificate chain and private key, read from PEM files and read again when the
// files change: cert-manager and the kubelet rotate a webhook's certificate in place, and
// restarting to pick it up would drop admission requests. A changed pair that does not load (a
// file half-written, a key that does not match the certificate) is reported once and the pair
// in use is kept, so a bad rotation never takes the server down. Safe to use from several
// threads.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include <openssl/ssl.h>

namespace hallmark::crypto {

class TlsCredentials {
 public:
  // Loads both files: kIo when one cannot be read, kBadInput naming the file when it holds no
  // certificate or key, or when they do not match.
  TlsCredentials(std::filesystem::path certificate, std::filesystem::path key);

  // Makes `context` take its certificate from here at every handshake, after looking whether the
  // files changed (a stat of each: handshakes are rare, since clients keep connections open).
  void attach(SSL_CTX* context);

 private:
  struct Pair;
  // What identifies a version of the files: device, inode, size and modification time of each
  // (a rename into place, or Kubernetes' swap of the ..data symlink, changes the inode).
  using Stamp = std::string;

  Stamp stamp() const;
  std::shared_ptr<const Pair> load() const;
  std::shared_ptr<const Pair> current();
  static int on_handshake(SSL* ssl, void* self);

  std::filesystem::path certificate_;
  std::filesystem::path key_;
  std::mutex mutex_;
  std::shared_ptr<const Pair> pair_;
  Stamp seen_;  // the files' stamp when last read, whether that read succeeded or not
};

}  // namespace hallmark::crypto

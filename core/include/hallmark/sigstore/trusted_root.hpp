// The Sigstore trust material (protobuf-specs sigstore_trustroot.proto, trusted_root.json): the
// certificate authorities (Fulcio), transparency logs (Rekor), certificate transparency logs and
// timestamp authorities a verifier trusts, each with the time window it is trusted for.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hallmark/crypto/keys.hpp"
#include "hallmark/sigstore/certificate.hpp"
#include "hallmark/util/time.hpp"

namespace hallmark::sigstore {

// A closed interval; no end means "still trusted".
struct ValidityWindow {
  util::Clock::time_point start;
  std::optional<util::Clock::time_point> end;
  bool contains(util::Clock::time_point time) const {
    return time >= start && (!end || time <= *end);
  }
};

struct TransparencyLog {
  std::string base_url;
  std::string key_id;  // raw bytes: the log ID the entries name
  // nullopt when the key is of a kind Hallmark refuses: entries of that log then fail.
  std::optional<crypto::PublicKey> key;
  std::string key_problem;  // why there is no key
  ValidityWindow valid_for;

  // The name the log signs its checkpoints with: the base URL's authority ("rekor.sigstore.dev",
  // "localhost:8000").
  std::string checkpoint_name() const;
};

struct CertificateAuthority {
  std::string uri;
  // Leaf-most first (for a TSA: its signing certificate), the root last; each certificate was
  // checked to have issued the one before it when the root was read.
  std::vector<Certificate> chain;
  std::optional<ValidityWindow> valid_for;  // absent: unbounded
  bool valid_at(util::Clock::time_point time) const {
    return !valid_for || valid_for->contains(time);
  }
};

struct TrustedRoot {
  std::vector<TransparencyLog> tlogs;
  std::vector<TransparencyLog> ctlogs;
  std::vector<CertificateAuthority> certificate_authorities;
  std::vector<CertificateAuthority> timestamp_authorities;

  // A malformed root (a window without a start, a key that does not parse) is kBadInput
  // naming `subject`: trust material is never half-read.
  static TrustedRoot parse(std::string_view text, const std::string& subject);
  static TrustedRoot load(const std::string& path);

  const TransparencyLog* find_tlog(std::string_view key_id) const;
  const TransparencyLog* find_ctlog(std::string_view key_id) const;
};

}  // namespace hallmark::sigstore

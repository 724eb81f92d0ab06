// RFC 3161 timestamps from a trusted timestamp authority: proof that a signature existed at a
// time, independent of the transparency log.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hallmark/sigstore/trusted_root.hpp"
#include "hallmark/util/time.hpp"

namespace hallmark::sigstore {

// Verifies a DER TimeStampResp over `signature` (its message imprint hashes the signature
// bytes) with one of the trusted authorities: CMS signature by the TSA's certificate (embedded
// or from the trusted root), the TSA chain valid at the timestamp's time, the time within the
// authority's window. Returns the time; throws kVerification "timestamp: ..." otherwise.
util::Clock::time_point check_timestamp(std::string_view response, std::string_view signature,
                                        const std::vector<CertificateAuthority>& authorities);

}  // namespace hallmark::sigstore

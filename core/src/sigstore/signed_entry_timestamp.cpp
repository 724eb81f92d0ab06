// The signed entry timestamp (inclusionPromise) of Rekor v1: the log's promise that it
// integrated the entry at that time.
#include <nlohmann/json.hpp>

#include "hallmark/sigstore/tlog.hpp"
#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::sigstore {

void check_signed_entry_timestamp(const TlogEntry& entry, const TransparencyLog& log) {
  auto fail = [](const std::string& reason) {
    throw Error(ErrorKind::kVerification, "", "signed entry timestamp: " + reason);
  };
  if (entry.signed_entry_timestamp.empty()) fail("missing");
  if (!log.key) fail("the log's key is unusable: " + log.key_problem);
  // RFC 8785 canonical JSON of these four members: sorted keys (logID before logIndex), no
  // spaces, integers as integers. nlohmann's object keeps keys sorted, as that needs.
  nlohmann::json payload = {
      {"body", util::base64_encode(entry.canonicalized_body)},
      {"integratedTime", entry.integrated_time},
      {"logID", util::hex_encode(entry.log_id)},
      {"logIndex", entry.log_index},
  };
  if (!log.key->verify(payload.dump(), entry.signed_entry_timestamp))
    fail("does not verify with the log's key");
  util::Clock::time_point integrated{std::chrono::seconds(entry.integrated_time)};
  if (!log.valid_for.contains(integrated))
    fail("integrated time " + util::format_rfc3339(integrated) +
         " is outside the window the log's key is trusted for");
}

}  // namespace hallmark::sigstore

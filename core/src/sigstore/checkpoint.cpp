// Checkpoints: C2SP signed notes (c2sp/signed-note.md, tlog-checkpoint.md). The log's signature
// is found by its key name and key ID among any others (witness cosignatures, other keys), as
// the conformance suite requires; every line by the log's key must verify.
#include <charconv>

#include "hallmark/sigstore/tlog.hpp"
#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"
#include "hallmark/util/strings.hpp"

namespace hallmark::sigstore {
namespace {

constexpr std::string_view kSignaturePrefix = "\xe2\x80\x94 ";  // an em dash and a space
constexpr size_t kMaxSignatureLines = 64;

[[noreturn]] void fail(const std::string& reason) {
  throw Error(ErrorKind::kVerification, "", "checkpoint: " + reason);
}

}  // namespace

Checkpoint check_checkpoint(std::string_view note, const TransparencyLog& log, bool rekor_v2) {
  if (note.empty()) fail("missing");
  if (note.back() != '\n') fail("the note does not end with a newline");
  size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) fail("no blank line before the signatures");
  // The signed text runs through the newline that ends its last line.
  std::string_view text = note.substr(0, split + 1);
  std::string_view signatures = note.substr(split + 2);

  std::vector<std::string_view> lines = util::lines(text);
  if (lines.size() < 3) fail("the note needs an origin, a tree size and a root hash");
  Checkpoint checkpoint;
  checkpoint.origin = lines[0];
  if (checkpoint.origin.empty()) fail("empty origin");
  std::string_view size = lines[1];
  auto [end, error] = std::from_chars(size.data(), size.data() + size.size(), checkpoint.tree_size);
  if (size.empty() || error != std::errc() || end != size.data() + size.size() ||
      (size.size() > 1 && size.front() == '0') || checkpoint.tree_size < 0)
    fail("the tree size is not a number");
  std::optional<std::string> root = util::base64_decode(lines[2]);
  if (!root || root->size() != 32) fail("the root hash is not 32 base64-encoded bytes");
  checkpoint.root_hash = *root;

  if (!log.key) fail("the log's key is unusable: " + log.key_problem);
  std::string name = log.checkpoint_name();
  std::string_view key_id = std::string_view(log.key_id).substr(0, 4);
  std::vector<std::string_view> signature_lines = util::lines(signatures);
  if (signature_lines.empty()) fail("no signatures");
  if (signature_lines.size() > kMaxSignatureLines) fail("too many signatures");
  bool signed_by_log = false;
  for (std::string_view line : signature_lines) {
    if (!line.starts_with(kSignaturePrefix)) fail("a malformed signature line");
    line.remove_prefix(kSignaturePrefix.size());
    size_t space = line.find(' ');
    if (space == std::string_view::npos || space == 0) fail("a malformed signature line");
    std::string_view signer = line.substr(0, space);
    std::optional<std::string> blob = util::base64_decode(line.substr(space + 1));
    if (!blob || blob->size() < 5)
      fail("a malformed signature on the line of " + std::string(signer));
    // Lines by other keys (witnesses, or other keys under the log's name) are not the log's.
    if (signer != name || std::string_view(*blob).substr(0, 4) != key_id) continue;
    if (!log.key->verify(text, std::string_view(*blob).substr(4)))
      fail("the signature by " + name + " does not verify");
    signed_by_log = true;
  }
  if (!signed_by_log)
    fail("no signature by the log " + name + " (key ID " + util::hex_encode(key_id) + ")");
  // Rekor v2 logs name themselves; Rekor v1 shards write "<name> - <tree ID>".
  bool origin_is_log =
      rekor_v2 ? checkpoint.origin == name
               : checkpoint.origin.starts_with(name + " - ") || checkpoint.origin == name;
  if (!origin_is_log)
    fail("origin \"" + util::printable(checkpoint.origin) + "\" is not the log " + name);
  return checkpoint;
}

}  // namespace hallmark::sigstore

// What a verdict about a file is made of, and the policy a key gives: evidence for artifacts
// (`hallmark-verify evidence --artifact`) decides files by the same evaluator as images.
#pragma once

#include <string>
#include <vector>

#include "hallmark/policy/evaluate.hpp"
#include "hallmark/policy/policy.hpp"

namespace hallmark::policy {

// A file as a subject (named by its file name, its digest the file's sha256) with the bundles
// given for it: message signatures count as signatures over the file, DSSE attestations when
// the file is one of their subjects (others are left out: they are about something else).
ImageMaterial file_material(const std::string& path, const std::vector<std::string>& bundles);

// A policy document (JSON text) of one rule for every subject: signed by the key in
// `key_file` (a file name beside the policy), with an attestation of each of
// `predicate_types` signed by it too. Evidence bundles keep it as the policy their verdict
// came from.
std::string key_policy_document(const std::string& key_file,
                                const std::vector<std::string>& predicate_types);

}  // namespace hallmark::policy

#include "subject_files.hpp"

#include "hallmark/attest/statement.hpp"
#include "hallmark/util/error.hpp"

namespace hallmark::evidence {
namespace {

using nlohmann::json;

bool is_sbom(const std::string& type) {
  return type == "https://cyclonedx.org/bom" || type == "https://spdx.dev/Document";
}

bool is_provenance(const std::string& type) {
  return type.starts_with("https://slsa.dev/provenance/");
}

// An attestation's predicate, when its statement can be read (what it proves is the verdict's
// business; this is only what it says).
void carry(const attest::ImageClaim& claim, Carried& carried) {
  if (!claim.bundle.envelope) return;
  try {
    attest::Statement statement = attest::Statement::parse(claim.bundle.envelope->payload, "");
    if (is_sbom(statement.predicate_type)) carried.sboms.push_back(statement.predicate);
    if (is_provenance(statement.predicate_type))
      carried.provenance.push_back({statement.predicate_type, statement.predicate});
  } catch (const Error&) {
  }
}

const std::string& file_at(const std::map<std::string, std::string>& files, const json& path) {
  auto found = path.is_string() ? files.find(path.get<std::string>()) : files.end();
  if (found == files.end())
    throw_bad_input(path.is_string() ? path.get<std::string>() : std::string(kManifestPath),
                    "named by the manifest but not in the bundle");
  return found->second;
}

}  // namespace

json add_subject(const policy::ImageMaterial& subject, const policy::Verdict& verdict,
                 const std::string& folder, std::vector<File>& files, Carried& carried) {
  json claims = json::array();
  auto add_claims = [&](const std::vector<attest::ImageClaim>& list, const std::string& kind) {
    for (size_t n = 0; n < list.size(); ++n) {
      const attest::ImageClaim& claim = list[n];
      std::string base = folder + "/" + kind + "-" + std::to_string(n);
      json entry = {{"kind", kind}, {"bundle", base + ".sigstore.json"}, {"origin", claim.origin}};
      files.push_back({base + ".sigstore.json", kind, claim.bundle.to_json()});
      if (!claim.payload.empty()) {
        entry["payload"] = base + ".payload";
        files.push_back({base + ".payload", "signature-payload", claim.payload});
      }
      claims.push_back(std::move(entry));
      carry(claim, carried);
    }
  };
  add_claims(subject.claims.signatures, "signature");
  add_claims(subject.claims.attestations, "attestation");
  for (size_t n = 0; n < carried.sboms.size(); ++n)
    files.push_back(
        {folder + "/sbom-" + std::to_string(n) + ".json", "sbom", carried.sboms[n].dump(2) + "\n"});
  for (size_t n = 0; n < carried.provenance.size(); ++n)
    files.push_back({folder + "/provenance-" + std::to_string(n) + ".json", "provenance",
                     carried.provenance[n].predicate.dump(2) + "\n"});
  return {{"reference", subject.reference},
          {"repository", subject.repository},
          {"digest", subject.digest},
          {"allowed", verdict.allowed},
          {"claims", claims},
          {"unreadable", subject.claims.unreadable}};
}

policy::ImageMaterial read_subject(const json& entry,
                                   const std::map<std::string, std::string>& files) {
  policy::ImageMaterial subject;
  subject.reference = entry.value("reference", "");
  subject.repository = entry.value("repository", "");
  subject.digest = entry.value("digest", "");
  for (const json& claim : entry.value("claims", json::array())) {
    std::string path = claim.value("bundle", "");
    attest::ImageClaim read{attest::Bundle::parse(file_at(files, claim["bundle"]), path),
                            claim.contains("payload") ? file_at(files, claim["payload"]) : "",
                            claim.value("origin", "")};
    (claim.value("kind", "") == "signature" ? subject.claims.signatures
                                            : subject.claims.attestations)
        .push_back(std::move(read));
  }
  for (const json& problem : entry.value("unreadable", json::array()))
    if (problem.is_string()) subject.claims.unreadable.push_back(problem.get<std::string>());
  return subject;
}

}  // namespace hallmark::evidence

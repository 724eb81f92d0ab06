#include "evidence_report.hpp"

#include <filesystem>

#include "hallmark/evidence/html.hpp"
#include "hallmark/evidence/markdown.hpp"

namespace hallmark::evidence {
namespace {

using nlohmann::json;

// "pkg:deb/debian/openssl@3.0" -> "deb".
std::string ecosystem_of(const std::string& purl) {
  if (!purl.starts_with("pkg:")) return "(no purl)";
  size_t slash = purl.find('/');
  return slash == std::string::npos ? "(no purl)" : purl.substr(4, slash - 4);
}

// Packages by ecosystem and license, from a CycloneDX or SPDX document.
void count_packages(const json& sbom, SubjectReport& subject) {
  auto count = [&](const std::string& purl, std::vector<std::string> licenses) {
    ++subject.packages;
    ++subject.ecosystems[ecosystem_of(purl)];
    if (licenses.empty()) licenses.push_back("(none declared)");
    for (const std::string& license : licenses)
      ++subject.licenses[license];
  };
  if (!sbom.is_object()) return;
  for (const json& component : sbom.value("components", json::array())) {
    if (!component.is_object()) continue;
    std::vector<std::string> licenses;
    for (const json& choice : component.value("licenses", json::array())) {
      if (!choice.is_object()) continue;
      if (choice.contains("expression") && choice["expression"].is_string())
        licenses.push_back(choice["expression"]);
      const json& license = choice.value("license", json::object());
      if (license.is_object()) {
        std::string id = license.value("id", license.value("name", ""));
        if (!id.empty()) licenses.push_back(id);
      }
    }
    count(component.value("purl", ""), licenses);
  }
  for (const json& package : sbom.value("packages", json::array())) {
    if (!package.is_object()) continue;
    std::string purl;
    for (const json& ref : package.value("externalRefs", json::array()))
      if (ref.is_object() && ref.value("referenceType", "") == "purl")
        purl = ref.value("referenceLocator", "");
    std::string license = package.value("licenseConcluded", "NOASSERTION");
    if (license == "NOASSERTION") license = package.value("licenseDeclared", "NOASSERTION");
    count(purl, license == "NOASSERTION" ? std::vector<std::string>{}
                                         : std::vector<std::string>{license});
  }
}

std::string count_list(const std::map<std::string, size_t>& counts) {
  std::string text;
  for (const auto& [name, count] : counts)
    text += (text.empty() ? "" : ", ") + name + " " + std::to_string(count);
  return text.empty() ? "none" : text;
}

std::string verdict_word(const policy::Verdict& verdict) {
  if (!verdict.allowed) return "denied";
  return verdict.mode == "warn" ? "allowed (warn mode)" : "allowed";
}

}  // namespace

Report describe(const std::vector<policy::Verdict>& verdicts, const std::vector<Carried>& carried,
                const policy::Policy& policy, util::Clock::time_point created) {
  Report report;
  report.created = util::format_rfc3339(created);
  report.policy_path = std::filesystem::path(policy.path).filename().string();
  report.policy_digest = policy.digest;
  for (size_t i = 0; i < verdicts.size(); ++i) {
    SubjectReport subject{verdicts[i], 0, {}, {}, {}, {}};
    report.allowed = report.allowed && verdicts[i].allowed;
    for (const json& sbom : carried[i].sboms)
      count_packages(sbom, subject);
    for (const Carried::Provenance& provenance : carried[i].provenance)
      subject.provenance.push_back(
          policy::provenance_facts(provenance.predicate, provenance.predicate_type));
    for (const policy::Check& check : verdicts[i].checks) {
      size_t by = check.reason.find("signed by ");
      if (check.passed && by != std::string::npos)
        subject.signers.push_back(check.check + ": " + check.reason.substr(by + 10));
    }
    report.subjects.push_back(std::move(subject));
  }
  return report;
}

std::string report_html(const Report& report) {
  using html::Cell;
  using html::Tone;
  html::Page page("Evidence: " + std::string(report.allowed ? "allowed" : "denied"));
  page.section("Summary", "summary")
      .facts({{"Verdict", Cell(report.allowed ? "allowed" : "denied",
                               report.allowed ? Tone::kGood : Tone::kBad)},
              {"Recorded", Cell(report.created)},
              {"Policy", Cell(report.policy_path + " (" + report.policy_digest + ")")}});
  for (size_t i = 0; i < report.subjects.size(); ++i) {
    const SubjectReport& subject = report.subjects[i];
    const policy::Verdict& verdict = subject.verdict;
    page.section("Subject: " + verdict.image, "subject-" + std::to_string(i))
        .facts({{"Digest", Cell(verdict.digest)},
                {"Verdict", Cell(verdict_word(verdict), !verdict.allowed         ? Tone::kBad
                                                        : verdict.mode == "warn" ? Tone::kWarn
                                                                                 : Tone::kGood)},
                {"Rule", Cell(verdict.rule.empty() ? "(none: default action)" : verdict.rule)},
                {"Mode", Cell(verdict.mode)}});
    html::Table checks{{"Check", "Result", "Reason"}, {}, {}, "no check"};
    for (const policy::Check& check : verdict.checks)
      checks.rows.push_back(
          {Cell(check.check),
           Cell(check.passed ? "pass" : "FAIL", check.passed ? Tone::kGood : Tone::kBad),
           Cell(check.reason)});
    page.subheading("Checks").table(checks);
    html::Table signers{{"Signer"}, {}, {}, "no verified signer"};
    for (const std::string& signer : subject.signers)
      signers.rows.push_back({Cell(signer)});
    page.subheading("Signers").table(signers);
    page.subheading("SBOM").paragraph(
        subject.packages == 0 ? "No SBOM attestation was found."
                              : std::to_string(subject.packages) +
                                    " packages by ecosystem: " + count_list(subject.ecosystems));
    html::Table licenses{{"License", "Packages"}, {}, {false, true}, "no license data"};
    for (const auto& [license, count] : subject.licenses)
      licenses.rows.push_back({Cell(license), Cell(std::to_string(count))});
    page.table(licenses);
    html::Table provenance{{"Builder", "Source", "Ref"}, {}, {}, "no provenance attestation"};
    for (const policy::ProvenanceFacts& facts : subject.provenance)
      provenance.rows.push_back(
          {Cell(facts.builder_id), Cell(facts.source_uri), Cell(facts.source_ref)});
    page.subheading("Provenance").table(provenance);
  }
  return page.render();
}

std::string report_markdown(const Report& report) {
  using markdown::escape;
  std::string text = "# Evidence: " + std::string(report.allowed ? "allowed" : "denied") +
                     "\n\nRecorded " + escape(report.created) + " under policy " +
                     escape(report.policy_path) + " (`" + report.policy_digest + "`).\n\n";
  for (const SubjectReport& subject : report.subjects) {
    const policy::Verdict& verdict = subject.verdict;
    text += "## " + escape(verdict.image) + "\n\n";
    text += "- Digest: `" + escape(verdict.digest) + "`\n";
    text += "- Verdict: **" + verdict_word(verdict) + "**, rule " +
            escape(verdict.rule.empty() ? "(none: default action)" : verdict.rule) + "\n";
    text += "- SBOM: " +
            (subject.packages == 0 ? std::string("no SBOM attestation was found")
                                   : std::to_string(subject.packages) + " packages (" +
                                         escape(count_list(subject.ecosystems)) +
                                         "); licenses: " + escape(count_list(subject.licenses))) +
            "\n\n";
    markdown::Table checks{{"Check", "Result", "Reason"}, {}, {}, "no check"};
    for (const policy::Check& check : verdict.checks)
      checks.rows.push_back({check.check, check.passed ? "pass" : "FAIL", check.reason});
    text += markdown::table(checks);
    markdown::Table provenance{{"Builder", "Source", "Ref"}, {}, {}, "No provenance attestation."};
    for (const policy::ProvenanceFacts& facts : subject.provenance)
      provenance.rows.push_back({facts.builder_id, facts.source_uri, facts.source_ref});
    text += markdown::table(provenance);
  }
  return text;
}

}  // namespace hallmark::evidence

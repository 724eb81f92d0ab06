// Java archives anywhere in the image or folder, nested archives included.
#include "hallmark/catalog/java.hpp"

#include "java_files.hpp"

namespace hallmark::catalog::java {
namespace {

constexpr std::string_view kSummary = "java-archive-summary";

class ArchiveCataloger : public Cataloger {
 public:
  std::string_view name() const override { return "java-archive-cataloger"; }

  std::vector<source::CaptureRule> rules() const override {
    std::vector<source::CaptureRule> rules;
    for (std::string_view extension : kArchiveExtensions) {
      source::CaptureRule rule;
      rule.kind = kSummary;
      rule.glob = "**/*" + std::string(extension);
      // Archives are kept as their summary only: a 100 MiB war becomes a few KiB.
      rule.reduce = [](std::string_view, std::string_view content) {
        return std::optional<std::string>(to_json(summarize_archive(content)));
      };
      rules.push_back(std::move(rule));
    }
    return rules;
  }

  void catalog(const Context& context, Result& result) const override {
    for (const std::string& path : context.files.glob("**", kSummary)) {
      std::optional<FileResolver::File> file = context.files.read(path, kSummary);
      if (!file) continue;
      ArchiveSummary summary = from_json(*file->content);
      for (const std::string& problem : summary.warnings)
        warn_malformed(file->path, problem);
      if (summary.readable) add_archive_packages(summary, file->path, context, result);
    }
  }
};

}  // namespace

std::unique_ptr<Cataloger> make_archive_cataloger() {
  return std::make_unique<ArchiveCataloger>();
}

}  // namespace hallmark::catalog::java

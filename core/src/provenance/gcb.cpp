// The checks of Cloud Build provenance, in upstream order (gcb/verifier.go VerifyImage): the
// signature, the builder and its recipe, the image digest, the source, the note's metadata and
// image summary, the unsigned copy, then the tag.
#include "hallmark/provenance/gcb.hpp"

#include <algorithm>

#include "hallmark/provenance/builder_id.hpp"
#include "hallmark/provenance/source_rules.hpp"
#include "hallmark/provenance/verify_error.hpp"
#include "hallmark/util/file.hpp"
#include "hallmark/util/strings.hpp"

#include "gcb_envelope.hpp"
#include "json_path.hpp"

namespace hallmark::provenance {
namespace {

using nlohmann::json;

constexpr std::string_view kBuilderVersions[] = {"v0.2", "v0.3"};
constexpr std::string_view kV03RecipePrefixes[] = {
    "https://cloudbuild.googleapis.com/CloudBuildYaml@",
    "https://cloudbuild.googleapis.com/CloudBuildSteps@"};
constexpr char kBuildArgumentsType[] = "type.googleapis.com/google.devtools.cloudbuild.v1.Build";

struct VerifiedNote {
  const json* note;
  json statement;
};

// The first note whose envelope verifies (upstream tries them all in order).
VerifiedNote first_verified_note(const json& document, const GcbKeys& keys) {
  const json& notes = find_path(document, {"provenance_summary", "provenance"});
  if (!notes.is_array() || notes.empty())
    fail(Category::kInvalidDssePayload, "the file holds no provenance");
  for (const json& note : notes) {
    try {
      return {&note, verify_gcb_envelope(find_path(note, {"envelope"}), keys)};
    } catch (const VerificationError&) {
      // The next note may be signed.
    }
  }
  fail(Category::kNoValidSignature, "no provenance note is signed with Cloud Build's keys");
}

BuilderId check_builder(const json& predicate, const Expectations& expected) {
  std::string id = text_at(predicate, {"builder", "id"});
  std::vector<std::string_view> parts = util::split(id, '@');
  bool known = parts.size() == 2 && parts[0] == builders::kGcbWorker &&
               std::find(std::begin(kBuilderVersions), std::end(kBuilderVersions), parts[1]) !=
                   std::end(kBuilderVersions);
  if (!known)
    fail(Category::kInvalidBuilderId,
         "builder \"" + util::printable(id) + "\" is not a Cloud Build worker Hallmark knows");
  BuilderId builder = BuilderId::parse(id, true);
  if (expected.has_builder_id())
    builder.check_matches(*expected.builder_id, BuilderId::Version::kIfGiven, false);
  std::string recipe = text_at(predicate, {"recipe", "type"});
  bool recipe_ok =
      builder.version() == "v0.2"
          ? recipe == id
          : std::any_of(std::begin(kV03RecipePrefixes), std::end(kV03RecipePrefixes),
                        [&](std::string_view prefix) { return recipe.starts_with(prefix); });
  if (!recipe_ok)
    fail(Category::kInvalidRecipe,
         "recipe type \"" + util::printable(recipe) + "\" is not one of " + builder.to_string());
  const json& arguments_type = find_path(predicate, {"recipe", "arguments", "@type"});
  if (!arguments_type.is_string())
    fail(Category::kInvalidDssePayload, "the recipe's arguments have no @type");
  if (arguments_type != kBuildArgumentsType)
    fail_mismatch(Category::kMismatchBuilderId, "recipe arguments type",
                  arguments_type.get<std::string>(), kBuildArgumentsType);
  return builder;
}

void check_subject(const json& statement, std::string_view digest) {
  const json& subjects = find_path(statement, {"subject"});
  for (const json& subject : subjects.is_array() ? subjects : json::array()) {
    const json& sha256 = find_path(subject, {"digest", "sha256"});
    if (!sha256.is_string()) fail(Category::kInvalidDssePayload, "a subject has no sha256 digest");
    if (sha256 == digest) return;
  }
  fail(Category::kMismatchHash,
       "the provenance has no subject with the image digest sha256:" + std::string(digest));
}

// upstream VerifySourceURI: the first material is the repository (v0.2: at a commit; v0.3: the
// repository or a source archive, at a generation "#...").
void check_source(const json& predicate, const BuilderId& builder, const std::string& expected) {
  const json& materials = find_path(predicate, {"materials"});
  std::string uri =
      materials.is_array() && !materials.empty() ? text_at(materials[0], {"uri"}) : "";
  if (uri.starts_with("git+")) uri.erase(0, 4);
  std::string source = expected;
  if (uri.starts_with("https://") && !source.starts_with("https://")) source = "https://" + source;
  bool matches = builder.version() == "v0.2"
                     ? uri.starts_with(source + "/commit/") || uri.starts_with(source + "#")
                     : uri == source || uri.starts_with(source + "#");
  if (!matches) fail_mismatch(Category::kMismatchSource, "source", uri, source);
}

void check_metadata(const json& note, const json& document, std::string_view digest) {
  if (text_at(note, {"kind"}) != "BUILD")
    fail_mismatch(Category::kInvalidFormat, "provenance note kind", text_at(note, {"kind"}),
                  "BUILD");
  std::string pinned = "sha256:" + std::string(digest);
  if (!text_at(note, {"resourceUri"}).ends_with("@" + pinned))
    fail_mismatch(Category::kMismatchHash, "provenance note resource",
                  text_at(note, {"resourceUri"}), "...@" + pinned);
  if (text_at(document, {"image_summary", "digest"}) != pinned)
    fail_mismatch(Category::kMismatchHash, "image summary digest",
                  text_at(document, {"image_summary", "digest"}), pinned);
  if (!text_at(document, {"image_summary", "fully_qualified_digest"}).ends_with(pinned))
    fail_mismatch(Category::kMismatchHash, "image summary reference",
                  text_at(document, {"image_summary", "fully_qualified_digest"}), "...@" + pinned);
}

// What upstream compares of the unsigned copy: the statement's header and the typed fields of
// the predicate (not buildInvocationId or recipe.definedInMaterial, which its types leave out).
json comparable(const json& statement, const json& predicate) {
  json subjects = json::array();
  const json& listed = find_path(statement, {"subject"});
  for (const json& subject : listed.is_array() ? listed : json::array())
    subjects.push_back({find_path(subject, {"name"}), find_path(subject, {"digest"})});
  json recipe = json::object();
  for (const char* key : {"type", "entryPoint", "arguments", "environment"})
    recipe[key] = find_path(predicate, {"recipe", key});
  const json& metadata = find_path(predicate, {"metadata"});
  json compared_metadata;
  if (!metadata.is_null())
    for (const char* key : {"buildStartedOn", "buildFinishedOn", "completeness", "reproducible"})
      compared_metadata[key] = find_path(metadata, {key});
  json materials = json::array();
  const json& listed_materials = find_path(predicate, {"materials"});
  for (const json& material : listed_materials.is_array() ? listed_materials : json::array())
    materials.push_back({text_at(material, {"uri"}), find_path(material, {"digest"})});
  return {find_path(statement, {"_type"}),
          find_path(statement, {"predicateType"}),
          subjects,
          text_at(predicate, {"builder", "id"}),
          recipe,
          compared_metadata,
          materials};
}

void check_unsigned_copy(const json& note, const json& statement) {
  const json& copy = find_path(note, {"build", "intotoStatement"});
  if (comparable(copy, find_path(copy, {"slsaProvenance"})) !=
      comparable(statement, find_path(statement, {"predicate"})))
    fail(Category::kMismatchIntoto,
         "the note's unsigned statement (build.intotoStatement) differs from the signed one");
}

void check_tag(const json& predicate, const Expectations& expected) {
  if (expected.branch)
    fail(Category::kNotSupported,
         "Cloud Build provenance records no branch: --source-branch "
         "cannot be checked");
  const json& tag = find_path(predicate, {"recipe", "arguments", "substitutions", "TAG_NAME"});
  if (expected.tag && (!tag.is_string() || tag != *expected.tag))
    fail_mismatch(Category::kMismatchTag, "source tag",
                  tag.is_string() ? tag.get<std::string>() : "", *expected.tag);
  if (expected.versioned_tag) {
    if (!tag.is_string())
      fail(Category::kMismatchVersionedTag, "the build was not triggered by a tag");
    check_versioned_tag(tag.get<std::string>(), *expected.versioned_tag);
  }
}

}  // namespace

Verified verify_gcb_provenance(const std::string& path, const std::string& image,
                               std::string_view digest_hex, const Expectations& expected,
                               const GcbKeys& keys) {
  json document = json::parse(util::read_file(path), nullptr, false);
  if (document.is_discarded()) fail(Category::kInvalidDssePayload, path + " is not JSON");
  VerifiedNote verified = first_verified_note(document, keys);
  const json& predicate = find_path(verified.statement, {"predicate"});
  BuilderId builder = check_builder(predicate, expected);
  check_subject(verified.statement, digest_hex);
  check_source(predicate, builder, expected.source_uri);
  check_metadata(*verified.note, document, digest_hex);
  check_unsigned_copy(*verified.note, verified.statement);
  check_tag(predicate, expected);

  attest::Statement statement = attest::Statement::parse(verified.statement.dump(), path);
  const json& materials = find_path(predicate, {"materials"});
  std::string source =
      materials.is_array() && !materials.empty() ? text_at(materials[0], {"uri"}) : "";
  return {builder.to_string(), image + ": built by " + builder.to_string() + " from " + source,
          std::move(statement)};
}

}  // namespace hallmark::provenance

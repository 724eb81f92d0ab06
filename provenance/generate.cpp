#include "hallmark/provenance/generate.hpp"

#include <cstdlib>

#include <cxxopts.hpp>

#include "hallmark/attest/sign.hpp"
#include "hallmark/crypto/keys.hpp"
#include "hallmark/util/cli.hpp"
#include "hallmark/util/error.hpp"

#include "commands.hpp"

namespace hallmark::provenance_cli {

int generate(int argc, char** argv) {
  cxxopts::Options options("hallmark-provenance generate",
                           "Writes SLSA v1 provenance for build outputs.");
  options.positional_help("FILE...");
  // clang-format off
  options.add_options()
      ("ci", "auto (GitHub Actions or GitLab CI, from the environment), github, gitlab or none",
       cxxopts::value<std::string>()->default_value("auto"))
      ("subject-digest", "NAME=sha256:HEX: a subject that is not a file (an image); repeatable",
       cxxopts::value<std::vector<std::string>>())
      ("o,output", "where to write (default: stdout)", cxxopts::value<std::string>()->default_value("-"))
      ("key", "sign the statement into a Sigstore bundle (DSSE) with this key",
       cxxopts::value<std::string>())
      ("password-stdin", "read the key's passphrase from standard input")
      ("builder-id", "--ci none: the builder's id", cxxopts::value<std::string>())
      ("source-uri", "--ci none: the source repository", cxxopts::value<std::string>())
      ("source-digest", "--ci none: the commit built", cxxopts::value<std::string>())
      ("ref", "--ci none: the ref built (refs/tags/v1.2.3)", cxxopts::value<std::string>())
      ("file", "", cxxopts::value<std::vector<std::string>>());
  // clang-format on
  options.parse_positional({"file"});
  cxxopts::ParseResult args = util::parse_options(options, argc, argv);
  auto text = [&](const char* name) {
    return args.count(name) ? args[name].as<std::string>() : "";
  };
  std::string ci_name = args["ci"].as<std::string>();
  provenance::CiSystem ci =
      ci_name == "auto"     ? provenance::CiSystem::kAuto
      : ci_name == "github" ? provenance::CiSystem::kGithub
      : ci_name == "gitlab" ? provenance::CiSystem::kGitlab
      : ci_name == "none"
          ? provenance::CiSystem::kNone
          : throw Error(ErrorKind::kUsage, "", "--ci is auto, github, gitlab or none");
  provenance::ManualBuild manual{text("builder-id"), text("source-uri"), text("source-digest"),
                                 text("ref")};
  provenance::BuildDescription build = provenance::describe_build(ci, manual, &std::getenv);

  std::vector<attest::ResourceDescriptor> subjects;
  if (args.count("file"))
    for (const std::string& path : args["file"].as<std::vector<std::string>>())
      subjects.push_back(attest::file_subject(path));
  if (args.count("subject-digest"))
    for (const std::string& item : args["subject-digest"].as<std::vector<std::string>>()) {
      size_t equals = item.find('=');
      if (equals == std::string::npos) throw_usage_error("--subject-digest is NAME=sha256:HEX");
      crypto::Digest digest = crypto::Digest::parse(item.substr(equals + 1));
      subjects.push_back(
          {.name = item.substr(0, equals),
           .uri = "",
           .digest = {{std::string(crypto::algorithm_name(digest.algorithm)), digest.hex}}});
    }
  if (subjects.empty())
    throw_usage_error("give the FILEs built, or --subject-digest NAME=sha256:HEX");
  attest::Statement statement = provenance::make_provenance(build, std::move(subjects));

  std::string out = args["output"].as<std::string>();
  if (args.count("key")) {
    crypto::PrivateKey key =
        crypto::load_private_key(text("key"), {.from_stdin = args.count("password-stdin") > 0});
    util::write_output(out, attest::sign_statement(statement, key).to_json());
  } else {
    util::write_output(out, nlohmann::json::parse(statement.to_payload()).dump(2) + "\n");
  }
  return 0;
}

}  // namespace hallmark::provenance_cli

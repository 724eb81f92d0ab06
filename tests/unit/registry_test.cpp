#include <filesystem>
#include <fstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "hallmark/registry/artifact.hpp"
#include "hallmark/registry/client.hpp"
#include "hallmark/registry/credentials.hpp"
#include "hallmark/registry/reference.hpp"
#include "hallmark/util/encoding.hpp"
#include "hallmark/util/error.hpp"

#include "registry/challenge.hpp"
#include "registry/content_cache.hpp"
#include "registry/http.hpp"

using namespace hallmark;
using namespace hallmark::registry;

namespace {

const char kDigest[] = "sha256:4d7a0d8d1bd5b7d4a3c4f0a0e2b2f6f9e3d2c1b0a9f8e7d6c5b4a3928170605f";

// A config.json in a fresh folder.
std::filesystem::path docker_config(const std::string& name, const std::string& text) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("hallmark-docker-" + name);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "config.json") << text;
  return dir;
}

}  // namespace

TEST_CASE("references: Docker's defaults, registries with ports, tags and digests") {
  Reference debian = Reference::parse("debian");
  CHECK(debian.registry == "docker.io");
  CHECK(debian.repository == "library/debian");
  CHECK(debian.tag == "latest");
  CHECK(debian.to_string() == "docker.io/library/debian:latest");
  CHECK(debian.api_host() == "registry-1.docker.io");
  CHECK(Reference::parse("index.docker.io/team/app:1").to_string() == "docker.io/team/app:1");

  Reference local = Reference::parse("localhost:5000/x");
  CHECK(local.registry == "localhost:5000");
  CHECK(local.repository == "x");
  CHECK(local.api_host() == "localhost:5000");

  Reference pinned = Reference::parse(std::string("ghcr.io/acme/tools/app:v1.2@") + kDigest);
  CHECK(pinned.registry == "ghcr.io");
  CHECK(pinned.repository == "acme/tools/app");
  CHECK(pinned.tag == "v1.2");
  CHECK(pinned.identifier() == kDigest);
  CHECK(pinned.to_string() == std::string("ghcr.io/acme/tools/app:v1.2@") + kDigest);

  Reference digest_only = Reference::parse(std::string("127.0.0.1:5000/a/b@") + kDigest);
  CHECK(digest_only.tag.empty());
  CHECK(digest_only.to_string() == std::string("127.0.0.1:5000/a/b@") + kDigest);
  CHECK(digest_only.at_tag("2").to_string() == "127.0.0.1:5000/a/b:2");
  CHECK(Reference::parse("[::1]:5000/app:1").registry == "[::1]:5000");
  CHECK(Reference::parse("Registry.Example.COM/app").registry == "registry.example.com");
  // A first component without a dot or port is part of the repository.
  CHECK(Reference::parse("team/app").to_string() == "docker.io/team/app:latest");

  for (const char* bad : {"", "UPPER/case", "app:", "app@sha256:abc", "host:5000/", "a//b",
                          "app:-tag", "-app", "registry.io/app_:1"}) {
    INFO(bad);
    CHECK_THROWS_AS(Reference::parse(bad), Error);
  }
}

TEST_CASE("WWW-Authenticate challenges: Bearer parameters, quoted strings, several schemes") {
  std::vector<Challenge> bearer = parse_challenges(
      R"(Bearer realm="https://auth.docker.io/token",service="registry.docker.io",)"
      R"(scope="repository:library/debian:pull")");
  REQUIRE(bearer.size() == 1);
  CHECK(bearer[0].scheme == "bearer");
  CHECK(bearer[0].params.at("realm") == "https://auth.docker.io/token");
  CHECK(bearer[0].params.at("service") == "registry.docker.io");
  CHECK(bearer[0].params.at("scope") == "repository:library/debian:pull");

  std::vector<Challenge> two =
      parse_challenges(R"(Basic realm="a \"quoted\" realm", Bearer Realm=https://x/t, error=x)");
  REQUIRE(two.size() == 2);
  CHECK(two[0].scheme == "basic");
  CHECK(two[0].params.at("realm") == R"(a "quoted" realm)");
  CHECK(two[1].scheme == "bearer");
  CHECK(two[1].params.at("realm") == "https://x/t");
  CHECK(two[1].params.at("error") == "x");
  CHECK(parse_challenges("").empty());
}

TEST_CASE("docker config.json: auth and username entries, Docker Hub's names, helpers refused") {
  std::string auth = util::base64_encode("alice:pa:ss");
  std::filesystem::path dir = docker_config(
      "auths", R"({"auths": {"https://index.docker.io/v1/": {"auth": ")" + auth +
                   R"("}, "registry.example.com": {"username": "bob", "password": "pw"},
                       "http://localhost:5000/v2/": {"auth": ")" +
                   auth + R"("}}})");
  std::optional<Credentials> hub = docker_config_credentials("docker.io", dir);
  REQUIRE(hub);
  CHECK(hub->username == "alice");
  CHECK(hub->password.view() == "pa:ss");
  std::optional<Credentials> example = docker_config_credentials("registry.example.com", dir);
  REQUIRE(example);
  CHECK(example->username == "bob");
  CHECK(example->password.view() == "pw");
  CHECK(docker_config_credentials("localhost:5000", dir));
  CHECK_FALSE(docker_config_credentials("other.example.com", dir));
  CHECK_FALSE(docker_config_credentials("docker.io", dir / "missing"));

  std::filesystem::path helpers =
      docker_config("helpers", R"({"auths": {"a.example": {}}, "credsStore": "desktop",
                     "credHelpers": {"b.example": "ecr-login"}})");
  for (const char* registry : {"a.example", "b.example"}) {
    INFO(registry);
    try {
      docker_config_credentials(registry, helpers);
      FAIL("a credential helper was not refused");
    } catch (const Error& error) {
      CHECK(error.kind() == ErrorKind::kUsage);
      CHECK(error.message().find("docker-credential-") != std::string::npos);
    }
  }
  // A registry the store has no entry for is simply anonymous.
  CHECK_FALSE(docker_config_credentials("c.example", helpers));

  std::filesystem::path broken =
      docker_config("broken", R"({"auths": {"a.example": {"auth": "bm90LWEtcGFpcg=="}}})");
  try {
    docker_config_credentials("a.example", broken);
    FAIL("a malformed auth entry was accepted");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::kBadInput);
    CHECK(error.message().find("not-a-pair") == std::string::npos);
  }
}

TEST_CASE("Link headers and URLs: the next page, relative locations, origins") {
  http::Headers headers;
  headers.add("link", R"(</v2/app/tags/list?last=b&n=2>; rel="next")");
  CHECK(http::next_link(headers) == "/v2/app/tags/list?last=b&n=2");
  http::Headers other;
  other.add("link", R"(<https://x/prev>; rel="prev", <https://x/next>; rel=next)");
  CHECK(http::next_link(other) == "https://x/next");
  CHECK_FALSE(http::next_link(http::Headers()));

  CHECK(http::resolve_url("http://127.0.0.1:5000/v2/app/blobs/uploads/",
                          "/v2/app/blobs/uploads/abc?_state=x") ==
        "http://127.0.0.1:5000/v2/app/blobs/uploads/abc?_state=x");
  CHECK(http::resolve_url("https://a/v2/", "https://b/x") == "https://b/x");
  CHECK(http::url_origin("https://Auth.Docker.io/token?x=1") ==
        std::pair<std::string, std::string>("https", "auth.docker.io"));
  CHECK(http::url_origin("http://127.0.0.1:5000/v2/") ==
        std::pair<std::string, std::string>("http", "127.0.0.1:5000"));
  CHECK_FALSE(http::url_origin("not a url"));
  CHECK(http::query_escape("repository:a/b:pull,push") == "repository%3Aa%2Fb%3Apull%2Cpush");
}

TEST_CASE("artifacts: the empty config, manifests with a subject, the referrers tag") {
  registry::Descriptor empty = empty_config();
  CHECK(empty.digest.to_string() ==
        "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
  CHECK(empty.size == 2);

  ArtifactManifest manifest;
  manifest.artifact_type = "application/vnd.dev.sigstore.bundle.v0.3+json";
  registry::Descriptor layer;
  layer.media_type = manifest.artifact_type;
  layer.digest = crypto::Digest::parse(kDigest);
  layer.size = 7;
  manifest.layers.push_back(layer);
  registry::Descriptor subject;
  subject.media_type = registry::media_type::kOciManifest;
  subject.digest = crypto::Digest::parse(kDigest);
  subject.size = 400;
  manifest.subject = subject;
  manifest.annotations["org.opencontainers.image.created"] = "1970-01-01T00:00:00Z";
  std::string json = to_json(manifest);
  CHECK(json.starts_with(
      R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","artifactType":)"));
  nlohmann::json parsed = nlohmann::json::parse(json);
  CHECK(parsed["config"]["mediaType"] == media_type::kEmptyConfig);
  CHECK(parsed["subject"]["digest"] == kDigest);
  CHECK(parsed["layers"][0]["size"] == 7);
  CHECK(to_json(manifest) == json);

  CHECK(referrers_tag(crypto::Digest::parse(kDigest)) ==
        "sha256-4d7a0d8d1bd5b7d4a3c4f0a0e2b2f6f9e3d2c1b0a9f8e7d6c5b4a3928170605f");
}

TEST_CASE(
    "content cache: bounded in bytes, least recently used dropped, large documents not kept") {
  ContentCache cache(800);  // documents up to 100 bytes are kept
  cache.store("a", std::string(100, 'a'));
  CHECK(cache.find("a") == std::string(100, 'a'));
  CHECK_FALSE(cache.find("b"));
  cache.store("huge", std::string(101, 'h'));
  CHECK_FALSE(cache.find("huge"));
  for (char name = 'b'; name <= 'h'; ++name)
    cache.store(std::string(1, name), std::string(100, name));
  // Full (800 bytes): "a" was used last but for the seven stores, so reading it keeps it,
  // and the next store drops "b", now the least recently used.
  CHECK(cache.find("a"));
  cache.store("i", std::string(100, 'i'));
  CHECK(cache.find("a"));
  CHECK_FALSE(cache.find("b"));
  CHECK(cache.find("c"));
  CHECK(cache.find("i"));
}

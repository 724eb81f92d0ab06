# The two commands of the README:
#   make demo   installs what is missing, builds, and runs the main job on a bundled sample
#   make test   installs what is missing, builds, runs every test, then the unit and CLI tests
#               again in an ASan+UBSan build
BUILD      ?= build
SAN_BUILD  ?= build-sanitize
JOBS       ?= 2
DEMO_OUT   ?= demo-out

# Debian 12 packages the build and the tests need (apt-get installs only the missing ones).
DEBIAN_PACKAGES := cmake g++ make pkg-config git \
  libssl-dev libcurl4-openssl-dev nlohmann-json3-dev libarchive-dev libcxxopts-dev doctest-dev \
  libsqlite3-dev libisal-dev libzstd-dev libyaml-cpp-dev libtomlplusplus-dev libsodium-dev \
  libcpp-httplib-dev curl \
  python3 python3-jsonschema python3-prometheus-client zstd libcommons-lang3-java golang-go cargo binutils \
  docker-registry skopeo apache2-utils chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build test demo sanitize bench format clean

all: build

# A machine whose /dev/null has become a plain file (a root process renamed a file over it) breaks
# cargo, whose rustc reads /dev/null as an empty program, and every `2>/dev/null` then feeds it
# text: the character device is put back first.
deps:
	@[ -c /dev/null ] || { echo "/dev/null is not a character device; restoring it" >&2; \
	  $(SUDO) rm -f /dev/null && $(SUDO) mknod -m 666 /dev/null c 1 3; }
	@missing=$$(for p in $(DEBIAN_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(BUILD) -j$(JOBS)

test: build $(BUILD)/interop/sigstore-js/.npm-ci.stamp
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)
	$(MAKE) --no-print-directory sanitize

# The unit and CLI tests once more, under AddressSanitizer and UndefinedBehaviorSanitizer.
sanitize: deps $(SAN_BUILD)/interop/sigstore-js/.npm-ci.stamp
	cmake -S . -B $(SAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHALLMARK_SANITIZE=ON
	cmake --build $(SAN_BUILD) -j$(JOBS)
	cd $(SAN_BUILD) && ctest --output-on-failure -j$(JOBS) -L 'unit|cli'

# sigstore-js for the interop tests (tests/cli/sigstore_js_test.py): the versions pinned in its
# package-lock.json, installed into a build folder with npm ci when missing or when the lock changed.
SIGSTORE_JS := tests/interop/sigstore-js
%/interop/sigstore-js/.npm-ci.stamp: $(SIGSTORE_JS)/package.json $(SIGSTORE_JS)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is missing: the sigstore-js interop tests need Node.js >= 20.17 with npm, which Debian 12 does not package; install them (https://nodejs.org) and run make again" >&2; exit 1; }
	mkdir -p $(@D) && cp $^ $(@D)/
	cd $(@D) && npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

demo: build
	@rm -rf $(DEMO_OUT) && mkdir -p $(DEMO_OUT)
	@echo "== building the sample image (docker-archive) from tests/data/images/debian"
	$(BUILD)/tests/hallmark-testimage --format docker-archive --out $(DEMO_OUT)/demo-image.tar \
	  --name demo.example/hallmark/demo:1.0 \
	  --image linux/amd64=tests/data/images/debian/base,tests/data/images/debian/app
	@echo "== its SBOM"
	$(BUILD)/sbom/hallmark-sbom $(DEMO_OUT)/demo-image.tar -o table \
	  -o cyclonedx-json=$(DEMO_OUT)/sbom.cdx.json -o spdx-json=$(DEMO_OUT)/sbom.spdx.json
	@echo "== wrote $(DEMO_OUT)/sbom.cdx.json (CycloneDX 1.6) and $(DEMO_OUT)/sbom.spdx.json (SPDX 2.3)"
	@echo "== a key pair, the image signed, its SBOM attested (passphrase 'demo', from HALLMARK_PASSWORD)"
	HALLMARK_PASSWORD=demo $(BUILD)/sign/hallmark-sign keygen --force --output-key-prefix $(DEMO_OUT)/demo
	HALLMARK_PASSWORD=demo $(BUILD)/sign/hallmark-sign blob --key $(DEMO_OUT)/demo.key \
	  --bundle $(DEMO_OUT)/demo-image.sigstore.json $(DEMO_OUT)/demo-image.tar
	HALLMARK_PASSWORD=demo $(BUILD)/sign/hallmark-sign attest --key $(DEMO_OUT)/demo.key \
	  --predicate $(DEMO_OUT)/sbom.cdx.json --type cyclonedx \
	  --bundle $(DEMO_OUT)/sbom.att.sigstore.json $(DEMO_OUT)/demo-image.tar
	@echo "== SLSA v1 provenance for the image, signed (in CI, --ci auto reads the CI's variables)"
	HALLMARK_PASSWORD=demo $(BUILD)/provenance/hallmark-provenance generate --ci none \
	  --builder-id https://ci.demo.example/builder@v1 --source-uri git+https://github.com/acme/demo \
	  --source-digest 0123456789abcdef0123456789abcdef01234567 --ref refs/tags/v1.0.0 \
	  --key $(DEMO_OUT)/demo.key -o $(DEMO_OUT)/provenance.sigstore.json $(DEMO_OUT)/demo-image.tar
	@echo "== verified: signature, SBOM attestation, provenance (builder, source, tag, digest)"
	$(BUILD)/verify/hallmark-verify blob --key $(DEMO_OUT)/demo.pub \
	  --bundle $(DEMO_OUT)/demo-image.sigstore.json $(DEMO_OUT)/demo-image.tar
	$(BUILD)/verify/hallmark-verify attestation --key $(DEMO_OUT)/demo.pub \
	  --bundle $(DEMO_OUT)/sbom.att.sigstore.json --type cyclonedx $(DEMO_OUT)/demo-image.tar
	$(BUILD)/provenance/hallmark-provenance verify-artifact $(DEMO_OUT)/demo-image.tar \
	  --provenance-path $(DEMO_OUT)/provenance.sigstore.json --key $(DEMO_OUT)/demo.pub \
	  --builder-id https://ci.demo.example/builder@v1 --source-uri github.com/acme/demo \
	  --source-tag v1.0.0
	@echo "== the same image in a registry (Debian's docker-registry on 127.0.0.1): SBOM attested, signed, verified"
	tests/tools/demo-registry.sh $(BUILD) $(DEMO_OUT)

bench: build
	bench/run.sh

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD) $(SAN_BUILD) $(DEMO_OUT)

# sci — build, test, benchmark and demo. `make demo` and `make test` set up everything on a fresh Debian machine.
SHELL := /bin/bash
PREFIX ?= /usr/local
SWIFT ?= swift
# Debug builds for tests; release builds for the demo, integration cases and benchmarks. The release build links
# the Swift runtime and Foundation statically: `sci version` starts in ~18 ms instead of ~28 ms, as one binary.
RELEASE := .build/release
RELEASE_FLAGS := -c release --static-swift-stdlib

APT_PACKAGES := pkg-config libcurl4-openssl-dev libcfitsio-dev libxml2-dev libxxhash-dev xxhash libsqlite3-dev \
                libpq-dev postgresql \
                curl hyperfine time bc source-extractor scamp swarp psfex python3-venv \
                slurm-wlm munge chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build release bench-tools test unit integration bench demo install clean docs doc-check

all: build

# Installs only what is missing, so a second run costs nothing and needs no network.
deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build --build-tests

release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product sci

# The benchmark drivers are built only for `make bench`: the test server pulls a release build of Hummingbird.
bench-tools: release
	$(SWIFT) build $(RELEASE_FLAGS) --product sci-bench
	$(SWIFT) build $(RELEASE_FLAGS) --product sci-test-server
	$(SWIFT) build $(RELEASE_FLAGS) --product dials-fixture-server

test: deps build unit integration doc-check

# The SciS3 tests run against moto_server from its own venv, installed here the first time.
unit:
	Integration/lib/s3-peer.sh
	$(SWIFT) test --skip-build

# Lists public symbols of the library modules that have no doc comment (a report, not a gate).
doc-check:
	python3 Integration/check-docs.py

# API documentation with DocC, one archive per library module in .build/docs.
DOC_MODULES := Henry HippoMeta HippoServer AstroPipeline Butler ButlerPipelines Dials Tiled SciCore SciHTTP SciFITS SciXML SciS3 SciPostgres SciSky SciBatch
docs:
	mkdir -p .build/docs
	for module in $(DOC_MODULES); do \
		$(SWIFT) package --allow-writing-to-directory .build/docs generate-documentation --target $$module \
			--output-path .build/docs/$$module --disable-indexing || exit 1; \
	done

integration: bench-tools
	Integration/run-cases.sh $(RELEASE)

bench: bench-tools
	Integration/bench/run.sh $(RELEASE)
	Integration/bench/butler.sh $(RELEASE)
	Integration/bench/butler-pipetask.sh $(RELEASE)
	Integration/bench/hippo.sh $(RELEASE)
	Integration/bench/hippo-s3.sh $(RELEASE)
	Integration/bench/hippo-web.sh $(RELEASE)
	Integration/bench/henry.sh $(RELEASE)
	Integration/bench/pipeline.sh $(RELEASE)
	Integration/bench/pipeline-slurm.sh $(RELEASE)
	Integration/bench/sky.sh $(RELEASE)
	Integration/bench/dials.sh $(RELEASE)
	Integration/bench/tiled.sh $(RELEASE)

# `make demo SERVE=1` keeps the demo's registry serving its web pages until Ctrl-C.
demo: release
	SERVE=$(SERVE) Integration/demo.sh $(RELEASE)/sci

install: release
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(RELEASE)/sci $(DESTDIR)$(PREFIX)/bin/sci

clean:
	rm -rf .build demo-output

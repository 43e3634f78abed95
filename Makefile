# The README's two commands and their set-up. Both are idempotent: a second run installs
# nothing and rebuilds only what changed.
#   make demo   install what is missing, build everything, run the collector with the demos
#   make test   install what is missing, build everything, run every suite
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Debian packages the build and the tests need (node and npm come from the machine, or
# from Debian's nodejs/npm when missing). postgresql: the server the shared store's tests
# start in a temporary folder (tests/collector/postgres_server.cpp); libpq-dev its client.
APT_PACKAGES := cmake ninja-build g++ clang pkg-config nlohmann-json3-dev googletest \
  libgtest-dev libgmock-dev libbenchmark-dev libcpp-httplib-dev libsqlite3-dev sqlite3 \
  postgresql libpq-dev libssl-dev \
  emscripten binaryen zopfli chromium curl ca-certificates clang-format
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian's Emscripten needs Debian's acorn for its optimiser (DESIGN, toolchain facts).
export NODE_PATH := /usr/share/nodejs

STAMPS := build/.stamps
NATIVE := build/native
WASM := build/wasm
FUZZ := build/fuzz
DIST := web/dist
PORT ?= 8080
DEMO_TOKEN ?= demo-token

WEB_SOURCES := $(wildcard web/src/*.js web/styles/*.css web/types/*.d.ts) web/build.mjs package.json
SITE := build/site
FORMS := build/forms
DEMO_SOURCES := $(shell find demo -type f -not -path 'demo/leads/*' -not -path 'demo/xeducation/*')

.PHONY: help deps native wasm web build fuzzers test demo clean
help:
	@echo "make demo   build everything and serve the demo pages on http://127.0.0.1:$(PORT)/"
	@echo "make test   build everything and run every test suite"

deps: $(STAMPS)/apt $(STAMPS)/npm

# Re-checked on every run (cheap); apt-get runs only when something is missing.
$(STAMPS)/apt: FORCE
	@mkdir -p $(STAMPS)
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	command -v node >/dev/null || missing="$$missing nodejs"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  echo "== installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi; \
	[ -f $@ ] || touch $@

$(STAMPS)/npm: package.json package-lock.json | $(STAMPS)/apt
	@echo "== npm ci"
	@npm ci --no-audit --no-fund --loglevel=error
	@mkdir -p $(STAMPS) && touch $@

$(NATIVE)/build.ninja: | $(STAMPS)/apt
	cmake -S . -B $(NATIVE) -G Ninja -DCMAKE_BUILD_TYPE=Release

native: $(NATIVE)/build.ninja
	@cmake --build $(NATIVE)

$(WASM)/build.ninja: | $(STAMPS)/apt $(STAMPS)/npm
	emcmake cmake -S . -B $(WASM) -G Ninja -DCMAKE_BUILD_TYPE=MinSizeRel

wasm: $(WASM)/build.ninja
	@cmake --build $(WASM)

$(DIST)/magnete.js: $(WEB_SOURCES) wasm/abi.mjs $(WASM)/web/magnete-core.wasm $(WASM)/web/magnete-core-full.wasm | $(STAMPS)/npm
	node web/build.mjs --wasm-dir $(WASM)/web

web: wasm
	@$(MAKE) --no-print-directory $(DIST)/magnete.js $(SITE)/.stamp $(FORMS)/.stamp

# The demo site with its widgets pre-rendered (the recommended embed), and every demo campaign's
# form in each locale and variant for the collector's --forms (the page it sends back, with the
# core's messages, when a post without script has errors). Both by web/prerender.mjs, which
# checks each campaign with the core's node build.
$(SITE)/.stamp: $(DEMO_SOURCES) web/prerender.mjs $(WEB_SOURCES) $(WASM)/node/magnete-core.wasm | $(STAMPS)/npm
	@rm -rf $(SITE)
	node web/prerender.mjs --site demo --out $(SITE)
	@touch $@

$(FORMS)/.stamp: $(wildcard demo/campaigns/*.json) web/prerender.mjs $(WEB_SOURCES) $(WASM)/node/magnete-core.wasm | $(STAMPS)/npm
	@rm -rf $(FORMS)
	node web/prerender.mjs --forms demo/campaigns --out $(FORMS)
	@touch $@

build: deps native web

# The libFuzzer targets, in a clang + ASan/UBSan folder of their own (tests/fuzz/run.sh
# configures the same way when run alone). `make test` runs each for ~20 s.
$(FUZZ)/build.ninja: | $(STAMPS)/apt
	cmake -S . -B $(FUZZ) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
	  -DMAGNETE_BUILD_FUZZERS=ON -DMAGNETE_BUILD_TESTS=OFF -DMAGNETE_BUILD_TOOLS=OFF \
	  -DMAGNETE_BIN_DIR=$(CURDIR)/$(FUZZ)/bin

fuzzers: $(FUZZ)/build.ninja
	@cmake --build $(FUZZ) -j 2

test: build fuzzers
	@node tests/run-all.mjs

demo: build
	@mkdir -p data
	@echo; echo "== Magnete demo (collector on 127.0.0.1:$(PORT), database data/magnete.db)"
	@echo "   http://127.0.0.1:$(PORT)/             (the list of demo pages)"
	@for d in demo/*/index.html; do d=$${d#demo/}; echo "   http://127.0.0.1:$(PORT)/$${d%index.html}"; done
	@echo "   http://127.0.0.1:$(PORT)/dashboard/   (token $(DEMO_TOKEN))"
	@echo "   leads:     curl -H 'Authorization: Bearer $(DEMO_TOKEN)' http://127.0.0.1:$(PORT)/v1/leads"
	@echo "   stop with Ctrl-C"; echo
	@MAGNETE_TOKEN=$(DEMO_TOKEN) build/bin/magnete-collector --port $(PORT) --bind 127.0.0.1 \
	  --data data --campaigns demo/campaigns --static $(SITE) --forms $(FORMS) --web $(DIST) --demo

clean:
	rm -rf build $(DIST)

FORCE:

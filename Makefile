# Refer — the two set-up commands (README.md) and a few helpers.
# `make demo` and `make test` install what is missing (Debian), build, and run.

SWIFT ?= swift
DEMO_DIR := $(shell mktemp -d -u /tmp/refer-demo.XXXXXX)

.PHONY: deps deps-test build release demo test clean

# Lua 5.4 headers and library for the CLua system module.
deps:
	@pkg-config --exists lua5.4 2>/dev/null || { \
	  echo "installing liblua5.4-dev (needs root)"; \
	  (apt-get update -qq || true) && apt-get install -y -qq liblua5.4-dev >/dev/null; }

# What the test suite uses besides Lua: luacheck, msmtp, sqlite3, chromium, python3.
deps-test: deps
	@bash scripts/install-test-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --static-swift-stdlib

demo: build
	@bash scripts/demo.sh "$(DEMO_DIR)"

test: deps-test
	bash scripts/check-patterns.sh
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip HostileTests --skip TransportTests
	@# Hostile plugins are timed against the 5 s deadline, and the transport tests time
	@# a command's timeout: run them after the rest, on a quiet machine.
	$(SWIFT) test --skip-build --filter "HostileTests|TransportTests"

clean:
	rm -rf .build

# kiln: two commands set everything up on a fresh Debian machine.
#   make run    install what is missing, build, start kilnd with embedded defaults
#   make test   install what is missing, check formatting and lints, run the whole suite

SHELL := /bin/bash
CARGO ?= cargo
# Debian packages the build and kilnd need (LibreOffice converts office files).
DEB_PACKAGES := build-essential pkg-config curl ca-certificates libavcodec-dev libavformat-dev libavutil-dev libswscale-dev libswresample-dev libavfilter-dev libavdevice-dev clang libclang-dev fonts-dejavu-core libheif-dev libturbojpeg0-dev libjpeg62-turbo-dev libwebp-dev libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui
# What only the tests use: the ffmpeg and magick command lines (checking the
# commands kiln prints), promtool (from prometheus), tmux (the console test), jq.
TEST_PACKAGES := jq ffmpeg imagemagick prometheus tmux
# What `make bench` compares against and drives load with (its clips come
# from pip and `apt-get download`, see bench/clips.sh).
BENCH_PACKAGES := libvips-tools wrk poppler-utils ghostscript
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps test-deps apt-install py-deps s3-server bench-deps build release run test lint fmt bench console clean install soak soak-long fuzz

all: build

deps:
	@$(MAKE) -s apt-install PACKAGES="$(DEB_PACKAGES)"
	@command -v $(CARGO) >/dev/null || { echo "cargo not found: install Rust (rustup) first"; exit 1; }

test-deps: deps
	@$(MAKE) -s apt-install PACKAGES="$(TEST_PACKAGES)"

bench-deps: test-deps
	@$(MAKE) -s apt-install PACKAGES="$(BENCH_PACKAGES)"

# Installs whichever of PACKAGES are missing.
apt-install:
	@missing=""; \
	for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; \
	fi

# Python tools the tests use: an OpenAPI validator, an independent
# Standard Webhooks implementation, schemathesis (API fuzzing), and a client
# generator with mypy (a generated client must run both workflows typed).
PY_PACKAGES := openapi-spec-validator standardwebhooks schemathesis openapi-python-client mypy
py-deps:
	@python3 -c "import openapi_spec_validator, standardwebhooks, schemathesis, openapi_python_client, mypy" 2>/dev/null || \
	  python3 -m pip install -q --disable-pip-version-check $(PY_PACKAGES)

# The S3 server the storage tests (tests/tests/s3_storage.rs) run against:
# s3s-fs, an S3 API over a directory that checks SigV4 signatures, presigned
# URLs included. Built from crates.io into target/tools when missing (about
# two minutes). 0.14.1: later releases need a newer rustc.
S3S_FS := target/tools/bin/s3s-fs
s3-server:
	@[ -x $(S3S_FS) ] || $(CARGO) install s3s-fs --version 0.14.1 --features binary --locked --root target/tools

build: deps
	$(CARGO) build --workspace --bins

# Only the shipped packages: building the workspace would unify kilnd's
# features with kiln-tests' and put the test kit (`testkit`) into kilnd.
release: deps
	$(CARGO) build --release -p kilnd -p kiln --bins

run: release
	./target/release/kilnd serve

lint: deps
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

test: test-deps lint py-deps s3-server
	$(CARGO) build --workspace --bins
	@export KILN_BIN_DIR="$$(pwd)/target/debug"; \
	if $(CARGO) nextest --version >/dev/null 2>&1; then \
	  $(CARGO) nextest run --workspace --no-fail-fast; \
	else \
	  $(CARGO) test --workspace --no-fail-fast; \
	fi

fmt:
	$(CARGO) fmt --all

bench: release bench-deps s3-server
	$(CARGO) build --release -p kilnd --example hello
	KILND=target/release/kilnd KILN=target/release/kiln HELLO=target/release/examples/hello ./bench/load.sh 10
	KILND=target/release/kilnd KILN=target/release/kiln ./bench/upload.py
	KILN_MEDIA_BENCH="$$(pwd)/target/release/kiln-media-bench" KILN_STILLS="$$(pwd)/target/release/kilnd-stills" ./bench/media.sh
	KILN_BENCH="$$(pwd)/target/release/kiln-bench" ./bench/interp.sh
	KILND="$$(pwd)/target/release/kilnd" KILN="$$(pwd)/target/release/kiln" \
	  KILN_BENCH="$$(pwd)/target/release/kiln-bench" ./bench/render.sh
	KILN_PLAN_BENCH="$$(pwd)/target/release/kiln-plan-bench" ./bench/plan.sh
	KILND="$$(pwd)/target/release/kilnd" KILN="$$(pwd)/target/release/kiln" ./bench/nodes.sh
	$(CARGO) build --release -p kilnd --features testkit --bin kiln-doc-bench
	KILN_DOC_BENCH="$$(pwd)/target/release/kiln-doc-bench" ./bench/documents.sh

# The chaos test at length: many rounds of kill -9 under load; then the long soak.
soak: build test-deps
	CHAOS_ROUNDS=$${CHAOS_ROUNDS:-25} KILN_BIN_DIR="$$(pwd)/target/debug" $(CARGO) test -p kiln-tests --test chaos -- --nocapture
	$(MAKE) soak-long

# A release kilnd under mixed traffic for SOAK_MINUTES (60), sampled every
# 30 s; fails on 5xx, growth or latency drift (docs/reliability.md, "Long soak").
soak-long: release test-deps
	KILND=target/release/kilnd KILN=target/release/kiln python3 bench/soak.py

# Fuzzing at length: the property tests with many more cases, then each
# coverage-guided cargo-fuzz target for FUZZ_SECS seconds.
fuzz: deps
	PROPTEST_CASES=$${PROPTEST_CASES:-100000} $(CARGO) test --release -p kilnd --test fuzz
	./fuzz/run.sh $${FUZZ_SECS:-300}

console: build
	./target/debug/kiln

# Install for a single-box systemd deployment.
PREFIX ?= /usr/local
install: release
	install -D -m 0755 target/release/kilnd $(DESTDIR)$(PREFIX)/bin/kilnd
	install -D -m 0755 target/release/kilnd-stills $(DESTDIR)$(PREFIX)/bin/kilnd-stills
	install -D -m 0755 target/release/kiln $(DESTDIR)$(PREFIX)/bin/kiln
	install -D -m 0644 systemd/kilnd.service $(DESTDIR)/etc/systemd/system/kilnd.service
	install -D -m 0644 systemd/kiln.sysusers $(DESTDIR)/usr/lib/sysusers.d/kiln.conf
	@if [ ! -e $(DESTDIR)/etc/kiln/kilnd.toml ]; then \
	  install -D -m 0640 systemd/kilnd.toml $(DESTDIR)/etc/kiln/kilnd.toml; fi
	@echo "then: systemd-sysusers && systemctl daemon-reload && systemctl enable --now kilnd"

clean:
	$(CARGO) clean

#!/usr/bin/env bash
# Runs every test: Rust unit and integration tests (including binding
# drift), UI type checks and unit tests, and the end-to-end tests of the
# real app under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/install-deps.sh

echo "==> UI: type check, unit tests, build"
(cd ui && npm run --silent check && npm test --silent && npm run --silent build)

echo "==> Rust: formatting and clippy (warnings denied)"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "==> Rust: unit and integration tests (bindings drift included)"
cargo test --workspace --locked

echo "==> End to end: the real app under Xvfb"
cargo build --locked --bin accord-app
(cd tests/e2e && xvfb-run -a --server-args="-screen 0 1400x900x24" npm test --silent)

echo "==> Installer: build the .deb, install it, open it, remove it"
scripts/test-deb.sh

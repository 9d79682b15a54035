#!/usr/bin/env bash
# Runs every test: UI type checks and unit tests, Rust formatting and clippy,
# Rust unit and integration tests (including binding drift), the end-to-end
# tests of the real app under Xvfb, and the .deb install test.
#
#   scripts/test.sh                 every stage, in order
#   scripts/test.sh e2e deb         only the named stages
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/install-deps.sh

ui() {
  echo "==> UI: type check, unit tests, build"
  (cd ui && npm run --silent check && npm test --silent && npm run --silent build)
}
fmt() {
  echo "==> Rust: formatting"
  cargo fmt --all -- --check
}
# The app crate embeds ui/dist, so Rust stages run alone need it built once.
ui_built() {
  [ -f ui/dist/index.html ] || (cd ui && npm run --silent build)
}
clippy() {
  echo "==> Rust: clippy (warnings denied)"
  ui_built
  cargo clippy --workspace --all-targets --locked -- -D warnings
}
rust() {
  echo "==> Rust: unit and integration tests (bindings drift included)"
  ui_built
  cargo test --workspace --locked
}
e2e() {
  echo "==> End to end: the real app under Xvfb"
  ui_built
  cargo build --locked --bin accord-app
  cargo build --locked -p accord-cli --bin accord
  (cd tests/e2e && xvfb-run -a --server-args="-screen 0 1400x900x24" npm test --silent)
}
deb() {
  echo "==> Installer: build the .deb, install it, open it, remove it"
  scripts/test-deb.sh
}

stages=("$@")
((${#stages[@]})) || stages=(ui fmt clippy rust e2e deb)
for stage in "${stages[@]}"; do
  case "$stage" in
    ui | fmt | clippy | rust | e2e | deb) "$stage" ;;
    *) echo "unknown stage: $stage (ui fmt clippy rust e2e deb)" >&2; exit 2 ;;
  esac
done
echo "==> all passed: ${stages[*]}"

#!/usr/bin/env bash
# Prints Accord's benchmark figures:
#  1. criterion: an edit through the api vs a bare rusqlite UPDATE+COMMIT;
#  2. a 1,000-item baseline: canonical hash + Ed25519 sign + verify;
#  3. the agenda (agreement marks, attention, baseline diff) of 2,000 items;
#  3b. importing a 5,000-row Jira CSV (preview, write) beside bare CSV reading;
#  4. the roadmap PDF of 20 and 1,000 items (render, verify, peak memory);
#  4b. a planning session on loopback: edit latency host → guest and
#     guest → host → guest beside bare WebSocket, TCP and TLS echoes, sign
#     to agreed (a guest's signature until both windows read it agreed; the
#     KDF and the host's check apart), and a guest's sustained ops/s;
#  5. the real app (release build) on a 2,000-item roadmap: time to first
#     paint of the roadmap and matrix views, under Xvfb; then the roadmap's
#     first paint on 10,000 items;
#  6. footprint: launch to content and idle PSS of the process tree, Accord
#     on 2,000 items beside a hello-world Tauri 2 window built here with the
#     same Tauri (bench/hello-tauri, against a copy of Cargo.lock);
#  7. the .deb: its size, and what its binary and each bundled font cost.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/install-deps.sh
ITEMS="${ITEMS:-2000}"

echo "==> api edit vs bare commit (criterion, release)"
cargo bench -p accord-api --bench edit -- --warm-up-time 1 --measurement-time 3 2>&1 | grep -E "edit via api|time:|^edit"

echo "==> 1,000-item baseline: canonical hash, sign, verify (criterion, release)"
cargo bench -p accord-domain --bench baseline -- --warm-up-time 1 --measurement-time 3 2>&1 | grep -E "^1,000|time:|^baseline"

echo "==> agenda of 2,000 items (criterion, release)"
cargo bench -p accord-api --bench agenda -- --warm-up-time 1 --measurement-time 3 2>&1 | grep -E "time:|^agenda|^[a-z_/-]+ *$"

echo "==> import a 5,000-row Jira CSV: preview and write (criterion, release)"
cargo bench -p accord-csv --bench read -- --warm-up-time 1 --measurement-time 3 2>&1 | grep -E "time:|^read|ratio"
cargo bench -p accord-api --bench import -- --warm-up-time 1 --measurement-time 5 2>&1 | grep -E "time:|^import"

echo "==> roadmap PDF: render 20 and 1,000 items, verify 20 (criterion, release)"
(cd ui && npm run --silent build)
cargo bench -p accord-export --bench render 2>&1 | grep -E "time:|^render|^verify"
cargo run --quiet --release -p accord-export --example peak_memory -- 1000

echo "==> planning session on loopback (release)"
cargo bench -p accord-sync --bench session 2>&1 | grep -vE "^\s*(Compiling|Finished|Running)"

echo "==> whole app, $ITEMS items (release)"
(cd ui && npm run --silent build)
cargo build --release --bin accord-app -p accord --example seed -p accord-api
data="$(mktemp -d)"
target/release/examples/seed "$data" "$ITEMS"
(cd tests/e2e && ACCORD_APP="$PWD/../../target/release/accord-app" \
  xvfb-run -a --server-args="-screen 0 1400x900x24" node bench.mjs "$data" 5)

echo "==> whole app, 10,000 items (release)"
big="$(mktemp -d)"
target/release/examples/seed "$big" 10000
(cd tests/e2e && ACCORD_APP="$PWD/../../target/release/accord-app" \
  xvfb-run -a --server-args="-screen 0 1400x900x24" node bench.mjs "$big" 3)
rm -rf "$big"

echo "==> footprint: Accord on $ITEMS items beside a hello-world Tauri 2 window (release)"
cp Cargo.lock bench/hello-tauri/Cargo.lock
cargo build --release --manifest-path bench/hello-tauri/Cargo.toml --target-dir target
(cd tests/e2e && xvfb-run -a --server-args="-screen 0 1400x900x24" node footprint.mjs \
  "$PWD/../../target/release/accord-app" "$data" "$PWD/../../target/release/hello-tauri" 5)
rm -rf "$data"

echo "==> the .deb and what is in it"
ui/node_modules/.bin/tauri build --bundles deb --ci >/dev/null
deb=$(ls -t target/release/bundle/deb/*.deb | head -1)
echo "    .deb as tauri writes it (gzip): $(stat -c %s "$deb") bytes"
scripts/pack-deb.sh "$deb"
echo "    binary: $(stat -c %s target/release/accord-app) bytes, $(xz -9c target/release/accord-app | wc -c) with xz"
for f in crates/export/fonts/*; do
  echo "    $(basename "$f"): $(stat -c %s "$f") bytes, $(xz -9c "$f" | wc -c) with xz"
done

#!/usr/bin/env bash
# Installs what is missing, builds the UI and starts Accord on its default
# database (the OS app-data directory; pass --data-dir DIR to use another).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/install-deps.sh
(cd ui && npm run --silent build)
exec cargo run --release --bin accord-app -- "$@"

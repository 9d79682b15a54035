# Sourced by the other scripts: puts the toolchains install-deps.sh may have
# fetched (rustup's cargo, a private Node.js) on PATH.
export PATH="$HOME/.cargo/bin:$PATH"
if [ -x "$(dirname "${BASH_SOURCE[0]}")/../.tools/node/bin/node" ]; then
  PATH="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.tools/node/bin:$PATH"
fi

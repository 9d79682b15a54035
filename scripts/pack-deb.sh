#!/usr/bin/env bash
# Recompresses a .deb that tauri built (its data is gzip) with xz, as
# Debian's own packages are: the same files, a third smaller. dpkg reads
# xz on every Debian and Ubuntu release Accord supports.
#   scripts/pack-deb.sh path/to/Accord_x.y.z_amd64.deb
set -euo pipefail
deb="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dpkg-deb --raw-extract "$deb" "$work/root"
before=$(stat -c %s "$deb")
dpkg-deb --root-owner-group -Zxz -z9 --build "$work/root" "$work/packed.deb" >/dev/null
mv "$work/packed.deb" "$deb"
echo "    recompressed with xz: $before → $(stat -c %s "$deb") bytes"

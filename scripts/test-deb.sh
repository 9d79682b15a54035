#!/usr/bin/env bash
# Builds the Linux .deb in release, installs it with apt, launches the
# installed binary under Xvfb and checks its window through WebDriver, then
# uninstalls it and checks nothing is left behind. Prints the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/install-deps.sh
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

started=$(date +%s)
(cd ui && npm run --silent build)
ui/node_modules/.bin/tauri build --bundles deb --ci
deb=$(ls -t target/release/bundle/deb/*.deb | head -1)
package=$(dpkg-deb -f "$deb" Package)
echo "==> built $deb in $(( $(date +%s) - started )) s"
echo "    .deb size: $(du -h "$deb" | cut -f1) ($(stat -c %s "$deb") bytes); installed binary: $(dpkg-deb -c "$deb" | awk '$6 ~ /usr\/bin\// {print $3}') bytes"
echo "    depends: $(dpkg-deb -f "$deb" Depends)"

echo "==> apt-get install ./$deb"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null
trap '$SUDO env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq "$package" >/dev/null 2>&1 || true' EXIT
test -x /usr/bin/accord-app
test -f /usr/share/applications/Accord.desktop

echo "==> launching the installed app under Xvfb"
(cd tests/e2e && ACCORD_APP=/usr/bin/accord-app xvfb-run -a --server-args="-screen 0 1400x900x24" \
  node --test --test-reporter=spec installed.check.mjs)

echo "==> apt-get remove $package"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq "$package" >/dev/null
trap - EXIT
if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
  echo "$package is still installed" >&2; exit 1
fi
test ! -e /usr/bin/accord-app || { echo "/usr/bin/accord-app is left behind" >&2; exit 1; }
echo "==> installed, launched and removed cleanly in $(( $(date +%s) - started )) s"

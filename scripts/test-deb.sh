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
scripts/pack-deb.sh "$deb"
package=$(dpkg-deb -f "$deb" Package)
echo "==> built $deb in $(( $(date +%s) - started )) s"
echo "    .deb size: $(du -h "$deb" | cut -f1) ($(stat -c %s "$deb") bytes); installed binary: $(dpkg-deb -c "$deb" | awk '$6 ~ /usr\/bin\/[^\/]+$/ {print $3}') bytes"
echo "    depends: $(dpkg-deb -f "$deb" Depends)"

echo "==> apt-get install ./$deb"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null
trap '$SUDO env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq "$package" >/dev/null 2>&1 || true' EXIT
test -x /usr/bin/accord-app
test -f /usr/share/applications/Accord.desktop

echo "==> the installed accord command"
/usr/bin/accord --version
cli_dir=$(mktemp -d)
echo "a long enough passphrase" | /usr/bin/accord --data-dir "$cli_dir" init --name Emil --role em --roadmap Platform --passphrase-stdin
/usr/bin/accord --data-dir "$cli_dir" add --title "Checkout" >/dev/null
/usr/bin/accord --data-dir "$cli_dir" export-pdf --output "$cli_dir/roadmap.pdf"
# An unsigned roadmap verifies as untouched but a draft: exit code 4.
set +e; /usr/bin/accord --data-dir "$cli_dir" verify "$cli_dir/roadmap.pdf"; verified=$?; set -e
[ "$verified" -eq 4 ] || { echo "accord verify exited $verified, expected 4 (an untouched draft)" >&2; exit 1; }
rm -rf "$cli_dir"

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
test ! -L /usr/bin/accord || { echo "/usr/bin/accord is left behind" >&2; exit 1; }
echo "==> installed, launched and removed cleanly in $(( $(date +%s) - started )) s"

#!/usr/bin/env bash
# e2e: `inventory --format html` in a real browser. Debian's chromium, headless, renders the page of a
# realistic cluster (tests/e2e/fixtures/inventory-cluster.yaml: 11 namespaces, 37 PVCs, 33 backed up, two
# repositories, explicit crons that pile up) to a PNG, checked non-blank and compared loosely with
# docs/inventory.png (the README's screenshot; fonts may differ), and dumps its DOM, checked for every
# backed-up PVC, heatmap titles naming the PVCs, and nothing fetched from outside; rendered again in
# the dark theme, the page must be dark; printed to PDF, there must be one.
# Skips (77) only when chromium or Pillow is missing or chromium cannot start.
# Usage: bash tests/e2e/inventory_html.sh /abs/path/to/volsync-gen   (exit 0 pass, 1 fail, 77 skip)
# VG_UPDATE_SCREENSHOT=1 rewrites docs/inventory.png from this run.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib/common.bash"
e2e_init "$@"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
FIXTURE=$ROOT/tests/e2e/fixtures/inventory-cluster.yaml
REFERENCE=$ROOT/docs/inventory.png
NOW=1795500000  # 2026-11-24 06:00 UTC: the page and the reference show the same day

[[ -x $CHROMIUM ]] || { echo "SKIP: $CHROMIUM not installed (Debian: apt-get install chromium)"; exit 77; }
PY=""
for p in python3 /usr/bin/python3; do
  if "$p" -c 'import PIL, yaml' 2>/dev/null; then PY=$p; break; fi
done
[[ -n $PY ]] || { echo "SKIP: no python3 with Pillow and PyYAML (Debian: python3-pil python3-yaml)"; exit 77; }

# A fresh profile, no network services, no GPU: what a CI container can run.
chrome() {
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --no-first-run --disable-sync --disable-extensions --hide-scrollbars \
    --user-data-dir="$T/profile-$1" "${@:2}"
}

echo '<!DOCTYPE html><title>probe</title><p>probe</p>' >"$T/probe.html"
if ! chrome probe --dump-dom "file://$T/probe.html" >"$T/probe.out" 2>"$T/probe.err" || ! grep -q probe "$T/probe.out"; then
  tail -5 "$T/probe.err"
  echo "SKIP: $CHROMIUM cannot be started headless here"
  exit 77
fi

status=0
"$BIN" inventory --format html --now "$NOW" "$FIXTURE" >"$T/inventory.html" 2>"$T/err" || status=$?
[[ $status == 0 || $status == 3 ]] || { cat "$T/err" >&2; fail "inventory --format html exited $status"; }
[[ -s $T/inventory.html ]] || fail "inventory --format html wrote nothing"

chrome shot --window-size=1280,1800 --screenshot="$T/page.png" "file://$T/inventory.html" >/dev/null 2>"$T/shot.err" ||
  { tail -5 "$T/shot.err" >&2; fail "chromium could not render the page to a PNG"; }
# The reader's dark theme: chromium's --force-dark-mode makes prefers-color-scheme: dark match.
chrome dark --force-dark-mode --window-size=1280,1800 --screenshot="$T/dark.png" "file://$T/inventory.html" \
  >/dev/null 2>"$T/dark.err" || { tail -5 "$T/dark.err" >&2; fail "chromium could not render the page dark"; }
# Printed: the print styles apply and chromium lays the page out on paper.
chrome print --no-pdf-header-footer --print-to-pdf="$T/page.pdf" "file://$T/inventory.html" >/dev/null 2>"$T/pdf.err" ||
  { tail -5 "$T/pdf.err" >&2; fail "chromium could not print the page"; }
[[ $(head -c 5 "$T/page.pdf") == "%PDF-" && $(stat -c %s "$T/page.pdf") -gt 20000 ]] ||
  fail "printing the page gave no PDF of substance ($(stat -c %s "$T/page.pdf" 2>/dev/null) bytes)"
chrome dom --dump-dom "file://$T/inventory.html" >"$T/dom.html" 2>"$T/dom.err" ||
  { tail -5 "$T/dom.err" >&2; fail "chromium could not dump the page's DOM"; }

if [[ -n ${VG_UPDATE_SCREENSHOT:-} ]]; then
  cp "$T/page.png" "$REFERENCE"
  echo "updated $REFERENCE"
fi
"$PY" "$ROOT/tests/e2e/lib/check_inventory_page.py" "$FIXTURE" "$T/dom.html" "$T/page.png" "$REFERENCE" "$T/dark.png" ||
  fail "the rendered inventory page is not as expected (see above)"
echo "ok: chromium renders the inventory page; DOM and screenshot checked"

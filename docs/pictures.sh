#!/usr/bin/env bash
# Redraws the pictures of the docs: three SVG exports of the embedded corpus
# and a PNG screenshot of each, taken by headless Chromium.
#
#   bash docs/pictures.sh                       # uses `plangraph` on PATH
#   PLANGRAPH="cargo run --release --" bash docs/pictures.sh
#   OUT=/tmp/pictures bash docs/pictures.sh     # somewhere else than docs/
#
# The screenshots need Chromium and a CJK font (bash .ci/install-readers.sh
# installs both on Debian/Ubuntu); without a CJK font every label is a box.
set -euo pipefail
cd "$(dirname "$0")/.."
PLANGRAPH=${PLANGRAPH:-plangraph}
OUT=${OUT:-docs}
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
if [ -z "$CHROMIUM" ]; then
  echo "pictures.sh: no chromium found (bash .ci/install-readers.sh installs it, or set CHROMIUM)" >&2
  exit 1
fi
# Chromium refuses to run as root inside its sandbox.
SANDBOX=()
if [ "$(id -u)" = 0 ]; then SANDBOX=(--no-sandbox); fi
mkdir -p "$OUT"

# The three pictures: the whole co-lead network, one unit's ego network
# (units only), and one unit's neighbourhood (tasks, plans, regions …).
$PLANGRAPH export co-lead --format svg -o "$OUT/co-lead.svg"
$PLANGRAPH export co-lead --unit 省科技厅 --hops 1 --format svg -o "$OUT/co-lead-kejiting.svg"
$PLANGRAPH export unit 省科技厅 --hops 1 --format svg -o "$OUT/unit-kejiting.svg"

for name in co-lead co-lead-kejiting unit-kejiting; do
  # The window is the SVG's size: 1600 × 1200 drawing plus the 300-pixel legend.
  "$CHROMIUM" --headless "${SANDBOX[@]}" --disable-gpu --hide-scrollbars \
    --window-size=1900,1200 --screenshot="$OUT/$name.png" \
    "file://$(cd "$OUT" && pwd)/$name.svg" >/dev/null 2>&1
  echo "wrote $OUT/$name.png" >&2
done

# Screenshots of `plangraph serve`: the workbench with a canned question
# answered, and a unit's linked-data page.
SERVE_LOG=$(mktemp)
$PLANGRAPH serve --bind 127.0.0.1:0 >"$SERVE_LOG" 2>/dev/null &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do [ -s "$SERVE_LOG" ] && break; sleep 0.2; done
URL=$(head -1 "$SERVE_LOG")
QUERY=$(python3 -c 'import urllib.parse,sys; print(urllib.parse.quote(open("queries/units-by-led-tasks.rq").read()))')
shot() { # name url height
  "$CHROMIUM" --headless "${SANDBOX[@]}" --disable-gpu --hide-scrollbars --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d)" --virtual-time-budget=20000 \
    --window-size=1400,"$3" --screenshot="$OUT/$1.png" "$2" >/dev/null 2>&1
  echo "wrote $OUT/$1.png" >&2
}
shot serve-workbench "${URL}?query=${QUERY}" 1500
shot serve-unit "${URL}id/unit/%E5%B1%B1%E4%B8%9C%E7%9C%81%E7%A7%91%E6%8A%80%E5%8E%85" 1400
kill $SERVER

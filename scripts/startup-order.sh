#!/usr/bin/env bash
# Writes build/startup-order.txt: the functions of the binary that a start-up runs (the start-up bench's
# `quote` and `compare`, a table quote, a REST quote, --version), first seen first, one symbol a line.
# build.rs hands the file to lld (`--symbol-ordering-file`) so that these functions sit together in the
# binary's text and a start maps a few hundred KB of code instead of pages spread over 12 MB (issue 32).
# Run it again after large changes to the start-up path: names the build no longer has are skipped, so
# a stale list only costs speed. Needs valgrind. Usage: bash scripts/startup-order.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# An unstripped build of the same code: the symbols are the ones the release link orders.
cargo rustc --release --quiet --bin apigw-cost -- -C strip=none
cp "${CARGO_TARGET_DIR:-target}/release/apigw-cost" "$tmp/apigw-cost"
cargo build --release --quiet   # the stripped binary back
runs=("quote --api http --requests 600M --format json"
      "compare --requests 100M"
      "quote --api http --requests 600M"
      "quote --api rest --requests 10M --format json"
      "quote --api websocket --messages 50M --connection-minutes 1M"
      "--version")
for i in "${!runs[@]}"; do
  # shellcheck disable=SC2086
  valgrind --tool=callgrind --demangle=no --compress-strings=no --compress-pos=no \
    --callgrind-out-file="$tmp/cg.$i" "$tmp/apigw-cost" ${runs[$i]} >/dev/null 2>&1
done
# Each function with a cost in the binary itself (`ob=` the binary), callgrind's recursion suffix
# ('2) removed: the first run's functions, then those each next run adds, each group sorted by name
# (a stable file to diff).
: > "$tmp/order"
for i in "${!runs[@]}"; do
  awk -v bin="$tmp/apigw-cost" '
    /^ob=/ { ob = substr($0, 4) }
    /^fn=/ { name = substr($0, 4); sub(/'"'"'[0-9]+$/, "", name)
             if (ob == bin && name !~ /^0x/ && name !~ /^\(/) print name }
  ' "$tmp/cg.$i" | LC_ALL=C sort -u | { grep -vxF -f "$tmp/order" || true; } > "$tmp/new"
  cat "$tmp/new" >> "$tmp/order"
done
cp "$tmp/order" build/startup-order.txt
touch src/main.rs   # the next build links the binary again with the new list (build.rs does not watch it)
echo "build/startup-order.txt: $(wc -l < build/startup-order.txt) functions"

#!/usr/bin/env bash
# Whole-process time of `apigw-cost quote` against a hello-world binary built with the same profile.
# Usage: bash benches/startup.sh   (needs hyperfine; installs it from Debian if missing and allowed)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'fn main() { println!("hello"); }\n' > "$tmp/hello.rs"
rustc -O -C strip=symbols -o "$tmp/hello" "$tmp/hello.rs"
if ! command -v hyperfine >/dev/null 2>&1; then
  (apt-get install -y hyperfine >/dev/null 2>&1 || sudo apt-get install -y hyperfine >/dev/null 2>&1) || true
fi
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine -N --warmup 50 --runs 1000 "$tmp/hello" "target/release/apigw-cost quote --api http --requests 600M --format json"
else
  # Fallback: 1000 runs of each, wall clock.
  for cmd in "$tmp/hello" "target/release/apigw-cost quote --api http --requests 600M --format json"; do
    start=$(date +%s%N)
    for _ in $(seq 1000); do $cmd >/dev/null; done
    end=$(date +%s%N)
    echo "$cmd: $(( (end - start) / 1000 )) ns per run"
  done
fi

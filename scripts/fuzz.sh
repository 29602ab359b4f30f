#!/usr/bin/env bash
# Fuzzes every parser and the cost model: 1,000,000 generated cases per target (benches/fuzz.rs), no
# panic allowed. Not part of CI (it takes minutes); run it after changing a parser.
#   bash scripts/fuzz.sh                        # every target, 1M cases each
#   CASES=100000 bash scripts/fuzz.sh --only catalog --seed 7
#   bash scripts/fuzz.sh --keep-going           # count every panic site instead of stopping at the first
set -euo pipefail
cd "$(dirname "$0")/.."
# The bills target writes each mutated bill to a temporary file: on a disk that is 6 ms a case (1M cases
# take hours), in memory 0.4 ms. Use /dev/shm when there is one, unless TMPDIR is set.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then export TMPDIR=/dev/shm; fi
cargo bench --quiet --bench fuzz -- --cases "${CASES:-1000000}" "$@"

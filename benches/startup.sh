#!/usr/bin/env bash
# Start-up: whole `quote` and `compare` processes against a hello-world binary built with the same
# profile, measured in the same run and printed as ratios.
#   instructions  valgrind --tool=callgrind, whole process (repeatable on a loaded machine)
#   cpu           CPU time of the process (perf stat task-clock: what it costs the machine, the least moved
#                 by other load), median of RUNS interleaved rounds of BATCH runs, with its page faults
#   wall          median of RUNS interleaved batches of BATCH runs each (the machine's load average is
#                 printed with it: wall times on a shared machine move with it)
# Usage: bash benches/startup.sh   (BIN=path to time another apigw-cost build; RUNS=7 BATCH=100)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=target/release/apigw-cost
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rustc -O -C strip=symbols -o "$tmp/hello" benches/startup/hello.rs
# version: the command line's definition alone (clap), no catalog: what every command pays first
names=(hello version quote compare)
cmds=("$tmp/hello"
      "$BIN --version"
      "$BIN quote --api http --requests 600M --format json"
      "$BIN compare --requests 100M")
for c in "${cmds[@]}"; do $c >/dev/null; done   # warm the page cache
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); load average $(cut -d' ' -f1-3 /proc/loadavg)"

declare -A ir
if command -v valgrind >/dev/null 2>&1; then
  for i in "${!names[@]}"; do
    ir[${names[$i]}]=$(valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" ${cmds[$i]} 2>&1 >/dev/null \
      | sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
  done
  for n in "${names[@]}"; do
    awk -v n="$n" -v v="${ir[$n]}" -v h="${ir[hello]}" \
      'BEGIN { printf "instructions %-8s %12d  %6.1fx hello\n", n, v, v / h }'
  done
else
  echo "instructions: valgrind not installed (apt-get install valgrind), skipped"
fi

median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
if perf stat -x, -e task-clock true >/dev/null 2>&1; then
  declare -A cpu faults
  for _ in $(seq "${RUNS:-7}"); do
    for i in "${!names[@]}"; do
      out=$(perf stat -x, -e task-clock,page-faults -r "${BATCH:-100}" ${cmds[$i]} 2>&1 >/dev/null)
      cpu[${names[$i]}]+="$(echo "$out" | awk -F, '$3 == "task-clock" { print $1 }') "
      faults[${names[$i]}]=$(echo "$out" | awk -F, '$3 == "page-faults" { print $1 }')
    done
  done
  h=$(echo "${cpu[hello]}" | median)
  for n in "${names[@]}"; do
    m=$(echo "${cpu[$n]}" | median)
    awk -v n="$n" -v m="$m" -v h="$h" -v f="${faults[$n]}" \
      'BEGIN { printf "cpu          %-8s %9.3f ms  %6.2fx hello  %5d page faults\n", n, m, m / h, f }'
  done
else
  echo "cpu: perf stat -e task-clock not available, skipped"
fi

declare -A samples
for _ in $(seq "${RUNS:-7}"); do
  for i in "${!names[@]}"; do
    s=$(date +%s%N)
    for _ in $(seq "${BATCH:-100}"); do ${cmds[$i]} >/dev/null; done
    e=$(date +%s%N)
    samples[${names[$i]}]+="$(( (e - s) / ${BATCH:-100} )) "
  done
done
h=$(echo "${samples[hello]}" | median)
for n in "${names[@]}"; do
  m=$(echo "${samples[$n]}" | median)
  awk -v n="$n" -v m="$m" -v h="$h" 'BEGIN { printf "wall         %-8s %9.2f ms  %6.2fx hello\n", n, m / 1e6, m / h }'
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

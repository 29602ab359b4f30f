#!/usr/bin/env bash
# Batch rating throughput: generates 1M and 10M-row inputs, then times on one core (taskset) and
# measures peak RSS (/usr/bin/time) of
#   floor    a plain csv read-and-write of the same file (examples/csv_floor.rs)
#   summary  apigw-cost batch IN --summary -o OUT                      (separate accounts)
#   items    apigw-cost batch IN -o OUT                                (finance line items)
#   shared   apigw-cost batch IN --summary --accounts shared -o OUT   (multi-pass allocation)
#   summary2 / items2 / shared2   the same as summary / items / shared with --threads 2, on both cores (not pinned): read
#            their wall time against the one-core run's (rows/s per CPU second counts both threads)
#   pandas   benches/batch_peers.py pandas IN OUT   (the summary's tiered rating, vectorized pandas)
#   duckdb   benches/batch_peers.py duckdb IN OUT   (the same as one DuckDB SQL query)
#   pandas-items / duckdb-items     the line items' peers (a line per tier reached and a total, cents
#            split by largest remainder)
#   pandas-shared / duckdb-shared   the shared accounts' peers (accounts priced on summed requests,
#            each row's exact share and its cents by largest remainder)
# and prints the summary's, the line items' and the shared accounts' times as ratios of their peers',
# measured in the same run (all pinned to the same core; "3.1x" means apigw-cost took a third of the
# peer's time).
# Usage: bash benches/batch.sh [ROWS...]   (default: 1000000 10000000; BENCH_DIR to keep the files;
#        MODES="floor summary" to run a subset; REPEAT=3 runs each, the best is kept; BIN=path to time
#        another apigw-cost build; PYTHON=a python with pandas and duckdb, else a virtualenv in the
#        bench directory gets them from PyPI)
# rows/s is rows per CPU second (user + sys), so that other load on the machine does not count.
# The previous run's output is removed before each run, untimed: replacing a file of hundreds of MB costs
# the filesystem's freeing of its blocks (0.1 s for 339 MB of line items on an ext4 mounted with
# `discard`), paid by whichever run came second, not by the rating (KEEP_OUTPUTS=1 keeps them).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=target/release/apigw-cost
fi
bin=$BIN
floor=""
dir=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$dir"
[ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$dir"' EXIT
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 10000000)
modes=${MODES:-floor summary summary2 items items2 shared shared2 pandas duckdb pandas-items duckdb-items pandas-shared duckdb-shared}
case " $modes " in
  *" floor "*) cargo build --release --quiet --example csv_floor; floor=target/release/examples/csv_floor ;;
esac
py=${PYTHON:-}
case " $modes " in
  *" pandas"* | *" duckdb"*)
    if [ -z "$py" ]; then
      python3 -m venv "$dir/venv"
      "$dir/venv/bin/pip" install --quiet pandas duckdb
      py=$dir/venv/bin/python
    fi
    echo "peers: pandas $("$py" -c 'import pandas; print(pandas.__version__)'), duckdb $("$py" -c 'import duckdb; print(duckdb.__version__)')" ;;
esac
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
pin=()
command -v taskset >/dev/null 2>&1 && pin=(taskset -c 1)

measure() { # label rows command...  -> best of $REPEAT runs: wall and CPU seconds, rows/s (CPU), peak RSS
  local label=$1 rows=$2; shift 2
  local t="$dir/time.txt" best_cpu="" best_wall="" max_rss=0
  local on=("${pin[@]}")
  case $label in *2) on=() ;; esac   # --threads 2: both cores
  for _ in $(seq "${REPEAT:-3}"); do
    [ -n "${KEEP_OUTPUTS:-}" ] || clear_outputs
    if [ -x /usr/bin/time ]; then
      /usr/bin/time -f '%e %U %S %M' -o "$t" "${on[@]}" "$@" 2>/dev/null
      read -r wall user sys rss_kb < "$t"
      cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    else
      local s e; s=$(date +%s%N); "${on[@]}" "$@" 2>/dev/null; e=$(date +%s%N)
      wall=$(awk -v a="$s" -v b="$e" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'); cpu=$wall; rss_kb=0
    fi
    best_cpu=$(awk -v a="$best_cpu" -v b="$cpu" 'BEGIN { print (a == "" || b < a) ? b : a }')
    best_wall=$(awk -v a="$best_wall" -v b="$wall" 'BEGIN { print (a == "" || b < a) ? b : a }')
    [ "$rss_kb" -gt "$max_rss" ] && max_rss=$rss_kb
  done
  awk -v l="$label" -v n="$rows" -v w="$best_wall" -v c="$best_cpu" -v r="$max_rss" \
    'BEGIN { printf "%-13s %9d rows  wall %6.2f s  cpu %6.2f s  %10.0f rows/s (cpu)  peak RSS %6.1f MB\n", l, n, w, c, (c > 0 ? n / c : 0), r / 1024 }'
  cpu_of[$label]=$best_cpu
  wall_of[$label]=$best_wall
}
declare -A cpu_of wall_of
clear_outputs() {
  rm -f "$dir"/*.csv.out "$dir/floor.csv" "$dir/summary.csv" "$dir/items.csv" "$dir/shared.csv" "$dir"/pandas*.csv "$dir"/duckdb*.csv
}

for n in "${sizes[@]}"; do
  in="$dir/in-$n.csv"
  if [ ! -s "$in" ]; then
    # Customers across 4 regions, REST and HTTP, volumes from 0 to ~900M (some cross a tier).
    awk -v n="$n" 'BEGIN {
      split("us-east-1 eu-west-1 ap-southeast-2 us-west-2", reg, " ");
      print "id,api,region,requests";
      x = 12345;
      for (i = 1; i <= n; i++) {
        x = (x * 1103515245 + 12345) % 2147483648;
        h = int(x / 65536);   # high bits: the low bits of an LCG cycle quickly
        printf "cust-%08d,%s,%s,%d\n", i, (h % 3 == 0 ? "rest" : "http"), reg[int(h / 3) % 4 + 1], x % 900000000;
      }
    }' > "$in"
  fi
  echo "== $n rows ($(du -h "$in" | cut -f1) input) =="
  for m in $modes; do
    case $m in
      floor)   measure floor "$n" "$floor" "$in" "$dir/floor.csv" ;;
      summary) measure summary "$n" "$bin" batch "$in" --summary -o "$dir/summary.csv" ;;
      items)   measure items "$n" "$bin" batch "$in" -o "$dir/items.csv" ;;
      summary2) measure summary2 "$n" "$bin" batch "$in" --summary --threads 2 -o "$dir/summary.csv" ;;
      items2)  measure items2 "$n" "$bin" batch "$in" --threads 2 -o "$dir/items.csv" ;;
      shared)  measure shared "$n" "$bin" batch "$in" --summary --accounts shared -o "$dir/shared.csv" ;;
      shared2) measure shared2 "$n" "$bin" batch "$in" --summary --accounts shared --threads 2 -o "$dir/shared.csv" ;;
      pandas)  measure pandas "$n" "$py" benches/batch_peers.py pandas "$in" "$dir/pandas.csv" ;;
      duckdb)  measure duckdb "$n" "$py" benches/batch_peers.py duckdb "$in" "$dir/duckdb.csv" ;;
      pandas-* | duckdb-*) measure "$m" "$n" "$py" benches/batch_peers.py "$m" "$in" "$dir/$m.csv" ;;
    esac
  done
  for m in summary items shared; do
    if [ -n "${wall_of[$m]:-}" ] && [ -n "${wall_of[${m}2]:-}" ]; then
      awk -v m="$m" -v n="$n" -v a="${wall_of[$m]}" -v b="${wall_of[${m}2]}" \
        'BEGIN { printf "threads       %9d rows  %-7s --threads 2 vs 1: wall %.2f s vs %.2f s (%.2fx)\n", n, m, b, a, (b > 0 ? a / b : 0) }'
    fi
  done
  for pair in summary:pandas summary:duckdb items:pandas-items items:duckdb-items shared:pandas-shared shared:duckdb-shared; do
    m=${pair%%:*} peer=${pair#*:}
    if [ -n "${cpu_of[$m]:-}" ] && [ -n "${cpu_of[$peer]:-}" ]; then
      awk -v m="$m" -v p="$peer" -v n="$n" -v a="${cpu_of[$m]}" -v b="${cpu_of[$peer]}" -v aw="${wall_of[$m]}" -v bw="${wall_of[$peer]}" \
        'BEGIN { printf "ratio         %9d rows  %-7s vs %-13s %5.1fx faster (cpu %.2f s vs %.2f s; wall %.2f s vs %.2f s)\n", n, m, p, (a > 0 ? b / a : 0), a, b, aw, bw }'
    fi
  done
  clear_outputs
done

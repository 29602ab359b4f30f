#!/usr/bin/env bash
# reconcile against DuckDB on a generated 2M-line hourly CUR 2.0 CSV (benches/make_cur.py, about 830 MB).
#
#   bash benches/reconcile.sh [LINES]
#
# Times, with hyperfine (3 runs after a warm-up, the file in the page cache):
#   - `apigw-cost reconcile FILE --format json` (release build): read, sum, rate and explain;
#   - DuckDB (Python package, installed with pip if missing; all cores) grouping the same CSV by account
#     and usage type: `SELECT line_item_usage_account_id, line_item_usage_type, sum(...usage),
#     sum(...cost) FROM read_csv(FILE) GROUP BY 1, 2`, the least a bill tool does with the file;
#   - the same DuckDB query on one thread (`SET threads = 1`), for a per-core comparison.
# The issue's bar: reconcile takes at most twice what DuckDB needs.
set -euo pipefail
cd "$(dirname "$0")/.."
lines="${1:-2000000}"
target="${CARGO_TARGET_DIR:-target}"
dir="$target/bench"
csv="$dir/cur-$lines.csv"
mkdir -p "$dir"
[ -s "$csv" ] || python3 benches/make_cur.py "$csv" "$lines"
python3 -c 'import duckdb' 2>/dev/null || python3 -m pip install --quiet duckdb
cargo build --release --quiet
bin="$target/release/apigw-cost"
cat > "$dir/duckdb_group.py" <<'EOF'
import sys, duckdb
con = duckdb.connect()
if len(sys.argv) > 2:
    con.execute("SET threads = %d" % int(sys.argv[2]))
rows = con.execute("""
  SELECT line_item_usage_account_id, line_item_usage_type,
         sum(CAST(line_item_usage_amount AS DECIMAL(38,10))), sum(CAST(line_item_unblended_cost AS DECIMAL(38,10)))
  FROM read_csv(?, header = true, all_varchar = true) GROUP BY 1, 2""", [sys.argv[1]]).fetchall()
print(len(rows), "groups", file=sys.stderr)
EOF
ls -la "$csv"
hyperfine --warmup 1 --runs 3 --export-markdown "$dir/reconcile-bench.md" \
  -n reconcile "$bin reconcile $csv --format json --no-progress -o /dev/null" \
  -n "duckdb (all cores)" "python3 $dir/duckdb_group.py $csv" \
  -n "duckdb (1 thread)" "python3 $dir/duckdb_group.py $csv 1"
cat "$dir/reconcile-bench.md"

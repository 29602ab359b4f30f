#!/usr/bin/env bash
# reconcile against DuckDB on a generated 2M-line hourly CUR 2.0 bill (benches/make_cur.py), as CSV
# (about 830 MB) and as Parquet (the same lines, written by DuckDB: timestamps, doubles, snappy).
#
#   bash benches/reconcile.sh [LINES]        (APIGW_BIN=path: time that binary instead of a release build)
#
# One run measures, with hyperfine (10 runs after a warm-up, the files in the page cache):
#   - `apigw-cost reconcile FILE --format json` (release build): read, sum, rate and explain;
#   - DuckDB (from PyPI, installed by this script into the venv scripts/reconcile_engines.sh uses;
#     all cores, then one thread) grouping the same file by account and usage type, amounts summed
#     exactly as DECIMAL(38,10): the least a bill tool does with the file. On Parquet both read only
#     the columns they need (column projection);
#   - DuckDB doing reconcile's own work (`duckdb_same.py`): grouping by every key column reconcile
#     sums under (period, payer, account, line type, product, usage type, operation, region, the
#     description of non-usage lines) and counting repeated line item id + time interval pairs.
# and prints the ratios (reconcile's mean time / DuckDB's; under 1 is faster), what DuckDB's times
# hold besides its query (Python's start and `import duckdb`; the query alone, timed inside Python), then
# reconcile's peak RSS on the first 1/8, 1/4, 1/2 and all of the lines (CSV and Parquet), which must
# stay flat: lines are summed by key as they stream.
set -euo pipefail
cd "$(dirname "$0")/.."
lines="${1:-2000000}"
target="${CARGO_TARGET_DIR:-target}"
dir="$target/bench"
csv="$dir/cur-$lines.csv"
mkdir -p "$dir"
venv="${APIGW_ENGINES_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/apigw-cost/engines-venv}"
py="$venv/bin/python"
[ -x "$py" ] || python3 -m venv "$venv"
"$py" -c 'import duckdb' 2>/dev/null || "$py" -m pip install --quiet duckdb==2.0.1
bin="${APIGW_BIN:-$target/release/apigw-cost}"
[ -n "${APIGW_BIN:-}" ] || cargo build --release --quiet

cat > "$dir/duckdb_group.py" <<'EOF'
# duckdb_group.py FILE [THREADS] [LIMIT-LINES-TO-PARQUET-OUT]
import sys, duckdb
con = duckdb.connect()
if len(sys.argv) > 2 and sys.argv[2] != "all":
    con.execute("SET threads = %d" % int(sys.argv[2]))
src = sys.argv[1]
scan = ("read_parquet(?)" if src.endswith(".parquet") else "read_csv(?, header = true, all_varchar = true)")
import time
start = time.perf_counter()
rows = con.execute("""
  SELECT line_item_usage_account_id, line_item_usage_type,
         sum(CAST(line_item_usage_amount AS DECIMAL(38,10))), sum(CAST(line_item_unblended_cost AS DECIMAL(38,10)))
  FROM %s GROUP BY 1, 2""" % scan, [src]).fetchall()
print(len(rows), "groups; the query alone: %.1f ms" % ((time.perf_counter() - start) * 1000), file=sys.stderr)
EOF
cat > "$dir/duckdb_same.py" <<'EOF'
# duckdb_same.py FILE: reconcile's work in DuckDB (every key column, exact sums, repeated line ids).
import sys, duckdb
src = sys.argv[1]
scan = ("read_parquet(?)" if src.endswith(".parquet") else "read_csv(?, header = true, all_varchar = true)")
con = duckdb.connect()
print(con.execute("""
  WITH b AS (SELECT * FROM %s)
  SELECT (SELECT count(*) - count(DISTINCT (identity_line_item_id, identity_time_interval)) FROM b),
         (SELECT count(*) FROM (
            SELECT substr(CAST(bill_billing_period_start_date AS VARCHAR), 1, 7), bill_payer_account_id,
                   line_item_usage_account_id, line_item_line_item_type, line_item_product_code,
                   line_item_usage_type, line_item_operation, product_region_code,
                   CASE WHEN line_item_line_item_type = 'Usage' THEN '' ELSE line_item_line_item_description END,
                   sum(CAST(line_item_usage_amount AS DECIMAL(38,10))),
                   sum(CAST(line_item_unblended_cost AS DECIMAL(38,10)))
            FROM b GROUP BY ALL))""" % scan, [src]).fetchall(), "(repeated lines, groups)", file=sys.stderr)
EOF
cat > "$dir/to_parquet.py" <<'EOF'
# to_parquet.py CSV OUT.parquet [LINES]: the CUR 2.0 Parquet types (timestamps, doubles), snappy.
import sys, duckdb
src, out = sys.argv[1], sys.argv[2]
limit = "LIMIT %d" % int(sys.argv[3]) if len(sys.argv) > 3 else ""
con = duckdb.connect()
cols = [r[0] for r in con.execute("DESCRIBE SELECT * FROM read_csv(?, header = true, all_varchar = true)", [src]).fetchall()]
def typed(c):
    if c.endswith("_date") and c != "identity_time_interval":
        return "CAST(%s AS TIMESTAMPTZ) AS %s" % (c, c)
    if c.endswith(("_amount", "_rate", "_cost", "_factor")):
        return "CAST(%s AS DOUBLE) AS %s" % (c, c)
    return c
con.execute("SET preserve_insertion_order = true")
con.execute("COPY (SELECT %s FROM read_csv(?, header = true, all_varchar = true) %s) TO '%s' (FORMAT parquet, COMPRESSION snappy)"
            % (", ".join(typed(c) for c in cols), limit, out.replace("'", "''")), [src])
EOF

[ -s "$csv" ] || python3 benches/make_cur.py "$csv" "$lines"
parts=(8 4 2 1)
for p in "${parts[@]}"; do
  n=$((lines / p))
  [ "$p" = 1 ] && continue
  [ -s "$dir/cur-$lines-$n.csv" ] || head -n $((n + 1)) "$csv" > "$dir/cur-$lines-$n.csv"
done
for p in "${parts[@]}"; do
  n=$((lines / p))
  f="$dir/cur-$lines.csv"; [ "$p" = 1 ] || f="$dir/cur-$lines-$n.csv"
  [ -s "${f%.csv}.parquet" ] || "$py" "$dir/to_parquet.py" "$f" "${f%.csv}.parquet"
done
pq="$dir/cur-$lines.parquet"
ls -la "$csv" "$pq"

hyperfine --warmup 1 --runs 10 --export-json "$dir/reconcile-bench.json" --export-markdown "$dir/reconcile-bench.md" \
  -n "reconcile CSV" "$bin reconcile $csv --format json --no-progress -o /dev/null" \
  -n "duckdb CSV (all cores)" "$py $dir/duckdb_group.py $csv" \
  -n "duckdb CSV (1 thread)" "$py $dir/duckdb_group.py $csv 1" \
  -n "duckdb CSV (same work)" "$py $dir/duckdb_same.py $csv" \
  -n "reconcile Parquet" "$bin reconcile $pq --format json --no-progress -o /dev/null" \
  -n "duckdb Parquet (all cores)" "$py $dir/duckdb_group.py $pq" \
  -n "duckdb Parquet (1 thread)" "$py $dir/duckdb_group.py $pq 1" \
  -n "duckdb Parquet (same work)" "$py $dir/duckdb_same.py $pq"
cat "$dir/reconcile-bench.md"
python3 - "$dir/reconcile-bench.json" <<'EOF'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
for f in ("CSV", "Parquet"):
    ours = r["reconcile " + f]
    for d in ("all cores", "1 thread", "same work"):
        them = r["duckdb %s (%s)" % (f, d)]
        cpu = lambda x: x["user"] + x["system"]
        print("%-7s reconcile %.2f s (CPU %.2f s) / DuckDB %s %.2f s (CPU %.2f s) = %.2fx time, %.2fx CPU"
              % (f, ours["mean"], cpu(ours), d, them["mean"], cpu(them), ours["mean"] / them["mean"],
                 cpu(ours) / cpu(them)))
EOF

# What the process times above hold besides the work: Python's start and `import duckdb` (a fixed
# cost DuckDB's figures carry and reconcile's do not), and DuckDB's query alone, timed inside Python.
hyperfine -N --warmup 2 --runs 10 --export-json "$dir/python-start.json" "$py -c 'import duckdb; duckdb.connect()'" >/dev/null
python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))["results"][0]; print("Python + import duckdb alone: %.0f ms (CPU %.0f ms)" % (r["mean"] * 1000, (r["user"] + r["system"]) * 1000))' "$dir/python-start.json"
for f in "$csv" "$pq"; do
  for i in 1 2 3; do "$py" "$dir/duckdb_group.py" "$f" 2>&1 | sed "s|^|DuckDB grouping ${f##*.}, run $i: |"; done
done

echo "reconcile's peak RSS by lines read (flat = memory does not grow with lines):"
for p in "${parts[@]}"; do
  n=$((lines / p))
  f="$dir/cur-$lines.csv"; [ "$p" = 1 ] || f="$dir/cur-$lines-$n.csv"
  for g in "$f" "${f%.csv}.parquet"; do
    kb=$( { /usr/bin/time -f %M "$bin" reconcile "$g" --format json --no-progress -o /dev/null; } 2>&1 | tail -1)
    printf '%9d lines %-8s %7d KB\n' "$n" "${g##*.}" "$kb"
  done
done

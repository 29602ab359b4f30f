#!/usr/bin/env bash
# Runs `reconcile --emit-sql` on real engines and compares with reconcile's own rows (issue 26):
#   - the Athena SQL parsed and type-checked as Trino by sqlglot (`read="trino"`), transpiled to DuckDB
#     and executed on each fixture bill loaded as table `cur`: it must give reconcile's rows exactly;
#   - the Spark SQL on a real Spark: pyspark in local mode (one session for every bill), the bill read
#     as table `cur`: it must give reconcile's rows too.
# Fixtures: tests/fixtures/bills/meters.csv (every meter the model prices, in two regions, and other
# products' egress) and cur2.csv (tiers, cache, WebSocket, a tax line).
#
#   bash scripts/reconcile_engines.sh
#
# The engines live in a Python venv the script makes and reuses (APIGW_ENGINES_VENV, default
# ~/.cache/apigw-cost/engines-venv), installed from PyPI with pip at pinned versions; pip's cache makes a
# new venv cheap. Java comes from the OS (Debian's openjdk-17-jre-headless, installed when run as root).
# sqlglot and duckdb are required (the script fails without them). Spark is skipped with a message, not
# failed, only when pyspark or Java cannot be installed. Time on the 2-core machine: README, reconcile.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$SECONDS
cargo build --quiet
bin="${CARGO_TARGET_DIR:-target}/debug/apigw-cost"
venv="${APIGW_ENGINES_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/apigw-cost/engines-venv}"
py="$venv/bin/python"
pins_sql=(sqlglot==30.31.0 duckdb==2.0.1)
pin_spark=pyspark==4.3.0
[ -x "$py" ] || python3 -m venv "$venv"
"$py" -c 'import sqlglot, duckdb' 2>/dev/null || "$py" -m pip install --quiet "${pins_sql[@]}"

spark=yes
if ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless \
      >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        openjdk-17-jre-headless >/dev/null 2>&1; } || true
  fi
  command -v java >/dev/null 2>&1 ||
    { spark="no Java runtime (apt-get install openjdk-17-jre-headless)"; }
fi
if [ "$spark" = yes ] && ! "$py" -c 'import pyspark' 2>/dev/null; then
  "$py" -m pip install --quiet "$pin_spark" ||
    spark="pyspark could not be installed from PyPI ($venv/bin/python -m pip install $pin_spark)"
fi
echo "engines ready in $((SECONDS - t0)) s (venv $venv)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bills=(tests/fixtures/bills/meters.csv tests/fixtures/bills/cur2.csv)
for i in "${!bills[@]}"; do
  "$bin" reconcile "${bills[$i]}" --emit-sql athena -o "$tmp/$i.athena.sql"
  "$bin" reconcile "${bills[$i]}" --emit-sql spark -o "$tmp/$i.spark.sql"
  "$bin" reconcile "${bills[$i]}" --format json -o "$tmp/$i.json"
done

cat > "$tmp/common.py" <<'PY'
import json
from decimal import Decimal

def norm(v):
    d = Decimal(str(v)).normalize()
    return "0" if d == 0 else format(d, "f")

def ours(path):
    rows = json.load(open(path))["rows"]
    return sorted([r["period"], r["account"], r["region"], r["meter"], norm(r["usage"]), norm(r["billed"]),
                   norm(r["model"])] for r in rows)

def theirs(rows):
    return sorted([str(x) for x in r[:4]] + [norm(x) for x in r[4:7]] for r in rows)

def check(engine, bill, got, want):
    if got != want:
        print(f"{bill}: the {engine} SQL gives other rows than reconcile:")
        for g, w in zip(got + [None] * len(want), want + [None] * len(got)):
            if g != w:
                print(f"  {engine}: {g}\n  reconcile: {w}")
        raise SystemExit(1)
    print(f"{bill}: {engine}: {len(got)} rows = reconcile's")
PY

t1=$SECONDS
"$py" - "$tmp" "${bills[@]}" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import duckdb, sqlglot
from common import check, ours, theirs
tmp, bills = sys.argv[1], sys.argv[2:]
for i, bill in enumerate(bills):
    # Parsing as Trino fails on what Trino would refuse to parse; transpiling then runs it on DuckDB.
    tree = sqlglot.parse_one(open(f"{tmp}/{i}.athena.sql").read(), read="trino")
    con = duckdb.connect()
    con.execute("CREATE TABLE cur AS SELECT * FROM read_csv(?, header = true, all_varchar = true)", [bill])
    got = theirs(con.execute(tree.sql(dialect="duckdb")).fetchall())
    check("Athena (parsed as Trino by sqlglot, run on DuckDB)", bill, got, ours(f"{tmp}/{i}.json"))
PY
echo "Trino check: $((SECONDS - t1)) s"

if [ "$spark" != yes ]; then
  echo "Spark check SKIPPED: $spark"
  exit 0
fi
t2=$SECONDS
"$py" - "$tmp" "${bills[@]}" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from common import check, ours, theirs
from pyspark.sql import SparkSession
tmp, bills = sys.argv[1], sys.argv[2:]
spark = (SparkSession.builder.master("local[1]").appName("apigw-cost reconcile_engines")
         .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
         .config("spark.sql.shuffle.partitions", "1").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
print(f"Spark {spark.version} in local mode")
for i, bill in enumerate(bills):
    # Every column a string, as the SQL expects of a CSV bill (it casts what it reads).
    spark.read.option("header", True).option("inferSchema", False).csv(bill).createOrReplaceTempView("cur")
    sql = open(f"{tmp}/{i}.spark.sql").read().rstrip().rstrip(";")
    check("Spark", bill, theirs(spark.sql(sql).collect()), ours(f"{tmp}/{i}.json"))
spark.stop()
PY
echo "Spark check: $((SECONDS - t2)) s; whole script: $((SECONDS - t0)) s"

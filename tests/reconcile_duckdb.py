#!/usr/bin/env python3
"""Runs the SQL of `apigw-cost reconcile --emit-sql duckdb` (the file given) with DuckDB and prints its
rows as `period,account,region,meter,usage,billed,model,difference`, decimals without trailing zeros,
sorted. Installs the `duckdb` package from PyPI (pip, user-level) when it is missing. Used by
tests/reconcile.rs, which compares the rows with reconcile's own.

    reconcile_duckdb.py Q.SQL [--table NAME=BILL.csv] [--sentinel]

--table loads a CSV bill into a table first (for `--sql-table`); --sentinel creates a table
`sentinel` before the SQL runs, every statement of the file is run, and the script fails unless the
sentinel is still there afterwards (tests/reconcile_sql.rs: injected SQL must not run)."""

import subprocess
import sys
from decimal import Decimal


def duckdb():
    try:
        import duckdb as d
        return d
    except ImportError:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "duckdb"],
                              stdout=sys.stderr)
        import duckdb as d
        return d


def text(v):
    if isinstance(v, Decimal):
        s = format(v.normalize(), "f")
        return "0" if s in ("-0", "0") else s
    return str(v)


def main():
    sql = open(sys.argv[1]).read()
    args = sys.argv[2:]
    con = duckdb().connect()
    if "--sentinel" in args:
        con.execute("CREATE TABLE sentinel AS SELECT 42 AS x")
    for a in args:
        if a.startswith("--table="):
            name, path = a[len("--table="):].split("=", 1)
            con.execute("CREATE TABLE %s AS SELECT * FROM read_csv(?, header = true, all_varchar = true)" % name, [path])
    # Every statement of the file runs (an injected one would, too).
    rows = con.execute(sql).fetchall()
    if "--sentinel" in args:
        left = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'sentinel'").fetchone()[0]
        if left != 1:
            sys.exit("the sentinel table was dropped: the SQL ran an injected statement")
    out = sorted([text(x) for x in r] for r in rows)
    for r in out:
        print(",".join(r))


if __name__ == "__main__":
    main()

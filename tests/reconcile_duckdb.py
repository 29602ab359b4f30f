#!/usr/bin/env python3
"""Runs the SQL of `apigw-cost reconcile --emit-sql duckdb` (the file given) with DuckDB and prints its
rows as `period,account,region,meter,usage,billed,model,difference`, decimals without trailing zeros,
sorted. Installs the `duckdb` package from PyPI (pip, user-level) when it is missing. Used by
tests/reconcile.rs, which compares the rows with reconcile's own."""

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
    rows = duckdb().sql(sql).fetchall()
    out = sorted([text(x) for x in r] for r in rows)
    for r in out:
        print(",".join(r))


if __name__ == "__main__":
    main()

"""The batch bench's peers: the same tiered rating as `apigw-cost batch IN --summary`, done by a vectorized
pandas script and by one DuckDB SQL query, so that benches/batch.sh can print apigw-cost's time as a ratio
of theirs measured in the same run.

Usage: python3 benches/batch_peers.py pandas|duckdb IN.csv OUT.csv [data/prices.json]

Both read the input (id,api,region,requests; api rest or http), look up each row's region and API kind in
the catalog's tier tables (every region of data/prices.json), price the requests tier by tier exactly
(pandas: integer pico-dollars per request, numpy int64; DuckDB: DECIMAL(38,12)) and write
id,api,region,requests,total,billed (billed rounded half away from zero to the cent), like the summary.
Separate accounts: each row's tiers start at zero.
"""
import json
import sys
from decimal import Decimal

PICO = Decimal("1e-12")


def tiers(prices_path):
    """(api, region, tier_from, tier_to or None, pico-USD per request) for every REST/HTTP tier."""
    catalog = json.load(open(prices_path))
    out = []
    for code, region in catalog["regions"].items():
        for api in ("rest", "http"):
            table = region.get(api)
            if not table:
                continue
            lower = 0
            for t in table["tiers"]:
                per_request = Decimal(t["usd_per_million"]) / Decimal(1_000_000)
                pico = per_request / PICO
                assert pico == pico.to_integral_value(), f"{code} {api}: {per_request} is not whole pico-dollars"
                upper = None if t["up_to"] is None else int(t["up_to"])
                out.append((api, code, lower, upper, int(pico)))
                lower = upper
    return out


def with_pandas(src, dst, prices):
    import numpy as np
    import pandas as pd

    rows = pd.read_csv(
        src,
        dtype={"id": str, "api": "category", "region": "category", "requests": np.int64},
        engine="c",
    )
    # One tier table per (api, region), padded to the most tiers: lower, upper, price per tier level.
    table = {}
    for api, region, lower, upper, pico in tiers(prices):
        table.setdefault((api, region), []).append((lower, upper, pico))
    keys = list(table)
    levels = max(len(t) for t in table.values())
    big = np.iinfo(np.int64).max
    lo = np.zeros((len(keys), levels), dtype=np.int64)
    hi = np.zeros((len(keys), levels), dtype=np.int64)
    price = np.zeros((len(keys), levels), dtype=np.int64)
    for k, key in enumerate(keys):
        for t, (lower, upper, pico) in enumerate(table[key]):
            lo[k, t], hi[k, t], price[k, t] = lower, big if upper is None else upper, pico
    index = pd.MultiIndex.from_tuples(keys)
    code = index.get_indexer(pd.MultiIndex.from_arrays([rows["api"].astype(str), rows["region"].astype(str)]))
    if (code < 0).any():
        sys.exit(f"{(code < 0).sum()} rows name a region or API kind with no REST/HTTP tiers")
    q = rows["requests"].to_numpy()
    total = np.zeros(len(rows), dtype=np.int64)
    for t in range(levels):
        total += np.maximum(np.minimum(q, hi[code, t]) - lo[code, t], 0) * price[code, t]
    # pico-dollars to cents, half away from zero (totals are non-negative).
    cents = (total + 5_000_000_000) // 10_000_000_000
    whole, frac = pd.Series(total // 10**12), pd.Series(total % 10**12)
    rows["total"] = whole.astype(str) + "." + frac.astype(str).str.zfill(12)
    rows["billed"] = pd.Series(cents // 100).astype(str) + "." + pd.Series(cents % 100).astype(str).str.zfill(2)
    rows.to_csv(dst, index=False)


def with_duckdb(src, dst, prices):
    import duckdb

    con = duckdb.connect()
    con.execute(
        "CREATE TABLE tiers (api VARCHAR, region VARCHAR, lo BIGINT, hi BIGINT, price DECIMAL(38,12))"
    )
    con.executemany(
        "INSERT INTO tiers VALUES (?, ?, ?, ?, ?)",
        [(a, r, lo, hi, str(Decimal(n) * PICO)) for a, r, lo, hi, n in tiers(prices)],
    )
    con.execute(
        f"""
        COPY (
          SELECT i.id, i.api, i.region, i.requests,
                 sum(greatest(least(i.requests, coalesce(t.hi, i.requests)) - t.lo, 0)::DECIMAL(38,0) * t.price) AS total,
                 round(sum(greatest(least(i.requests, coalesce(t.hi, i.requests)) - t.lo, 0)::DECIMAL(38,0) * t.price), 2) AS billed
          FROM read_csv('{src.replace("'", "''")}', header = true,
                        columns = {{'id': 'VARCHAR', 'api': 'VARCHAR', 'region': 'VARCHAR', 'requests': 'BIGINT'}}) i
          JOIN tiers t ON t.api = i.api AND t.region = i.region
          GROUP BY i.id, i.api, i.region, i.requests
        ) TO '{dst.replace("'", "''")}' (HEADER, DELIMITER ',')
        """
    )


if __name__ == "__main__":
    engine, src, dst = sys.argv[1:4]
    prices = sys.argv[4] if len(sys.argv) > 4 else "data/prices.json"
    {"pandas": with_pandas, "duckdb": with_duckdb}[engine](src, dst, prices)

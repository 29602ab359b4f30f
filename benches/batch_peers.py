"""The batch bench's peers: the same tiered rating as `apigw-cost batch IN --summary`, done by a vectorized
pandas script and by one DuckDB SQL query, so that benches/batch.sh can print apigw-cost's time as a ratio
of theirs measured in the same run.

Usage: python3 benches/batch_peers.py ENGINE IN.csv OUT.csv [data/prices.json]
       ENGINE: pandas, duckdb (the summary), pandas-items, duckdb-items, pandas-shared, duckdb-shared

Both read the input (id,api,region,requests; api rest or http), look up each row's region and API kind in
the catalog's tier tables (every region of data/prices.json), price the requests tier by tier exactly
(pandas: integer pico-dollars per request, numpy int64; DuckDB: DECIMAL(38,12)) and write
id,api,region,requests,total,billed (billed rounded half away from zero to the cent), like the summary.
Separate accounts: each row's tiers start at zero.

`pandas-items` / `duckdb-items` do what `apigw-cost batch IN` does (line items): per row one line per tier
its requests reach (id, period, region, api, line, component, meter, tier label, quantity, unit, unit price,
price unit, amount in cents, exact amount, currency, source) and a TOTAL line; the lines' cents are the
row's total cents split by largest remainder, as apigw-cost splits them, so that they add up to the total.

`pandas-shared` / `duckdb-shared` do what `apigw-cost batch IN --summary --accounts shared` does: rows share
one account per region and API kind, each account is priced once on its summed requests, and each row gets
its exact share (the account's exact amount x its requests / the account's requests, to the pico-dollar
here, to 28 digits in apigw-cost) and its cents, the account's cents split over its rows by largest
remainder (ties to the earlier row), so that the rows add up to the account's bill.
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


def tier_label(i, n, lower, upper):
    """`2 of 4 (333M-1B)` as the finance CSV labels a tier."""
    def short(v):
        for div, unit in ((10**9, "B"), (10**6, "M"), (10**3, "K")):
            if v >= div and v % div == 0:
                return f"{v // div}{unit}"
        return str(v)
    if upper is None:
        span = f"over {short(lower)}"
    elif lower == 0:
        span = f"first {short(upper)}"
    else:
        span = f"{short(lower)}-{short(upper)}"
    return f"{i + 1} of {n} ({span})"


def item_tiers(prices):
    """tiers() with each tier's constant cells: (api, region, lo, hi, pico, component, label, unit price, source)."""
    catalog = json.load(open(prices))
    by_key = {}
    for api, region, lower, upper, pico in tiers(prices):
        by_key.setdefault((api, region), []).append((lower, upper, pico))
    out = []
    for (api, region), ts in by_key.items():
        source = ";".join(catalog["regions"][region][api].get("sources", []))
        component = "REST API requests" if api == "rest" else "HTTP API requests"
        for i, (lower, upper, pico) in enumerate(ts):
            price = Decimal(pico) * PICO * 1_000_000
            out.append((api, region, lower, upper, pico, component, tier_label(i, len(ts), lower, upper),
                        f"{price:.2f}", source))
    return out


def pico_text(v):
    """Non-negative pico-dollars (numpy int64 or Python ints, a Series) as dollars with 12 decimals."""
    import pandas as pd
    v = pd.Series(v)
    return (v // 10**12).astype(str) + "." + (v % 10**12).astype(str).str.zfill(12)


def cents_text(c):
    import pandas as pd
    c = pd.Series(c)
    return (c // 100).astype(str) + "." + (c % 100).astype(str).str.zfill(2)


def with_pandas_items(src, dst, prices):
    import numpy as np
    import pandas as pd

    rows = pd.read_csv(src, dtype={"id": str, "api": str, "region": str, "requests": np.int64}, engine="c")
    rows["n"] = np.arange(len(rows))
    big = int(np.iinfo(np.int64).max)
    t = pd.DataFrame([(a, r, lo, big if hi is None else hi, *rest) for a, r, lo, hi, *rest in item_tiers(prices)],
                     columns=["api", "region", "lo", "hi", "pico", "component", "tier", "unit_price", "source"])
    t["level"] = t.groupby(["api", "region"]).cumcount()
    # One line per tier a row's requests reach.
    lines = rows.merge(t, on=["api", "region"], how="inner")
    lines = lines[lines["requests"] > lines["lo"]].sort_values(["n", "level"], kind="stable")
    qty = np.minimum(lines["requests"].to_numpy(), lines["hi"].to_numpy()) - lines["lo"].to_numpy()
    amount = qty * lines["pico"].to_numpy()
    n = lines["n"].to_numpy()
    total = np.zeros(len(rows), dtype=np.int64)
    np.add.at(total, n, amount)
    total_cents = (total + 5_000_000_000) // 10_000_000_000
    # The total's cents split over the lines by largest remainder.
    floors, rem = amount // 10_000_000_000, amount % 10_000_000_000
    left = total_cents.copy()
    np.subtract.at(left, n, floors)
    rank = pd.Series(rem).groupby(n).rank(method="first", ascending=False).to_numpy()
    cents = floors + (rank <= left[n])
    out = pd.DataFrame({
        "id": lines["id"].to_numpy(), "period": "1", "region": lines["region"].to_numpy(),
        "api": lines["api"].to_numpy(), "row_type": "line", "component": lines["component"].to_numpy(),
        "meter": "requests", "tier": lines["tier"].to_numpy(), "quantity": qty, "unit": "requests",
        "unit_price": lines["unit_price"].to_numpy(), "price_unit": "per 1M requests",
        "amount": cents_text(cents).to_numpy(), "amount_exact": pico_text(amount).to_numpy(),
        "currency": "USD", "source": lines["source"].to_numpy(), "n": n, "k": 0,
    })
    tot = pd.DataFrame({
        "id": rows["id"], "period": "1", "region": rows["region"], "api": rows["api"], "row_type": "total",
        "component": "TOTAL", "meter": "", "tier": "", "quantity": "", "unit": "", "unit_price": "",
        "price_unit": "", "amount": cents_text(total_cents).to_numpy(), "amount_exact": pico_text(total).to_numpy(),
        "currency": "USD", "source": "", "n": rows["n"], "k": 1,
    })
    both = pd.concat([out, tot], ignore_index=True).sort_values(["n", "k"], kind="stable")
    both.drop(columns=["n", "k"]).to_csv(dst, index=False)


def with_duckdb_items(src, dst, prices):
    import duckdb

    con = duckdb.connect()
    con.execute("CREATE TABLE tiers (api VARCHAR, region VARCHAR, lo BIGINT, hi BIGINT, pico BIGINT, level INT, "
                "component VARCHAR, tier VARCHAR, unit_price VARCHAR, source VARCHAR)")
    level = {}
    rows = []
    for a, r, lo, hi, pico, comp, label, up, source in item_tiers(prices):
        k = level[(a, r)] = level.get((a, r), -1) + 1
        rows.append((a, r, lo, hi, pico, k, comp, label, up, source))
    con.executemany("INSERT INTO tiers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.execute(
        f"""
        COPY (
          WITH i AS (
            SELECT *, row_number() OVER () AS n
            FROM read_csv('{src.replace("'", "''")}', header = true,
                          columns = {{'id': 'VARCHAR', 'api': 'VARCHAR', 'region': 'VARCHAR', 'requests': 'BIGINT'}})),
          l AS (
            SELECT i.n, i.id, i.api, i.region, t.level, t.component, t.tier, t.unit_price, t.source,
                   least(i.requests, coalesce(t.hi, i.requests)) - t.lo AS qty,
                   (least(i.requests, coalesce(t.hi, i.requests)) - t.lo)::HUGEINT * t.pico AS amount
            FROM i JOIN tiers t ON t.api = i.api AND t.region = i.region AND i.requests > t.lo),
          c AS (
            SELECT *, sum(amount) OVER w AS total,
                   (sum(amount) OVER w + 5000000000) // 10000000000 AS total_cents,
                   amount // 10000000000 AS floor_cents,
                   row_number() OVER (PARTITION BY n ORDER BY amount % 10000000000 DESC, level) AS rank
            FROM l WINDOW w AS (PARTITION BY n)),
          e AS (
            SELECT *, floor_cents + CASE WHEN rank <= total_cents - sum(floor_cents) OVER (PARTITION BY n)
                                         THEN 1 ELSE 0 END AS cents
            FROM c)
          SELECT id, period, region, api, row_type, component, meter, tier, quantity, unit, unit_price,
                 price_unit, amount, amount_exact, currency, source FROM (
            SELECT n, level AS k, id, '1' AS period, region, api, 'line' AS row_type, component,
                   'requests' AS meter, tier, qty::VARCHAR AS quantity, 'requests' AS unit, unit_price,
                   'per 1M requests' AS price_unit, printf('%d.%02d', cents // 100, cents % 100) AS amount,
                   printf('%d.%012d', amount // 1000000000000, amount % 1000000000000) AS amount_exact,
                   'USD' AS currency, source
            FROM e
            UNION ALL
            SELECT n, 99 AS k, any_value(id), '1', any_value(region), any_value(api), 'total', 'TOTAL', NULL,
                   NULL, NULL, NULL, NULL, NULL,
                   printf('%d.%02d', any_value(total_cents) // 100, any_value(total_cents) % 100),
                   printf('%d.%012d', any_value(total) // 1000000000000, any_value(total) % 1000000000000), 'USD',
                   NULL
            FROM e GROUP BY n)
          ORDER BY n, k
        ) TO '{dst.replace("'", "''")}' (HEADER, DELIMITER ',')
        """
    )


def shared_pools(prices, volumes):
    """{(api, region): (exact pico-dollars, cents)} of each account priced on its summed requests."""
    out = {}
    table = {}
    for api, region, lower, upper, pico in tiers(prices):
        table.setdefault((api, region), []).append((lower, upper, pico))
    for key, vol in volumes.items():
        total = sum(max(min(vol, vol if hi is None else hi) - lo, 0) * pico for lo, hi, pico in table[key])
        out[key] = (total, (total + 5_000_000_000) // 10_000_000_000)
    return out


def with_pandas_shared(src, dst, prices):
    import numpy as np
    import pandas as pd

    rows = pd.read_csv(src, dtype={"id": str, "api": str, "region": str, "requests": np.int64}, engine="c")
    keys = ["api", "region"]
    vol = rows.groupby(keys, sort=False)["requests"].sum()
    pools = shared_pools(prices, {k: int(v) for k, v in vol.items()})
    p = pd.DataFrame([(a, r, int(vol[(a, r)]), t, c) for (a, r), (t, c) in pools.items()],
                     columns=["api", "region", "vol", "total", "cents"])
    p[["total", "cents", "vol"]] = p[["total", "cents", "vol"]].astype(object)
    m = rows.merge(p, on=keys, how="left")
    req = m["requests"].astype(object)
    # 128-bit products: Python integers (an account's pico-dollars x a row's requests overflow int64).
    share = (m["total"] * req) // m["vol"]
    scaled = m["cents"] * req
    floors, rem = scaled // m["vol"], (scaled % m["vol"]).astype(np.int64)
    group = m.groupby(keys, sort=False)
    left = m["cents"] - group[[]].ngroup().map(pd.Series(floors).groupby(group.ngroup()).sum())
    rank = pd.Series(rem).groupby(group.ngroup()).rank(method="first", ascending=False)
    cents = floors + (rank <= left).astype(int)
    rows["total"] = pico_text(share)
    rows["billed"] = cents_text(cents)
    rows.to_csv(dst, index=False)


def with_duckdb_shared(src, dst, prices):
    import duckdb

    con = duckdb.connect()
    con.execute("CREATE TABLE tiers (api VARCHAR, region VARCHAR, lo BIGINT, hi BIGINT, pico BIGINT)")
    con.executemany("INSERT INTO tiers VALUES (?, ?, ?, ?, ?)", tiers(prices))
    con.execute(
        f"""
        COPY (
          WITH i AS (
            SELECT *, row_number() OVER () AS n
            FROM read_csv('{src.replace("'", "''")}', header = true,
                          columns = {{'id': 'VARCHAR', 'api': 'VARCHAR', 'region': 'VARCHAR', 'requests': 'BIGINT'}})),
          g AS (SELECT api, region, sum(requests)::HUGEINT AS vol FROM i GROUP BY api, region),
          p AS (
            SELECT g.api, g.region, any_value(g.vol) AS vol,
                   sum(greatest(least(g.vol, coalesce(t.hi, g.vol)) - t.lo, 0) * t.pico) AS total
            FROM g JOIN tiers t ON t.api = g.api AND t.region = g.region GROUP BY g.api, g.region),
          r AS (
            SELECT i.n, i.id, i.api, i.region, i.requests, p.vol, p.total,
                   (p.total + 5000000000) // 10000000000 AS cents,
                   p.total * i.requests // p.vol AS share,
                   (p.total + 5000000000) // 10000000000 * i.requests // p.vol AS floor_cents,
                   (p.total + 5000000000) // 10000000000 * i.requests % p.vol AS rem
            FROM i JOIN p ON p.api = i.api AND p.region = i.region),
          e AS (
            SELECT *, row_number() OVER (PARTITION BY api, region ORDER BY rem DESC, n) AS rank,
                   cents - sum(floor_cents) OVER (PARTITION BY api, region) AS leftover
            FROM r)
          SELECT id, api, region, requests,
                 printf('%d.%012d', share // 1000000000000, share % 1000000000000) AS total,
                 printf('%d.%02d', (floor_cents + (rank <= leftover)::INT) // 100,
                        (floor_cents + (rank <= leftover)::INT) % 100) AS billed
          FROM e ORDER BY n
        ) TO '{dst.replace("'", "''")}' (HEADER, DELIMITER ',')
        """
    )


if __name__ == "__main__":
    engine, src, dst = sys.argv[1:4]
    prices = sys.argv[4] if len(sys.argv) > 4 else "data/prices.json"
    {
        "pandas": with_pandas,
        "duckdb": with_duckdb,
        "pandas-items": with_pandas_items,
        "duckdb-items": with_duckdb_items,
        "pandas-shared": with_pandas_shared,
        "duckdb-shared": with_duckdb_shared,
    }[engine](src, dst, prices)

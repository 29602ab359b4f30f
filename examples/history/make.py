#!/usr/bin/env python3
"""Writes examples/history/orders-daily.csv: a synthetic daily request history for `forecast`.

2024-06-01 to 2026-11-30 (913 days): 2.5M requests a day at the start, growing 2.5% a month; weekends
35% lower, Mondays 8% higher; a yearly swing of +-15% peaking in late November (shopping season); daily
noise with sd 0.12 in the logarithm. Seeded: running it again writes the same file.
"""
import datetime
import math
import random

rng = random.Random(30)
start = datetime.date(2024, 6, 1)
end = datetime.date(2026, 11, 30)
rows = ["date,requests"]
d = start
while d <= end:
    k = (d - start).days
    weekly = {5: math.log(0.65), 6: math.log(0.65), 0: math.log(1.08)}.get(d.weekday(), 0.0)
    doy = d.timetuple().tm_yday
    yearly = 0.15 * math.cos(2 * math.pi * (doy - 330) / 365.25)
    trend = 12 * math.log(1.025) * k / 365.25
    y = math.exp(math.log(2.5e6) + trend + weekly + yearly + rng.gauss(0, 0.12))
    rows.append(f"{d.isoformat()},{round(y)}")
    d += datetime.timedelta(days=1)
with open(__file__.rsplit("/", 1)[0] + "/orders-daily.csv", "w") as f:
    f.write("\n".join(rows) + "\n")

#!/usr/bin/env python3
"""Interleaved rounds of reconcile and DuckDB's grouping on one bill file: medians of wall and CPU time.

    python3 benches/reconcile_rounds.py FILE ROUNDS BIN [BIN...]

Each round runs `BIN reconcile FILE --format json` for every BIN, then DuckDB's grouping
(`duckdb_group.py`, written by benches/reconcile.sh, which must have run once: it also makes the bill
files and the venv), one after the other; the medians are of wall time and of the child's user + system
time. hyperfine runs each command's runs together, so a machine whose speed drifts between commands
biases its ratios; rounds do not. Prints each BIN's ratio to DuckDB.
"""

import os
import resource
import statistics as st
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    path, rounds, bins = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    here = os.path.dirname(os.path.abspath(__file__))
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(here, "..", "target"))
    cache = os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache"))
    venv = os.environ.get("APIGW_ENGINES_VENV", os.path.join(cache, "apigw-cost", "engines-venv"))
    cmds = [(b, [b, "reconcile", path, "--format", "json", "--no-progress", "-o", "/dev/null"]) for b in bins]
    cmds.append(("duckdb", [os.path.join(venv, "bin", "python"), os.path.join(target, "bench", "duckdb_group.py"), path]))
    times = {name: [] for name, _ in cmds}
    for _ in range(rounds):
        for name, cmd in cmds:
            before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            times[name].append((wall, cpu))
    med = {n: (st.median(w for w, _ in t), st.median(c for _, c in t)) for n, t in times.items()}
    for name, _ in cmds:
        wall, cpu = med[name]
        fastest = min(w for w, _ in times[name])
        print("%-40s wall median %7.1f ms (min %7.1f)  CPU median %7.1f ms" % (name, wall * 1e3, fastest * 1e3, cpu * 1e3))
    for name in bins:
        print("%s / DuckDB: wall %.2fx, CPU %.2fx" % (name, med[name][0] / med["duckdb"][0], med[name][1] / med["duckdb"][1]))


if __name__ == "__main__":
    main()

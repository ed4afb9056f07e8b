"""Dyad time-series query speed on a store with 1M synthetic events.

    python benchmarks/series_query.py [--events 1000000] [--runs 50]

Builds a real store (dateline's schema, DuckDB file in a temporary folder) holding N synthetic
event reports in N*0.6 clusters over 40 countries and ten years, then times
`Queries.series(a, b, interval="week")` for random dyads and, as the same-run baseline, a bare
`count(*)` over the events table.  Prints p50/p95 in milliseconds and the ratio to the baseline.
The issue's bar: p95 under 200 ms at 1M events.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

COUNTRIES = ["USA", "IRQ", "IRN", "RUS", "UKR", "CHN", "TUR", "SYR", "ISR", "PSE", "EGY", "ETH", "SAU", "YEM",
             "AFG", "PAK", "IND", "GBR", "FRA", "DEU", "JPN", "KOR", "PRK", "VEN", "COL", "MEX", "BRA", "NGA",
             "KEN", "SDN", "LBY", "LBN", "JOR", "QAT", "ARE", "AZE", "ARM", "GEO", "BLR", "POL"]
CODES = ["010", "012", "036", "040", "042", "046", "051", "057", "111", "112", "120", "130", "138", "173",
         "180", "190", "193", "195"]


def build(db: str, events: int) -> None:
    from dateline.store import Store

    clusters = int(events * 0.6)
    with Store.open(db) as store:
        con = store.con
        countries = "[" + ", ".join(f"'{c}'" for c in COUNTRIES) + "]"
        codes = "[" + ", ".join(f"'{c}'" for c in CODES) + "]"
        con.execute(f"""
            INSERT INTO clusters
            SELECT 'c' || i, list_extract({countries}, 1 + (hash(i) % 40)::INT) || 'GOV',
                   list_extract({countries}, 1 + (hash(i * 7) % 40)::INT),
                   list_extract({codes}, 1 + (hash(i * 13) % {len(CODES)})::INT),
                   CASE WHEN i % 5 = 0 THEN 'claimed' ELSE 'asserted' END,
                   DATE '2015-01-01' + (hash(i * 3) % 3650)::INT, NULL, 1, 'a' || i, 'E1',
                   ((hash(i * 11) % 200)::INT - 100) / 10.0
            FROM range({clusters}) t(i)""")
        con.execute("UPDATE clusters SET date_end = date_start")
        con.execute(f"""
            INSERT INTO events (article_id, id, cameo, mode, date, date_start, date_end, cluster_id, goldstein)
            SELECT 'a' || i, 'E1', c.cameo, c.mode, c.date_start::VARCHAR, c.date_start, c.date_end, c.id,
                   c.goldstein
            FROM range({events}) t(i) JOIN clusters c ON c.id = 'c' || (i % {clusters})""")
        con.execute("UPDATE clusters SET reports = r.n FROM (SELECT cluster_id, count(*) AS n FROM events "
                    "GROUP BY 1) r WHERE r.cluster_id = clusters.id")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    from dateline.query import Queries
    from dateline.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.duckdb")
        started = time.perf_counter()
        build(db, args.events)
        print(f"built {args.events:,} events in {time.perf_counter() - started:.1f} s")
        rng = random.Random(0)
        with Store.open(db, read_only=True) as store:
            q = Queries(store)
            q.series("USA", "IRQ")  # warm the file cache
            series, baseline = [], []
            for _ in range(args.runs):
                a, b = rng.sample(COUNTRIES, 2)
                t = time.perf_counter()
                rows = q.series(a, b, interval="week", both_ways=True)
                series.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                store.con.execute("SELECT count(*) FROM events").fetchone()
                baseline.append((time.perf_counter() - t) * 1000)
            assert rows, "the synthetic store has events for every dyad"
    p95 = statistics.quantiles(series, n=20)[-1]
    base95 = statistics.quantiles(baseline, n=20)[-1]
    print(f"series (week, both ways) over {args.events:,} events: p50 {statistics.median(series):.1f} ms, "
          f"p95 {p95:.1f} ms; baseline count(*) p95 {base95:.1f} ms; ratio {p95 / base95:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

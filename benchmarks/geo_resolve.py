"""Toponym resolution accuracy on gold toponyms (GeoWebNews, TR-News).

For each document the gold toponym strings are resolved in text order with
``dateline.geo.resolve``; a gold span directly followed by ", <another gold
toponym or a US state abbreviation>" passes that as its qualifier.  Context
comes from the document alone.  Reports per set: acc@161km, share with no
candidate, median error (km), and the top misses.

    .venv/bin/python benchmarks/geo_resolve.py [/path/to/places.jsonl] [--misses 40]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import time
from collections import Counter, defaultdict
from pathlib import Path

from dateline.geo import fold, load_gazetteer, resolve

DEFAULT_GOLD = Path("/work/shared/eval/data/places.jsonl")
US_STATE_ABBREV = re.compile(r"\s*,\s*((?:[A-Z][a-z]{1,4}\.)|(?:[A-Z]\.\s?[A-Z][a-z]?\.)|[A-Z]{2})(?![A-Za-z])")


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def qualifiers(text: str, places: list[dict]) -> list[str | None]:
    """The explicit qualifier of each gold place, as the brief defines it."""
    starts = {p["span"][0]: p for p in places}
    admin1 = {fold(alias) for kind, alias, _ in _aliases() if kind == "admin1"}
    out: list[str | None] = []
    for p in places:
        end = p["span"][1]
        m = re.match(r"\s*,\s*", text[end:])
        qual = None
        if m and end + m.end() in starts:
            qual = starts[end + m.end()]["text"]
        else:
            m2 = US_STATE_ABBREV.match(text[end:])
            if m2 and fold(m2.group(1)) in admin1:
                qual = m2.group(1)
        out.append(qual)
    return out


def _aliases() -> list[list[str]]:
    path = Path(__file__).resolve().parents[1] / "src/dateline/geo/data/aliases.tsv"
    return [ln.split("\t") for ln in path.read_text().splitlines() if ln and not ln.startswith("#")]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--misses", type=int, default=40)
    args = ap.parse_args()
    t0 = time.perf_counter()
    load_gazetteer()
    t_load = time.perf_counter() - t0
    stats: dict[str, dict[str, list]] = defaultdict(lambda: {"err": [], "none": []})
    misses: Counter[tuple[str, str, str]] = Counter()
    t0 = time.perf_counter()
    for line in args.gold.open(encoding="utf-8"):
        doc = json.loads(line)
        places = sorted(doc["gold"]["places"], key=lambda p: p["span"][0])
        if not places:
            continue
        quals = qualifiers(doc["text"], places)
        picks = resolve([(p["text"], q) for p, q in zip(places, quals)])
        for p, q, c in zip(places, quals, picks):
            s = stats[doc["set"]]
            if c is None:
                s["none"].append(1)
                s["err"].append(math.inf)
                misses[(p["text"], "-", "no candidate")] += 1
                continue
            s["none"].append(0)
            km = great_circle_km(p["lat"], p["lon"], c.lat, c.lon)
            s["err"].append(km)
            if km > 161:
                pick = f"{c.name} ({c.country} {c.feature} {c.geonameid})"
                gold = f"{p.get('name')} {p.get('geonameid')}" + (f" | qual={q}" if q else "")
                misses[(p["text"], gold, f"{pick} {km:.0f} km")] += 1
    t_res = time.perf_counter() - t0
    print(f"gazetteer load {t_load:.2f}s, resolution {t_res:.2f}s")
    print(f"{'set':<12}{'n':>6}{'acc@161':>9}{'no-cand':>9}{'median km':>11}")
    for name, s in sorted(stats.items()):
        err = s["err"]
        acc = sum(e <= 161 for e in err) / len(err)
        print(f"{name:<12}{len(err):>6}{acc:>9.3f}{sum(s['none']) / len(err):>9.3f}{statistics.median(err):>11.1f}")
    print(f"\ntop {args.misses} misses (count  gold text -> gold | pick, distance):")
    for (text, gold, pick), n in misses.most_common(args.misses):
        print(f"{n:4d}  {text!r} -> gold {gold} | {pick}")


if __name__ == "__main__":
    main()

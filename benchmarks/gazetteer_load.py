"""Time and memory to load the geo gazetteer in a fresh process.

Runs one child process to make sure the cache exists, then measures a second
fresh child: wall time of ``load_gazetteer()`` with the cache built, the
tracemalloc peak/current of the loaded structures and the RSS growth.

    .venv/bin/python benchmarks/gazetteer_load.py
"""

from __future__ import annotations

import json
import subprocess
import sys

CHILD = r"""
import json, resource, time, tracemalloc
def rss_mb():
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
import sys
from dateline.geo import load_gazetteer
rss0 = rss_mb()
if sys.argv[1] == "time":  # tracemalloc slows allocation, so time without it
    t0 = time.perf_counter()
    gaz = load_gazetteer()
    print(json.dumps({"seconds": time.perf_counter() - t0, "rss_delta_mb": rss_mb() - rss0}))
    raise SystemExit
tracemalloc.start()
gaz = load_gazetteer()
current, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
print(json.dumps({"traced_mb": current / 2**20, "peak_mb": peak / 2**20,
                  "rss_delta_mb": rss_mb() - rss0, "places": len(gaz.rows), "names": len(gaz.index)}))
"""


def run_child(mode: str) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, mode], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def main() -> None:
    first = run_child("time")
    print(f"first use (builds the cache if absent): {first['seconds']:.2f}s")
    timed = run_child("time")
    mem = run_child("memory")
    print(
        f"fresh process, cache built: {timed['seconds']:.2f}s, RSS +{timed['rss_delta_mb']:.0f} MB; "
        f"tracemalloc {mem['traced_mb']:.0f} MB (peak {mem['peak_mb']:.0f} MB); "
        f"{mem['places']} places, {mem['names']} names"
    )


if __name__ == "__main__":
    main()

"""Load on the main read endpoints with wrk: requests/s, p50/p99 latency and errors per endpoint.

    apt-get install -y wrk                                   # Debian's wrk 4.1
    python benchmarks/load_wrk.py                           # 30 s at 50 connections per endpoint
    python benchmarks/load_wrk.py --db dateline.duckdb --seconds 10 --connections 20
    python benchmarks/load_wrk.py --real-articles 60        # a store made by the real pipeline

Runs `dateline serve` (one uvicorn process, as users run it) on a free loopback port over a store,
then wrk against each endpoint in turn.  Without --db the store is built first: by default from the
first --articles of ../shared/corpus/allsides.jsonl (or made-up articles without it) with the crash
harness's cheap extraction (same tables and volumes, seconds to build), or with --real-articles N
by the real `dateline ingest`.  Errors are wrk's socket errors (connect, read, write, timeout) plus
responses other than 2xx/3xx; the bar is 0.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
CORPUS = ROOT.parent / "shared" / "corpus" / "allsides.jsonl"


def build_store(folder: Path, *, articles: int, real_articles: int | None) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import crash_harness

    db = folder / "load.duckdb"
    corpus = CORPUS if CORPUS.exists() else None
    n = real_articles or articles
    path = crash_harness.prepare(folder, corpus=corpus, articles=n, generated=None if corpus else n)
    crash_harness.run_ingest(str(path), str(db), real=real_articles is not None)
    return db


def targets(db: Path) -> dict[str, str]:
    """The endpoints to load, with ids, names and words taken from the store."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        article = con.execute("SELECT article_id FROM events GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
        actor = con.execute("SELECT name FROM actors WHERE code IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC "
                            "LIMIT 1").fetchone()[0]
        a, b = con.execute("SELECT substr(source, 1, 3), substr(target, 1, 3) FROM clusters "
                           "WHERE source IS NOT NULL AND target IS NOT NULL GROUP BY 1, 2 ORDER BY count(*) DESC "
                           "LIMIT 1").fetchone()
        word = con.execute("SELECT name FROM places GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchone()
    q = urllib.parse.quote
    return {"events": "/api/events?limit=100",
            "events by dyad": f"/api/events?dyad={a}-{b}&limit=100",
            "series": f"/api/series?a={a}&b={b}&interval=week&both_ways=true",
            "search": f"/api/search?q={q(word[0] if word else 'talks')}&limit=50",
            "article": f"/api/articles/{q(article, safe='')}",
            "actor": f"/api/actors/{q(actor, safe='')}",
            "forecasts": "/api/forecasts?limit=100",
            "article page (web)": f"/articles/{q(article, safe='')}"}


def serve(db: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATELINE_")}
    env["PYTHONPATH"] = str(ROOT / "src")
    proc = subprocess.Popen([sys.executable, "-m", "dateline.cli", "serve", "--db", str(db), "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/openapi.json", timeout=2)
            return proc, base
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stderr.read().decode()[-2000:]) from None
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("dateline serve did not start")


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * _UNITS[unit]


def parse_wrk(out: str) -> dict:
    """Requests/s, latency percentiles (ms), requests and errors from `wrk --latency` output."""
    pct = {p: _ms(v) for p, v in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M)}
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    requests = re.search(r"(\d+) requests in", out)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    socket_errors = sum(int(x) for x in sock.groups()) if sock else 0
    return {"requests_per_s": float(rate[1]) if rate else 0.0, "requests": int(requests[1]) if requests else 0,
            "p50_ms": pct.get("50"), "p99_ms": pct.get("99"), "socket_errors": socket_errors,
            "non_2xx": int(non2xx[1]) if non2xx else 0,
            "errors": socket_errors + (int(non2xx[1]) if non2xx else 0)}


def load(base: str, paths: dict[str, str], *, seconds: int, connections: int, threads: int,
         timeout: int) -> dict[str, dict]:
    results = {}
    for name, path in paths.items():
        with urllib.request.urlopen(base + path, timeout=60) as resp:  # warm, and must answer 200
            assert resp.status == 200, (name, resp.status)
        proc = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", f"--timeout={timeout}s",
                               "--latency", base + path], capture_output=True, text=True, timeout=seconds + 120)
        results[name] = {"path": path, **parse_wrk(proc.stdout)}
        r = results[name]
        print(f"{name:20} {r['requests_per_s']:8.1f} req/s  p50 {r['p50_ms']:8.1f} ms  p99 {r['p99_ms']:8.1f} ms  "
              f"errors {r['errors']} ({r['requests']} requests)", file=sys.stderr, flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="an existing store (default: build one)")
    parser.add_argument("--articles", type=int, default=2000, help="articles of the built store (cheap extraction)")
    parser.add_argument("--real-articles", type=int, default=None, help="build with the real pipeline instead")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=10, help="wrk's per-request timeout (counted as an error)")
    parser.add_argument("--only", action="append", help="endpoint names to load (repeatable)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed (Debian: apt-get install -y wrk)")
    folder = Path(tempfile.mkdtemp(prefix="load-"))
    try:
        db = args.db or build_store(folder, articles=args.articles, real_articles=args.real_articles)
        paths = targets(db)
        if args.only:
            paths = {k: v for k, v in paths.items() if k in args.only}
        proc, base = serve(db)
        load_before = os.getloadavg()[0]  # the machine may be shared: the figures depend on it
        try:
            results = load(base, paths, seconds=args.seconds, connections=args.connections, threads=args.threads,
                           timeout=args.timeout)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        load_after = os.getloadavg()[0]
        with __import__("duckdb").connect(str(db), read_only=True) as con:
            size = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                    for t in ("articles", "events", "actors")}
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # the store it built (75 MB for 2,000 articles)
    # wrk counts neither the requests still waiting when it stops nor their timeouts: an endpoint that
    # answered nothing in the whole run has failed too
    stalled = [name for name, r in results.items() if r["requests"] == 0]
    summary = {"store": size, "seconds": args.seconds, "connections": args.connections, "endpoints": results,
               "load_average": [round(load_before, 2), round(load_after, 2)],
               "errors": sum(r["errors"] for r in results.values()), "stalled": stalled}
    if args.json:
        print(json.dumps(summary))
    else:
        print(f"\nstore: {size['articles']:,} articles, {size['events']:,} events, {size['actors']:,} actors; "
              f"wrk {args.seconds} s at {args.connections} connections per endpoint; load average "
              f"{load_before:.1f} before, {load_after:.1f} after ({os.cpu_count()} cores)")
        print(f"{'endpoint':20} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
        for name, r in results.items():
            print(f"{name:20} {r['requests_per_s']:8.1f} {r['p50_ms']:8.1f} {r['p99_ms']:8.1f} {r['errors']:7}")
        if stalled:
            print(f"no answer at all within the run: {', '.join(stalled)}")
    return 1 if summary["errors"] or stalled else 0


if __name__ == "__main__":
    sys.exit(main())

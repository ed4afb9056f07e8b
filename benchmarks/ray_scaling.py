"""Ray scaling: `ingest --engine ray` with 2 workers against 1, on the same articles, in one run.

    python benchmarks/ray_scaling.py [--n 1000] [--corpus ../shared/corpus/allsides.jsonl] [--workers 2]

Starts one local Ray (offline, `--workers` CPUs) and writes Parquet partitions of the first N
articles twice, with a pool of 1 actor and of `--workers` actors; prints articles/s for each
(wall clock, which includes starting the actors and loading their pipelines, and steady: from
10% of the articles done to 90%) and their ratio (target: 1.7x or more for 2 workers).  Then
runs the local runner on the same articles and checks that both Ray runs hold the same records:
the same contract JSON for every article id.  Last, storage: Parquet bytes per article, and
DuckDB bytes per article once the partitions are attached (marginal: the growth of the file
from the first half of the articles to all of them).  A benchmark, not a test: rates compare
within one run on one machine, and other work on the machine lowers the parallel figures first.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "allsides.jsonl"


def first_articles(corpus: Path, n: int, out: Path) -> list:
    """The first n articles of the corpus, also written to `out` as JSON Lines (the runs' input)."""
    from dateline.model import Article
    from dateline.read import read_inputs

    articles = []
    for item in read_inputs([str(corpus)], max_bytes=1_000_000):
        if isinstance(item, Article):
            articles.append(item)
            if len(articles) >= n:
                break
    with open(out, "w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps({"id": a.id, "text": a.text, "published": a.published, "title": a.title,
                                "url": a.url, "outlet": a.outlet}, ensure_ascii=False) + "\n")
    return articles


def ray_run(inputs: Path, folder: Path, settings, workers: int, chunk: int) -> dict:
    """One `ingest --engine ray --no-attach` into `folder`; wall and steady rates."""
    from dateline import jobs

    marks: list[tuple[float, int]] = []
    done = 0

    def progress(n: int) -> None:
        nonlocal done
        done += n
        marks.append((time.perf_counter(), done))

    started = time.perf_counter()
    summary = jobs.ingest([str(inputs)], db=str(folder.with_suffix(".duckdb")), settings=settings,
                          workers=workers, engine="ray", partitions_dir=str(folder), attach=False,
                          on_progress=progress, chunk_articles=chunk)
    wall = time.perf_counter() - started
    # steady: from the batch that passes 10% of the articles to the one that passes 90%, which
    # leaves out the actors' start-up and the tail (results also arrive a few batches at a time)
    t0, n0 = next((t, n) for t, n in marks if n >= 0.1 * done)
    t1, n1 = next((t, n) for t, n in marks if n >= 0.9 * done)
    return {"articles": summary.articles, "failed": summary.failed, "wall": wall,
            "wall_rate": summary.articles / wall, "steady_rate": (n1 - n0) / (t1 - t0) if t1 > t0 else 0.0}


def partition_records(folder: Path) -> dict[str, dict]:
    from dateline.store.partitions import complete_chunks, read_chunk

    # through JSON, as the local runner's records are (spans become lists)
    return {ex.article.id: json.loads(json.dumps(ex.to_dict(), ensure_ascii=False))
            for stem in complete_chunks(str(folder)) for ex in read_chunk(str(folder), stem).extractions}


def local_records(inputs: Path, settings, workers: int) -> tuple[dict[str, dict], float]:
    from dateline import jobs

    out = io.StringIO()
    summary = jobs.extract_to([str(inputs)], out, settings=settings, workers=workers)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    return {r["article"]["id"]: r for r in records}, summary.articles / summary.seconds


def compare(got: dict[str, dict], want: dict[str, dict]) -> tuple[int, list[str]]:
    """How many articles have identical records, and the ids that differ or are missing."""
    same = sum(1 for k, v in want.items() if got.get(k) == v)
    differ = sorted(k for k in set(want) | set(got) if got.get(k) != want.get(k))
    return same, differ


def storage(folder: Path, work: Path, settings) -> dict:
    """Parquet bytes per article, and the DuckDB file's growth per article from half the chunks to all."""
    import duckdb

    from dateline.store import Store
    from dateline.store.partitions import TABLES, attach, complete_chunks

    stems = complete_chunks(str(folder))
    if len(stems) < 2:
        raise SystemExit("storage needs two chunks of partitions (--n 2 or more)")
    parquet = sum(f.stat().st_size for f in folder.rglob("*.parquet"))
    half = work / "half"
    for stem in stems[: len(stems) // 2]:
        for table in TABLES:
            src = folder / table / f"{stem}.parquet"
            if src.exists():
                (half / table).mkdir(parents=True, exist_ok=True)
                shutil.copy(src, half / table / src.name)
    db = work / "attached.duckdb"
    sizes = []
    for source in (half, folder):
        with Store.open(str(db), pipeline=settings.model) as store:
            attach(store, str(source), batch_size=settings.batch_size)
            articles = store.con.execute("SELECT count(*) FROM articles").fetchone()[0]
        sizes.append((articles, db.stat().st_size))
    (n0, s0), (n1, s1) = sizes
    compact = work / "compact.duckdb"  # the same store rewritten at once: no free blocks
    con = duckdb.connect()
    con.execute(f"ATTACH '{db}' AS src (READ_ONLY)")
    con.execute(f"ATTACH '{compact}' AS dst")
    con.execute("COPY FROM DATABASE src TO dst")
    con.close()
    return {"articles": n1, "parquet_per_article": parquet / n1, "duckdb_per_article": s1 / n1,
            "duckdb_marginal": (s1 - s0) / (n1 - n0) if n1 > n0 else None, "half": n0,
            "compact_per_article": compact.stat().st_size / n1}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="first N articles of the corpus")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--workers", type=int, default=2, help="the larger pool (and the local Ray's CPUs)")
    args = parser.parse_args()

    from dateline.run.ray import RayRunner
    from dateline.settings import Settings

    settings = Settings.from_env()
    work = Path(tempfile.mkdtemp(prefix="dateline-ray-scaling-"))
    try:
        inputs = work / "articles.jsonl"
        articles = first_articles(args.corpus, args.n, inputs)
        words = sum(len(a.text.split()) for a in articles) / max(1, len(articles))
        print(f"{args.corpus.name}: first {len(articles)} articles ({words:,.0f} words each on average); "
              f"load average {os.getloadavg()[0]:.2f} at start", flush=True)
        runs = {}
        with RayRunner(settings, workers=args.workers):  # one local Ray for both pools
            for workers in (1, args.workers):
                # two chunks of partitions, for the storage figures below
                r = ray_run(inputs, work / f"parts-{workers}", settings, workers, chunk=-(-len(articles) // 2))
                runs[workers] = r
                print(f"ray, {workers} worker{'s' * (workers != 1)}: {r['articles']} articles "
                      f"({r['failed']} errors) in {r['wall']:.1f} s: {r['wall_rate']:.2f} articles/s wall, "
                      f"{r['steady_rate']:.2f} steady; load average {os.getloadavg()[0]:.2f}", flush=True)
        one, many = runs[1], runs[args.workers]
        steady = many["steady_rate"] / one["steady_rate"]
        print(f"ratio {args.workers} workers / 1 worker: {steady:.2f}x steady, "
              f"{many['wall_rate'] / one['wall_rate']:.2f}x wall (target >= 1.7x): "
              f"{'met' if steady >= 1.7 else 'NOT met'}", flush=True)

        want, local_rate = local_records(inputs, settings, args.workers)
        print(f"local runner, {args.workers} workers: {local_rate:.2f} articles/s wall", flush=True)
        identical = True
        for workers in (1, args.workers):
            same, differ = compare(partition_records(work / f"parts-{workers}"), want)
            identical &= not differ
            print(f"records, ray {workers} worker{'s' * (workers != 1)}: {same} of {len(want)} articles identical "
                  f"to the local runner's" + (f"; differ: {', '.join(differ[:10])}" if differ else ""), flush=True)

        s = storage(work / f"parts-{args.workers}", work, settings)
        marginal = f", {s['duckdb_marginal'] / 1024:.1f} KB marginal (articles {s['half'] + 1}-{s['articles']})" \
            if s["duckdb_marginal"] is not None else ""
        print(f"storage over {s['articles']} articles: "
              f"Parquet (zstd) {s['parquet_per_article'] / 1024:.1f} KB/article; "
              f"DuckDB {s['duckdb_per_article'] / 1024:.1f} KB/article{marginal}; "
              f"compacted copy {s['compact_per_article'] / 1024:.1f} KB/article", flush=True)
        if not identical:
            sys.exit(1)
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()

"""Memory of a worker over a long run: its resident set size (RSS), sampled after every batch.

    python benchmarks/memory.py [--n 10000] [--corpus ../shared/corpus/allsides.jsonl] [--warmup 500]

This process is the worker: it loads the pipeline once (`nlp.extract.Extractor`, as every local
worker process and every Ray actor does) and extracts N articles batch by batch
(`DATELINE_BATCH_SIZE`, default 16), cycling the corpus when N is larger, each pass with
distinct ids (`ID~2`, `ID~3`, ...).  After each batch it reads its RSS from /proc (Linux).
Prints the RSS after the warm-up (the first `--warmup` articles), the largest afterwards, and
whether the run stays within 10% of the warm-up figure and under 1.5 GB; the medians of the
first and last quarters of the samples after the warm-up (a leak shows as a rising median, a
long article as a single peak); and a line every `--every` articles.  `--samples FILE` writes
every sample (articles done, RSS bytes) as CSV.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "allsides.jsonl"
LIMIT_BYTES = 1.5 * 1024**3
GROWTH_LIMIT = 0.10


def rss_bytes() -> int:
    """This process's resident set size, from /proc/self/statm."""
    with open("/proc/self/statm") as f:
        resident_pages = int(f.read().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE")


def articles(corpus: Path, n: int) -> Iterator:
    """The corpus's articles, over and over, with distinct ids after the first pass: n in all."""
    from dataclasses import replace

    from dateline.model import Article
    from dateline.read import read_inputs

    base = [a for a in read_inputs([str(corpus)], max_bytes=1_000_000) if isinstance(a, Article)]
    if not base:
        raise SystemExit(f"no articles in {corpus}")
    for i in range(n):
        article = base[i % len(base)]
        rounds = i // len(base)
        yield article if rounds == 0 else replace(article, id=f"{article.id}~{rounds + 1}")


def mb(n: float) -> str:
    return f"{n / 1024**2:,.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000, help="articles to extract (the corpus cycles)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--warmup", type=int, default=500, help="articles before the reference sample")
    parser.add_argument("--every", type=int, default=500, help="print a sample every N articles")
    parser.add_argument("--samples", type=Path, help="write every sample to this CSV file")
    args = parser.parse_args()
    if args.n <= args.warmup:
        raise SystemExit("--n must be larger than --warmup")

    from dateline.nlp.extract import Extractor
    from dateline.settings import Settings

    settings = Settings.from_env()
    started = time.perf_counter()
    extractor = Extractor(settings)
    print(f"pipeline loaded: RSS {mb(rss_bytes())}", flush=True)
    source = articles(args.corpus, args.n)
    done = failed = 0
    warm: int | None = None
    peak_after = 0
    samples: list[tuple[int, int]] = []
    next_print = args.every
    while batch := list(itertools.islice(source, settings.batch_size)):
        failed += sum(1 for r in extractor.extract_many(batch) if not hasattr(r, "actors"))
        done += len(batch)
        rss = rss_bytes()
        samples.append((done, rss))
        if warm is None and done >= args.warmup:
            warm = rss
            print(f"after warm-up ({done} articles): RSS {mb(rss)}", flush=True)
        elif warm is not None:
            peak_after = max(peak_after, rss)
        if done >= next_print:
            rate = done / (time.perf_counter() - started)
            print(f"{done:>6} articles: RSS {mb(rss)} ({rate:.2f} articles/s)", flush=True)
            next_print += args.every
    assert warm is not None
    peak_after = max(peak_after, warm)
    growth = (peak_after - warm) / warm
    overall = max(r for _, r in samples)
    later = [r for n, r in samples if n > args.warmup]
    quarter = max(1, len(later) // 4)
    first_q, last_q = statistics.median(later[:quarter]), statistics.median(later[-quarter:])
    ok = growth <= GROWTH_LIMIT and overall <= LIMIT_BYTES
    print(f"{done} articles ({failed} failed) in {time.perf_counter() - started:,.0f} s; "
          f"RSS after warm-up {mb(warm)}, largest after it {mb(peak_after)} (+{growth:.1%}), "
          f"final {mb(samples[-1][1])}, largest overall {mb(overall)}", flush=True)
    print(f"median RSS of the first quarter after warm-up {mb(first_q)}, of the last quarter {mb(last_q)} "
          f"({(last_q - first_q) / first_q:+.1%})")
    print(f"within {GROWTH_LIMIT:.0%} of the warm-up figure and under {mb(LIMIT_BYTES)}: {'yes' if ok else 'NO'}")
    if args.samples:
        with open(args.samples, "w", encoding="utf-8") as f:
            f.write("articles,rss_bytes\n" + "".join(f"{n},{r}\n" for n, r in samples))
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()

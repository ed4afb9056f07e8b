"""Throughput: the dateline pipeline against a bare spaCy parse of the same articles, in one run.

    python benchmarks/throughput.py [--n 200] [--corpus ../shared/corpus/allsides.jsonl] [--workers 2] [--warmup 4]

Prints articles/s for (1) the bare spaCy parse (tok2vec, tagger, parser, ner over nlp.pipe; the
pipeline's attribute ruler and lemmatizer, which dateline also runs, are not counted), (2) the
full dateline extraction in one process, and their ratio, by the clock and by this process's CPU
time (the CPU ratio holds when other work shares the machine).  The two run in one process, a
batch of each in turn over the same articles, so drift in the machine's speed cancels; with
--workers > 1 also (3) the local runner with that many worker processes.  Rates are only
compared within one run, on one machine: a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "allsides.jsonl"


def load_articles(path: Path, n: int):
    from dateline.read import read_inputs
    from dateline.model import Article

    articles = []
    for item in read_inputs([str(path)], max_bytes=1_000_000):
        if isinstance(item, Article):
            articles.append(item)
            if len(articles) >= n:
                break
    return articles


BARE = ("tok2vec", "tagger", "parser", "ner")


class Clock:
    """Seconds by the clock and by this process's CPU time, summed over the timed blocks."""

    def __init__(self):
        self.wall = self.cpu = 0.0

    def time(self, work) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        self.wall += time.perf_counter() - wall
        self.cpu += time.process_time() - cpu


def side_by_side(articles, settings, warmup: list) -> tuple[Clock, Clock, int]:
    """Time the bare spaCy parse and dateline's extraction on the same articles, one batch of each
    in turn, so a machine that speeds up or slows down during the run (other work, frequency
    scaling) weighs on both sides alike.  Returns (bare clock, dateline clock, failed articles)."""
    import spacy

    from dateline.nlp.extract import Extractor, freeze_loaded

    bare = spacy.load(settings.model)
    bare.select_pipes(enable=[name for name in BARE if name in bare.pipe_names])
    extractor = Extractor(settings)
    freeze_loaded()  # as every worker process and Ray actor does after loading its pipeline
    size = settings.batch_size
    for _ in bare.pipe([a.text for a in warmup], batch_size=size):
        pass
    list(extractor.extract_many(warmup))
    bare_clock, dateline_clock, failed = Clock(), Clock(), []
    for i in range(0, len(articles), size):
        batch = articles[i:i + size]
        bare_clock.time(lambda: [None for _ in bare.pipe([a.text for a in batch], batch_size=size)])
        dateline_clock.time(lambda: failed.extend(r for r in extractor.extract_many(batch)
                                                  if not hasattr(r, "actors")))
    return bare_clock, dateline_clock, len(failed)


def pipeline_workers(articles, settings, workers: int) -> float:
    from dateline.jobs import Batch
    from dateline.run.local import LocalRunner

    runner = LocalRunner(settings, workers=workers)
    size = settings.batch_size
    jobs = [Batch(articles=articles[i:i + size]) for i in range(0, len(articles), size)]
    started = time.perf_counter()  # includes starting the workers and loading their models
    for _ in runner.map(jobs):
        pass
    return len(articles) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200, help="first N articles of the corpus")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=4,
                        help="articles each side processes first, unmeasured: the N after the measured ones "
                             "(a long-running worker's caches are warm; 4 measures a cold start)")
    args = parser.parse_args()

    from dateline.settings import Settings

    settings = Settings.from_env()
    loaded = load_articles(args.corpus, args.n + args.warmup)
    articles, warmup = loaded[:args.n], loaded[args.n:] or loaded[:4]
    words = sum(len(a.text.split()) for a in articles)
    print(f"{len(articles)} articles, {words / max(1, len(articles)):.0f} words each, from {args.corpus.name}; "
          f"{len(warmup)} others first to warm up")
    bare, dateline, failed = side_by_side(articles, settings, warmup)
    if failed:
        print(f"  ({failed} articles failed extraction)", file=sys.stderr)
    n = len(articles)
    spacy_rate, spacy_cpu, dateline_rate, dateline_cpu = n / bare.wall, n / bare.cpu, n / dateline.wall, n / dateline.cpu
    print(f"bare spaCy parse      {spacy_rate:8.2f} articles/s  ({spacy_cpu:.2f} per CPU second)")
    print(f"dateline, 1 process   {dateline_rate:8.2f} articles/s  ({dateline_cpu:.2f} per CPU second)")
    print(f"ratio dateline/spaCy  {dateline_rate / spacy_rate:8.2f}           ({dateline_cpu / spacy_cpu:.2f} by CPU time)")
    result = {"articles": n, "warmup": len(warmup), "spacy_per_s": spacy_rate, "dateline_per_s": dateline_rate,
              "ratio": dateline_rate / spacy_rate, "ratio_cpu": dateline_cpu / spacy_cpu}
    if args.workers > 1:
        rate = pipeline_workers(articles, settings, args.workers)
        print(f"dateline, {args.workers} workers   {rate:8.2f} articles/s (with worker start-up)")
        result[f"dateline_{args.workers}_workers_per_s"] = rate
    print(json.dumps(result))


if __name__ == "__main__":
    main()

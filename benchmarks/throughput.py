"""Throughput: the dateline pipeline against a bare spaCy parse of the same articles, in one run.

    python benchmarks/throughput.py [--n 200] [--corpus ../shared/corpus/allsides.jsonl] [--workers 2] [--warmup 4]

Prints articles/s for (1) the bare spaCy parse (tok2vec, tagger, parser, ner over nlp.pipe; the
pipeline's attribute ruler and lemmatizer, which dateline also runs, are not counted), (2) the
full dateline extraction in one process, and their ratio, by the clock and by this process's CPU
time (the CPU ratio holds when other work shares the machine); with
--workers > 1 also (3) the local runner with that many worker processes.  Rates are only
compared within one run, on one machine: a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import gc
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


def bare_spacy(articles, model: str, batch_size: int, warmup: list) -> tuple[float, float]:
    """(articles/s by the clock, articles/s of this process's CPU time) of the bare parse."""
    import spacy

    nlp = spacy.load(model)
    nlp.select_pipes(enable=[name for name in BARE if name in nlp.pipe_names])
    gc.freeze()  # the same treatment as dateline's worker below, so the ratio compares like with like
    list(nlp.pipe([a.text for a in warmup], batch_size=batch_size))
    started, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe((a.text for a in articles), batch_size=batch_size):
        pass
    return len(articles) / (time.perf_counter() - started), len(articles) / (time.process_time() - cpu)


def pipeline_in_process(articles, settings, warmup: list) -> tuple[float, float]:
    from dateline.nlp.extract import Extractor, freeze_loaded

    extractor = Extractor(settings)
    freeze_loaded()  # as every worker process and Ray actor does after loading its pipeline
    list(extractor.extract_many(warmup))
    started, cpu = time.perf_counter(), time.process_time()
    results = list(extractor.extract_many(articles))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    failed = sum(1 for r in results if not hasattr(r, "actors"))
    if failed:
        print(f"  ({failed} articles failed extraction)", file=sys.stderr)
    return len(articles) / elapsed, len(articles) / cpu


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
    spacy_rate, spacy_cpu = bare_spacy(articles, settings.model, settings.batch_size, warmup)
    print(f"bare spaCy parse      {spacy_rate:8.2f} articles/s  ({spacy_cpu:.2f} per CPU second)")
    dateline_rate, dateline_cpu = pipeline_in_process(articles, settings, warmup)
    print(f"dateline, 1 process   {dateline_rate:8.2f} articles/s  ({dateline_cpu:.2f} per CPU second)")
    print(f"ratio dateline/spaCy  {dateline_rate / spacy_rate:8.2f}           ({dateline_cpu / spacy_cpu:.2f} by CPU time)")
    result = {"articles": len(articles), "warmup": len(warmup), "spacy_per_s": spacy_rate, "dateline_per_s": dateline_rate,
              "ratio": dateline_rate / spacy_rate, "ratio_cpu": dateline_cpu / spacy_cpu}
    if args.workers > 1:
        rate = pipeline_workers(articles, settings, args.workers)
        print(f"dateline, {args.workers} workers   {rate:8.2f} articles/s (with worker start-up)")
        result[f"dateline_{args.workers}_workers_per_s"] = rate
    print(json.dumps(result))


if __name__ == "__main__":
    main()

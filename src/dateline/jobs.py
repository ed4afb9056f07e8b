"""The library's main jobs, which the CLI only calls: extract to JSON Lines, ingest into the store.

    summary = extract_to(["news/"], out, settings=Settings.from_env(), workers=2)
    summary = ingest(["news/"], db="dateline.duckdb", settings=..., workers=2)

Bad input becomes a Failure (an errors row when ingesting, a warning either way) and the
batch goes on.  `on_progress(n)` is called as articles are done; `on_failure(f)` for each Failure.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from .model import Article, Extraction, Failure
from .read import read_inputs
from .run.local import LocalRunner
from .settings import Settings
from .store import Store


@dataclass(slots=True)
class Batch:
    articles: list[Article] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)  # read problems, passed through
    skipped: int = 0  # already stored


@dataclass(slots=True)
class Summary:
    articles: int = 0  # extracted (extract) or stored (ingest)
    skipped: int = 0
    failed: int = 0
    seconds: float = 0.0

    @property
    def processed(self) -> int:
        return self.articles + self.skipped

    def line(self, verb: str) -> str:
        rate = self.articles / self.seconds if self.seconds else 0.0
        parts = [f"{verb} {self.articles} article{'s' * (self.articles != 1)}"]
        if self.skipped:
            parts.append(f"{self.skipped} already stored")
        if self.failed:
            parts.append(f"{self.failed} error{'s' * (self.failed != 1)}")
        return ", ".join(parts) + f" in {self.seconds:.1f} s ({rate:.1f} articles/s)"


def batches(items: Iterable[Article | Failure], size: int) -> Iterator[Batch]:
    batch = Batch()
    for item in items:
        if isinstance(item, Failure):
            batch.failures.append(item)
        else:
            batch.articles.append(item)
        if len(batch.articles) >= size:
            yield batch
            batch = Batch()
    if batch.articles or batch.failures:
        yield batch


def count_articles(inputs: list[str], *, settings: Settings, format: str | None = None) -> int | None:
    """How many articles the inputs hold (a cheap first pass, for a progress total); None for stdin."""
    if "-" in inputs:
        return None
    return sum(1 for item in read_inputs(inputs, max_bytes=settings.max_bytes, format=format)
               if isinstance(item, Article))


def extract_to(inputs: list[str], out: TextIO, *, settings: Settings, workers: int | None = None,
               format: str | None = None, on_progress: Callable[[int], None] | None = None,
               on_failure: Callable[[Failure], None] | None = None) -> Summary:
    """Write one contract object per article to `out`, in input order."""
    started = time.monotonic()
    summary = Summary()
    runner = LocalRunner(settings, workers=workers)
    items = read_inputs(inputs, max_bytes=settings.max_bytes, format=format)
    for batch, results in runner.map(batches(items, settings.batch_size)):
        failures = list(batch.failures)
        for result in results:
            if isinstance(result, Extraction):
                out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
                summary.articles += 1
            else:
                failures.append(result)
        _report(failures, summary, on_failure)
        if on_progress:
            on_progress(len(batch.articles))
    out.flush()
    summary.seconds = time.monotonic() - started
    return summary


def ingest(inputs: list[str], *, db: str, settings: Settings, workers: int | None = None,
           format: str | None = None, on_progress: Callable[[int], None] | None = None,
           on_failure: Callable[[Failure], None] | None = None) -> Summary:
    """Extract every article not yet stored and store it; a rerun resumes where a run stopped."""
    started = time.monotonic()
    summary = Summary()
    runner = LocalRunner(settings, workers=workers)
    with Store.open(db, pipeline=settings.model) as store:
        def triaged() -> Iterator[Batch]:
            items = read_inputs(inputs, max_bytes=settings.max_bytes, format=format)
            for batch in batches(items, settings.batch_size):
                new, known, conflicts = store.triage(batch.articles)
                yield Batch(articles=new, failures=batch.failures + conflicts, skipped=len(known))

        for batch, results in runner.map(triaged()):
            extractions = [r for r in results if isinstance(r, Extraction)]
            failures = batch.failures + [r for r in results if isinstance(r, Failure)]
            stored, lost = store.write(extractions, failures)
            summary.articles += stored
            summary.skipped += batch.skipped + len(extractions) - stored - len(lost)
            _report(failures + lost, summary, on_failure)
            if on_progress:
                on_progress(len(batch.articles) + batch.skipped)
    summary.seconds = time.monotonic() - started
    return summary


def _report(failures: list[Failure], summary: Summary, on_failure: Callable[[Failure], None] | None) -> None:
    summary.failed += len(failures)
    if on_failure:
        for f in failures:
            on_failure(f)

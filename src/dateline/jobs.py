"""The library's main jobs, which the CLI only calls: extract to JSON Lines, ingest into the store.

    summary = extract_to(["news/"], out, settings=Settings.from_env(), workers=2)
    summary = ingest(["news/"], db="dateline.duckdb", settings=..., workers=2)
    summary = ingest(["news/"], db=..., settings=..., engine="ray", ray_address=None)  # Parquet, then attach
    attached = attach(["dateline.parts"], db="dateline.duckdb", settings=...)

Bad input becomes a Failure (an errors row when ingesting, a warning either way) and the
batch goes on.  `on_progress(n)` is called as articles are done; `on_failure(f)` for each Failure.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from .errors import Code, UsageError
from .model import Article, Extraction, Failure
from .read import read_inputs
from .run.local import LocalRunner
from .settings import Settings
from .store import Store
from .store import partitions


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
    partitions: str | None = None  # engine ray: the folder the articles were written to
    attached: partitions.AttachSummary | None = None  # engine ray: what attaching them stored

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
           on_failure: Callable[[Failure], None] | None = None, engine: str = "local",
           ray_address: str | None = None, partitions_dir: str | None = None, attach: bool = True,
           chunk_articles: int = 1000) -> Summary:
    """Extract every article not yet stored and store it; a rerun resumes where a run stopped.

    `engine="ray"`: Ray actors extract, Parquet partitions are written to `partitions_dir`
    (default: the store's name with `.parts`), then attached to the store unless `attach` is
    False.  Articles already stored or already in the partitions are not extracted again.
    """
    if engine == "ray":
        return _ingest_ray(inputs, db=db, settings=settings, workers=workers, format=format,
                           on_progress=on_progress, on_failure=on_failure, ray_address=ray_address,
                           folder=partitions_dir or default_partitions(db), attach=attach,
                           chunk_articles=chunk_articles)
    if engine != "local":
        raise UsageError(Code.USAGE, detail=f"--engine must be local or ray, not {engine!r}")
    if ray_address or partitions_dir or not attach:
        raise UsageError(Code.USAGE, detail="--ray-address, --partitions and --no-attach need --engine ray")
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


def default_partitions(db: str) -> str:
    """Where `ingest --engine ray` writes partitions for a store: dateline.duckdb -> dateline.parts."""
    return os.path.splitext(db)[0] + ".parts"


def _ingest_ray(inputs: list[str], *, db: str, settings: Settings, workers: int | None, format: str | None,
                on_progress: Callable[[int], None] | None, on_failure: Callable[[Failure], None] | None,
                ray_address: str | None, folder: str, attach: bool, chunk_articles: int) -> Summary:
    from .run.ray import RayRunner

    started = time.monotonic()
    summary = Summary(partitions=folder)
    runner = RayRunner(settings, workers=workers, address=ray_address)  # checks before reading anything
    # extracted by an earlier run (attached or not), or stored: not extracted again
    known = partitions.known_keys(folder, db if attach and os.path.exists(db) else None)
    writer = partitions.PartitionWriter(folder, chunk_articles=chunk_articles)
    try:
        with runner:
            for batch in runner.extract(inputs, format=format, known=known):
                writer.add(batch.tables)
                if "articles" in batch.tables:
                    summary.articles += batch.tables["articles"].num_rows
                summary.skipped += batch.skipped
                errors = batch.tables["errors"].to_pylist() if "errors" in batch.tables else []
                _report([Failure(source=e["source"], code=e["code"], reason=e["reason"],
                                 article_id=e["article_id"]) for e in errors], summary, on_failure)
                if on_progress:
                    on_progress(batch.done)
    finally:  # what came back is kept, also when the run is interrupted: a rerun skips it
        writer.close()
    summary.seconds = time.monotonic() - started
    if attach and partitions.complete_chunks(folder):
        with Store.open(db, pipeline=settings.model) as store:
            summary.attached = partitions.attach(store, folder, batch_size=settings.batch_size,
                                                 on_failure=on_failure)
    return summary


def attach(folders: list[str], *, db: str, settings: Settings, on_progress: Callable[[int], None] | None = None,
           on_failure: Callable[[Failure], None] | None = None) -> list[partitions.AttachSummary]:
    """Import Parquet partitions (folders written by `ingest --engine ray`) into the store."""
    with Store.open(db, pipeline=settings.model) as store:
        return [partitions.attach(store, folder, batch_size=settings.batch_size, on_progress=on_progress,
                                  on_failure=on_failure) for folder in folders]


def _report(failures: list[Failure], summary: Summary, on_failure: Callable[[Failure], None] | None) -> None:
    summary.failed += len(failures)
    if on_failure:
        for f in failures:
            on_failure(f)

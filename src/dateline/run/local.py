"""The local runner: extract batches of articles in worker processes, results in input order.

    runner = LocalRunner(settings, workers=2)
    for job, results in runner.map(jobs):   # each job has .articles; results match them one to one
        ...

Each worker loads the spaCy pipeline once.  One worker, or an input too small to share,
runs in this process and skips the start-up cost of the pool.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Protocol, TypeVar

from ..errors import Code, UsageError
from ..model import Article, Extraction, Failure
from ..nlp.extract import Extractor, freeze_loaded
from ..nlp.pipeline import check_model
from ..settings import Settings

Result = Extraction | Failure


class Job(Protocol):
    articles: list[Article]


J = TypeVar("J", bound=Job)

# Worker-process state, set by _init_worker in each worker (never at import).
_worker: dict[str, object] = {}


def _init_worker(settings: Settings) -> None:
    try:
        _worker["extractor"] = Extractor(settings)
        freeze_loaded()  # a worker process keeps its pipeline to the end
    except Exception as exc:  # reported to the parent with the first task, not by respawning forever
        _worker["error"] = exc


def _extract_in_worker(articles: list[Article]) -> list[Result]:
    if "error" in _worker:
        raise _worker["error"]  # type: ignore[misc]
    extractor: Extractor = _worker["extractor"]  # type: ignore[assignment]
    return list(extractor.extract_many(articles))


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


class LocalRunner:
    def __init__(self, settings: Settings, *, workers: int | None = None):
        if workers is not None and workers < 1:
            raise UsageError(Code.USAGE, detail=f"--workers must be at least 1, not {workers}")
        self.settings = settings
        self.workers = workers or default_workers()
        self._extractor: Extractor | None = None
        check_model(settings.model)

    def map(self, jobs: Iterable[J]) -> Iterator[tuple[J, list[Result]]]:
        jobs = iter(jobs)
        head = list(itertools.islice(jobs, 2))
        if self.workers == 1 or len(head) < 2:
            yield from self._in_process(itertools.chain(head, jobs))
        else:
            yield from self._in_pool(itertools.chain(head, jobs))

    def _in_process(self, jobs: Iterable[J]) -> Iterator[tuple[J, list[Result]]]:
        for job in jobs:
            if not job.articles:
                yield job, []
                continue
            if self._extractor is None:
                self._extractor = Extractor(self.settings)
            yield job, list(self._extractor.extract_many(job.articles))

    def _in_pool(self, jobs: Iterable[J]) -> Iterator[tuple[J, list[Result]]]:
        # spawn, not fork: the parent may run threads (progress display) that fork would copy mid-lock.
        ctx = multiprocessing.get_context("spawn")
        window = self.workers * 3  # jobs in flight: enough to keep workers busy, bounded memory
        with ctx.Pool(self.workers, initializer=_init_worker, initargs=(self.settings,)) as pool:
            pending: deque = deque()
            for job in jobs:
                pending.append((job, pool.apply_async(_extract_in_worker, (job.articles,))
                                if job.articles else None))
                while len(pending) >= window:
                    yield self._collect(pending.popleft())
            while pending:
                yield self._collect(pending.popleft())

    @staticmethod
    def _collect(item: tuple) -> tuple:
        job, result = item
        return job, (result.get() if result is not None else [])

"""The extraction pipeline: annotate -> times -> places -> actors -> quotes -> events -> forecasts.

    extractor = Extractor(Settings.from_env())
    for result in extractor.extract_many(articles):   # Extraction or Failure, in order
        ...

Each stage reads what earlier stages found and returns its own records.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import signal
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from ..errors import Code, InputError
from ..model import Article, Extraction, Failure
from ..read.records import one_line
from ..settings import Settings
from . import actors, events, forecasts, places, quotes, times
from .language import LanguageCheck
from .pipeline import load_pipeline
from .vocabulary import FrequentWords


class Extractor:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.nlp = load_pipeline(settings.model)
        self.frequent = FrequentWords(self.nlp)
        self.language = LanguageCheck(min_chars=settings.language_min_chars,
                                      min_prob=settings.language_min_prob) if settings.check_language else None

    def extract(self, article: Article) -> Extraction | Failure:
        return next(iter(self.extract_many([article])))

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Extraction | Failure]:
        """Results in input order; a failing article becomes a Failure and the rest go on."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= self.settings.batch_size:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def _batch(self, articles: list[Article]) -> list[Extraction | Failure]:
        results: list[Extraction | Failure | None] = [None] * len(articles)
        ready: list[int] = []
        for i, article in enumerate(articles):
            problem = self.language.problem(article.text) if self.language else None
            if problem:
                results[i] = _failure(article, problem)
            else:
                ready.append(i)
        # Strings and lexemes a batch adds to the vocab are freed when the zone closes, so a long
        # run's memory stays flat; nothing spaCy made may outlive the zone (records are plain).
        with collection_paused(), self.nlp.memory_zone():
            try:
                docs = list(self.nlp.pipe([articles[i].text for i in ready]))
            except Exception:  # one bad text must not sink the batch: redo one by one to find it
                docs = [None] * len(ready)
            for i, doc in zip(ready, docs):
                results[i] = self._one(articles[i], doc)
        self.frequent.observe(articles[i].text for i in ready)  # outside the zone: kept for good
        release_free_memory()
        return results  # type: ignore[return-value]

    def _one(self, article: Article, doc) -> Extraction | Failure:
        try:
            with time_limit(self.settings.article_seconds):
                if doc is None:
                    doc = self.nlp(article.text)
                return stages(doc, article)
        except ArticleTimeout:
            detail = f"took over {self.settings.article_seconds:g} s (DATELINE_ARTICLE_SECONDS)"
            return _failure(article, InputError(Code.EXTRACTION_FAILED, detail=detail))
        except Exception as exc:  # reported as an errors row with its cause; the batch goes on
            detail = one_line(f"{type(exc).__name__}: {exc}", 300)
            return _failure(article, InputError(Code.EXTRACTION_FAILED, detail=detail))


def stages(doc, article: Article) -> Extraction:
    """Run every stage over one annotated document."""
    found = Extraction(article=article)  # each stage reads what came before and adds its own lists
    # spaCy's text is lossless, so the article's string is the doc's: no join of every token
    doc.user_data.setdefault("dateline_text", article.text)
    try:
        found.times = times.run(doc, found)
        found.dateline, found.places = places.run(doc, found)
        found.actors = actors.run(doc, found)
        found.quotes = quotes.run(doc, found)  # before events, which read their spans for mode "claimed"
        found.events = events.run(doc, found)
        found.forecasts = forecasts.run(doc, found)
    finally:
        forget_views(doc)
    return found


def forget_views(doc) -> None:
    """Drop what the stages cached on the doc (parse view, spans, indices).  They hold spans of
    the doc, so kept they would tie it into reference cycles that only the garbage collector's
    full collections free: a batch's docs would linger in memory and cost a long collection."""
    for key in [key for key in doc.user_data if isinstance(key, str) and key.startswith("dateline_")]:
        del doc.user_data[key]


def freeze_loaded() -> None:
    """For a worker that keeps its pipeline to the end: move every object alive now (the loaded
    model, its vocabulary and tables) out of the garbage collector's scans.  A full collection
    otherwise walks them all again every few batches, a few percent of a worker's time.  Not
    for library callers, whose own objects would be frozen with the model."""
    gc.freeze()


class _Pauses:
    """How many batches in this process run with automatic garbage collection paused."""

    def __init__(self):
        self.lock = threading.Lock()
        self.running = 0
        self.resume = False  # whether collection was on when the first of them began


@functools.lru_cache(maxsize=1)
def _pauses() -> _Pauses:
    return _Pauses()  # made on first use, in the process that uses it


@contextmanager
def collection_paused():
    """Run a block with the garbage collector's automatic collections off, then collect the
    youngest generation once.  A batch allocates millions of short-lived objects (parser states,
    records, tuples); the automatic collections this triggers rescan the surviving caches again
    and again and cost dateline ~8% of its time, while almost nothing a batch makes is cyclic
    garbage (the stages drop their views of a doc).  What the block allocated is still in the
    youngest generation afterwards (unless another block, in another thread, ended meanwhile and
    collected it: its cycles then wait for a later collection), so one collection of it frees
    whatever cycles the block left.  Nested and concurrent blocks are counted: collection
    resumes, if it was on, when the last one ends."""
    pauses = _pauses()
    with pauses.lock:
        if pauses.running == 0:
            pauses.resume = gc.isenabled()
            gc.disable()
        pauses.running += 1
    try:
        yield
    finally:
        with pauses.lock:
            pauses.running -= 1
            if pauses.running == 0 and pauses.resume:
                gc.enable()
        gc.collect(0)


@functools.lru_cache(maxsize=1)
def _malloc_trim():
    """glibc's malloc_trim, or None (another C library, another system)."""
    name = ctypes.util.find_library("c")
    if not name:
        return None
    trim = getattr(ctypes.CDLL(name), "malloc_trim", None)
    if trim is not None:
        trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


def release_free_memory() -> None:
    """Hand the heap pages a batch freed back to the system.  glibc keeps freed pages for reuse,
    so without this a batch of long articles leaves its peak in the worker's resident memory for
    the rest of the run; a trim after a batch costs a few milliseconds."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


class ArticleTimeout(Exception):
    """An article's extraction ran past Settings.article_seconds."""


@contextmanager
def time_limit(seconds: float):
    """Raise ArticleTimeout in this block after `seconds` (a hostile text must not hang a
    worker).  Uses SIGALRM, so it acts only in a process's main thread; elsewhere, and with
    `seconds` <= 0, the block runs unlimited."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or \
            not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise ArticleTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _failure(article: Article, error: InputError) -> Failure:
    return Failure(source=article.source or article.id, code=error.code.value, reason=str(error),
                   article_id=article.id)

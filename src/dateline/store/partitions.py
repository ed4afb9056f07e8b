"""Parquet partitions: the store's tables written by scale-out workers, and attached into a store.

    writer = PartitionWriter("dateline.parts", chunk_articles=1000)
    writer.add(result_tables(results, pipeline=settings.model, now=now))   # Extraction/Failure records
    writer.close()                                                         # writes the last chunk

    with Store.open("dateline.duckdb") as store:
        summary = attach(store, "dateline.parts")   # idempotent; a rerun attaches only what is new

Layout: one folder per table, one Parquet file per chunk of articles, every file with the
store's columns for that table (`schema.arrow_schema`), rows made by the store's own row
builders (`rows.extraction_rows`, `rows.failure_row`):

    PARTS/actors/20261129T131500-3f9a2c-000000.parquet
    ...
    PARTS/errors/20261129T131500-3f9a2c-000000.parquet
    PARTS/articles/20261129T131500-3f9a2c-000000.parquet   <- written last: the chunk is complete

Files are written under hidden temporary names and renamed into place, the `articles` file
last (with zero rows when a chunk holds only errors), so a chunk without its articles file
is one a crash interrupted: it is ignored, and its articles are extracted again.

`attach` imports complete chunks into the store's tables, in chunk order, through
`Store.write` (batches of `batch_size` articles, one transaction each): the same path as a
local ingest, so stored texts are skipped by content hash, ids taken by another text become
E007 errors rows, the actor registry codes what the text leaves uncoded, and every event
joins the event clusters of the whole store, whatever partition its reports came from.
The table `partitions` records each attached chunk; a chunk's errors rows are written with
its record, so attaching the same folder twice adds nothing.
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import Code, InputError, UsageError
from ..model import Extraction, Failure
from .rows import extraction_from_rows, extraction_rows, failure_row
from .schema import ARTICLE_TABLES, arrow_schema, insert_rows

# The tables a partition holds; `articles` last, since its file marks a chunk complete.
TABLES = [t for t in ARTICLE_TABLES if t != "articles"] + ["errors", "articles"]

LEDGER_DDL = ("CREATE TABLE IF NOT EXISTS partitions (stem VARCHAR PRIMARY KEY, folder VARCHAR, "
              "status VARCHAR, articles INTEGER, errors INTEGER, attached_at TIMESTAMP)")


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def new_run_id() -> str:
    """A run's file-name prefix: sortable by start time, unique across concurrent writers."""
    return f"{_now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"


def result_tables(results: Iterable[Extraction | Failure], *, pipeline: str, now: datetime
                  ) -> dict[str, pa.Table]:
    """The partition tables of a batch of results: the store's rows, as Arrow tables."""
    rows: dict[str, list[dict]] = {t: [] for t in TABLES}
    for result in results:
        if isinstance(result, Extraction):
            for table, table_rows in extraction_rows(result, pipeline=pipeline, now=now).items():
                rows[table].extend(table_rows)
        else:
            rows["errors"].append(failure_row(result, now=now))
    return {t: pa.Table.from_pylist(r, schema=arrow_schema(t)) for t, r in rows.items() if r}


class PartitionWriter:
    """Collects partition tables and writes them a chunk (about `chunk_articles` articles) at a time."""

    def __init__(self, folder: str, *, chunk_articles: int = 1000, run: str | None = None):
        if chunk_articles < 1:
            raise UsageError(Code.USAGE, detail=f"a partition chunk needs at least 1 article, not {chunk_articles}")
        self.folder = folder
        self.chunk_articles = chunk_articles
        self.run = run or new_run_id()
        self.files: list[str] = []  # every file written, in order
        self._seq = 0
        self._pending: dict[str, list[pa.Table]] = {t: [] for t in TABLES}
        self._articles = 0
        self._rows = 0
        self._ids: set[str] = set()  # the article ids of the pending chunk: unique within a chunk

    def add(self, tables: dict[str, pa.Table]) -> None:
        """Add one batch's tables (article ids unique within the batch); a chunk holds whole batches."""
        unknown = set(tables) - set(TABLES)
        if unknown:
            raise ValueError(f"not partition tables: {sorted(unknown)}")
        ids = tables["articles"].column("id").to_pylist() if "articles" in tables else []
        if self._ids.intersection(ids):  # an id seen again: start a chunk, where the store's triage sorts it out
            self.flush()
        self._ids.update(ids)
        for name, table in tables.items():
            if table.num_rows:
                self._pending[name].append(table.cast(arrow_schema(name)))
                self._rows += table.num_rows
        self._articles += tables["articles"].num_rows if "articles" in tables else 0
        if self._articles >= self.chunk_articles:
            self.flush()

    def flush(self) -> str | None:
        """Write what is pending as one chunk; returns its stem (None when nothing was pending)."""
        if not self._rows:
            return None
        stem = f"{self.run}-{self._seq:06d}"
        staged: list[tuple[str, str]] = []
        try:
            for name in TABLES:
                parts = self._pending[name]
                if not parts and name != "articles":
                    continue
                table = pa.concat_tables(parts) if parts else arrow_schema(name).empty_table()
                os.makedirs(os.path.join(self.folder, name), exist_ok=True)
                final = os.path.join(self.folder, name, f"{stem}.parquet")
                temp = os.path.join(self.folder, name, f".{stem}.parquet.tmp")
                staged.append((temp, final))
                pq.write_table(table, temp, compression="zstd")
            for temp, final in staged:  # `articles` is last in TABLES: it completes the chunk
                os.replace(temp, final)
                self.files.append(final)
        except BaseException:
            for temp, _ in staged:
                if os.path.exists(temp):
                    os.remove(temp)
            raise
        self._pending = {t: [] for t in TABLES}
        self._articles = self._rows = 0
        self._ids = set()
        self._seq += 1
        return stem

    def close(self) -> None:
        self.flush()


# -- reading -------------------------------------------------------------------------------


def _file(folder: str, table: str, stem: str) -> str:
    return os.path.join(folder, table, f"{stem}.parquet")


def complete_chunks(folder: str) -> list[str]:
    """The stems of the chunks whose articles file is in place, in the order they were written."""
    articles = os.path.join(folder, "articles")
    if not os.path.isdir(articles):
        return []
    return sorted(name[: -len(".parquet")] for name in os.listdir(articles)
                  if name.endswith(".parquet") and not name.startswith("."))


def hash_key(content_hash: str) -> int:
    """An article's skip key: the first 64 bits of its content hash."""
    return int(content_hash[:16], 16)


def known_keys(folder: str, db: str | None = None) -> np.ndarray:
    """The sorted skip keys (`hash_key`) of the articles in the folder's complete chunks and in the
    store `db`: the texts a run need not extract again, 8 bytes an article (a million stored
    articles hold 8 MB; two texts share a key once in 2**64 / N lookups)."""
    key = "('0x' || substr(content_hash, 1, 16))::UBIGINT AS k"
    files = [_file(folder, "articles", stem) for stem in complete_chunks(folder)]
    found = [np.empty(0, dtype=np.uint64)]
    con = duckdb.connect()
    try:
        if files:
            try:
                found.append(con.execute(f"SELECT {key} FROM read_parquet(?)", [files]).fetchnumpy()["k"])
            except duckdb.Error as exc:
                raise InputError(Code.MALFORMED_RECORD, detail=f"{folder}: {str(exc).splitlines()[0][:300]}") from None
        if db is not None:
            quoted = db.replace("'", "''")
            try:
                con.execute(f"ATTACH '{quoted}' AS store (READ_ONLY)")
            except duckdb.Error as exc:
                raise UsageError(Code.STORE_FAILED, db=db, detail=str(exc).splitlines()[0]) from None
            found.append(con.execute(f"SELECT {key} FROM store.articles").fetchnumpy()["k"])
    finally:
        con.close()
    return np.unique(np.concatenate([np.asarray(f, dtype=np.uint64) for f in found]))


def is_known(keys: np.ndarray, content_hash: str) -> bool:
    k = np.uint64(hash_key(content_hash))
    i = int(np.searchsorted(keys, k))
    return i < len(keys) and keys[i] == k


@dataclass(slots=True)
class Chunk:
    stem: str
    extractions: list[Extraction] = field(default_factory=list)  # in the order they were written
    pipelines: list[str] = field(default_factory=list)  # the pipeline of each extraction
    errors: list[dict] = field(default_factory=list)  # errors rows, as written


def read_chunk(folder: str, stem: str) -> Chunk:
    """One chunk's records.  InputError E006 when a file is damaged or lacks the store's columns."""
    tables = {t: _read(folder, t, stem).to_pylist() if os.path.exists(_file(folder, t, stem)) else []
              for t in TABLES}
    by_article: dict[str, dict[str, list[dict]]] = {}
    for row in tables["articles"]:
        if row["id"] in by_article:
            raise InputError(Code.MALFORMED_RECORD, detail=f"{_file(folder, 'articles', stem)}: "
                                                           f"article {row['id']!r} twice")
        by_article[row["id"]] = {t: [] for t in ARTICLE_TABLES}
        by_article[row["id"]]["articles"].append(row)
    for table in ARTICLE_TABLES:
        if table == "articles":
            continue
        for row in tables[table]:
            if row["article_id"] not in by_article:
                raise InputError(Code.MALFORMED_RECORD, detail=f"{_file(folder, table, stem)}: a row of "
                                 f"article {row['article_id']!r}, which is not in the chunk's articles")
            by_article[row["article_id"]][table].append(row)
    chunk = Chunk(stem=stem, errors=tables["errors"])
    for rows in by_article.values():
        chunk.extractions.append(extraction_from_rows(rows))
        chunk.pipelines.append(rows["articles"][0]["pipeline"] or "")
    return chunk


def _read(folder: str, table: str, stem: str, columns: list[str] | None = None) -> pa.Table:
    path = _file(folder, table, stem)
    try:
        data = pq.read_table(path, columns=columns)
    except (OSError, pa.ArrowException) as exc:
        raise InputError(Code.MALFORMED_RECORD, detail=f"{path}: {str(exc).splitlines()[0][:200]}") from None
    expected = arrow_schema(table)
    wanted = expected if columns is None else pa.schema([expected.field(c) for c in columns])
    if data.schema.names != wanted.names:
        raise InputError(Code.MALFORMED_RECORD, detail=f"{path}: columns {data.schema.names} are not the "
                                                       f"store's {table} columns {wanted.names}")
    try:
        return data.cast(wanted)
    except (pa.ArrowException, ValueError) as exc:
        raise InputError(Code.MALFORMED_RECORD, detail=f"{path}: {str(exc).splitlines()[0][:200]}") from None


# -- attaching -----------------------------------------------------------------------------


@dataclass(slots=True)
class AttachSummary:
    chunks: int = 0  # attached now
    known_chunks: int = 0  # attached before
    articles: int = 0  # stored
    skipped: int = 0  # already stored (the same text)
    errors: int = 0  # errors rows added: the partitions' own, id conflicts, damaged files

    def line(self, folder: str, db: str) -> str:
        parts = [f"attached {self.chunks} chunk{'s' * (self.chunks != 1)} of {folder} to {db}: "
                 f"{self.articles} article{'s' * (self.articles != 1)} stored"]
        if self.skipped:
            parts.append(f"{self.skipped} already stored")
        if self.errors:
            parts.append(f"{self.errors} error{'s' * (self.errors != 1)}")
        if self.known_chunks:
            parts.append(f"{self.known_chunks} chunk{'s' * (self.known_chunks != 1)} attached before")
        return ", ".join(parts)


def attach(store, folder: str, *, batch_size: int = 16, on_progress: Callable[[int], None] | None = None,
           on_failure: Callable[[Failure], None] | None = None) -> AttachSummary:
    """Import the folder's complete chunks not yet attached into `store` (a `Store` open for writing).

    `on_failure` hears of the problems attaching finds (id conflicts, damaged files, articles that
    cannot be stored); the errors rows the partitions carry were reported when they were written.
    """
    stems = complete_chunks(folder)
    if not stems:
        what = "no such folder" if not os.path.isdir(folder) else "no partitions in it (no articles/*.parquet)"
        raise UsageError(Code.USAGE, detail=f"{folder}: {what}")
    store.con.execute(LEDGER_DDL)
    status = dict(store.con.execute("SELECT stem, status FROM partitions").fetchall())
    summary = AttachSummary()
    for stem in stems:
        if status.get(stem) in ("attached", "unreadable"):
            summary.known_chunks += 1
            continue
        try:
            chunk = read_chunk(folder, stem)
        except InputError as exc:  # a damaged chunk is one errors row; the other chunks go on
            failure = Failure(source=_file(folder, "articles", stem), code=exc.code.value, reason=str(exc))
            _mark(store.con, stem, folder, "unreadable", errors=[failure_row(failure, now=_now())])
            summary.errors += 1
            if on_failure:
                on_failure(failure)
            continue
        if status.get(stem) is None:  # its errors rows go in with the record that the chunk has begun
            _mark(store.con, stem, folder, "started", errors=chunk.errors)
            summary.errors += len(chunk.errors)
        stored = _attach_articles(store, chunk, batch_size, summary, on_progress, on_failure)
        _mark(store.con, stem, folder, "attached", articles=stored, errors=None)
        summary.chunks += 1
    return summary


def _attach_articles(store, chunk: Chunk, batch_size: int, summary: AttachSummary,
                     on_progress: Callable[[int], None] | None,
                     on_failure: Callable[[Failure], None] | None) -> int:
    stored_before = summary.articles
    pipeline_before = store.pipeline
    pairs = list(zip(chunk.extractions, chunk.pipelines))
    try:
        for pipeline, group in itertools.groupby(pairs, key=lambda p: p[1]):
            store.pipeline = pipeline  # the articles rows keep the pipeline that extracted them
            items = [ex for ex, _ in group]
            for start in range(0, len(items), batch_size):
                batch = items[start:start + batch_size]
                new, known, conflicts = store.triage([ex.article for ex in batch])
                keep = {id(a) for a in new}
                stored, lost = store.write([ex for ex in batch if id(ex.article) in keep], conflicts)
                summary.articles += stored
                summary.skipped += len(known) + len(new) - stored - len(lost)
                summary.errors += len(conflicts) + len(lost)
                if on_failure:
                    for f in conflicts + lost:
                        on_failure(f)
                if on_progress:
                    on_progress(len(batch))
    finally:
        store.pipeline = pipeline_before
    return summary.articles - stored_before


def _mark(con, stem: str, folder: str, status: str, *, articles: int | None = None,
          errors: list[dict] | None) -> None:
    """Record a chunk's state, with the errors rows that go with it, in one transaction."""
    con.begin()
    try:
        if errors:
            insert_rows(con, "errors", errors)
        con.execute("INSERT INTO partitions VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (stem) DO UPDATE SET "
                    "status = excluded.status, folder = excluded.folder, "
                    "articles = coalesce(excluded.articles, partitions.articles), "
                    "errors = coalesce(excluded.errors, partitions.errors), attached_at = excluded.attached_at",
                    [stem, os.path.abspath(folder), status, articles,
                     None if errors is None else len(errors), _now()])
        con.commit()
    except BaseException:
        con.rollback()
        raise

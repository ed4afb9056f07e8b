"""The DuckDB store: transactional, idempotent writes of extractions and errors; reads back.

    with Store.open("dateline.duckdb") as store:
        new, known, conflicts = store.triage(articles)     # what still needs extracting
        store.write(extractions, failures)                 # one transaction per batch
        store.extraction("h1a2b...")                       # an article's extraction, rebuilt

Articles are keyed by id and by content hash: the same text is stored once whatever its id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timezone

import duckdb
import pyarrow as pa

from ..errors import Code, InputError, UsageError
from ..model import Article, Extraction, Failure
from .rows import extraction_from_rows, extraction_rows, failure_row
from . import registry, search
from .clusters import cluster_events
from .clusters import upsert as upsert_clusters
from .schema import ARTICLE_TABLES, SCHEMA_VERSION, TABLES, arrow_schema, ddl, table_ddl

DEFAULT_DB = "dateline.duckdb"
# What one bad article's rows can raise while a batch is written: DuckDB's errors, and Arrow's
# (ArrowInvalid, ArrowTypeError; UnicodeEncodeError is a ValueError) while building the batch tables.
_WRITE_ERRORS = (duckdb.Error, pa.ArrowException, ValueError)
# DuckDB stores strings averaging 4 KB or more (article texts) with ZSTD, and reading one text back
# then decompresses the block up to it: 3 to 22 ms a text on a 2,000-article store, 0.5 ms stored
# plain.  The API reads texts at random (sentences, quotes, articles, search), so texts are stored
# uncompressed: about 4 KB more an article (a store takes about 30 KB an article).
_NO_ZSTD = "SET GLOBAL zstd_min_string_length = 4294967295"


class Store:
    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, *, pipeline: str = ""):
        self.con = con
        self.path = path
        self.pipeline = pipeline

    @classmethod
    def open(cls, path: str = DEFAULT_DB, *, read_only: bool = False, pipeline: str = "") -> Store:
        try:
            con = duckdb.connect(path, read_only=read_only)
        except duckdb.Error as exc:
            raise UsageError(Code.STORE_FAILED, db=path, detail=str(exc).split("\n")[0]) from None
        store = cls(con, path, pipeline=pipeline)
        if not read_only:
            store._create()
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def _create(self) -> None:
        self.con.execute(_NO_ZSTD)
        before = self._version()
        self.con.begin()
        for statement in ddl():
            self.con.execute(statement)
        search.create(self.con)
        self.con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        self.con.commit()
        if before is not None and before < 8:
            self._uncompress_texts()
        search.backfill(self.con)  # articles stored by a version without the word index

    def _version(self) -> int | None:
        try:
            rows = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
        except duckdb.CatalogException:
            return None
        return int(rows[0][0]) if rows and str(rows[0][0]).isdigit() else None

    def _uncompress_texts(self) -> None:
        """Rewrite the articles table of a store written before version 8 if its texts are ZSTD blocks
        (see _NO_ZSTD): once, in one transaction."""
        zstd = self.con.execute("SELECT count(*) FROM pragma_storage_info('articles') "
                                "WHERE column_name = 'text' AND compression = 'ZSTD'").fetchall()[0][0]
        if not zstd:
            return
        cols = ", ".join(f'"{name}"' for name, _, _ in TABLES["articles"])
        self.con.begin()
        try:
            self.con.execute("ALTER TABLE articles RENAME TO _articles_zstd")
            self.con.execute(table_ddl("articles"))
            self.con.execute(f"INSERT INTO articles ({cols}) SELECT {cols} FROM _articles_zstd ORDER BY rowid")
            self.con.execute("DROP TABLE _articles_zstd")
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise
        self.con.execute("CHECKPOINT")  # write the new table out now, not at some later checkpoint

    # -- writes ---------------------------------------------------------------------------

    def triage(self, articles: list[Article]) -> tuple[list[Article], list[Article], list[Failure]]:
        """Split a batch into (to extract, already stored, id conflicts).

        Stored means the same text (content hash) is in the store under any id, or came
        earlier in this batch.  An id already stored with another text is a conflict.
        """
        if not articles:
            return [], [], []
        hashes = [a.hash for a in articles]
        ids = [a.id for a in articles]
        rows = self.con.execute(
            "SELECT id, content_hash FROM articles WHERE content_hash IN (SELECT unnest(?)) "
            "OR id IN (SELECT unnest(?))", [hashes, ids]).fetchall()
        stored_hashes = {h for _, h in rows}
        stored_ids = {i: h for i, h in rows}
        new, known, conflicts = [], [], []
        seen_hashes: set[str] = set()
        seen_ids: set[str] = set()
        for article, h in zip(articles, hashes):
            if h in stored_hashes or h in seen_hashes:
                known.append(article)
            elif article.id in stored_ids or article.id in seen_ids:
                err = InputError(Code.ID_CONFLICT, id=article.id)
                conflicts.append(Failure(source=article.source or article.id, code=err.code.value,
                                         reason=str(err), article_id=article.id))
            else:
                new.append(article)
                seen_hashes.add(h)
                seen_ids.add(article.id)
        return new, known, conflicts

    def write(self, extractions: Iterable[Extraction], failures: Iterable[Failure] = ()
              ) -> tuple[int, list[Failure]]:
        """Store a batch in one transaction; articles already stored are skipped.

        Returns how many articles were stored, and the Failures of articles that could
        not be: if the batch cannot be written whole, each article is retried in its own
        transaction, and one that still fails is stored as an errors row instead.
        """
        extractions, failures = list(extractions), list(failures)
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        try:
            return self._transaction(extractions, failures, now), []
        except _WRITE_ERRORS:
            pass  # isolate the article that broke the batch below
        lost: list[Failure] = []
        stored = 0
        for ex in extractions:
            try:
                stored += self._transaction([ex], [], now)
            except _WRITE_ERRORS as exc:
                err = InputError(Code.EXTRACTION_FAILED, detail=f"store: {str(exc).splitlines()[0][:200]}")
                lost.append(Failure(source=ex.article.source or ex.article.id, code=err.code.value,
                                    reason=str(err), article_id=ex.article.id))
        self._transaction([], failures + lost, now)
        return stored, lost

    def _transaction(self, extractions: list[Extraction], failures: list[Failure], now: datetime) -> int:
        new, _, _ = self.triage([ex.article for ex in extractions])
        keep = {id(a) for a in new}
        storing = [ex for ex in extractions if id(ex.article) in keep]
        registry.resolve(self.con, storing)  # actors the article leaves uncoded, and overrides
        tables: dict[str, list[dict]] = {t: [] for t in TABLES}
        for ex in extractions:
            if id(ex.article) in keep:
                for table, rows in extraction_rows(ex, pipeline=self.pipeline, now=now).items():
                    tables[table].extend(rows)
        tables["errors"] = [failure_row(f, now=now) for f in failures]
        self.con.begin()
        try:
            cluster_rows = cluster_events(self.con, storing, tables["events"])
            for table, rows in tables.items():
                if rows:
                    self.con.register("_batch", pa.Table.from_pylist(rows, schema=arrow_schema(table)))
                    try:
                        self.con.execute(f"INSERT INTO {table} SELECT * FROM _batch")
                    finally:
                        self.con.unregister("_batch")
            search.index(self.con, [r["id"] for r in tables["articles"]])
            upsert_clusters(self.con, cluster_rows)
            registry.learn(self.con, storing)
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise
        return len(tables["articles"])

    # -- reads ----------------------------------------------------------------------------

    def extraction(self, article_id: str) -> Extraction:
        """One stored article's extraction.  UsageError E103 when it is not stored."""
        rows: dict[str, list[dict]] = {}
        for table in ARTICLE_TABLES:
            key = "id" if table == "articles" else "article_id"
            rows[table] = sorted(self._dicts(f"SELECT * FROM {table} WHERE {key} = ?", [article_id]),
                                 key=_natural)
        if not rows["articles"]:
            raise UsageError(Code.NO_SUCH_ARTICLE, id=article_id, db=self.path)
        return extraction_from_rows(rows)

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.con.execute("SELECT id FROM articles ORDER BY id").fetchall()]

    def find_article(self, prefix: str) -> str:
        """The id of the one stored article whose id (or content hash) starts with `prefix`."""
        rows = self.con.execute(
            "SELECT id FROM articles WHERE id = ? UNION SELECT id FROM articles "
            "WHERE starts_with(id, ?) OR starts_with(content_hash, ?) LIMIT 3",
            [prefix, prefix, prefix]).fetchall()
        exact = [r[0] for r in rows if r[0] == prefix]
        if exact or len(rows) == 1:
            return exact[0] if exact else rows[0][0]
        raise UsageError(Code.NO_SUCH_ARTICLE, id=prefix, db=self.path)

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}

    def _dicts(self, sql: str, params: list | None = None) -> list[dict]:
        cur = self.con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def query(self, sql: str, params: list | None = None) -> list[dict]:
        """Rows of a read query as dicts (parameters bound, never formatted in)."""
        return self._dicts(sql, params)


def _natural(row: dict) -> tuple:
    """Order rows A2 before A10, then by mention sequence."""
    key = row.get("id") or row.get("owner_id") or ""
    parts = tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", str(key)))
    return (row.get("owner") or "", parts, row.get("seq") or 0)

"""The store's word index: which articles hold which words, so a search reads only the articles that can match.

    index(con, ["a1", "a2"])            # inside the transaction that stores those articles
    backfill(con)                        # index what an older version stored (on opening for writing)
    candidates(con, ["Pompeo", "talks"]) # article ids that may hold every word, newest first; None: no index

DuckDB's full-text extension is downloaded at run time, which dateline does not do, so the index
is three tables of our own, written in the same transaction as an article's rows (`Store.write`,
which `dateline ingest`, `store attach` and `POST /api/articles` all go through):

    search_docs(article_id, doc)        an integer per indexed article
    search_words(word, id)              the vocabulary: lower-cased runs of letters and digits
    search_postings(word_id, doc)       one row per word per article

Search keeps its meaning (`Queries.search`: every word a case-insensitive substring of the text,
`ILIKE`), so the index only narrows: a query word is cut into its runs of letters and digits, and
an article can hold it only if its own words include, for each run, one that equals it (a run
between punctuation), ends with it (the word's first run), starts with it (its last run) or
contains it (a word that is one run).  The candidates are then checked with `ILIKE` as before, so
results are identical.  Both sides are cut by the same DuckDB expression (`lower`, then runs of
`\\pL\\pN`), the one `ILIKE` compares with.  The index is used only while it covers every stored
article (`covered`): a store written by an older version is served by the scan until a writable
open backfills it.  Stored articles are never changed or deleted (a re-ingest skips what is stored),
so nothing is ever taken out of the index; a delete would remove the article's `search_docs` row and
postings in its own transaction.
"""

from __future__ import annotations

import re

import duckdb

# letters and digits (Unicode), on lower-cased text: the same expression on texts and query words
_RUNS = r"regexp_extract_all(lower({}), '[\pL\pN]+')"
_EDGE = r"regexp_matches(lower({}), '{}[\pL\pN]{}')"
# a run matching more words than this says little about where the word is: it is left out (the
# candidates only grow), and the words of the query that narrow more do the work
MAX_WORDS_PER_RUN = 2000
BACKFILL_CHUNK = 2000

DDL = [
    "CREATE TABLE IF NOT EXISTS search_docs (article_id VARCHAR PRIMARY KEY, doc INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS search_words (word VARCHAR PRIMARY KEY, id INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS search_postings (word_id INTEGER NOT NULL, doc INTEGER NOT NULL)",
]
TABLES = ("search_docs", "search_words", "search_postings")


def create(con) -> None:
    for statement in DDL:
        con.execute(statement)


def index(con, article_ids: list[str]) -> None:
    """Index stored articles not yet indexed (inside the caller's transaction)."""
    if not article_ids:
        return
    # an article is indexed once: search_docs says which are, and its postings go in with its row
    new = [r[0] for r in con.execute(
        "INSERT INTO search_docs SELECT id, (SELECT coalesce(max(doc), 0) FROM search_docs) "
        "+ row_number() OVER (ORDER BY id) FROM articles WHERE id IN (SELECT unnest(?)) "
        "ON CONFLICT DO NOTHING RETURNING article_id", [article_ids]).fetchall()]
    if not new:
        return
    words = f"SELECT r.id, unnest({_RUNS.format('r.text')}) AS w FROM articles r WHERE r.id IN (SELECT unnest(?))"
    con.execute(
        f"INSERT INTO search_words SELECT w, (SELECT coalesce(max(id), 0) FROM search_words) "
        f"+ row_number() OVER (ORDER BY w) FROM (SELECT DISTINCT w FROM ({words})) b "
        f"WHERE NOT EXISTS (SELECT 1 FROM search_words s WHERE s.word = b.w)", [new])
    con.execute(
        f"INSERT INTO search_postings SELECT DISTINCT s.id, d.doc FROM ({words}) t "
        f"JOIN search_docs d ON d.article_id = t.id JOIN search_words s ON s.word = t.w", [new])


def missing(con) -> list[str]:
    """Stored articles the index does not cover."""
    return [r[0] for r in con.execute(
        "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM search_docs) ORDER BY id").fetchall()]


def backfill(con, *, chunk: int = BACKFILL_CHUNK) -> int:
    """Index every stored article the index lacks, a transaction per `chunk` articles; returns how many.
    Cheap when nothing is missing (two counts)."""
    if covered(con):
        return 0
    todo = missing(con)
    for start in range(0, len(todo), chunk):
        con.begin()
        try:
            index(con, todo[start:start + chunk])
            con.commit()
        except BaseException:
            con.rollback()
            raise
    return len(todo)


def covered(con) -> bool:
    """Whether the index exists and covers every stored article (else search scans, as before)."""
    try:
        [(docs, articles)] = con.execute(  # fetchall: a result left unfinished blocks the connection
            "SELECT (SELECT count(*) FROM search_docs), (SELECT count(*) FROM articles)").fetchall()
    except duckdb.CatalogException:  # a store written before the index, opened read-only
        return False
    return docs == articles


def runs(con, words: list[str]) -> list[tuple[str, str]]:
    """The (kind, run) conditions the query words put on an article's words: kind is `exact`,
    `suffix` (the stored word ends with the run), `prefix` or `infix`."""
    split = [_ascii_runs(w) if w.isascii() else None for w in words]
    others = [w for w, parts in zip(words, split) if parts is None]
    if others:  # DuckDB's own lower() and Unicode classes, as the index was cut with
        rows = iter(con.execute(
            f"SELECT {_RUNS.format('w')}, {_EDGE.format('w', '^', '')}, {_EDGE.format('w', '', '$')} "
            f"FROM (SELECT unnest(?) AS w, generate_subscripts(?, 1) AS i) ORDER BY i", [others, others]).fetchall())
        split = [parts if parts is not None else next(rows) for parts in split]
    conditions = []
    for parts, open_left, open_right in split:
        for n, run in enumerate(parts):
            left = n == 0 and open_left  # the text's word may go on before the run
            right = n == len(parts) - 1 and open_right
            kind = "infix" if left and right else "suffix" if left else "prefix" if right else "exact"
            conditions.append((kind, run))
    return conditions


def _ascii_runs(word: str) -> tuple[list[str], bool, bool]:
    """`runs` of an ASCII word in Python (the Unicode regular expression costs 5 ms to compile): in
    ASCII, DuckDB's lower() and [\\pL\\pN] are A-Z to a-z and [a-z0-9]."""
    low = word.lower()
    parts = re.findall(r"[a-z0-9]+", low)
    return parts, bool(re.match(r"[a-z0-9]", low)), bool(re.search(r"[a-z0-9]$", low))


_MATCH = {"exact": "word = ?", "prefix": "starts_with(word, ?)", "suffix": "ends_with(word, ?)",
          "infix": "contains(word, ?)"}


def candidates(con, words: list[str]) -> list[str] | None:
    """Ids of the articles that may hold every word, newest first (published DESC NULLS LAST, id):
    every article when no word narrows (no letters or digits, or too common); None without the index."""
    if not covered(con):
        return None
    postings = []
    for kind, run in dict.fromkeys(runs(con, words)):
        ids = [r[0] for r in con.execute(f"SELECT id FROM search_words WHERE {_MATCH[kind]} LIMIT ?",
                                         [run, MAX_WORDS_PER_RUN + 1]).fetchall()]
        if not ids:
            return []  # no stored word fits this run: nothing can match
        if len(ids) <= MAX_WORDS_PER_RUN:
            postings.append(ids)
    if not postings:
        return newest(con)
    postings.sort(key=len)  # the narrowest first
    sets = " INTERSECT ".join(["SELECT doc FROM search_postings WHERE word_id IN (SELECT unnest(?))"] * len(postings))
    return [r[0] for r in con.execute(
        f"SELECT r.id FROM search_docs d JOIN articles r ON r.id = d.article_id WHERE d.doc IN ({sets}) "
        "ORDER BY r.published DESC NULLS LAST, r.id", postings).fetchall()]


def newest(con) -> list[str]:
    """Every stored article's id, in the order search answers (published DESC NULLS LAST, id)."""
    return [r[0] for r in con.execute("SELECT id FROM articles ORDER BY published DESC NULLS LAST, id").fetchall()]

"""The word index behind search: the same answers as the ILIKE scan it replaced, kept by every write.

Queries are compared with `Queries._search_scan` (one ILIKE scan of every article and quote, as search
ran before the index) on the real fixture store, on corpus texts and on made-up texts in many scripts.
"""

from __future__ import annotations

import json
import random
import re
import shutil

import duckdb
import pytest
from conftest import SHARED

from dateline.model import Article, Extraction, Quote
from dateline.query import Queries, _words
from dateline.store import Store
from dateline.store import search as index

CORPUS = SHARED / "corpus" / "allsides.jsonl"
PAGES = [(50, 0), (3, 2), (500, 0), (7, 40)]

# Texts in several scripts, with case pairs whose lower() is special, marks, digits and punctuation.
TEXTS = [
    "İstanbul talks: Erdoğan's aide met ΣΟΦΙΑ Παπαδοπούλου in Straße 12; the U.S.-Iran \"deal\" is off.",
    "The STRASSE in Köln (Cologne) — where Ǆemal met O'Neill — costs 3,400 €; e-mail: talks@un.org.",
    "Café vs cafe\u0301: naïve coöperation in São Paulo, 東京 and Москва; Ⅻ items, ½ price, x² + y².",
    "WASHINGTON — \"We will not accept it,\" Pompeo said. Iran's foreign minister, Javad Zarif, replied.",
    "Under_scores, 100% sure, a\\b path, [brackets] and {braces}; ALL CAPS TALKS and lower-case talks.",
]


def _extraction(i: int, text: str) -> Extraction:
    quotes = [Quote(id=f"Q{n + 1}", speaker=None, speaker_span=None, cue=None, cue_span=None,
                    content_span=m.span(1), kind="direct")
              for n, m in enumerate(re.finditer(r"\"([^\"]+)\"", text))]
    quotes.append(Quote(id=f"Q{len(quotes) + 1}", speaker=None, speaker_span=None, cue=None, cue_span=None,
                        content_span=(3, min(len(text), 40)), kind="indirect"))  # starts inside a word
    return Extraction(article=Article(id=f"t{i}", text=text, source="test",
                                      published=f"2020-0{1 + i % 9}-1{i % 10}" if i % 4 else None),
                      quotes=quotes)


def _queries_from(texts: list[str], rng: random.Random, n: int) -> list[str]:
    """Words and pieces of words cut at random out of the texts, in random case, one to three a query."""
    found = ["talks", "TALKS", "u.s.", "U.S.-Iran", "iran's", "—", "e", "ß", "strasse", "i̇stanbul", "istanbul",
             "σοφια", "ǅemal", "ǆ", "ⅻ", "100%", "under_", "a\\b", "%", "_", "zzzq", "café", "cafe", "東京",
             "talks@un.org", "\"We", "said.", "(Cologne)", "3,400", "x²", "Pompeo said", "talks talks"]
    for _ in range(n):
        words = []
        for _ in range(rng.randint(1, 3)):
            text = rng.choice(texts)
            start = rng.randrange(len(text))
            piece = text[start:start + rng.randint(1, 12)].split()
            if piece:
                w = piece[0]
                words.append(w.upper() if rng.random() < 0.3 else w.lower() if rng.random() < 0.3 else w)
        if words:
            found.append(" ".join(words))
    return found


def _same(q: Queries, texts: list[str]) -> int:
    checked = 0
    for text in texts:
        for limit, offset in PAGES:
            assert q.search(text, limit=limit, offset=offset) == q._search_scan(_words(text), limit, offset), \
                (text, limit, offset)
            checked += 1
    return checked


@pytest.fixture()
def made_up(tmp_path):
    db = str(tmp_path / "made-up.duckdb")
    with Store.open(db) as store:
        stored, lost = store.write([_extraction(i, t) for i, t in enumerate(TEXTS)])
        assert (stored, lost) == (len(TEXTS), [])
    return db


def test_index_answers_as_the_scan_on_the_real_store(talks_store, tmp_path):
    db = tmp_path / "talks.duckdb"
    shutil.copy(talks_store, db)
    with Store.open(str(db), read_only=True) as store:
        assert index.covered(store.con)
        texts = [r["text"] for r in store.query("SELECT text FROM articles")]
        vocabulary = [r["word"] for r in store.query("SELECT word FROM search_words ORDER BY word")]
        rng = random.Random(11)
        queries = _queries_from(texts, rng, 100) + rng.sample(vocabulary, 40) + ["strategic dialogue", "Kazemi"]
        assert _same(Queries(store), queries) > 500
        assert Queries(store).search("strategic dialogue")  # and it finds things


def test_index_answers_as_the_scan_in_many_scripts(made_up):
    with Store.open(made_up, read_only=True) as store:
        assert index.covered(store.con)
        _same(Queries(store), _queries_from(TEXTS, random.Random(5), 80))
        hits = Queries(store).search("istanbul")
        assert [h["article_id"] for h in hits] == ["t0"]  # İ lower-cases to i, as ILIKE has it


def test_index_answers_as_the_scan_on_corpus_articles(tmp_path):
    if not CORPUS.exists():
        pytest.skip("../shared/corpus/allsides.jsonl is not beside this checkout")
    lines = CORPUS.read_text(encoding="utf-8").splitlines()[:120]
    texts = [json.loads(line)["text"] for line in lines]
    db = str(tmp_path / "corpus.duckdb")
    with Store.open(db) as store:
        store.write([_extraction(i, t) for i, t in enumerate(texts)])
    with Store.open(db, read_only=True) as store:
        _same(Queries(store), _queries_from(texts, random.Random(3), 40) + ["Washington", "Trump's", "U.S."])


def test_the_index_follows_every_write(made_up, tmp_path):
    with Store.open(made_up) as store:
        before = {t: store.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in index.TABLES}
        assert store.write([_extraction(i, t) for i, t in enumerate(TEXTS)]) == (0, [])  # stored already
        index.index(store.con, ["t0", "t1"])  # indexing an indexed article again adds nothing
        assert {t: store.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in index.TABLES} == before
        bad = _extraction(9, "Broken talks in Quito.")
        bad.quotes.append(bad.quotes[0])  # one quote id twice: the article cannot be stored
        stored, lost = store.write([_extraction(8, "Fresh talks in Lima."), bad])
        assert stored == 1 and [f.article_id for f in lost] == ["t9"]
        assert index.covered(store.con) and not index.missing(store.con)
        assert {h["article_id"] for h in Queries(store).search("Lima")} == {"t8"}
        assert Queries(store).search("Quito") == []  # the failed article left no words behind


def test_an_older_store_is_searched_by_scan_and_backfilled_when_opened(made_up, tmp_path):
    long_texts = [f"{t} " * 60 for t in TEXTS]  # texts over 4 KB, which DuckDB would store with ZSTD
    old = str(tmp_path / "old.duckdb")
    with Store.open(old) as store:
        store.write([_extraction(i, t) for i, t in enumerate(long_texts)])
    con = duckdb.connect(old)  # as version 7 left it: no index, texts in ZSTD blocks
    con.execute("SET force_compression = 'zstd'")  # what DuckDB picks for most stores of real articles
    for table in index.TABLES:
        con.execute(f"DROP TABLE {table}")
    con.execute("CREATE TABLE texts AS SELECT * FROM articles")
    con.execute("DROP TABLE articles")
    con.execute("ALTER TABLE texts RENAME TO articles")
    con.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    con.execute("CHECKPOINT")
    assert _compression(con) == {"ZSTD"}
    con.close()
    queries = _queries_from(TEXTS, random.Random(8), 40)
    with Store.open(old, read_only=True) as store:  # `dateline serve` opens it read-only: scans
        assert not index.covered(store.con)
        _same(Queries(store), queries)
    with Store.open(old) as store:  # opened for writing: migrated
        assert index.covered(store.con)
        assert _compression(store.con) != {"ZSTD"}
        assert store.query("SELECT value FROM meta WHERE key = 'schema_version'")[0]["value"] == "8"
        assert store.con.execute("SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'articles' "
                                 "AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')").fetchone()[0] == 2
        _same(Queries(store), queries)
        assert store.write([_extraction(0, long_texts[0])]) == (0, [])  # the keys still hold


def test_attached_partitions_are_indexed(tmp_path):
    from datetime import datetime

    from dateline.store.partitions import PartitionWriter, attach, result_tables

    writer = PartitionWriter(str(tmp_path / "parts"), chunk_articles=2)
    writer.add(result_tables([_extraction(i, t) for i, t in enumerate(TEXTS)], pipeline="test",
                             now=datetime(2026, 1, 1)))
    writer.close()
    with Store.open(str(tmp_path / "s.duckdb")) as store:
        attach(store, str(tmp_path / "parts"))
        assert index.covered(store.con)
        _same(Queries(store), ["talks", "Pompeo said", "Straße"])
        summary = attach(store, str(tmp_path / "parts"))  # again: nothing new, nothing indexed twice
        assert summary.articles == 0 and index.covered(store.con)


def _compression(con) -> set[str]:
    return {r[0] for r in con.execute("SELECT compression FROM pragma_storage_info('articles') "
                                      "WHERE column_name = 'text' AND segment_type = 'VARCHAR'").fetchall()}


def test_the_index_survives_a_killed_ingest(tmp_path):
    """SIGKILL during ingest (the crash harness's child: the real write path, cheap extraction): the
    store, as DuckDB's log replays it, indexes exactly the articles it holds; the rerun completes it."""
    import importlib.util
    import sys

    from conftest import ROOT

    spec = importlib.util.spec_from_file_location("crash_harness", ROOT / "benchmarks" / "crash_harness.py")
    harness = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("crash_harness", harness)
    spec.loader.exec_module(harness)
    path = str(harness.prepare(tmp_path, corpus=None, articles=0, generated=120))
    db = str(tmp_path / "killed.duckdb")
    killed, _ = harness.run_ingest(path, db, real=False, kill_at=(40, 0.5))
    assert killed
    with duckdb.connect(db, read_only=True) as con:  # read-only: nothing backfills what a kill lost
        stored = con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
        assert stored >= 40 and index.covered(con)
        assert con.execute("SELECT count(*) FROM search_docs WHERE article_id NOT IN "
                           "(SELECT id FROM articles)").fetchall()[0][0] == 0
    harness.run_ingest(path, db, real=False)
    with Store.open(db, read_only=True) as store:
        assert index.covered(store.con) and store.counts()["articles"] > stored
        texts = [r["text"] for r in store.query("SELECT text FROM articles LIMIT 30")]
        _same(Queries(store), _queries_from(texts, random.Random(2), 15))

"""The DuckDB store: every table, idempotent re-ingest, content-hash identity, round trip to the contract."""

from __future__ import annotations

import json
import shutil

import duckdb
from conftest import DATA, EXAMPLES, jsonl, run_cli

from dateline.model import Actor, Article, Extraction, Failure, Mention
from dateline.store import Store
from dateline.store.schema import TABLES


def test_schema_creates_every_table(tmp_path):
    with Store.open(str(tmp_path / "s.duckdb")) as store:
        assert set(store.counts()) == {"articles", "actors", "mentions", "places", "times", "quotes", "events",
                                       "forecasts", "problems", "errors", "clusters", "registry",
                                       "registry_names", "registry_codes", "forecast_checks"}
    con = duckdb.connect(str(tmp_path / "s.duckdb"), read_only=True)
    for table, columns in TABLES.items():
        names = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
        assert names == [c[0] for c in columns]
        if table not in ("articles", "errors", "clusters", "registry", "registry_names", "registry_codes",
                         "forecast_checks"):
            assert "article_id" in names


def test_ingest_twice_adds_nothing(tmp_path):
    db = str(tmp_path / "d.duckdb")
    first = run_cli("ingest", str(EXAMPLES), "--db", db, "--workers", "1")
    assert first.returncode == 0, first.stderr
    assert "stored in" in first.stderr and "4 articles" in first.stderr
    with Store.open(db, read_only=True) as store:
        before = store.counts()
    second = run_cli("ingest", str(EXAMPLES), "--db", db, "--workers", "1")
    assert second.returncode == 0, second.stderr
    assert "0 articles, 4 already stored" in second.stderr
    with Store.open(db, read_only=True) as store:
        assert store.counts() == before
        assert before["articles"] == 4 and before["actors"] > 10 and before["mentions"] > before["actors"]


def test_same_text_under_another_id_is_stored_once(tmp_path, extractor):
    text = (DATA / "plain.txt").read_text()
    a = Article(id="first", text=text, source="x")
    b = Article(id="second", text=text, source="y")
    with Store.open(str(tmp_path / "d.duckdb")) as store:
        new, known, conflicts = store.triage([a, b])
        assert [x.id for x in new] == ["first"] and [x.id for x in known] == ["second"] and not conflicts
        stored, lost = store.write([extractor.extract(a), extractor.extract(b)])
        assert (stored, lost) == (1, [])
        assert store.article_ids() == ["first"]


def test_same_id_with_another_text_is_a_conflict(tmp_path):
    with Store.open(str(tmp_path / "d.duckdb")) as store:
        store.write([Extraction(article=Article(id="x", text="One text.", source="a"))])
        new, known, conflicts = store.triage([Article(id="x", text="Another text.", source="b")])
        assert not new and not known
        assert [c.code for c in conflicts] == ["E007"]


def test_stored_extraction_equals_extract_output(tmp_path):
    db = str(tmp_path / "d.duckdb")
    extracted = run_cli("extract", str(EXAMPLES), "--workers", "1")
    assert extracted.returncode == 0, extracted.stderr
    assert run_cli("ingest", str(EXAMPLES), "--db", db, "--workers", "1").returncode == 0
    with Store.open(db, read_only=True) as store:
        for obj in jsonl(extracted.stdout):
            stored = store.extraction(obj["article"]["id"]).to_dict()
            assert json.loads(json.dumps(stored)) == obj


def test_rows_carry_article_id_and_spans(tmp_path):
    db = str(tmp_path / "d.duckdb")
    assert run_cli("ingest", str(EXAMPLES / "geneva-water-talks.txt"), "--db", db).returncode == 0
    con = duckdb.connect(db, read_only=True)
    text = con.execute("SELECT text FROM articles WHERE id = 'geneva-water-talks'").fetchone()[0]
    rows = con.execute("SELECT span_start, span_end, text FROM mentions WHERE article_id = 'geneva-water-talks'"
                       ).fetchall()
    assert rows and all(text[s:e] == t for s, e, t in rows)


def test_a_failing_article_does_not_sink_the_batch(tmp_path, extractor):
    good = extractor.extract(Article(id="good", text="Lawmakers met in Lima on Monday.", source="g"))
    twin = Actor(id="A1", name="Police", kind="organization",
                 mentions=[Mention(span=(0, 6), text="Police")])
    bad = Extraction(article=Article(id="bad", text="Police met in Quito on Monday.", source="b"),
                     actors=[twin, twin])  # two actors with one id break the primary key
    with Store.open(str(tmp_path / "d.duckdb")) as store:
        stored, lost = store.write([good, bad], [Failure(source="f", code="E003", reason="article has no text")])
        assert stored == 1 and [f.article_id for f in lost] == ["bad"]
        assert store.article_ids() == ["good"]
        codes = [r["code"] for r in store.query("SELECT code FROM errors ORDER BY code")]
        assert codes == ["E003", "E008"]
        assert store.query("SELECT count(*) AS n FROM actors WHERE article_id = 'bad'")[0]["n"] == 0


def test_rerun_resumes_after_an_interrupted_ingest(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLES / "geneva-water-talks.txt", folder)
    db = str(tmp_path / "d.duckdb")
    assert run_cli("ingest", str(folder), "--db", db).returncode == 0
    shutil.copy(EXAMPLES / "nairobi-protest-arrests.txt", folder)
    proc = run_cli("ingest", str(folder), "--db", db)
    assert proc.returncode == 0 and "stored in" in proc.stderr and "1 article, 1 already stored" in proc.stderr


def test_show_and_stats(tmp_path):
    db = str(tmp_path / "d.duckdb")
    assert run_cli("ingest", str(EXAMPLES), "--db", db, "--workers", "1").returncode == 0
    shown = run_cli("show", "geneva-water-talks", "--db", db)
    assert shown.returncode == 0, shown.stderr
    assert "dateline GENEVA" in shown.stdout and "Dawit Bekele" in shown.stdout and "Actors" in shown.stdout
    as_json = run_cli("show", "geneva", "--db", db, "--json")  # a unique prefix is enough
    assert json.loads(as_json.stdout)["article"]["id"] == "geneva-water-talks"
    stats = run_cli("stats", "--db", db)
    assert stats.returncode == 0, stats.stderr
    assert "articles" in stats.stdout and "Most mentioned actors" in stats.stdout
    missing = run_cli("show", "no-such-article", "--db", db)
    assert missing.returncode == 2 and missing.stderr.strip().count("\n") == 0
    assert "E103" in missing.stderr and "Traceback" not in missing.stderr

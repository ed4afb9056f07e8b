"""Queries and exports over a real store: the example article and a later report of the talks."""

from __future__ import annotations

import json

import duckdb
import pyarrow.parquet as pq
import pytest
from conftest import run_cli

from dateline.errors import UsageError
from dateline.export import GDELT_COLUMNS, ICEWS_COLUMNS
from dateline.query import Queries
from dateline.store import Store

@pytest.fixture(scope="module")
def db(talks_store):
    return str(talks_store)


def test_gdelt_export_loads_with_gdelt_column_names(db, tmp_path):
    out = tmp_path / "events.gdelt.tsv"
    assert run_cli("export", "gdelt", "-o", str(out), "--db", db).returncode == 0
    con = duckdb.connect()
    columns = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_csv('{out}', delim='\t', header=true)")
               .fetchall()]
    assert columns == GDELT_COLUMNS and len(columns) == 61
    rows = con.execute(f"SELECT EventCode, EventRootCode, SQLDATE, Actor1CountryCode, Actor2CountryCode "
                       f"FROM read_csv('{out}', delim='\t', header=true, all_varchar=true)").fetchall()
    assert ("036", "03", "20200407", "USA", "IRQ") in rows  # codes stay strings with their leading zero
    assert ("040", "04", "20200611", "USA", "IRQ") in rows
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_csv(out, sep="\t", dtype=str, keep_default_na=False)
    assert list(frame.columns) == GDELT_COLUMNS
    assert "036" in set(frame["EventCode"]) and "20200611" in set(frame["SQLDATE"])
    raw = tmp_path / "raw.tsv"
    assert run_cli("export", "gdelt", "-o", str(raw), "--db", db, "--no-header", "--clusters").returncode == 0
    first = raw.read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert len(first) == 61 and first[0].isdigit()


def test_plover_icews_geojson_and_parquet(db, tmp_path):
    assert run_cli("export", "plover", "-o", str(tmp_path / "e.jsonl"), "--db", db).returncode == 0
    records = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()]
    talks = next(r for r in records if r["article_id"] == "june-talks" and r["cameo"] == "040")
    assert talks["event"] == ["CONSULT"] and talks["date"] == "2020-06-11"
    assert talks["actor"][0]["code"] == "USA" and talks["recipient"][0]["code"] == "IRQ"
    assert run_cli("export", "icews", "-o", str(tmp_path / "e.tsv"), "--db", db).returncode == 0
    header = (tmp_path / "e.tsv").read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert header == ICEWS_COLUMNS
    assert run_cli("export", "geojson", "-o", str(tmp_path / "e.geojson"), "--db", db).returncode == 0
    geo = json.loads((tmp_path / "e.geojson").read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection"
    assert all(len(f["geometry"]["coordinates"]) == 2 for f in geo["features"])
    assert run_cli("export", "parquet", "-o", str(tmp_path / "pq"), "--db", db).returncode == 0
    con = duckdb.connect(db, read_only=True)
    assert pq.read_table(tmp_path / "pq" / "events.parquet").num_rows == \
        con.execute("SELECT count(*) FROM events").fetchone()[0]
    bad = run_cli("export", "csv", "-o", str(tmp_path / "x"), "--db", db)
    assert bad.returncode == 2 and "E102" in bad.stderr


def test_queries(db):
    with Store.open(db, read_only=True) as store:
        q = Queries(store)
        talks = q.events(dyad=("USA", "IRQ"), since="2020-06-01")
        assert [(e["cameo"], str(e["date_start"])) for e in talks] == [("040", "2020-06-11")]
        assert "Pompeo met Iraqi Foreign Minister" in talks[0]["sentence"]
        by_report = q.events(dyad=("USA", "IRQ"), since="2020-04-18", until="2020-04-18", by="report")
        assert {e["cameo"] for e in by_report} >= {"036"}  # reported on the 18th, happened on the 7th
        series = q.series("USA", "IRQ", interval="month", both_ways=True)
        assert any(str(s["period"]) == "2020-06-01" and s["events"] == 1 for s in series)
        page = q.actor("Pompeo")
        assert page["name"] == "Mike Pompeo" and page["quotes"] and page["events_as_source"]
        assert any(c["code"] == "USAGOV" for c in page["codes_seen"])
        hits = q.search("strategic dialogue")
        assert {h["kind"] for h in hits} == {"article", "quote"}
        where = q.provenance("june-talks", "event", talks[0]["id"])
        assert where["text"] == "met" and where["context"].startswith("WASHINGTON — U.S. Secretary")
        with pytest.raises(UsageError):
            q.series("USA", "IRQ", interval="fortnight")
        with pytest.raises(UsageError):
            q.events(since="June")

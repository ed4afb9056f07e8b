"""Forecasts: detection in quotes, outcome templates, horizons, confidence; resolution; track records."""

from __future__ import annotations

import json

import pytest
from conftest import jsonl, run_cli

from dateline.model import Article


def forecasts_of(extractor, text: str, published: str = "2021-03-02"):
    ex = extractor.extract(Article(id="f", text=text, published=published, source="test"))
    t = ex.article.text
    names = {a.id: a.name for a in ex.actors}
    return [dict(forecaster=names.get(f.forecaster), claim=t[f.claim_span[0]:f.claim_span[1]], outcome=f.outcome,
                 condition=t[f.condition_span[0]:f.condition_span[1]] if f.condition_span else None,
                 by=f.by, confidence=f.confidence) for f in ex.forecasts]


def test_the_example_headline_forecast(extractor, tehran_text):
    found = forecasts_of(extractor, tehran_text, published="2020-04-18")
    headline = found[0]
    assert headline["forecaster"] == "Hassan Kazemi Qomi"
    assert headline["claim"].startswith("failure for the U.S. plan for strategic dialogue")
    assert (headline["outcome"].cameo[:2], headline["outcome"].source, headline["outcome"].target,
            headline["outcome"].happens) == ("04", "USA", "IRQ", False)
    assert headline["condition"].startswith("unless Washington shifts its policy")
    assert headline["by"] == "2020-06"  # the dialogue the article says is planned for mid-June
    pompeo = [f for f in found if f["forecaster"] == "Mike Pompeo" and f["outcome"].cameo]
    assert any(f["outcome"].happens and f["outcome"].cameo[:2] == "04" for f in pompeo)


@pytest.mark.parametrize("sentence, confidence, happens", [
    ("“Russia will certainly attack Ukraine in the spring,” the minister said.", 0.95, True),
    ("“Russia will attack Ukraine in the spring,” the minister said.", 0.8, True),
    ("“Russia may attack Ukraine in the spring,” the minister said.", 0.4, True),
    ("“I believe Russia will not attack Ukraine,” the minister said.", 0.7, False),
    ("The minister said Russia is likely to attack Ukraine in the spring.", 0.7, True),
])
def test_confidence_and_polarity_from_the_wording(extractor, sentence, confidence, happens):
    [forecast] = [f for f in forecasts_of(extractor, sentence) if f["outcome"].cameo]
    assert forecast["confidence"] == confidence and forecast["outcome"].happens is happens
    assert forecast["outcome"].cameo.startswith("19") and forecast["outcome"].target == "UKR"


def test_horizon_from_the_claim(extractor):
    [forecast] = forecasts_of(extractor, "“Russia will attack Ukraine by the end of the year,” the minister said.",
                              published="2021-03-02")
    assert forecast["by"] and forecast["by"].startswith("2021")


@pytest.mark.parametrize("sentence", [
    "The minister said Russia attacked Ukraine last week.",
    "The minister said the U.S. favors a government that would not implement the bill.",
])
def test_no_forecast_without_a_prediction(extractor, sentence):
    assert [f for f in forecasts_of(extractor, sentence) if f["outcome"].cameo] == []


LATER = {"id": "june-talks", "published": "2020-06-12",
         "text": "WASHINGTON — U.S. Secretary of State Mike Pompeo met Iraqi Foreign Minister Fuad Hussein on "
                 "Thursday as the strategic dialogue between Washington and Baghdad opened by video link."}


def test_resolve_against_later_events_and_track_records(tmp_path, tehran_text):
    from conftest import TEHRAN

    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps(LATER) + "\n", encoding="utf-8")
    db = str(tmp_path / "f.duckdb")
    assert run_cli("ingest", str(TEHRAN), str(later), "--db", db, "--workers", "1", "-q").returncode == 0
    early = run_cli("forecasts", "resolve", "--db", db, "--as-of", "2020-05-01")
    assert early.returncode == 0 and "0 came true" in early.stdout
    proc = run_cli("forecasts", "resolve", "--db", db, "--as-of", "2020-07-15")
    assert proc.returncode == 0, proc.stderr
    rows = jsonl(run_cli("forecasts", "list", "--db", db, "--json").stdout)
    by_claim = {r["claim"][:40]: r for r in rows}
    headline = next(r for c, r in by_claim.items() if c.startswith("failure for the U.S. plan"))
    assert headline["status"] == "open" and "condition" in headline["reason"]  # "unless …" cannot be checked
    no_dialogue = next(r for c, r in by_claim.items() if "won’t be any new dialogue" in c)
    assert no_dialogue["status"] == "did not come true"
    import duckdb

    con = duckdb.connect(db, read_only=True)
    [(clusters, reports)] = con.execute("SELECT clusters, reports FROM forecast_checks WHERE article_id = ? AND id = ?",
                                        [no_dialogue["article_id"], no_dialogue["id"]]).fetchall()
    assert clusters and any(r.startswith("june-talks/") for r in reports)  # linked to the June 11 talks
    con.close()
    pompeo = next(r for r in rows if r["forecaster"] == "Mike Pompeo" and r["cameo"] == "040")
    assert pompeo["status"] == "came true"
    record = run_cli("forecasts", "record", "--db", db)
    assert record.returncode == 0 and "Mike Pompeo" in record.stdout and "1.00" in record.stdout


def test_resolve_needs_a_store(tmp_path):
    proc = run_cli("forecasts", "resolve", "--db", str(tmp_path / "none.duckdb"))
    assert proc.returncode == 2 and "E104" in proc.stderr


def test_a_forecast_that_comes_true(tmp_path):
    pair = [{"id": "warning", "published": "2022-01-10",
             "text": "WASHINGTON — “Russia will attack Ukraine within weeks,” Secretary of State Antony Blinken "
                     "said on Monday."},
            {"id": "invasion", "published": "2022-02-25",
             "text": "KYIV — Russian forces attacked Ukraine on Thursday, Ukrainian officials said."}]
    path = tmp_path / "pair.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in pair), encoding="utf-8")
    db = str(tmp_path / "p.duckdb")
    assert run_cli("ingest", str(path), "--db", db, "--workers", "1", "-q").returncode == 0
    assert run_cli("forecasts", "resolve", "--db", db).returncode == 0  # as of the latest article
    [row] = jsonl(run_cli("forecasts", "list", "--db", db, "--json").stdout)
    assert (row["forecaster"], row["claim"], row["status"]) == ("Antony Blinken", "Russia will attack Ukraine "
                                                                 "within weeks", "came true")
    assert (row["source"], row["target"], row["happens"]) == ("RUS", "UKR", True)
    import duckdb

    con = duckdb.connect(db, read_only=True)
    [(reports,)] = con.execute("SELECT reports FROM forecast_checks").fetchall()
    assert reports and reports[0].startswith("invasion/")  # linked to the report that settled it

"""Crash safety: ingest SIGKILLed at random points, then rerun; every article stored exactly once,
none half-stored, the store opens cleanly.  The short version of
`python benchmarks/crash_harness.py --articles 2000 --trials 20`."""

from __future__ import annotations

import importlib.util
import sys

import duckdb
import pytest
from conftest import ROOT, SHARED

spec = importlib.util.spec_from_file_location("crash_harness", ROOT / "benchmarks" / "crash_harness.py")
harness = importlib.util.module_from_spec(spec)
sys.modules["crash_harness"] = harness  # its dataclasses look their module up
spec.loader.exec_module(harness)

CORPUS = SHARED / "corpus" / "allsides.jsonl"


def assert_clean(figures: dict) -> None:
    assert figures["trials"] >= 1 and figures["kills"] >= 1, figures
    for key in ("lost", "duplicated", "half_stored", "orphans", "bad_clusters", "unopenable"):
        assert figures[key] == 0, (key, figures["problems"])


def test_kill_and_rerun_generated_articles(tmp_path):
    figures = harness.harness(corpus=None, generated=100, trials=1, max_kills=1, seed=5, folder=tmp_path,
                              log=lambda *a: None)
    assert figures["articles"] == 100  # the repeated text and the broken line are not articles to store
    assert_clean(figures)
    # the check is not a rubber stamp: damage the complete store of the first run and it is reported
    expected = harness.expected_rows(str(tmp_path / "input.jsonl"))
    db = str(tmp_path / "baseline.duckdb")
    with duckdb.connect(db) as con:
        con.execute("DELETE FROM mentions WHERE article_id = 'gen-3'")
        con.execute("INSERT INTO times SELECT * REPLACE ('gen-4' AS article_id, id || 'x' AS id) FROM times "
                    "WHERE article_id = 'gen-4'")
        con.execute("DELETE FROM articles WHERE id = 'gen-5'")
        con.execute("UPDATE clusters SET reports = reports + 1 WHERE id = (SELECT min(id) FROM clusters)")
    found = harness.check(db, expected, complete=True)
    assert found.half == ["gen-3"] and found.duplicated == ["gen-4"] and found.orphans == ["gen-5"]
    assert found.missing == ["gen-5"] and len(found.clusters) == 1 and not found.consistent()


@pytest.mark.slow
def test_kill_and_rerun_corpus_articles(tmp_path):
    if not CORPUS.exists():
        pytest.skip("../shared/corpus/allsides.jsonl is not beside this checkout")
    figures = harness.harness(corpus=CORPUS, articles=500, trials=5, seed=7, folder=tmp_path, log=lambda *a: None)
    assert figures["articles"] >= 490
    assert_clean(figures)


@pytest.mark.slow
def test_kill_and_rerun_the_real_command(tmp_path):
    """The `dateline ingest` command itself, real pipeline, on the bundled examples and a few corpus articles."""
    if not CORPUS.exists():
        pytest.skip("../shared/corpus/allsides.jsonl is not beside this checkout")
    figures = harness.harness(corpus=CORPUS, articles=24, trials=2, real=True, seed=3, folder=tmp_path,
                              log=lambda *a: None)
    assert_clean(figures)

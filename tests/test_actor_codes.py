"""Actor country and role codes on 337 hand-labelled corpus mentions (ids and offsets in tests/data;
texts from ../shared/corpus).  benchmarks/actor_codes.py prints the same figures."""

from __future__ import annotations

import importlib.util
import json

import pytest
from conftest import ROOT, SHARED

from dateline.model import Article

spec = importlib.util.spec_from_file_location("actor_codes", ROOT / "benchmarks" / "actor_codes.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


@pytest.mark.skipif(not (SHARED / "corpus").exists(), reason="../shared/corpus is not beside this checkout")
def test_actor_country_and_roles_agree_with_labels(extractor):
    rows, articles = bench.load()
    assert len(rows) >= 300 and set(articles) == {r["article"] for r in rows}
    actors = {}
    for aid, record in articles.items():
        actors[aid] = extractor.extract(Article(id=aid, text=record["text"], published=record.get("published"),
                                                source="corpus")).actors
    figures = bench.measure(lambda aid: actors[aid], rows)
    figures.pop("misses")
    assert figures["found"] >= 0.90, figures
    assert figures["country"] >= 0.77, figures
    assert figures["roles"] >= 0.60, figures


def test_labels_hold_offsets_not_texts():
    for line in (ROOT / "tests" / "data" / "actor_mentions.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        assert set(row) <= {"article", "corpus", "start", "end", "country", "roles", "note"}
        assert 0 <= row["start"] < row["end"] and (row["country"] == "" or len(row["country"]) == 3)

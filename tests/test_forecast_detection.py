"""Forecast detection on 174 hand-labelled corpus sentences (ids and spans in tests/data; texts from
../shared/corpus).  benchmarks/forecast_detection.py prints the same figures."""

from __future__ import annotations

import importlib.util

import pytest
from conftest import ROOT, SHARED

from dateline.model import Article

spec = importlib.util.spec_from_file_location("forecast_detection", ROOT / "benchmarks" / "forecast_detection.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


@pytest.mark.skipif(not (SHARED / "corpus").exists(), reason="../shared/corpus is not beside this checkout")
def test_forecast_detection_precision_and_recall(extractor):
    rows, articles = bench.load()
    assert len(rows) >= 80 and sum(r["label"] == "forecast" for r in rows) >= 40
    assert set(articles) == {r["id"] for r in rows}  # every labelled article is in the corpus

    def claims(record):
        ex = extractor.extract(Article(id=record["id"], text=record["text"], published=record.get("published"),
                                       source="corpus"))
        return [f.claim_span for f in ex.forecasts]

    figures = bench.measure(claims, rows, articles)
    assert figures["precision"] >= 0.75 and figures["recall"] >= 0.70, figures


def test_labels_hold_spans_not_texts():
    for line in (ROOT / "tests" / "data" / "forecast_sentences.jsonl").read_text(encoding="utf-8").splitlines():
        row = __import__("json").loads(line)
        assert set(row) <= {"corpus", "id", "start", "end", "label", "note"} and row["start"] < row["end"]

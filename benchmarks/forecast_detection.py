"""Precision and recall of forecast detection on hand-labelled corpus sentences.

    python benchmarks/forecast_detection.py

tests/data/forecast_sentences.jsonl holds corpus ids, sentence spans and labels ("forecast" or
"other"; no texts); the texts come from ../shared/corpus.  A sentence is detected when a
forecast's claim span overlaps it.  tests/test_forecast_detection.py asserts floors on the same
figures.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "data" / "forecast_sentences.jsonl"
CORPUS = ROOT.parent / "shared" / "corpus"


def load(labels: Path = LABELS, corpus: Path = CORPUS) -> tuple[list[dict], dict[str, dict]]:
    rows = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    wanted = {(r["corpus"], r["id"]) for r in rows}
    articles: dict[str, dict] = {}
    for name in sorted({c for c, _ in wanted}):
        with (corpus / name).open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                if (name, record["id"]) in wanted:
                    articles[record["id"]] = record
    return rows, articles


def measure(extract, rows: list[dict], articles: dict[str, dict]) -> dict:
    """`extract(article_record)` -> list of claim spans; returns counts and P/R/F1."""
    claims = {aid: extract(rec) for aid, rec in articles.items()}
    tp = fp = fn = tn = 0
    for r in rows:
        hit = any(s < r["end"] and r["start"] < e for s, e in claims[r["id"]])
        gold = r["label"] == "forecast"
        tp += hit and gold
        fp += hit and not gold
        fn += gold and not hit
        tn += not gold and not hit
    p = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": p, "recall": rec,
            "f1": 2 * p * rec / (p + rec) if p + rec else 0.0}


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from dateline.model import Article
    from dateline.nlp.extract import Extractor
    from dateline.settings import Settings

    extractor = Extractor(Settings.from_env())
    rows, articles = load()

    def claims(record: dict) -> list[tuple[int, int]]:
        ex = extractor.extract(Article(id=record["id"], text=record["text"], published=record.get("published"),
                                       source="corpus"))
        return [f.claim_span for f in getattr(ex, "forecasts", [])]

    figures = measure(claims, rows, articles)
    print(f"{len(rows)} sentences ({sum(r['label'] == 'forecast' for r in rows)} forecasts) in {len(articles)} "
          f"articles: P {figures['precision']:.3f} R {figures['recall']:.3f} F1 {figures['f1']:.3f} "
          f"(tp {figures['tp']} fp {figures['fp']} fn {figures['fn']} tn {figures['tn']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

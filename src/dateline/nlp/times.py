"""Times stage: temporal expressions with TIMEX3 values, anchored on the publication date.

Spans come from `timespans.find` (spaCy entities refined to TimeML's edges).  Each is
normalised by `timex.normalise` with the tense of its clause ("would hold a dialogue in
mid-June", said in April -> June of the same year; "met on Monday" -> the Monday before)
and the last date mentioned before it (for "a year earlier", "the day before").
"""

from __future__ import annotations

from datetime import date

from ..model import TimeExpr
from . import timespans
from ..model import Extraction
from .timex import Timex, normalise

# Verbs whose infinitive complement is an intended (future) act: "plans to meet in June".
_INTENT = {"plan", "intend", "expect", "schedule", "aim", "hope", "want", "seek", "agree", "promise",
           "threaten", "vow", "pledge", "prepare", "set", "decide", "propose", "offer"}
_FUTURE_AUX = {"will", "shall", "'ll", "wo", "would", "’ll"}


def run(doc, found: Extraction) -> list[TimeExpr]:
    anchor = _anchor(found.article.published)
    times: list[TimeExpr] = []
    reference: str | None = None
    text = doc.text
    for hit in timespans.find(doc):
        start, end = hit.span
        surface = text[start:end]
        timex = normalise(surface, anchor, tense=clause_tense(doc, start, end), reference=reference)
        if timex is None:  # found as a time but of no form the normaliser knows: keep it, value unknown
            timex = Timex(type="DATE", value=None)
        mod = timex.mod or hit.mod
        times.append(TimeExpr(id=f"T{len(times) + 1}", span=(start, end), text=surface, type=timex.type,
                              value=timex.value, mod=mod))
        if timex.type in ("DATE", "TIME") and timex.value and timex.value[:1].isdigit():
            reference = timex.value
    return times


def _anchor(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def clause_tense(doc, start: int, end: int) -> str | None:
    """"past", "present" or "future" of the clause a character span stands in, or None."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    verb = _governing_verb(span.root)
    if verb is None:
        return None
    return verb_tense(verb)


def _governing_verb(token):
    seen = 0
    while seen < 12:
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("amod",):
            return token
        if token.head.i == token.i:
            return None
        token = token.head
        seen += 1
    return None


def verb_tense(verb) -> str | None:
    """Tense of a verb from its auxiliaries, its tag, and a governing verb of intent."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lowered = {a.lower_ for a in auxes}
    if lowered & _FUTURE_AUX:
        return "future"
    if verb.lower_ == "going" and any(c.dep_ == "xcomp" for c in verb.children):
        return "future"
    # "plans to meet", "is expected to visit": the tense of the intended act is future
    if verb.dep_ == "xcomp" and "to" in lowered and verb.head.lemma_ in _INTENT:
        return "future"
    if verb.dep_ == "xcomp" and verb.head.lower_ == "going":
        return "future"
    tags = {verb.tag_} | {a.tag_ for a in auxes}
    if "VBD" in tags:
        return "past"
    if verb.tag_ == "VBN" and lowered & {"has", "have", "had", "'s", "'ve"}:
        return "past"
    if verb.tag_ == "VBN" and verb.head.i != verb.i and verb.dep_ in ("relcl", "acl"):
        return "past"
    if tags & {"VBZ", "VBP"} or verb.tag_ == "VBG":
        return "present"
    if verb.tag_ == "VB" and verb.dep_ == "xcomp":
        return verb_tense(verb.head) if verb.head.i != verb.i else None
    return None

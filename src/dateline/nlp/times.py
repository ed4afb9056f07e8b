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
from .spans import text_of

# Auxiliaries and modals that put a clause's act ahead of the publication date.
_FUTURE_AUX = {"will", "wo", "'ll", "’ll", "shall", "would", "'d", "must", "should", "can", "may", "might"}
# Verbs whose infinitive complement is an intended (future) act: "plans to meet in June".
_FUTURE_GOVERNORS = {"plan", "expect", "schedule", "intend", "aim", "hope", "propose", "prepare", "want",
                     "agree", "promise", "threaten", "vow", "pledge", "seek", "decide"}
# Words just before a date that make it a deadline or a payment date ("payable Dec. 15", "by
# Friday"): such dates lie near the publication date either way, so they resolve to the nearest.
_DEADLINE_CUES = {"by", "until", "till", "payable", "effective", "due", "record", "deadline", "expires",
                  "expire", "scheduled"}


def run(doc, found: Extraction) -> list[TimeExpr]:
    anchor = _anchor(found.article.published)
    times: list[TimeExpr] = []
    reference: str | None = None
    text = text_of(doc)
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
    before = {t.lower_ for t in doc[max(span.start - 3, span.sent.start):span.start]}
    token = span.root
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    if token.pos_ not in ("VERB", "AUX"):
        return "present" if before & _DEADLINE_CUES else None
    tense = verb_tense(token)
    return "present" if tense == "past" and before & _DEADLINE_CUES else tense


def verb_tense(token) -> str:
    """Tense of a verb from its auxiliaries and morphology, and from a governing verb of intent."""
    # the verb itself, and its governor when it is a complement ("plans to meet", "said it would")
    chain = [token, token.head] if token.dep_ in ("xcomp", "ccomp") and token.head.i != token.i else [token]
    for verb in chain:
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if any(a.lower_ in _FUTURE_AUX for a in auxes):
            return "future"
        if verb.i != token.i and verb.lemma_ in _FUTURE_GOVERNORS and token.dep_ == "xcomp":
            return "future"
        if any(a.lower_ == "going" for a in auxes) or verb.lower_ == "going" and token.dep_ == "xcomp":
            return "future"
    auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
    words = auxes if token.tag_ == "VBN" and auxes else [token, *auxes]  # a participle takes its auxiliary's tense
    if any("Past" in w.morph.get("Tense") for w in words):
        return "past"
    return "present"

"""Find temporal expressions in a parsed document: the matching half of the times stage.

spaCy's DATE and TIME entities are the start.  TimeML (TIMEX3) draws their edges
differently, and they miss words TimeML counts (now, recently, currently, the future) and
take in things it does not (ages, bare numbers, "quarterly").  This module fixes that with
general rules: it adds the missing reference words, drops ages and numbers, splits ranges
and lists ("between 1994 and 1997", "the quarter ended Sept. 30", "Thursday, Jan. 6"),
strips hedges that become a `mod` ("about", "nearly") and articles of modifiers ("the Aug. 7
bombing"), and joins a day to its part or hour ("Wednesday night", "9 a.m. Tuesday").

A pure function of the Doc: it returns character spans with the hedge each had.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Span
from .parseview import parse_view
from .spans import SpanSet, ents, text_of

_LABELS = ("DATE", "TIME")

# Reference words TimeML annotates and small NER misses (matched as whole lower-cased tokens).
_REF_PHRASES = [
    ("right", "now"), ("now",), ("currently",), ("recently",), ("more", "recently"),
    ("nowadays",), ("the", "future"), ("the", "near", "future"),
    ("the", "past"), ("the", "near", "term"), ("the", "short", "term"), ("the", "long", "term"),
    ("every", "day"), ("each", "day"), ("every", "week"), ("every", "month"), ("every", "year"),
    ("each", "year"), ("each", "month"), ("each", "week"),
]
_HEDGES = {  # words before an expression that TimeML leaves out of the span but keeps as a mod
    "about": "APPROX", "around": "APPROX", "roughly": "APPROX", "approximately": "APPROX", "nearly": "APPROX",
    "almost": "APPROX", "some": "APPROX", "more than": "MORE_THAN", "over": "MORE_THAN",
    "at least": "EQUAL_OR_MORE", "less than": "LESS_THAN", "under": "LESS_THAN", "at most": "EQUAL_OR_LESS",
    "up to": "EQUAL_OR_LESS", "just": None, "only": None, "as long as": None,
    "just over": "MORE_THAN", "as early as": None, "as recently as": None,
}
_WEEKDAYS = (r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
             r"|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?)")
_PART_OF_DAY = r"(?:morning|afternoon|evening|night|overnight)"
_CLOCK = r"\d{1,2}(?::\d{2})?\s*(?:a\.m\.?|p\.m\.?|am|pm)(?:\s+[A-Z]{2,4})?"
_MONTH = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)(?:[a-z]*)\.?")
_AGE = re.compile(r"\d+[- ](?:year|month|week|day)s?[- ]old|\byears? old\b|\b(?:in )?(?:his|her|their) \d0s\b", re.I)
_BARE_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d{5,}")
_HOLIDAY = re.compile(
    r"(?:(?:last|next|this)\s+)?(?:thanksgiving(?:\s+day)?|christmas(?:\s+(?:day|eve))?|new\s+year's(?:\s+(?:day|eve))?"
    r"|easter(?:\s+sunday)?|ramadan|independence\s+day|labou?r\s+day|memorial\s+day|election\s+day"
    r"|veterans\s+day|boxing\s+day|good\s+friday|halloween)\b", re.I)
# Forms small NER misses, matched on the text.
_MONTHS_CAP = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
               r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
# Each as (cue, patterns): the cue is a quick search that finds something wherever one of the
# patterns matches (a part every match holds).  The patterns open with a boundary, a lookbehind
# or an optional word, so the regex engine tries them at every character of the text; a cue it
# can skip ahead for spares that scan in the many articles where the cue is absent.
_TEXT_PATTERNS = [
    (re.compile(r"/"),
     re.compile(r"(?<![\w/])\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})(?![\w/])")),  # 4/7/2020, 13/05/2025
    (re.compile(r"-\d\d-"),
     re.compile(r"(?<![\w-])\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2})?)?(?![\w-])")),  # ISO dates
    (re.compile(r"Tues\b|Thurs\b|Fri\b|Mon\.|Tue\.|Wed\.|Thu\.|Sat\.|Sun\."),
     re.compile(r"\b(?:Tues|Thurs|Fri)\b\.?|\b(?:Mon|Tue|Wed|Thu|Sat|Sun)\.(?=\s|$)")),  # abbreviated weekdays
    (re.compile(r"\d(?:st|nd|rd|th)"),
     re.compile(rf"\bthe\s+\d{{1,2}}(?:st|nd|rd|th)(?=\s*(?:[,.;:)]|$)|\s+of\s+{_MONTHS_CAP})")),  # "the 15th"
    (re.compile(r"\d\s*[-–]\s*\d"),
     re.compile(rf"\b\d{{1,2}}\s*[-–]\s*\d{{1,2}}\s+{_MONTHS_CAP}(?:,?\s+\d{{4}})?"),  # 12-14 May
     re.compile(rf"\b{_MONTHS_CAP}\s+\d{{1,2}}\s*[-–]\s*\d{{1,2}}(?:,\s*\d{{4}})?")),  # May 15-20, 2025
]
# Case-insensitive patterns: their cues are searched in the lower-cased text (see `_folded`).
_FOLDED_TEXT_PATTERNS = [
    (re.compile(r"new\s+year's|good\s+friday|election\s+day|independence\s+day|labou?r\s+day|memorial\s+day"
                r"|veterans\s+day|boxing\s+day|thanksgiving|christmas|easter\b|ramadan|halloween"),
     _HOLIDAY),
    (re.compile(r"(?:beginning|start|end|middle)\s+of\s"),
     re.compile(r"(?i)\b(?:the\s+)?(?:beginning|start|end|middle)\s+of\s+(?:the\s+)?"
                r"(?:(?:this|last|next|previous|current|coming)\s+)?(?:year|month|week)\b")),
    (re.compile(r"week\s+of\s"),
     re.compile(rf"(?i)\b(?:the\s+)?(?:first|second|third|fourth|last)\s+week\s+of\s+{_MONTHS_CAP}")),
]
# The only characters IGNORECASE matches to an ASCII letter that str.lower() does not turn into
# that letter (İ, ı, ſ and the Kelvin sign): with one in the text, a cue searched in the
# lower-cased text could miss a match, so the case-insensitive patterns then run without cues.
_ODD_CASE_FOLDS = re.compile("[\u0130\u0131\u017f\u212a]")
_NOT_TIMES = {"quarterly", "annual", "annually", "night", "the night", "the night of", "year", "weeks",
              "months", "minutes", "days", "years", "decades"}
_THE = re.compile(r"the\s+", re.I)
_YEAR_IN_LIST = re.compile(r"(?<![\d'])(?:1[0-9]|20)\d\d(?!\d)")
_MONTH_WORD = re.compile(_MONTH, re.I)
_YEAR_LIST = re.compile(r"(?:between\s+)?(?:(?:1[0-9]|20)\d\d(?:\s*(?:,|and|to|through|-|–)\s*)*)+", re.I)
_WEEKDAY_WORD = re.compile(_WEEKDAYS, re.I)
_CLOCK_TIME = re.compile(_CLOCK, re.I)
_PART_OF_DAY_AFTER = re.compile(rf"\s+{_PART_OF_DAY}\b", re.I)
_WEEKDAY_AFTER = re.compile(rf",?\s+(?:on\s+)?{_WEEKDAYS}(?=\W|$)", re.I)
_CLOCK_IN_TEXT = re.compile(rf"(?<![\w:]){_CLOCK}")
_CLOCK_CUE = re.compile(r"\d\s*[ap]\.?m")  # what every clock time holds: a digit, then a.m., p.m., am or pm
_OF_AFTER = re.compile(r"\s+of\b")
_HEDGES_LONGEST_FIRST = tuple(sorted(_HEDGES, key=len, reverse=True))
# Each hedge as the last words before an expression, and all of them at once for a quick "none".
_HEDGE_BEFORE = tuple((hedge, re.compile(rf"(?:^|\W){re.escape(hedge)}\s+$")) for hedge in _HEDGES_LONGEST_FIRST)
_ANY_HEDGE_BEFORE = re.compile(rf"(?:^|\W)(?:{'|'.join(re.escape(h) for h in _HEDGES_LONGEST_FIRST)})\s+$")
_REF_PHRASES_LONGEST_FIRST = tuple(sorted(_REF_PHRASES, key=len, reverse=True))
_REF_FIRST_WORDS = frozenset(phrase[0] for phrase in _REF_PHRASES)
_SPLIT_ENDED = re.compile(r"\s+(?:ended|ending|ends|through)\s+", re.I)
_WEEKDAY_COMMA_DATE = re.compile(rf"^({_WEEKDAYS}),\s+({_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?)$", re.I)
_YEAR = re.compile(r"(?:1[0-9]|20)\d\d")
# After "the", expressions TimeML annotates without it: a date or year modifying a noun ("the Aug. 7
# bombing", "the 1987 crash"), decades and bare plurals.  "the past two months" keeps it.
_THE_MODIFIER = re.compile(
    rf"{_MONTH}\s+\d|(?:1[0-9]|20)\d0s\b|\d{{4}}\b(?!\s+(?:period|quarter|season|fiscal|first|second|third|fourth))"
    rf"|(?:days|weeks|months|years|decades)\b"
    rf"|(?:early|late|mid)\s*-?(?:1[0-9]|20)\d0s|day\b|{_WEEKDAYS}\b", re.I)


@dataclass(slots=True)
class Found:
    span: Span
    mod: str | None = None  # from a hedge left outside the span ("about two weeks" -> APPROX)


def find(doc) -> list[Found]:
    """Temporal expression spans of a Doc, in text order, without overlaps."""
    text = text_of(doc)
    spans: list[Found] = []
    for ent in ents(doc):
        if ent.label_ in _LABELS:
            spans.extend(_refine(doc, text, ent.start_char, ent.end_char))
    spans.extend(_reference_words(doc))
    spans.extend(_clock_and_day(text))
    folded = _folded(text)
    for cue, *patterns in _FOLDED_TEXT_PATTERNS:
        if folded is None or cue.search(folded):
            spans.extend(Found(m.span()) for pattern in patterns for m in pattern.finditer(text))
    for cue, *patterns in _TEXT_PATTERNS:
        if cue.search(text):
            spans.extend(Found(m.span()) for pattern in patterns for m in pattern.finditer(text))
    return _resolve_overlaps([f for f in spans if _is_time(text, f.span)])


def _folded(text: str) -> str | None:
    """The text lower-cased, for the cues of case-insensitive patterns; None when that is unsafe."""
    return None if _ODD_CASE_FOLDS.search(text) else text.lower()


def _refine(doc, text: str, start: int, end: int) -> list[Found]:
    """Split lists and ranges, strip what TimeML leaves out, join a day's part or hour."""
    start, end, inner_mod = _strip_edges(text, start, end)
    if start >= end:
        return []
    surface = text[start:end]
    # "Thursday, Jan. 6" -> two expressions
    m = _WEEKDAY_COMMA_DATE.match(surface)
    if m:
        return [Found((start + m.start(1), start + m.end(1))), Found((start + m.start(2), start + m.end(2)))]
    # "the quarter ended Sept. 30" -> "the quarter", "Sept. 30"
    m = _SPLIT_ENDED.search(surface)
    if m:
        return (_refine(doc, text, start, start + m.start()) + _refine(doc, text, start + m.end(), end))
    # "between 1994 and 1997", "1991 to 1997", "1994, 1995 and 1996" -> one per year
    years = list(_YEAR_IN_LIST.finditer(surface))
    if len(years) >= 2 and not _MONTH_WORD.search(surface) and _YEAR_LIST.fullmatch(surface.strip()):
        return [Found((start + y.start(), start + y.end())) for y in years]
    hedge = _hedge_before(text, start)
    mod = inner_mod or (_HEDGES[hedge] if hedge else None)
    return [Found(_extend_day(text, start, end), mod)]


def _strip_edges(text: str, start: int, end: int) -> tuple[int, int, str | None]:
    surface = text[start:end]
    # hedges inside the entity: "about two weeks" -> "two weeks", mod APPROX
    lowered = surface.lower()
    mod = None
    for hedge in _HEDGES_LONGEST_FIRST:
        if lowered.startswith(hedge + " ") and len(surface) > len(hedge) + 1:
            start += len(hedge) + 1
            mod = _HEDGES[hedge]
            break
    surface = text[start:end]
    # possessives: "last year's" -> "last year"
    for tail in ("'s", "’s", "'", "’"):
        if surface.endswith(tail) and len(surface) > len(tail) + 2:
            end -= len(tail)
            break
    surface = text[start:end]
    # "the" before a date used as a modifier or a bare plural: "the Aug. 7 bombing", "the 1960s", "the days"
    m = _THE.match(surface)
    if m:
        rest = surface[m.end():]
        if _THE_MODIFIER.match(rest):
            start += m.end()
    while end > start and text[end - 1] in " ,;:-–—\n\t":
        end -= 1
    while start < end and text[start] in " ,;:-–—\n\t(":
        start += 1
    return start, end, mod


def _hedge_before(text: str, start: int) -> str | None:
    before = text[max(0, start - 20):start].lower()
    if not _ANY_HEDGE_BEFORE.search(before):
        return None
    for hedge, pattern in _HEDGE_BEFORE:
        if pattern.search(before):
            return hedge
    return None


def _extend_day(text: str, start: int, end: int) -> Span:
    """"Wednesday" + " night" and "9 a.m." + " Tuesday" are one expression in TimeML."""
    after = text[end:end + 40]
    surface = text[start:end]
    if _WEEKDAY_WORD.fullmatch(surface):
        m = _PART_OF_DAY_AFTER.match(after)
        if m:
            return (start, end + m.end())
    if _CLOCK_TIME.fullmatch(surface):
        m = _WEEKDAY_AFTER.match(after)
        if m:
            return (start, end + m.end())
    return (start, end)


def _reference_words(doc) -> list[Found]:
    """Reference words ("now", "recently", "the future") that NER does not tag."""
    view = parse_view(doc)
    words = view.lower
    at: dict[str, list[int]] = {}  # where each phrase's first word stands: a phrase is tried only there
    for i, w in enumerate(words):
        if w in _REF_FIRST_WORDS:
            at.setdefault(w, []).append(i)
    found: list[Found] = []
    for phrase in _REF_PHRASES_LONGEST_FIRST:
        n = len(phrase)
        for i in at.get(phrase[0], ()):
            if i + n <= len(words) and tuple(words[i:i + n]) == phrase and _ref_is_temporal(view, i, n):
                found.append(Found((view.idx[i], view.idx[i + n - 1] + len(view.text[i + n - 1]))))
    return found


def _ref_is_temporal(view, i: int, n: int) -> bool:
    last = i + n - 1
    if view.lower[last] == "now" and i + 1 < view.n and view.lower[i + 1] == "that":
        return False  # "now that ..." is a conjunction
    if view.lower[last] == "past" and view.dep[last] not in ("pobj", "dobj", "nsubj", "npadvmod"):
        return False
    return True


def _clock_and_day(text: str) -> list[Found]:
    """Clock times NER leaves out ("6:30 a.m.")."""
    if not _CLOCK_CUE.search(text):
        return []
    return [Found(m.span()) for m in _CLOCK_IN_TEXT.finditer(text)]


def _is_time(text: str, span: Span) -> bool:
    surface = text[span[0]:span[1]].strip()
    if not surface:
        return False
    if _AGE.search(surface) or surface.lower() in _NOT_TIMES:
        return False
    if _BARE_NUMBER.fullmatch(surface) and not _YEAR.fullmatch(surface):
        return False
    if surface.lower() == "a quarter" and _OF_AFTER.match(text[span[1]:span[1] + 5]):
        return False  # a fraction, not three months
    return True


def _resolve_overlaps(spans: list[Found]) -> list[Found]:
    """Keep the longer of overlapping spans (NER's and the rules'), in text order."""
    kept: list[Found] = []
    taken = SpanSet()
    for f in sorted(spans, key=lambda f: (-(f.span[1] - f.span[0]), f.span[0])):
        if not taken.covers(f.span):
            kept.append(f)
            taken.add(f.span)
    return sorted(kept, key=lambda f: f.span)

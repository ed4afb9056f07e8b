"""Find an article's dateline: the place line that opens a wire or newspaper report.

    TEHRAN — ...                      -> "TEHRAN"
    WASHINGTON, March 2 - ...         -> "WASHINGTON"
    BEIRUT/WASHINGTON (Reuters) - ... -> "BEIRUT/WASHINGTON"
    PALM BEACH, Fla. (AP) — ...       -> "PALM BEACH, Fla."
    Washington (CNN) If ...           -> "Washington"

A pure function of the text; the places stage resolves what it finds.
"""

from __future__ import annotations

import re

from ..model import Span

_CAPS_WORD = r"[A-Z][A-Z'’.\-]*[A-Z.](?:[A-Z'’.\-]*)"
_CAPS_PLACE = rf"{_CAPS_WORD}(?:[ /]{_CAPS_WORD})*"
_QUALIFIER = r"(?:,[ \t]+[A-Z][A-Za-z.]*(?:[ \t][A-Z][A-Za-z.]*){0,2})"
_MIXED_PLACE = r"[A-Z][a-z]+(?:[ \t][A-Z][a-z]+){0,2}"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = rf"(?:,?[ \t]+{_MONTH}[ \t]+\d{{1,2}}(?:,[ \t]*\d{{4}})?)"
_AGENCY = r"(?:[ \t]*\([A-Za-z][A-Za-z .&\-]{0,40}\))"
_DASH = r"(?:[ \t]*(?:—|–|--|-|:)(?=\s))"

_DATELINE = re.compile(
    rf"(?P<caps>{_CAPS_PLACE}{_QUALIFIER}?){_DATE}?(?:{_AGENCY}{_DASH}?|{_DASH})"
    rf"|(?P<mixed>{_MIXED_PLACE}{_QUALIFIER}?){_DATE}?{_AGENCY}{_DASH}?"
)
# Words that open all-caps lines which are not places.
_NOT_PLACES = {"BREAKING", "UPDATE", "UPDATED", "EXCLUSIVE", "FILE", "PHOTO", "VIDEO", "WATCH",
               "ANALYSIS", "OPINION", "EDITORIAL", "CLOSE", "NEWSMAKER", "INTERVIEW", "REPORT"}
_SEARCH_CHARS = 400  # a dateline stands in the first lines, after at most a headline or byline


def find_dateline(text: str) -> tuple[str, Span] | None:
    """The dateline's place text and its span, or None."""
    for start in _line_starts(text[:_SEARCH_CHARS]):
        m = _DATELINE.match(text, start)
        if not m:
            continue
        group = "caps" if m["caps"] else "mixed"
        place = m[group]
        first = place.split("/")[0].split()[0].strip(".,")
        if first.upper() in _NOT_PLACES or sum(c.isalpha() for c in place) < 3:
            continue
        return place, (m.start(group), m.end(group))
    return None


def _line_starts(head: str) -> list[int]:
    starts = [len(head) - len(head.lstrip())]
    for m in re.finditer(r"\n[ \t]*(?=\S)", head):
        starts.append(m.end())
    return starts[:4]

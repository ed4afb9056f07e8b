"""Places stage: the dateline and every toponym, grouped into one record per place.

Recognition uses spaCy's GPE, LOC and FAC entities and the dateline.  Resolution to
GeoNames (issue 4) is not built yet: geonameid, country and coordinates stay null.
"""

from __future__ import annotations

from ..model import Dateline, Place, PlaceMention, Span
from .context import Found
from .dateline import find_dateline
from .spans import covered, name_key, trim

_LABELS = ("GPE", "LOC", "FAC")


def run(doc, found: Found) -> tuple[Dateline | None, list[Place]]:
    text = doc.text
    mentions: list[PlaceMention] = []
    dateline_hit = find_dateline(text)
    if dateline_hit:
        for start, end in _dateline_parts(text, dateline_hit[1]):
            mentions.append(PlaceMention(span=(start, end), text=text[start:end]))
    taken: list[Span] = [m.span for m in mentions]
    person_parts = _person_name_parts(doc)
    for ent in doc.ents:
        if ent.label_ not in _LABELS:
            continue
        start, end = trim(text, ent.start_char, ent.end_char)
        if start >= end or covered((start, end), taken):
            continue
        if name_key(text[start:end]) in person_parts:  # "Kazemi" of "Kazemi Qomi" tagged GPE
            continue
        mentions.append(PlaceMention(span=(start, end), text=text[start:end]))
        taken.append((start, end))
    places = _group(sorted(mentions, key=lambda m: m.span))
    dateline = None
    if dateline_hit:
        first = dateline_hit[1][0]
        owner = next((p.id for p in places for m in p.mentions if m.span[0] == first), None)
        dateline = Dateline(text=dateline_hit[0], span=dateline_hit[1], place=owner)
    return dateline, places


def _dateline_parts(text: str, span: Span) -> list[Span]:
    """"BEIRUT/WASHINGTON" is two places; "PALM BEACH, Fla." is one place with its qualifier."""
    start, end = span
    head_end = text.find(",", start, end)
    head_end = end if head_end < 0 else head_end
    parts: list[Span] = []
    pos = start
    for piece in text[start:head_end].split("/"):
        parts.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    return parts


def _person_name_parts(doc) -> set[str]:
    """Every contiguous run of words inside the PERSON names of the document."""
    parts: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            words = name_key(ent.text).split()
            for i in range(len(words)):
                for j in range(i + 1, len(words) + 1):
                    parts.add(" ".join(words[i:j]))
    return parts


def _group(mentions: list[PlaceMention]) -> list[Place]:
    """One Place per name (case and dots ignored), numbered in order of first mention."""
    by_key: dict[str, Place] = {}
    for mention in mentions:
        key = name_key(mention.text)
        place = by_key.get(key)
        if place is None:
            place = by_key[key] = Place(id=f"P{len(by_key) + 1}", name="")
        place.mentions.append(mention)
    for place in by_key.values():
        ordinary = [m.text for m in place.mentions if not m.text.isupper()]
        place.name = ordinary[0] if ordinary else _display(place.mentions[0].text)
    return list(by_key.values())


def _display(name: str) -> str:
    """An all-caps dateline name in ordinary case: "PALM BEACH" -> "Palm Beach"."""
    if name.isupper() and len(name.replace(".", "")) > 3:
        return " ".join(w.capitalize() for w in name.split())
    return name

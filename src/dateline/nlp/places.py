"""Places stage: the dateline and every toponym, resolved to GeoNames offline, one record per place.

Recognition: the dateline, spaCy's GPE/LOC/FAC entities, and demonyms that stand for a
country ("Iraqi", "Iranian").  Resolution: `dateline.geo.resolve` over the article's
toponyms in order, with explicit qualifiers ("PALM BEACH, Fla.", "Paris, Texas") and the
countries the article establishes (dateline, demonyms) as context; one sense per name.
Metonymy: a capital or country acting as a subject ("Tehran said", "Washington shifts
its policy") is marked `metonymic`; the actors stage codes it as a government.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import geo
from ..model import Dateline, Extraction, Place, PlaceMention, Span
from .dateline import find_dateline
from .spans import covered, name_key, trim

_LABELS = ("GPE", "LOC", "FAC")
_SUBJECTS = {"nsubj", "nsubjpass"}
_NOT_ACTING = {"be", "lie", "sit", "border", "remain", "become", "have"}  # "Baghdad is ...": a place


@dataclass(slots=True)
class _Toponym:
    span: Span
    qualifier: str | None = None
    metonymic: bool = False
    demonym: bool = False


def run(doc, found: Extraction) -> tuple[Dateline | None, list[Place]]:
    text = doc.text
    toponyms: list[_Toponym] = []
    dateline_hit = find_dateline(text)
    if dateline_hit:
        qualifier = _dateline_qualifier(text, dateline_hit[1])
        for span in _dateline_parts(text, dateline_hit[1]):
            toponyms.append(_Toponym(span, qualifier))
    taken: list[Span] = [t.span for t in toponyms]
    person_parts = _person_name_parts(doc)
    for ent in doc.ents:
        if ent.label_ not in _LABELS:
            continue
        start, end = trim(text, ent.start_char, ent.end_char)
        if start >= end or covered((start, end), taken):
            continue
        if name_key(text[start:end]) in person_parts:  # "Kazemi" of "Kazemi Qomi" tagged GPE
            continue
        toponyms.append(_Toponym((start, end), metonymic=_acts(ent)))
        taken.append((start, end))
    for ent in doc.ents:
        if ent.label_ == "NORP" and not covered((ent.start_char, ent.end_char), taken):
            start, end = trim(text, ent.start_char, ent.end_char)
            if start < end and geo.demonym(text[start:end]):
                toponyms.append(_Toponym((start, end), demonym=True))
                taken.append((start, end))
    toponyms.sort(key=lambda t: t.span)
    _add_qualifiers(text, toponyms)
    places = _resolve(text, toponyms)
    dateline = None
    if dateline_hit:
        first = dateline_hit[1][0]
        owner = next((p.id for p in places for m in p.mentions if m.span[0] == first), None)
        dateline = Dateline(text=dateline_hit[0], span=dateline_hit[1], place=owner)
    return dateline, places


def _resolve(text: str, toponyms: list[_Toponym]) -> list[Place]:
    """One Place per resolved sense (or per unresolved name), numbered by first mention."""
    context = [geo.demonym(text[t.span[0]:t.span[1]]) for t in toponyms if t.demonym]
    senses = geo.resolve([(text[t.span[0]:t.span[1]], t.qualifier) for t in toponyms],
                         context_countries=[c for c in context if c])
    by_key: dict[object, Place] = {}
    for toponym, sense in zip(toponyms, senses):
        surface = text[toponym.span[0]:toponym.span[1]]
        key: object = (sense.name, sense.lat, sense.lon) if sense else name_key(surface)
        place = by_key.get(key)
        if place is None:
            place = by_key[key] = Place(id=f"P{len(by_key) + 1}", name=sense.name if sense else _display(surface))
            if sense:
                place.geonameid = sense.geonameid or None  # 0: a division whose GeoNames id no package has
                place.country = sense.country or None
                place.lat, place.lon = round(sense.lat, 5), round(sense.lon, 5)
                place.feature = sense.feature
        place.mentions.append(PlaceMention(span=toponym.span, text=surface, metonymic=toponym.metonymic))
    return list(by_key.values())


def _acts(ent) -> bool:
    """"Tehran said", "Washington shifts its policy": the place name is an acting government."""
    root = ent.root
    return root.dep_ in _SUBJECTS and root.head.pos_ in ("VERB", "AUX") and root.head.lemma_ not in _NOT_ACTING


def _add_qualifiers(text: str, toponyms: list[_Toponym]) -> None:
    """"Paris, Texas": a toponym right after another, set off by a comma, qualifies it."""
    for first, second in zip(toponyms, toponyms[1:]):
        between = text[first.span[1]:second.span[0]]
        if first.qualifier is None and re.fullmatch(r",\s*", between):
            first.qualifier = text[second.span[0]:second.span[1]]


def _dateline_qualifier(text: str, span: Span) -> str | None:
    comma = text.find(",", span[0], span[1])
    return text[comma + 1:span[1]].strip() or None if comma >= 0 else None


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


def _display(name: str) -> str:
    """An all-caps dateline name in ordinary case: "PALM BEACH" -> "Palm Beach"."""
    if name.isupper() and len(name.replace(".", "")) > 3:
        return " ".join(w.capitalize() for w in name.split())
    return name

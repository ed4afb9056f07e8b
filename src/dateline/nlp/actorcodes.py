"""CAMEO-style codes for actor mentions, read from the words around them.

A person's country and role come from the title phrase before the name ("Former Iranian
Ambassador to Baghdad Hassan Kazemi Qomi" -> IRN, GOV, former; "Iran's top general Qassem
Soleimani" -> IRN, MIL; "the deputy head of Hashd al-Shaabi Abu Mahdi al-Muhandis" -> the
organisation's IRQ, MIL).  Organisations come from the project's organisation list,
buildings from its seats list ("the White House" -> USA GOV), and places acting as
governments from the gazetteer ("Tehran said" -> IRN GOV).  Pure functions of a Doc and
the places already found; the actors stage builds records from what they return.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import geo
from ..model import Place, Span
from ..ontology import actors as onto
from .parseview import parse_view

# Tokens that end a title phrase when walking left from a name.
_STOP_POS = {"VERB", "AUX", "PUNCT", "SCONJ", "CCONJ", "PRON", "NUM"}
_WINDOW = 9


@dataclass(slots=True)
class Coding:
    country: str | None = None
    roles: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    former: bool = False

    @property
    def code(self) -> str | None:
        return onto.compose_code(self.country, self.roles) if self.country else None

    def merge(self, other: Coding) -> None:
        """Fill what is unknown from another mention of the same actor."""
        if self.country is None:
            self.country = other.country
        for role in other.roles:
            if role not in self.roles:
                self.roles.append(role)
        for sector in other.sectors:
            if sector not in self.sectors:
                self.sectors.append(sector)
        self.former = self.former or other.former


class PlaceIndex:
    """The places stage's mentions by span, for country look-ups of GPE tokens."""

    def __init__(self, places: list[Place]):
        self._by_start: dict[int, Place] = {}
        for place in places:
            for m in place.mentions:
                self._by_start[m.span[0]] = place

    def country_at(self, start: int) -> str | None:
        place = self._by_start.get(start)
        return place.country if place else None

    def place_at(self, start: int) -> Place | None:
        return self._by_start.get(start)


def title_window(doc, span: Span, people: list[Span] = ()) -> list:
    """The tokens of the title phrase right before a name, nearest last; it stops at another
    person's name (`people`), a verb or punctuation."""
    tokens = doc.char_span(span[0], span[1], alignment_mode="expand")
    if tokens is None:
        return []
    window = []
    i = tokens.start - 1
    while i >= 0 and len(window) < _WINDOW:
        tok = doc[i]
        if tok.pos_ in _STOP_POS and tok.text not in ("-", "'s", "’s"):
            break
        if any(s <= tok.idx < e for s, e in people):
            break
        if tok.is_sent_start and tok.pos_ not in ("PROPN", "ADJ", "NOUN", "DET"):
            break
        window.append(tok)
        if tok.is_sent_start:
            break
        i -= 1
    window.reverse()
    return window


def code_person(doc, span: Span, places: PlaceIndex, people: list[Span] = ()) -> Coding:
    """Country, roles and `former` of a person from the title phrase before the name."""
    window = title_window(doc, span, people)
    words = [t.lower_ for t in window]
    coding = Coding(former="former" in words or "ex" in words)
    # an organisation named in the title ("deputy head of Hashd al-Shaabi") gives country and role;
    # a generic title ("head", "spokesman") then takes the organisation's role instead of its default
    org = _organisation_in(window)
    for role in onto.roles_in(words):
        if not (org is not None and getattr(role, "generic", False)):
            coding.merge(Coding(roles=[role.code], sectors=[role.sector]))
    if org is not None:
        coding.merge(Coding(country=org.country if len(org.country) == 3 else None,
                            roles=list(org.roles), sectors=list(org.sectors)))
    if coding.country is None:
        coding.country = _nationality(window, places)
    return coding


def code_organisation(name: str) -> Coding | None:
    """A named organisation or a seat of government, from the project's lists."""
    org = onto.organisation(name)
    if org is not None:
        return Coding(country=org.country, roles=list(org.roles), sectors=list(org.sectors))
    seat = onto.seat(name)
    if seat is not None:
        return Coding(country=seat[0], roles=[seat[1]], sectors=[seat[1]])
    return None


def code_institution(name: str) -> Coding | None:
    """An organisation missing from the lists, coded from the role words of its name:
    "Finance Ministry" -> GOV, "Senate Budget Committee" -> LEG, "Datapoint Corp" -> BUS;
    a demonym or country in the name gives the country ("Russian Embassy" -> RUS)."""
    role = onto.role_of(name)
    if role is None or role.person_title:
        return None
    country = next((c for c in (geo.demonym(w) for w in name.split()) if c), None)
    return Coding(country=country, roles=[role.code], sectors=[role.sector])


def code_place_actor(place: Place | None) -> Coding | None:
    """A place acting: a capital or seat stands for its government, a country for the state."""
    if place is None or not place.country:
        return None
    if place.feature == "capital":
        return Coding(country=place.country, roles=["GOV"], sectors=["GOV"])
    if place.feature == "country":
        return Coding(country=place.country)
    return None


def code_place_name(name: str) -> Coding | None:
    """A country or capital named where NER saw a person ("Kiev had met ..."): its government."""
    senses = geo.candidates(name)
    if not senses or senses[0].feature not in ("capital", "country") or not senses[0].country:
        return None
    if senses[0].feature == "capital":
        return Coding(country=senses[0].country, roles=["GOV"], sectors=["GOV"])
    return Coding(country=senses[0].country)


def code_group(name: str) -> Coding | None:
    """A people named by its demonym: "the Americans" -> USA."""
    country = geo.demonym(name)
    return Coding(country=country) if country else None


def code_nominal(doc, head, places: PlaceIndex) -> Coding | None:
    """A noun phrase naming an actor without a name: "Iraq's parliament" -> IRQ LEG."""
    view = parse_view(doc)
    phrase = [i for i in view.subtree(head.i) if i <= head.i]
    words = [view.lower[i] for i in phrase]
    role = onto.role_of(" ".join(w for w, i in zip(words, phrase) if view.dep[i] != "det"))
    if role is None or role.person_title:
        return None
    coding = Coding(roles=[role.code], sectors=[role.sector], former="former" in words)
    if not any(w in ("foreign", "international", "multinational") for w in words):
        # "foreign troops" have no country of their own
        coding.country = _nationality([doc[i] for i in phrase], places)
    return coding


def _organisation_in(window: list):
    """The longest known organisation named inside a title phrase."""
    n = len(window)
    for size in range(n, 0, -1):
        for start in range(0, n - size + 1):
            piece = window[start:start + size]
            if not any(t.pos_ == "PROPN" for t in piece):
                continue
            org = onto.organisation(" ".join(t.text for t in piece))
            if org is not None:
                return org
    return None


def _nationality(tokens: list, places: PlaceIndex) -> str | None:
    """The country a title phrase gives: a demonym ("Iranian"), a possessive ("Iran's") or a
    compound ("U.S. State Secretary"); not a destination ("Ambassador to Baghdad")."""
    for tok in reversed(tokens):  # the nearest to the head wins
        if tok.ent_type_ == "NORP" or tok.pos_ == "ADJ":
            country = geo.demonym(tok.text)
            if country:
                return country
        if tok.ent_type_ == "GPE" and tok.dep_ in ("poss", "compound", "nmod", "amod"):
            first = _entity_start(tok)
            name = tok.doc[first.i:tok.i + 1].text
            country = places.country_at(first.idx) or _first_country(name)
            if country:
                return country
    return None


def _entity_start(tok):
    """The first token of the entity a token is inside."""
    while tok.ent_iob_ == "I" and tok.i > 0:
        tok = tok.doc[tok.i - 1]
    return tok


def _first_country(name: str) -> str | None:
    senses = geo.candidates(name)
    return senses[0].country if senses and senses[0].country else None

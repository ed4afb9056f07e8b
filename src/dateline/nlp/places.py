"""Places stage: the dateline and every toponym, resolved to GeoNames offline, one record per place.

Recognition: the dateline, spaCy's GPE/LOC/FAC entities, and demonyms that stand for a
country ("Iraqi", "Iranian").  Resolution: `dateline.geo.resolve` over the article's
toponyms in order, with explicit qualifiers ("PALM BEACH, Fla.", "Paris, Texas", "Kingston, Ont."
-- but not the next item of a list: "Washington, New York, Boston") and the countries the
article establishes (dateline, demonyms) as context; one sense per name.
Metonymy: a capital or country acting as a subject ("Tehran said", "Washington shifts
its policy") is marked `metonymic`; the actors stage codes it as a government.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .. import geo
from ..model import Dateline, Extraction, Place, PlaceMention, Span
from ..ontology import actors as onto
from .dateline import find_dateline
from .parseview import parse_view
from .spans import SpanSet, covered, ents, name_key, text_of, trim

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
    text = text_of(doc)
    toponyms: list[_Toponym] = []
    dateline_hit = find_dateline(text)
    if dateline_hit:
        qualifier = _dateline_qualifier(text, dateline_hit[1])
        for span in _dateline_parts(text, dateline_hit[1]):
            toponyms.append(_Toponym(span, qualifier))
    taken = SpanSet(t.span for t in toponyms)
    person_parts = _person_name_parts(doc)
    for ent in ents(doc):
        if ent.label_ not in _LABELS:
            continue
        start, end = trim(text, ent.start_char, ent.end_char)
        if start >= end or covered((start, end), taken):
            continue
        if name_key(text[start:end]) in person_parts:  # "Kazemi" of "Kazemi Qomi" tagged GPE
            continue
        if not geo.candidates(text[start:end]) and onto.organisation(text[start:end]) is not None:
            continue  # "Daesh" tagged GPE is an armed group, not a place
        toponyms.append(_Toponym((start, end), metonymic=_acts(ent)))
        taken.add((start, end))
    for ent in ents(doc):
        label = ent.label_
        if label not in ("NORP", "ORG") or covered((ent.start_char, ent.end_char), taken):
            continue
        start, end = trim(text, ent.start_char, ent.end_char)
        if start >= end:
            continue
        if label == "NORP" and ent.root.tag_ not in ("NNS", "NNPS") and _strong_place(text[start:end]):
            # "Iraqi", "European" name a country or continent; plural "Iraqis" are people
            toponyms.append(_Toponym((start, end), demonym=True))
            taken.add((start, end))
        elif label == "ORG" and _strong_place(text[start:end], exact=True):
            # "EU", "Louisiana" tagged ORG: names whose only sense is a big place
            toponyms.append(_Toponym((start, end), metonymic=_acts(ent)))
            taken.add((start, end))
    for span in _after_locative(doc, taken):
        toponyms.append(_Toponym(span))
        taken.add(span)
    for span in _inside_organisations(doc, taken) + _country_names(doc, taken):
        toponyms.append(_Toponym(span))
        taken.add(span)
    for span in _same_name_elsewhere(doc, [t for t in toponyms if not t.demonym], taken):
        toponyms.append(_Toponym(span))
        taken.add(span)
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


_STRONG = {"continent", "country", "admin1", "capital", "region", "water", "landmark"}
_NOT_NAMES = {"GPE", "LOC", "FAC", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
_LOCATIVES = {"in", "near", "outside", "across", "inside", "throughout", "around"}


def _strong_place(name: str, *, exact: bool = False, country_or_division: bool = False) -> bool:
    """A name whose best sense is a continent, country, first-level division or capital."""
    senses = geo.candidates(name)
    wanted = {"country", "admin1"} if country_or_division else _STRONG
    if not senses or senses[0].feature not in wanted or geo.is_generic(name):
        return False
    return not exact or geo.fold(senses[0].name) == geo.fold(name) or len(name) <= 4


def _after_locative(doc, taken: SpanSet) -> list[Span]:
    """Capitalised names right after "in", "near", "outside" ... that NER missed or mislabelled
    ("in Abuja", "in Douma") and that the gazetteer knows."""
    found: list[Span] = []
    text = text_of(doc)
    view = parse_view(doc)
    n = view.n
    resume = 0  # past the proper nouns after the last locative: none of them opens a name
    for i in [i for i, word in enumerate(view.lower) if word in _LOCATIVES]:
        if i < resume or i >= n - 1 or view.dep[i] != "prep":
            continue
        j = i + 1
        while j < n and view.pos[j] == "PROPN" and view.text[j][:1].isupper():
            j += 1
        if j > i + 1:
            span = (view.idx[i + 1], view.idx[j - 1] + len(view.text[j - 1]))
            name = text[span[0]:span[1]]
            if (not covered(span, taken) and view.ent_type[i + 1] not in _NOT_NAMES
                    and geo.candidates(name)):
                found.append(span)
        resume = j
    return found


def _inside_organisations(doc, taken: SpanSet) -> list[Span]:
    """Countries and divisions named inside organisation names: "the US Justice Department",
    "the Kentucky Department of Education", "the Kidney Foundation of Canada"."""
    found: list[Span] = []
    text = text_of(doc)
    view = parse_view(doc)
    idx, words = view.idx, view.text
    for ent in ents(doc):
        if ent.label_ != "ORG" or len(ent) < 2:
            continue
        for run in _propn_runs(view, ent.start, ent.end):
            # the place opens or closes the run: "Kentucky Department", "Foundation of Canada"
            pieces = [run[:n] for n in range(len(run), 0, -1)] + [run[n:] for n in range(1, len(run))]
            for piece in pieces:
                span = (idx[piece[0]], idx[piece[-1]] + len(words[piece[-1]]))
                name = text[span[0]:span[1]]
                if not (covered(span, taken) or covered(span, found)) and _strong_place(name, exact=True, country_or_division=True):
                    found.append(span)
                    break
    return found


def _country_names(doc, taken: SpanSet) -> list[Span]:
    """Country and continent names standing alone that NER left untagged or mislabelled."""
    found: list[Span] = []
    text = text_of(doc)  # Doc.text joins every token: read it once
    view = parse_view(doc)
    idx, words, ent_type = view.idx, view.text, view.ent_type
    for run in _propn_runs(view, 0, view.n):
        span = (idx[run[0]], idx[run[-1]] + len(words[run[-1]]))
        if covered(span, taken) or any(ent_type[i] in ("GPE", "LOC", "FAC", "ORG") for i in run):
            continue
        senses = geo.candidates(text[span[0]:span[1]])
        if senses and senses[0].feature in ("country", "continent") and \
                geo.fold(senses[0].name) == geo.fold(text[span[0]:span[1]]):
            found.append(span)
    return found


def _propn_runs(view, start: int, end: int) -> list[list[int]]:
    """Maximal runs of capitalised proper nouns among tokens start..end-1, as token indices
    (read from the parse view: iterating the doc builds a Token object per word)."""
    pos, words = view.pos, view.text
    runs: list[list[int]] = []
    last = -2  # the previous capitalised proper noun: a run goes on only right after it
    for i in [i for i in range(start, end) if pos[i] == "PROPN"]:
        if not words[i][:1].isupper() or words[i] == "The":
            continue
        if i == last + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
        last = i
    return runs


def _same_name_elsewhere(doc, toponyms: list[_Toponym], taken: SpanSet) -> list[Span]:
    """One sense per discourse: a name found as a place once is a place wherever it stands alone
    ("Edmonton" tagged GPE in a list and ORG as a subject), not inside a longer name ("Edmonton Oilers")."""
    text = text_of(doc)
    names = {text[t.span[0]:t.span[1]] for t in toponyms}
    found: list[Span] = []
    words: _TokenView | None = None  # built at the first occurrence that needs its tokens
    for name in sorted(names, key=len, reverse=True):
        if len(name) < 3 or not name[:1].isupper():
            continue
        for span in _standalone(text, name):
            if covered(span, taken) or covered(span, found):
                continue
            if words is None:
                words = _TokenView(doc)
            tokens = words.expand(span)
            if tokens is None or words.inside_longer_name(*tokens):
                continue
            found.append(span)
    return found


def _is_word_char(ch: str) -> bool:
    """What the regex class \\w matches in a str pattern."""
    return ch.isalnum() or ch == "_"


def _standalone(text: str, name: str) -> list[Span]:
    """Where `name` stands as a whole word, as the regex `(?<![\\w-])NAME(?![\\w]|-[A-Z])` finds it
    ("Edmonton" but not "Edmonton-Based" nor "pro-Edmonton"); str.find instead of a regex
    compiled per name."""
    found: list[Span] = []
    size, limit = len(name), len(text)
    at = text.find(name)
    while at >= 0:
        end = at + size
        if at > 0 and (_is_word_char(text[at - 1]) or text[at - 1] == "-") or end < limit and (
                _is_word_char(text[end]) or text[end] == "-" and end + 1 < limit and "A" <= text[end + 1] <= "Z"):
            at = text.find(name, at + 1)
            continue
        found.append((at, end))
        at = text.find(name, end)
    return found


class _TokenView:
    """The token attributes `_same_name_elsewhere` asks of the words around each occurrence,
    read from the doc's arrays once (Doc.char_span and doc[i] build spaCy objects each time)."""

    __slots__ = ("view", "ent_iob", "sent_start", "space")

    def __init__(self, doc):
        from spacy.attrs import ENT_IOB, SENT_START, SPACY

        self.view = parse_view(doc)
        self.ent_iob, self.sent_start, self.space = doc.to_array([ENT_IOB, SENT_START, SPACY]).T.tolist()

    def expand(self, span: Span) -> tuple[int, int] | None:
        """Token range [start, end) of the tokens the characters touch, as
        Doc.char_span(..., alignment_mode="expand") gives it, or None."""
        start = self._token_at(span[0])
        end = self._token_at(span[1] - 1)
        if start < 0 or end < 0:
            return None
        idx, words = self.view.idx, self.view.text
        if span[0] == idx[start] + len(words[start]):  # in the trailing whitespace: the next token
            start += 1
        return start, end + 1

    def _token_at(self, char: int) -> int:
        """The token whose text or trailing space holds `char`, -1 for none (spaCy's
        token_by_char, by bisection over the token offsets)."""
        idx = self.view.idx
        i = bisect_right(idx, char) - 1
        if i < 0 or char >= idx[i] + len(self.view.text[i]) + self.space[i]:
            return -1
        return i

    def inside_longer_name(self, start: int, end: int) -> bool:
        """Whether tokens start..end-1 are part of an entity or proper-noun run longer than themselves."""
        view, iob = self.view, self.ent_iob
        n = view.n
        for i in range(start, end):
            if view.ent_type[i] and (iob[i] == _IOB_INSIDE and i == start or
                                     i == end - 1 and i + 1 < n and iob[i + 1] == _IOB_INSIDE):
                return True
        pos, words, sent_start = view.pos, view.text, self.sent_start
        for i in (start - 1, end):
            if 0 <= i < n and pos[i] == "PROPN" and words[i][:1].isupper() and sent_start[i] != 1:
                return True
        return False


_IOB_INSIDE = 1  # ENT_IOB codes: 0 unset, 1 "I", 2 "O", 3 "B"


def _acts(ent) -> bool:
    """"Tehran said", "Washington shifts its policy": the place name is an acting government."""
    root = ent.root
    verb = root.head
    if root.dep_ not in _SUBJECTS or verb.pos_ not in ("VERB", "AUX"):
        return False
    if verb.lemma_ == "lie":  # "Mosul lies on the Tigris" is a place; "Washington is lying to us" acts
        return any(c.dep_ == "aux" and c.lemma_ == "be" for c in verb.children) or \
            any(c.dep_ == "prep" and c.lower_ in ("to", "about") for c in verb.children)
    return verb.lemma_ not in _NOT_ACTING


# A division's abbreviation after a comma: "Churchill, Man.", "Tacoma, Wash.", "Austin, TX".
_ABBREV_QUALIFIER = re.compile(r",\s*([A-Z][a-z]{0,4}\.(?:\s?[A-Z][a-z]?\.)?|[A-Z]{2}\b)")


def _add_qualifiers(text: str, toponyms: list[_Toponym]) -> None:
    """"Paris, Texas": a toponym right after another, set off by a comma, qualifies it --
    unless the two are items of a list ("Washington, New York, Boston and Houston").  A
    division or country after a place qualifies it even in a list ("Springfield, Illinois,
    and Columbus, Ohio")."""
    def joined(a: _Toponym, b: _Toponym) -> str:
        return text[a.span[1]:b.span[0]]

    def top_feature(t: _Toponym) -> str | None:
        senses = geo.candidates(text[t.span[0]:t.span[1]])
        return senses[0].feature if senses else None

    for k, (first, second) in enumerate(zip(toponyms, toponyms[1:])):
        if first.qualifier is not None or not re.fullmatch(r",\s*", joined(first, second)):
            continue
        holder = top_feature(second) in ("admin1", "country") and top_feature(first) not in ("admin1", "country")
        before = toponyms[k - 1] if k > 0 else None
        after = toponyms[k + 2] if k + 2 < len(toponyms) else None
        in_list = (before is not None and re.fullmatch(r",\s*", joined(before, first)) is not None) or \
            (after is not None and re.fullmatch(r",?\s*(?:,|and|or|&)\s*", joined(second, after)) is not None)
        if holder or not in_list:
            first.qualifier = text[second.span[0]:second.span[1]]
    for t in toponyms:
        if t.qualifier is None:
            m = _ABBREV_QUALIFIER.match(text, t.span[1])
            if m and any(c.feature == "admin1" for c in geo.candidates(m.group(1))[:1]):
                t.qualifier = m.group(1)


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
    text = text_of(doc)  # Span.text joins the span's tokens: slice the text instead
    names = {name_key(text[ent.start_char:ent.end_char]) for ent in ents(doc) if ent.label_ == "PERSON"}
    parts: set[str] = set()
    for name in names:  # each name once: an article repeats its people
        words = name.split()
        for i in range(len(words)):
            for j in range(i + 1, len(words) + 1):
                parts.add(" ".join(words[i:j]))
    return parts


def _display(name: str) -> str:
    """An all-caps dateline name in ordinary case: "PALM BEACH" -> "Palm Beach"."""
    if name.isupper() and len(name.replace(".", "")) > 3:
        return " ".join(w.capitalize() for w in name.split())
    return name

"""Actors stage: people, organisations, groups and states, one record per actor with all its mentions.

Mentions: spaCy PERSON and ORG names (with person names the NER missed elsewhere, given names
it left out, and partial names joined to the one full name they belong to), peoples ("the
Americans"), places acting as governments (the places stage marks them metonymic),
noun phrases that name actors without a name ("Iraq's parliament", "the government",
"security forces"), pronouns and definite descriptions ("he", "the former envoy").
Codes: `actorcodes` reads country, roles and `former` from titles, organisations, seats
and places; every mention of an actor adds what it knows to the actor's code.
"""

from __future__ import annotations

from ..model import Actor, Extraction, Mention, Span
from ..ontology import actors as onto
from . import actorcodes, coref
from .actorcodes import Coding, PlaceIndex
from .parseview import parse_view
from .spans import SpanSet, covered, ents, name_key, noun_chunks, text_of, trim, word_occurrences

# Words that stand before names but are not part of them.
_TITLE_WORDS = {
    "president", "minister", "secretary", "ambassador", "senator", "sen", "rep", "representative",
    "gov", "governor", "mayor", "judge", "justice", "general", "gen", "commander", "colonel", "col",
    "lt", "maj", "capt", "adm", "admiral", "mr", "mrs", "ms", "dr", "prof", "former", "prime", "deputy",
    "chief", "head", "spokesman", "spokeswoman", "spokesperson", "leader", "king", "queen", "prince",
    "princess", "sheikh", "ayatollah", "pope", "cardinal", "bishop", "chairman", "chairwoman", "envoy",
    "director", "chancellor", "premier", "state", "foreign", "defense", "defence", "interior", "speaker",
    "candidate", "sir", "lord", "lady", "reverend", "rev", "imam", "emir", "sultan", "officer", "agent",
}
_STATE_BODIES = {"GOV", "LEG", "JUD"}
_KINDS = {"PERSON": "person", "ORG": "organization", "NORP": "group", "GPE": "state"}


def run(doc, found: Extraction) -> list[Actor]:
    text = text_of(doc)
    places = PlaceIndex(found.places)
    # entity texts sliced from the text (Span.text joins a Token per word; the same string)
    entities = [(e, e.label_, text[e.start_char:e.end_char]) for e in ents(doc)]
    other_names = {name_key(t) for _, label, t in entities if label != "PERSON"}
    persons: list[Span] = []
    others: list[tuple[Span, str]] = []
    dateline = [found.dateline.span] if found.dateline else []
    person_words = {w for e, label, t in entities if label == "PERSON" and len(e) > 1 for w in t.split()}
    for ent, label, ent_text in entities:
        kind = _KINDS.get(label)
        if label in ("GPE", "LOC", "NORP") and onto.organisation(ent_text) is not None:
            kind = "organization"  # "Daesh" tagged GPE is an armed group
        elif kind is None or not _is_actor(ent, kind):
            continue
        span = trim(text, ent.start_char, ent.end_char)
        if span[0] >= span[1] or covered(span, dateline):  # "BRUSSELS" of a dateline is a place
            continue
        if kind == "person" and actorcodes.code_organisation(text[span[0]:span[1]]) is not None:
            kind = "organization"  # "Tasnim" tagged PERSON is a news agency
        if kind == "person" and not _looks_like_name(ent):
            continue  # "Ethiopian Water" of "Ethiopian Water Minister Dawit Bekele"
        if kind == "person" and len(ent) == 1 and ent_text not in person_words and \
                actorcodes.code_place_name(ent_text) is not None:
            kind = "state"  # "Kiev had met ...": a capital NER took for a person, unless someone bears the name
        if kind == "person":
            persons.append(_extend_name(doc, span, other_names))
        else:
            others.append((span, kind))
    persons = _add_missed_names(text, persons)
    actors = _group_persons(text, persons)
    _add_partial_names(doc, actors, [s for s, _ in others])
    person_spans = [m.span for a in actors for m in a.mentions]
    codings = [_code_person(doc, actor, places, person_spans) for actor in actors]
    taken = [m.span for a in actors for m in a.mentions]
    states = _place_actors(found, taken)
    busy = SpanSet([*taken, *(m for m, _ in states)])
    others = [(s, k) for s, k in others if not covered(s, busy)]
    grouped, grouped_codes = _group_others(text, others + states, places)
    actors += grouped
    codings += grouped_codes
    taken = SpanSet(m.span for a in actors for m in a.mentions)
    nominal, nominal_codes = _nominal_actors(doc, taken, places, actors, codings)
    actors += nominal
    codings += nominal_codes
    _add_coreference(doc, actors, codings)
    home = home_country(found)
    for actor, coding in zip(actors, codings):
        from_context = coding.country is None and home is not None and actor.kind != "state"
        if from_context:
            # "the Finance Ministry", "Senate Republicans", "Wilbur Ross": an actor the text
            # gives no country belongs, as a reader takes it, to the story's own country
            coding.country = home
        actor.country, actor.roles, actor.sectors = coding.country, coding.roles, coding.sectors
        actor.former, actor.code = coding.former, coding.code
        actor.code_from = ("context" if from_context else "text") if coding.code else None
        actor.mentions.sort(key=lambda m: m.span)
    actors.sort(key=lambda a: a.mentions[0].span)
    for i, actor in enumerate(actors, start=1):
        actor.id = f"A{i}"
    return actors


def home_country(found: Extraction) -> str | None:
    """The story's own country: its dateline's, else the country most of its places lie in
    (at least two mentions and two fifths of all), else None."""
    by_id = {p.id: p for p in found.places}
    if found.dateline and found.dateline.place in by_id and by_id[found.dateline.place].country:
        return by_id[found.dateline.place].country
    counts: dict[str, int] = {}
    for place in found.places:
        if place.country and len(place.country) == 3:
            counts[place.country] = counts.get(place.country, 0) + len(place.mentions)
    if not counts:
        return None
    country, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    return country if n >= 2 and n * 5 >= sum(counts.values()) * 2 else None


def _code_person(doc, actor: Actor, places: PlaceIndex, people: list[Span]) -> Coding:
    coding = Coding()
    for mention in actor.mentions:
        others = [s for s in people if s != mention.span]
        coding.merge(actorcodes.code_person(doc, mention.span, places, others))
    return coding


def _place_actors(found: Extraction, taken: list[Span]) -> list[tuple[Span, str]]:
    """States: every mention of a country by name (CAMEO codes states as actors: "the U.S.
    assassination of ..."), and other places the places stage marked as acting ("Washington
    shifts its policy").  Demonyms ("Iraqi") stay places."""
    found_spans = []
    taken = SpanSet(taken)
    for place in found.places:
        for m in place.mentions:
            if covered(m.span, taken):
                continue
            by_name = place.feature == "country" and actorcodes.geo.demonym(m.text) is None
            if m.metonymic or by_name:
                found_spans.append((m.span, "state"))
    return found_spans


def _nominal_actors(doc, taken: SpanSet, places: PlaceIndex, named: list[Actor], named_codes: list[Coding]
                    ) -> tuple[list[Actor], list[Coding]]:
    """Actors named by a noun phrase: "Iraq's parliament", "the government", "foreign troops".

    A phrase without a country takes the nearest country named before it in its sentence
    ("Iraq's parliament passed a resolution telling the government ..." -> IRQ).
    """
    text = text_of(doc)
    groups: dict[tuple, tuple[Actor, Coding]] = {}
    for chunk in noun_chunks(doc):
        head = chunk.root
        span = (chunk.start_char, chunk.end_char)
        if head.ent_type_ or head.pos_ not in ("NOUN",) or covered((head.idx, head.idx + len(head.text)), taken):
            continue
        coding = actorcodes.code_nominal(doc, head, places)
        if coding is None:
            continue
        if coding.country is None and set(coding.roles) & _STATE_BODIES and \
                not any(t.lower_ in ("foreign", "international") for t in chunk):
            # "Iraq's parliament passed a resolution telling the government ...": the same state
            coding.country = _country_before(doc, chunk.start_char, places)
        start, end = trim(text, *span)
        if coding.country and any(t.ent_type_ in ("GPE", "NORP") for t in chunk):
            start = chunk.start_char  # "Iraq's parliament": keep the possessive in the mention
        key = (coding.country, tuple(coding.roles), head.lemma_)
        if key not in groups:
            kind = "group" if head.tag_ in ("NNS", "NNPS") else "organization"
            groups[key] = (Actor(id="", name=text[start:end], kind=kind), coding)
        groups[key][0].mentions.append(Mention(span=(start, end), text=text[start:end], type="nominal"))
        taken.add((start, end))
    return [a for a, _ in groups.values()], [c for _, c in groups.values()]


def _country_before(doc, start: int, places: PlaceIndex) -> str | None:
    """The country of the nearest place named before `start` in the same sentence."""
    tok = doc.char_span(start, start + 1, alignment_mode="expand")
    if tok is None:
        return None
    view = parse_view(doc)
    for i in range(tok.start - 1, view.sentence(tok.start)[0] - 1, -1):
        if view.ent_type[i] in ("GPE", "NORP"):
            place = places.place_at(actorcodes._entity_start(doc[i]).idx)
            if place is not None and place.country:
                return place.country
    return None


def _add_coreference(doc, actors: list[Actor], codings: list[Coding]) -> None:
    """Pronouns and definite descriptions join the person they refer to."""
    person_ids = [i for i, a in enumerate(actors) if a.kind == "person"]
    if not person_ids:
        return
    mentions = [(m.span, i) for i in person_ids for m in actors[i].mentions]
    people = {i: (codings[i].roles, codings[i].former) for i in person_ids}
    text = text_of(doc)
    taken = SpanSet(m.span for a in actors for m in a.mentions)
    for span, i in coref.resolve_descriptions(doc, people, mentions):
        if not covered(span, taken):
            actors[i].mentions.append(Mention(span=span, text=text[span[0]:span[1]], type="nominal"))
            taken.add(span)
            mentions.append((span, i))
    for span, i in coref.resolve_pronouns(doc, mentions):
        if not covered(span, taken):
            actors[i].mentions.append(Mention(span=span, text=text[span[0]:span[1]], type="pronoun"))
            taken.add(span)


def _looks_like_name(ent) -> bool:
    """A PERSON entity that opens with a demonym or ends with a role word is a title, not a name."""
    first, last = ent[0], ent[-1]
    if first.ent_type_ == "NORP" or (first.pos_ == "ADJ" and actorcodes.geo.demonym(first.text)):
        return False
    return onto.role_of(last.lower_) is None or len(ent) > 2


def _is_actor(ent, kind: str) -> bool:
    if kind == "group":  # "the Americans", "Iraqis" - not the adjective in "American forces"
        return ent.root.tag_ in ("NNPS", "NNS")
    if kind == "state":  # places acting come from the places stage (metonymic mentions)
        return False
    return True


def _extend_name(doc, span: Span, other_names: set[str]) -> Span:
    """Take in given names the NER left out: "Hassan" before "Kazemi Qomi"."""
    start = span[0]
    tokens = doc.char_span(span[0], span[1], alignment_mode="expand")
    if tokens is None:
        return span
    i = tokens.start - 1
    steps = 0
    while i >= 0 and steps < 2:
        tok = doc[i]
        word = tok.text
        if (tok.pos_ != "PROPN" or not word[:1].isupper() or not word.isalpha() or word.isupper()
                or word.lower() in _TITLE_WORDS or name_key(word) in other_names or tok.ent_type_
                or tok.is_sent_start):
            break
        start = tok.idx
        i -= 1
        steps += 1
    return (start, span[1])


def _add_missed_names(text: str, persons: list[Span]) -> list[Span]:
    """Occurrences of a multi-word person name that the NER did not tag."""
    names = {text[s:e] for s, e in persons if " " in text[s:e]}
    found = SpanSet(persons)
    for name in sorted(names, key=len, reverse=True):
        for span in word_occurrences(text, name):
            if not covered(span, found):
                found.add(span)
    return list(found)


def _group_persons(text: str, spans: list[Span]) -> list[Actor]:
    """One actor per full name; a shorter name joins the one longer name it is part of."""
    keys = sorted({name_key(text[s:e]) for s, e in spans}, key=lambda k: (-len(k.split()), k))
    owner: dict[str, str] = {}
    for key in keys:
        longer = [k for k in keys if len(k.split()) > len(key.split()) and _contains(k, key)
                  and owner.get(k) == k]
        owner[key] = longer[0] if len(longer) == 1 else key
    actors: dict[str, Actor] = {}
    for s, e in spans:
        head = owner[name_key(text[s:e])]
        actor = actors.get(head)
        if actor is None:
            actor = actors[head] = Actor(id="", name=text[s:e], kind="person")
        actor.mentions.append(Mention(span=(s, e), text=text[s:e], type="name"))
        if len(text[s:e]) > len(actor.name):
            actor.name = text[s:e]
    return list(actors.values())


def _contains(longer: str, shorter: str) -> bool:
    words, part = longer.split(), shorter.split()
    return any(words[i:i + len(part)] == part for i in range(len(words) - len(part) + 1))


def _add_partial_names(doc, actors: list[Actor], other_spans: list[Span]) -> None:
    """Surnames standing alone ("Kazemi"), when exactly one actor's name holds them."""
    text = text_of(doc)
    holders: dict[str, list[Actor]] = {}
    for actor in actors:
        words = actor.name.split()
        for word in words[1:]:  # the first word is a given name, too common to join on
            if len(word) >= 3 and word[:1].isupper():
                holders.setdefault(word, []).append(actor)
    taken = SpanSet(m.span for a in actors for m in a.mentions)
    other_set, other_exact = SpanSet(other_spans), set(other_spans)
    for word, owners in holders.items():
        if len({id(a) for a in owners}) != 1:
            continue
        for span in word_occurrences(text, word):
            if covered(span, taken):
                continue
            if covered(span, other_set) and span not in other_exact:
                continue  # part of another actor's longer name
            owners[0].mentions.append(Mention(span=span, text=word, type="name"))
            taken.add(span)
    for actor in actors:
        actor.mentions.sort(key=lambda m: m.span)


def _group_others(text: str, spans: list[tuple[Span, str]], places: PlaceIndex
                  ) -> tuple[list[Actor], list[Coding]]:
    """One actor per name (or per resolved place), coded from the organisation and seat lists,
    the demonym of a people, or the place a government sits in."""
    actors: dict[object, tuple[Actor, Coding]] = {}
    for (s, e), kind in sorted(spans):
        name = text[s:e]
        known = actorcodes.code_organisation(name)
        place = places.place_at(s) if kind in ("state", "organization") and known is None else None
        if place is not None:
            kind = "state"  # "Washington" tagged ORG but resolved as a place: the government there
        key: object = ("place", place.id) if place else (name_key(name), kind)
        if key not in actors:
            if kind == "state":
                coding = known or actorcodes.code_place_actor(place) or \
                    (actorcodes.code_place_name(name) if place is None else None) or Coding()
            elif kind == "group":
                coding = actorcodes.code_group(name) or Coding()
            else:
                coding = known or actorcodes.code_institution(name) or Coding()
            actors[key] = (Actor(id="", name=name, kind=kind), coding)
        actors[key][0].mentions.append(Mention(span=(s, e), text=name, type="name"))
    return [a for a, _ in actors.values()], [c for _, c in actors.values()]

"""Actors stage: people, organisations, groups and states, one record per actor with all its mentions.

Built so far: mentions from spaCy's PERSON, ORG and NORP entities and from GPEs acting as
subjects; person names the NER missed elsewhere in the text ("Hassan Kazemi Qomi" in a
dateline sentence); names extended over given names; partial names ("Kazemi Qomi",
"Kazemi") joined to the one full name they belong to.  Country and role codes,
pronouns and descriptions (issue 5) are not built yet and stay null/empty.
"""

from __future__ import annotations

import re

from ..model import Actor, Mention, Span
from ..model import Extraction
from .spans import covered, name_key, trim

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
_KINDS = {"PERSON": "person", "ORG": "organization", "NORP": "group", "GPE": "state"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "agent"}


def run(doc, found: Extraction) -> list[Actor]:
    text = doc.text
    other_names = {name_key(e.text) for e in doc.ents if e.label_ not in ("PERSON",)}
    persons: list[Span] = []
    others: list[tuple[Span, str]] = []
    dateline = [found.dateline.span] if found.dateline else []
    for ent in doc.ents:
        kind = _KINDS.get(ent.label_)
        if kind is None or not _is_actor(ent, kind):
            continue
        span = trim(text, ent.start_char, ent.end_char)
        if span[0] >= span[1] or covered(span, dateline):  # "BRUSSELS" of a dateline is a place
            continue
        if kind == "person":
            persons.append(_extend_name(doc, span, other_names))
        else:
            others.append((span, kind))
    persons = _add_missed_names(text, persons)
    actors = _group_persons(text, persons)
    _add_partial_names(doc, actors, [s for s, _ in others])
    taken = [m.span for a in actors for m in a.mentions]
    actors += _group_others(text, [(s, k) for s, k in others if not covered(s, taken)])
    actors.sort(key=lambda a: a.mentions[0].span)
    for i, actor in enumerate(actors, start=1):
        actor.id = f"A{i}"
    return actors


def _is_actor(ent, kind: str) -> bool:
    if kind == "group":  # "the Americans", "Iraqis" - not the adjective in "American forces"
        return ent.root.tag_ in ("NNPS", "NNS")
    if kind == "state":  # "Washington shifts its policy": a GPE acting
        return ent.root.dep_ in _SUBJECT_DEPS
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
    found = list(persons)
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if not covered(m.span(), found):
                found.append(m.span())
    return sorted(found)


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
    text = doc.text
    holders: dict[str, list[Actor]] = {}
    for actor in actors:
        words = actor.name.split()
        for word in words[1:]:  # the first word is a given name, too common to join on
            if len(word) >= 3 and word[:1].isupper():
                holders.setdefault(word, []).append(actor)
    taken = [m.span for a in actors for m in a.mentions]
    for word, owners in holders.items():
        if len({id(a) for a in owners}) != 1:
            continue
        for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text):
            span = m.span()
            if covered(span, taken):
                continue
            if covered(span, other_spans) and not any(s == span[0] and e == span[1] for s, e in other_spans):
                continue  # part of another actor's longer name
            owners[0].mentions.append(Mention(span=span, text=word, type="name"))
            taken.append(span)
    for actor in actors:
        actor.mentions.sort(key=lambda m: m.span)


def _group_others(text: str, spans: list[tuple[Span, str]]) -> list[Actor]:
    actors: dict[tuple[str, str], Actor] = {}
    for (s, e), kind in sorted(spans):
        key = (name_key(text[s:e]), kind)
        actor = actors.get(key)
        if actor is None:
            actor = actors[key] = Actor(id="", name=text[s:e], kind=kind)
        actor.mentions.append(Mention(span=(s, e), text=text[s:e], type="name"))
    return list(actors.values())

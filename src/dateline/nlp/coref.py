"""Coreference inside an article for what names do not cover: pronouns and descriptions.

    he, him, his, she, her   -> the most salient person before it: the subject of the
                                latest clause that has a person subject, else the latest person
    the former envoy, the minister -> the latest person whose roles fit the description

No coreference model installs offline; these rules cover what news needs for speakers and
event participants.  Pure: they return (mention span, actor index) pairs.
"""

from __future__ import annotations

from bisect import bisect_left, insort

from ..model import Span
from ..ontology import actors as onto
from .parseview import parse_view
from .spans import noun_chunks

PERSONAL = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
_SUBJECT = {"nsubj", "nsubjpass"}
# Descriptions that point back to a person: "the envoy", "the former minister".
_DETERMINERS = {"the", "this", "that"}


def resolve_pronouns(doc, person_mentions: list[tuple[Span, int]]) -> list[tuple[Span, int]]:
    """Each third-person singular pronoun with the index of the person actor it refers to."""
    ordered = sorted(person_mentions)  # kept sorted as pronouns join: each look-up is a bisection
    found: list[tuple[Span, int]] = []
    view = parse_view(doc)
    for i in range(view.n):
        if view.lower[i] not in PERSONAL or view.pos[i] != "PRON":
            continue
        tok = doc[i]
        antecedent = _salient_person(doc, tok, ordered)
        if antecedent is not None:
            mention = ((tok.idx, tok.idx + len(tok.text)), antecedent)
            found.append(mention)
            insort(ordered, mention)
    return found


def _salient_person(doc, pronoun, mentions: list[tuple[Span, int]]) -> int | None:
    """`mentions` sorted; only those ending before the pronoun count, the nearest last."""
    before: list[tuple[Span, int]] = []  # up to 8, nearest first
    last = None
    for k in range(bisect_left(mentions, ((pronoun.idx,),)) - 1, -1, -1):
        if mentions[k][0][1] <= pronoun.idx:
            if last is None:
                last = mentions[k]
            before.append(mentions[k])
            if len(before) == 8:
                break
    if last is None:
        return None
    # prefer the subject of the nearest earlier clause whose subject is a person
    for span, actor in before:
        named = doc.char_span(span[0], span[1], alignment_mode="expand")
        if named is not None and named.root.dep_ in _SUBJECT:
            if pronoun.sent.start - named.sent.start <= 400 or named.sent == pronoun.sent:
                return actor
            break
    return last[1]


def resolve_descriptions(doc, people: list[tuple[list[str], bool]], person_mentions: list[tuple[Span, int]]
                         ) -> list[tuple[Span, int]]:
    """Definite person descriptions ("The former envoy") with the index of the person they name.

    `people` gives each person actor's (roles, former) by index.
    """
    ordered = sorted(person_mentions)
    found: list[tuple[Span, int]] = []
    view = parse_view(doc)
    for chunk in noun_chunks(doc):
        start, end = chunk.start, chunk.end
        if view.lower[start] not in _DETERMINERS or any(view.ent_type[i] for i in range(start, end)):
            continue
        if chunk.root.dep_ == "appos" or any(c.dep_ == "prep" and c.lower_ == "of" for c in chunk.root.children):
            continue  # "the deputy head of Hashd al-Shaabi" introduces someone, it does not refer back
        words = [t.lower_ for t in chunk[1:]]
        role = onto.role_of(" ".join(words))
        if role is None or not role.person_title or chunk.root.lower_ not in " ".join(words).split()[-1:]:
            continue
        former = "former" in words
        before = sorted((span, actor) for span, actor in ordered + found if span[1] <= chunk.start_char)
        for span, actor in reversed(before):
            roles, was_former = people[actor]
            if (not roles or role.code in roles) and (not former or was_former):
                found.append(((chunk.start_char, chunk.end_char), actor))
                break
    return found

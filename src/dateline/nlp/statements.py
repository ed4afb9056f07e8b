"""Statements as verbal events: a speaker's quote about a foreign actor is CAMEO 01 or 11.

    “… the Americans are trying to undermine Iraq's defense strategy,” he concluded.
        -> IRN (the speaker) → USA, 111 CRITICIZE OR DENOUNCE, dated by the cue's clause

GDELT and ICEWS code what leaders say about each other; without quotes they guess speaker
and target from the sentence.  Here the quotes stage gives the speaker (an actor) and the
content span; the target is the actor the content is most about whose country is not the
speaker's.  The code comes from the cue verb ("accused" 112, "condemned" 111), else from the
content's tone words (ontology/data/statement_tone.tsv), else 010.  Pure: `statement_codes`
returns plain tuples that the events stage turns into records.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from importlib import resources

from ..model import Actor, Quote, Span
from .parseview import parse_view

_STRENGTH = {"111": 3, "112": 3, "016": 2, "012": 2, "018": 1, "013": 1, "011": 1}


@dataclass(frozen=True, slots=True)
class Statement:
    quote: str
    source: str
    target: str
    cameo: str
    cue_token: int | None  # where the cue is, for the date and the trigger span
    trigger_span: Span


@functools.lru_cache(maxsize=1)
def tone_words() -> dict[str, str]:
    text = resources.files("dateline.ontology").joinpath("data/statement_tone.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return {lemma: code for lemma, code in rows[1:]}


def statement_codes(doc, quotes: list[Quote], actors: list[Actor], actor_of: dict[int, str]) -> list[Statement]:
    """One verbal event per quote whose speaker has a country and whose content is about
    an actor of another country."""
    by_id = {a.id: a for a in actors}
    tones = tone_words()
    found: list[Statement] = []
    for quote in quotes:
        speaker = by_id.get(quote.speaker) if quote.speaker else None
        if speaker is None or not speaker.country:
            continue
        content = doc.char_span(quote.content_span[0], quote.content_span[1], alignment_mode="expand")
        if content is None:
            continue
        cue = doc.char_span(quote.cue_span[0], quote.cue_span[1], alignment_mode="expand") if quote.cue_span else None
        code = tones.get(cue.root.lemma_.lower()) if cue is not None else None
        tone_word = None
        if code is None or code not in ("111", "112", "016", "011"):
            content_code, tone_word = _content_tone(content, tones)
            code = content_code or code or "010"
        target = _target(content, speaker, by_id, actor_of, tone_word)
        if target is None:
            continue
        trigger = quote.cue_span or (quote.content_span[0], quote.content_span[0] + 1)
        found.append(Statement(quote=quote.id, source=speaker.id, target=target, cameo=code,
                               cue_token=cue.root.i if cue is not None else None, trigger_span=trigger))
    return found


def _target(content, speaker: Actor, by_id: dict[str, Actor], actor_of: dict[int, str], tone_word=None
            ) -> str | None:
    """The foreign actor the tone word is said of ("the Americans are trying to undermine"),
    else the one the content names most often (the first of equals)."""

    def foreign(i: int) -> str | None:
        actor = by_id.get(actor_of.get(i, ""))
        if actor is None or actor.id == speaker.id or not actor.country or actor.country == speaker.country:
            return None
        return actor.id

    if tone_word is not None:
        for verb in [tone_word, *tone_word.ancestors][:4]:
            for child in verb.children:
                if child.dep_ in ("nsubj", "nsubjpass", "poss"):
                    words = list(child.subtree)
                    if child.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
                        words = [verb.head]  # "the Americans who created …"
                    hit = next((foreign(t.i) for t in words if foreign(t.i)), None)
                    if hit:
                        return hit
    counts: Counter = Counter()  # by country: "the U.S." and "the Americans" are one side
    first: dict[str, tuple[int, str]] = {}
    for i in range(content.start, content.end):
        actor_id = foreign(i)
        if actor_id is None or i > content.start and actor_of.get(i - 1) == actor_id:
            continue  # count a mention once, not once per word
        country = by_id[actor_id].country
        counts[country] += 1
        first.setdefault(country, (i, actor_id))
    if not counts:
        return None
    return first[max(counts, key=lambda c: (counts[c], -first[c][0]))][1]


def _content_tone(content, tones: dict[str, str]):
    """(code, the word that gave it) of the content's strongest tone word, or (None, None)."""
    view = parse_view(content.doc)
    dep, lower, lemma = view.dep, view.lower, view.lemma
    words = range(content.start, content.end)
    best, strength, word = None, 0, None
    negated = any(dep[i] == "neg" or lower[i] in ("no", "never") for i in words)
    for i in words:
        code = tones.get(lemma[i].lower())
        if code is None or code in ("011", "016"):
            continue
        if code == "013" and negated:
            code = "012"  # "there won't be any progress"
        if _STRENGTH.get(code, 0) > strength:
            best, strength, word = code, _STRENGTH[code], i
    if best is None and negated and any(lower[i] in ("will", "wo", "'ll", "’ll") for i in words):
        best = "012"  # a prediction that something will not happen is pessimistic
    return best, (content.doc[word] if word is not None else None)

"""What CAMEO code a sentence's verbs and event nouns express (issue 7, the "what code" half).

    from dateline.nlp.eventcodes import triggers
    for i, m in triggers(doc):          # doc: a parsed spaCy Doc
        print(doc[i].text, m.cameo, m.pattern)

The dictionary is ``ontology/data/event_patterns.tsv`` (its header documents the syntax) with
object classes in ``ontology/data/object_classes.tsv``.  A trigger token (verb, event noun or
evaluative adjective) is reduced to plain :class:`Features`; :func:`match` picks the most
specific pattern row whose constraints the features satisfy.  :func:`triggers` runs that over a
Doc and decides which matches become events:

* a pattern that names an object or complement which is itself a trigger *consumes* it
  ("threatened to attack" -> one 138, "signed an accord" -> one 057);
* by default (``nested=False``) a trigger inside the subtree of another trigger is dropped
  ("X accused Y of killing Z" -> 112 only; "condemned the attack" -> 111 only); coordinated
  verbs ("attacked ... and killed ...") are siblings, not nested, and both kept;
* plain statements (code 010: say, tell, announce, ...) are transparent: they never hide
  what they govern, and by default (``statements=False``) are emitted only when their
  sentence has no other event, so "X said Y attacked Z" is one 19x event and "X said NATO
  would remain strong" is one 010.  ``statements=True`` keeps every reporting verb.

Source, target, mode and date are left to the caller.  Nothing is loaded at import; the
tables are read once on first use (``load_patterns`` is cached per ``extra`` path).
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..ontology import cameo
from .parseview import parse_view

ENV_PATTERNS = "DATELINE_EVENT_PATTERNS"
STATEMENT_CODE = "010"
COLUMNS = ("trigger", "particle", "prep", "object", "complement", "cameo", "notes")
# adverbs spaCy sometimes attaches as advmod where they are the particle of a phrasal verb
_PARTICLE_WORDS = frozenset({"out", "down", "off", "up", "back", "away", "over", "aside", "in", "on", "through"})
_OBJ_DEPS = frozenset({"dobj", "nsubjpass", "dative", "attr", "oprd"})
_COMP_DEPS = frozenset({"xcomp", "ccomp", "pcomp", "acl", "advcl"})
_NEG_WORDS = frozenset({"not", "n't", "never", "no", "neither", "nor"})
_POS = {"VERB": "VERB", "AUX": "VERB", "NOUN": "NOUN", "PROPN": "NOUN", "ADJ": "ADJ"}
_PREFIX = {"n": "NOUN", "a": "ADJ", "v": "VERB"}


@dataclass(frozen=True, slots=True)
class Features:
    """What a trigger token offers for matching; built from a spaCy token, then plain data."""

    lemma: str
    pos: str  # "VERB", "NOUN" or "ADJ"
    particles: tuple[str, ...] = ()
    preps: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()  # direct objects, passive subjects; for nouns "of" objects and compounds
    complements: tuple[str, ...] = ()  # xcomp/ccomp/pcomp verbs ("threaten to attack")
    negated: bool = False
    text: str = ""  # lower-cased surface form ("talks" where the lemma is "talk")
    modifiers: tuple[str, ...] = ()  # compound/amod lemmas of a noun ("air" strike, "hunger" strike)
    pobjs: tuple[str, ...] = ()  # "prep:lemma" for each prepositional object ("for:ceasefire")


@dataclass(frozen=True, slots=True)
class CodeMatch:
    cameo: str
    pattern: str  # the matching row, as written in the TSV (columns joined with " | ")
    specificity: int  # constraints satisfied (modifiers, particle, prep, object, complement)


@dataclass(frozen=True, slots=True)
class Pattern:
    trigger: str  # lemma (last word of a multi-word noun)
    pos: str
    modifiers: tuple[str, ...]
    particle: str
    prep: str
    object: str  # lemma, "@class" or ""
    complement: str  # lemma, "@class", "*" or ""
    cameo: str
    notes: str
    order: int

    @property
    def specificity(self) -> int:
        return len(self.modifiers) + sum(bool(x) for x in (self.particle, self.prep, self.object, self.complement))

    @property
    def key(self) -> tuple:
        return (self.pos, self.modifiers, self.trigger, self.particle, self.prep, self.object, self.complement)

    def text(self) -> str:
        head = {"VERB": "", "NOUN": "n:", "ADJ": "a:"}[self.pos] + " ".join((*self.modifiers, self.trigger))
        return " | ".join((head, self.particle, self.prep, self.object, self.complement, self.cameo))


@dataclass(frozen=True)
class Patterns:
    index: dict  # (pos, lemma) -> tuple[Pattern, ...]
    classes: dict  # class name -> frozenset of lemmas

    def __len__(self) -> int:
        return sum(len(v) for v in self.index.values())

    def all(self) -> list[Pattern]:
        return sorted((p for v in self.index.values() for p in v), key=lambda p: p.order)


def _data_text(name: str) -> str:
    return resources.files("dateline").joinpath("ontology", "data", name).read_text(encoding="utf-8")


def _table(text: str, source: str) -> list[list[str]]:
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.rstrip("\n").split("\t")]
        rows.append([f"{source}:{n}", *cells])
    return rows


@functools.lru_cache(maxsize=1)
def object_classes() -> dict[str, frozenset[str]]:
    """Class name (without "@") -> lemmas, from object_classes.tsv."""
    out: dict[str, set[str]] = {}
    for where, *cells in _table(_data_text("object_classes.tsv"), "object_classes.tsv"):
        if cells[0] == "class":
            continue
        if len(cells) < 2:
            raise ValueError(f"{where}: expected 'class<TAB>lemmas'")
        words = {w.strip().lower() for w in cells[1].split(",") if w.strip()}
        out.setdefault(cells[0].lstrip("@"), set()).update(words)
    return {k: frozenset(v) for k, v in out.items()}


def parse_patterns(text: str, source: str = "<patterns>", start: int = 0) -> list[Pattern]:
    """Pattern rows of a TSV text (see the header of event_patterns.tsv); ValueError on a bad row."""
    from ..ontology.cameo import is_cameo_code

    out = []
    for k, (where, *cells) in enumerate(_table(text, source)):
        if cells[0] == "trigger":
            continue
        if len(cells) < 6:
            raise ValueError(f"{where}: expected at least 6 tab-separated columns, got {len(cells)}")
        trig, particle, prep, obj, comp, cameo = (c.lower() for c in cells[:6])
        cameo = cells[5]
        pos = "VERB"
        if len(trig) > 2 and trig[1] == ":" and trig[0] in _PREFIX:
            pos, trig = _PREFIX[trig[0]], trig[2:]
        words = trig.replace("_", " ").split()
        if not words:
            raise ValueError(f"{where}: empty trigger")
        if cameo != "-" and not is_cameo_code(cameo):
            raise ValueError(f"{where}: unknown CAMEO code {cameo!r}")
        out.append(Pattern(words[-1], pos, tuple(words[:-1]), particle, prep, obj, comp, cameo,
                           cells[6] if len(cells) > 6 else "", start + k))
    return out


def _check_classes(pats: list[Pattern], classes: dict) -> None:
    for p in pats:
        for c in (p.object, p.complement):
            if c.startswith("@") and c[1:] not in classes:
                raise ValueError(f"pattern {p.text()!r}: unknown object class {c!r}")


@functools.lru_cache(maxsize=8)
def _load(extra: str | None) -> Patterns:
    classes = object_classes()
    pats = parse_patterns(_data_text("event_patterns.tsv"), "event_patterns.tsv")
    if extra:
        path = Path(extra)
        user = parse_patterns(path.read_text(encoding="utf-8"), str(path), start=len(pats))
        pats = pats + user
    _check_classes(pats, classes)
    by_key: dict[tuple, Pattern] = {}
    for p in pats:  # later rows with the same constraints replace earlier ones; cameo "-" deletes
        by_key.pop(p.key, None)
        if p.cameo != "-":
            by_key[p.key] = p
    index: dict[tuple[str, str], list[Pattern]] = {}
    for p in by_key.values():
        index.setdefault((p.pos, p.trigger), []).append(p)
    return Patterns({k: tuple(v) for k, v in index.items()}, classes)


def load_patterns(extra: str | None = None) -> Patterns:
    """Built-in patterns, extended or overridden by the user TSV ``extra`` (default: the
    ``DATELINE_EVENT_PATTERNS`` environment setting, if set).  A user row with the same
    trigger/particle/prep/object/complement as a built-in one replaces it; cameo ``-`` removes it."""
    if extra is None:
        extra = os.environ.get(ENV_PATTERNS) or None
    return _load(str(extra) if extra else None)


# ---------------------------------------------------------------- features


def _lemma(tok) -> str:
    return (tok.lemma_ or tok.text).lower()


def _with_conj(tok) -> list:
    out = [tok]
    out.extend(c for c in tok.children if c.dep_ == "conj")
    return out


def _slots(token) -> dict[str, list]:
    """The dependents of ``token`` that patterns can constrain, as tokens."""
    pos = _POS.get(token.pos_, token.pos_)
    s: dict[str, list] = {"particle": [], "prep": [], "object": [], "complement": [], "modifier": [], "pobj": []}
    for c in token.children:
        d = c.dep_
        if d == "prt" or (d == "advmod" and c.lower_ in _PARTICLE_WORDS):
            s["particle"].append(c)
        elif d in ("prep", "agent") or (d == "dative" and c.pos_ == "ADP"):
            s["prep"].append(c)
            for g in c.children:
                if g.dep_ in ("pobj", "pcomp"):
                    for o in _with_conj(g):
                        s["pobj"].append((c, o))
                        if o.pos_ in ("VERB", "AUX"):
                            s["complement"].append(o)
                    if pos == "NOUN" and _lemma(c) == "of":
                        s["object"].extend(_with_conj(g))
        elif d in _OBJ_DEPS:
            for o in _with_conj(c):
                s["object"].append(o)
                # "hundreds of troops", "a package of sanctions": the "of" object counts too
                for p in o.children:
                    if p.dep_ == "prep" and _lemma(p) == "of":
                        s["object"].extend(g for g in p.children if g.dep_ == "pobj")
        elif d in _COMP_DEPS and c.pos_ in ("VERB", "AUX", "NOUN", "ADJ") and (d != "advcl" or pos != "VERB"):
            s["complement"].append(c)
            # "urged X to send peacekeepers": the complement's objects tell the topic
            s["object"].extend(g for g in c.children if g.dep_ in ("dobj", "nsubjpass"))
        elif d in ("compound", "amod", "nmod") and pos == "NOUN":
            s["modifier"].append(c)
            s["object"].append(c)
    # "military aid", "peace talks": an object's modifiers count as objects too
    s["object"].extend(m for o in list(s["object"]) for m in o.children if m.dep_ in ("compound", "amod"))
    return s


def features(token) -> Features:
    """Plain-data features of a spaCy token (a verb, event noun or adjective)."""
    s = _slots(token)
    neg = any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in token.children)
    if not neg and token.dep_ in ("xcomp", "conj") and token.head.i != token.i:  # "did not agree to meet"
        neg = any(c.dep_ == "neg" for c in token.head.children)
    return Features(
        lemma=_lemma(token),
        pos=_POS.get(token.pos_, token.pos_),
        particles=tuple(_lemma(t) for t in s["particle"]),
        preps=tuple(_lemma(t) for t in s["prep"]),
        objects=tuple(_lemma(t) for t in s["object"]),
        complements=tuple(_lemma(t) for t in s["complement"]),
        negated=neg,
        text=token.lower_,
        modifiers=tuple(_lemma(t) for t in s["modifier"]),
        pobjs=tuple(f"{_lemma(p)}:{_lemma(o)}" for p, o in s["pobj"]),
    )


# ---------------------------------------------------------------- matching


def _fits(want: str, have, classes) -> bool:
    if not want:
        return True
    if want == "*":
        return bool(have)
    if want.startswith("@"):
        members = classes.get(want[1:], frozenset())
        return any(h in members for h in have)
    return want in have


def _satisfies(p: Pattern, f: Features, classes) -> bool:
    if p.particle and p.particle not in f.particles:
        return False
    if p.prep and p.prep not in f.preps:
        return False
    if any(m not in f.modifiers for m in p.modifiers):
        return False
    if p.object:
        have = list(f.objects)
        if p.prep:
            have += [po.split(":", 1)[1] for po in f.pobjs if po.split(":", 1)[0] == p.prep]
        if not _fits(p.object, have, classes):
            return False
    return _fits(p.complement, f.complements, classes)


def _best(f: Features, pats: Patterns) -> Pattern | None:
    cands = list(pats.index.get((f.pos, f.lemma), ()))
    if f.text and f.text != f.lemma:
        cands += pats.index.get((f.pos, f.text), ())
    best = None
    for p in cands:
        if _satisfies(p, f, pats.classes):
            rank = (p.specificity, len(p.cameo), p.order)
            if best is None or rank > best[0]:
                best = (rank, p)
    return best[1] if best else None


def match(f: Features, patterns: Patterns | None = None) -> CodeMatch | None:
    """The most specific pattern ``f`` satisfies: more constraints wins, then the longer
    (deeper) code, then the later row (so user rows win ties)."""
    p = _best(f, patterns or load_patterns())
    return CodeMatch(p.cameo, p.text(), p.specificity) if p else None


def _consumed(token, p: Pattern, classes) -> list:
    """Tokens the constraints of ``p`` were satisfied by (they are part of this event)."""
    s = _slots(token)
    out = []
    if p.object:
        have = list(s["object"]) + [o for prep, o in s["pobj"] if not p.prep or _lemma(prep) == p.prep]
        out += [t for t in have if _fits(p.object, [_lemma(t)], classes)]
    if p.complement:
        out += [t for t in s["complement"] if _fits(p.complement, [_lemma(t)], classes)]
    return out


def triggers(doc, *, statements: bool = False, nested: bool = False,
             patterns: Patterns | None = None) -> list[tuple[int, CodeMatch]]:
    """(token index, match) for every event trigger in ``doc``, in text order (see module doc)."""
    pats = patterns or load_patterns()
    found: dict[int, tuple[Pattern, object]] = {}
    index = pats.index
    view = parse_view(doc)
    for i in range(view.n):
        pos = _POS.get(view.pos[i])
        if pos is None:
            continue
        # most words head no pattern: look them up before building their features
        if (pos, (view.lemma[i] or view.text[i]).lower()) not in index and (pos, view.lower[i]) not in index:
            continue
        tok = doc[i]
        p = _best(features(tok), pats)
        if p is not None:
            found[i] = (p, tok)
    # a pattern that names an object/complement which is itself a trigger absorbs it
    absorbed: set[int] = set()
    for i, (p, tok) in sorted(found.items(), key=lambda kv: -kv[1][0].specificity):
        if i in absorbed or not (p.object or p.complement):
            continue
        for t in _consumed(tok, p, pats.classes):
            if t.i in found and t.i != i:
                absorbed.add(t.i)
    live = {i: v for i, v in found.items() if i not in absorbed}
    framed = _framed_codes(live, found)

    def is_statement(i: int) -> bool:
        return live[i][0].cameo == STATEMENT_CODE

    if not nested:
        keep = {}
        head, dep = view.head, view.dep
        for i, v in live.items():
            t, governed = i, False
            while head[t] != t:
                step_conj = dep[t] == "conj"
                t = head[t]
                if not step_conj and t in live and not is_statement(t):
                    governed = True
                    break
            if not governed:
                keep[i] = v
        live = keep
    if not statements:
        busy = {view.sentence(i)[0] for i in live if not is_statement(i)}
        live = {i: v for i, v in live.items() if not is_statement(i) or view.sentence(i)[0] not in busy}
        # one plain statement per sentence is enough
        seen: set[int] = set()
        for i in sorted(live):
            if is_statement(i):
                s = view.sentence(i)[0]
                if s in seen:
                    del live[i]
                seen.add(s)
    return [(i, CodeMatch(framed.get(i, p.cameo), p.text(), p.specificity)) for i, (p, _) in sorted(live.items())]


def _framed_codes(live: dict, found: dict) -> dict[int, str]:
    """Appeals, intents, demands and refusals coded by the act they frame: "called on Israel
    to release the prisoners" is 0253 because "release the prisoners" is 0841 (CAMEO repeats
    one structure under 02, 03, 10 and 12; ontology/data/cameo_frames.tsv).  The act, coded by
    its own verb and object, says more than a frame row's guess from the act's words."""
    out: dict[int, str] = {}
    for i, (p, tok) in live.items():
        frame = p.cameo[:2]
        if frame not in cameo.FRAMES:
            continue
        slots = _slots(tok)
        purpose = [c for c in tok.children if c.dep_ == "advcl" and any(a.lower_ == "to" for a in c.children)]
        acts = [t for t in (*slots["complement"], *purpose, *slots["object"], *(o for _, o in slots["pobj"]))
                if t.i in found and t.i != i and found[t.i][0].cameo[:2] in ("04", "05", "06", "07", "08")]
        for act in acts:
            code = cameo.framed(frame, found[act.i][0].cameo)
            if code:
                out[i] = code
                break
    return out

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
from .parseview import ParseView, parse_view

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


def _lemma(view: ParseView, i: int) -> str:
    return (view.lemma[i] or view.text[i]).lower()


def _with_conj(view: ParseView, i: int) -> list[int]:
    return [i, *(c for c in view.children[i] if view.dep[c] == "conj")]


def _slots(view: ParseView, i: int) -> dict[str, list]:
    """The dependents of word ``i`` that patterns can constrain, as word indices ("pobj" holds
    (preposition, object) pairs).  Read from the parse view: no Token objects."""
    pos = _POS.get(view.pos[i], view.pos[i])
    children, dep, tags = view.children, view.dep, view.pos
    s: dict[str, list] = {"particle": [], "prep": [], "object": [], "complement": [], "modifier": [], "pobj": []}
    for c in children[i]:
        d = dep[c]
        if d == "prt" or (d == "advmod" and view.lower[c] in _PARTICLE_WORDS):
            s["particle"].append(c)
        elif d in ("prep", "agent") or (d == "dative" and tags[c] == "ADP"):
            s["prep"].append(c)
            for g in children[c]:
                if dep[g] in ("pobj", "pcomp"):
                    for o in _with_conj(view, g):
                        s["pobj"].append((c, o))
                        if tags[o] in ("VERB", "AUX"):
                            s["complement"].append(o)
                    if pos == "NOUN" and _lemma(view, c) == "of":
                        s["object"].extend(_with_conj(view, g))
        elif d in _OBJ_DEPS:
            for o in _with_conj(view, c):
                s["object"].append(o)
                # "hundreds of troops", "a package of sanctions": the "of" object counts too
                for p in children[o]:
                    if dep[p] == "prep" and _lemma(view, p) == "of":
                        s["object"].extend(g for g in children[p] if dep[g] == "pobj")
        elif d in _COMP_DEPS and tags[c] in ("VERB", "AUX", "NOUN", "ADJ") and (d != "advcl" or pos != "VERB"):
            s["complement"].append(c)
            # "urged X to send peacekeepers": the complement's objects tell the topic
            s["object"].extend(g for g in children[c] if dep[g] in ("dobj", "nsubjpass"))
        elif d in ("compound", "amod", "nmod") and pos == "NOUN":
            s["modifier"].append(c)
            s["object"].append(c)
    # "military aid", "peace talks": an object's modifiers count as objects too
    s["object"].extend(m for o in list(s["object"]) for m in children[o] if dep[m] in ("compound", "amod"))
    return s


def features(token) -> Features:
    """Plain-data features of a spaCy token (a verb, event noun or adjective)."""
    return features_at(parse_view(token.doc), token.i)


def features_at(view: ParseView, i: int) -> Features:
    """The features of word ``i`` of the parse view."""
    s = _slots(view, i)
    children, dep = view.children, view.dep
    neg = any(dep[c] == "neg" or (dep[c] == "det" and view.lower[c] == "no") for c in children[i])
    if not neg and dep[i] in ("xcomp", "conj") and view.head[i] != i:  # "did not agree to meet"
        neg = any(dep[c] == "neg" for c in children[view.head[i]])
    return Features(
        lemma=_lemma(view, i),
        pos=_POS.get(view.pos[i], view.pos[i]),
        particles=tuple(_lemma(view, t) for t in s["particle"]),
        preps=tuple(_lemma(view, t) for t in s["prep"]),
        objects=tuple(_lemma(view, t) for t in s["object"]),
        complements=tuple(_lemma(view, t) for t in s["complement"]),
        negated=neg,
        text=view.lower[i],
        modifiers=tuple(_lemma(view, t) for t in s["modifier"]),
        pobjs=tuple(f"{_lemma(view, p)}:{_lemma(view, o)}" for p, o in s["pobj"]),
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


def _consumed(view: ParseView, i: int, p: Pattern, classes) -> list[int]:
    """Words the constraints of ``p`` were satisfied by (they are part of this event)."""
    s = _slots(view, i)
    out = []
    if p.object:
        have = list(s["object"]) + [o for prep, o in s["pobj"] if not p.prep or _lemma(view, prep) == p.prep]
        out += [t for t in have if _fits(p.object, [_lemma(view, t)], classes)]
    if p.complement:
        out += [t for t in s["complement"] if _fits(p.complement, [_lemma(view, t)], classes)]
    return out


def triggers(doc, *, statements: bool = False, nested: bool = False,
             patterns: Patterns | None = None) -> list[tuple[int, CodeMatch]]:
    """(token index, match) for every event trigger in ``doc``, in text order (see module doc)."""
    pats = patterns or load_patterns()
    found: dict[int, Pattern] = {}
    index = pats.index
    view = parse_view(doc)
    for i in range(view.n):
        pos = _POS.get(view.pos[i])
        if pos is None:
            continue
        # most words head no pattern: look them up before building their features
        if (pos, (view.lemma[i] or view.text[i]).lower()) not in index and (pos, view.lower[i]) not in index:
            continue
        p = _best(features_at(view, i), pats)
        if p is not None:
            found[i] = p
    # a pattern that names an object/complement which is itself a trigger absorbs it
    absorbed: set[int] = set()
    for i, p in sorted(found.items(), key=lambda kv: -kv[1].specificity):
        if i in absorbed or not (p.object or p.complement):
            continue
        for t in _consumed(view, i, p, pats.classes):
            if t in found and t != i:
                absorbed.add(t)
    live = {i: v for i, v in found.items() if i not in absorbed}
    framed = _framed_codes(view, live, found)

    def is_statement(i: int) -> bool:
        return live[i].cameo == STATEMENT_CODE

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
    return [(i, CodeMatch(framed.get(i, p.cameo), p.text(), p.specificity)) for i, p in sorted(live.items())]


def _framed_codes(view: ParseView, live: dict[int, Pattern], found: dict[int, Pattern]) -> dict[int, str]:
    """Appeals, intents, demands and refusals coded by the act they frame: "called on Israel
    to release the prisoners" is 0253 because "release the prisoners" is 0841 (CAMEO repeats
    one structure under 02, 03, 10 and 12; ontology/data/cameo_frames.tsv).  The act, coded by
    its own verb and object, says more than a frame row's guess from the act's words."""
    out: dict[int, str] = {}
    children = view.children
    for i, p in live.items():
        frame = p.cameo[:2]
        if frame not in cameo.FRAMES:
            continue
        slots = _slots(view, i)
        purpose = [c for c in children[i]
                   if view.dep[c] == "advcl" and any(view.lower[a] == "to" for a in children[c])]
        acts = [t for t in (*slots["complement"], *purpose, *slots["object"], *(o for _, o in slots["pobj"]))
                if t in found and t != i and found[t].cameo[:2] in ("04", "05", "06", "07", "08")]
        for act in acts:
            code = cameo.framed(frame, found[act].cameo)
            if code:
                out[i] = code
                break
    return out

"""The cue model's score of a word without writing its features out as strings.

`quotecues.word_features` names each feature as a string ("l|w+1=say|that") and the perceptron
looks each one up in a table of ~100,000 weights: per news article ~340 candidate words times
~18 features, built and hashed, each look-up a likely cache miss in the big table.  Here the
weights are regrouped once by feature template (and, for the templates that pair the lemma with
something, by lemma), so a word's weights are found from the parse view's own strings in small
tables.  The score is the same float: the weights are added in the order `word_features` lists
the features (absent ones add 0.0), then the bias, as `Perceptron.score` does.  A word whose
lemma holds "|" (where a feature's parts cannot be told apart) is scored from its strings.
"""

from __future__ import annotations

from functools import lru_cache

from ..learn.perceptron import Perceptron
from .parseview import ParseView

# the values quotecues.word_features tests; kept equal to its sets (a test compares them)
KEY_DEPS = frozenset({"ccomp", "xcomp", "dobj", "nsubj", "nsubjpass", "prep", "agent", "dative", "advcl",
                      "attr", "oprd"})
PRONOUNS = frozenset({"he", "she", "they", "i", "we", "you", "it", "who", "which", "that"})
_EMPTY: dict = {}
# the templates without the lemma, in the order of CueWeights.tables
_PLAIN_TEMPLATES = ("w", "t", "d", "hl", "d|hd", "suf", "c", "subj", "ccomp-mark", "ccomp-side", "ccomp-tag",
                    "w-1", "w+1", "hpos")


class CueWeights:
    """A perceptron's weights by template: `plain[template][value]`, `by_lemma[lemma][(template,
    rest)]` for the "l|…" templates (rest "" when the feature is the lemma alone) and `flags`
    for features without a value ("qL", "according-to")."""

    def __init__(self, model: Perceptron):
        self.model = model
        self.bias = model.bias
        self.plain: dict[str, dict[str, float]] = {}
        self.by_lemma: dict[str, dict[tuple[str, str], float]] = {}
        self.flags: dict[str, float] = {}
        for feature, weight in model.weights.items():
            template, equals, value = feature.partition("=")
            if not equals:
                self.flags[feature] = weight
            elif template == "l" or template.startswith("l|"):
                lemma, _, rest = (value, "", "") if template == "l" else value.partition("|")
                self.by_lemma.setdefault(lemma, {})[(template, rest)] = weight
            else:
                self.plain.setdefault(template, {})[value] = weight

        self.tables = tuple(self.plain.get(name, {}) for name in _PLAIN_TEMPLATES)


@lru_cache(maxsize=4)
def cue_weights(model: Perceptron) -> CueWeights:
    return CueWeights(model)


def score_word(weights: CueWeights, view: ParseView, i: int, quotes) -> float:
    """`model.score(quotecues.word_features(view, i, quotes))`, to the last bit.  Written out
    feature by feature in word_features' order (a helper call per feature would cost more than
    the string it saves); `get(key, 0.0)` adds nothing for an absent feature."""
    lemma = view.lemma[i].lower()
    if "|" in lemma:
        from .quotecues import word_features

        return weights.model.score(word_features(view, i, quotes))
    own = weights.by_lemma.get(lemma, _EMPTY).get
    flags = weights.flags.get
    (by_word, by_tag, by_dep, by_head, by_deps, by_suffix, by_child, by_subject, by_mark, by_side, by_clause_tag,
     by_prev, by_next, by_head_pos) = weights.tables
    lower, tag, dep = view.lower[i], view.tag[i], view.dep[i]
    h = view.head[i]
    head_lemma = view.lemma[h].lower()
    children = view.children[i]
    dep_of = view.dep
    deps = {dep_of[c] for c in children}
    found = [own(("l", ""), 0.0), by_word.get(lower, 0.0), by_tag.get(tag, 0.0),
             by_dep.get(dep, 0.0), own(("l|d", dep), 0.0),
             by_head.get(head_lemma, 0.0),
             by_deps.get(f"{dep}|{dep_of[h]}", 0.0),
             by_suffix.get(lemma[-3:], 0.0), own(("l|t", tag), 0.0)]
    add = found.append
    for key in deps & KEY_DEPS:  # the same set, so the same order as word_features'
        add(by_child.get(key, 0.0))
        add(own(("l|c", key), 0.0))
    if not deps & {"nsubj", "nsubjpass"}:
        add(own(("l|nosubj", ""), 0.0))
    later = []  # object and clause features, listed after the word's neighbours
    for c in children:
        cdep = dep_of[c]
        if cdep in ("nsubj", "nsubjpass"):
            clower = view.lower[c]
            kind = clower if clower in PRONOUNS else (view.ent_type[c] or view.pos[c])
            add(by_subject.get(kind, 0.0))
            add(own(("l|subj", kind), 0.0))
        elif cdep == "prep":
            add(own(("l|prep", view.lower[c]), 0.0))
        elif cdep == "punct" and view.text[c] in (":", ","):
            add(flags(f"punct{view.text[c]}|{'R' if c > i else 'L'}", 0.0))
        elif cdep == "ccomp":
            mark = next((view.lower[g] for g in view.children[c] if dep_of[g] == "mark"), "-")
            add(by_mark.get(mark, 0.0))
            add(by_side.get("R" if c > i else "L", 0.0))
            ctag = view.tag[c]
            later.append(by_clause_tag.get(ctag, 0.0))
            later.append(own(("l|ccomp-tag", ctag), 0.0))
        if cdep in ("dobj", "dative"):
            later.append(own(("l|obj", view.ent_type[c] or view.pos[c]), 0.0))
    prev = view.lower[i - 1] if i > 0 else "<s>"
    nxt = view.lower[i + 1] if i + 1 < view.n else "</s>"
    found += [by_prev.get(prev, 0.0), by_next.get(nxt, 0.0),
              own(("l|w+1", nxt), 0.0), own(("l|w-1", prev), 0.0),
              by_head_pos.get(view.pos[h], 0.0), own(("l|hl", head_lemma), 0.0)]
    found += later
    start = view.idx[i]
    if quotes.ends_before(start, 40):
        found += [flags("qL", 0.0), own(("l|qL", ""), 0.0)]
    if quotes.starts_after(start + len(view.text[i]), 6):
        found += [flags("qR", 0.0), own(("l|qR", ""), 0.0)]
    if quotes.inside(start):
        found += [flags("qIn", 0.0), own(("l|qIn", ""), 0.0)]
    if lower == "according" and nxt == "to":
        add(flags("according-to", 0.0))
    return weights.bias + sum(found)

"""Attribution cues: which words introduce what someone said, wrote, thinks or found.

"said", "told", "according to", "tweeted", "warned", "argued", "believes", "shows" — whether a
verb attributes depends on its word and its clause (a "that" clause, a quotation beside it, a
speaker as subject), so a small learned model scores each candidate head word.  Features are
pure functions of the parse; `cue_heads` is the matching step the quotes stage annotates from.
The model is trained by `dateline train quotes` (see dateline/learn/quotes.py and MODEL_CARD).
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from pathlib import Path

from ..learn.perceptron import Perceptron
from ..model import Span
from .parseview import ParseView, parse_view
from .spans import text_of

MODEL_PATH = Path(__file__).resolve().parent.parent / "learn" / "models" / "quote_cues.json.gz"
_CANDIDATE_POS = {"VERB", "NOUN", "ADJ", "AUX"}
_KEY_DEPS = {"ccomp", "xcomp", "dobj", "nsubj", "nsubjpass", "prep", "agent", "dative", "advcl", "attr", "oprd"}
_PRONOUNS = {"he", "she", "they", "i", "we", "you", "it", "who", "which", "that"}


@lru_cache(maxsize=4)
def load_model(path: str = str(MODEL_PATH)) -> Perceptron:
    """The cue model, loaded once per process on first use (no import-time state)."""
    return Perceptron.load(Path(path))


PUNCT_CUES = {":", "―", "—", "--"}


def is_candidate(tok) -> bool:
    if tok.lower_ == "according" or tok.text in PUNCT_CUES:
        return True
    return tok.pos_ in _CANDIDATE_POS and tok.is_alpha


class QuoteIndex:
    """Where quotations start and end, for "is there a quote just before/after this word"."""

    def __init__(self, spans: list[Span]):
        self.spans = spans
        self.starts = [s for s, _ in spans]
        self.ends = sorted(e for _, e in spans)

    def ends_before(self, offset: int, within: int) -> bool:
        i = bisect_left(self.ends, offset - within)
        return i < len(self.ends) and self.ends[i] <= offset

    def starts_after(self, offset: int, within: int) -> bool:
        i = bisect_left(self.starts, offset)
        return i < len(self.starts) and self.starts[i] <= offset + within

    def inside(self, offset: int) -> bool:
        i = bisect_left(self.starts, offset + 1) - 1
        return i >= 0 and self.spans[i][0] < offset < self.spans[i][1]


def features(tok, quotes: QuoteIndex) -> list[str]:
    if tok.text in PUNCT_CUES:
        return _punct_features(tok, quotes)
    return word_features(parse_view(tok.doc), tok.i, quotes)


def word_features(view: ParseView, i: int, quotes: QuoteIndex) -> list[str]:
    """The features of the word at token index `i`, read from the doc's parse view."""
    lemma = view.lemma[i].lower()
    lower, tag, dep = view.lower[i], view.tag[i], view.dep[i]
    h = view.head[i]
    head_lemma = view.lemma[h].lower()
    children = view.children[i]
    dep_of = view.dep
    deps = {dep_of[c] for c in children}
    feats = [f"l={lemma}", f"w={lower}", f"t={tag}", f"d={dep}", f"l|d={lemma}|{dep}",
             f"hl={head_lemma}", f"d|hd={dep}|{dep_of[h]}", f"suf={lemma[-3:]}",
             f"l|t={lemma}|{tag}"]
    for key in deps & _KEY_DEPS:
        feats.append(f"c={key}")
        feats.append(f"l|c={lemma}|{key}")
    if not deps & {"nsubj", "nsubjpass"}:
        feats.append(f"l|nosubj={lemma}")
    later = []  # object and clause features, listed after the word's neighbours
    for c in children:
        cdep = dep_of[c]
        if cdep in ("nsubj", "nsubjpass"):
            clower = view.lower[c]
            kind = clower if clower in _PRONOUNS else (view.ent_type[c] or view.pos[c])
            feats.append(f"subj={kind}")
            feats.append(f"l|subj={lemma}|{kind}")
        elif cdep == "prep":
            feats.append(f"l|prep={lemma}|{view.lower[c]}")
        elif cdep == "punct" and view.text[c] in (":", ","):
            feats.append(f"punct{view.text[c]}|{'R' if c > i else 'L'}")
        elif cdep == "ccomp":
            mark = next((view.lower[g] for g in view.children[c] if dep_of[g] == "mark"), "-")
            feats.append(f"ccomp-mark={mark}")
            feats.append(f"ccomp-side={'R' if c > i else 'L'}")
            ctag = view.tag[c]
            later.append(f"ccomp-tag={ctag}")
            later.append(f"l|ccomp-tag={lemma}|{ctag}")
        if cdep in ("dobj", "dative"):
            later.append(f"l|obj={lemma}|{view.ent_type[c] or view.pos[c]}")
    prev = view.lower[i - 1] if i > 0 else "<s>"
    nxt = view.lower[i + 1] if i + 1 < view.n else "</s>"
    feats += [f"w-1={prev}", f"w+1={nxt}", f"l|w+1={lemma}|{nxt}", f"l|w-1={lemma}|{prev}",
              f"hpos={view.pos[h]}", f"l|hl={lemma}|{head_lemma}"]
    feats += later
    start = view.idx[i]
    end = start + len(view.text[i])
    near_left = quotes.ends_before(start, 40)
    near_right = quotes.starts_after(end, 6)
    inside = quotes.inside(start)
    for name, flag in (("qL", near_left), ("qR", near_right), ("qIn", inside)):
        if flag:
            feats.append(name)
            feats.append(f"l|{name}={lemma}")
    if lower == "according" and nxt == "to":
        feats.append("according-to")
    return feats


# ---------------------------------------------------------------- scoring without the strings
# `word_features` names each feature as a string ("l|w+1=say|that") and the perceptron
# looks each one up in a table of ~100,000 weights: per news article ~340 candidate words times
# ~18 features, built and hashed, each look-up a likely cache miss in the big table.  Here the
# weights are regrouped once by feature template (and, for the templates that pair the lemma with
# something, by lemma), so a word's weights are found from the parse view's own strings in small
# tables.  The score is the same float: the weights are added in the order `word_features` lists
# the features (absent ones add 0.0), then the bias, as `Perceptron.score` does.  A word whose
# lemma holds "|" (where a feature's parts cannot be told apart) is scored from its strings.

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
    """`model.score(word_features(view, i, quotes))`, to the last bit.  Written out
    feature by feature in word_features' order (a helper call per feature would cost more than
    the string it saves); `get(key, 0.0)` adds nothing for an absent feature."""
    lemma = view.lemma[i].lower()
    if "|" in lemma:
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
    for key in deps & _KEY_DEPS:  # the same set, so the same order as word_features'
        add(by_child.get(key, 0.0))
        add(own(("l|c", key), 0.0))
    if not deps & {"nsubj", "nsubjpass"}:
        add(own(("l|nosubj", ""), 0.0))
    later = []  # object and clause features, listed after the word's neighbours
    for c in children:
        cdep = dep_of[c]
        if cdep in ("nsubj", "nsubjpass"):
            clower = view.lower[c]
            kind = clower if clower in _PRONOUNS else (view.ent_type[c] or view.pos[c])
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


def cue_heads(doc, quotes: QuoteIndex, model: Perceptron, threshold: float = 0.0) -> list[tuple[int, float]]:
    """(token index, score) of each word the model takes for the head of an attribution cue."""
    found = []
    view = parse_view(doc)
    weights = cue_weights(model)
    for i in range(view.n):
        text = view.text[i]
        if text in PUNCT_CUES:
            score = model.score(_punct_features(doc[i], quotes))
        elif view.lower[i] == "according" or (view.pos[i] in _CANDIDATE_POS and view.is_alpha[i]):
            score = score_word(weights, view, i, quotes)  # is_candidate, from the view
        else:
            continue
        if score > threshold:
            found.append((i, score))
    return found


def _punct_features(tok, quotes: QuoteIndex) -> list[str]:
    """"WALLACE: If I may …", "Poll: Voters …", "… a disgrace.” ― Azucena Gonzàlez"."""
    doc = tok.doc
    prev = doc[tok.i - 1] if tok.i > 0 else None
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    mark = tok.text if tok.text == ":" else "dash"
    # the line's first word, by bisection (a walk back word by word is quadratic on long lines)
    line_start = min(tok.i, bisect_left(parse_view(doc).idx, text_of(doc).rfind("\n", 0, tok.idx) + 1))
    feats = [f"p={mark}", f"p|prev={mark}|{prev.pos_ if prev is not None else '-'}",
             f"p|prevent={mark}|{prev.ent_type_ if prev is not None else '-'}",
             f"p|next={mark}|{nxt.pos_ if nxt is not None else '-'}", f"p|dep={mark}|{tok.head.pos_}",
             f"p|lead={mark}|{min(tok.i - line_start, 6)}"]
    if prev is not None and prev.is_upper and len(prev.text) > 1:
        feats.append(f"p|caps={mark}")
    if quotes.ends_before(tok.idx, 3):
        feats.append(f"p|qL={mark}")
    if quotes.starts_after(tok.idx + len(tok.text), 3):
        feats.append(f"p|qR={mark}")
    if quotes.inside(tok.idx):
        feats.append(f"p|qIn={mark}")
    return feats


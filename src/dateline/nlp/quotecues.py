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
from .spans import tokens

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
    lemma = tok.lemma_.lower()
    lower, tag, dep = tok.lower_, tok.tag_, tok.dep_
    head = tok.head  # each attribute access builds a new Token: read the parse once
    head_lemma = head.lemma_.lower()
    children = list(tok.children)
    deps = {c.dep_ for c in children}
    feats = [f"l={lemma}", f"w={lower}", f"t={tag}", f"d={dep}", f"l|d={lemma}|{dep}",
             f"hl={head_lemma}", f"d|hd={dep}|{head.dep_}", f"suf={lemma[-3:]}",
             f"l|t={lemma}|{tag}"]
    for key in deps & _KEY_DEPS:
        feats.append(f"c={key}")
        feats.append(f"l|c={lemma}|{key}")
    if not deps & {"nsubj", "nsubjpass"}:
        feats.append(f"l|nosubj={lemma}")
    later = []  # object and clause features, listed after the word's neighbours
    for child in children:
        cdep = child.dep_
        if cdep in ("nsubj", "nsubjpass"):
            clower = child.lower_
            kind = clower if clower in _PRONOUNS else (child.ent_type_ or child.pos_)
            feats.append(f"subj={kind}")
            feats.append(f"l|subj={lemma}|{kind}")
        elif cdep == "prep":
            feats.append(f"l|prep={lemma}|{child.lower_}")
        elif cdep == "punct" and child.text in (":", ","):
            feats.append(f"punct{child.text}|{'R' if child.i > tok.i else 'L'}")
        elif cdep == "ccomp":
            mark = next((g.lower_ for g in child.children if g.dep_ == "mark"), "-")
            feats.append(f"ccomp-mark={mark}")
            feats.append(f"ccomp-side={'R' if child.i > tok.i else 'L'}")
            ctag = child.tag_
            later.append(f"ccomp-tag={ctag}")
            later.append(f"l|ccomp-tag={lemma}|{ctag}")
        if cdep in ("dobj", "dative"):
            later.append(f"l|obj={lemma}|{child.ent_type_ or child.pos_}")
    doc = tok.doc
    n = len(doc)
    prev = doc[tok.i - 1].lower_ if tok.i > 0 else "<s>"
    nxt = doc[tok.i + 1].lower_ if tok.i + 1 < n else "</s>"
    feats += [f"w-1={prev}", f"w+1={nxt}", f"l|w+1={lemma}|{nxt}", f"l|w-1={lemma}|{prev}",
              f"hpos={head.pos_}", f"l|hl={lemma}|{head_lemma}"]
    feats += later
    start, end = tok.idx, tok.idx + len(tok.text)
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


def cue_heads(doc, quotes: QuoteIndex, model: Perceptron, threshold: float = 0.0) -> list[tuple[int, float]]:
    """(token index, score) of each word the model takes for the head of an attribution cue."""
    found = []
    for tok in tokens(doc):
        if not is_candidate(tok):
            continue
        score = model.score(features(tok, quotes))
        if score > threshold:
            found.append((tok.i, score))
    return found


def _punct_features(tok, quotes: QuoteIndex) -> list[str]:
    """"WALLACE: If I may …", "Poll: Voters …", "… a disgrace.” ― Azucena Gonzàlez"."""
    doc = tok.doc
    prev = doc[tok.i - 1] if tok.i > 0 else None
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    mark = tok.text if tok.text == ":" else "dash"
    line_start = tok.i
    while line_start > 0 and "\n" not in doc[line_start - 1].text_with_ws:
        line_start -= 1
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


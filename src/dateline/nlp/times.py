"""Times stage: temporal expressions with TIMEX3 values, anchored on the publication date.

Spans come from `timespans.find` (spaCy entities refined to TimeML's edges).  Each is
normalised by `timex.normalise` with the tense of its clause ("would hold a dialogue in
mid-June", said in April -> June of the same year; "met on Monday" -> the Monday before)
and the last date mentioned before it (for "a year earlier", "the day before").
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date

from ..model import TimeExpr
from . import timespans
from ..model import Extraction
from .parseview import parse_view
from .timex import Timex, normalise
from .spans import text_of

# Auxiliaries and modals that put a clause's act ahead of the publication date.
_FUTURE_AUX = {"will", "wo", "'ll", "’ll", "shall", "would", "'d", "must", "should", "can", "may", "might"}
# Verbs whose infinitive complement is an intended (future) act: "plans to meet in June".
_FUTURE_GOVERNORS = {"plan", "expect", "schedule", "intend", "aim", "hope", "propose", "prepare", "want",
                     "agree", "promise", "threaten", "vow", "pledge", "seek", "decide"}
# Words just before a date that make it a deadline or a payment date ("payable Dec. 15", "by
# Friday"): such dates lie near the publication date either way, so they resolve to the nearest.
_DEADLINE_CUES = {"by", "until", "till", "payable", "effective", "due", "record", "deadline", "expires",
                  "expire", "scheduled"}


def run(doc, found: Extraction) -> list[TimeExpr]:
    anchor = _anchor(found.article.published)
    times: list[TimeExpr] = []
    reference: str | None = None
    text = text_of(doc)
    tokens = token_spans(doc)
    for hit in timespans.find(doc):
        start, end = hit.span
        surface = text[start:end]
        timex = normalise(surface, anchor, tense=clause_tense(tokens, start, end), reference=reference)
        if timex is None:  # found as a time but of no form the normaliser knows: keep it, value unknown
            timex = Timex(type="DATE", value=None)
        mod = timex.mod or hit.mod
        times.append(TimeExpr(id=f"T{len(times) + 1}", span=(start, end), text=surface, type=timex.type,
                              value=timex.value, mod=mod))
        if timex.type in ("DATE", "TIME") and timex.value and timex.value[:1].isdigit():
            reference = timex.value
    return times


def _anchor(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


class TokenSpans:
    """A doc's tokens, sentences and tree for character spans, read from the parse view.

    `Doc.char_span`, `Span.sent` and `Span.root` build spaCy objects on every call; these give
    the same token indices without them.
    """

    __slots__ = ("view", "_strings", "_space_or_punct", "_morph", "_chars")

    def __init__(self, doc):
        from spacy.attrs import IS_PUNCT, IS_SPACE, MORPH, SPACY

        self.view = parse_view(doc)
        self._strings = doc.vocab.strings
        arr = doc.to_array([IS_SPACE, IS_PUNCT, SPACY, MORPH])
        self._space_or_punct = (arr[:, 0] | arr[:, 1]).tolist()
        self._morph = arr[:, 3].tolist()  # hashes of the morphology strings ("Tense=Past|VerbForm=Fin")
        # characters the tokens cover, each with its trailing space
        self._chars = self.view.idx[-1] + len(self.view.text[-1]) + int(arr[-1, 2]) if len(arr) else 0

    def expand(self, start: int, end: int) -> tuple[int, int] | None:
        """Token range [first, stop) of `Doc.char_span(start, end, alignment_mode="expand")`,
        None where that is None (it may be empty, as that span may)."""
        if not (0 <= start < self._chars and 0 < end <= self._chars):
            return None
        idx, words = self.view.idx, self.view.text
        first = bisect_right(idx, start) - 1  # the token whose text or trailing space holds `start`
        stop = bisect_right(idx, end - 1)
        if start == idx[first] + len(words[first]):  # the trailing space is not the token's
            first += 1
        return first, stop

    def sent_start(self, i: int) -> int:
        """First token of the sentence of token i (`Span.sent.start`)."""
        return self.view.sentence(i)[0]

    def root(self, first: int, stop: int) -> int:
        """`Span.root` of tokens [first, stop): a sentence root within, else the word with the
        shortest path up the tree of those whose head is outside, the first of equals."""
        head = self.view.head
        for i in range(first, stop):
            if head[i] == i:
                return i
        best, root = self.view.n, -1
        for i in range(first, stop):
            if first <= head[i] < stop:
                continue
            steps = self._steps_to_root(i)
            if steps < best:
                best, root = steps, i
        return first if root == -1 else root

    def is_past(self, i: int) -> bool:
        """Is "Past" among token i's Tense values (`"Past" in token.morph.get("Tense")`)?"""
        for feature in self._strings[self._morph[i]].split("|"):
            field, _, values = feature.partition("=")
            if field == "Tense":
                return "Past" in values.split(",")
        return False

    def _steps_to_root(self, i: int) -> int:
        view = self.view
        if self._space_or_punct[i] and not view.children[i]:
            return view.n - 1  # spaCy's choice: a bare space or punctuation is never the root if words are
        steps = 0
        while view.head[i] != i:
            i = view.head[i]
            steps += 1
        return steps


def token_spans(doc) -> TokenSpans:
    """The doc's TokenSpans, built once (the events stage dates events with it too)."""
    found = doc.user_data.get("dateline_token_spans")
    if found is None:
        found = doc.user_data["dateline_token_spans"] = TokenSpans(doc)
    return found


def clause_tense(tokens: TokenSpans, start: int, end: int) -> str | None:
    """"past", "present" or "future" of the clause a character span stands in, or None."""
    span = tokens.expand(start, end)
    if span is None or span[0] >= span[1]:
        return None
    first, stop = span
    view = tokens.view
    before = set(view.lower[max(first - 3, tokens.sent_start(first)):first])
    token = tokens.root(first, stop)
    pos, head = view.pos, view.head
    while pos[token] not in ("VERB", "AUX") and head[token] != token:
        token = head[token]
    if pos[token] not in ("VERB", "AUX"):
        return "present" if before & _DEADLINE_CUES else None
    tense = verb_tense(tokens, token)
    return "present" if tense == "past" and before & _DEADLINE_CUES else tense


def verb_tense(tokens: TokenSpans, token: int) -> str:
    """Tense of a verb from its auxiliaries and morphology, and from a governing verb of intent."""
    view = tokens.view
    dep, head, lower, children = view.dep, view.head, view.lower, view.children
    # the verb itself, and its governor when it is a complement ("plans to meet", "said it would")
    chain = [token, head[token]] if dep[token] in ("xcomp", "ccomp") and head[token] != token else [token]
    for verb in chain:
        auxes = [c for c in children[verb] if dep[c] in ("aux", "auxpass")]
        if any(lower[a] in _FUTURE_AUX for a in auxes):
            return "future"
        if verb != token and view.lemma[verb] in _FUTURE_GOVERNORS and dep[token] == "xcomp":
            return "future"
        if any(lower[a] == "going" for a in auxes) or lower[verb] == "going" and dep[token] == "xcomp":
            return "future"
    auxes = [c for c in children[token] if dep[c] in ("aux", "auxpass")]
    words = auxes if view.tag[token] == "VBN" and auxes else [token, *auxes]  # a participle takes its auxiliary's tense
    if any(tokens.is_past(w) for w in words):
        return "past"
    return "present"

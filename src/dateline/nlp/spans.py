"""Small helpers over spaCy spans shared by the stages."""

from __future__ import annotations

from bisect import bisect_left

from ..model import Span
from .parseview import parse_view

_LEADING = ("the ", "The ")
_POSSESSIVE = ("'s", "’s", "'", "’")


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Character offsets of a name without a leading "the", a possessive or outer punctuation."""
    surface = text[start:end]
    for lead in _LEADING:
        if surface.startswith(lead) and len(surface) > len(lead):
            start += len(lead)
            break
    surface = text[start:end]
    for pos in _POSSESSIVE:
        if surface.endswith(pos) and len(surface) > len(pos) + 1:
            end -= len(pos)
            break
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in ".)"):
        end -= 1
    return start, end


def name_key(name: str) -> str:
    """A name folded for grouping mentions: case, dots and spacing ignored."""
    return " ".join(name.replace(".", "").casefold().split())


def covered(span: Span, taken) -> bool:
    """Does `span` share a character with any span of `taken` (a list or a SpanSet)?"""
    if isinstance(taken, SpanSet):
        return taken.covers(span)
    start, end = span
    for s, e in taken:  # a plain loop: any() over a generator costs twice as much here
        if s < end and start < e:
            return True
    return False


class SpanSet:
    """Spans for "does any of them share a character with this one?" by bisection: the
    stages ask it of every name, chunk, trigger and quotation, and a scan of every span taken
    so far made each ask grow with the article (a hostile one holds thousands of quotations)."""

    __slots__ = ("_spans", "_starts", "_longest")

    def __init__(self, spans=()):
        self._spans: list[Span] = sorted(spans)
        self._starts = [s for s, _ in self._spans]
        self._longest = max((e - s for s, e in self._spans), default=0)

    def add(self, span: Span) -> None:
        i = bisect_left(self._spans, span)
        self._spans.insert(i, span)
        self._starts.insert(i, span[0])
        self._longest = max(self._longest, span[1] - span[0])

    def covers(self, span: Span) -> bool:
        start, end = span
        spans = self._spans
        for k in range(bisect_left(self._starts, start - self._longest), bisect_left(self._starts, end)):
            if spans[k][1] > start:
                return True
        return False

    def overlapping(self, start: int, end: int) -> list[Span]:
        """The spans that share a character with [start, end), in order."""
        spans = self._spans
        lo, hi = bisect_left(self._starts, start - self._longest), bisect_left(self._starts, end)
        return [(s, e) for s, e in spans[lo:hi] if e > start]

    def __iter__(self):
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)


def text_of(doc) -> str:
    """The document's text, joined once: `Doc.text` rebuilds the string from every token on
    each access, which costs more than some whole stages on a long article."""
    text = doc.user_data.get("dateline_text")
    if text is None:
        text = doc.user_data["dateline_text"] = doc.text
    return text


_NP_DEPS = frozenset({"oprd", "nsubj", "dobj", "nsubjpass", "pcomp", "pobj", "dative", "appos", "attr", "ROOT"})
_NP_POS = frozenset({"NOUN", "PROPN", "PRON"})


def noun_chunks(doc) -> list:
    """The doc's noun chunks, found once.  The same base noun phrases as spaCy's English
    `Doc.noun_chunks` (spacy/lang/en/syntax_iterators.py), read from the parse view: spaCy's
    iterator builds a Token object for every word and its left edge, several times a stage."""
    chunks = doc.user_data.get("dateline_noun_chunks")
    if chunks is None:
        from spacy.tokens import Span as SpacySpan

        view = parse_view(doc)
        pos, dep, head, left = view.pos, view.dep, view.head, view.left_edge
        found = []
        prev_end = -1
        for i in range(view.n):
            if pos[i] not in _NP_POS or left[i] <= prev_end:
                continue  # not a noun, or nested in the chunk before
            if dep[i] == "conj":
                h = head[i]
                while dep[h] == "conj" and head[h] < h:
                    h = head[h]
                if dep[h] not in _NP_DEPS:
                    continue
            elif dep[i] not in _NP_DEPS:
                continue
            prev_end = i
            found.append(SpacySpan(doc, left[i], i + 1, label="NP"))
        chunks = doc.user_data["dateline_noun_chunks"] = found
    return chunks


def ents(doc) -> tuple:
    """The doc's entity spans, built once: `Doc.ents` makes a new Span per entity on each access."""
    found = doc.user_data.get("dateline_ents")
    if found is None:
        found = doc.user_data["dateline_ents"] = doc.ents
    return found


def word_occurrences(text: str, word: str) -> list[Span]:
    r"""Where `word` occurs in `text` as a whole word: what `re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)",
    text)` finds, without compiling a pattern per word (re's cache holds 512, a long article names more)."""
    found: list[Span] = []
    size, n = len(word), len(text)
    if not size:
        return found
    at = text.find(word)
    while at >= 0:
        end = at + size
        if (at == 0 or not _is_word_char(text[at - 1])) and (end == n or not _is_word_char(text[end])):
            found.append((at, end))
            at = text.find(word, end)
        else:
            at = text.find(word, at + 1)
    return found


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # re's \w on str patterns

"""Quotations by their marks: “…”, "…", ‘…’, «…», „…“ — across sentences and paragraphs.

Pure text work, no spaCy: `quotations(text)` returns the spans of quoted passages, marks
included, in text order.  News conventions it follows:

- A quote that runs on into the next paragraph leaves its paragraph unclosed and opens the
  next one with a fresh mark; the passage is one quotation that spans both paragraphs.
  An unclosed quote whose next paragraph does not open with a mark ends with its paragraph.
- Straight double quotes open after a space, a bracket or the start of a line and close
  before a space or punctuation.
- Single quotes are quotation marks only at word edges (’ is the apostrophe of "don’t"),
  and are read inside or outside double quotes alike; a single-quoted passage inside a
  double-quoted one is not reported on its own.
"""

from __future__ import annotations

import re

from ..model import Span

_OPEN = {"“": "”", "«": "»", "„": "“", "‘": "’", "‹": "›"}
_CLOSE_ONLY = {"”", "»", "’", "›"}
_SINGLE = {"‘", "’", "'"}
_OPENERS_BEFORE = set(" \t\n([{—–-/:") | {"\u00a0"}
# Every character _scan acts on (a ` only as half of ``).
_MARK = re.compile("[\"'`‘’“”«»„‹›]")


def quotations(text: str) -> list[Span]:
    """Spans of the double-quoted passages (and single-quoted ones standing alone)."""
    found: list[Span] = []
    paragraphs = _paragraphs(text)
    carry: int | None = None  # start of a quotation continued from the previous paragraph
    carry_end = 0  # end of the paragraph it was left open in
    for p_start, p_end in paragraphs:
        spans, open_at = _scan(text, p_start, p_end)
        if carry is not None:
            first = _first_nonspace(text, p_start, p_end)
            if first is not None and spans and spans[0][0] == first:
                spans[0] = (carry, spans[0][1])
            elif open_at is not None and open_at == first:
                open_at = carry  # the run-on quote opens this paragraph too and still goes on
            else:
                found.append((carry, _rstrip(text, carry_end)))
        carry = None
        found.extend(spans)
        if open_at is not None:
            carry, carry_end = open_at, p_end
    if carry is not None:
        found.append((carry, _rstrip(text, len(text))))
    return _outermost(found)


def _scan(text: str, start: int, end: int) -> tuple[list[Span], int | None]:
    """Closed quotations of one paragraph, and where an unclosed one opens (or None)."""
    spans: list[Span] = []
    stack: list[tuple[str, int]] = []  # (closing mark wanted, offset of the opening mark)
    i = start
    while i < end:
        mark = _MARK.search(text, i, end)  # every other character leaves the state as it is
        if mark is None:
            break
        i = mark.start()
        ch = text[i]
        if text.startswith("''", i) or text.startswith("``", i):  # typewriter doubles of older wire copy
            if stack and stack[-1][0] == "''" and ch == "'" and _closes(text, i + 1, end):
                _, at = stack.pop()
                spans.append((at, i + 2))
            elif (i == start or text[i - 1] in _OPENERS_BEFORE) and i + 2 < end and not text[i + 2].isspace():
                stack.append(("''", i))
            i += 2
            continue
        if ch == '"':
            if stack and stack[-1][0] == '"' and _closes(text, i, end):
                _, at = stack.pop()
                spans.append((at, i + 1))
            elif _opens(text, i, start, end):
                stack.append(('"', i))
        elif ch in _SINGLE:
            if stack and stack[-1][0] in ("’", "'") and _closes(text, i, end) and _single_close(text, i, end):
                _, at = stack.pop()
                spans.append((at, i + 1))
            elif ch in ("‘", "'") and _opens(text, i, start, end):
                stack.append(("’" if ch == "‘" else "'", i))
        elif ch in _OPEN and _opens(text, i, start, end):
            stack.append((_OPEN[ch], i))
        elif ch in _CLOSE_ONLY or ch == "“":
            # a closing mark closes the nearest matching opener; unmatched inner openers drop
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    at = stack[depth][1]
                    del stack[depth:]
                    spans.append((at, i + 1))
                    break
        i += 1
    doubles = [at for mark, at in stack if mark not in ("’", "'")]  # '' counts as a double mark
    return spans, (doubles[0] if doubles else None)


def _opens(text: str, i: int, start: int, end: int) -> bool:
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    spaced = text[i] in "«‹"  # French style puts a space inside the guillemets
    return (before in _OPENERS_BEFORE or before in _OPEN or before == '"') and (spaced or not after.isspace())


def _closes(text: str, i: int, end: int) -> bool:
    after = text[i + 1] if i + 1 < end else " "
    return not after.isalnum()


def _single_close(text: str, i: int, end: int) -> bool:
    """’ closes a quote unless it is a possessive ("the voters’ heads" keeps going)."""
    rest = text[i + 1:i + 3]
    return not (text[i - 1:i] == "s" and rest[:1] == " " and rest[1:2].islower())


def _outermost(spans: list[Span]) -> list[Span]:
    spans = sorted(set(spans), key=lambda s: (s[0], -s[1]))
    kept: list[Span] = []
    for span in spans:
        if kept and span[0] < kept[-1][1]:
            continue  # nested ‘…’ inside “…”, or a mark read twice
        if span[1] - span[0] > 2:
            kept.append(span)
    return kept


def _paragraphs(text: str) -> list[Span]:
    spans, start = [], 0
    while start < len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        if text[start:end].strip():
            spans.append((start, end))
        start = end + 1
    return spans


def _first_nonspace(text: str, start: int, end: int) -> int | None:
    for i in range(start, end):
        if not text[i].isspace():
            return i
    return None


def _rstrip(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end

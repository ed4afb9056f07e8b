"""When an event happened: the date of its own clause, not the story's.

    when = EventDater(doc, times, published).date_of(trigger_token)
    when.value, when.precision, when.source   # "2020-01", "month", "text"

The order of evidence (issue 3): a time expression attached to the trigger's clause
through the dependency tree; else one governing it in the same sentence; else one carried
from an earlier sentence of the same paragraph (`context`); else the publication date
(`published`).  "The move came after X" gives X only an upper bound: `bound` says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import TimeExpr
from .spans import text_of
from .times import token_spans
from .timex import precision

# Values that place an event on the calendar (not durations, sets or PAST_REF).
_CALENDAR = ("DATE", "TIME")
# Words whose object happened before (or after) the clause's own time.
_BEFORE_WORDS = {"after", "following", "since"}
_AFTER_WORDS = {"before", "ahead", "prior"}
_CLAUSE_DEPS = {"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis", "csubj"}


@dataclass(frozen=True, slots=True)
class EventDate:
    value: str | None
    precision: str | None  # day, week, month, quarter, year, decade ...
    source: str  # "text", "context" or "published"
    time: str | None = None  # TimeExpr.id the date came from
    bound: str | None = None  # "before": the event happened on or before `value` (an upper bound)


class EventDater:
    def __init__(self, doc, times: list[TimeExpr], published: str | None):
        self.doc = doc
        self.text = text_of(doc)  # Doc.text joins every token: read it once
        self.published = published
        # Token indices from the parse view throughout: Token.head, .sent and .pos_ build objects
        self._tokens = token_spans(doc)
        self._view = view = self._tokens.view
        # calendar times, each with the first character of its tokens
        self._times: list[tuple[TimeExpr, int]] = []
        # For each time: its sentence and the tokens its path up the tree visits before it
        # leaves its clause; a trigger on that path owns the time.  Computed once, as every
        # trigger of the article asks.
        self._paths: list[tuple[int, frozenset[int]]] = []
        for t in times:
            if t.type in _CALENDAR and t.value and t.value[:1].isdigit():
                span = self._tokens.expand(t.span[0], t.span[1])
                if span is not None:
                    first, stop = span
                    self._times.append((t, view.idx[first]))
                    self._paths.append((self._tokens.sent_start(first), _path_up(view, self._tokens.root(first, stop))))
        # the times (by position in _times) whose path visits each token, in order
        self._owners: dict[int, list[int]] = {}
        for k, (_, path) in enumerate(self._paths):
            for i in path:
                self._owners.setdefault(i, []).append(k)

    def date_of(self, trigger) -> EventDate:
        """The date of the event whose trigger (verb or event noun) is `trigger`."""
        return self._date_at(trigger.i)

    def _date_at(self, i: int) -> EventDate:
        if self._after_another(i):
            # "came after the assassination": the assassination is dated no later than the coming
            later = self._date_at(self._clause_head(self._view.head[i]))
            return EventDate(later.value, later.precision, later.source, later.time, "before")
        bound = None
        own = self._attached(i)
        if own is not None:
            return self._record(own, "text", bound)
        governing = self._governing(i)
        if governing is not None:
            return self._record(governing, "text", bound)
        carried = self._carried(i)
        if carried is not None:
            return self._record(carried, "context", bound)
        return EventDate(self.published, "day" if self.published else None, "published", None, bound)

    def spoken_on(self, cue) -> EventDate:
        """When something was said: a time on the speech verb's own clause ("said on Friday",
        "in an interview published on Saturday"), else the publication date — reported speech
        does not take the time of the sentence before."""
        own = self._attached(cue.i)
        if own is None:
            own = next((self._attached(c.i) for c in cue.subtree if c.dep_ in ("acl", "relcl")
                        and c.head.dep_ == "pobj" and self._attached(c.i) is not None), None)
        if own is not None:
            return self._record(own, "text", None)
        return EventDate(self.published, "day" if self.published else None, "published", None, None)

    @staticmethod
    def _record(t: TimeExpr, source: str, bound: str | None) -> EventDate:
        return EventDate(t.value, precision(t.value), source, t.id, bound)

    def _clause_head(self, i: int) -> int:
        """The verb heading the clause a token belongs to (the token itself for a verb)."""
        pos, head = self._view.pos, self._view.head
        steps = 0
        while pos[i] not in ("VERB", "AUX") and head[i] != i and steps < 10:
            i = head[i]
            steps += 1
        return i

    def _attached(self, i: int) -> TimeExpr | None:
        """A time whose path up the tree reaches token i before leaving its clause."""
        best = None
        sent_start = None
        for k in self._owners.get(i, ()):
            if sent_start is None:
                sent_start = self._tokens.sent_start(i)
            if self._paths[k][0] == sent_start:
                best = self._times[k][0]
                break
        if best is None and self._view.pos[i] not in ("VERB", "AUX"):
            # an event noun ("the assassination ... on Friday") takes its clause verb's time
            head = self._clause_head(i)
            if head != i:
                return self._attached(head) if self._view.pos[head] in ("VERB", "AUX") else None
        return best

    def _governing(self, i: int) -> TimeExpr | None:
        """A time attached to a verb that governs token i's clause, in the same sentence."""
        pos, head = self._view.pos, self._view.head
        for _ in range(12):
            if head[i] == i:
                return None
            i = head[i]
            if pos[i] in ("VERB", "AUX"):
                found = self._attached(i)
                if found is not None:
                    return found
        return None

    def _carried(self, i: int) -> TimeExpr | None:
        """The last calendar time earlier in the episode: the same paragraph, or the paragraph
        before when token i's sentence opens its paragraph ("The move came after ...")."""
        text = self.text
        sent_start = self._view.idx[self._tokens.sent_start(i)]
        paragraph_start = text.rfind("\n\n", 0, sent_start)
        if not text[max(0, paragraph_start):sent_start].strip():
            paragraph_start = text.rfind("\n\n", 0, max(0, paragraph_start))
        best = None
        for t, start in self._times:
            if paragraph_start <= start < sent_start:
                best = t
        return best

    def _after_another(self, i: int) -> bool:
        """"The move came after the assassination": the assassination's date is only bounded."""
        view = self._view
        return view.dep[i] == "pobj" and view.lower[view.head[i]] in _BEFORE_WORDS


def _path_up(view, root: int) -> frozenset[int]:
    """Token indices from `root` up the tree, stopping at a clause boundary or after 12 steps."""
    seen = []
    i = root
    for _ in range(12):
        seen.append(i)
        if view.dep[i] in _CLAUSE_DEPS and i != root or view.head[i] == i:
            break
        i = view.head[i]
    return frozenset(seen)

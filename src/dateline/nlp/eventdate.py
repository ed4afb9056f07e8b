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
from .timex import precision
from .spans import text_of

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
        # calendar times, each with the token its span hangs from
        self._times = []
        for t in times:
            if t.type in _CALENDAR and t.value and t.value[:1].isdigit():
                span = doc.char_span(t.span[0], t.span[1], alignment_mode="expand")
                if span is not None:
                    self._times.append((t, span))
        # For each time: its sentence and the tokens its path up the tree visits before it
        # leaves its clause; a trigger on that path owns the time.  Computed once, as every
        # trigger of the article asks.
        self._paths = [(span.sent.start, _path_up(span.root)) for _, span in self._times]

    def date_of(self, trigger) -> EventDate:
        """The date of the event whose trigger (verb or event noun) is `trigger`."""
        if self._after_another(trigger):
            # "came after the assassination": the assassination is dated no later than the coming
            later = self.date_of(self._clause_head(trigger.head))
            return EventDate(later.value, later.precision, later.source, later.time, "before")
        bound = None
        own = self._attached(trigger)
        if own is not None:
            return self._record(own, "text", bound)
        governing = self._governing(trigger)
        if governing is not None:
            return self._record(governing, "text", bound)
        carried = self._carried(trigger)
        if carried is not None:
            return self._record(carried, "context", bound)
        return EventDate(self.published, "day" if self.published else None, "published", None, bound)

    def spoken_on(self, cue) -> EventDate:
        """When something was said: a time on the speech verb's own clause ("said on Friday",
        "in an interview published on Saturday"), else the publication date — reported speech
        does not take the time of the sentence before."""
        own = self._attached(cue)
        if own is None:
            own = next((self._attached(c) for c in cue.subtree if c.dep_ in ("acl", "relcl")
                        and c.head.dep_ == "pobj" and self._attached(c) is not None), None)
        if own is not None:
            return self._record(own, "text", None)
        return EventDate(self.published, "day" if self.published else None, "published", None, None)

    @staticmethod
    def _record(t: TimeExpr, source: str, bound: str | None) -> EventDate:
        return EventDate(t.value, precision(t.value), source, t.id, bound)

    def _clause_head(self, token):
        """The verb heading the clause a token belongs to (the token itself for a verb)."""
        steps = 0
        while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i and steps < 10:
            token = token.head
            steps += 1
        return token

    def _attached(self, trigger) -> TimeExpr | None:
        """A time whose path up the tree reaches the trigger before leaving the trigger's clause."""
        best = None
        sent_start = None
        for (t, _), (start, path) in zip(self._times, self._paths):
            if trigger.i in path:
                if sent_start is None:
                    sent_start = trigger.sent.start
                if start == sent_start:
                    best = t
                    break
        if best is None and trigger.pos_ not in ("VERB", "AUX"):
            # an event noun ("the assassination ... on Friday") takes its clause verb's time
            head = self._clause_head(trigger)
            if head.i != trigger.i:
                return self._attached(head) if head.pos_ in ("VERB", "AUX") else None
        return best

    def _governing(self, trigger) -> TimeExpr | None:
        """A time attached to a verb that governs the trigger's clause, in the same sentence."""
        token = trigger
        for _ in range(12):
            if token.head.i == token.i:
                return None
            token = token.head
            if token.pos_ in ("VERB", "AUX"):
                found = self._attached(token)
                if found is not None:
                    return found
        return None

    def _carried(self, trigger) -> TimeExpr | None:
        """The last calendar time earlier in the episode: the same paragraph, or the paragraph
        before when the trigger's sentence opens its paragraph ("The move came after ...")."""
        text = self.text
        sent = trigger.sent
        paragraph_start = text.rfind("\n\n", 0, sent.start_char)
        if not text[max(0, paragraph_start):sent.start_char].strip():
            paragraph_start = text.rfind("\n\n", 0, max(0, paragraph_start))
        best = None
        for t, span in self._times:
            if paragraph_start <= span.start_char < sent.start_char:
                best = t
        return best

    @staticmethod
    def _after_another(trigger) -> bool:
        """"The move came after the assassination": the assassination's date is only bounded."""
        head = trigger.head
        return trigger.dep_ == "pobj" and head.lower_ in _BEFORE_WORDS


def _path_up(root) -> frozenset[int]:
    """Token indices from `root` up the tree, stopping at a clause boundary or after 12 steps."""
    seen = []
    token = root
    for _ in range(12):
        seen.append(token.i)
        if token.dep_ in _CLAUSE_DEPS and token.i != root.i or token.head.i == token.i:
            break
        token = token.head
    return frozenset(seen)

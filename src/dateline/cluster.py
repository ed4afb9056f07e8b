"""Reports are not events: event reports that describe the same event join one cluster.

Two reports are the same event when
- their actors agree: the same source and target codes, or codes of the same country where one
  names no role ("USA" and "USAGOV"); an unknown side never matches (nothing to compare);
- their CAMEO codes are compatible: the same root, and one code is the other or its parent
  ("19" / "190" / "193" — but 193 and 194 are different acts);
- their modes agree: asserted and claimed reports ("officials said the army attacked") report
  what happened; future, hypothetical and negated ones only join their own kind (an
  announced meeting is not the meeting);
- their dates are compatible within their precision: the intervals the TIMEX3 values stand
  for overlap ("2020-04" and "2020-04-18" do; an upper bound "before 2020-01" overlaps
  everything earlier).  An undated report only joins reports published the same day.

This is not a one-a-day filter: the same dyad and code on the same day with incompatible
details (different targets, a meeting and its cancellation) stay apart, and one event
reported over a week joins up as long as the reports' dates say it is one.

Pure: `Report`, `Cluster`, `same_event`, and `assign` (greedy, in the order given) are used by
the events stage inside an article and by the store across articles.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .nlp.timex import interval

_EARLIEST = date(1, 1, 1)


@dataclass(frozen=True, slots=True)
class Report:
    """What clustering reads of one event: its dyad's codes, code, mode and date interval."""

    source: str | None
    target: str | None
    cameo: str
    mode: str
    start: date | None
    end: date | None

    @classmethod
    def of(cls, source: str | None, target: str | None, cameo: str, mode: str, value: str | None,
           bound: str | None = None, published: str | None = None) -> Report:
        span = interval(value) if value else None
        if span is None and published:
            span = interval(published[:10])
        start, end = span if span else (None, None)
        if bound == "before" and end is not None:
            start = _EARLIEST  # "came after X": X happened on or before that date
        return cls(source or None, target or None, cameo, mode, start, end)

    @property
    def clusterable(self) -> bool:
        return bool(self.source and self.target and self.start)


@dataclass(slots=True)
class Cluster:
    id: str
    source: str
    target: str
    cameo: str
    mode: str
    start: date
    end: date
    reports: int = 1
    members: list[int] = field(default_factory=list)

    def add(self, report: Report) -> None:
        """Take a report in: the more specific code, actor codes and the narrower dates win."""
        if _specificity(report.cameo) > _specificity(self.cameo):
            self.cameo = report.cameo
        if report.source and len(report.source) > len(self.source):
            self.source = report.source
        if report.target and len(report.target) > len(self.target):
            self.target = report.target
        if report.start and report.end and max(self.start, report.start) <= min(self.end, report.end):
            self.start, self.end = max(self.start, report.start), min(self.end, report.end)
        self.reports += 1


def _specificity(code: str) -> int:
    return len(code) - (len(code) == 3 and code.endswith("0"))  # 190 says no more than 19


def _mode_group(mode: str) -> str:
    return "happened" if mode in ("asserted", "claimed") else mode


def actors_agree(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) == 3 and long_.startswith(short)  # "USA" and "USAGOV"


def codes_agree(a: str, b: str) -> bool:
    if a[:2] != b[:2]:
        return False
    short, long_ = sorted((a.rstrip("0") if len(a) == 3 else a, b.rstrip("0") if len(b) == 3 else b), key=len)
    return long_.startswith(short)  # 19 / 190 / 193 agree; 193 and 194 do not


def same_event(report: Report, cluster: Cluster) -> bool:
    return (report.clusterable and _mode_group(report.mode) == _mode_group(cluster.mode)
            and codes_agree(report.cameo, cluster.cameo)
            and actors_agree(report.source, cluster.source) and actors_agree(report.target, cluster.target)
            and report.start <= cluster.end and cluster.start <= report.end)


def assign(reports: Iterable[Report], clusters: list[Cluster], new_id) -> list[Cluster | None]:
    """The cluster each report joins (an existing one, or a new one named by `new_id(n)`, n the
    index of the report that founds it), None for a report with an unknown side or no date.
    `clusters` grows with the new ones."""
    by_dyad: dict[tuple[str, str], list[Cluster]] = defaultdict(list)
    for cluster in clusters:
        by_dyad[cluster.source[:3], cluster.target[:3]].append(cluster)
    out: list[Cluster | None] = []
    for n, report in enumerate(reports):
        if not report.clusterable:
            out.append(None)
            continue
        candidates = [c for c in by_dyad[report.source[:3], report.target[:3]] if same_event(report, c)]
        if candidates:
            best = max(candidates, key=lambda c: (c.reports, -(c.end - c.start).days))
            best.add(report)
        else:
            best = Cluster(id=new_id(n), source=report.source, target=report.target,
                           cameo=report.cameo, mode=report.mode, start=report.start, end=report.end)
            clusters.append(best)
            by_dyad[report.source[:3], report.target[:3]].append(best)
        best.members.append(n)
        out.append(best)
    return out

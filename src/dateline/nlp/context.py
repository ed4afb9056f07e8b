"""What the stages have found so far in one article; each stage reads it and returns its own records."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Actor, Article, Dateline, Event, Forecast, Place, Problem, Quote, TimeExpr


@dataclass(slots=True)
class Found:
    article: Article
    dateline: Dateline | None = None
    times: list[TimeExpr] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    forecasts: list[Forecast] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

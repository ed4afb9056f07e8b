"""Typed records passed between stages and processes.

Every stage adds records of these types; none edits another stage's records.
They are plain dataclasses (picklable, no spaCy objects) so that worker
processes can return them.  `Extraction.to_dict()` gives the extraction
contract of DESIGN.md; `Extraction.from_dict()` reads it back.
"""

from __future__ import annotations

import copy
import functools
import hashlib
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

Span = tuple[int, int]

CONTRACT_VERSION = 1


def content_hash(text: str) -> str:
    """The store's identity of an article's text (sha256, hex)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def hash_id(text: str) -> str:
    """The article id used when the input gives none."""
    return "h" + content_hash(text)[:20]


@dataclass(slots=True)
class Article:
    id: str
    text: str
    published: str | None = None  # YYYY-MM-DD
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    source: str | None = None  # where it was read: path, line or record number

    @property
    def hash(self) -> str:
        return content_hash(self.text)


@dataclass(slots=True)
class Dateline:
    text: str
    span: Span
    place: str | None = None  # Place.id


@dataclass(slots=True)
class Mention:
    span: Span
    text: str
    type: str = "name"  # name, pronoun, nominal, demonym


@dataclass(slots=True)
class Actor:
    id: str
    name: str
    kind: str  # person, organization, group, state
    country: str | None = None
    roles: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    former: bool = False
    code: str | None = None
    code_from: str | None = None  # "text", "context" (country = the story's), or at ingest "registry", "dictionary", "override"
    mentions: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class PlaceMention:
    span: Span
    text: str
    metonymic: bool = False


@dataclass(slots=True)
class Place:
    id: str
    name: str
    geonameid: int | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature: str | None = None
    mentions: list[PlaceMention] = field(default_factory=list)


@dataclass(slots=True)
class TimeExpr:
    id: str
    span: Span
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str | None = None
    mod: str | None = None


@dataclass(slots=True)
class Quote:
    id: str
    speaker: str | None
    speaker_span: Span | None
    cue: str | None
    cue_span: Span | None
    content_span: Span
    kind: str  # direct, indirect, mixed
    medium: str | None = None  # "interview with Tasnim", "statement", "Twitter"
    audience: str | None = None  # "reporters" of "told reporters"


@dataclass(slots=True)
class Event:
    id: str
    source: str | None
    target: str | None
    cameo: str
    plover: str | None
    plover_mode: str | None
    quad_class: int | None
    goldstein: float | None
    date: str | None
    date_precision: str | None
    date_from: str | None
    place: str | None
    mode: str
    quote: str | None
    trigger_span: Span
    sentence_span: Span
    date_bound: str | None = None  # "before": happened on or before `date` ("came after X")
    cluster: str | None = None  # "K1": the events of this article that report the same event


@dataclass(slots=True)
class Outcome:
    cameo: str | None
    source: str | None
    target: str | None
    happens: bool


@dataclass(slots=True)
class Forecast:
    id: str
    forecaster: str | None
    quote: str | None
    claim_span: Span
    outcome: Outcome
    condition_span: Span | None
    made_on: str | None
    by: str | None
    confidence: float | None = None  # the probability the wording gives the outcome


@dataclass(slots=True)
class Problem:
    """A non-fatal problem met while extracting one article (the contract's `errors`)."""

    code: str
    message: str
    stage: str | None = None


@dataclass(slots=True)
class Failure:
    """An input that could not be turned into an extraction: an `errors` row."""

    source: str
    code: str
    reason: str
    article_id: str | None = None


@dataclass(slots=True)
class Extraction:
    article: Article
    dateline: Dateline | None = None
    actors: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    forecasts: list[Forecast] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The extraction contract: every key present, unknowns as null."""
        a = self.article
        return {
            "article": {
                "id": a.id,
                "published": a.published,
                "title": a.title,
                "url": a.url,
                "outlet": a.outlet,
                "dateline": _plain(self.dateline),
            },
            "text": a.text,
            "actors": [_plain(x) for x in self.actors],
            "places": [_plain(x) for x in self.places],
            "times": [_plain(x) for x in self.times],
            "quotes": [_plain(x) for x in self.quotes],
            "events": [_plain(x) for x in self.events],
            "forecasts": [_plain(x) for x in self.forecasts],
            "errors": [_plain(x) for x in self.errors],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, source: str | None = None) -> Extraction:
        art = data["article"]
        article = Article(id=art["id"], text=data["text"], published=art.get("published"),
                          title=art.get("title"), url=art.get("url"), outlet=art.get("outlet"),
                          source=source)
        dl = art.get("dateline")
        return cls(
            article=article,
            dateline=Dateline(dl["text"], _span(dl["span"]), dl.get("place")) if dl else None,
            actors=[_record(Actor, a, mentions=[_record(Mention, m) for m in a.get("mentions", [])])
                    for a in data.get("actors", [])],
            places=[_record(Place, p, mentions=[_record(PlaceMention, m) for m in p.get("mentions", [])])
                    for p in data.get("places", [])],
            times=[_record(TimeExpr, t) for t in data.get("times", [])],
            quotes=[_record(Quote, q) for q in data.get("quotes", [])],
            events=[_record(Event, e) for e in data.get("events", [])],
            forecasts=[_record(Forecast, f, outcome=_record(Outcome, f["outcome"]))
                       for f in data.get("forecasts", [])],
            errors=[_record(Problem, e) for e in data.get("errors", [])],
        )


def _plain(record: Any) -> Any:
    """A record as JSON-ready data (tuples become lists when dumped): what `dataclasses.asdict`
    gives, without its deep copy of every value (records hold strings, numbers, spans and lists
    of them; the copy was most of an article's JSON on the API)."""
    if record is None:
        return None
    return {name: _value(getattr(record, name)) for name in _field_names(type(record))}


def _value(value: Any) -> Any:
    if isinstance(value, (str, int, float)) or value is None:
        return value
    if isinstance(value, list):
        return [_value(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_value(v) for v in value)
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    if is_dataclass(value):
        return _plain(value)
    return copy.deepcopy(value)


@functools.lru_cache(maxsize=None)
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _span(value: Any) -> Span | None:
    return None if value is None else (int(value[0]), int(value[1]))


def _record(cls: type, data: dict[str, Any], **nested: Any) -> Any:
    """Build a record from contract data; spans become tuples, unknown keys are ignored."""
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        if f.name in nested:
            kwargs[f.name] = nested[f.name]
        elif f.name in data:
            value = data[f.name]
            if f.name == "span" or f.name.endswith("_span"):
                value = _span(value)
            kwargs[f.name] = value
    return cls(**kwargs)

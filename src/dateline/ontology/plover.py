"""The PLOVER v2.0 ontology: 16 event types, their modes, sector and special country codes.

    from dateline.ontology.plover import plover_types, modes, sectors
    [t.event for t in plover_types()]   # ['AGREE', 'CONSULT', ..., 'ASSAULT']
    modes("COERCE")                     # ['seize', 'restrict', ..., 'cyber']
    sectors()["MIL"]                    # 'state military: armed forces, soldiers'

Data: ``data/plover.tsv`` (package data; its header documents the choices).
Nothing is read at import; the table is loaded once on first use.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from dateline.ontology.cameo import _rows

QUAD_CATEGORIES = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")


@dataclass(frozen=True)
class PloverType:
    event: str  # "ASSAULT"
    quad_category: str  # one of QUAD_CATEGORIES
    requires_recipient: bool
    definition: str
    modes: tuple[str, ...]  # empty for AGREE, SUPPORT, CONCEDE, COOPERATE, AID

    @property
    def quad_class(self) -> int:
        """1 verbal cooperation .. 4 material conflict (same numbering as CAMEO QuadClass)."""
        return QUAD_CATEGORIES.index(self.quad_category) + 1


@dataclass(frozen=True)
class _Table:
    types: dict[str, PloverType]
    mode_defs: dict[tuple[str, str], str]
    sectors: dict[str, str]
    sector_frequent: frozenset[str]
    countries: dict[str, str]


@functools.lru_cache(maxsize=1)
def _table() -> _Table:
    events: dict[str, dict] = {}
    mode_defs: dict[tuple[str, str], str] = {}
    sectors: dict[str, str] = {}
    frequent: set[str] = set()
    countries: dict[str, str] = {}
    for r in _rows("plover.tsv"):
        kind, code = r["kind"], r["code"]
        if kind == "event":
            events[code] = {
                "quad": r["quad_category"],
                "recip": r["requires_recipient"] == "yes",
                "definition": r["definition"],
                "modes": [],
            }
        elif kind == "mode":
            events[code]["modes"].append(r["mode"])
            mode_defs[(code, r["mode"])] = r["definition"]
        elif kind == "sector":
            sectors[code] = r["definition"]
            if r["quad_category"] == "frequent":
                frequent.add(code)
        elif kind == "country":
            countries[code] = r["definition"]
        else:
            raise ValueError(f"plover.tsv: unknown row kind {kind!r}")
    types = {
        e: PloverType(e, d["quad"], d["recip"], d["definition"], tuple(d["modes"])) for e, d in events.items()
    }
    return _Table(types, mode_defs, sectors, frozenset(frequent), countries)


def plover_types() -> list[PloverType]:
    """The 16 event types in manual order (AGREE ... ASSAULT)."""
    return list(_table().types.values())


def plover_type(event: str) -> PloverType:
    """KeyError for an unknown event type (names are upper-case, e.g. "CONSULT")."""
    try:
        return _table().types[event]
    except KeyError:
        raise KeyError(f"unknown PLOVER event type: {event!r}") from None


def is_plover_type(event: str) -> bool:
    return event in _table().types


def modes(event: str) -> list[str]:
    """The v2.0 modes of ``event`` (may be empty); KeyError for an unknown event."""
    return list(plover_type(event).modes)


def mode_definition(event: str, mode: str) -> str:
    """One-line definition of ``event``'s ``mode``; KeyError if that pair does not exist."""
    try:
        return _table().mode_defs[(event, mode)]
    except KeyError:
        raise KeyError(f"unknown PLOVER mode {mode!r} for {event!r}") from None


def sectors() -> dict[str, str]:
    """Sector code -> short label (COP, GOV, ... SOC), manual order."""
    return dict(_table().sectors)


def frequent_sectors() -> frozenset[str]:
    """The manual's "frequently used" sector codes (COP ... UNK)."""
    return _table().sector_frequent


def special_country_codes() -> dict[str, str]:
    """Non-ISO actor-country codes: IGO, UNO, EUR, NGO, ISM, IMG, MNC and KOS (Kosovo)."""
    return dict(_table().countries)

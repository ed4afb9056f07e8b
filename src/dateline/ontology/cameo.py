"""The CAMEO event codebook (codes, labels, Goldstein weights, Quad/Penta classes).

    from dateline.ontology.cameo import cameo_code, goldstein, plover_of
    cameo_code("036").label        # 'EXPRESS INTENT TO MEET OR NEGOTIATE'
    goldstein("186")               # -10.0
    plover_of("173")               # ('COERCE', 'arrest')

Data: ``data/cameo.tsv`` and ``data/cameo_plover.tsv`` (package data; their header
comments document sources and every choice).  Nothing is read at import; the tables
are loaded once on first use.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

QUAD_CLASS_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
PENTA_CLASS_NAMES = {
    0: "statement/appeal",
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


@dataclass(frozen=True)
class CameoCode:
    code: str  # "036", "0211", "19"
    root: str  # two digits
    label: str  # upper-case manual name
    description: str
    goldstein: float
    quad_class: int  # 1..4 (GDELT grouping)
    penta_class: int  # 0..4 (Phoenix)

    @property
    def level(self) -> int:
        """1 for a root ("19"), 2 for a base code ("190"), 3 for a leaf ("1901")."""
        return len(self.code) - 1


@dataclass(frozen=True)
class CameoPlover:
    cameo: str
    event: str | None
    mode: str | None
    contexts: tuple[str, ...]


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("dateline.ontology").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    header = lines[0].split("\t")
    rows = []
    for line in lines[1:]:
        cells = line.split("\t")
        if len(cells) != len(header):
            raise ValueError(f"{name}: expected {len(header)} columns, got {len(cells)}: {line!r}")
        rows.append(dict(zip(header, cells)))
    return rows


@functools.lru_cache(maxsize=1)
def _codes() -> dict[str, CameoCode]:
    out: dict[str, CameoCode] = {}
    for r in _rows("cameo.tsv"):
        out[r["code"]] = CameoCode(
            code=r["code"],
            root=r["root"],
            label=r["label"],
            description=r["description"],
            goldstein=float(r["goldstein"]),
            quad_class=int(r["quad_class"]),
            penta_class=int(r["penta_class"]),
        )
    return out


@functools.lru_cache(maxsize=1)
def _plover() -> dict[str, CameoPlover]:
    out: dict[str, CameoPlover] = {}
    for r in _rows("cameo_plover.tsv"):
        out[r["cameo"]] = CameoPlover(
            cameo=r["cameo"],
            event=r["event"] or None,
            mode=r["mode"] or None,
            contexts=tuple(c for c in r["context"].split(";") if c),
        )
    return out


def cameo_code(code: str) -> CameoCode:
    """The codebook entry for ``code`` (a 2-4 digit string); KeyError if unknown."""
    try:
        return _codes()[code.strip() if isinstance(code, str) else code]
    except KeyError:
        raise KeyError(f"unknown CAMEO code: {code!r}") from None


def is_cameo_code(code: str) -> bool:
    return isinstance(code, str) and code.strip() in _codes()


def all_codes() -> list[CameoCode]:
    """Every code, in codebook order (root, then its base and leaf codes)."""
    return list(_codes().values())


def root_codes() -> list[CameoCode]:
    return [c for c in _codes().values() if len(c.code) == 2]


def root_of(code: str) -> str:
    """The two-digit root: root_of("1712") == "17"."""
    return cameo_code(code).root


def quad_class(code: str) -> int:
    return cameo_code(code).quad_class


def penta_class(code: str) -> int:
    return cameo_code(code).penta_class


def goldstein(code: str) -> float:
    return cameo_code(code).goldstein


def label(code: str) -> str:
    return cameo_code(code).label


def parent(code: str) -> str | None:
    """The code one level up: "1712" -> "171", "171" -> "17", "17" -> None."""
    c = cameo_code(code).code
    return None if len(c) == 2 else c[:-1]


def children(code: str) -> list[str]:
    """Codes one level below: children("17") -> ["170", "171", ...]."""
    c = cameo_code(code).code
    return [k for k in _codes() if len(k) == len(c) + 1 and k.startswith(c)]


def plover_mapping(code: str) -> CameoPlover:
    """Full CAMEO -> PLOVER v2.0 row (event, mode, contexts)."""
    c = cameo_code(code).code
    return _plover()[c]


@functools.lru_cache(maxsize=1)
def _frames() -> dict[tuple[str, str], str]:
    return {(r["frame"], r["act"]): r["code"] for r in _rows("cameo_frames.tsv")}


FRAMES = ("02", "03", "10", "12")  # appeal, express intent, demand, reject


def framed(frame: str, act: str) -> str | None:
    """The code of appealing for (02), intending (03), demanding (10) or refusing (12) the act
    coded `act` ("release the prisoners" 0841: appeal 0253, refuse 1243), by the longest prefix
    of `act` listed for the frame; None where CAMEO has no such code."""
    table = _frames()
    for n in range(len(act), 1, -1):
        code = table.get((frame, act[:n]))
        if code is not None:
            return code
    return None


def refusal_of(code: str) -> str | None:
    """The REJECT (12) code for refusing the act `code` codes ("will not lift the embargo")."""
    return framed("12", code)


def plover_of(code: str) -> tuple[str | None, str | None]:
    """(PLOVER event type, mode) for a CAMEO code; (None, None) where nothing fits (01x)."""
    m = plover_mapping(code)
    return m.event, m.mode


def plover_contexts(code: str) -> tuple[str, ...]:
    return plover_mapping(code).contexts

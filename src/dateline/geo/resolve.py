"""Toponym resolution against the offline gazetteer (pure Python, no spaCy).

API::

    candidates(name) -> tuple[Candidate, ...]
        Every sense of a name, best default first.  Case, diacritics, dots
        and hyphens are folded ("U.S." == "US", "TEHRAN" == "Tehran").
        A demonym ("Iraqis", "European") yields its country/continent.

    resolve(names, *, context_countries=()) -> list[Candidate | None]
        ``names`` are an article's toponyms in text order, each as
        ``(text, qualifier)``; the qualifier is the explicit disambiguator
        written next to it ("Paris", "Texas"; "PALM BEACH", "Fla.";
        "Kabul", "Afghanistan") or None.  ``context_countries`` are ISO3
        codes known from elsewhere (dateline country, demonyms).  Returns
        one Candidate (or None) per input, one sense per name per article.

    demonym(word) -> str | None
        "Iraqi"/"Iraqis" -> "IRQ", "American" -> "USA"; None for
        continent adjectives and unknown words.

Ranking (why): the score of a sense is log10(population) plus a prior for
its feature class -- news names countries and national capitals far more
often than same-named towns -- plus a bonus when its country (or
first-level division) is already established in the article.  The bonus is
sized to flip close calls (Georgia the country vs the US state) but not to
turn "Mexico" into Mexico, Missouri in a US story.  An explicit qualifier
filters the senses before ranking.  A sense reached only through an
alternate name that shares no word with its own name ("Salisbury" ->
Harare, "Venice" -> Dayton) is penalised when another sense bears the name
as its primary name, unless it is over 100 times bigger ("Calcutta" ->
Kolkata).  A second-level division named after a city in it yields to the
city ("Edmonton").

Further evidence (why): names made only of generic words ("Centre",
"Western") resolve only where their country is in context; an all-caps
acronym of three letters or fewer never matches a town's alternate name
("SA"); a name with no sense ("Sichuan province", "St. Louis Police") is
looked up through the place named inside it; a qualifier that is itself a
toponym ("Tacoma, Washington") resolves to the division or country that
holds the place before it, and a qualified place too small for the
gazetteer resolves to that division; finally an ambiguous bare name gets a
bonus of up to PROXIMITY_BONUS for lying near (or, for a country or
division, around) the article's other places.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dateline.geo.gazetteer import (
    ADMIN1,
    ADMIN2,
    CAPITAL,
    CITY,
    CONTINENT,
    COUNTRY,
    LANDMARK,
    REGION,
    WATER,
    Candidate,
    Gazetteer,
    fold,
    load_gazetteer,
)

# Names asked about: each cache fills within a few hundred articles (see gazetteer.fold).
NAME_CACHE_SIZE = 1 << 13

# Feature priors in log10-population units.
# Regions and water bodies carry no population (log10(0 + 10) = 1): their
# prior alone puts them above towns and small divisions of the same name
# ("Middle East", "Atlantic") but below countries.
FEATURE_PRIOR = {CONTINENT: 5.0, COUNTRY: 4.0, CAPITAL: 3.5, REGION: 5.0, WATER: 5.0, LANDMARK: 5.0, ADMIN1: 2.0,
                 ADMIN2: 0.5, CITY: 0.0}
# Features that are not settlements or divisions: no proximity bonus, and
# they do not anchor other names.
_AREAS = (CONTINENT, REGION, WATER)
COUNTRY_CONTEXT_BONUS = 2.0
ADMIN1_CONTEXT_BONUS = 1.5
# A city that shares its name with the division it lies in (Baghdad,
# Tehran, New York) is what news means unless it is tiny next to it.
SAME_NAME_CITY_BONUS = 2.5
# Score lead over any other-country sense for a name to set article context.
CLEAR_MARGIN = 3.0
# A sense reached only through one of its alternate names ("Salisbury" ->
# Harare, "Venice" -> Dayton) when other senses bear the name as their
# primary name.  Countries and continents are exempt: their aliases are
# curated (pycountry, aliases.tsv).
ALT_NAME_PENALTY = 3.0
ALT_NAME_KEEP_RATIO = 100
# A second-level division named after a city in it ("Edmonton" the census
# division vs the city): news means the city.
ADMIN2_SAME_NAME_PENALTY = 3.0
# Names made only of generic geographic words ("Centre", "Western", "West
# Coast", "Valley") are first-level divisions or towns somewhere (Cameroon's
# Centre, Uganda's Western region), but in a text they are seldom that place
# unless the article is about its country.
GENERIC_PENALTY = 4.0
GENERIC_WORDS = frozenset("""
north south east west northern southern eastern western central centre center middle upper lower
northeast northwest southeast southwest north-east north-west south-east south-west midwest mid far
coast coastal valley gulf lakes lake islands island river rivers delta mountain mountains highlands lowlands
plateau plains interior border capital metropolitan metro region province state district county city town
village municipality territory area zone greater inner outer new old great little
""".split())
# Words that end the name of a street or square: such a name is not
# reduced to the place name inside it ("Atlantic Avenue", "Washington Square").
THOROUGHFARE_WORDS = frozenset("""
street st avenue ave road rd lane ln boulevard blvd drive dr parade square way terrace crescent highway
place row court close mews alley walk embankment township
""".split())
# "Little Portugal", "New England", "Old Delhi": a first word that makes
# another place of the name, never dropped to reduce it.
NOT_DROPPED = frozenset({"little", "new", "old", "great", "mini"})
# A name with no sense of its own ("Sichuan province", "St. Louis Police",
# "Far North Queensland") is resolved through the longest run of its words
# that names a strong place (continent, country, division, capital, region,
# water body), a city of at least this population, or a place named
# elsewhere in the article.
REDUCE_MIN_CITY_POPULATION = 100_000
# Spatial coherence: a sense gets up to PROXIMITY_BONUS when it lies near
# another place of the article, falling to 0 at PROXIMITY_KM.
PROXIMITY_BONUS = 2.0
PROXIMITY_KM = 600.0

Name = tuple[str, str | None]


def _demonym_target(gaz: Gazetteer, word: str) -> str | None:
    key = fold(word)
    for k in (key, key[:-1] if key.endswith("s") else None, key[:-2] + "an" if key.endswith("en") else None):
        if k and k in gaz.demonyms:
            return gaz.demonyms[k]
    return None


def demonym(word: str) -> str | None:
    """ISO3 country code for a national demonym/adjective, else None."""
    gaz = load_gazetteer()
    target = _demonym_target(gaz, word)
    if target and "-" in target:  # a nation that is a division: English -> GB-ENG -> GBR
        idx = gaz.admin1_by_code.get(target)
        return gaz.place(idx).country if idx is not None else None
    return target if target and not target.startswith(("@", "#")) else None


def _demonym_place(gaz: Gazetteer, word: str) -> Candidate | None:
    target = _demonym_target(gaz, word)
    if target is None:
        return None
    if target.startswith("#"):  # a region: "Kurdish" -> Kurdistan
        return next((c for c in _named(target[1:]) if c.feature == REGION), None)
    if target.startswith("@"):
        idx = gaz.continent_by_code.get(target[1:])
    elif "-" in target:
        idx = gaz.admin1_by_code.get(target)
    else:
        idx = gaz.country_by_iso3.get(target)
    return gaz.place(idx) if idx is not None else None


@functools.lru_cache(maxsize=NAME_CACHE_SIZE)
def is_generic(name: str) -> bool:
    """A name made only of generic geographic words ("Western", "West Coast")."""
    words = fold(name).split()
    return bool(words) and all(w in GENERIC_WORDS for w in words)


@functools.lru_cache(maxsize=1 << 12)  # Candidate objects: kept few, a worker's memory stays flat
def _named(name: str) -> tuple[Candidate, ...]:
    """``gaz.lookup`` of the process gazetteer, cached: each look-up builds a
    Candidate per sense, and an article asks for the same names many times."""
    return tuple(load_gazetteer().lookup(name))


@dataclass(frozen=True, slots=True)
class _Sense:
    """A sense of a name with the parts of its score that do not depend on
    the article, worked out once per name (see ``_score``)."""

    place: Candidate
    base: float                # log10(population + 10) + feature prior
    generic: bool              # the GENERIC_PENALTY applies out of context
    same_name_admin1: bool     # a sibling sense is the first-level division it lies in
    same_name_city: bool       # ... and it is a big city: SAME_NAME_CITY_BONUS
    alt_name_penalty: float    # 0.0, or what an alternate-name-only match loses
    same_name_admin2: bool     # an admin2 named after a city in it: ADMIN2_SAME_NAME_PENALTY


@functools.lru_cache(maxsize=1 << 12)
def _senses(name: str) -> tuple[_Sense, ...]:
    """Every sense of ``name`` in the gazetteer's order (before ranking),
    cached: the siblings' comparisons below cost the square of their number."""
    gaz = load_gazetteer()
    found = list(_named(name))
    letters = name.replace(".", "").replace(" ", "")
    if letters.isalpha() and letters.isupper() and len(letters) <= 3:
        # An acronym ("SA", "WA"): a town whose alternate name it happens to
        # spell is not meant; curated aliases (US, UAE, EU) and divisions are.
        found = [c for c in found if c.feature not in (CITY, ADMIN2) or c.name.isupper()]
    # A demonym that is also a (small) place name: "Chinese" is not a town.
    place = _demonym_place(gaz, name)
    if place is not None and place not in found:
        found.append(place)
    primary = _primary(name, found)
    generic = is_generic(name)
    admin1_siblings = {s.admin1 for s in found if s.feature == ADMIN1}
    city_siblings = {(s.country, s.admin1, fold(s.name)) for s in found if s.feature in (CITY, CAPITAL)}
    senses = []
    for c in found:
        same_name_admin1 = c.admin1 in admin1_siblings
        alt_name_penalty = 0.0
        if primary and id(c) not in primary and c.feature not in (COUNTRY, CONTINENT):
            # ... and a capital so named is no likelier than a town ("Salisbury" -> Harare).
            alt_name_penalty = ALT_NAME_PENALTY + (FEATURE_PRIOR[CAPITAL] if c.feature == CAPITAL else 0.0)
        senses.append(_Sense(
            place=c,
            base=math.log10(c.population + 10) + FEATURE_PRIOR.get(c.feature, 0.0),
            generic=generic and c.feature not in (CONTINENT, COUNTRY, REGION, WATER),
            same_name_admin1=same_name_admin1,
            same_name_city=c.feature in (CITY, CAPITAL) and c.population >= 100_000 and same_name_admin1,
            alt_name_penalty=alt_name_penalty,
            same_name_admin2=c.feature == ADMIN2 and (c.country, c.admin1, fold(c.name)) in city_siblings,
        ))
    return tuple(senses)


def _score(s: _Sense, countries: set[str], admin1s: set[str], anchors: _Anchors | None = None) -> float:
    """The sense's score in an article that establishes ``countries`` and
    ``admin1s`` and names the places ``anchors``.  The steps add up in a
    fixed order: floating-point sums depend on it, and ties keep text order."""
    c = s.place
    score = s.base
    # Local evidence: nearness to the article's other places, and lying in
    # a division the article names.
    local = 0.0
    if anchors is not None and c.feature not in _AREAS:
        local = PROXIMITY_BONUS * max(0.0, 1.0 - anchors.nearest_km(c) / PROXIMITY_KM)
    in_context = (c.country and c.country in countries) or any(m in countries for m in c.members)
    if in_context:
        score += COUNTRY_CONTEXT_BONUS
    elif s.generic:
        score -= GENERIC_PENALTY
    # The bonus for a division the article is in does not go to a city that
    # shares its name with that very division (bare "Quebec" sets CA-QC).
    if c.admin1 and c.admin1 in admin1s and c.feature != ADMIN1 and not s.same_name_admin1:
        local += ADMIN1_CONTEXT_BONUS
    score += local
    if s.same_name_city:
        score += SAME_NAME_CITY_BONUS
    if s.alt_name_penalty:
        score -= s.alt_name_penalty
    if s.same_name_admin2:
        score -= ADMIN2_SAME_NAME_PENALTY
    return score


class _Anchors:
    """The article's other places, for the distance to the nearest one."""

    __slots__ = ("points", "countries", "admin1s")

    def __init__(self, anchors: Sequence[Candidate]):
        # Each anchor's latitude in radians and its cosine, computed once, not per sense.
        self.points = [(math.radians(a.lat), math.cos(math.radians(a.lat)), a.lon) for a in anchors]
        self.countries = {a.country for a in anchors}
        self.admin1s = {a.admin1 for a in anchors if a.feature != COUNTRY}

    def nearest_km(self, c: Candidate) -> float:
        """Distance to the nearest anchor; 0 for a country or division that
        contains one (Quebec the province holds Montreal, though its point is
        farther from it than Quebec City's).  Only distances under
        PROXIMITY_KM count, so an anchor surely beyond _FAR_KM is skipped
        before its distance is worked out (inf when all are)."""
        if (c.feature == COUNTRY and c.country in self.countries) or \
                (c.feature == ADMIN1 and c.admin1 in self.admin1s):
            return 0.0
        sin, cos, radians = math.sin, math.cos, math.radians  # local names: the loop is hot
        best = math.inf
        p1 = radians(c.lat)
        cos_p1 = cos(p1)
        lon1 = c.lon
        for p2, cos_p2, lon2 in self.points:
            dp = p2 - p1
            if abs(dp) > _FAR_RADIANS:  # the latitudes alone lie that far apart
                continue
            # gazetteer._distance_km, term for term (the same floats)
            a = sin(dp / 2) ** 2 + cos_p1 * cos_p2 * sin(radians(lon2 - lon1) / 2) ** 2
            if a > _FAR_HAVERSINE:
                continue
            km = 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))
            if km < best:
                best = km
        return best


# Anchors farther than this cannot be the nearest one within PROXIMITY_KM
# (a wide margin for rounding): as a latitude difference in radians, and as
# the haversine term of the distance.
_FAR_KM = PROXIMITY_KM + 100.0
_FAR_RADIANS = _FAR_KM / 6371.0088
_FAR_HAVERSINE = math.sin(_FAR_RADIANS / 2) ** 2


def _primary(name: str, found: Sequence[Candidate]) -> frozenset[int]:
    """ids of the senses not to penalise as alternate-name matches: those
    whose own name folds to ``name`` or shares a word with it ("New York" ->
    New York City, "Newcastle" -> Newcastle upon Tyne are short forms, not
    noise).  Empty when no sense bears ``name`` as its primary name."""
    key = fold(name)
    exact = [c for c in found if fold(c.name) == key]
    # Curated, unpopulated senses (a region, water body or landmark) named by
    # the query count as primary, and no big place keeps an alternate name
    # next to them: "White House" is not Casablanca, "Atlantic" not Atlántico.
    curated = [c for c in found if c.feature in (LANDMARK, REGION, WATER)]
    if not exact and not curated:
        return frozenset()
    words = set(key.split())
    biggest = math.inf if curated else max(c.population for c in exact)
    # Far bigger places keep a historic or foreign name ("Calcutta" ->
    # Kolkata over Calcutta, South Africa).
    return frozenset(id(c) for c in found if c in curated or words & set(fold(c.name).split())
                     or c.population >= ALT_NAME_KEEP_RATIO * biggest)


def _ranked(gaz: Gazetteer, name: str, countries: set[str], admin1s: set[str],
            anchors: Sequence[Candidate] = ()) -> list[Candidate]:
    """The senses of ``name``, best first.  ``gaz`` must be the process
    gazetteer (``load_gazetteer()``): the senses are cached by name."""
    return [s.place for _, s in _ranked_senses(name, countries, admin1s, anchors)]


def _ranked_senses(name: str, countries: set[str], admin1s: set[str],
                   anchors: Sequence[Candidate] = ()) -> list[tuple[float, _Sense]]:
    """(score, sense) of each sense of ``name``, best first; ties keep the
    gazetteer's order.  A lone sense is not scored (its score is not needed)."""
    senses = _senses(name)
    if len(senses) < 2:
        return [(0.0, s) for s in senses]
    near = _Anchors(anchors) if anchors else None
    scored = [(_score(s, countries, admin1s, near), s) for s in senses]
    order = sorted(range(len(scored)), key=lambda i: scored[i][0], reverse=True)
    return [scored[i] for i in order]


@functools.lru_cache(maxsize=NAME_CACHE_SIZE)
def candidates(name: str) -> tuple[Candidate, ...]:
    """All senses of ``name``, best context-free sense first (cached: names repeat across articles)."""
    return tuple(_ranked(load_gazetteer(), name, set(), set()))


def _qualifier_filter(gaz: Gazetteer, cands: list[Candidate], qualifier: str) -> list[Candidate]:
    """Senses consistent with an explicit qualifier (a country or division)."""
    quals = _named(qualifier)
    q_countries = {q.country for q in quals if q.feature == COUNTRY}
    q_admin1 = {q.admin1 for q in quals if q.feature == ADMIN1}
    kept = [c for c in cands if (c.admin1 in q_admin1 and c.feature != ADMIN1) or
            (c.country in q_countries and c.feature != COUNTRY)]
    return kept


def _pick(gaz: Gazetteer, name: str, qualifier: str | None, countries: set[str],
          admin1s: set[str], anchors: Sequence[Candidate] = ()) -> Candidate | None:
    ranked = _ranked(gaz, name, countries, admin1s, anchors)
    if qualifier:
        kept = _qualifier_filter(gaz, ranked, qualifier)
        if kept:
            return kept[0]
        # A place too small for the gazetteer ("Churchill, Man."): the
        # division or country the text puts it in, not a namesake elsewhere.
        if all(c.feature in (CITY, ADMIN2) for c in ranked):
            holder = [q for q in _ranked(gaz, qualifier, countries, admin1s) if q.feature in (ADMIN1, COUNTRY)]
            if holder:
                return holder[0]
    if ranked and is_generic(name) and ranked[0].feature not in (CONTINENT, COUNTRY, REGION, WATER) and \
            ranked[0].country not in countries:
        return None  # "Centre", "Western": a division of some far country is a guess
    return ranked[0] if ranked else None


@functools.lru_cache(maxsize=NAME_CACHE_SIZE)
def _clear_winner(name: str) -> bool:
    """True when no sense in another country comes within CLEAR_MARGIN of the
    best one, so the name can set context ("Iraq" yes, "Georgia" no)."""
    ranked = _ranked_senses(name, set(), set())
    if len(ranked) < 2:
        return True
    best, top = ranked[0]
    return all(s.place.country == top.place.country or best - score >= CLEAR_MARGIN for score, s in ranked[1:])


def _has_senses(gaz: Gazetteer, name: str) -> bool:
    return bool(_named(name)) or _demonym_target(gaz, name) is not None


def _reduce(gaz: Gazetteer, name: str, article_keys: set[str]) -> str | None:
    """The longest run of words inside ``name`` that is a place worth
    standing for it ("Sichuan province" -> "Sichuan", "St. Louis Police" ->
    "St. Louis", "Recovery Day B.C." -> "B.C."), or None.  Streets and
    squares are not reduced ("Atlantic Avenue" is not the ocean)."""
    segments = [seg.split() for seg in name.replace("/", ",").split(",")]
    words = [w for seg in segments for w in seg]
    if len(words) < 2 or fold(words[-1]) in THOROUGHFARE_WORDS:
        return None
    keep_first = fold(words[0]) in NOT_DROPPED
    runs: list[tuple[int, int, str]] = []
    for seg_no, seg in enumerate(segments):
        for n in range(len(seg), 0, -1):
            for i in range(len(seg) - n + 1):
                piece = seg[i:i + n]
                if piece == words or (keep_first and seg_no == 0 and i > 0):
                    continue
                text = " ".join(piece).strip(" ;:()\"'’“”")
                if not text or not text[:1].isupper() or is_generic(text):
                    continue
                runs.append((-n, seg_no * 100 + i, text))
    runs.sort()
    demonym_run = None
    for _, _, text in runs:
        if not _named(text):
            if demonym_run is None and _demonym_target(gaz, text) is not None:
                demonym_run = text  # "Turkish Embassy": the demonym only if nothing better
            continue
        if fold(text) in article_keys:
            return text
        ranked = candidates(text)
        if not ranked:
            continue  # only acronym matches of towns, which _ranked drops
        top = ranked[0]
        # The run must be the place's own name (or a curated alias such as
        # "US", or an abbreviation written as one, "B.C."), not an alternate
        # name it happens to spell ("Penn" is not Pennsylvania in "Penn Park").
        own = (fold(top.name) + " ").startswith(fold(text) + " ") or text.endswith(".") or \
            top.feature in (CONTINENT, COUNTRY, REGION, WATER, LANDMARK)
        if own and (top.feature in (CONTINENT, COUNTRY, ADMIN1, ADMIN2, CAPITAL, REGION, WATER, LANDMARK) or
                    top.population >= REDUCE_MIN_CITY_POPULATION):
            return text
    return demonym_run


def _lookup_name(gaz: Gazetteer, text: str, article_keys: set[str]) -> str:
    """The name to look ``text`` up by: itself, its spelt-out form ("PLYMOUTH
    CO." -> "PLYMOUTH County"), or the place named inside it."""
    if _has_senses(gaz, text):
        return text
    county = re.fullmatch(r"(.+?)\s+co\.?", text, flags=re.IGNORECASE)
    if county and _has_senses(gaz, county.group(1) + " County"):
        return county.group(1) + " County"
    if any(c.feature == ADMIN2 for c in _named(text + " County")):  # "Miami-Dade"
        return text + " County"
    return _reduce(gaz, text, article_keys) or text


def resolve(names: Sequence[Name], *, context_countries: Iterable[str] = ()) -> list[Candidate | None]:
    """Resolve an article's toponyms (see module docstring)."""
    gaz = load_gazetteer()
    countries = set(context_countries)
    admin1s: set[str] = set()
    # Names with no sense of their own stand for a place named inside them.
    article_keys = {fold(text) for text, _ in names if _has_senses(gaz, text)}
    lookups = [_lookup_name(gaz, text, article_keys) for text, _ in names]
    # Pass 1: what the article establishes on its own -- qualified names,
    # countries and divisions, and names whose senses all share a country.
    for (text, qualifier), name in zip(names, lookups):
        ranked = candidates(name)
        if qualifier:
            quals = [q for q in candidates(qualifier) if q.feature in (COUNTRY, ADMIN1)]
            if quals:
                countries.add(quals[0].country)
                if quals[0].feature == ADMIN1:
                    admin1s.add(quals[0].admin1)
        if not ranked or is_generic(name):
            continue
        top = ranked[0]
        if _clear_winner(name):
            if top.country:
                countries.add(top.country)
            if top.feature == ADMIN1:
                admin1s.add(top.admin1)
    # Pass 2: qualified mentions first so "Paris, Texas" fixes bare "Paris".
    sense: dict[str, Candidate | None] = {}
    out: list[Candidate | None] = [None] * len(names)
    order = sorted(range(len(names)), key=lambda i: names[i][1] is None)
    for i in order:
        qualifier = names[i][1]
        name = lookups[i]
        key = fold(name)
        if qualifier is None and key in sense:
            out[i] = sense[key]
            continue
        out[i] = _pick(gaz, name, qualifier, countries, admin1s)
        sense.setdefault(key, out[i])
    # A qualifier that is itself a toponym ("Tacoma, Washington", "Bronx,
    # New York") names the division or country that holds the place before it.
    for i in range(len(names) - 1):
        first, qual_text = out[i], names[i][1]
        if first is None or qual_text is None or fold(names[i + 1][0]) != fold(qual_text):
            continue
        holder = next((c for c in _ranked(gaz, qual_text, countries, admin1s)
                       if (c.feature == ADMIN1 and c.admin1 == first.admin1 and first.feature != ADMIN1) or
                       (c.feature == COUNTRY and c.country == first.country and first.feature != COUNTRY)), None)
        if holder is not None and names[i + 1][1] is None:
            sense[fold(lookups[i + 1])] = holder
            out[i + 1] = holder
    # Pass 3: spatial coherence -- an ambiguous bare name takes the sense
    # nearest the article's other places (Santa Barbara next to Carpinteria,
    # Georgia next to Azerbaijan), still one sense per name.
    settled = {fold(lookups[i]) for i in range(len(names)) if names[i][1] is not None}
    settled |= {fold(lookups[i + 1]) for i in range(len(names) - 1)
                if names[i][1] is not None and fold(names[i + 1][0]) == fold(names[i][1])}
    points = {k: c for k, c in sense.items() if c is not None and c.feature not in _AREAS}
    redone: dict[str, Candidate | None] = {}
    for i in range(len(names)):
        key = fold(lookups[i])
        if names[i][1] is not None or sense.get(key) is None:
            continue
        if key in settled:
            out[i] = sense[key]
            continue
        if key not in redone:
            anchors = [p for k, p in points.items() if k != key]
            redone[key] = _pick(gaz, lookups[i], None, countries, admin1s, anchors) if anchors else sense[key]
        out[i] = redone[key]
    return out

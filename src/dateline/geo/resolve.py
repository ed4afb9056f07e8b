"""Toponym resolution against the offline gazetteer (pure Python, no spaCy).

API::

    candidates(name) -> list[Candidate]
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
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence

from dateline.geo.gazetteer import (
    ADMIN1,
    ADMIN2,
    CAPITAL,
    CITY,
    CONTINENT,
    COUNTRY,
    Candidate,
    Gazetteer,
    fold,
    load_gazetteer,
)

# Scoring folds candidate names over and over; they repeat across articles.
_fold = functools.lru_cache(maxsize=1 << 16)(fold)

# Feature priors in log10-population units.
FEATURE_PRIOR = {CONTINENT: 5.0, COUNTRY: 4.0, CAPITAL: 3.5, ADMIN1: 2.0, ADMIN2: 0.5, CITY: 0.0}
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

Name = tuple[str, str | None]


def _demonym_target(gaz: Gazetteer, word: str) -> str | None:
    key = fold(word)
    for k in (key, key[:-1] if key.endswith("s") else None, key[:-2] + "an" if key.endswith("en") else None):
        if k and k in gaz.demonyms:
            return gaz.demonyms[k]
    return None


def demonym(word: str) -> str | None:
    """ISO3 country code for a national demonym/adjective, else None."""
    target = _demonym_target(load_gazetteer(), word)
    return target if target and not target.startswith("@") else None


def _demonym_place(gaz: Gazetteer, word: str) -> Candidate | None:
    target = _demonym_target(gaz, word)
    if target is None:
        return None
    if target.startswith("@"):
        idx = gaz.continent_by_code.get(target[1:])
    else:
        idx = gaz.country_by_iso3.get(target)
    return gaz.place(idx) if idx is not None else None


def _score(c: Candidate, countries: set[str], admin1s: set[str], siblings: Sequence[Candidate],
           primary: frozenset[int] = frozenset()) -> float:
    """``primary``: ids of the siblings whose primary name is the query."""
    score = math.log10(c.population + 10) + FEATURE_PRIOR.get(c.feature, 0.0)
    if c.country and c.country in countries:
        score += COUNTRY_CONTEXT_BONUS
    same_name_admin1 = any(s.feature == ADMIN1 and s.admin1 == c.admin1 for s in siblings)
    # The bonus for a division the article is in does not go to a city that
    # shares its name with that very division (bare "Quebec" sets CA-QC).
    if c.admin1 and c.admin1 in admin1s and c.feature != ADMIN1 and not same_name_admin1:
        score += ADMIN1_CONTEXT_BONUS
    if c.feature in (CITY, CAPITAL) and c.population >= 100_000 and same_name_admin1:
        score += SAME_NAME_CITY_BONUS
    if primary and id(c) not in primary and c.feature not in (COUNTRY, CONTINENT):
        score -= ALT_NAME_PENALTY
    if c.feature == ADMIN2 and any(
        s.feature in (CITY, CAPITAL) and s.country == c.country and s.admin1 == c.admin1
        and _fold(s.name) == _fold(c.name) for s in siblings
    ):
        score -= ADMIN2_SAME_NAME_PENALTY
    return score


def _primary(name: str, found: Sequence[Candidate]) -> frozenset[int]:
    """ids of the senses not to penalise as alternate-name matches: those
    whose own name folds to ``name`` or shares a word with it ("New York" ->
    New York City, "Newcastle" -> Newcastle upon Tyne are short forms, not
    noise).  Empty when no sense bears ``name`` as its primary name."""
    key = _fold(name)
    exact = [c.population for c in found if _fold(c.name) == key]
    if not exact:
        return frozenset()
    words, biggest = set(key.split()), max(exact)
    # Far bigger places keep a historic or foreign name ("Calcutta" ->
    # Kolkata over Calcutta, South Africa).
    return frozenset(id(c) for c in found
                     if words & set(_fold(c.name).split()) or c.population >= ALT_NAME_KEEP_RATIO * biggest)


def _ranked(gaz: Gazetteer, name: str, countries: set[str], admin1s: set[str]) -> list[Candidate]:
    found = gaz.lookup(name)
    if not found:
        place = _demonym_place(gaz, name)
        return [place] if place else []
    # A demonym that is also a (small) place name: "Chinese" is not a town.
    place = _demonym_place(gaz, name)
    if place is not None and place not in found:
        found.append(place)
    # Score before sorting: list.sort hides the list's items from the key.
    primary = _primary(name, found)
    scores = {id(c): _score(c, countries, admin1s, found, primary) for c in found}
    return sorted(found, key=lambda c: scores[id(c)], reverse=True)


def candidates(name: str) -> list[Candidate]:
    """All senses of ``name``, best context-free sense first."""
    return _ranked(load_gazetteer(), name, set(), set())


def _qualifier_filter(gaz: Gazetteer, cands: list[Candidate], qualifier: str) -> list[Candidate]:
    """Senses consistent with an explicit qualifier (a country or division)."""
    quals = gaz.lookup(qualifier)
    q_countries = {q.country for q in quals if q.feature == COUNTRY}
    q_admin1 = {q.admin1 for q in quals if q.feature == ADMIN1}
    kept = [c for c in cands if (c.admin1 in q_admin1 and c.feature != ADMIN1) or
            (c.country in q_countries and c.feature != COUNTRY)]
    return kept


def _pick(gaz: Gazetteer, name: str, qualifier: str | None, countries: set[str],
          admin1s: set[str]) -> Candidate | None:
    ranked = _ranked(gaz, name, countries, admin1s)
    if qualifier:
        kept = _qualifier_filter(gaz, ranked, qualifier)
        if kept:
            return kept[0]
    return ranked[0] if ranked else None


def _clear_winner(name: str, ranked: list[Candidate]) -> bool:
    """True when no sense in another country comes within CLEAR_MARGIN of the
    best one, so the name can set context ("Iraq" yes, "Georgia" no)."""
    top = ranked[0]
    primary = _primary(name, ranked)
    best = _score(top, set(), set(), ranked, primary)
    return all(
        c.country == top.country or best - _score(c, set(), set(), ranked, primary) >= CLEAR_MARGIN
        for c in ranked[1:]
    )


def resolve(names: Sequence[Name], *, context_countries: Iterable[str] = ()) -> list[Candidate | None]:
    """Resolve an article's toponyms (see module docstring)."""
    gaz = load_gazetteer()
    countries = set(context_countries)
    admin1s: set[str] = set()
    # Pass 1: what the article establishes on its own -- qualified names,
    # countries and divisions, and names whose senses all share a country.
    for text, qualifier in names:
        ranked = _ranked(gaz, text, set(), set())
        if qualifier:
            quals = gaz.lookup(qualifier)
            if quals:
                countries.add(quals[0].country)
                if quals[0].feature == ADMIN1:
                    admin1s.add(quals[0].admin1)
        if not ranked:
            continue
        top = ranked[0]
        if _clear_winner(text, ranked):
            if top.country:
                countries.add(top.country)
            if top.feature == ADMIN1:
                admin1s.add(top.admin1)
    # Pass 2: qualified mentions first so "Paris, Texas" fixes bare "Paris".
    sense: dict[str, Candidate | None] = {}
    out: list[Candidate | None] = [None] * len(names)
    order = sorted(range(len(names)), key=lambda i: names[i][1] is None)
    for i in order:
        text, qualifier = names[i]
        key = fold(text)
        if qualifier is None and key in sense:
            out[i] = sense[key]
            continue
        out[i] = _pick(gaz, text, qualifier, countries, admin1s)
        sense.setdefault(key, out[i])
    return out

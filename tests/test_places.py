"""The places stage end to end: dateline, recognition beyond NER, GeoNames resolution, metonymy."""

from __future__ import annotations

import pytest
from conftest import TEHRAN, tehran_required

from dateline.model import Article
from dateline.read import read_inputs


def places_of(extractor, text: str):
    ex = extractor.extract(Article(id="p", text=text, published="2020-01-01", source="test"))
    return ex, {m.text: p for p in ex.places for m in p.mentions}


@tehran_required()
def test_the_example_article(extractor):
    [article] = list(read_inputs([str(TEHRAN)], max_bytes=1_000_000))
    ex = extractor.extract(article)
    by_text = {m.text: (p, m) for p in ex.places for m in p.mentions}
    dateline_place = next(p for p in ex.places if p.id == ex.dateline.place)
    assert (dateline_place.name, dateline_place.geonameid) == ("Tehran", 112931)
    assert by_text["Baghdad"][0].geonameid == 98182 and by_text["Baghdad"][0].country == "IRQ"
    assert (by_text["Iraq"][0].geonameid, by_text["Iraq"][0].feature) == (99237, "country")
    washington, mention = by_text["Washington"]
    assert washington.country == "USA" and mention.metonymic
    assert not by_text["Baghdad"][1].metonymic
    assert "Kazemi" not in by_text


def test_dateline_with_a_state_qualifier(extractor):
    ex, places = places_of(extractor, "PALM BEACH, Fla. (AP) — The president spent the weekend at his club.")
    assert ex.dateline.text == "PALM BEACH, Fla."
    palm = places["PALM BEACH"]
    assert palm.country == "USA" and 26 < palm.lat < 27 and -81 < palm.lon < -80


def test_two_place_dateline(extractor):
    ex, places = places_of(extractor, "BEIRUT/WASHINGTON (Reuters) - Lebanese and U.S. officials met on Monday.")
    assert places["BEIRUT"].country == "LBN" and places["WASHINGTON"].country == "USA"
    assert ex.dateline.place == places["BEIRUT"].id


def test_explicit_qualifier(extractor):
    _, places = places_of(extractor, "The storm hit Paris, Texas, on Monday before moving east.")
    assert places["Paris"].country == "USA" and 33 < places["Paris"].lat < 34


def test_one_sense_per_name_and_places_inside_organisations(extractor):
    # NER tags the first "Edmonton" GPE and the second ORG; both are the city
    text = ("The new ranking compares Vancouver, Calgary, Edmonton, Saskatoon and Winnipeg. Edmonton needs to "
            "start eating its vegetables, the report said. The Kentucky Department of Education disagreed.")
    _, places = places_of(extractor, text)
    edmontons = [p for t, p in places.items() if t == "Edmonton"]
    assert edmontons and edmontons[0].country == "CAN"
    ex, _ = places_of(extractor, text)
    assert sum(1 for p in ex.places for m in p.mentions if m.text == "Edmonton") == 2
    assert places["Kentucky"].country == "USA"


def test_demonyms_are_places_but_peoples_are_not(extractor):
    ex, places = places_of(extractor, "Iraqi officials said Iranians crossed the border.")
    assert places["Iraqi"].name == "Iraq"
    assert "Iranians" not in places



def test_a_list_of_places_is_not_a_place_and_its_qualifier(extractor):
    text = "The tour stops in Washington, New York, Boston and Houston before heading to Denver."
    _, places = places_of(extractor, text)
    assert places["Washington"].feature == "capital" and places["Washington"].country == "USA"


def test_a_division_abbreviation_qualifies_the_place_before_it(extractor):
    _, places = places_of(extractor, "The plant in Kingston, Ont. closed on Friday, the union said.")
    assert places["Kingston"].country == "CAN"  # not Kingston, Jamaica


def test_generic_words_inside_organisations_are_not_places(extractor):
    _, places = places_of(extractor, "Patients at the Northwest Cancer Centre were moved on Friday.")
    assert "Centre" not in places


def test_a_state_after_a_city_qualifies_it_even_in_a_list(extractor):
    _, places = places_of(extractor, "Plants in Springfield, Illinois, and Columbus, Ohio, were closed on Friday.")
    assert places["Springfield"].country == "USA" and 39 < places["Springfield"].lat < 40.5


@pytest.mark.parametrize("text, acting", [
    ("Washington is lying to the world about our programme, the minister said.", True),
    ("Mosul lies on the Tigris, north of Baghdad.", False),
])
def test_lying_capital_acts_but_a_city_lying_on_a_river_does_not(extractor, text, acting):
    ex = extractor.extract(Article(id="p", text=text, published="2020-01-01", source="test"))
    first = min((m for p in ex.places for m in p.mentions), key=lambda m: m.span)
    assert first.metonymic is acting

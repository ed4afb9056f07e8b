"""The actors stage: codes from titles, organisations and places; coreference inside an article."""

from __future__ import annotations

from conftest import TEHRAN, tehran_required

from dateline.model import Article
from dateline.read import read_inputs


def actors_of(extractor, text: str, published: str = "2021-03-02"):
    ex = extractor.extract(Article(id="a", text=text, published=published, source="test"))
    return ex, {a.name: a for a in ex.actors}


def mentions(actor):
    return [m.text for m in actor.mentions]


@tehran_required()
def test_the_example_article(extractor):
    [article] = list(read_inputs([str(TEHRAN)], max_bytes=1_000_000))
    ex = extractor.extract(article)
    by_name = {a.name: a for a in ex.actors}
    kazemi = by_name["Hassan Kazemi Qomi"]
    assert (kazemi.country, kazemi.former, kazemi.kind) == ("IRN", True, "person")
    assert "GOV" in kazemi.roles and kazemi.code.startswith("IRNGOV")
    said = mentions(kazemi)
    assert len(said) >= 8
    assert {"He", "he", "The former envoy", "Kazemi"} <= set(said)
    assert by_name["Mike Pompeo"].code == "USAGOV"
    assert by_name["Qassem Soleimani"].code == "IRNMIL"
    assert by_name["Abu Mahdi al-Muhandis"].code == "IRQMIL"  # "deputy head of Hashd al-Shaabi"
    codes = {m.text: a.code for a in ex.actors for m in a.mentions}
    assert codes["Iraq’s parliament"] == "IRQLEG"
    assert codes["the Iraqi government"] == "IRQGOV"
    assert codes["Tasnim"] == "IRNMED"
    assert codes["Daesh"].startswith("IMG")
    assert codes["Washington"] == "USAGOV"
    assert codes["White House"] == "USAGOV"


def test_two_speakers_of_the_same_gender(extractor):
    text = ("CAIRO — Egyptian Foreign Minister Karim Fahmy met Ethiopian Water Minister Dawit Bekele on Monday. "
            "Fahmy said the talks had failed.\n\n"
            "He warned that Cairo would not accept delays.\n\n"
            "Bekele rejected the warning. He said Ethiopia would fill the dam in July.")
    ex, actors = actors_of(extractor, text)
    fahmy, bekele = actors["Karim Fahmy"], actors["Dawit Bekele"]
    assert (fahmy.code, bekele.code) == ("EGYGOV", "ETHGOV")
    he = [m for m in ex.actors for x in m.mentions if x.text == "He"]
    # the first "He" follows Fahmy's sentence, the second Bekele's
    assert [a.name for a in he] == ["Karim Fahmy", "Dawit Bekele"]


def test_an_ambiguous_surname_stays_apart(extractor):
    text = ("Senator John Lee of Texas and Hong Kong leader Carrie Lee met in Washington on Friday. "
            "Lee said the meeting went well.")
    ex, actors = actors_of(extractor, text)
    john, carrie = actors["John Lee"], actors["Carrie Lee"]
    assert "Lee" not in mentions(john)[1:] and "Lee" not in mentions(carrie)[1:]


def test_a_generic_title_takes_its_organisations_code(extractor):
    _, actors = actors_of(extractor, "Hamas spokesman Sami Abu Zuhri said the group would respond.")
    assert actors["Sami Abu Zuhri"].code == "PSEREB"


def test_organisations_seats_and_peoples(extractor):
    text = ("The White House and the Kremlin traded accusations on Tuesday, while NATO said the Americans "
            "would send more troops. Russian security forces detained protesters in Moscow.")
    ex, actors = actors_of(extractor, text)
    codes = {m.text: a.code for a in ex.actors for m in a.mentions}
    assert codes["White House"] == "USAGOV"
    assert codes["Kremlin"] == "RUSGOV"
    assert codes["NATO"] and codes["NATO"].startswith("IGO")
    assert codes["Americans"] == "USA"
    assert any(code == "RUSCOP" or code == "RUSMIL" for text, code in codes.items() if "security forces" in text)

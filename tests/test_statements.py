"""Statements as verbal events: speaker -> the foreign actor the quote is about, CAMEO 01/11."""

from __future__ import annotations

from dateline.model import Article
from dateline.nlp.statements import tone_words


def statements_of(extractor, text: str, published: str = "2021-03-02"):
    ex = extractor.extract(Article(id="s", text=text, published=published, source="test"))
    codes = {a.id: a.code for a in ex.actors}
    return [(codes.get(e.source), e.cameo, codes.get(e.target), e.mode, e.date)
            for e in ex.events if e.quote and e.mode != "claimed"]


def test_the_example_article_statements(extractor, tehran_text):
    ex = extractor.extract(Article(id="t", text=tehran_text, published="2020-04-18", source="test"))
    codes = {a.id: a.code for a in ex.actors}
    names = {a.id: a.name for a in ex.actors}
    kazemi = [e for e in ex.events if e.quote and names.get(e.source) == "Hassan Kazemi Qomi"]
    assert len(kazemi) >= 2  # quotes whose content holds an event of its own are that event
    for event in kazemi:
        assert codes[event.source].startswith("IRN") and codes[event.target].startswith("USA")
        assert event.cameo[:2] in ("01", "11") and event.date == "2020-04-18"
    assert "111" in {e.cameo for e in kazemi}
    quotes = {q.id for q in ex.quotes}
    assert all(e.quote in quotes for e in kazemi)


def test_criticism_of_a_foreign_government(extractor):
    found = statements_of(extractor, "“The United States is lying to the world about our programme,” "
                                     "Iranian Foreign Minister Javad Zarif said on Monday.", published="2021-03-02")
    assert found == [("IRNGOV", "111", "USA", "asserted", "2021-03-01")]


def test_a_capital_accused_of_lying_is_its_government(extractor):
    found = statements_of(extractor, "“Washington is lying to the world about our programme,” Iranian Foreign "
                                     "Minister Javad Zarif said on Monday.", published="2021-03-02")
    assert found == [("IRNGOV", "111", "USAGOV", "asserted", "2021-03-01")]


def test_no_statement_event_without_a_foreign_actor(extractor):
    found = statements_of(extractor, "“We will build more schools this year,” Kenyan President William "
                                     "Ruto said on Monday.")
    assert found == []


def test_tone_table_codes_are_verbal():
    assert {code[:2] for code in tone_words().values()} <= {"01", "11"}

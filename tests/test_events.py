"""The events stage: participants from the parse, CAMEO/PLOVER codes, mode, true date and place."""

from __future__ import annotations

from conftest import TEHRAN, tehran_required

from dateline.model import Article
from dateline.read import read_inputs


def events_of(extractor, text: str, published: str = "2021-03-02"):
    ex = extractor.extract(Article(id="e", text=text, published=published, source="test"))
    codes = {a.id: a.code for a in ex.actors}
    return ex, [(codes.get(e.source), e.cameo, codes.get(e.target), e.mode, e.date) for e in ex.events]


@tehran_required()
def test_the_example_article(extractor):
    [article] = list(read_inputs([str(TEHRAN)], max_bytes=1_000_000))
    ex = extractor.extract(article)
    code = {a.id: a.code for a in ex.actors}
    text = ex.article.text
    trig = {text[e.trigger_span[0]:e.trigger_span[1]]: e for e in ex.events}
    announced = trig["announced"]
    assert code[announced.source].startswith("USA") and code[announced.target] == "IRQ"
    assert (announced.cameo, announced.date, announced.mode) == ("036", "2020-04-07", "future")
    [passed] = [e for e in ex.events if code.get(e.source) == "IRQLEG"]  # the resolution "telling the government"
    assert (passed.date, passed.date_precision) == ("2020-01", "month")
    killing = trig["assassination"]
    assert killing.cameo.startswith("18") and code[killing.source].startswith("USA")
    assert code[killing.target].startswith("IRN") and killing.date != "2020-04-18"
    assert not any(e.mode == "asserted" and e.date == "2020-04-18" and e.cameo[:2] in ("03", "04")
                   and {code.get(e.source, "")[:3], code.get(e.target, "")[:3]} == {"USA", "IRQ"}
                   for e in ex.events)


def test_modes(extractor):
    _, found = events_of(extractor, "Iran did not meet the delegation from Iraq.")
    assert any(mode == "negated" for *_, mode, _ in found)
    _, found = events_of(extractor, "Turkey will meet Greek officials in Athens next week.")
    assert any(mode == "future" for *_, mode, _ in found)
    _, found = events_of(extractor, "Egypt could attack Ethiopia if talks fail.")
    assert any(mode == "hypothetical" for *_, mode, _ in found)


def test_date_and_place_from_the_clause(extractor):
    ex, found = events_of(extractor, "Iraqi forces clashed with Islamic State militants in Mosul on Monday.",
                          published="2016-11-10")
    [event] = [e for e in ex.events if e.cameo.startswith("19")] or [None]
    assert event is not None and event.date == "2016-11-07"
    place = next(p for p in ex.places if p.id == event.place)
    assert place.name == "Mosul"


@tehran_required()
def test_the_example_claimed_event_is_linked_to_its_quote(extractor):
    [article] = list(read_inputs([str(TEHRAN)], max_bytes=1_000_000))
    ex = extractor.extract(article)
    code = {a.id: a.code for a in ex.actors}
    text = ex.article.text
    [created] = [e for e in ex.events if text[e.trigger_span[0]:e.trigger_span[1]] == "created"]
    assert created.mode == "claimed" and code[created.source] == "USA"
    quote = next(q for q in ex.quotes if q.id == created.quote)
    assert quote.content_span[0] <= created.trigger_span[0] < quote.content_span[1]
    assert "USA" not in [code.get(e.source) for e in ex.events
                         if e.cameo.startswith("04") and e.date == "2020-04-18" and e.mode == "asserted"]


def test_refusals_are_reject_events(extractor):
    # CAMEO codes refusing a cooperative act in its REJECT family, not as the act negated
    _, found = events_of(extractor, "Israel will not release the Palestinian prisoners.")
    assert ("ISR", "1243", "asserted") in [(s, c, m) for s, c, _, m, _ in found]
    _, found = events_of(extractor, "The United States refused to lift the embargo on Cuba.")
    assert any(c == "1244" and m == "asserted" for _, c, _, m, _ in found)
    assert not any(c.startswith("08") for _, c, *_ in found)
    # it did not happen, and nobody refused: negated, not a refusal
    _, found = events_of(extractor, "Britain and the EU failed to reach a deal on Monday.")
    assert any(m == "negated" for *_, m, _ in found)
    assert not any(c.startswith("12") for _, c, *_ in found)


def test_rejecting_accusations_is_denying(extractor):
    _, found = events_of(extractor, "South Korea on Friday rejected accusations by Amnesty International.")
    assert "016" in [c for _, c, *_ in found]


def test_statement_events_are_not_doubled(extractor):
    ex, found = events_of(extractor, "Iran's president said on Monday he was pessimistic about talks "
                                     "with the United States, state radio reported.")
    statements = [e for e in ex.events if e.cameo.startswith("01")]
    assert len(statements) == 1


def test_conjuncts_and_ancestors_from_the_parse_view_equal_spacy(extractor, tehran_text):
    from dateline.nlp.events import _ancestors, _conjuncts
    from dateline.nlp.parseview import parse_view

    text = tehran_text + " Iran, Iraq, Syria and Turkey met, talked and agreed; the U.S. and Russia did not."
    doc = extractor.nlp(text)
    view = parse_view(doc)
    assert sum(1 for t in doc if t.conjuncts) > 20
    for tok in doc:
        assert _conjuncts(view, tok.i) == [t.i for t in tok.conjuncts]
        assert list(_ancestors(view, tok.i)) == [t.i for t in tok.ancestors]

"""The quotes stage: direct, indirect and mixed quotes with speaker, cue, content and medium."""

from __future__ import annotations

import pytest

from dateline.model import Article


def quotes_of(extractor, text: str):
    ex = extractor.extract(Article(id="q", text=text, published="2021-03-02", source="test"))
    names = {a.id: a.name for a in ex.actors}
    t = ex.article.text

    def cut(span):
        return t[span[0]:span[1]] if span else None

    return ex, [dict(speaker=names.get(q.speaker), speaker_text=cut(q.speaker_span), cue=q.cue,
                     content=cut(q.content_span), kind=q.kind, medium=q.medium) for q in ex.quotes]


def test_the_example_article(extractor, tehran_text):
    ex = extractor.extract(Article(id="t", text=tehran_text, published="2020-04-18", source="test"))
    names = {a.id: a.name for a in ex.actors}
    text = ex.article.text
    by = [(names.get(q.speaker), text[q.content_span[0]:q.content_span[1]], q) for q in ex.quotes]
    kazemi = [(content, q) for name, content, q in by if name == "Hassan Kazemi Qomi"]
    assert len(kazemi) >= 10
    kinds = {q.kind for _, q in kazemi}
    assert {"direct", "indirect"} <= kinds
    assert any(c.startswith("“But, considering") and q.cue is None for c, q in kazemi)  # no cue: previous speaker
    assert any(c.startswith("“Today, Iraq’s security") and q.cue == "concluded" for c, q in kazemi)
    assert any(c.startswith("He said Iraqis") or c.startswith("Iraqis would agree") for c, _ in kazemi)
    [pompeo] = [q for name, c, q in by if c.startswith("“All strategic issues")]
    assert names[pompeo.speaker] == "Mike Pompeo" and pompeo.kind == "direct"
    first_direct = next(q for _, _, q in by if q.kind == "direct")
    assert first_direct.medium == "interview with Tasnim"
    assert text[first_direct.speaker_span[0]:first_direct.speaker_span[1]] == "Kazemi Qomi"


def test_quote_split_by_its_attribution(extractor):
    _, found = quotes_of(extractor, "“We will not give up,” the minister said, “whatever it costs us.”")
    [q] = found
    assert q["content"] == "“We will not give up,” the minister said, “whatever it costs us.”"
    assert (q["cue"], q["speaker_text"], q["kind"]) == ("said", "the minister", "direct")


def test_indirect_quote_content_is_the_reported_clause(extractor):
    _, found = quotes_of(extractor, "Foreign Minister Sergei Lavrov said on Monday that Moscow would "
                                    "retaliate against any new sanctions.")
    [q] = found
    assert q["content"] == "that Moscow would retaliate against any new sanctions"
    assert q["speaker"] == "Sergei Lavrov" and q["kind"] == "indirect"


def test_mixed_quote_and_medium(extractor):
    _, found = quotes_of(extractor, "Senator Maria Lopez told reporters in a statement that the bill was "
                                    "“dead on arrival.”")
    [q] = found
    assert q["kind"] == "mixed"
    assert q["content"] == "that the bill was “dead on arrival.”"
    assert q["medium"] == "statement"


def test_according_to(extractor):
    _, found = quotes_of(extractor, "The army killed 12 fighters near the border, according to the "
                                    "Syrian Observatory for Human Rights.")
    [q] = found
    assert q["cue"] == "according to"
    assert q["speaker_text"] == "the Syrian Observatory for Human Rights"
    assert q["content"] == "The army killed 12 fighters near the border"


def test_paragraph_of_quote_keeps_the_previous_speaker(extractor):
    text = ("“The talks have failed,” Prime Minister Abiy Ahmed said on Tuesday.\n\n"
            "“We will fill the dam whatever Cairo says, and nobody can stop us now.”\n\n"
            "Egypt rejected the statement.")
    _, found = quotes_of(extractor, text)
    assert [q["speaker"] for q in found[:2]] == ["Abiy Ahmed", "Abiy Ahmed"]
    assert found[1]["cue"] is None and found[1]["content"].startswith("“We will fill")


@pytest.mark.parametrize("text", [
    "The army killed 12 fighters near the border on Monday.",
    "Prices rose by 3 percent in March, the highest rate in a decade.",
])
def test_no_quotes_where_nobody_speaks(extractor, text):
    _, found = quotes_of(extractor, text)
    assert found == []


def test_events_inside_a_quote_are_claimed_and_linked(extractor):
    ex, found = quotes_of(extractor, "“The Americans attacked our convoy near Basra,” the Iraqi defence "
                                     "minister said on Sunday.")
    [quote] = ex.quotes
    [attack] = [e for e in ex.events if e.cameo.startswith("19") or e.cameo.startswith("18")]
    assert (attack.mode, attack.quote) == ("claimed", quote.id)


def test_example_resolution_is_not_a_claim(extractor, tehran_text):
    ex = extractor.extract(Article(id="t", text=tehran_text, published="2020-04-18", source="test"))
    codes = {a.id: a.code for a in ex.actors}
    [passed] = [e for e in ex.events if codes.get(e.source) == "IRQLEG"]
    assert passed.quote is None and passed.mode != "claimed"

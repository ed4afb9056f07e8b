"""Quotation marks: every style, nesting, apostrophes, quotes that run on across paragraphs."""

from __future__ import annotations

import pytest

from dateline.nlp.quotemarks import quotations


def quoted(text: str) -> list[str]:
    return [text[s:e] for s, e in quotations(text)]


@pytest.mark.parametrize("text, expected", [
    ("He said “we will win,” and left.", ["“we will win,”"]),
    ('He said "we will win," and left.', ['"we will win,"']),
    ("Il a dit « nous gagnerons » hier.", ["« nous gagnerons »"]),
    ("Er sagte „wir gewinnen“ gestern.", ["„wir gewinnen“"]),
    ("She called it ‘a disgrace’ on Monday.", ["‘a disgrace’"]),
    ("He said ''We must not overreact,'' in 1998.", ["''We must not overreact,''"]),
])
def test_quotation_styles(text, expected):
    assert quoted(text) == expected


def test_apostrophes_are_not_quotes():
    text = "The voters’ heads don’t turn; it’s Iran’s view that ‘the deal is dead’ now."
    assert quoted(text) == ["‘the deal is dead’"]


def test_nested_quote_is_inside_the_outer_one():
    text = "“He told me ‘never again’ and meant it,” she said."
    assert quoted(text) == ["“He told me ‘never again’ and meant it,”"]


def test_quote_running_on_into_the_next_paragraph_is_one_quotation():
    text = "He said: “The first part goes on.\n\n“And the second part ends here.”\n\nNext story."
    assert quoted(text) == ["“The first part goes on.\n\n“And the second part ends here.”"]


def test_unclosed_quote_ends_with_its_paragraph():
    text = "He said: “This never closes.\n\nThe reporter goes on."
    assert quoted(text) == ["“This never closes."]


def test_example_article_quotations(tehran_text):
    found = quoted(tehran_text)
    assert len(found) == 6
    assert found[2].startswith("“But, considering") and found[2].endswith("will not work.”")

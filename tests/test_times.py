"""The times stage on real sentences: spans with TimeML edges, values anchored by tense, event dates."""

from __future__ import annotations

import pytest
from conftest import TEHRAN, tehran_required

from dateline.model import Article
from dateline.nlp.eventdate import EventDater
from dateline.read import read_inputs


def extract(extractor, text: str, published: str | None = "2020-04-18"):
    return extractor.extract(Article(id="t", text=text, published=published, source="test"))


def times_of(extractor, text: str, published: str | None = "2020-04-18"):
    return [(t.text, t.type, t.value, t.mod) for t in extract(extractor, text, published).times]


@tehran_required()
def test_the_example_article(extractor):
    [article] = list(read_inputs([str(TEHRAN)], max_bytes=1_000_000))
    times = {t.text: t for t in extractor.extract(article).times}
    assert times["Saturday"].value == "2020-04-18"
    assert times["April 7"].value == "2020-04-07"
    assert (times["mid-June"].value, times["mid-June"].mod) == ("2020-06", "MID")
    assert (times["early January"].value, times["early January"].mod) == ("2020-01", "START")


@pytest.mark.parametrize("text, published, expected", [
    # a bare month takes its year from the clause's tense
    ("The talks will resume in March.", "2019-12-20", ("March", "DATE", "2020-03", None)),
    ("The talks resumed in March.", "2019-12-20", ("March", "DATE", "2019-03", None)),
    ("The minister said the two sides would hold a dialogue in mid-June.", "2020-04-18",
     ("mid-June", "DATE", "2020-06", "MID")),
    # weekdays: the one before in the past, the next one in the future, the same day when equal
    ("Officials met on Monday.", "2020-04-16", ("Monday", "DATE", "2020-04-13", None)),
    ("Officials will meet on Monday.", "2020-04-16", ("Monday", "DATE", "2020-04-20", None)),
    ("Officials met on Thursday.", "2020-04-16", ("Thursday", "DATE", "2020-04-16", None)),
    # across a year boundary and a leap day
    ("The army withdrew on Dec. 30.", "2021-01-02", ("Dec. 30", "DATE", "2020-12-30", None)),
    ("The vote was held yesterday.", "2020-03-01", ("yesterday", "DATE", "2020-02-29", None)),
    ("Prices rose last week.", "2021-01-02", ("last week", "DATE", "2020-W52", None)),
    # hedges left outside the span keep their meaning as a mod
    ("The siege lasted about two weeks.", "2020-04-18", ("two weeks", "DURATION", "P2W", "APPROX")),
])
def test_values_in_sentences(extractor, text, published, expected):
    assert expected in times_of(extractor, text, published)


def test_no_anchor_no_relative_value(extractor):
    found = times_of(extractor, "The vote was held yesterday, and results came on 7 April 2020.", None)
    assert ("yesterday", "DATE", None, None) in found
    assert ("7 April 2020", "DATE", "2020-04-07", None) in found


def test_ages_and_numbers_are_not_times(extractor):
    found = times_of(extractor, "A 6-year-old boy and 44 others were hurt in the blast on Monday.")
    assert [t[0] for t in found] == ["Monday"]


def test_ranges_split_and_modifier_articles_dropped(extractor):
    found = [t[0] for t in times_of(extractor, "Sales grew between 1994 and 1997, before the 1998 crash.")]
    assert "1994" in found and "1997" in found and "1998" in found


def test_reference_words(extractor):
    found = times_of(extractor, "The company is now profitable and recently hired staff for the future.")
    assert ("now", "DATE", "PRESENT_REF", None) in found
    assert ("recently", "DATE", "PAST_REF", None) in found
    assert ("the future", "DATE", "FUTURE_REF", None) in found


def event_date(extractor, text, published, trigger_text):
    ex = extract(extractor, text, published)
    doc = extractor.nlp(text)
    trigger = next(t for t in doc if t.text == trigger_text)
    return EventDater(doc, ex.times, published).date_of(trigger)


def test_event_takes_its_own_clause_time(extractor):
    text = ("U.S. State Secretary Mike Pompeo announced on April 7 that the U.S. would hold a strategic dialogue "
            "with Iraq in mid-June.")
    announced = event_date(extractor, text, "2020-04-18", "announced")
    assert (announced.value, announced.precision, announced.source) == ("2020-04-07", "day", "text")
    hold = event_date(extractor, text, "2020-04-18", "hold")
    assert (hold.value, hold.precision, hold.source) == ("2020-06", "month", "text")


def test_event_date_carried_then_bounded(extractor):
    text = ("In early January, Iraq's parliament passed a resolution telling the government to end the presence "
            "of foreign troops.\n\nThe move came after the U.S. assassination of Iran's top general.")
    passed = event_date(extractor, text, "2020-04-18", "passed")
    assert (passed.value, passed.precision, passed.source) == ("2020-01", "month", "text")
    killing = event_date(extractor, text, "2020-04-18", "assassination")
    assert killing.value == "2020-01" and killing.bound == "before" and killing.source == "context"


def test_event_without_any_time_takes_the_publication_date(extractor):
    when = event_date(extractor, "Protesters burned tyres outside the embassy.", "2020-04-18", "burned")
    assert (when.value, when.precision, when.source) == ("2020-04-18", "day", "published")

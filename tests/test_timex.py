"""TIMEX3 normaliser: one table per rule family, anchors varied, concrete outputs asserted."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.nlp.timex import Timex, interval, normalise, precision

SAT = date(2020, 4, 18)      # the canonical example: a Saturday
FRI = date(2025, 5, 16)      # a Friday
WSJ = date(1989, 10, 26)     # a Thursday in Q4, TimeBank's favourite week


def check(text: str, anchor: date | None, expected: tuple, tense: str | None = None,
          reference: str | None = None) -> None:
    """`expected` is (type, value) or (type, value, mod)."""
    found = normalise(text, anchor, tense=tense, reference=reference)
    assert found == Timex(*expected), (text, found)


@pytest.mark.parametrize("text,anchor,tense,expected", [
    ("Saturday", SAT, None, ("DATE", "2020-04-18")),
    ("April 7", SAT, "past", ("DATE", "2020-04-07")),
    ("mid-June", SAT, "future", ("DATE", "2020-06", "MID")),
    ("early January", SAT, "past", ("DATE", "2020-01", "START")),
])
def test_canonical_example(text, anchor, tense, expected):
    check(text, anchor, expected, tense)


@pytest.mark.parametrize("text,anchor,tense,expected", [
    ("Sept. 30, 1989", SAT, None, ("DATE", "1989-09-30")),
    ("7 April 2020", FRI, None, ("DATE", "2020-04-07")),
    ("Apr. 7", SAT, None, ("DATE", "2020-04-07")),
    ("4/7/2020", FRI, None, ("DATE", "2020-04-07")),
    ("13/05/2025", FRI, None, ("DATE", "2025-05-13")),
    ("2020-04-07", None, None, ("DATE", "2020-04-07")),
    ("2019-08-01T14:30:00", None, None, ("TIME", "2019-08-01T14:30")),
    ("the 15th", FRI, None, ("DATE", "2025-05-15")),
    ("the 20th", FRI, "past", ("DATE", "2025-04-20")),       # after the anchor's day: last month's
    ("the 20th", FRI, "future", ("DATE", "2025-05-20")),
    ("July 31st", FRI, None, ("DATE", "2024-07-31")),
    ("on 8 July", FRI, None, ("DATE", "2024-07-08")),
    ("May 13, 2025,", FRI, None, ("DATE", "2025-05-13")),
    ("1992", FRI, None, ("DATE", "1992")),
    ("the 1988 period", WSJ, None, ("DATE", "1988")),
    ("March", SAT, None, ("DATE", "2020-03")),
    ("August 15", FRI, None, ("DATE", "2024-08-15")),          # unknown tense resolves backwards
    ("August 15", FRI, "future", ("DATE", "2025-08-15")),
    ("Dec. 15", WSJ, "present", ("DATE", "1989-12-15")),      # present: the nearest such day
    ("last November", date(2000, 4, 24), None, ("DATE", "1999-11")),
    ("June last year", date(1998, 2, 19), None, ("DATE", "1997-06")),
    ("Christmas Day 2019", FRI, None, ("DATE", "2019-12-25")),
])
def test_explicit_dates(text, anchor, tense, expected):
    check(text, anchor, expected, tense)


@pytest.mark.parametrize("text,anchor,tense,expected", [
    ("December", date(2020, 1, 3), "past", ("DATE", "2019-12")),
    ("in January", date(2019, 12, 20), "future", ("DATE", "2020-01")),
    ("last week", date(2021, 1, 2), None, ("DATE", "2020-W52")),
    ("this week", date(2021, 1, 2), None, ("DATE", "2020-W53")),     # ISO week-year, not calendar year
    ("yesterday", date(2021, 1, 1), None, ("DATE", "2020-12-31")),
    ("last year", date(2021, 1, 1), None, ("DATE", "2020")),
    ("next month", date(2020, 12, 10), None, ("DATE", "2021-01")),
])
def test_year_boundaries(text, anchor, tense, expected):
    check(text, anchor, expected, tense)


@pytest.mark.parametrize("text,anchor,tense,expected", [
    ("yesterday", date(2020, 3, 1), None, ("DATE", "2020-02-29")),
    ("Feb. 29", date(2021, 3, 1), "past", ("DATE", "2020-02-29")),
    ("Feb. 29", date(2021, 3, 1), "future", ("DATE", "2024-02-29")),
    ("a year earlier", date(2020, 3, 5), None, ("DATE", "2019-02-28")),
])
def test_leap_days(text, anchor, tense, expected):
    reference = "2020-02-29" if text == "a year earlier" else None
    check(text, anchor, expected, tense, reference)


@pytest.mark.parametrize("text,tense,expected", [
    ("Friday", None, "2025-05-16"), ("friday", "past", "2025-05-16"), ("FRIDAY", "future", "2025-05-16"),
    ("Fri.", None, "2025-05-16"), ("on Friday", None, "2025-05-16"), ("this Friday", None, "2025-05-16"),
    ("Saturday", None, "2025-05-10"), ("Thursday", None, "2025-05-15"), ("Tues", None, "2025-05-13"),
    ("Wed.", None, "2025-05-14"), ("Monday", "future", "2025-05-19"), ("Thursday", "future", "2025-05-22"),
    ("last Friday", None, "2025-05-09"), ("last Wednesday", None, "2025-05-14"),
    ("next Friday", None, "2025-05-23"), ("next Monday", None, "2025-05-19"),
    ("this Monday", None, "2025-05-12"), ("late Friday", None, "2025-05-16"),
])
def test_weekdays(text, tense, expected):
    found = normalise(text, FRI, tense=tense)
    assert found is not None and found.value == expected, found


@pytest.mark.parametrize("text,expected", [
    # a weekday with a part of day, and "tonight"/"overnight", are the day (TimeBank's majority practice)
    ("Friday night", ("DATE", "2025-05-16")), ("Thursday evening", ("DATE", "2025-05-15")),
    ("overnight Friday", ("DATE", "2025-05-16")), ("Friday morning", ("DATE", "2025-05-16")),
    ("tonight", ("DATE", "2025-05-16")), ("this morning", ("TIME", "2025-05-16TMO")),
    ("this afternoon", ("TIME", "2025-05-16TAF")), ("last night", ("TIME", "2025-05-15TNI")),
    ("overnight", ("DATE", "2025-05-15")), ("mid-afternoon yesterday", ("TIME", "2025-05-15TAF", "MID")),
    ("6 a.m.", ("TIME", "2025-05-16T06:00")), ("6 a.m", ("TIME", "2025-05-16T06:00")),
    ("6:30 p.m.", ("TIME", "2025-05-16T18:30")), ("noon", ("TIME", "2025-05-16T12:00")),
    ("midnight", ("TIME", "2025-05-16T24:00")),
    ("around 6:30 a.m. on Tuesday", ("TIME", "2025-05-13T06:30", "APPROX")),
    ("10 p.m. Wednesday", ("TIME", "2025-05-14T22:00")),
])
def test_parts_of_day_and_clock_times(text, expected):
    check(text, FRI, expected)


def test_bare_clock_time_takes_a_recent_reference_day():
    assert normalise("10:35 a.m.", date(1998, 8, 8), reference="1998-08-07").value == "1998-08-07T10:35"
    assert normalise("10:35 a.m.", date(1998, 8, 8), reference="1997-08-07").value == "1998-08-08T10:35"


@pytest.mark.parametrize("text,anchor,expected", [
    ("today", FRI, ("DATE", "2025-05-16")), ("tomorrow", FRI, ("DATE", "2025-05-17")),
    ("last week", FRI, ("DATE", "2025-W19")), ("this week", FRI, ("DATE", "2025-W20")),
    ("last month", FRI, ("DATE", "2025-04")), ("this year", FRI, ("DATE", "2025")),
    ("earlier this year", FRI, ("DATE", "2025")), ("previous year", FRI, ("DATE", "2024")),
    ("two days ago", FRI, ("DATE", "2025-05-14")), ("three weeks ago", FRI, ("DATE", "2025-04-25")),
    ("five months ago", date(1998, 3, 31), ("DATE", "1997-10")), ("41 years ago", date(2000, 1, 15), ("DATE", "1959")),
    ("a year ago", FRI, ("DATE", "2024")), ("the past decade", FRI, ("DURATION", "P10Y")),
    ("the past three years", FRI, ("DURATION", "P3Y")), ("recent days", FRI, ("DURATION", "PXD")),
    ("the weekend", date(1989, 10, 30), ("DATE", "1989-W43-WE")),
    ("over the weekend", FRI, ("DATE", "2025-W19-WE")),
    ("third week of April", FRI, ("DATE", "2025-W16")),
])
def test_relative(text, anchor, expected):
    check(text, anchor, expected)


@pytest.mark.parametrize("text,expected", [
    ("late 2019", ("DATE", "2019", "END")), ("the end of 1990", ("DATE", "1990", "END")),
    ("around 2015", ("DATE", "2015", "APPROX")), ("about 2015", ("DATE", "2015", "APPROX")),
    ("early next year", ("DATE", "2025", "START")), ("late last year", ("DATE", "2023", "END")),
    ("the end of last year", ("DATE", "2023", "END")), ("beginning of the month", ("DATE", "2024-03", "START")),
    ("the end of the year", ("DATE", "2024", "END")), ("the end of this week", ("DATE", "2024-W11", "END")),
    ("late last month", ("DATE", "2024-02", "END")), ("mid-last year", ("DATE", "2023", "MID")),
    ("the first half of 2022", ("DATE", "2022-H1")), ("the second half", ("DATE", "2023-H2")),
    ("the second half", ("DATE", "2023-H2")), ("1994 or later", ("DATE", "1994", "ON_OR_AFTER")),
    ("post-1959", ("DATE", "1959", "AFTER")),
])
def test_parts_and_approximations(text, expected):
    check(text, date(2024, 3, 15), expected)


@pytest.mark.parametrize("text,anchor,expected", [
    ("this summer", date(2020, 4, 18), ("DATE", "2020-SU")), ("last spring", date(2020, 4, 18), ("DATE", "2019-SP")),
    ("last spring", date(2020, 10, 1), ("DATE", "2020-SP")), ("winter 2019", FRI, ("DATE", "2019-WI")),
    ("the summer of 2020", FRI, ("DATE", "2020-SU")), ("this winter", date(2020, 11, 2), ("DATE", "2021-WI")),
])
def test_seasons(text, anchor, expected):
    check(text, anchor, expected)


@pytest.mark.parametrize("text,tense,reference,expected", [
    ("the third quarter", None, None, "1989-Q3"), ("third-quarter", "past", None, "1989-Q3"),
    ("the third quarter", "future", None, "1989-Q3"),     # just ended: still reported/forecast this year
    ("the first quarter", "future", None, "1990-Q1"), ("the fourth quarter", None, None, "1989-Q4"),
    ("fiscal second-quarter", None, None, "1989-Q2"), ("Q2 2023", None, None, "2023-Q2"),
    ("the fourth quarter of 1989", None, None, "1989-Q4"), ("this year's third quarter", None, None, "1989-Q3"),
    ("next year's first quarter", None, None, "1990-Q1"), ("the 1988 third quarter", None, None, "1988-Q3"),
    ("the year-ago quarter", None, None, "1988-Q4"), ("the year-ago quarter", None, "1989-Q3", "1988-Q3"),
    ("the quarter", None, None, "1989-Q3"), ("the latest quarter", None, "1989-Q2", "1989-Q2"),
    ("last quarter", None, None, "1989-Q3"),
])
def test_quarters(text, tense, reference, expected):
    found = normalise(text, WSJ, tense=tense, reference=reference)
    assert found == Timex("DATE", expected), found


def test_quarter_in_the_first_months_of_a_year():
    assert normalise("the fourth quarter", date(2021, 2, 1)).value == "2020-Q4"


@pytest.mark.parametrize("text,expected", [
    ("the 1990s", ("DATE", "199")), ("the '80s", ("DATE", "198")), ("early 1990s", ("DATE", "199", "START")),
    ("the mid-1990s", ("DATE", "199", "MID")), ("the sixties", ("DATE", "196")),
    ("the 11th century", ("DATE", "10")), ("the 20th century", ("DATE", "19")), ("this century", ("DATE", "20")),
])
def test_decades_and_centuries(text, expected):
    check(text, FRI, expected)


@pytest.mark.parametrize("text,expected", [
    ("for three years", ("DURATION", "P3Y")), ("two days", ("DURATION", "P2D")),
    ("one minute", ("DURATION", "PT1M")), ("six hours", ("DURATION", "PT6H")), ("30-day", ("DURATION", "P30D")),
    ("one-year term", ("DURATION", "P1Y")), ("a three-year period", ("DURATION", "P3Y")),
    ("several years", ("DURATION", "PXY")), ("years", ("DURATION", "PXY")), ("months", ("DURATION", "PXM")),
    ("days", ("DURATION", "PXD")), ("the first nine months", ("DURATION", "P9M")),
    ("nearly two months", ("DURATION", "P2M", "APPROX")), ("more than 20 years", ("DURATION", "P20Y", "MORE_THAN")),
    ("less than a week", ("DURATION", "P1W", "LESS_THAN")), ("at least 30 days", ("DURATION", "P30D", "EQUAL_OR_MORE")),
    ("up to 180 days", ("DURATION", "P180D", "EQUAL_OR_LESS")), ("2,000 years", ("DURATION", "P2000Y")),
    ("a decade", ("DURATION", "P10Y")), ("two decades", ("DURATION", "P20Y")), ("half a year", ("DURATION", "P6M")),
    ("twenty-five years", ("DURATION", "P25Y")), ("2 1/2 years", ("DURATION", "P2Y6M")),
    ("a minute and a half", ("DURATION", "PT1M30S")), ("three days of clashes", ("DURATION", "P3D")),
    ("the next 14 months", ("DURATION", "P14M")),
])
def test_durations(text, expected):
    check(text, FRI, expected)


@pytest.mark.parametrize("text,expected", [
    ("every Friday", "XXXX-WXX-5"), ("each year", "P1Y"), ("annually", "P1Y"), ("yearly", "P1Y"),
    ("every month", "P1M"), ("monthly", "P1M"), ("daily", "P1D"), ("every day", "P1D"), ("weekly", "P1W"),
    ("twice a year", "P1Y"), ("each July", "XXXX-07"), ("Tuesday nights", "XXXX-WXX-2TNI"),
])
def test_sets(text, expected):
    assert normalise(text, FRI) == Timex("SET", expected)


@pytest.mark.parametrize("text,expected", [
    ("now", "PRESENT_REF"), ("currently", "PRESENT_REF"), ("at present", "PRESENT_REF"),
    ("nowadays", "PRESENT_REF"), ("these days", "PRESENT_REF"), ("recently", "PAST_REF"),
    ("in the past", "PAST_REF"), ("formerly", "PAST_REF"), ("previously", "PAST_REF"), ("once", "PAST_REF"),
    ("in the future", "FUTURE_REF"), ("soon", "FUTURE_REF"), ("in the coming years", "FUTURE_REF"),
    ("sometime soon", "FUTURE_REF"),
])
def test_references(text, expected):
    assert normalise(text, FRI) == Timex("DATE", expected)
    assert normalise(text, None) == Timex("DATE", expected)


@pytest.mark.parametrize("text,reference,expected", [
    ("a year earlier", "1989-Q3", "1988-Q3"), ("a year earlier", "1989-10-26", "1988-10-26"),
    ("a year earlier", "1988-Q3", "1988-Q3"),   # already the year-back period of a 1989 report
    ("the day before", "1989-10-26", "1989-10-25"), ("the previous day", "1989-10-26", "1989-10-25"),
    ("the next day", "1989-10-26", "1989-10-27"), ("that day", "1989-10-26", "1989-10-26"),
    ("the same day", "1989-10-26", "1989-10-26"), ("earlier that day", "1989-10-26", "1989-10-26"),
    ("that year", "1987-05-02", "1987"), ("the previous month", "1989-06", "1989-05"),
    ("two weeks later", "1989-10-02", "1989-10-16"), ("the same period", "1989-Q3", "1989-Q3"),
    ("the day before", "1989-Q3", None),        # a day before a quarter is unknown
])
def test_anaphora_with_reference(text, reference, expected):
    assert normalise(text, WSJ, reference=reference) == Timex("DATE", expected)


@pytest.mark.parametrize("text", ["a year earlier", "the day before", "the previous day", "the next day",
                                  "that day", "the same day", "two weeks later"])
def test_anaphora_without_reference_stays_unresolved(text):
    assert normalise(text, WSJ) == Timex("DATE", None)


@pytest.mark.parametrize("text", ["Christmas Day", "last Ramadan", "during Ramadan", "the day after the vote",
                                  "that day", "the day before", "Thanksgiving Day"])
def test_unresolvable_phrases_get_no_value(text):
    found = normalise(text, FRI)
    assert found is None or found.value is None, found


@pytest.mark.parametrize("text", ["according to police", "refused to comment", "the 2024 election",
                                  "the anniversary of the coup", "Wednesday, officials said", ""])
def test_not_temporal_expressions(text):
    assert normalise(text, FRI) is None


def test_relative_expressions_need_an_anchor():
    assert normalise("yesterday", None) == Timex("DATE", None)
    assert normalise("last Friday", None) == Timex("DATE", None)
    assert normalise("March", None) == Timex("DATE", None)
    assert normalise("Sept. 30, 1989", None) == Timex("DATE", "1989-09-30")
    assert normalise("three years", None) == Timex("DURATION", "P3Y")


@pytest.mark.parametrize("text,expected", [
    ("March 15-20", "2025-03-15"), ("12-14 May", "2025-05-12"), ("May 15-20, 2025", "2025-05-15"),
    ("March to April 2024", "2024-03"), ("from Monday to Wednesday", "2025-05-12"),
    ("a week before March 10", "2025-03-03"), ("a week before last Friday", "2025-05-02"),
])
def test_ranges_and_composites(text, expected):
    assert normalise(text, FRI).value == expected


@pytest.mark.parametrize("value,expected_precision,expected_interval", [
    ("2020-04-07", "day", (date(2020, 4, 7), date(2020, 4, 7))),
    ("2020-04-18TNI", "day", (date(2020, 4, 18), date(2020, 4, 18))),
    ("2020-06", "month", (date(2020, 6, 1), date(2020, 6, 30))),
    ("2020-02", "month", (date(2020, 2, 1), date(2020, 2, 29))),
    ("2020-W16", "week", (date(2020, 4, 13), date(2020, 4, 19))),
    ("2020-W53", "week", (date(2020, 12, 28), date(2021, 1, 3))),
    ("2025-W19-WE", "week", (date(2025, 5, 10), date(2025, 5, 11))),
    ("2020-Q2", "quarter", (date(2020, 4, 1), date(2020, 6, 30))),
    ("2022-H2", "half", (date(2022, 7, 1), date(2022, 12, 31))),
    ("2020-SU", "season", (date(2020, 6, 21), date(2020, 9, 22))),
    ("2020-WI", "season", (date(2019, 12, 21), date(2020, 3, 19))),
    ("2020", "year", (date(2020, 1, 1), date(2020, 12, 31))),
    ("199", "decade", (date(1990, 1, 1), date(1999, 12, 31))),
    ("19", "century", (date(1900, 1, 1), date(1999, 12, 31))),
])
def test_precision_and_interval(value, expected_precision, expected_interval):
    assert precision(value) == expected_precision
    assert interval(value) == expected_interval


@pytest.mark.parametrize("value", ["P3Y", "PXD", "PRESENT_REF", "XXXX-WXX-5", None])
def test_durations_refs_and_sets_have_no_interval(value):
    assert precision(value) is None
    assert interval(value) is None


@pytest.mark.parametrize("value", ["2020-13-01", "2020-02-30", "2021-W53", "2020-W00", "0000", "0000-01-01",
                                   "9999-W52-WE", "2020-00"])
def test_values_naming_no_real_day_have_no_interval(value):
    assert interval(value) is None


@pytest.mark.parametrize("text", [
    "292,000 weeks ago", "10,000 years ago", "3000000 days before March 3", "9999 decades earlier", "the past 292,000 years",
    "99999999999999999999 months from now",
])
def test_amounts_beyond_the_calendar_give_no_value(text):
    for reference in (None, "2020-03", "2020-03-06", "2020-Q1"):
        found = normalise(text, FRI, reference=reference)
        assert found is None or found.type == "DURATION" or found.value is None


def test_years_are_written_with_four_digits():
    assert normalise("1,500 years ago", FRI).value == "0525"     # "525" would read as the 5250s
    assert normalise("a millennium ago", FRI).value == "1025"


def test_anchor_or_reference_at_the_calendar_ends_gives_no_relative_value():
    for text in ("tomorrow", "next week", "last year", "in two weeks", "Friday", "the next day"):
        for anchor in (date(9999, 12, 31), date(1, 1, 1)):
            found = normalise(text, anchor)
            assert found is None or found.value is None or not found.value[:1].isdigit()
    assert normalise("the next day", FRI, reference="9999-12-31").value is None
    assert normalise("the next day", FRI, reference="2020-03-06").value == "2020-03-07"


def test_weekends_ago_are_weekends():
    anchor = date(1987, 3, 6)  # a Friday, ISO week 10
    assert normalise("a weekend ago", anchor).value == "1987-W09-WE"
    assert normalise("two weekends ago", anchor).value == "1987-W08-WE"


def test_a_count_before_a_singular_unit_counts_something_else():
    anchor = date(1987, 3, 6)
    # "slaughter at 300,000 head versus 292,000 week ago": head, not weeks
    assert normalise("292,000 week ago", anchor).value == "1987-02-27"
    assert normalise("3 weeks ago", anchor).value == "1987-02-13"

"""Constant tables and calendar arithmetic behind `dateline.nlp.timex`.

Word tables (months, weekdays, seasons, ordinals, units) and number words, calendar helpers,
TIMEX3 value parsing and shifting, the anchoring helpers that place a bare month, day, weekday,
quarter or season before or after the anchor as the tense says, and the `Timex`/`Context` types
with the small builders the rules share. The rules themselves are in `timex_dates`,
`timex_phrases` and `timex`. Conventions (documented once, used everywhere):

* seasons are astronomical, approximately: SP Mar 20-Jun 20, SU Jun 21-Sep 22,
  FA Sep 23-Dec 20, and ``Y-WI`` is the winter whose January lies in Y
  (Dec 21 of Y-1 to Mar 19 of Y);
* halves are ``Y-H1``/``Y-H2``; decades are three digits (``199``), centuries two (``19``);
* a weekend is ``Y-Www-WE`` (the Saturday and Sunday of ISO week ww).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
MONTH_RE = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"

WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
WEEKDAY_RE = r"(?:" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?"

SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_RE = r"(?:spring|summer|fall|autumn|winter)"

PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI",
                "overnight": "NI", "tonight": "NI"}

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty-second": 22,
    "twenty-third": 23, "twenty-fourth": 24, "twenty-fifth": 25, "twenty-sixth": 26,
    "twenty-seventh": 27, "twenty-eighth": 28, "twenty-ninth": 29, "thirtieth": 30,
    "thirty-first": 31,
}
ORDINAL_RE = r"(?:\d{1,2}(?:st|nd|rd|th)|" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + ")"

# Unit word -> (TIMEX3 unit letter, multiplier). Decades and centuries become years (P10Y),
# matching TimeBank's majority practice and keeping every duration comparable.
UNITS = {
    "second": ("S", 1), "sec": ("S", 1), "minute": ("MIN", 1), "min": ("MIN", 1),
    "hour": ("H", 1), "hr": ("H", 1), "day": ("D", 1), "night": ("D", 1), "week": ("W", 1),
    "fortnight": ("W", 2), "month": ("M", 1), "quarter": ("Q", 1), "year": ("Y", 1),
    "yr": ("Y", 1), "decade": ("Y", 10), "century": ("Y", 100), "centurie": ("Y", 100),
    "millennium": ("Y", 1000), "millennia": ("Y", 1000), "weekend": ("WE", 1),
}
UNIT_RE = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|fortnights?|months?|" \
          r"quarters?|years?|yrs?|decades?|century|centuries|millennium|millennia|weekends?)"
# How a vague amount ("several years") is written, per unit letter.
VAGUE_UNIT = {"S": "PTXS", "MIN": "PTXM", "H": "PTXH", "D": "PXD", "W": "PXW", "M": "PXM",
              "Q": "PXQ", "Y": "PXY", "WE": "PXWE"}
DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                "seventies": 7, "eighties": 8, "nineties": 9}

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000}
_NUMBER_WORD = r"(?:" + "|".join(sorted([*_SMALL, *_TENS, *_SCALES], key=len, reverse=True)) + r")"
_NUMBER_RUN = re.compile(rf"\b{_NUMBER_WORD}(?:(?:[\s-]+|\s+and\s+){_NUMBER_WORD})*\b")


def _chunks(words: list[str]) -> list[int]:
    """Group number words into 0-99 chunks: 'nineteen ninety four' -> [19, 94]."""
    chunks: list[int] = []
    for word in words:
        value = _SMALL.get(word, _TENS.get(word))
        if value < 10 and chunks and chunks[-1] in _TENS.values():
            chunks[-1] += value
        else:
            chunks.append(value)
    return chunks


def words_to_int(words: list[str]) -> int:
    """Value of spelled cardinal words; two 10-99 chunks read as a year ('nineteen ninety-four')."""
    if not any(w in _SCALES for w in words):
        chunks = _chunks(words)
        if len(chunks) == 2 and 11 <= chunks[0] <= 99 and 10 <= chunks[1] <= 99:
            return chunks[0] * 100 + chunks[1]
        return chunks[0]  # anything else is not a number phrase news writes; keep the first
    total, current = 0, 0
    for word in words:
        if word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0
        else:
            current += _SMALL.get(word, _TENS.get(word, 0))
    return total + current


_NUMBER_WORD_SEPARATORS = re.compile(r"[\s-]+")


def spelled_numbers_to_digits(text: str) -> str:
    """'twenty-five years' -> '25 years'; 'the year two thousand' -> 'the year 2000'."""
    def replace(match: re.Match[str]) -> str:
        words = [w for w in _NUMBER_WORD_SEPARATORS.split(match.group(0)) if w != "and"]
        return str(words_to_int(words))
    return _NUMBER_RUN.sub(replace, text)


def ordinal_value(word: str) -> int:
    """'3rd' -> 3, 'third' -> 3."""
    return int(word[:-2]) if word[:1].isdigit() else ORDINALS[word]


# ---------------------------------------------------------------- calendar helpers

# Python's calendar holds the years 1-9999.  "292,000 weeks ago" (a head count misread as weeks)
# or an article dated 9999-12-31 must not move a value out of it: arithmetic that would gives no
# value.  Years within one of the ends are refused too, so that the few days or weeks
# the rules add to an anchor or a reference cannot leave the calendar either.
FIRST_YEAR, LAST_YEAR = 1, 9999
# Years in one unit of each TIMEX3 unit letter (and of the weekend), for the bound above.
UNIT_YEARS = {"D": 1 / 365.25, "W": 7 / 365.25, "WE": 7 / 365.25, "M": 1 / 12, "Q": 1 / 4, "Y": 1,
              "H": 0, "MIN": 0, "S": 0}


def within_calendar(year: float) -> bool:
    """Whether a (fractional) year lies inside the calendar, a year clear of either end."""
    return FIRST_YEAR < year < LAST_YEAR


def iso_week(day: date) -> str:
    """ISO week value 'YYYY-Www' (ISO week-year, so Jan 2 2021 -> 2020-W53)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + n
    return index // 12, index % 12 + 1


def shift_day_by_months(day: date, n: int) -> date:
    """Same day n months away, clamped to the month's end (Mar 31 - 1 month = Feb 28/29)."""
    year, month = add_months(day.year, day.month, n)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def season_interval(year: int, code: str) -> tuple[date, date]:
    bounds = {"SP": ((3, 20), (6, 20)), "SU": ((6, 21), (9, 22)), "FA": ((9, 23), (12, 20))}
    if code == "WI":
        return date(year - 1, 12, 21), date(year, 3, 19)
    (m1, d1), (m2, d2) = bounds[code]
    return date(year, m1, d1), date(year, m2, d2)


def week_monday(year: int, week: int) -> date:
    return date.fromisocalendar(year, week, 1)


def month_day_valid(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


# ---------------------------------------------------------------- TIMEX3 value parsing

VALUE_FORMS: list[tuple[str, re.Pattern[str]]] = [
    ("day", re.compile(r"(\d{4})-(\d\d)-(\d\d)(T.*)?")),
    ("week", re.compile(r"(\d{4})-W(\d\d)(-WE|-\d)?")),
    ("month", re.compile(r"(\d{4})-(\d\d)")),
    ("quarter", re.compile(r"(\d{4})-Q([1-4])")),
    ("half", re.compile(r"(\d{4})-H([12])")),
    ("season", re.compile(r"(\d{4})-(SP|SU|FA|WI)")),
    ("year", re.compile(r"(\d{4})")),
    ("decade", re.compile(r"(\d{3})X?")),
    ("century", re.compile(r"(\d\d)(?:XX)?")),
]


def value_year(value: str | None) -> int | None:
    """The first year a calendar value covers ("1989-Q3" -> 1989, decade "198" -> 1980)."""
    parsed = parse_value(value)
    if parsed is None:
        return None
    kind, m = parsed
    return int(m[1]) * {"decade": 10, "century": 100}.get(kind, 1)


def parse_value(value: str | None) -> tuple[str, re.Match[str]] | None:
    """(precision, match) for a calendar value; None for durations, refs, sets, None."""
    if not value:
        return None
    for kind, pattern in VALUE_FORMS:
        match = pattern.fullmatch(value)
        if match:
            return kind, match
    return None


def shift_value(value: str | None, n: int, unit: str) -> str | None:
    """Move a calendar value n units ('D', 'W', 'M', 'Q', 'Y'), keeping its precision.

    Returns None when the unit is finer than the value (a day before "1989-Q3" is unknown).
    """
    parsed = parse_value(value)
    if parsed is None or n == 0 and unit != "Y":
        return value if parsed else None
    kind, m = parsed
    if not within_calendar(value_year(value) + n * UNIT_YEARS.get(unit, 0)):
        return None
    if unit in ("D", "W") and kind == "day":
        return (date(int(m[1]), int(m[2]), int(m[3])) + timedelta(days=n * (7 if unit == "W" else 1))).isoformat()
    if unit == "W" and kind == "week" and not m[3]:
        return iso_week(week_monday(int(m[1]), int(m[2])) + timedelta(weeks=n))
    months = {"M": 1, "Q": 3, "Y": 12}.get(unit)
    if months is None:
        return None
    if kind == "day":
        return shift_day_by_months(date(int(m[1]), int(m[2]), int(m[3])), n * months).isoformat()
    if kind == "month":
        year, month = add_months(int(m[1]), int(m[2]), n * months)
        return f"{year:04d}-{month:02d}"
    if kind == "quarter" and unit in ("Q", "Y"):
        index = int(m[1]) * 4 + int(m[2]) - 1 + (n if unit == "Q" else 4 * n)
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    if unit != "Y":
        return None
    if kind == "week":
        year = int(m[1]) + n
        week = min(int(m[2]), date(year, 12, 28).isocalendar()[1])  # W53 exists in some years only
        return f"{year:04d}-W{week:02d}{m[3] or ''}"
    if kind in ("half", "season"):
        return f"{int(m[1]) + n:04d}-{value[5:]}"
    if kind == "year":
        return f"{int(m[1]) + n:04d}"
    if kind == "decade" and n % 10 == 0:
        return f"{int(m[1]) + n // 10:03d}"
    return None


# ---------------------------------------------------------------- anchoring (tense decides direction)

def month_year(anchor: date, month: int, day: int | None, future: bool, nearest: bool = False) -> int:
    """Year of a month (and day) given without one: latest on/before the anchor, next on/after
    in a future clause, or the nearest to the anchor in a present-tense one ("payable Dec. 15")."""
    if nearest:
        def distance(year: int) -> int:
            target = date(year, month, min(day or 15, calendar.monthrange(year, month)[1]))
            return abs((target - anchor).days)
        return min((anchor.year, anchor.year - 1, anchor.year + 1), key=distance)
    here = (anchor.month, anchor.day if day is not None else 0)
    there = (month, day if day is not None else 0)
    if future:
        return anchor.year if there >= here else anchor.year + 1
    return anchor.year if there <= here else anchor.year - 1


def month_day_date(anchor: date, month: int, day: int, future: bool, nearest: bool = False) -> date | None:
    """The month/day nearest the anchor in the tense's direction; Feb 29 walks to a leap year."""
    year = month_year(anchor, month, day, future, nearest and not (month == 2 and day == 29))
    step = 1 if future else -1
    for _ in range(8):
        if month_day_valid(year, month, day):
            return date(year, month, day)
        year += step
    return None


def day_of_month_date(anchor: date, day: int, future: bool) -> date | None:
    """'the 15th': this month's, or the neighbouring month's when the tense points there."""
    year, month = anchor.year, anchor.month
    if not future and day > anchor.day:
        year, month = add_months(year, month, -1)
    elif future and day < anchor.day:
        year, month = add_months(year, month, 1)
    return date(year, month, day) if month_day_valid(year, month, day) else None


def weekday_date(anchor: date, weekday: int, relation: str | None, future: bool) -> date:
    """Weekday relative to the anchor. relation: None, 'last', 'next', 'this', 'coming', 'past'."""
    back = (anchor.weekday() - weekday) % 7          # days back to the latest such day (0 = anchor)
    if relation == "last" or relation == "past":
        return anchor - timedelta(days=back or 7)
    if relation == "next":                            # the one in the following ISO week
        return anchor + timedelta(days=7 - anchor.weekday() + weekday)
    if relation == "this":
        return anchor + timedelta(days=weekday - anchor.weekday())
    if relation == "coming" or (future and back):
        return anchor + timedelta(days=(weekday - anchor.weekday()) % 7 or 7)
    return anchor - timedelta(days=back)


def quarter_year(anchor: date, quarter: int, future: bool) -> int:
    """Year of 'the third quarter': the latest started on/before the anchor; in a future clause the
    next one not yet ended, except that the quarter just finished is still this year's (its
    results are reported, and forecast, in the following quarter)."""
    current = quarter_of(anchor)
    if quarter <= current:
        return anchor.year if not future or quarter >= current - 1 else anchor.year + 1
    return anchor.year if future else anchor.year - 1


def season_year(anchor: date, code: str, relation: str | None, future: bool) -> int:
    """Year of a season: 'this' = the anchor's year's, 'last' = latest ended, 'next' = next started."""
    if relation == "this":
        return anchor.year + (1 if code == "WI" and anchor.month > 6 else 0)
    years = range(anchor.year + 1, anchor.year - 3, -1)
    if relation in ("last", "past"):
        return next(y for y in years if season_interval(y, code)[1] < anchor)
    if relation in ("next", "coming"):
        return next(y for y in reversed(years) if season_interval(y, code)[0] > anchor)
    if future:
        return next(y for y in reversed(years) if season_interval(y, code)[1] >= anchor)
    return next(y for y in years if season_interval(y, code)[0] <= anchor)


def two_digit_year(yy: int, anchor: date | None) -> int:
    """'89 -> 1989; '05 -> 2005 when the anchor is in this century and not before it."""
    base = anchor.year if anchor else 1999
    century = base // 100 * 100
    return century + yy if century + yy <= base + 10 else century - 100 + yy


def year_of(text: str, anchor: date | None) -> int:
    """A 4-digit year, or a 2-digit one written '89 / 89."""
    digits = text.lstrip("'")
    return int(digits) if len(digits) == 4 else two_digit_year(int(digits), anchor)


def precision_of(value: str | None) -> str | None:
    """Granularity name of a calendar value (see `timex.precision`)."""
    parsed = parse_value(value)
    return parsed[0] if parsed else None


# ---------------------------------------------------------------- Timex, context and builders shared by the rules

@dataclass(frozen=True, slots=True)
class Timex:
    type: str            # "DATE", "TIME", "DURATION" or "SET"
    value: str | None    # TIMEX3 value, None when it cannot be known from anchor/reference
    mod: str | None = None


@dataclass(frozen=True, slots=True)
class Context:
    anchor: date | None
    future: bool
    reference: str | None
    nearest: bool = False    # present-tense clause: a bare month/day is the one nearest the anchor


# ---------------------------------------------------------------- small builders

def day_timex(day: date | None, part: str | None = None) -> Timex:
    """DATE for a day, or TIME when a part of day ('MO', 'NI') or clock time is known."""
    if day is None:
        return Timex("DATE", None)
    return Timex("TIME", f"{day.isoformat()}T{part}") if part else Timex("DATE", day.isoformat())


def needs_anchor(ctx: Context, build: Callable[[date], Timex]) -> Timex:
    """Relative expression: the value exists only when the anchor is known."""
    return build(ctx.anchor) if ctx.anchor else Timex("DATE", None)


def unit_of(word: str) -> tuple[str, int]:
    """'years' -> ('Y', 1), 'decades' -> ('Y', 10), 'centuries' -> ('Y', 100)."""
    word = word.rstrip(".")
    if word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith("s") and word[:-1] in UNITS:
        word = word[:-1]
    return UNITS[word]


def duration_value(amount: int | None, unit: str, multiplier: int = 1) -> str:
    """TIMEX3 duration value: P3Y, PT6H, PT1M; amount None -> vague (PXY)."""
    if amount is None:
        return VAGUE_UNIT[unit]
    if unit == "WE":
        return f"P{2 * amount}D"
    letter = "M" if unit == "MIN" else unit
    return f"PT{amount * multiplier}{letter}" if unit in ("H", "MIN", "S") else f"P{amount * multiplier}{letter}"


_PERIOD_YEARS = {name: UNIT_YEARS[letter] for name, letter in (
    ("day", "D"), ("week", "W"), ("weekend", "WE"), ("month", "M"), ("quarter", "Q"), ("year", "Y"))} | \
    {"decade": 10, "century": 100}


def period_value(anchor: date, unit: str, offset: int) -> str | None:
    """The anchor's week/month/quarter/year/... moved by `offset` whole periods; None outside
    the calendar."""
    if not within_calendar(anchor.year + offset * _PERIOD_YEARS.get(unit, 0)):
        return None
    if unit == "week":
        return iso_week(anchor + timedelta(weeks=offset))
    if unit == "weekend":
        return iso_week(anchor + timedelta(weeks=offset)) + "-WE"
    if unit == "month":
        year, month = add_months(anchor.year, anchor.month, offset)
        return f"{year:04d}-{month:02d}"
    if unit == "quarter":
        return shift_value(f"{anchor.year}-Q{quarter_of(anchor)}", offset, "Q")
    if unit == "year":
        return f"{anchor.year + offset:04d}"
    if unit == "decade":
        return f"{anchor.year // 10 + offset:03d}"
    if unit == "century":
        return f"{anchor.year // 100 + offset:02d}"
    if unit == "day":
        return (anchor + timedelta(days=offset)).isoformat()
    return None


def truncate_value(value: str | None, unit: str) -> str | None:
    """A reference value seen at a coarser unit ('1989-10-26' as a year -> '1989')."""
    parsed = parse_value(value)
    if parsed is None:
        return None
    kind, m = parsed
    order = ("day", "week", "month", "quarter", "year")
    if kind == unit:
        return value[:10] if kind == "day" else value   # a day reference drops its clock time
    if kind not in order or unit not in order or order.index(kind) > order.index(unit):
        return None
    if kind == "day":
        day = date(int(m[1]), int(m[2]), int(m[3]))
        return iso_week(day) if unit == "week" else period_value(day, unit, 0)
    if kind == "week":
        return m[1] if unit == "year" else None
    if kind == "month":
        return m[1] if unit == "year" else f"{m[1]}-Q{(int(m[2]) - 1) // 3 + 1}"
    return m[1]


def amount_value(word: str) -> int | None:
    """Amount word -> int; vague amounts (few, several) -> None."""
    if word.isdigit():
        return int(word)
    return {"a": 1, "an": 1, "one": 1, "couple of": 2, "a couple of": 2, "couple": 2}.get(word)


AMOUNT_RE = r"(?:\d+|an?|a couple of|couple of|a few|few|several|some|many|a number of|countless)"
PART_RE = r"(?:morning|afternoon|evening|night)"

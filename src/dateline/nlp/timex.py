"""TIMEX3 normalisation of English news temporal expressions (pure, spaCy-free).

`normalise(text, anchor, tense=..., reference=...)` maps one expression ("mid-June",
"the past three years", "Apr. 7", "last week") to a `Timex` (type, value, mod).
Conventions, beyond those in `timex_rules`:

* a bare month/day/weekday/quarter/season resolves backwards (latest on or before the
  anchor) unless the clause is future; in a present-tense clause a month/day is the one
  nearest the anchor; a weekday equal to the anchor's is the anchor; the quarter just
  ended stays this year's even in a future clause (results are forecast after it ends);
* "the quarter"/"the latest quarter" without a recent quarter as reference is the latest
  completed quarter; "the year-ago quarter" without one is the anchor's quarter a year back;
* relative phrases need the anchor, anaphoric ones ("a year earlier", "that day") the
  reference; without them the value is None, never a guess;
* durations count decades/centuries in years ("P10Y", "P2000Y"); vague amounts are "PXY";
* a trailing noun after a hyphenated duration adjective is ignored ("one-year term" -> P1Y),
  and "N units of <noun>" is the duration ("three days of clashes" -> P3D);
* a range ("March 15-20", "Monday to Wednesday") yields its first endpoint;
* a weekday with a part of day ("Friday night"), "tonight" and "overnight" are the day (DATE),
  as TimeBank mostly annotates them; "this morning", "last night" keep the part (TIME);
* fixed holidays resolve only with an explicit year ("Christmas Day 2019").

The rules live in `timex_dates` (written-out calendar dates, years, quarters, days, "ago") and
`timex_phrases` (vague references, anaphora, recurrences, durations, holidays); the rules that
resolve a part of the phrase again (clock times on a day, "week of", "a week before", ranges)
stay here beside `_resolve`, which tries them all in the order of `RULES`.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from . import timex_rules as R
from .timex_dates import rule_ago, rule_days, rule_explicit, rule_quarters, rule_years
from .timex_phrases import rule_anaphora, rule_durations, rule_holidays, rule_refs, rule_sets
from .timex_rules import (AMOUNT_RE, MONTH_RE, ORDINAL_RE, UNIT_RE, Context, Timex, amount_value, day_timex,
                          needs_anchor, ordinal_value, period_value, truncate_value, unit_of)

__all__ = ["Timex", "normalise", "precision", "interval", "PRECISIONS"]


PRECISIONS = ("day", "week", "month", "quarter", "half", "season", "year", "decade", "century")


def precision(value: str | None) -> str | None:
    """Granularity of a DATE/TIME value: one of PRECISIONS, None for durations, refs and sets.

    TIME values ("2020-04-18T06:00", "2020-04-18TNI") count as "day"; a weekend ("-WE") as "week";
    seasons are their own precision (they straddle months and, for winter, years).
    """
    return R.precision_of(value)


def interval(value: str | None) -> tuple[date, date] | None:
    """First and last day covered by a calendar value; None for durations, refs and sets, and
    for a value that names no real day ("2020-13-01", "2021-W53", "0000", "9999-W52-WE")."""
    parsed = R.parse_value(value)
    if parsed is None:
        return None
    try:
        return _interval(*parsed)
    except (ValueError, OverflowError):  # raised by `date` for a day or year outside the calendar
        return None


def _interval(kind: str, m: re.Match[str]) -> tuple[date, date]:
    year = int(m[1])
    if kind == "day":
        day = date(year, int(m[2]), int(m[3]))
        return day, day
    if kind == "week":
        monday = R.week_monday(year, int(m[2]))
        if m[3] == "-WE":
            return monday + timedelta(days=5), monday + timedelta(days=6)
        if m[3]:
            day = monday + timedelta(days=int(m[3][1:]) - 1)
            return day, day
        return monday, monday + timedelta(days=6)
    if kind == "month":
        month = int(m[2])
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    if kind in ("quarter", "half"):
        months = 3 if kind == "quarter" else 6
        first = (int(m[2]) - 1) * months + 1
        last = first + months - 1
        return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])
    if kind == "season":
        return R.season_interval(year, m[2])
    span = {"year": 1, "decade": 10, "century": 100}[kind]
    start = year * span
    return date(max(start, 1), 1, 1), date(start + span - 1, 12, 31)


_POSITION_IN_PERIOD = re.compile(r"\b(?:earlier|later|early|late|mid|beginning|end|start|middle|close)\b")


def normalise(text: str, anchor: date | None, *, tense: str | None = None,
              reference: str | None = None) -> Timex | None:
    """TIMEX3 type/value/mod of `text`, or None when it is not a temporal expression.

    anchor: publication date; without it relative expressions get value None.
    tense: of the clause around `text`. "future" resolves bare months, days, weekdays,
    quarters and seasons forwards; "past" and None backwards (latest on or before the
    anchor); "present" takes the month/day nearest the anchor ("payable Dec. 15") and
    otherwise behaves like "past".
    reference: value of the last date mentioned before `text`, for anaphora ("a year
    earlier", "that day", "the next day") and for bare clock times.
    """
    cleaned = _clean(text)
    if not cleaned:
        return None
    if anchor is not None and not R.within_calendar(anchor.year):
        anchor = None       # an article dated in year 1 or 9999: its relative dates have no value
    reference_year = R.value_year(reference)
    if reference_year is not None and not R.within_calendar(reference_year):
        reference = None
    context = Context(anchor, tense == "future", reference, tense == "present")
    core, mod = _strip_affixes(cleaned)
    if core in ("year", "month", "week", "fiscal year", "decade", "century") and \
            _POSITION_IN_PERIOD.search(cleaned):
        core = "this " + core   # "the end of the year", "earlier in the month": the anchor's period
    found = _resolve(core, context) if core else None
    if found is None and core != cleaned:
        found, mod = _resolve(cleaned, context), None
    if found is None:
        return None
    return Timex(found.type, found.value, mod or found.mod)


# ---------------------------------------------------------------- cleaning and modifiers

# Words that carry no value of their own (TimeML keeps them outside the timex as signals).
# "the day"/"the morning" keep their article: bare, they are anaphoric ("on the day").
_LEADING_WORDS = re.compile(
    r"^(?:on|in|at|by|since|until|till|during|from|for|of|back in|as of|as recently as|as early as|"
    r"as late as|as long as|starting|through|throughout|sometime|some time|its|their|our|his|her|"
    r"the(?! day$| morning$)|(?:earlier|later)(?= \S))\s+")
_OVER_UNDER = re.compile(r"^(over|under)\s+(?=\d|a |an |half)")
_PREFIX_MODS = [
    (re.compile(r"^(?:around|about|approximately|roughly|circa|ca\.|nearly|almost|close to|some(?= \d))\s+"), "APPROX"),
    (re.compile(r"^(?:more than|upwards of|longer than)\s+"), "MORE_THAN"),
    (re.compile(r"^(?:less than|fewer than|shorter than)\s+"), "LESS_THAN"),
    (re.compile(r"^(?:at least|no less than|no fewer than|a minimum of)\s+"), "EQUAL_OR_MORE"),
    (re.compile(r"^(?:at most|up to|no more than|within|a maximum of)\s+"), "EQUAL_OR_LESS"),
    (re.compile(r"^(?:no later than)\s+"), "ON_OR_BEFORE"),
    (re.compile(r"^(?:no earlier than)\s+"), "ON_OR_AFTER"),
    (re.compile(r"^(?:early|the early part of|the beginning of|beginning of|the start of|start of|"
                r"the first part of|the dawn of)\s+"), "START"),
    (re.compile(r"^(?:mid-|mid\s+|the middle of\s+|middle of\s+|the mid-)"), "MID"),
    (re.compile(r"^(?:late|the end of|end of|the close of|close of|the latter part of|"
                r"the later part of|the last part of)\s+"), "END"),
    (re.compile(r"^(?:pre-|before\s+)"), "BEFORE"),
    (re.compile(r"^(?:post-|after\s+)"), "AFTER"),
]
_SUFFIX_MODS = [
    (re.compile(r"\s+or so$"), "APPROX"),
    (re.compile(r"\s+or (?:more|longer)$"), "EQUAL_OR_MORE"),
    (re.compile(r"\s+or (?:less|fewer)$"), "EQUAL_OR_LESS"),
    (re.compile(r"\s+(?:or later|and beyond|or after|onwards?|and later)$"), "ON_OR_AFTER"),
    (re.compile(r"\s+(?:or earlier|or before|at the latest)$"), "ON_OR_BEFORE"),
]


_DASHES = re.compile(r"[\u2013\u2014]")
_PARENTHESIS = re.compile(r"\([^)]*\)")
_THOUSANDS_COMMA = re.compile(r"(\d),(\d{3})\b")
_A_HUNDRED = re.compile(r"\ba (hundred|thousand|dozen)\b")
_AND_A_HALF = re.compile(r"\b(\d+) 1/2 ")
_EARLY_LATE_HYPHEN = re.compile(r"\b(early|late)-(?=[a-z])")
_POSSESSIVE_END = re.compile(r"'s$")
_SPACES = re.compile(r"\s+")


def _clean(text: str) -> str:
    """Lower-case, unify quotes/dashes, spell numbers as digits, drop outer punctuation."""
    s = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    s = _DASHES.sub("-", s)
    s = _PARENTHESIS.sub(" ", s)  # "yesterday (Friday)": the parenthesis is an aside
    s = _THOUSANDS_COMMA.sub(r"\1\2", s)  # 2,000 -> 2000 (a comma + space separates a year)
    s = _A_HUNDRED.sub(r"one \1", s).replace("one dozen", "12")
    s = R.spelled_numbers_to_digits(s)
    s = _AND_A_HALF.sub(r"\1 and a half ", s)
    s = _EARLY_LATE_HYPHEN.sub(r"\1 ", s)
    s = _POSSESSIVE_END.sub("", s.strip())  # "Friday's" names the day
    s = _SPACES.sub(" ", s).strip(" \t\n,;:!?\"'.")
    return s


def _strip_affixes(s: str) -> tuple[str, str | None]:
    """Peel prepositions and modifier words off both ends; the outermost modifier wins."""
    mod: str | None = None
    changed = True
    while changed and s:
        changed = False
        stripped = s
        for pattern, name in _PREFIX_MODS:
            match = pattern.match(stripped)
            if match and stripped[match.end():]:
                stripped, mod = stripped[match.end():], mod or name
                break
        else:
            stripped = _LEADING_WORDS.sub("", stripped, count=1)
        over = _OVER_UNDER.match(stripped)
        if over:
            stripped, mod = stripped[over.end():], mod or ("MORE_THAN" if over[1] == "over" else "LESS_THAN")
        elif stripped.startswith("over "):
            stripped = stripped[5:]
        for pattern, name in _SUFFIX_MODS:
            match = pattern.search(stripped)
            if match:
                stripped, mod = stripped[:match.start()], mod or name
        if stripped != s:
            s, changed = stripped.strip(" ,"), True
    return s, mod


_CLOCK = re.compile(r"(?P<h>\d{1,2})(?::(?P<m>\d\d))?(?::\d\d)?\s*(?P<ap>[ap]\.?\s?m\b\.?)?"
                    r"(?:\s*(?P<oc>o'clock))?(?:\s+in the (?P<pod>morning|afternoon|evening|night))?"
                    r"(?:\s+(?:[a-z]{1,2}[sd]?t|gmt|utc|local time|local))?")
_NAMED_TIMES = {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}


_CLOCK_THEN_DAY = re.compile(rf"(noon|midday|midnight|{_CLOCK.pattern})"
                             rf"(?:,?\s+(?:on |of |this |yesterday |today )?(.+))?")
_DAY_THEN_CLOCK = re.compile(rf"(.+?),?\s+(?:at\s+)?(noon|midday|midnight|{_CLOCK.pattern})")


def _rule_time_of_day(s: str, ctx: Context) -> Timex | None:
    """'6:30 p.m.', 'noon', '10 p.m. Wednesday', 'around 6:30 a.m. on Tuesday'."""
    m = _CLOCK_THEN_DAY.fullmatch(s)
    if not m:
        m = _DAY_THEN_CLOCK.fullmatch(s)
        if not m:
            return None
        day_text, clock_text = m[1], m[2]
    else:
        clock_text, day_text = m[1], m.groups()[-1]
    clock = _clock_value(clock_text)
    if clock is None:
        return None
    if day_text:
        day = _resolve(day_text, ctx)
        if day is None or precision(day.value) != "day" and day.value is not None:
            return None
        if day.value is None:
            return Timex("TIME", None)
        return Timex("TIME", f"{day.value[:10]}T{clock}", day.mod)
    def on_day(a: date) -> Timex:
        # a bare clock time belongs to the day just mentioned, if that day is about the anchor's
        ref_day = truncate_value(ctx.reference, "day")
        if ref_day and abs((date.fromisoformat(ref_day) - a).days) <= 7:
            return Timex("TIME", f"{ref_day}T{clock}")
        return Timex("TIME", f"{a.isoformat()}T{clock}")
    return needs_anchor(ctx, on_day)


def _clock_value(text: str) -> str | None:
    """'6:30 p.m.' -> '18:30'; None for a bare number, which is not a time."""
    if text in _NAMED_TIMES:
        return _NAMED_TIMES[text]
    m = _CLOCK.fullmatch(text)
    if not m or not (m["ap"] or m["m"] or m["oc"] or m["pod"]):
        return None
    hour, minute = int(m["h"]), int(m["m"] or 0)
    evening = m["pod"] in ("afternoon", "evening") or m["pod"] == "night" and hour > 5   # "4 in the morning" stays
    if ((m["ap"] or "").startswith("p") or evening) and hour < 12:
        hour += 12
    elif (m["ap"] or "").startswith("a") and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}" if hour <= 24 and minute < 60 else None


_REL_OFFSETS = {"this": 0, "current": 0, "last": -1, "past": -1, "this past": -1, "next": 1, "coming": 1,
                "this coming": 1}


_RELATIVE_UNIT = re.compile(r"(?:(this past|this coming|this|current|last|past|next|coming) )?"
                            r"(week|weekend|month|year|fiscal year|calendar year)")
_WEEK_OF_DAY = re.compile(r"(?:week of|week beginning|week starting) (.+)")
_WEEK_OF_MONTH = re.compile(rf"({ORDINAL_RE}|last|final) week of ({MONTH_RE}(?: \d{{4}})?)")


def _rule_relative(s: str, ctx: Context) -> Timex | None:
    """'last week', 'this month', 'next year', 'the weekend', 'year-end'."""
    m = _RELATIVE_UNIT.fullmatch(s)
    if m:
        unit = "year" if m[2].endswith("year") else m[2]
        if m[1] is None:
            if unit == "year":
                return Timex("DURATION", "P1Y")   # bare "the year" mostly measures a span in news
            if unit == "weekend":
                def weekend(a: date) -> Timex:
                    back = 0 if ctx.future or a.weekday() >= 5 else -1
                    return Timex("DATE", period_value(a, "weekend", back))
                return needs_anchor(ctx, weekend)
        offset = _REL_OFFSETS.get(m[1] or "this", 0)
        return needs_anchor(ctx, lambda a: Timex("DATE", period_value(a, unit, offset)))
    if s in ("full year", "full fiscal year", "whole year", "entire year"):
        return needs_anchor(ctx, lambda a: Timex("DATE", str(a.year)))
    if s == "day":
        return Timex("DURATION", "P1D")
    if s in ("year-end", "year end", "year's end", "yearend"):
        return needs_anchor(ctx, lambda a: Timex("DATE", str(a.year), "END"))
    m = _WEEK_OF_DAY.fullmatch(s)
    if m:
        day = _resolve(m[1], ctx)
        if day is None or precision(day.value) != "day":
            return Timex("DATE", None)
        return Timex("DATE", R.iso_week(date.fromisoformat(day.value[:10])))
    m = _WEEK_OF_MONTH.fullmatch(s)
    if m:
        month = _resolve(m[2], ctx)
        span = interval(month.value) if month else None
        if span is None:
            return Timex("DATE", None) if month else None
        if m[1] in ("last", "final"):
            day = span[1] - timedelta(days=3)
        else:
            day = span[0] + timedelta(days=7 * (ordinal_value(m[1]) - 1))
        return Timex("DATE", R.iso_week(day))
    return None


_COMPOSITE = re.compile(rf"(?:({AMOUNT_RE}) )?({UNIT_RE}) (before|after|prior to|following|from) (.+)")


def _rule_composite(s: str, ctx: Context) -> Timex | None:
    """'a week before March 10', 'two days after Friday'; an unresolvable base gives value None."""
    m = _COMPOSITE.fullmatch(s)
    if not m or (m[1] is None and m[2] not in ("day", "week", "month", "year")):
        return None
    amount = 1 if m[1] is None else amount_value(m[1])
    base = _resolve(m[4], ctx) if m[4] not in ("now", "today") else needs_anchor(ctx, lambda a: day_timex(a))
    unit, multiplier = unit_of(m[2])
    if base is None or amount is None or unit not in ("D", "W", "M", "Q", "Y") or base.type not in ("DATE", "TIME"):
        return Timex("DATE", None)
    sign = -1 if m[3] in ("before", "prior to") else 1
    base_value = truncate_value(base.value, "day") or base.value
    return Timex("DATE", R.shift_value(base_value, sign * amount * multiplier, unit))


_RANGE_SPLIT = re.compile(r"\s*\b(?:to|through|thru|until|till)\s+|\s*-\s*")
_MAX_RANGE_SPLITS = 3     # each split recurses into both sides: keep long non-temporal text cheap


_MONTH_DAY_RANGE = re.compile(rf"({MONTH_RE} \d{{1,2}})(?:st|nd|rd|th)?\s*-\s*\d{{1,2}}(?:st|nd|rd|th)?(,? \d{{4}})?")
_DAY_RANGE_MONTH = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s*-\s*\d{{1,2}}(?:st|nd|rd|th)?"
                              rf"( {MONTH_RE}(?:,? \d{{4}})?)")
_TRAILING_YEAR = re.compile(r"\b(\d{4})$")
_FOUR_DIGITS = re.compile(r"\d{4}")


def _rule_ranges(s: str, ctx: Context) -> Timex | None:
    """A range gives its first endpoint: 'March 15-20', '12-14 May', 'Monday to Wednesday'."""
    m = _MONTH_DAY_RANGE.fullmatch(s) or _DAY_RANGE_MONTH.fullmatch(s)
    if m:
        return _resolve(m[1] + (m[2] or ""), ctx)
    splits = list(_RANGE_SPLIT.finditer(s))
    if len(splits) > _MAX_RANGE_SPLITS:
        return None
    for split in splits:
        left, right = s[:split.start()].strip(), s[split.end():].strip()
        if not left or not right:
            continue
        right_timex = _resolve(right, ctx)
        if right_timex is None or right_timex.type not in ("DATE", "TIME"):
            continue
        year = _TRAILING_YEAR.search(right)
        if year and not _FOUR_DIGITS.search(left):
            with_year = _resolve(f"{left} {year[1]}", ctx)
            if with_year is not None and R.parse_value(with_year.value):
                return with_year
        left_timex = _resolve(left, ctx)
        if left_timex is not None and (left_timex.value is None or R.parse_value(left_timex.value)):
            return left_timex
    return None


RULES = (rule_refs, rule_anaphora, rule_sets, rule_explicit, rule_years, rule_quarters, rule_days,
         _rule_relative, rule_ago, rule_durations, rule_holidays, _rule_time_of_day, _rule_composite,
         _rule_ranges)


def _resolve(s: str, ctx: Context) -> Timex | None:
    """First rule that recognises the cleaned, modifier-free phrase."""
    for rule in RULES:
        found = rule(s, ctx)
        if found is not None:
            return found
    return None

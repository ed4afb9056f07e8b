"""Rules for written-out calendar dates, used by `dateline.nlp.timex`.

Explicit dates ("Sept. 30, 1989", "7 April 2020", "4/7/2020", "2020-04-07", "last March",
"the 15th"), years, fiscal years, decades and centuries, quarters, halves and seasons, days
("yesterday", "this morning", "last Friday") and "N units ago". Each rule maps a cleaned,
modifier-free phrase and a `Context` to a `Timex`, or None when it does not recognise it;
none of them recurses into the resolver, so they need only `timex_rules`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from . import timex_rules as R
from .timex_rules import (AMOUNT_RE, MONTH_RE, ORDINAL_RE, PART_RE, SEASON_RE, UNIT_RE, WEEKDAY_RE, Context,
                          Timex, amount_value, day_timex, needs_anchor, ordinal_value, period_value, truncate_value,
                          unit_of)


_DAY_RE = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR_RE = r"(?P<year>\d{4}|'\d\d)"
_ANY_DAY_RE = rf"(?:{_DAY_RE}|(?P<oday>{ORDINAL_RE}))"
_EXPLICIT = [
    re.compile(rf"(?:{WEEKDAY_RE},? )?(?P<mon>{MONTH_RE}) (?:the )?{_ANY_DAY_RE}(?:,? {_YEAR_RE})?"),
    re.compile(rf"(?:{WEEKDAY_RE},? )?(?:the )?{_ANY_DAY_RE} (?:of )?(?P<mon>{MONTH_RE})(?:,? {_YEAR_RE})?"),
    re.compile(rf"(?P<mon>{MONTH_RE})(?:,? |,? of ){_YEAR_RE}"),
    re.compile(rf"(?P<mon>{MONTH_RE})"),
]


_ISO_DATE = re.compile(r"(\d{4})-(\d\d)(?:-(\d\d)(?:[t ](\d\d):(\d\d)(?::\d\d(?:\.\d+)?)?(?:z|[+-]\d\d:?\d\d)?)?)?")
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}|\d\d))?")
_RELATIVE_MONTH = re.compile(rf"(last|this|next|this past|this coming|past|coming) ({MONTH_RE})|"
                             rf"({MONTH_RE}),? (?:of )?(this|last|next) year")
_DAY_ORDINAL = re.compile(r"\d{1,2}(?:st|nd|rd|th)")


def rule_explicit(s: str, ctx: Context) -> Timex | None:
    """Calendar dates written out: 'Sept. 30, 1989', '7 April 2020', '4/7/2020', '2020-04-07'."""
    m = _ISO_DATE.fullmatch(s)
    if m:
        year, month = int(m[1]), int(m[2])
        if not m[3]:
            return Timex("DATE", f"{year}-{month:02d}") if 1 <= month <= 12 else None
        if not R.month_day_valid(year, month, int(m[3])):
            return None
        return Timex("TIME", f"{s[:10]}T{m[4]}:{m[5]}") if m[4] else Timex("DATE", s[:10])
    m = _NUMERIC_DATE.fullmatch(s)
    if m and (m[3] or "/" in s):
        first, second = int(m[1]), int(m[2])
        month, day = (second, first) if first > 12 else (first, second)  # US order unless impossible
        if m[3]:
            year = int(m[3]) if len(m[3]) == 4 else R.two_digit_year(int(m[3]), ctx.anchor)
            return Timex("DATE", date(year, month, day).isoformat()) if R.month_day_valid(year, month, day) else None
        return needs_anchor(ctx, lambda a: day_timex(R.month_day_date(a, month, day, ctx.future, ctx.nearest))) \
            if 1 <= month <= 12 else None
    m = _RELATIVE_MONTH.fullmatch(s)
    if m:
        month = R.MONTHS[(m[2] or m[3]).rstrip(".")]
        relation = {"this past": "last", "past": "last", "this coming": "next", "coming": "next"}.get(m[1], m[1])
        def related(a: date) -> Timex:
            if m[4]:
                year = a.year + {"this": 0, "last": -1, "next": 1}[m[4]]
            elif relation == "last":
                year = a.year if month < a.month else a.year - 1
            elif relation == "next":
                year = a.year if month > a.month else a.year + 1
            else:
                year = a.year
            return Timex("DATE", f"{year}-{month:02d}")
        return needs_anchor(ctx, related)
    for pattern in _EXPLICIT:
        m = pattern.fullmatch(s)
        if not m:
            continue
        month = R.MONTHS[m["mon"].rstrip(".")]
        groups = m.groupdict()
        day = int(groups["day"]) if groups.get("day") else ordinal_value(groups["oday"]) if groups.get("oday") else None
        year = R.year_of(groups["year"], ctx.anchor) if groups.get("year") else None
        if year is not None:
            if day is None:
                return Timex("DATE", f"{year}-{month:02d}")
            return Timex("DATE", date(year, month, day).isoformat()) if R.month_day_valid(year, month, day) else None
        if day is None:
            return needs_anchor(ctx, lambda a: Timex(
                "DATE", f"{R.month_year(a, month, None, ctx.future, ctx.nearest)}-{month:02d}"))
        if day > 31:
            return None
        return needs_anchor(ctx, lambda a: day_timex(R.month_day_date(a, month, day, ctx.future, ctx.nearest)))
    if _DAY_ORDINAL.fullmatch(s):  # "the 15th": a day of the anchor's month
        day = int(s[:-2])
        return needs_anchor(ctx, lambda a: day_timex(R.day_of_month_date(a, day, ctx.future))) if day <= 31 else None
    return None


_YEAR_QUARTER = re.compile(r"(\d{4}) (?:quarter|period)")
_YEAR = re.compile(r"(?:(?:fiscal|calendar|model|the year|year|fy|fiscal year|school year)\s?)?(\d{4}|'\d\d)"
                     r"(?: (?:period|fiscal year|calendar year|season|year|time frame|levels?|results))?")
_DECADE = re.compile(r"(\d\d\d)0'?s|'?(\d)0'?s|(" + "|".join(R.DECADE_WORDS) + ")")
_CENTURY = re.compile(rf"({ORDINAL_RE}) century(?: (?:ad|a\.d|ce))?")
_RELATIVE_DECADE = re.compile(r"(this|last|next|current|previous|past) (decade|century)")


def rule_years(s: str, ctx: Context) -> Timex | None:
    """Years, fiscal years, decades and centuries."""
    m = _YEAR_QUARTER.fullmatch(s)
    if m:   # "the 1988 quarter": the quarter under discussion, in that year
        number = ctx.reference[-1] if R.precision_of(ctx.reference) == "quarter" else None
        return Timex("DATE", f"{m[1]}-Q{number}" if number else m[1])
    m = _YEAR.fullmatch(s)
    if m and 1000 <= R.year_of(m[1], ctx.anchor) <= 2199:
        return Timex("DATE", str(R.year_of(m[1], ctx.anchor)))
    m = _DECADE.fullmatch(s)
    if m:
        if m[1]:
            return Timex("DATE", m[1])
        tens = int(m[2]) if m[2] else R.DECADE_WORDS[m[3]]
        return Timex("DATE", str(R.two_digit_year(tens * 10, ctx.anchor) // 10))
    m = _CENTURY.fullmatch(s)
    if m:
        return Timex("DATE", f"{ordinal_value(m[1]) - 1:02d}")
    m = _RELATIVE_DECADE.fullmatch(s)
    if m:
        if m[1] in ("last", "past") and m[2] == "decade":
            return Timex("DURATION", "P10Y")   # "the past decade" is the span up to now
        offset = {"last": -1, "previous": -1, "past": -1, "next": 1}.get(m[1], 0)
        return needs_anchor(ctx, lambda a: Timex("DATE", period_value(a, m[2], offset)))
    return None


_YEAR_WORDS = {"this year": 0, "last year": -1, "next year": 1, "the year": 0, "the current year": 0}
_YEAR_OR_REL = r"(?:\d{4}|'\d\d|this year|last year|next year|the year|the current year)"
_QUARTER = re.compile(
    rf"(?:(?P<rel>this|last|next|current|previous|past|latest|most recent|coming|recent|prior)[- ]"
    rf"|(?P<yr>{_YEAR_OR_REL})'s |(?P<yr3>\d{{4}}|'\d\d) (?=\S+[- ]quarter))?"
    rf"(?:fiscal[- ]?(?:year )?)?(?:(?P<ord>{ORDINAL_RE}|final)[- ])?(?:fiscal[- ]?)?(?:quarter|qtr)"
    rf"(?: (?:of |in )?(?:the )?(?:fiscal |calendar |fiscal year )?(?P<year2>{_YEAR_OR_REL}))?")


def _explicit_year(text: str | None, ctx: Context) -> int | None:
    """'1989', "'89", 'this year', 'next year' -> a year (None when relative and no anchor)."""
    if text is None:
        return None
    if text in _YEAR_WORDS:
        return ctx.anchor.year + _YEAR_WORDS[text] if ctx.anchor else None
    return R.year_of(text, ctx.anchor)


_QUARTER_CODE = re.compile(r"q([1-4])(?:[ -](\d{4}|'\d\d))?|(\d{4}) q([1-4])")
_HALF = re.compile(rf"(?:(?P<yr>{_YEAR_OR_REL})'s )?(?P<ord>first|second|1st|2nd|last|latter|final|back) half"
                     rf"(?: of (?:the )?(?:fiscal )?(?P<year2>{_YEAR_OR_REL}|year))?"
                     r"|h([12])[ -](\d{4})|(\d{4})[ -]h([12])")
_SEASON = re.compile(rf"(?:(this past|this coming|this|last|next|past|coming|current) )?({SEASON_RE})"
                     rf"(?:,? (?:of )?(\d{{4}}|'\d\d))?")


def rule_quarters(s: str, ctx: Context) -> Timex | None:
    """Quarters, halves and seasons."""
    m = _QUARTER_CODE.fullmatch(s)
    if m:
        number = int(m[1] or m[4])
        year_text = m[2] or m[3]
        if year_text:
            return Timex("DATE", f"{R.year_of(year_text, ctx.anchor)}-Q{number}")
        return needs_anchor(ctx, lambda a: Timex("DATE", f"{R.quarter_year(a, number, ctx.future)}-Q{number}"))
    if s in ("latest period", "most recent period", "recent period", "period"):
        return needs_anchor(ctx, lambda a: Timex("DATE", _reported_quarter(a, ctx.reference)))
    if s in ("latest fiscal year", "most recent fiscal year", "latest year", "most recent year"):
        return needs_anchor(ctx, lambda a: Timex("DATE", str(a.year - 1)))
    m = _QUARTER.fullmatch(s)
    if m:
        year_text = m["yr"] or m["year2"] or m["yr3"]
        if year_text and not ctx.anchor and year_text[0].isalpha():
            return Timex("DATE", None)
        year = _explicit_year(year_text, ctx)
        if m["ord"]:
            number = 4 if m["ord"] == "final" else ordinal_value(m["ord"])
            if number > 4:
                return None
            if year is not None:
                return Timex("DATE", f"{year}-Q{number}")
            return needs_anchor(ctx, lambda a: Timex("DATE", f"{R.quarter_year(a, number, ctx.future)}-Q{number}"))
        rel = m["rel"]
        if rel in ("latest", "most recent", "recent", None):
            return needs_anchor(ctx, lambda a: Timex("DATE", _reported_quarter(a, ctx.reference, rel is None)))
        offset = {"last": -1, "previous": -1, "past": -1, "prior": -1, "next": 1, "coming": 1}.get(rel, 0)
        return needs_anchor(ctx, lambda a: Timex("DATE", period_value(a, "quarter", offset)))
    m = _HALF.fullmatch(s)
    if m:
        if m[4] or m[6]:
            return Timex("DATE", f"{m[5] or m[6]}-H{m[4] or m[7]}")
        half = 1 if m["ord"] in ("first", "1st") else 2
        year_text = m["yr"] or (m["year2"] if m["year2"] != "year" else "this year")
        if year_text:
            year = _explicit_year(year_text, ctx)
            return Timex("DATE", f"{year}-H{half}" if year else None)
        def by_tense(a: date) -> Timex:
            current = 1 if a.month <= 6 else 2
            year = a.year + (1 if ctx.future and half < current else -1 if not ctx.future and half > current else 0)
            return Timex("DATE", f"{year}-H{half}")
        return needs_anchor(ctx, by_tense)
    m = _SEASON.fullmatch(s)
    if m:
        code = R.SEASONS[m[2]]
        if m[3]:
            return Timex("DATE", f"{R.year_of(m[3], ctx.anchor)}-{code}")
        rel = {"this past": "last", "this coming": "next", "current": "this"}.get(m[1] or "", m[1])
        return needs_anchor(ctx, lambda a: Timex("DATE", f"{R.season_year(a, code, rel, ctx.future)}-{code}"))
    return None


def _reported_quarter(anchor: date, reference: str | None, current_ok: bool = False) -> str | None:
    """'the quarter', 'the latest quarter': the quarter just named if it is recent (for 'latest',
    completed), else the latest completed one (news reports a quarter's results after it ends)."""
    latest = period_value(anchor, "quarter", -1)
    newest = period_value(anchor, "quarter", 0) if current_ok else latest
    if R.precision_of(reference) == "quarter" and R.shift_value(latest, -1, "Q") <= reference <= newest:
        return reference
    return latest


_DAY_WORDS = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1, "overnight": -1,
              "day before yesterday": -2, "day after tomorrow": 2}


_PART_THEN_DAY_WORD = re.compile(rf"({PART_RE}) (yesterday|today|tomorrow)")
_PART_OF_DAY = re.compile(rf"(yesterday|today|tomorrow|this|last|tonight|overnight)? ?({PART_RE}|overnight)")
_WEEKDAY = re.compile(rf"(?:(last|next|this|coming|this coming|this past|past|previous) )?(?:(overnight|{PART_RE}) )?"
                      rf"({WEEKDAY_RE})(?:,? ({PART_RE}))?")


def rule_days(s: str, ctx: Context) -> Timex | None:
    """today/yesterday/tonight, parts of day, and weekdays ('last Friday', 'Friday night')."""
    if s in _DAY_WORDS:
        part = None  # "tonight" is the day itself in TimeBank's practice, not a TIME
        return needs_anchor(ctx, lambda a: day_timex(a + timedelta(days=_DAY_WORDS[s]), part))
    m = _PART_THEN_DAY_WORD.fullmatch(s)
    if m:
        s = f"{m[2]} {m[1]}"
    m = _PART_OF_DAY.fullmatch(s)
    if m and (m[1] or m[2] != "overnight"):
        offset = {"yesterday": -1, "tomorrow": 1, "last": -1}.get(m[1] or "", 0)
        return needs_anchor(ctx, lambda a: day_timex(a + timedelta(days=offset), R.PARTS_OF_DAY[m[2]]))
    m = _WEEKDAY.fullmatch(s)
    if not m:
        return None
    weekday = R.WEEKDAYS[m[3].rstrip(".")]
    rel = {"this coming": "coming", "this past": "last", "past": "last"}.get(m[1] or "", m[1])
    # "Friday night" is annotated as the day in TimeBank far more often than as a TIME
    part = None
    if rel == "previous":
        ref_day = truncate_value(ctx.reference, "day")
        if ref_day:
            return day_timex(R.weekday_date(date.fromisoformat(ref_day), weekday, "last", False), part)
        rel = "last"
    return needs_anchor(ctx, lambda a: day_timex(R.weekday_date(a, weekday, rel, ctx.future), part))


_AGO = re.compile(rf"({AMOUNT_RE}) ({UNIT_RE}) (ago|from now|hence)")


def rule_ago(s: str, ctx: Context) -> Timex | None:
    """'two days ago' (a day), 'three weeks ago' (21 days back), 'five months ago' (a month)."""
    m = _AGO.fullmatch(s)
    if not m:
        return None
    amount = amount_value(m[1])
    unit, multiplier = unit_of(m[2])
    if amount is None:
        return Timex("DATE", "PAST_REF" if m[3] == "ago" else "FUTURE_REF")
    if amount > 1 and not m[2].endswith("s"):
        amount = 1  # "292,000 week ago" in a market report: the number counts head, the unit is one week
    sign = -1 if m[3] == "ago" else 1
    n = sign * amount * multiplier
    def back(a: date) -> Timex:
        if not R.within_calendar(a.year + n * R.UNIT_YEARS[unit]):
            return Timex("DATE", None)
        if unit in ("D", "W"):
            return day_timex(a + timedelta(days=n * (7 if unit == "W" else 1)))
        if unit in ("H", "MIN", "S"):
            return day_timex(a)      # hours ago: still the anchor's day, the clock time is unknown
        if unit == "M":
            return Timex("DATE", period_value(a, "month", n))
        if unit == "Q":
            return Timex("DATE", period_value(a, "quarter", n))
        if unit == "WE":
            return Timex("DATE", period_value(a, "weekend", n))   # "two weekends ago": that weekend
        return Timex("DATE", f"{a.year + n:04d}")
    return needs_anchor(ctx, back)

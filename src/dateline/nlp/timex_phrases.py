"""Rules for phrases that are not a written-out calendar date, used by `dateline.nlp.timex`.

Vague references ("recently", "now", "soon": PAST_REF/PRESENT_REF/FUTURE_REF), anaphora
resolved against the reference ("that day", "the day before", "a year earlier", "the
year-ago quarter"), recurrences ("weekly", "every Friday", "Tuesday nights"), durations
("three years", "30-day", "half a year") and holidays ("Christmas Day 2019").
"""

from __future__ import annotations

import re
from datetime import date

from .timex_rules import (AMOUNT_RE, MONTH_RE, MONTHS, ORDINAL_RE, PART_RE, PARTS_OF_DAY, SEASON_RE, SEASONS,
                          UNIT_RE, WEEKDAY_RE, WEEKDAYS, Context, Timex, amount_value, duration_value,
                          needs_anchor, ordinal_value, parse_value, period_value, precision_of, quarter_of,
                          quarter_year, shift_value, truncate_value, unit_of)


# ---------------------------------------------------------------- rules (each: str, context -> Timex | None)

_PRESENT = {"now", "right now", "just now", "currently", "current", "present", "presently", "nowadays",
            "these days", "the moment", "this moment", "this point", "this time", "already"}
_PAST = {"recently", "recent", "past", "formerly", "previously", "once", "earlier", "lately", "before",
         "a while ago", "long ago", "some time ago", "not long ago", "more recently", "recent times",
         "then", "years past"}
_FUTURE = {"future", "near future", "soon", "shortly", "later", "eventually", "a later date",
           "later date", "the future", "the near future", "coming", "as soon as possible", "near term",
           "short term", "long term", "longer term", "near-term", "short-term", "long-term", "future quarters",
           "future years"}
_VAGUE_SPANS = {"a while", "while", "a long time", "long", "some time", "a short time", "a short while", "a time"}


_VAGUE_AGO = re.compile(rf"(?:a few|few|several|many|some|\d+s of) {UNIT_RE} ago")
_UNITS_AGO = re.compile(r"(?:days|weeks|months|years|decades) ago")
_COMING_UNITS = re.compile(rf"(?:coming|upcoming) {UNIT_RE}")
_UNITS_AHEAD = re.compile(rf"{UNIT_RE} (?:ahead|to come)")


def rule_refs(s: str, ctx: Context) -> Timex | None:
    """PRESENT_REF / PAST_REF / FUTURE_REF words, and spans of unknown length ('a while')."""
    if s in _VAGUE_SPANS:
        return Timex("DURATION", "PXX")     # a span of unknown unit
    if s in _PRESENT:
        return Timex("DATE", "PRESENT_REF")
    if s in _PAST or _VAGUE_AGO.fullmatch(s) or _UNITS_AGO.fullmatch(s):
        return Timex("DATE", "PAST_REF")
    if s in _FUTURE or _COMING_UNITS.fullmatch(s) and s.endswith("s") or _UNITS_AHEAD.fullmatch(s):
        return Timex("DATE", "FUTURE_REF")
    return None


_SAME = r"(?:that|same|this same|that same|the same)"


_SAME_UNIT = re.compile(rf"{_SAME} (day|week|month|year|quarter|period|time|{PART_RE})|the (day)")
_DAY_BEFORE_AFTER = re.compile(rf"(?:(?:previous|prior|preceding) ({PART_RE}|day|night)|({PART_RE}|day|night) before|"
                               rf"(?:next|following|subsequent) ({PART_RE}|day)|({PART_RE}|day) after)")
_AMOUNT_EARLIER_LATER = re.compile(rf"({AMOUNT_RE}) ({UNIT_RE}) (earlier|before|later|after|afterwards?|on)")
_PREVIOUS_FOLLOWING_UNIT = re.compile(r"(?:previous|prior|preceding|following|subsequent) "
                                      r"(week|month|quarter|year|decade)")


def rule_anaphora(s: str, ctx: Context) -> Timex | None:
    """Expressions that need the reference: 'that day', 'the day before', 'two weeks later'."""
    ref = ctx.reference
    if s == "the morning":      # the morning of the day just mentioned, if that day is recent
        value = truncate_value(ref, "day")
        if value is None or ctx.anchor and abs((date.fromisoformat(value) - ctx.anchor).days) > 7:
            value = ctx.anchor.isoformat() if ctx.anchor else None
        return Timex("TIME", f"{value}TMO") if value else Timex("TIME", None)
    m = _SAME_UNIT.fullmatch(s)
    if m:
        unit = m[1] or m[2]
        if unit in ("period", "time"):
            return Timex("DATE", ref if parse_value(ref) else None)
        part = PARTS_OF_DAY.get(unit)
        value = truncate_value(ref, "day" if part else unit)
        return Timex("TIME", f"{value}T{part}") if part and value else Timex("DATE", value)
    m = _DAY_BEFORE_AFTER.fullmatch(s)
    if m:
        step = -1 if m[1] or m[2] else 1
        part = PARTS_OF_DAY.get(m[1] or m[2] or m[3] or m[4] or "day")
        value = shift_value(truncate_value(ref, "day"), step, "D")
        return Timex("TIME", f"{value}T{part}") if part and value else Timex("DATE", value)
    m = _AMOUNT_EARLIER_LATER.fullmatch(s)
    if m:
        unit, multiplier = unit_of(m[2])
        amount = amount_value(m[1])
        if amount is None or unit not in ("D", "W", "M", "Q", "Y"):
            return Timex("DATE", None)
        sign = -1 if m[3] in ("earlier", "before") else 1
        if unit == "Y" and sign * amount * multiplier == -1:
            return Timex("DATE", year_before(ref if parse_value(ref) else None, ctx.anchor))
        return Timex("DATE", shift_value(ref, sign * amount * multiplier, unit))
    m = _PREVIOUS_FOLLOWING_UNIT.fullmatch(s)
    if m:
        step = -1 if s.startswith(("previous", "prior", "preceding")) else 1
        if ref and parse_value(ref):
            unit = m[1]
            base = truncate_value(ref, unit)
            return Timex("DATE", shift_value(base, step, {"week": "W", "month": "M", "quarter": "Q"}.get(unit, "Y")))
        return needs_anchor(ctx, lambda a: Timex("DATE", period_value(a, m[1], step))) if step < 0 \
            else Timex("DATE", None)
    return _year_ago(s, ctx)


def year_before(ref: str | None, anchor: date | None) -> str | None:
    """The reference a year back, unless it already is the year-back period: a coarse reference
    in the year before the latest reported quarter's is the comparison period itself (a second
    "a year earlier" in the same report means the same period, not two years back)."""
    kind = precision_of(ref)
    if kind is None:
        return None
    if anchor and kind not in ("day", "week"):
        reported_year = int(period_value(anchor, "quarter", -1)[:4])
        if int(ref[:4]) == reported_year - 1:
            return ref
    return shift_value(ref, -1, "Y")


_YEAR_BACK = r"(?:year-ago|year-earlier|year earlier|year-before|prior-year|previous-year|last year's)"
_YEAR_AGO_PERIOD = re.compile(rf"(?:comparable |corresponding |same )?{_YEAR_BACK}"
                              rf"(?: ({ORDINAL_RE}|final))?(?: fiscal)?"
                              rf" (quarter|period|months|\d+ months|half)")
_QUARTER_YEAR_AGO = re.compile(r"quarter (?:a year ago|a year earlier|last year|of last year)")
_SAME_PERIOD = re.compile(r"(?:same|comparable|corresponding|year-ago|year-earlier) (?:quarter|period)"
                          r"(?: (?:a year ago|last year|a year earlier|of last year|of the previous year|"
                          r"the previous year|in \d{4}))?")


def _year_ago(s: str, ctx: Context) -> Timex | None:
    """The earnings-report idioms: 'a year earlier', 'year-ago', 'the year-ago quarter'."""
    ref = ctx.reference if parse_value(ctx.reference) else None
    m = _YEAR_AGO_PERIOD.fullmatch(s)
    if m or s in ("year-ago", "year-earlier", "a year earlier", "a year before", "year earlier"):
        if m and m[1]:
            number = 4 if m[1] == "final" else ordinal_value(m[1])
            if not ctx.anchor:
                return Timex("DATE", None)
            year = int(ref[:4]) if ref else quarter_year(ctx.anchor, number, ctx.future)
            return Timex("DATE", f"{year - 1}-Q{number}")
        if m and m[2] == "quarter":
            ref = truncate_value(ref, "quarter")     # the quarter of a referenced day or month
            if ref is None:
                return needs_anchor(ctx, lambda a: Timex("DATE", f"{a.year - 1}-Q{quarter_of(a)}"))
        return Timex("DATE", year_before(ref, ctx.anchor))
    if _QUARTER_YEAR_AGO.fullmatch(s):
        quarter = truncate_value(ref, "quarter")
        return Timex("DATE", year_before(quarter, ctx.anchor) if quarter else None)
    m = _SAME_PERIOD.fullmatch(s)
    if m:
        back = s.count(" ") > 1 or s.startswith("year")
        return Timex("DATE", year_before(ref, ctx.anchor) if back else ref)
    if s in ("a year ago", "1 year ago"):
        if not ctx.anchor:
            return Timex("DATE", None)
        if ref and precision_of(ref) in ("quarter", "half") and int(ref[:4]) in (ctx.anchor.year, ctx.anchor.year - 1):
            return Timex("DATE", year_before(ref, ctx.anchor))  # "profit rose from a year ago": the period compared
        return Timex("DATE", str(ctx.anchor.year - 1))
    return None



_SET_ADVERBS = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W", "monthly": "P1M",
                "quarterly": "P1Q", "annually": "P1Y", "yearly": "P1Y", "annual": "P1Y", "hourly": "PT1H",
                "every day": "P1D", "each day": "P1D"}


_EVERY = re.compile(rf"(?:(?:(?:\d+ times|twice|once) )(?:a|per|every|each)|every|each|per) (other |\d+ )?"
                     rf"({UNIT_RE}|{WEEKDAY_RE}|{MONTH_RE}|{SEASON_RE}|{PART_RE})")
_PLURAL_WEEKDAY = re.compile(rf"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?(?: ({PART_RE})s)?")


def rule_sets(s: str, ctx: Context) -> Timex | None:
    """Recurrences: 'daily', 'every Friday', 'twice a year', 'Tuesday nights'."""
    if s in _SET_ADVERBS:
        return Timex("SET", _SET_ADVERBS[s])
    m = _EVERY.fullmatch(s)
    if m:
        every = 2 if m[1] == "other " else int(m[1]) if m[1] else 1
        word = m[2].rstrip(".")
        if word in WEEKDAYS:
            return Timex("SET", f"XXXX-WXX-{WEEKDAYS[word] + 1}")
        if word in MONTHS:
            return Timex("SET", f"XXXX-{MONTHS[word]:02d}")
        if word in SEASONS:
            return Timex("SET", f"XXXX-{SEASONS[word]}")
        if word in PARTS_OF_DAY:
            return Timex("SET", f"XXXX-XX-XXT{PARTS_OF_DAY[word]}")
        unit, multiplier = unit_of(word)
        return Timex("SET", duration_value(every, unit, multiplier)) if unit != "WE" else Timex("SET", "XXXX-WXX-WE")
    m = _PLURAL_WEEKDAY.fullmatch(s)
    if m and s.endswith("s") and m[1] in WEEKDAYS:   # "Fridays", "Tuesday nights": a plural is a set
        part = f"T{PARTS_OF_DAY[m[2]]}" if m[2] else ""
        return Timex("SET", f"XXXX-WXX-{WEEKDAYS[m[1]] + 1}{part}")
    return None


_DURATION_LEAD = r"(?:(?:past|last|next|coming|first|final|previous|following|initial|remaining|latest|entire|whole|" \
                 r"full|additional|another|those|these|recent|over) )*"
_DURATION_ADJ = r"(?:(?:more|additional|straight|consecutive|full|long|whole|trading|business|working|calendar|" \
                r"school|fiscal|successive|short|extra|further|odd|plus) )*"


def _amount_duration(amount_text: str, unit_text: str) -> str:
    """Duration value of an amount word and a unit word; vague decades/centuries keep their unit."""
    unit, multiplier = unit_of(unit_text)
    amount = amount_value(amount_text)
    if amount is None and multiplier > 1:
        return "PXDE" if multiplier == 10 else "PXCE" if multiplier == 100 else "PXML"
    return duration_value(amount, unit, multiplier)


_AMOUNT_UNIT = re.compile(rf"{_DURATION_LEAD}({AMOUNT_RE})[ -]{_DURATION_ADJ}({UNIT_RE})"
                          rf"(?:[ -](?:long|old|running|in a row|straight|consecutive|or so))?(?: of .+)?")
_HYPHENATED_DURATION = re.compile(rf"(?:(?:a|an|the) )?({AMOUNT_RE})-({UNIT_RE[3:-1]})"
                                  rf"(?:-(?:long|old))?(?: [a-z-]+){{0,2}}")
_AMOUNT_RANGE = re.compile(rf"(\d+)(?: to |-)(\d+) ({UNIT_RE})")
_HALF_UNIT = re.compile(rf"half (?:a|an) ({UNIT_RE})|(\d+|an?) ({UNIT_RE}) and a half")
_AND_A_HALF_UNIT = re.compile(rf"()(\d+) and a half ({UNIT_RE})")
_BARE_UNITS = re.compile(rf"{_DURATION_LEAD}({UNIT_RE})(?:-long)?(?: (?:or|and) {UNIT_RE})?")


def rule_durations(s: str, ctx: Context) -> Timex | None:
    """'three years', 'the past two months', '30-day', 'one-year term', 'half a year', 'decades'."""
    m = _AMOUNT_UNIT.fullmatch(s)
    if m and not (m[1] in ("a", "an") and m[2].endswith("s")) \
            and not (len(m[1]) == 4 and not m[2].endswith(("s", "ia"))):   # "the 1988 quarter" is a date
        return Timex("DURATION", _amount_duration(m[1], m[2]))
    m = _HYPHENATED_DURATION.fullmatch(s)
    if m:
        return Timex("DURATION", _amount_duration(m[1], m[2]))
    m = _AMOUNT_RANGE.fullmatch(s.removeprefix("next ").removeprefix("past "))
    if m:
        return Timex("DURATION", _amount_duration(m[1], m[3]), "EQUAL_OR_MORE")
    m = _HALF_UNIT.fullmatch(s) or _AND_A_HALF_UNIT.fullmatch(s)
    if m:
        unit, multiplier = unit_of(m[1] or m[3])
        whole = 0 if m[1] else amount_value(m[2]) or 0
        if unit == "Y" and multiplier > 1:
            return Timex("DURATION", f"P{whole * multiplier + multiplier // 2}Y")
        # whole part and the half in the next smaller unit: P2Y6M, P1DT12H, PT1M30S
        forms = {"Y": ("P{}Y", "6M"), "M": ("P{}M", "15D"), "D": ("P{}D", "T12H"), "H": ("PT{}H", "30M"),
                 "MIN": ("PT{}M", "30S")}
        if unit == "W":
            return Timex("DURATION", f"P{7 * whole + 3}DT12H")
        if unit not in forms:
            return None
        whole_form, half = forms[unit]
        head = whole_form.format(whole) if whole else ("PT" if unit in ("H", "MIN") else "P")
        return Timex("DURATION", head + (half[1:] if head.endswith("T") and half.startswith("T") else half))
    m = _BARE_UNITS.fullmatch(s)
    if m and m[1].endswith(("s", "ia")):      # a bare plural: "years", "weeks or months"
        return Timex("DURATION", _amount_duration("several", m[1]))
    return None


_FIXED_HOLIDAYS = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
                   "new year's day": (1, 1), "new year's eve": (12, 31), "new year's": (1, 1),
                   "independence day": (7, 4), "fourth of july": (7, 4), "halloween": (10, 31),
                   "valentine's day": (2, 14), "boxing day": (12, 26), "veterans day": (11, 11),
                   "bastille day": (7, 14), "may day": (5, 1)}
_OTHER_FEASTS = r"(?:ramadan|eid(?: al-\w+)?|hanukkah|passover|lent|diwali|nowruz|easter(?: sunday| week)?|" \
                r"thanksgiving(?: day)?|good friday|yom kippur|rosh hashanah|labor day|memorial day)"


_HOLIDAY = re.compile(r"(?:(?:last|this|next) )?("
                      + "|".join(re.escape(name) for name in sorted(_FIXED_HOLIDAYS, key=len, reverse=True))
                      + rf"|{_OTHER_FEASTS})(?:,? (?:of )?(\d{{4}}))?")


def rule_holidays(s: str, ctx: Context) -> Timex | None:
    """Fixed-date holidays resolve only with a year; movable feasts stay unresolved (no calendar)."""
    m = _HOLIDAY.fullmatch(s)
    if not m:
        return None
    if m[2] and m[1] in _FIXED_HOLIDAYS:
        month, day = _FIXED_HOLIDAYS[m[1]]
        return Timex("DATE", date(int(m[2]), month, day).isoformat())
    return Timex("DATE", None)

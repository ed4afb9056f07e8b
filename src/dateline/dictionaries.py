"""Actor dictionaries in, registry entries out: PETRARCH/TABARI files, CSV/TSV tables, YAML overrides.

PETRARCH actor dictionaries (the format of PETRARCH's and Phoenix's `*.actors.txt`):

    BARACK_OBAMA_                    a name: words joined by "_" (a final "_" is optional)
    +OBAMA_                          another name of the same actor
    +PRESIDENT_OBAMA_
        [USAELI 080101-090119]       a code with its dates: YYMMDD-YYMMDD, >YYMMDD (from),
        [USAGOV 090120-170120]       <YYMMDD (until); no date: always
    ABDULLAH_GUL_ [TURGOV]           a code may follow the name on its line
    # comment                        "#" and <!-- … --> lines are comments

Tables (`.csv`, `.tsv`; the ICEWS-style layout): a header with `name` and either `code`, or
`country` and `sector`; optional `aliases` ("|" or ";" between names), `start`, `end`
(ISO dates).  One row per dated role; rows with the same name join one entry.

YAML overrides (`.yaml`, `.yml`): a list of `{name, aliases, code | country + sector,
start, end}` mappings; they win over everything, the article's own words included.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import Code, UsageError

_CODE = re.compile(r"\[\s*([A-Z0-9]{3,}(?:\s*,?\s*[A-Z0-9]{3,})*)?\s*([<>]?\s*\d{6,8}(?:\s*-\s*\d{6,8})?)?\s*\]")
_COMMENT = re.compile(r"<!--.*?-->")


@dataclass(frozen=True, slots=True)
class DatedCode:
    code: str
    start: date | None = None  # None: since ever
    end: date | None = None  # None: still

    def covers(self, day: date | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(slots=True)
class Entry:
    name: str
    aliases: list[str] = field(default_factory=list)
    codes: list[DatedCode] = field(default_factory=list)


def read(path: Path) -> tuple[list[Entry], str]:
    """The entries of a dictionary file and its kind: "dictionary" or "override"."""
    if not path.is_file():
        raise UsageError(Code.USAGE, detail=f"no such file: {path}")
    suffix = path.suffix.lower()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(Code.USAGE, detail=f"{path} is not UTF-8 text ({exc.reason})") from None
    if suffix in (".yaml", ".yml"):
        return read_yaml(text, str(path)), "override"
    if suffix in (".csv", ".tsv"):
        return read_table(text, "\t" if suffix == ".tsv" else ",", str(path)), "dictionary"
    return read_petrarch(text, str(path)), "dictionary"


def read_petrarch(text: str, where: str = "dictionary") -> list[Entry]:
    entries: list[Entry] = []
    current: Entry | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _COMMENT.sub("", raw.split("#", 1)[0]).rstrip()
        if not line.strip():
            continue
        stripped = line.strip()
        if stripped.startswith("+"):
            if current is None:
                raise UsageError(Code.USAGE, detail=f"{where}:{number}: a synonym before any actor name")
            name, codes = _name_and_codes(stripped[1:], where, number)
            if name:
                current.aliases.append(name)
            current.codes += codes
        elif stripped.startswith("["):
            if current is None:
                raise UsageError(Code.USAGE, detail=f"{where}:{number}: a code before any actor name")
            current.codes += _codes(stripped, where, number)
        else:
            name, codes = _name_and_codes(stripped, where, number)
            if not name:
                raise UsageError(Code.USAGE, detail=f"{where}:{number}: cannot read {stripped[:60]!r}")
            current = Entry(name=name, codes=codes)
            entries.append(current)
    return entries


def _name_and_codes(line: str, where: str, number: int) -> tuple[str, list[DatedCode]]:
    at = line.find("[")
    name_part, code_part = (line[:at], line[at:]) if at >= 0 else (line, "")
    name = " ".join(w for w in name_part.strip().replace("_", " ").split() if w)
    return _title(name), _codes(code_part, where, number) if code_part else []


def _codes(text: str, where: str, number: int) -> list[DatedCode]:
    found = []
    for match in _CODE.finditer(text):
        codes, dates = match.group(1), match.group(2)
        if not codes:
            continue
        start, end = _dates(dates, where, number) if dates else (None, None)
        for code in re.split(r"[\s,]+", codes.strip()):
            if code and code != "---":
                found.append(DatedCode(code, start, end))
    if not found and text.strip():
        raise UsageError(Code.USAGE, detail=f"{where}:{number}: cannot read the code {text.strip()[:60]!r}")
    return found


def _dates(text: str, where: str, number: int) -> tuple[date | None, date | None]:
    text = text.replace(" ", "")
    if text.startswith(">"):
        return _day(text[1:], where, number), None
    if text.startswith("<"):
        return None, _day(text[1:], where, number)
    first, _, last = text.partition("-")
    return _day(first, where, number), _day(last, where, number) if last else None


def _day(digits: str, where: str, number: int) -> date:
    try:
        if len(digits) == 8:
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        year = int(digits[:2])
        year += 2000 if year <= 40 else 1900  # TABARI's two-digit years
        return date(year, int(digits[2:4]), int(digits[4:6]))
    except ValueError:
        raise UsageError(Code.USAGE, detail=f"{where}:{number}: not a date: {digits!r}") from None


def _title(name: str) -> str:
    """PETRARCH names are upper case: "BARACK OBAMA" -> "Barack Obama" (keys ignore case anyway)."""
    return " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in name.split())


def read_table(text: str, delimiter: str, where: str = "table") -> list[Entry]:
    rows = list(csv.DictReader(text.splitlines(), delimiter=delimiter))
    if not rows:
        return []
    header = {h.strip().lower() for h in rows[0]}
    if "name" not in header or not ("code" in header or "country" in header):
        raise UsageError(Code.USAGE, detail=f"{where}: the header needs `name` and `code` (or `country`)")
    return _merge([_mapping({k.strip().lower(): v for k, v in row.items() if k}, where, n)
                   for n, row in enumerate(rows, start=2)])


def read_yaml(text: str, where: str = "overrides") -> list[Entry]:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise UsageError(Code.USAGE, detail=f"{where}: not YAML ({str(exc).splitlines()[0]})") from None
    if data is None:
        return []
    if isinstance(data, dict) and isinstance(data.get("actors"), list):
        data = data["actors"]
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise UsageError(Code.USAGE, detail=f"{where}: expected a list of actors (name, code, start, end)")
    return _merge([_mapping({str(k).lower(): v for k, v in item.items()}, where, n)
                   for n, item in enumerate(data, start=1)])


def _mapping(row: dict, where: str, number: int) -> Entry:
    name = str(row.get("name") or "").strip()
    if not name:
        raise UsageError(Code.USAGE, detail=f"{where}: entry {number} has no name")
    code = str(row.get("code") or "").strip().upper()
    if not code:
        code = (str(row.get("country") or "").strip() + str(row.get("sector") or "").strip()).upper()
    if not re.fullmatch(r"[A-Z0-9]{3,}", code):
        raise UsageError(Code.USAGE, detail=f"{where}: entry {number} ({name}) has no code like USAGOV")
    aliases = row.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [a.strip() for a in re.split(r"[|;]", aliases) if a.strip()]
    start, end = (_iso(row.get(k), where, number) for k in ("start", "end"))
    return Entry(name=name, aliases=[str(a) for a in aliases], codes=[DatedCode(code, start, end)])


def _iso(value, where: str, number: int) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise UsageError(Code.USAGE, detail=f"{where}: entry {number}: not an ISO date: {value!r}") from None


def _merge(entries: list[Entry]) -> list[Entry]:
    by_name: dict[str, Entry] = {}
    for entry in entries:
        key = entry.name.casefold()
        if key in by_name:
            kept = by_name[key]
            kept.aliases += [a for a in entry.aliases if a not in kept.aliases]
            kept.codes += entry.codes
        else:
            by_name[key] = entry
    return list(by_name.values())

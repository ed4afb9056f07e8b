"""Plain text, optionally opened by `key value` header lines (the example article's format).

    ␠date 2020-04-18 TEHRAN — Former Iranian Ambassador ...

or one header per line:

    date 2020-04-18
    title Iran's former envoy doubts US-Iraq talks

    TEHRAN — ...

Header lines use known keys only (date, title, url, ...), so a body that happens to start
with two words is never mistaken for a header.  Spans index the body as read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from ..errors import InputError
from ..model import Article, Failure
from .records import FIELD_NAMES, decode_utf8, failure, make_article, read_limited

HEADER_ALLOWANCE = 65_536  # bytes of header lines read beyond max_bytes of body

_KEYS = {name: field for field, names in FIELD_NAMES.items() if field != "text" for name in names}
# A key is lower case ("date 2020-04-18") or ends with a colon ("Date: 2020-04-18"), so a body
# that opens "Title IX rules ..." is not read as a header.
_KEY = re.compile(r"[ \t]*(?:([a-z_]+)|([A-Za-z_]+)[ \t]*:)[ \t]+")
_TOKEN = re.compile(r"(\S+)[ \t]*(\r?\n)?")  # id, date, url: one token; the body may follow on the line
# title, outlet: the rest of the line (greedy, then stripped: a lazy match before `[ \t]*` took
# quadratic time on a line of many spaces)
_LINE = re.compile(r"(\S[^\n]*)(?:\n|$)")
_VALID = {"published": re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}|\d{8}"),
          "url": re.compile(r"(?:https?://|www\.)\S+"),
          "id": re.compile(r"\S+")}
_BLANK = re.compile(r"[ \t]*\r?\n")


def split_header(text: str) -> tuple[dict[str, str], int]:
    """The header fields and the offset where the body starts."""
    fields: dict[str, str] = {}
    pos = 0
    while True:
        key = _KEY.match(text, pos)
        field = _KEYS.get((key[1] or key[2]).lower()) if key else None
        if field is None or field in fields:
            break
        if field in _VALID:
            value = _TOKEN.match(text, key.end())
            if not value or not _VALID[field].fullmatch(value[1]):
                break
            fields[field] = value[1]
            pos = value.end()
            if value[2] is None:  # " date 2020-04-18 TEHRAN — ...": the body starts on this line
                return fields, pos
        else:
            value = _LINE.match(text, key.end())
            if not value:
                break
            fields[field] = value[1].rstrip(" \t\r")
            pos = value.end()
    if fields:  # blank lines between header and body belong to neither
        while (m := _BLANK.match(text, pos)):
            pos = m.end()
    return fields, pos


def read(stream: BinaryIO, name: str, *, max_bytes: int) -> Iterator[Article | Failure]:
    try:
        text = decode_utf8(read_limited(stream, max_bytes + HEADER_ALLOWANCE, "text file"), name)
        fields, start = split_header(text)
        yield make_article(text=text[start:], source=name, max_bytes=max_bytes, **fields)
    except InputError as exc:
        yield failure(name, exc)

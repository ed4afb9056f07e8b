"""Shared steps of every reader: bounded reads, decoding, field names, dates, and building an Article.

Hostile input is bounded here: no reader holds more than a few times `max_bytes` of one input
in memory (`page_limit`, `line_limit`, `document_limit`), and a file that turns out to be
garbage (binary data read as JSON Lines) is given up after `MAX_BAD_RUN` bad records in a row,
as one more errors row.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import BinaryIO

from ..errors import Code, InputError
from ..model import Article, Failure, hash_id

# Field names readers accept for each Article field (JSON keys, CSV headers, header lines).
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "article_id", "guid", "doc_id", "docid"),
    "text": ("text", "body", "content", "article", "story"),
    "published": ("published", "date", "publish_date", "published_at", "pubdate", "dct", "datetime"),
    "title": ("title", "headline"),
    "url": ("url", "link", "uri"),
    "outlet": ("outlet", "source", "publisher", "site", "sitename"),
}

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_LONGEST_DATE = 64  # characters; longer "dates" are not read (dateparser's time grows with the string)
MAX_ID_CHARS = 512  # every row of an article carries its id
MAX_REASON_CHARS = 400
# Records that fail to decode or parse, in a row, after which a file is given up as not of its format.
MAX_BAD_RUN = 1000


def page_limit(max_bytes: int) -> int:
    """The most bytes read of one HTML page or WARC record (markup around a text of max_bytes)."""
    return 4 * max_bytes


def line_limit(max_bytes: int) -> int:
    """The most bytes read of one JSON or CSV line (a \\uXXXX escape is 6 bytes a character)."""
    return 6 * max_bytes + 65_536


def document_limit(max_bytes: int) -> int:
    """The most bytes read of a whole .json file or feed, which must be parsed at once."""
    return 64 * max_bytes


def read_limited(stream: BinaryIO, limit: int, what: str) -> bytes:
    """All of a stream up to `limit` bytes; InputError E010 (nothing more read) when it is longer."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(Code.INPUT_TOO_LARGE, what=what, limit=limit)
    return data


def lines_limited(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) for each line; None for a line over `limit`, whose rest is skipped
    in chunks, so a 100 MB line never sits in memory."""
    lineno = 0
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield lineno, None
        else:
            yield lineno, raw


def decode_utf8(data: bytes, where: str) -> str:
    """Strict UTF-8 (a leading byte-order mark is dropped); InputError E002 otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(Code.INVALID_UTF8, detail=f"{where}: byte {exc.start}") from None


def check_unicode(value: str, field: str) -> str:
    """`value` unless it holds a lone surrogate (JSON's "\\ud800"), which no UTF-8 store or file can hold."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(Code.INVALID_UTF8, detail=f"{field}: lone surrogate U+{ord(value[exc.start]):04X} "
                                                   f"at character {exc.start}") from None
    return value


def pick(record: Mapping[str, object], field: str) -> object | None:
    """The record's value for an Article field, under any of its accepted names."""
    lowered = {str(k).strip().lower(): v for k, v in record.items()}
    for name in FIELD_NAMES[field]:
        value = lowered.get(name)
        if value is not None and value != "":
            return value
    return None


def normalise_date(value: object) -> str | None:
    """A publication date as YYYY-MM-DD, or None when it cannot be read."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    text = str(value).strip()
    if not text or len(text) > _LONGEST_DATE:
        return None
    m = _ISO_DATE.match(text)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    import dateparser  # slow to import; only needed for unusual date strings

    parsed = dateparser.parse(text, languages=["en"],
                              settings={"REQUIRE_PARTS": ["day", "month", "year"],
                                        "RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.strftime("%Y-%m-%d") if parsed else None


def make_article(*, text: object, source: str, max_bytes: int, id: object = None,
                 published: object = None, title: object = None, url: object = None,
                 outlet: object = None) -> Article:
    """An Article, or InputError for empty or oversized text.  The id defaults to a content hash."""
    if text is None or (isinstance(text, str) and not text.strip()):
        raise InputError(Code.EMPTY_TEXT)
    if not isinstance(text, str):
        raise InputError(Code.MALFORMED_RECORD, detail=f"text is a {type(text).__name__}, not a string")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise InputError(Code.TOO_LARGE, size=size, limit=max_bytes)
    check_unicode(text, "text")
    article_id = _clean(id, "id")
    if article_id is not None and len(article_id) > MAX_ID_CHARS:
        raise InputError(Code.MALFORMED_RECORD, detail=f"id is {len(article_id):,} characters, over {MAX_ID_CHARS}")
    return Article(
        id=article_id or hash_id(text),
        text=text,
        published=normalise_date(published),
        title=_clean(title, "title"),
        url=_clean(url, "url"),
        outlet=_clean(outlet, "outlet"),
        source=source,
    )


def _clean(value: object, field: str) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return check_unicode(text, field) if text else None


def one_line(text: str, limit: int = MAX_REASON_CHARS) -> str:
    """`text` as one printable line: control, bidirectional and other invisible characters escaped
    (a warning cannot be broken up or reordered by what a hostile input holds), cut at `limit`."""
    if text.isprintable() and len(text) <= limit:
        return text
    out = "".join(ch if ch.isprintable() else (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
                  for ch in text[:limit * 2])
    return out if len(out) <= limit else out[:limit - 1] + "…"


def failure(source: str, error: InputError, article_id: str | None = None) -> Failure:
    """An errors row for an input problem (its reason one printable line)."""
    return Failure(source=one_line(source), code=error.code.value, reason=one_line(str(error)),
                   article_id=article_id)

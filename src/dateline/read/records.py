"""Shared steps of every reader: decoding, field names, dates, and building an Article."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime

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


def decode_utf8(data: bytes, where: str) -> str:
    """Strict UTF-8 (a leading byte-order mark is dropped); InputError E002 otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(Code.INVALID_UTF8, detail=f"{where}: byte {exc.start}") from None


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
    if not text:
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
    return Article(
        id=_clean(id) or hash_id(text),
        text=text,
        published=normalise_date(published),
        title=_clean(title),
        url=_clean(url),
        outlet=_clean(outlet),
        source=source,
    )


def _clean(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def failure(source: str, error: InputError, article_id: str | None = None) -> Failure:
    """An errors row for an input problem."""
    return Failure(source=source, code=error.code.value, reason=str(error), article_id=article_id)

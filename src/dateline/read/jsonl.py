"""JSON Lines (one object a line), and .json files holding one object or an array of them.

A line is read up to `line_limit(max_bytes)` bytes: a longer line is an errors row and is skipped
without being held in memory.  A .json file is parsed whole, up to `document_limit(max_bytes)`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from ..errors import Code, InputError
from ..model import Article, Failure
from .records import (MAX_BAD_RUN, decode_utf8, document_limit, failure, line_limit, lines_limited,
                      make_article, pick, read_limited)

# Codes of a line that is not JSON at all (as opposed to a JSON record with a bad field).
_GARBAGE = (Code.INVALID_UTF8, Code.MALFORMED_RECORD, Code.INPUT_TOO_LARGE)


def parse_json(text: str) -> object:
    """json.loads, with every way hostile JSON fails as InputError E006 (deep nesting, huge numbers)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(Code.MALFORMED_RECORD, detail=f"invalid JSON ({exc.msg})") from None
    except RecursionError:
        raise InputError(Code.MALFORMED_RECORD, detail="invalid JSON (nested too deeply)") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise InputError(Code.MALFORMED_RECORD, detail=f"invalid JSON ({exc})") from None


def article_from_object(obj: object, source: str, max_bytes: int) -> Article:
    if not isinstance(obj, dict):
        raise InputError(Code.MALFORMED_RECORD, detail=f"expected an object, got {type(obj).__name__}")
    if pick(obj, "text") is None and not any(k in obj for k in ("text", "body", "content")):
        raise InputError(Code.MALFORMED_RECORD, detail="no 'text' field")
    return make_article(text=pick(obj, "text"), source=source, max_bytes=max_bytes,
                        id=pick(obj, "id"), published=pick(obj, "published"),
                        title=pick(obj, "title"), url=pick(obj, "url"), outlet=pick(obj, "outlet"))


def read(stream: BinaryIO, name: str, *, max_bytes: int) -> Iterator[Article | Failure]:
    """Each line on its own: a bad line is an errors row and the file goes on, unless MAX_BAD_RUN
    lines in a row are not JSON at all (then the file is given up with one more row)."""
    limit = line_limit(max_bytes)
    bad_run = 0
    for lineno, raw in lines_limited(stream, limit):
        where = f"{name}:{lineno}"
        if raw is not None and not raw.strip():
            continue
        try:
            if raw is None:
                raise InputError(Code.INPUT_TOO_LARGE, what="line", limit=limit)
            yield article_from_object(parse_json(decode_utf8(raw, where)), where, max_bytes)
            bad_run = 0
        except InputError as exc:
            yield failure(where, exc)
            bad_run = bad_run + 1 if exc.code in _GARBAGE else 0
            if bad_run >= MAX_BAD_RUN:
                yield failure(name, InputError(Code.MALFORMED_RECORD, detail=(
                    f"{MAX_BAD_RUN:,} lines in a row are not JSON objects; the rest of the file is skipped")))
                return


def read_json(stream: BinaryIO, name: str, *, max_bytes: int) -> Iterator[Article | Failure]:
    """A .json file: one article object or an array of them."""
    try:
        data = parse_json(decode_utf8(read_limited(stream, document_limit(max_bytes), "JSON file"), name))
    except InputError as exc:
        yield failure(name, exc)
        return
    for index, obj in enumerate(data if isinstance(data, list) else [data]):
        where = f"{name}[{index}]" if isinstance(data, list) else name
        try:
            yield article_from_object(obj, where, max_bytes)
        except InputError as exc:
            yield failure(where, exc)

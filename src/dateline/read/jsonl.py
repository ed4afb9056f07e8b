"""JSON Lines (one object a line), and .json files holding one object or an array of them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from ..errors import Code, InputError
from ..model import Article, Failure
from .records import decode_utf8, failure, make_article, pick


def article_from_object(obj: object, source: str, max_bytes: int) -> Article:
    if not isinstance(obj, dict):
        raise InputError(Code.MALFORMED_RECORD, detail=f"expected an object, got {type(obj).__name__}")
    if pick(obj, "text") is None and not any(k in obj for k in ("text", "body", "content")):
        raise InputError(Code.MALFORMED_RECORD, detail="no 'text' field")
    return make_article(text=pick(obj, "text"), source=source, max_bytes=max_bytes,
                        id=pick(obj, "id"), published=pick(obj, "published"),
                        title=pick(obj, "title"), url=pick(obj, "url"), outlet=pick(obj, "outlet"))


def read(stream: BinaryIO, name: str, *, max_bytes: int) -> Iterator[Article | Failure]:
    """Each line on its own: a bad line is an errors row and the file goes on."""
    for lineno, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            line = decode_utf8(raw, where)
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(Code.MALFORMED_RECORD, detail=f"invalid JSON ({exc.msg})") from None
            yield article_from_object(obj, where, max_bytes)
        except InputError as exc:
            yield failure(where, exc)


def read_json(stream: BinaryIO, name: str, *, max_bytes: int) -> Iterator[Article | Failure]:
    """A .json file: one article object or an array of them."""
    try:
        text = decode_utf8(stream.read(), name)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(Code.MALFORMED_RECORD, detail=f"invalid JSON ({exc.msg})") from None
    except InputError as exc:
        yield failure(name, exc)
        return
    for index, obj in enumerate(data if isinstance(data, list) else [data]):
        where = f"{name}[{index}]" if isinstance(data, list) else name
        try:
            yield article_from_object(obj, where, max_bytes)
        except InputError as exc:
            yield failure(where, exc)

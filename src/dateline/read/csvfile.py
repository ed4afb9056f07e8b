"""CSV and TSV files with a header row naming the fields (text, id, published, title, ...)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from ..errors import Code, InputError
from ..model import Article, Failure
from .records import FIELD_NAMES, decode_utf8, failure, make_article, pick


def read(stream: BinaryIO, name: str, *, max_bytes: int, delimiter: str | None = None
         ) -> Iterator[Article | Failure]:
    try:
        text = decode_utf8(stream.read(), name)
    except InputError as exc:
        yield failure(name, exc)
        return
    if delimiter is None:
        delimiter = "\t" if name.lower().removesuffix(".gz").endswith(".tsv") else _sniff(text)
    # An article may be longer than csv's default 128 KiB field limit.
    csv.field_size_limit(max(max_bytes * 4, 131072))
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if not any(h in FIELD_NAMES["text"] for h in header):
        yield failure(name, InputError(Code.MALFORMED_RECORD,
                                       detail=f"header has no text column ({', '.join(FIELD_NAMES['text'])})"))
        return
    try:
        for row in reader:
            where = f"{name}:{reader.line_num}"
            if None in row:  # more cells than header names
                yield failure(where, InputError(Code.MALFORMED_RECORD, detail="more cells than header fields"))
                continue
            try:
                yield make_article(text=pick(row, "text"), source=where, max_bytes=max_bytes,
                                   id=pick(row, "id"), published=pick(row, "published"),
                                   title=pick(row, "title"), url=pick(row, "url"), outlet=pick(row, "outlet"))
            except InputError as exc:
                yield failure(where, exc)
    except csv.Error as exc:
        yield failure(f"{name}:{reader.line_num}", InputError(Code.MALFORMED_RECORD, detail=str(exc)))


def _sniff(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","

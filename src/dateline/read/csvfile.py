"""CSV and TSV files with a header row naming the fields (text, id, published, title, ...).

The file is streamed: rows are parsed as they are read, each physical line at most
`line_limit(max_bytes)` bytes, so a large table or a hostile 100 MB line never sits in memory
whole.  A line over the limit, invalid UTF-8 or a broken quote stops the file with an errors row
(the reader cannot find the next row boundary after it); rows read before it stand.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from ..errors import Code, InputError
from ..model import Article, Failure
from .records import FIELD_NAMES, MAX_BAD_RUN, failure, line_limit, make_article, pick


def read(stream: BinaryIO, name: str, *, max_bytes: int, delimiter: str | None = None
         ) -> Iterator[Article | Failure]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict", newline="")
    lines = _Lines(text, line_limit(max_bytes))
    try:
        yield from _rows(lines, name, max_bytes, delimiter)
    except UnicodeDecodeError as exc:
        yield failure(f"{name}:{lines.count + 1}",
                      InputError(Code.INVALID_UTF8, detail=f"{name}: line {lines.count + 1}, byte {exc.start} "
                                                           "of the chunk read; the rest of the file is skipped"))
    finally:
        text.detach()  # the caller closes the byte stream (never standard input)


class _Lines:
    """Physical lines of a text stream, each at most `limit` characters (InputError E010 beyond)."""

    def __init__(self, text: io.TextIOBase, limit: int):
        self.text, self.limit, self.count = text, limit, 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = self.text.readline(self.limit + 1)
        if not line:
            raise StopIteration
        if len(line) > self.limit and not line.endswith(("\n", "\r")):
            raise InputError(Code.INPUT_TOO_LARGE, what=f"line {self.count + 1}", limit=self.limit)
        self.count += 1
        return line


def _rows(lines: _Lines, name: str, max_bytes: int, delimiter: str | None) -> Iterator[Article | Failure]:
    try:
        first = next(lines, "")
    except InputError as exc:
        yield failure(name, exc)
        return
    if delimiter is None:
        delimiter = "\t" if name.lower().removesuffix(".gz").endswith(".tsv") else _sniff(first)
    # An article may be longer than csv's default 128 KiB field limit.
    csv.field_size_limit(max(max_bytes * 4, 131072))
    reader = csv.DictReader(_chain(first, lines), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        yield failure(name, InputError(Code.MALFORMED_RECORD, detail=f"header: {exc}"))
        return
    if not any(h in FIELD_NAMES["text"] for h in header):
        yield failure(name, InputError(Code.MALFORMED_RECORD,
                                       detail=f"header has no text column ({', '.join(FIELD_NAMES['text'])})"))
        return
    bad_run = 0
    try:
        for row in reader:
            where = f"{name}:{reader.line_num}"
            try:
                if None in row:  # more cells than header names
                    raise InputError(Code.MALFORMED_RECORD, detail="more cells than header fields")
                yield make_article(text=pick(row, "text"), source=where, max_bytes=max_bytes,
                                   id=pick(row, "id"), published=pick(row, "published"),
                                   title=pick(row, "title"), url=pick(row, "url"), outlet=pick(row, "outlet"))
                bad_run = 0
            except InputError as exc:
                yield failure(where, exc)
                bad_run = bad_run + 1 if exc.code is Code.MALFORMED_RECORD else 0
                if bad_run >= MAX_BAD_RUN:
                    yield failure(name, InputError(Code.MALFORMED_RECORD, detail=(
                        f"{MAX_BAD_RUN:,} rows in a row are malformed; the rest of the file is skipped")))
                    return
    except csv.Error as exc:
        yield failure(f"{name}:{reader.line_num}", InputError(Code.MALFORMED_RECORD, detail=str(exc)))
    except InputError as exc:  # a line over the limit
        yield failure(f"{name}:{lines.count + 1}", exc)


def _chain(first: str, rest: _Lines) -> Iterator[str]:
    if first:
        yield first
    yield from rest


def _sniff(first: str) -> str:
    counts = {d: first.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","

"""Readers: every input format yields Article records (or Failure rows for bad input).

    for item in read_inputs(["news/", "feed.xml", "-"], max_bytes=1_000_000):
        ...  # Article or Failure, in input order

The format comes from the file name (after any .gz) and, failing that, from the content;
`format=` forces one for every input.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import BinaryIO

from ..errors import Code, InputError, UsageError
from ..model import Article, Failure
from . import csvfile, feed, html, jsonl, text, warc
from .records import failure
from .sources import Source, buffered, expand

Reader = Callable[..., Iterator[Article | Failure]]

FORMATS: dict[str, Reader] = {
    "text": text.read,
    "jsonl": jsonl.read,
    "json": jsonl.read_json,
    "csv": csvfile.read,
    "tsv": functools.partial(csvfile.read, delimiter="\t"),
    "html": html.read,
    "feed": feed.read,
    "warc": warc.read,
}

_EXTENSIONS = {
    ".txt": "text", ".text": "text",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".csv": "csv", ".tsv": "tsv",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".rss": "feed", ".atom": "feed", ".rdf": "feed",
    ".warc": "warc", ".arc": "warc",
}


def detect_format(name: str, head: bytes) -> str:
    """The reader for a stream, from its name and its first bytes."""
    lower = name.lower().removesuffix(".gz")
    for ext, fmt in _EXTENSIONS.items():
        if lower.endswith(ext):
            return fmt
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    if start.startswith(b"warc/"):
        return "warc"
    if start.startswith((b"{", b"[")):
        return "json" if start.startswith(b"[") else "jsonl"
    if start.startswith(b"<"):
        if b"<rss" in start or b"<feed" in start or b"<rdf:rdf" in start:
            return "feed"
        if start.startswith(b"<?xml") and b"<html" not in start:
            return "feed"
        return "html"
    return "text"


def read_inputs(inputs: list[str], *, max_bytes: int, format: str | None = None
                ) -> Iterator[Article | Failure]:
    """Articles and Failures from every input, in order.  UsageError for an unknown format."""
    if format is not None and format not in FORMATS:
        raise UsageError(Code.UNKNOWN_FORMAT, name=format, choices=", ".join(FORMATS))
    for source in expand(inputs):
        if isinstance(source, InputError):
            yield failure("<input>", source)
            continue
        yield from read_source(source, max_bytes=max_bytes, format=format)


def read_source(source: Source, *, max_bytes: int, format: str | None = None
                ) -> Iterator[Article | Failure]:
    try:
        stream: BinaryIO = buffered(source.open())
    except InputError as exc:
        yield failure(source.name, exc)
        return
    fmt = format or "text"
    try:
        fmt = format or detect_format(source.name, stream.peek(512)[:512])
        yield from FORMATS[fmt](stream, source.name, max_bytes=max_bytes)
    except InputError as exc:  # raised while streaming (bad gzip data, read errors)
        yield failure(source.name, exc)
    except OSError as exc:
        yield failure(source.name, InputError(Code.UNREADABLE, detail=f"{source.name}: {exc}"))
    except Exception as exc:  # a parser's own bug on hostile bytes: an errors row, and the batch goes on
        yield failure(source.name, InputError(Code.MALFORMED_RECORD, detail=(
            f"the {fmt} reader failed ({type(exc).__name__}: {exc}); the rest of the input is skipped")))
    finally:
        if source.path is not None:
            stream.close()


__all__ = ["FORMATS", "detect_format", "read_inputs", "read_source"]

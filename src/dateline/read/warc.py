"""WARC files: each HTML response record read as an HTML page.

A record's body is read up to `page_limit(max_bytes)` bytes; a longer one is an errors row and
warcio skips the rest of it unread into memory.  A WARC whose headers cannot be parsed stops
with an errors row: records before it stand.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from ..errors import Code, InputError
from ..model import Article, Failure
from .html import article_from_html
from .records import failure, page_limit, read_limited


def read(stream: BinaryIO, name: str, *, max_bytes: int) -> Iterator[Article | Failure]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    class Quiet(ArchiveIterator):
        INC_RECORD = ""  # warcio's 3-line warning on standard error becomes an errors row below

    index, seen = 0, 0
    records = Quiet(stream)
    try:
        for record in records:
            if records.err_count > seen:
                seen = records.err_count
                yield failure(f"{name}#{index + 1}", InputError(Code.MALFORMED_RECORD, detail=(
                    "a WARC record is not followed by a blank line: the Content-Length before it is wrong")))
            if record.rec_type != "response" or record.http_headers is None:
                continue
            content_type = (record.http_headers.get_header("Content-Type") or "").lower()
            if "html" not in content_type:
                continue
            index += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{name}#{index}"
            try:
                body = read_limited(record.content_stream(), page_limit(max_bytes), "WARC record")
                yield article_from_html(body, where, max_bytes=max_bytes, url=url)
            except InputError as exc:
                yield failure(where, exc)
    except ArchiveLoadFailed as exc:
        yield failure(name, InputError(Code.MALFORMED_RECORD, detail=f"not a readable WARC ({exc})"))
    except (ValueError, AttributeError, TypeError, EOFError) as exc:
        # warcio's parsers fail this way on broken headers (a missing field, a bad length)
        yield failure(f"{name}#{index + 1}", InputError(Code.MALFORMED_RECORD, detail=(
            f"not a readable WARC record ({type(exc).__name__}: {exc})")))

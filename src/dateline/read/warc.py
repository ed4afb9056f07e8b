"""WARC files: each HTML response record read as an HTML page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from ..errors import Code, InputError
from ..model import Article, Failure
from .html import article_from_html
from .records import failure


def read(stream: BinaryIO, name: str, *, max_bytes: int) -> Iterator[Article | Failure]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    index = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            content_type = (record.http_headers.get_header("Content-Type") or "").lower()
            if "html" not in content_type:
                continue
            index += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{name}#{index}"
            try:
                body = record.content_stream().read(max_bytes * 8 + 1)
                yield article_from_html(body, where, max_bytes=max_bytes, url=url)
            except InputError as exc:
                yield failure(where, exc)
    except ArchiveLoadFailed as exc:
        yield failure(name, InputError(Code.MALFORMED_RECORD, detail=f"not a readable WARC ({exc})"))

"""HTML pages: main text, title, date and site name through trafilatura.

A page is read up to `page_limit(max_bytes)` bytes (trafilatura takes about 3 s a megabyte on
repetitive pages, so the bound is also the reader's time limit per article).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from ..errors import Code, InputError
from ..model import Article, Failure
from .records import failure, make_article, page_limit, read_limited


def article_from_html(data: bytes | str, source: str, *, max_bytes: int, url: str | None = None,
                      published: str | None = None) -> Article:
    """The page's main text as an Article; the first line is dropped when it only repeats the title."""
    import trafilatura  # heavy import; only HTML inputs need it

    doc = trafilatura.bare_extraction(data, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False)
    if doc is None or not (doc.text or "").strip():
        raise InputError(Code.EMPTY_TEXT)
    text = doc.text
    first, _, rest = text.partition("\n")
    if doc.title and first.strip() == doc.title.strip() and rest.strip():
        text = rest
    return make_article(text=text, source=source, max_bytes=max_bytes, published=doc.date or published,
                        title=doc.title, url=doc.url or url, outlet=doc.sitename)


def read(stream: BinaryIO, name: str, *, max_bytes: int) -> Iterator[Article | Failure]:
    try:
        yield article_from_html(read_limited(stream, page_limit(max_bytes), "HTML page"), name,
                                max_bytes=max_bytes)
    except InputError as exc:
        yield failure(name, exc)

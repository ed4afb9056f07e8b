"""RSS and Atom feeds: one article per entry, its text from the entry's content or summary.

A feed is parsed whole, so it is read up to `document_limit(max_bytes)` bytes.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import BinaryIO

from ..errors import Code, InputError
from ..model import Article, Failure
from .records import document_limit, failure, make_article, page_limit, read_limited

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Elements after which a line break belongs in the plain text.
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section",
           "article", "ul", "ol", "pre"}


def fragment_text(html: str) -> str:
    """Plain text of an HTML fragment, paragraphs separated by blank lines."""
    import lxml.html

    if "<" not in html:
        return html.strip()
    # lxml refuses strings with NUL or other control characters XML forbids; they carry no text
    root = lxml.html.fragment_fromstring(_XML_ILLEGAL.sub("", html), create_parent="div")
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    parts: list[str] = []

    def walk(el) -> None:
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            parts.append("\n\n")
        if el.text and isinstance(el.tag, str):
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            parts.append("\n\n")

    walk(root)
    paragraphs = (" ".join(p.split()) for p in "".join(parts).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def _entry_date(entry) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return time.strftime("%Y-%m-%d", value)
    return None


def read(stream: BinaryIO, name: str, *, max_bytes: int) -> Iterator[Article | Failure]:
    import feedparser

    try:
        data = read_limited(stream, document_limit(max_bytes), "feed")
    except InputError as exc:
        yield failure(name, exc)
        return
    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = f"not a readable feed ({parsed.get('bozo_exception')})" if parsed.bozo else "feed has no entries"
        yield failure(name, InputError(Code.MALFORMED_RECORD, detail=reason))
        return
    outlet = parsed.feed.get("title")
    for index, entry in enumerate(parsed.entries, start=1):
        where = f"{name}#{index}"
        try:
            contents = entry.get("content") or []
            html = contents[0].get("value") if contents else entry.get("summary")
            if html and len(html) > page_limit(max_bytes):
                raise InputError(Code.INPUT_TOO_LARGE, what="entry content", limit=page_limit(max_bytes))
            yield make_article(text=fragment_text(html or ""), source=where, max_bytes=max_bytes,
                               id=entry.get("id") or entry.get("link"), published=_entry_date(entry),
                               title=entry.get("title"), url=entry.get("link"), outlet=outlet)
        except InputError as exc:
            yield failure(where, exc)

"""Turn command-line inputs (files, folders, globs, gzip, `-`) into named byte streams."""

from __future__ import annotations

import glob
import gzip
import io
import os
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from ..errors import Code, InputError

GZIP_MAGIC = b"\x1f\x8b"
# A gzip member that inflates past this is treated as hostile (a "gzip bomb").
MAX_INFLATED_BYTES = 4 * 1024**3


@dataclass(slots=True)
class Source:
    """One input stream: a name for messages and a way to open it."""

    name: str
    path: str | None  # None for standard input

    def open(self) -> BinaryIO:
        """The stream's bytes, gunzipped when the name or the magic number says gzip."""
        try:
            raw: BinaryIO = sys.stdin.buffer if self.path is None else open(self.path, "rb")
        except OSError as exc:
            raise InputError(Code.UNREADABLE, detail=f"{self.name}: {exc.strerror or exc}") from None
        head = _peek(raw, 2)
        if head == GZIP_MAGIC:
            return _BoundedGzip(raw, self.name)
        return raw


def expand(inputs: list[str]) -> Iterator[Source | InputError]:
    """Each input as one or more Sources, in the order given; folders are walked in sorted order.

    A name that does not exist (and matches nothing as a glob) is yielded as an InputError so
    that the batch goes on.
    """
    for item in inputs:
        if item == "-":
            yield Source("<stdin>", None)
        elif os.path.isdir(item):
            yield from _walk(item)
        elif os.path.exists(item):
            yield Source(item, item)
        elif glob.has_magic(item):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                yield InputError(Code.UNREADABLE, detail=f"{item}: no file matches")
            for match in matches:
                if os.path.isdir(match):
                    yield from _walk(match)
                else:
                    yield Source(match, match)
        else:
            yield InputError(Code.UNREADABLE, detail=f"{item}: no such file or folder")


def _walk(folder: str) -> Iterator[Source]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                path = os.path.join(root, name)
                yield Source(path, path)


def _peek(stream: BinaryIO, n: int) -> bytes:
    if hasattr(stream, "peek"):
        return stream.peek(n)[:n]
    raise InputError(Code.UNREADABLE, detail="stream cannot be peeked")


class _BoundedGzip(io.RawIOBase):
    """A gunzipping reader that refuses to inflate past MAX_INFLATED_BYTES."""

    def __init__(self, raw: BinaryIO, name: str):
        self._gz = gzip.GzipFile(fileobj=raw, mode="rb")
        self._raw = raw
        self._name = name
        self._count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        try:
            n = self._gz.readinto(buffer)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(Code.UNREADABLE, detail=f"{self._name}: bad gzip data ({exc})") from None
        self._count += n
        if self._count > MAX_INFLATED_BYTES:
            raise InputError(Code.UNREADABLE,
                             detail=f"{self._name}: inflates past {MAX_INFLATED_BYTES:,} bytes")
        return n

    def close(self) -> None:
        self._gz.close()
        if self._raw is not sys.stdin.buffer:
            self._raw.close()
        super().close()


def buffered(stream: BinaryIO) -> io.BufferedReader:
    """A peekable reader over any stream."""
    if isinstance(stream, io.BufferedReader):
        return stream
    return io.BufferedReader(stream)  # type: ignore[arg-type]

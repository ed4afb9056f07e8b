"""Turn command-line inputs (files, folders, globs, gzip, `-`) into named byte streams."""

from __future__ import annotations

import glob
import io
import os
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from ..errors import Code, InputError
from .records import one_line

GZIP_MAGIC = b"\x1f\x8b"
# A gzip member that inflates past this is treated as hostile (a "gzip bomb").
MAX_INFLATED_BYTES = 4 * 1024**3
# ... and so is one that inflates more than MAX_RATIO times what it has read, once past RATIO_AFTER
# bytes (news text compresses 3 to 10 times; a bomb of zeros 1,000 times), before it fills memory.
MAX_RATIO = 100
RATIO_AFTER = 1024**2


@dataclass(slots=True)
class Source:
    """One input stream: a name for messages and a way to open it."""

    name: str  # for messages: printable, one line
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
            yield Source(one_line(item, 1000), item)
        elif glob.has_magic(item):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                yield InputError(Code.UNREADABLE, detail=f"{one_line(item, 1000)}: no file matches")
            for match in matches:
                if os.path.isdir(match):
                    yield from _walk(match)
                else:
                    yield Source(one_line(match, 1000), match)
        else:
            yield InputError(Code.UNREADABLE, detail=f"{one_line(item, 1000)}: no such file or folder")


def _walk(folder: str) -> Iterator[Source]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                path = os.path.join(root, name)
                yield Source(one_line(path, 1000), path)


def _peek(stream: BinaryIO, n: int) -> bytes:
    if hasattr(stream, "peek"):
        return stream.peek(n)[:n]
    raise InputError(Code.UNREADABLE, detail="stream cannot be peeked")


class _BoundedGzip(io.RawIOBase):
    """Gunzips (every member of) a gzip stream, refusing to inflate past MAX_INFLATED_BYTES or, once
    past RATIO_AFTER, more than MAX_RATIO times what it has read (a gzip bomb).  Compressed data is
    fed CHUNK bytes at a time, so the ratio is known closely and a bomb stops after a few megabytes."""

    CHUNK = 16 * 1024

    def __init__(self, raw: BinaryIO, name: str):
        self._raw, self._name = raw, name
        self._zlib = zlib.decompressobj(31)  # 31: gzip header and trailer
        self._read = 0  # compressed bytes read
        self._count = 0  # bytes inflated

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        while True:
            if self._zlib.eof:  # a member ended: another may follow (zero padding is ignored)
                data = self._zlib.unused_data.lstrip(b"\0") or self._more().lstrip(b"\0")
                if not data:
                    return 0
                self._zlib = zlib.decompressobj(31)
            else:
                data = self._zlib.unconsumed_tail or self._more()
                if not data:
                    raise InputError(Code.UNREADABLE, detail=f"{self._name}: bad gzip data (cut short)")
            try:
                out = self._zlib.decompress(data, len(buffer))
            except zlib.error as exc:
                raise InputError(Code.UNREADABLE, detail=f"{self._name}: bad gzip data ({exc})") from None
            if out:
                break
        n = len(out)
        buffer[:n] = out
        self._count += n
        if self._count > MAX_INFLATED_BYTES:
            raise InputError(Code.UNREADABLE,
                             detail=f"{self._name}: inflates past {MAX_INFLATED_BYTES:,} bytes")
        if self._count > RATIO_AFTER and self._count > MAX_RATIO * self._read:
            raise InputError(Code.UNREADABLE, detail=(
                f"{self._name}: inflates more than {MAX_RATIO} times its size (a gzip bomb?)"))
        return n

    def _more(self) -> bytes:
        data = self._raw.read(self.CHUNK)
        self._read += len(data)
        return data

    def close(self) -> None:
        if self._raw is not sys.stdin.buffer:
            self._raw.close()
        super().close()


def buffered(stream: BinaryIO) -> io.BufferedReader:
    """A peekable reader over any stream."""
    if isinstance(stream, io.BufferedReader):
        return stream
    return io.BufferedReader(stream, 1 << 16)  # type: ignore[arg-type]

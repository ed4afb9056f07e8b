"""One catalogue of the errors dateline reports, each with a stable code.

Input problems become `errors` rows and one-line warnings; the batch goes on.
Usage problems (bad options, a missing model) stop the command with exit 2.
"""

from __future__ import annotations

from enum import Enum


class Code(str, Enum):
    # Input problems: one article or file is skipped, the batch goes on.
    UNREADABLE = "E001"
    INVALID_UTF8 = "E002"
    EMPTY_TEXT = "E003"
    TOO_LARGE = "E004"
    NOT_ENGLISH = "E005"
    MALFORMED_RECORD = "E006"
    ID_CONFLICT = "E007"
    EXTRACTION_FAILED = "E008"
    NO_ARTICLES_IN_INPUT = "E009"
    INPUT_TOO_LARGE = "E010"
    # Usage problems: the command stops.
    USAGE = "E100"
    MODEL_NOT_INSTALLED = "E101"
    UNKNOWN_FORMAT = "E102"
    NO_SUCH_ARTICLE = "E103"
    STORE_FAILED = "E104"
    NO_TRAINING_DATA = "E105"
    NO_SUCH_RECORD = "E106"
    # A fault of dateline itself (an HTTP 500): the details stay in the server's log.
    INTERNAL = "E107"
    # The ray engine (ingest --engine ray) cannot start or run: ray not installed, cluster unreachable,
    # its workers failing (what was extracted before is kept: a rerun resumes).
    RAY_UNAVAILABLE = "E110"


MESSAGES: dict[Code, str] = {
    Code.UNREADABLE: "cannot read input: {detail}",
    Code.INVALID_UTF8: "text is not valid UTF-8 ({detail})",
    Code.EMPTY_TEXT: "article has no text",
    Code.TOO_LARGE: "text is {size:,} bytes, over the limit of {limit:,} (setting max_bytes)",
    Code.NOT_ENGLISH: "text looks like {lang!r}, not English (p={prob:.2f})",
    Code.MALFORMED_RECORD: "malformed record: {detail}",
    Code.ID_CONFLICT: "article id {id!r} is already stored with a different text",
    Code.EXTRACTION_FAILED: "extraction failed: {detail}",
    Code.NO_ARTICLES_IN_INPUT: "no articles found in input",
    Code.INPUT_TOO_LARGE: "{what} is over {limit:,} bytes, the most read at once (setting max_bytes); "
                          "skipped unread",
    Code.USAGE: "{detail}",
    Code.MODEL_NOT_INSTALLED: "spaCy pipeline {name!r} is not installed ({detail}); "
                              "install it with pip or choose another with --model / DATELINE_MODEL",
    Code.UNKNOWN_FORMAT: "unknown format {name!r}; choose one of {choices}",
    Code.NO_SUCH_ARTICLE: "no article {id!r} in {db}",
    Code.STORE_FAILED: "store {db} failed: {detail}",
    Code.NO_TRAINING_DATA: "no training data: {detail}",
    Code.NO_SUCH_RECORD: "no {what} {id!r} in {db}",
    Code.INTERNAL: "internal error (reference {ref}); the details are in the server's log",
    Code.RAY_UNAVAILABLE: "the ray engine failed: {detail}",
}


def message(code: Code, **params: object) -> str:
    return MESSAGES[code].format(**params)


class DatelineError(Exception):
    """An error with a catalogue code and a one-line message."""

    def __init__(self, code: Code, **params: object):
        self.code = code
        self.params = params
        super().__init__(message(code, **params))

    @property
    def line(self) -> str:
        return f"{self.code.value} {self}"


class InputError(DatelineError):
    """One input (file, record, article) is bad; the batch goes on."""


class UsageError(DatelineError):
    """The command was misused or cannot start; exit status 2."""

"""Fuzz every reader with hostile input: the answer is always Articles or errors rows, in time.

    python benchmarks/fuzz_readers.py --seconds 600                 # Hypothesis, all formats in turn
    python benchmarks/fuzz_readers.py --seconds 600 --engine atheris  # coverage-guided (pip install atheris)
    python benchmarks/fuzz_readers.py --seconds 60 --format warc

Inputs come from Hypothesis strategies written for each format (JSON with hostile values and
nesting, CSV with stray quotes and NULs, tag soup, feeds with entities and bad dates, WARC records
with broken headers and lengths), plus raw binary, invalid UTF-8 and gzip (whole or cut short),
each read through `dateline.read.read_inputs` from a real file, detected or forced to a format.
An input fails the oracle (`check_items`) when reading it raises, takes longer than the time
limit, yields something other than an Article or a Failure, or a Failure whose code is not in
the catalogue or whose reason is not one printable line, or when the last-resort handler of
`read_source` had to catch a reader's exception.  A failing input is saved under --out.

With `--engine atheris`, libFuzzer drives the same strategies (Hypothesis' `fuzz_one_input`)
with coverage of dateline's readers; it stops at the first crash, which it writes as crash-*.
tests/test_hostile_input.py runs a short version of this in the default test run.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

FORMATS = ["text", "jsonl", "json", "csv", "tsv", "html", "feed", "warc"]
SUFFIX = {"text": ".txt", "jsonl": ".jsonl", "json": ".json", "csv": ".csv", "tsv": ".tsv", "html": ".html",
          "feed": ".rss", "warc": ".warc"}
MAX_BYTES = 20_000  # small, so that size limits are reached by small inputs too
TIME_LIMIT = 10.0  # seconds to read one fuzz input (inputs are a few kilobytes: a slower read is a hang)
HANG_LIMIT = 60.0  # the long run's watchdog: an input still being read after this is saved as a hang

# -- strategies ------------------------------------------------------------------------------------

_odd_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=60)
_words = st.sampled_from(["Officials", "met", "in", "Kabul", "on", "Monday", "said", "“", "”", '"', "'", "\u202e",
                          "\u200f", "\x00", "\x1b[31m", "\r", "\n", "\t", "&amp;", "<b>", "é", "\ud800", "Robert');",
                          "DROP TABLE articles;--", "%", "_", "\\", "2020-04-18", "date", "title", "id", "url"])
_prose = st.lists(_words, max_size=40).map(" ".join)
_scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
                     st.floats(allow_nan=True, allow_infinity=True), _odd_text, _prose)
_json_values = st.recursive(_scalars, lambda kids: st.one_of(st.lists(kids, max_size=4),
                                                             st.dictionaries(_odd_text, kids, max_size=4)),
                            max_leaves=12)
_fields = st.sampled_from(["text", "body", "content", "id", "published", "date", "title", "url", "outlet",
                           "source", "TEXT", " text ", "headline", "guid"])
_records = st.dictionaries(_fields, st.one_of(_json_values, _prose), max_size=6)


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=True)


@st.composite
def json_lines(draw) -> bytes:
    lines = []
    for item in draw(st.lists(st.one_of(_records, _json_values), max_size=6)):
        line = _dump(item)
        if draw(st.booleans()):  # cut, nest or corrupt some lines
            line = draw(st.sampled_from([line[: len(line) // 2], "[" * 2000 + "]" * 2000, line + "}",
                                         '{"text": "\\ud800 lone", "id": "\\udc80"}', '{"text": 1' + "0" * 5000 + "}",
                                         line.replace('"', "'")]))
        lines.append(line)
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    return _corrupt(draw, data)


@st.composite
def json_documents(draw) -> bytes:
    value = draw(st.one_of(st.lists(_records, max_size=5), _records, _json_values))
    return _corrupt(draw, _dump(value).encode("utf-8", "surrogatepass"))


@st.composite
def tables(draw, delimiter: str = ",") -> bytes:
    header = draw(st.lists(_fields, min_size=1, max_size=5))
    cells = st.one_of(_prose, _odd_text, st.sampled_from(['"', '""', '"a"b', "a\nb", "\x00", delimiter, "\r"]))
    rows = draw(st.lists(st.lists(cells, max_size=7), max_size=6))
    lines = [delimiter.join(header)] + [delimiter.join(
        f'"{c}"' if draw(st.booleans()) else c for c in row) for row in rows]
    return _corrupt(draw, "\n".join(lines).encode("utf-8", "surrogatepass"))


_tags = st.sampled_from(["div", "p", "span", "article", "main", "script", "style", "table", "td", "b", "title",
                         "meta", "h1", "br", "!--", "![CDATA[", "svg", "math", "template", "iframe", "head", "body"])


@st.composite
def html_pages(draw) -> bytes:
    parts = ["<html><head><title>", draw(_prose), "</title></head><body>"]
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(_tags)
        kind = draw(st.integers(0, 4))
        if kind == 0:
            parts.append(f"<{tag}>" * draw(st.integers(1, 3000)))  # deep nesting, unclosed
        elif kind == 1:
            parts.append(f"<{tag} {draw(_odd_text)!r}={draw(_prose)!r}>{draw(_prose)}</{tag}>")
        elif kind == 2:
            parts.append(draw(st.sampled_from(["&#0;", "&#xD800;", "&#99999999;", "&nbsp;" * 50, "&", "<!--",
                                               "<meta charset='utf-7'>", "<meta http-equiv='refresh'>"])))
        else:
            parts.append(f"<p>{draw(_prose)}</p>")
    data = "".join(parts).encode("utf-8", "surrogatepass")
    return _corrupt(draw, data)


@st.composite
def feeds(draw) -> bytes:
    entries = []
    for _ in range(draw(st.integers(0, 4))):
        date = draw(st.sampled_from(["Thu, 10 Dec 2020 10:00:00 GMT", "0000-00-00", "Sun, 31 Feb 99999 99:99:99",
                                     "-1", "9999-12-31T23:59:59Z", "yesterday", ""]))
        body = draw(st.one_of(_prose, html_pages().map(lambda b: b.decode("utf-8", "replace"))))
        esc = draw(st.booleans())
        body = body.replace("&", "&amp;").replace("<", "&lt;") if esc else f"<![CDATA[{body}]]>"
        entries.append(f"<item><title>{draw(_prose)}</title><guid>{draw(_odd_text)}</guid>"
                       f"<pubDate>{date}</pubDate><description>{body}</description></item>")
    head = draw(st.sampled_from(["<?xml version='1.0'?>", "<?xml version='1.0' encoding='latin-1'?>",
                                 "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY a 'aaaaaaaaaa'>"
                                 "<!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'><!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;'>]>",
                                 "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>", ""]))
    root = draw(st.sampled_from(["rss", "feed", "rdf:RDF"]))
    data = f"{head}<{root}><channel><title>{draw(_prose)} &x;</title>{''.join(entries)}</channel></{root}>"
    return _corrupt(draw, data.encode("utf-8", "surrogatepass"))


@st.composite
def warcs(draw) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=draw(st.booleans()))
    for _ in range(draw(st.integers(0, 3))):
        body = draw(st.one_of(html_pages(), st.binary(max_size=200)))
        ctype = draw(st.sampled_from(["text/html", "text/html; charset=utf-8", "application/xhtml+xml",
                                      "text/html; charset=bogus", "image/png", ""]))
        headers = StatusAndHeaders(draw(st.sampled_from(["200 OK", "404", "", "999 X"])),
                                   [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(draw(st.sampled_from(["https://x.example/a", "", "not a uri"])),
                                                      "response", payload=io.BytesIO(body), http_headers=headers))
    data = out.getvalue()
    choice = draw(st.integers(0, 4))
    if choice == 0 and data:  # cut short
        data = data[: _at(draw, len(data))]
    elif choice == 1:  # headers by hand: missing fields, lying or huge lengths
        length = draw(st.sampled_from(["99999999999", "-5", "abc", "0", "10"]))
        data = (f"WARC/1.0\r\nWARC-Type: {draw(st.sampled_from(['response', 'request', '']))}\r\n"
                f"Content-Length: {length}\r\nContent-Type: application/http; msgtype=response\r\n\r\n"
                f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n").encode() + draw(html_pages())
    return _corrupt(draw, data)


def _corrupt(draw, data: bytes) -> bytes:
    """Sometimes: invalid UTF-8 bytes inserted, bytes flipped, or the whole thing gzipped (maybe cut)."""
    how = draw(st.integers(0, 5))
    if how == 1 and data:
        at = _at(draw, len(data))
        data = data[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00", b"\xef\xbb\xbf"])) + data[at:]
    elif how == 2 and data:
        buf = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            buf[min(_at(draw, len(buf)), len(buf) - 1)] = draw(st.integers(0, 255))
        data = bytes(buf)
    elif how == 3:
        packed = gzip.compress(data)
        data = packed[: max(2, _at(draw, len(packed)))] if draw(st.booleans()) else packed
    return data


def _at(draw, n: int) -> int:
    """A position in 0..n drawn as a fraction, so that what is drawn does not depend on n (WARC
    record ids and gzip headers make lengths differ from one replay of an input to the next)."""
    return int(draw(st.floats(0, 1)) * n)


def inputs_for(fmt: str):
    """The strategy of hostile inputs for one format: its own, or raw bytes."""
    own = {"text": _prose.map(lambda s: s.encode("utf-8", "surrogatepass")), "jsonl": json_lines(),
           "json": json_documents(), "csv": tables(","), "tsv": tables("\t"), "html": html_pages(),
           "feed": feeds(), "warc": warcs()}[fmt]
    return st.one_of(own, own, own, st.binary(max_size=3000))


# -- the oracle -----------------------------------------------------------------------------------

def check_items(items: list, *, max_bytes: int = MAX_BYTES) -> list[str]:
    """What is wrong with a reader's answer (empty when nothing is)."""
    from dateline.errors import Code
    from dateline.model import Article, Failure
    from dateline.read.records import MAX_ID_CHARS

    codes = {c.value for c in Code}
    problems = []
    for item in items:
        if isinstance(item, Failure):
            if item.code not in codes:
                problems.append(f"unknown code {item.code!r}")
            if not item.reason or not item.reason.isprintable() or len(item.reason) > 400:
                problems.append(f"reason is not one printable line: {item.reason!r:.200}")
            if not item.source.isprintable():
                problems.append(f"source is not printable: {item.source!r:.200}")
            if "reader failed" in item.reason:
                problems.append(f"a reader raised: {item.reason}")
        elif isinstance(item, Article):
            fields = (item.text, item.id, item.title, item.url, item.outlet, item.source)
            if any(v is not None and not _utf8(v) for v in fields):
                problems.append("a field holds a lone surrogate (no UTF-8 file or store can hold it)")
            elif not item.text.strip() or len(item.text.encode("utf-8")) > max_bytes:
                problems.append(f"bad article text ({len(item.text)} characters)")
            if len(item.id) > MAX_ID_CHARS:
                problems.append("id too long")
            if item.published is not None and (len(item.published) != 10 or item.published[4] != "-"):
                problems.append(f"published {item.published!r} is not YYYY-MM-DD")
        else:
            problems.append(f"a {type(item).__name__} among the results")
    return problems


def _utf8(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def read_file(path: str, fmt: str | None, max_bytes: int = MAX_BYTES) -> tuple[list, float]:
    from dateline.read import read_inputs

    started = time.monotonic()
    items = list(read_inputs([path], max_bytes=max_bytes, format=fmt))
    return items, time.monotonic() - started


def check_input(data: bytes, fmt: str, folder: str, *, forced: bool) -> list[str]:
    """Write `data` to a file named for `fmt` and read it; the oracle's complaints."""
    path = os.path.join(folder, "input" + SUFFIX[fmt])
    with open(path, "wb") as f:
        f.write(data)
    try:
        items, seconds = read_file(path, fmt if forced else None)
    except Exception as exc:  # the finding: reported with the input, never hidden
        return [f"raised {type(exc).__name__}: {exc}"]
    problems = check_items(items)
    if seconds > TIME_LIMIT:
        problems.append(f"took {seconds:.1f} s (limit {TIME_LIMIT} s)")
    return problems


def make_test(fmt: str, folder: str, max_examples: int, before=None, after=None):
    """A Hypothesis test of one format (forced, or detected from name and content).
    `before(fmt, data)` and `after(fmt, data, problems)` are called around each input."""
    @settings(max_examples=max_examples, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(data=inputs_for(fmt), forced=st.booleans())
    def test(data: bytes, forced: bool) -> None:
        if before is not None:
            before(fmt, data)
        problems = check_input(data, fmt, folder, forced=forced)
        if after is not None:
            after(fmt, data, problems)
        assert not problems, problems

    return test


# -- the long run -----------------------------------------------------------------------------------

class Watchdog:
    """Saves the input being read and exits when one read takes longer than HANG_LIMIT."""

    def __init__(self, out: Path):
        self.out, self.current, self.since = out, None, None
        threading.Thread(target=self._watch, daemon=True).start()

    def start(self, fmt: str, data: bytes) -> None:
        self.current, self.since = (fmt, data), time.monotonic()

    def _watch(self) -> None:
        while True:
            time.sleep(1)
            if self.since is not None and time.monotonic() - self.since > HANG_LIMIT and self.current:
                fmt, data = self.current
                path = self.out / f"hang-{fmt}-{int(time.time())}{SUFFIX[fmt]}"
                path.write_bytes(data)
                print(f"HANG: a {fmt} input took over {HANG_LIMIT} s to read; saved to {path}", flush=True)
                os._exit(2)


def run_hypothesis(formats: list[str], seconds: float, out: Path) -> dict:
    folder = tempfile.mkdtemp(prefix="fuzz-")
    watchdog = Watchdog(out)
    stats = {f: {"inputs": 0, "crashes": 0} for f in formats}
    crashes: list[str] = []
    last: dict = {}

    def after(fmt: str, data: bytes, problems: list[str]) -> None:
        stats[fmt]["inputs"] += 1
        watchdog.since = None
        if problems:  # Hypothesis replays the smallest failing input last: keep that one
            last["failure"] = (fmt, data, problems)

    deadline = time.monotonic() + seconds
    rounds = 0
    while time.monotonic() < deadline:
        fmt = formats[rounds % len(formats)]
        rounds += 1
        last.clear()
        try:
            make_test(fmt, folder, max_examples=200, before=watchdog.start, after=after)()
        except AssertionError:
            fmt, data, problems = last["failure"]
            path = out / f"crash-{fmt}-{len(crashes)}{SUFFIX[fmt]}"
            path.write_bytes(data)
            crashes.append(f"{fmt}: {problems[0][:300]} (input saved to {path})")
            stats[fmt]["crashes"] += 1
            print("crash:", crashes[-1], flush=True)
    return {"engine": "hypothesis", "seconds": seconds, "formats": stats,
            "inputs": sum(s["inputs"] for s in stats.values()), "crashes": len(crashes),
            "examples": crashes[:20], "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}


def run_atheris(formats: list[str], seconds: float, out: Path) -> None:
    """libFuzzer drives the Hypothesis strategies, with coverage of dateline's readers."""
    import atheris

    with atheris.instrument_imports(include=["dateline.read"]):
        import dateline.read  # noqa: F401
    folder = tempfile.mkdtemp(prefix="fuzz-")
    tests = [make_test(fmt, folder, max_examples=1) for fmt in formats]

    def one_input(buffer: bytes) -> None:
        if buffer:
            tests[buffer[0] % len(tests)].hypothesis.fuzz_one_input(buffer[1:])

    atheris.Setup([sys.argv[0], f"-max_total_time={int(seconds)}", f"-timeout={int(HANG_LIMIT)}",
                   f"-artifact_prefix={out}/", "-rss_limit_mb=4096"], one_input)
    atheris.Fuzz()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--format", choices=FORMATS, action="append", help="fuzz only these (repeatable)")
    parser.add_argument("--engine", choices=["hypothesis", "atheris"], default="hypothesis")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "dateline-fuzz-findings",
                        help="where failing inputs are saved (default: the temporary folder)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    formats = args.format or FORMATS
    if args.engine == "atheris":
        run_atheris(formats, args.seconds, args.out)
        return 0
    started = time.monotonic()
    figures = run_hypothesis(formats, args.seconds, args.out)
    figures["seconds"] = round(time.monotonic() - started, 1)
    if args.json:
        print(json.dumps(figures))
    else:
        for fmt, s in figures["formats"].items():
            print(f"{fmt:6} {s['inputs']:>8,} inputs  {s['crashes']} crashes")
        print(f"{figures['inputs']:,} inputs in {figures['seconds']} s, {figures['crashes']} crashes, "
              f"peak memory {figures['max_rss_mb']} MB")
    return 1 if figures["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())

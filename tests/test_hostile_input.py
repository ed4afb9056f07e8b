"""Hostile input: every reader fuzzed, huge lines, gzip bombs, deep nesting, binary data, bad Unicode.

The answer is always Articles or errors rows with a one-line reason: no exception, no hang, bounded
memory.  The fuzzers here are the short version of `python benchmarks/fuzz_readers.py --seconds 600`.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import subprocess
import sys
import time

import pytest
from conftest import DATA, ROOT, run_cli

from dateline.model import Article, Failure
from dateline.read import detect_format, read_inputs
from dateline.read.records import MAX_BAD_RUN
from dateline.store import Store

spec = importlib.util.spec_from_file_location("fuzz_readers", ROOT / "benchmarks" / "fuzz_readers.py")
fuzz = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fuzz)


def read_all(path, max_bytes=1_000_000, format=None):
    return list(read_inputs([str(path)], max_bytes=max_bytes, format=format))


@pytest.mark.parametrize("fmt", fuzz.FORMATS)
def test_fuzz_each_reader(fmt, tmp_path):
    """Hypothesis: hostile inputs of each format (and raw bytes), read forced and detected."""
    fuzz.make_test(fmt, str(tmp_path), max_examples=20)()


@pytest.mark.slow
@pytest.mark.parametrize("fmt", fuzz.FORMATS)
def test_fuzz_each_reader_long(fmt, tmp_path):
    fuzz.make_test(fmt, str(tmp_path), max_examples=1000)()


def test_oracle_rejects_what_it_should():
    """The fuzzers' oracle is not a rubber stamp."""
    assert fuzz.check_items([Failure(source="x", code="E999", reason="r")])
    assert fuzz.check_items([Failure(source="x", code="E006", reason="two\nlines")])
    assert fuzz.check_items([Failure(source="x", code="E006", reason="the json reader failed (KeyError: 1)")])
    assert fuzz.check_items([Article(id="a", text="caf\udce9", source="x")])
    assert fuzz.check_items(["not a record"])
    assert not fuzz.check_items([Article(id="a", text="Officials met.", source="x"),
                                 Failure(source="x", code="E006", reason="malformed record: invalid JSON")])


@pytest.mark.parametrize("name, data, code", [
    ("deep.jsonl", b"[" * 100_000 + b"]" * 100_000 + b"\n", "E006"),
    ("deep.json", b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "E006"),
    ("digits.jsonl", b'{"text": "x", "id": ' + b"9" * 5000 + b"}\n", "E006"),
    ("surrogate.jsonl", b'{"text": "Talks in Doha \\ud800 resumed."}\n', "E002"),
    ("surrogate-title.jsonl", b'{"text": "Talks in Doha resumed.", "title": "\\udc80"}\n', "E002"),
    ("long-id.jsonl", json.dumps({"text": "Talks resumed.", "id": "x" * 600}).encode() + b"\n", "E006"),
    ("broken-header.warc", b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999999999\r\n\r\nabc", "E006"),
    ("binary.warc", os.urandom(4000), "E006"),
    ("nul.rss", b"<rss><channel><item><description><![CDATA[<p>Talks \x00 in\x01 Doha</p>]]></description>"
                b"</item></channel></rss>", None),
    ("binary.csv", b"\xff\xfe" + os.urandom(3000), "E002"),
])
def test_hostile_files_become_errors_rows(tmp_path, name, data, code):
    path = tmp_path / name
    path.write_bytes(data)
    items = read_all(path)
    assert not fuzz.check_items(items)
    if code is None:
        assert [type(i) for i in items] == [Article] and "\x00" not in items[0].text
    else:
        assert [i.code for i in items] == [code], items


def test_quadratic_header_line_reads_in_linear_time(tmp_path):
    """`title x<200,000 spaces>y`: the header regex used to backtrack quadratically (hours)."""
    path = tmp_path / "spaces.txt"
    path.write_text("title x" + " " * 200_000 + "y\nOfficials met in Kabul on Monday.\n")
    started = time.monotonic()
    [article] = read_all(path)
    assert time.monotonic() - started < 2
    assert article.title.endswith("y") and article.text.startswith("Officials")


def test_deeply_nested_html_page(tmp_path):
    path = tmp_path / "deep.html"
    path.write_bytes(b"<html><body>" + b"<div><span>" * 100_000 + b"Talks resumed in Doha on Monday."
                     + b"</span></div>" * 1000)
    started = time.monotonic()
    items = read_all(path)
    assert time.monotonic() - started < 20 and len(items) == 1 and not fuzz.check_items(items)


def test_oversized_documents_are_refused_unread(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(b"<html><body>" + b"<p>The minister spoke again.</p>" * 200)  # 6.4 kB
    [failure] = read_all(page, max_bytes=1000)
    assert failure.code == "E010" and "HTML page" in failure.reason
    assert read_all(page, max_bytes=2000)[0].code != "E010"  # 4 x max_bytes of markup is read


def test_binary_data_as_json_lines_is_given_up(tmp_path):
    path = tmp_path / "noise.jsonl"
    rng = __import__("random").Random(3)
    path.write_bytes(b"\n".join(bytes(rng.randrange(256) for _ in range(40)) for _ in range(5000)))
    items = read_all(path)
    assert len(items) == MAX_BAD_RUN + 1 and all(isinstance(i, Failure) for i in items)
    assert "rest of the file is skipped" in items[-1].reason


def _bomb(path, inflated: int, byte: bytes = b"\0") -> None:
    """A gzip file that inflates to `inflated` bytes of `byte`: one small gzip member of 1 MiB,
    repeated (a stream of members is valid gzip), about a thousandth of that on disk."""
    member = gzip.compress(byte * (1 << 20), compresslevel=9)
    with open(path, "wb") as f:
        for _ in range(inflated >> 20):
            f.write(member)


_MEASURE = r"""
import json, resource, sys, time
from dateline.read import read_inputs
rss = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
out = []
for path in sys.argv[1:]:
    list(read_inputs([__file__], max_bytes=1_000_000))  # imports done before the baseline
    before, started = rss(), time.monotonic()
    items = list(read_inputs([path], max_bytes=1_000_000))
    out.append({"path": path, "grew_mb": rss() - before, "seconds": time.monotonic() - started,
                "items": [[type(i).__name__, getattr(i, "code", None), getattr(i, "reason", "")[:200]] for i in items]})
print(json.dumps(out))
"""


def test_100_mb_lines_and_gzip_bombs_in_bounded_memory(tmp_path):
    """Each read in a fresh process: its peak memory may not grow by what the input holds."""
    hundred = 100 * 1024 * 1024
    good = b'{"id": "before", "text": "Talks resumed in Doha."}\n'
    files = {"line.jsonl": good + b'{"text": "' + b"x" * hundred + b'"}\n' + good.replace(b"before", b"after"),
             "line.csv": b"id,text\nbefore,Talks resumed.\nhuge," + b"y" * hundred + b"\nafter,More talks.\n",
             "huge.txt": b"date 2020-04-18\n" + b"Talks went on. " * (hundred // 15)}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    del data, files
    _bomb(tmp_path / "bomb.jsonl.gz", 1024**3, b"\n")  # blank lines: only the inflation ratio stops it
    _bomb(tmp_path / "bomb.txt.gz", 1024**3)  # one text: refused at max_bytes
    script = tmp_path / "measure.py"
    script.write_text(_MEASURE)
    names = ["line.jsonl", "line.csv", "huge.txt", "bomb.jsonl.gz", "bomb.txt.gz"]
    proc = subprocess.run([sys.executable, str(script), *(str(tmp_path / n) for n in names)], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = {os.path.basename(r["path"]): r for r in json.loads(proc.stdout)}
    for name, r in results.items():
        assert r["grew_mb"] < 60, (name, r["grew_mb"])
        assert r["seconds"] < 20, (name, r["seconds"])
    codes = {name: [(kind, code) for kind, code, _ in r["items"]] for name, r in results.items()}
    assert codes["line.jsonl"] == [("Article", None), ("Failure", "E010"), ("Article", None)]
    assert codes["line.csv"] == [("Article", None), ("Failure", "E010")]  # the rows after are not findable
    assert codes["huge.txt"] == [("Failure", "E010")]
    assert codes["bomb.jsonl.gz"] == [("Failure", "E001")]
    assert "gzip bomb" in results["bomb.jsonl.gz"]["items"][0][2]
    assert codes["bomb.txt.gz"] == [("Failure", "E010")]


def test_legitimate_gzip_still_reads(tmp_path):
    path = tmp_path / "wire.jsonl.gz"
    path.write_bytes(gzip.compress((DATA / "articles.jsonl").read_bytes() * 3))
    assert [type(i) for i in read_all(path)] == [Article] * 6


def test_detect_format_never_fails():
    for head in (b"", b"\xff" * 600, b"<", b"{" * 600, b"WARC/", b"\xef\xbb\xbf<rss"):
        assert detect_format("\udcff\n.bin", head) in fuzz.FORMATS


def test_ingest_of_a_hostile_folder_goes_on(tmp_path):
    """The real command over a folder of hostile files: exit 0, one line per problem, the good article stored."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("NAIROBI — Kenyan police arrested 12 protesters in Nairobi on Monday.")
    (folder / "noise.jsonl").write_bytes(os.urandom(2000))
    (folder / "deep.json").write_bytes(b"[" * 50_000)
    (folder / "broken.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: x\r\n\r\n")
    (folder / "lying.warc").write_bytes(  # a Content-Length too short: warcio used to print 3 lines
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 10\r\nContent-Type: application/http; "
        b"msgtype=response\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>Talks resumed.</p>")
    (folder / "surrogate.jsonl").write_bytes(b'{"id": "\\ud83d", "text": "Talks resumed."}\n')
    (folder / "bad\nname\u202e.txt").write_bytes(b"\xff\xfe bytes")
    _bomb(folder / "bomb.txt.gz", 256 * 1024**2)
    db = str(tmp_path / "d.duckdb")
    proc = run_cli("ingest", str(folder), "--db", db, "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("warning:")]
    others = [line for line in proc.stderr.splitlines() if not line.startswith(("warning:", "stored in"))]
    assert not others, others  # every problem is one line
    with Store.open(db, read_only=True) as store:
        errors = store.query("SELECT source, code, reason FROM errors")
        assert len(store.article_ids()) == 1
    assert len(errors) == len(warnings) >= 6
    assert all(fuzz.check_items([Failure(**e)]) == [] for e in errors)

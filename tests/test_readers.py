"""Every reader on real files, format detection, folders, globs, gzip and standard input."""

from __future__ import annotations

import gzip
import io
import shutil

import pytest
from conftest import DATA, jsonl, run_cli

from dateline.model import Article, Failure
from dateline.read import detect_format, read_inputs
from dateline.read.text import split_header


def read_all(*paths, **kwargs):
    return list(read_inputs([str(p) for p in paths], max_bytes=kwargs.pop("max_bytes", 1_000_000), **kwargs))


def articles(items):
    assert all(isinstance(i, Article) for i in items), [i for i in items if isinstance(i, Failure)]
    return items


def test_header_text_one_key_per_line():
    [a] = articles(read_all(DATA / "header.txt"))
    assert a.id == "lagos-budget-vote"
    assert a.published == "2018-11-05"
    assert a.title == "Nigerian senate passes budget after long delay"
    assert a.url == "https://news.example.org/lagos-budget-vote"
    assert a.outlet == "Example Courier"
    assert a.text.startswith("LAGOS — Nigeria's senate")
    assert a.source.endswith("header.txt")


def test_header_text_on_the_body_line():
    [a] = articles(read_all(DATA / "inline-header.txt"))
    assert a.published == "2020-06-12"
    assert a.text.startswith("BAGHDAD — Iraqi and American")
    assert a.id.startswith("h") and len(a.id) == 21  # content hash id


def test_plain_text_has_no_header():
    [a] = articles(read_all(DATA / "plain.txt"))
    assert a.published is None
    assert a.text.startswith("Lawmakers in Chile")


@pytest.mark.parametrize("text, fields, body", [
    (" date 2020-04-18 TEHRAN — x", {"published": "2020-04-18"}, "TEHRAN — x"),
    ("date: 2020-04-18\n\n\nBody here", {"published": "2020-04-18"}, "Body here"),
    ("Date night in Paris was busy.", {}, "Date night in Paris was busy."),
    ("title A long title\nid x-1\nBody", {"title": "A long title", "id": "x-1"}, "Body"),
    ("Title of nothing\nBody", {}, "Title of nothing\nBody"),
])
def test_split_header(text, fields, body):
    found, start = split_header(text)
    assert found == fields
    assert text[start:] == body


def test_jsonl_fields_and_defaults():
    first, second = articles(read_all(DATA / "articles.jsonl"))
    assert (first.id, first.published, first.title, first.outlet) == ("jl-1", "2017-03-14", "Talks in Ankara",
                                                                     "Example Wire")
    assert second.id.startswith("h") and second.published == "2014-03-05"
    assert second.source.endswith("articles.jsonl:2")


def test_csv_with_synonym_headers_and_multiline_text():
    first, second = articles(read_all(DATA / "articles.csv"))
    assert first.id == "csv-1" and first.title == "Brazil senate removes president"
    assert first.url == "https://news.example.org/csv-1"
    assert "\n\nShe said she would appeal" in first.text
    assert second.url is None and second.published == "2016-09-02"


def test_html_page_through_trafilatura():
    [a] = articles(read_all(DATA / "page.html"))
    assert a.text.startswith("NAIROBI — Kenya and Uganda signed")
    assert "Home" not in a.text and "©" not in a.text
    assert a.published == "2019-05-21"
    assert a.title == "Kenya and Uganda sign rail accord"
    assert a.outlet == "Example Herald"
    assert a.url == "https://herald.example.org/2019/05/21/rail-accord"


def test_rss_entries():
    first, second = articles(read_all(DATA / "feed.rss"))
    assert first.id == "https://feed.example.org/peru-pm"
    assert first.published == "2020-12-10" and first.outlet == "Example World Feed"
    assert first.text == ("LIMA — Peru's president named Walter Quispe as prime minister on Thursday, "
                          "the third in a month.\n\nCongress must confirm him within thirty days.")
    assert second.id == "https://feed.example.org/ghana-vote" and second.published == "2020-12-07"


def test_atom_entry():
    [a] = articles(read_all(DATA / "feed.atom"))
    assert a.id == "urn:example:qatar-1" and a.published == "2021-01-05"
    assert a.url == "https://atom.example.org/qatar-1"
    assert a.text.startswith("AL-ULA, Saudi Arabia — Saudi Arabia and its allies")


def write_warc(path, gz: bool):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    html = (DATA / "page.html").read_bytes()
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gz)
        req = writer.create_warc_record("https://herald.example.org/2019/05/21/rail-accord", "request",
                                        payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
        writer.write_record(req)
        for url, ctype, body in (("https://herald.example.org/2019/05/21/rail-accord", "text/html; charset=utf-8",
                                  html),
                                 ("https://herald.example.org/logo.png", "image/png", b"\x89PNG\r\n")):
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))


@pytest.mark.parametrize("gz", [False, True])
def test_warc_html_responses_only(tmp_path, gz):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(path, gz)
    [a] = articles(read_all(path))
    assert a.text.startswith("NAIROBI — Kenya and Uganda signed")
    assert a.url == "https://herald.example.org/2019/05/21/rail-accord"
    assert a.source.endswith("#1")


def test_gzip_folder_and_glob(tmp_path):
    (tmp_path / "nested").mkdir()
    with gzip.open(tmp_path / "nested" / "articles.jsonl.gz", "wb") as f:
        f.write((DATA / "articles.jsonl").read_bytes())
    shutil.copy(DATA / "header.txt", tmp_path / "header.txt")
    shutil.copy(DATA / "feed.rss", tmp_path / "feed.xml")  # detected by content
    (tmp_path / ".hidden.txt").write_text("ignored")
    ids = [a.id for a in articles(read_all(tmp_path))]
    assert ids[:2] == ["https://feed.example.org/peru-pm", "https://feed.example.org/ghana-vote"]
    assert ids[2] == "lagos-budget-vote" and ids[3] == "jl-1" and len(ids) == 5
    globbed = articles(read_all(tmp_path / "*.txt"))
    assert [a.id for a in globbed] == ["lagos-budget-vote"]


def test_gzip_without_suffix_is_detected_by_magic(tmp_path):
    path = tmp_path / "payload"
    path.write_bytes(gzip.compress((DATA / "articles.jsonl").read_bytes()))
    assert [a.id for a in articles(read_all(path))][0] == "jl-1"


@pytest.mark.parametrize("name, head, fmt", [
    ("x.jsonl", b"", "jsonl"), ("x.ndjson.gz", b"", "jsonl"), ("x.csv", b"", "csv"), ("x.tsv", b"", "tsv"),
    ("x.htm", b"", "html"), ("x.atom", b"", "feed"), ("x.warc.gz", b"", "warc"), ("x.txt", b"{", "text"),
    ("x", b'{"id": 1}', "jsonl"), ("x", b"[{}]", "json"), ("x", b"<?xml version='1.0'?><rss>", "feed"),
    ("x", b"<!DOCTYPE html><html>", "html"), ("x", b"WARC/1.1\r\n", "warc"), ("x", b"date 2020-01-01", "text"),
])
def test_detect_format(name, head, fmt):
    assert detect_format(name, head) == fmt


def test_forced_format(tmp_path):
    path = tmp_path / "wire.data"
    path.write_bytes((DATA / "articles.csv").read_bytes())
    assert [a.id for a in articles(read_all(path, format="csv"))] == ["csv-1", "csv-2"]


def test_stdin_through_the_cli():
    proc = run_cli("extract", "-", "--workers", "1", stdin=(DATA / "articles.jsonl").read_bytes())
    assert proc.returncode == 0, proc.stderr
    assert [o["article"]["id"] for o in jsonl(proc.stdout)][0] == "jl-1"

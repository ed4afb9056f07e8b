"""Adversarial text through the real pipeline: the output is still valid contract JSON, its spans
point into the text, and it is stored and read back unchanged (names that look like SQL included)."""

from __future__ import annotations

import json
import time

import jsonschema
import pytest

from dateline.contract import schema, span_problems
from dateline.model import Article, Extraction
from dateline.read.records import make_article
from dateline.store import Store

ADVERSARIAL = {
    "long-sentence": "WASHINGTON — " + " and ".join(
        f"Senator Robert Smith{i} met President Joe Biden in Paris" for i in range(40)) + ".",
    "quotation-marks": "TEHRAN — " + '"' * 1000 + ' Officials said "talks will resume" on Monday. '
                       + "“" * 500 + "«" * 300 + "'" * 300,
    "many-quotes": "BAGHDAD — " + " ".join(f'"We will win," said Ali Hassan{i % 7}.' for i in range(150)),
    "sql-names": "WASHINGTON — Robert'); DROP TABLE articles;-- met Senator O'Brien' OR '1'='1 in Paris on Monday. "
                 "\"We will attack,\" said Bobby Tables; SELECT * FROM events. Mr. Union Select said talks failed. "
                 "Senator %_\\' met Iraqi Prime Minister Mustafa al-Kadhimi in Baghdad.",
    "control-characters": "KABUL \x00— Officials\x01 met\x07 in Kabul\x1b[31m on Monday\x0b\x0c. \"We will\x08 return,\""
                          " said Ahmad Shah.\r\n\x7f\x9b President Ashraf Ghani\x00 visited Herat\u0085 on Tuesday.",
    "right-to-left": "\u202eBEIRUT\u202c \u200f— Prime Minister \u202bNajib Mikati\u202c met \u2067Michel Aoun\u2069 in "
                     "Beirut on Monday.\u200e \u05e9\u05dc\u05d5\u05dd said the minister. \ufeffزيارة \u061c\u2066x\u2069",
    "odd-whitespace": "GENEVA\u2028— Diplomats\u00a0met\u2003in\u3000Geneva\u2029on\tMonday.\n\n\n\n\u200b\u200b"
                      "Iran's foreign minister said talks\u00adwould\u2060resume.",
    "calendar-overflow": "CHICAGO, March 6 - Traders put the hog slaughter at 300,000 head versus 292,000 week ago "
                         "and 316,000 a year ago. Mr. Smith said 3000000 days before March 3 and 10,000 years ago "
                         "were alike, and 99999999999999999999 months from now, 9999 decades earlier.",
    "astral": "DOHA — Officials 😀 met 𝔗𝔞𝔩𝔦𝔟𝔞𝔫 envoys 🇶🇦 in Doha on Monday, the ministry said. " * 5,
}


@pytest.fixture(scope="module")
def validator():
    return jsonschema.Draft202012Validator(schema())


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_adversarial_text_gives_valid_contract_json(extractor, validator, tmp_path, name):
    article = make_article(text=ADVERSARIAL[name], source=name, max_bytes=1_000_000, id=f"adv-{name}",
                           published="2020-04-18")
    started = time.monotonic()
    result = extractor.extract(article)
    seconds = time.monotonic() - started
    assert isinstance(result, Extraction), result
    assert seconds < 30, f"{name} took {seconds:.1f} s"
    line = json.dumps(result.to_dict(), ensure_ascii=False)  # exactly as `dateline extract` writes it
    assert "\n" not in line
    obj = json.loads(line.encode("utf-8").decode("utf-8"))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(obj)]
    assert not errors, errors[:5]
    assert not span_problems(obj)
    assert obj["text"] == ADVERSARIAL[name]
    with Store.open(str(tmp_path / "s.duckdb")) as store:
        stored, lost = store.write([result])
        assert (stored, lost) == (1, [])
        back = store.extraction(f"adv-{name}").to_dict()
        assert json.loads(json.dumps(back, ensure_ascii=False)) == obj
        assert store.counts()["articles"] == 1


def test_sql_looking_names_are_stored_as_data(extractor, tmp_path):
    article = Article(id="x'); DROP TABLE articles;--", text=ADVERSARIAL["sql-names"], source="t",
                      title="' OR '1'='1", outlet="Robert'); DELETE FROM events;--")
    with Store.open(str(tmp_path / "s.duckdb")) as store:
        assert store.write([extractor.extract(article)])[0] == 1
        assert store.article_ids() == [article.id]
        assert store.find_article("x');") == article.id
        names = [r["name"] for r in store.query("SELECT name FROM actors WHERE article_id = ?", [article.id])]
        assert any("Robert" in n or "Brien" in n or "Tables" in n for n in names), names
        assert store.counts()["events"] >= 1


@pytest.mark.slow
def test_thousands_of_quotes_in_time(extractor, validator):
    """1,500 quotations (50 kB): 27 s on the development machine, most of it in the quotes stage's
    quadratic scans (see docs/reliability.md); the bound here is what a user would call a hang."""
    text = "BAGHDAD — " + " ".join(f'"We will win," said Ali Hassan{i % 7}.' for i in range(1500))
    started = time.monotonic()
    result = extractor.extract(Article(id="q", text=text, published="2020-04-18", source="t"))
    assert time.monotonic() - started < 120
    assert isinstance(result, Extraction) and not list(validator.iter_errors(json.loads(
        json.dumps(result.to_dict(), ensure_ascii=False))))


@pytest.mark.parametrize("published", ["9999-12-31", "0001-01-01"])
def test_articles_dated_at_the_calendar_ends(extractor, validator, tmp_path, published):
    text = ("TEHRAN — Iranian officials met on Monday and will meet again tomorrow, next week and in two years, "
            "the ministry said. Talks began a year earlier. \"We will sign the deal next month,\" said Ali Rezaei.")
    article = make_article(text=text, source="edge", max_bytes=1_000_000, id=f"edge-{published}", published=published)
    result = extractor.extract(article)
    assert isinstance(result, Extraction), result
    obj = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert not list(validator.iter_errors(obj))
    assert [t for t in obj["times"] if t["text"] == "tomorrow"]
    with Store.open(str(tmp_path / "s.duckdb")) as store:
        assert store.write([result]) == (1, [])

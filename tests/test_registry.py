"""The actor registry: dictionaries, what articles say, overrides; dated roles; bare surnames."""

from __future__ import annotations

import duckdb
import pytest
from conftest import run_cli

from dateline.dictionaries import DatedCode, read_petrarch, read_table, read_yaml
from dateline.errors import UsageError
from dateline.model import Article
from dateline.store import Store

PETRARCH = """\
# comment
MIKE_POMPEO_
+MICHAEL_POMPEO_
    [USALEG 110103-170123]
    [USASPY 170123-180426]
    [USAGOV 180426-210120]
ABDULLAH_GUL_ [TURGOV]
<!-- an XML comment -->
RECEP_TAYYIP_ERDOGAN_
    [TURGOV >140828]
    [TURGOV <140827]
"""


def test_read_petrarch_dictionary():
    pompeo, gul, erdogan = read_petrarch(PETRARCH)
    assert (pompeo.name, pompeo.aliases) == ("Mike Pompeo", ["Michael Pompeo"])
    assert [c.code for c in pompeo.codes] == ["USALEG", "USASPY", "USAGOV"]
    from datetime import date
    assert pompeo.codes[2].covers(date(2020, 4, 7)) and not pompeo.codes[1].covers(date(2020, 4, 7))
    assert gul.codes == [DatedCode("TURGOV")]
    assert erdogan.codes[0].end is None and erdogan.codes[1].start is None


def test_read_table_and_yaml():
    [entry] = read_table("name\taliases\tcountry\tsector\tstart\tend\n"
                         "Ali Khamenei\tKhamenei|Ayatollah Khamenei\tIRN\tGOV\t1989-06-04\t\n", "\t")
    assert entry.aliases == ["Khamenei", "Ayatollah Khamenei"] and entry.codes[0].code == "IRNGOV"
    [override] = read_yaml("- name: Mike Pompeo\n  code: USAELI\n  start: 2021-01-21\n")
    assert override.codes[0].code == "USAELI" and str(override.codes[0].start) == "2021-01-21"


@pytest.mark.parametrize("text", ["+ORPHAN_SYNONYM_\n", "NAME_ [not a code\n", "NAME_\n  [USAGOV 991399-]\n"])
def test_bad_dictionary_lines_are_usage_errors(text):
    with pytest.raises(UsageError):
        read_petrarch(text)


def _store(tmp_path, extractor, *articles, imports=()):
    db = str(tmp_path / "r.duckdb")
    for path in imports:
        assert run_cli("actors", "import", str(path), "--db", db).returncode == 0
    with Store.open(db) as store:
        for article in articles:
            store.write([extractor.extract(article)])
    return db


def _codes(db: str, article_id: str) -> dict[str, tuple]:
    con = duckdb.connect(db, read_only=True)
    return {r[0]: r[1:] for r in con.execute("SELECT name, code, code_from FROM actors WHERE article_id = ?",
                                             [article_id]).fetchall()}


def test_bare_surname_resolves_through_a_dictionary_by_date(tmp_path, extractor):
    dictionary = tmp_path / "actors.txt"
    dictionary.write_text(PETRARCH, encoding="utf-8")
    later = Article(id="b", text="Pompeo said on Tuesday that the talks would go ahead.", published="2020-04-08",
                    source="t")
    earlier = Article(id="a", text="Pompeo said on Tuesday that the bill was a mistake.", published="2015-03-04",
                      source="t")
    db = _store(tmp_path, extractor, later, earlier, imports=[dictionary])
    assert _codes(db, "b")["Pompeo"] == ("USAGOV", "dictionary")
    assert _codes(db, "a")["Pompeo"] == ("USALEG", "dictionary")


def test_what_one_article_says_codes_the_next(tmp_path, extractor):
    first = Article(id="a", text="U.S. Secretary of State Mike Pompeo said on Monday that sanctions would stay.",
                    published="2020-04-06", source="t")
    second = Article(id="b", text="Pompeo said on Tuesday that the talks would go ahead.",
                     published="2020-04-08", source="t")
    db = _store(tmp_path, extractor, first, second)
    assert _codes(db, "a")["Mike Pompeo"] == ("USAGOV", "text")
    assert _codes(db, "b")["Pompeo"] == ("USAGOV", "registry")
    shown = run_cli("actors", "show", "Pompeo", "--db", db)
    assert shown.returncode == 0 and "USAGOV" in shown.stdout and "text" in shown.stdout


def test_overrides_win_over_the_text(tmp_path, extractor):
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text("- name: Mike Pompeo\n  code: USAELI\n", encoding="utf-8")
    article = Article(id="a", text="U.S. Secretary of State Mike Pompeo said on Monday that sanctions would stay.",
                      published="2020-04-06", source="t")
    db = _store(tmp_path, extractor, article, imports=[overrides])
    assert _codes(db, "a")["Mike Pompeo"] == ("USAELI", "override")


def test_import_errors_are_one_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- name: Nobody\n", encoding="utf-8")
    proc = run_cli("actors", "import", str(bad), "--db", str(tmp_path / "x.duckdb"))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "E100" in proc.stderr


def _said(article_id: str, name: str, code: str | None, day: str):
    from dateline.model import Actor, Extraction, Mention

    text = f"{name} said so."
    actor = Actor(id="A1", name=name, kind="person", country=code[:3] if code else None, code=code,
                  code_from="text" if code else None, mentions=[Mention(span=(0, len(name)), text=name)])
    return Extraction(article=Article(id=article_id, text=text, published=day, source="t"), actors=[actor])


def test_one_article_s_slip_is_outvoted(tmp_path):
    db = str(tmp_path / "v.duckdb")
    with Store.open(db) as store:
        store.write([_said("a", "Mike Pompeo", "USAGOV", "2020-03-01"),
                     _said("b", "Mike Pompeo", "USAGOV", "2020-03-05")])
        store.write([_said("c", "Mike Pompeo", "RUSGOV", "2020-04-10")])  # beside Putin, the actors stage slipped
        store.write([_said("d", "Pompeo", None, "2020-04-10")])
    assert _codes(db, "d")["Pompeo"] == ("USAGOV", "registry")

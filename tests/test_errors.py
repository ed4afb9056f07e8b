"""Bad input: a clear one-line warning, an errors row, the batch goes on; misuse exits 2 in one line."""

from __future__ import annotations

import gzip
import shutil

import pytest
from conftest import DATA, jsonl, run_cli

from dateline.store import Store

GERMAN = ("Der Bundestag hat am Donnerstag nach langer Debatte ein neues Gesetz zur Förderung erneuerbarer "
          "Energien beschlossen. Die Opposition kritisierte, dass die Regierung die Kosten für die Verbraucher "
          "unterschätze, und kündigte an, vor das Verfassungsgericht zu ziehen. Die Kanzlerin sagte, das Gesetz "
          "sei ein wichtiger Schritt für den Klimaschutz in Deutschland und in Europa.")


@pytest.fixture()
def bad_inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DATA / "plain.txt", folder / "a-good.txt")
    (folder / "b-invalid-utf8.txt").write_bytes(b"Officials met in Kabul \xff\xfe on Monday.")
    (folder / "c-empty.txt").write_text("  \n\n")
    (folder / "d-too-large.txt").write_text("The council met again. " * 40)
    (folder / "e-german.txt").write_text(GERMAN)
    (folder / "f-lines.jsonl").write_bytes(b'{"id": "ok-line", "text": "Talks resumed in Doha on Sunday."}\n'
                                           b'{"id": "broken", "text": \n'
                                           b'{"id": "no-text"}\n'
                                           b'{"id": "bad-bytes", "text": "caf\xe9"}\n')
    (folder / "g-broken.gz").write_bytes(gzip.compress(b'{"id": "gz", "text": "x"}\n')[:-12])
    return folder


EXPECTED = {
    "b-invalid-utf8.txt": "E002", "c-empty.txt": "E003", "d-too-large.txt": "E004", "e-german.txt": "E005",
    "f-lines.jsonl:2": "E006", "f-lines.jsonl:3": "E006", "f-lines.jsonl:4": "E002", "g-broken.gz": "E001",
    "missing.txt": "E001",
}


def test_every_kind_of_bad_input_becomes_an_errors_row(tmp_path, bad_inputs):
    db = str(tmp_path / "d.duckdb")
    proc = run_cli("ingest", str(bad_inputs), str(tmp_path / "missing.txt"), "--db", db, "--max-bytes", "500")
    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == len(EXPECTED)
    assert "Traceback" not in proc.stderr
    with Store.open(db, read_only=True) as store:
        rows = store.query("SELECT source, code, reason, time FROM errors")
        assert len(store.article_ids()) == 2  # a-good.txt and the good JSON line
    found = {}
    for row in rows:
        assert row["time"] is not None and row["reason"]
        for name in EXPECTED:
            if row["source"].endswith(name) or row["reason"].find(name) >= 0:
                found[name] = row["code"]
    assert found == EXPECTED


def test_extract_warns_and_goes_on(bad_inputs):
    proc = run_cli("extract", str(bad_inputs), "--max-bytes", "500", "--workers", "1")
    assert proc.returncode == 0
    assert sorted(o["article"]["id"] for o in jsonl(proc.stdout))[1] == "ok-line"
    assert proc.stderr.count("warning: E") == len(EXPECTED) - 1  # no missing.txt here


def test_nothing_processed_exits_2(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    proc = run_cli("extract", str(tmp_path / "empty.txt"))
    assert proc.returncode == 2
    assert "E009" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("args, code", [
    (["extract", "x.txt", "--format", "docx"], "E102"),
    (["extract", "x.txt", "--model", "no_such_pipeline"], "E101"),
    (["extract", "x.txt", "--workers", "0"], "E100"),
    (["stats", "--db", "nowhere.duckdb"], "E104"),
])
def test_misuse_is_one_line_and_exit_2(tmp_path, args, code):
    (tmp_path / "x.txt").write_text("Talks resumed in Doha on Sunday.")
    proc = run_cli(*args, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"dateline: error: {code} ") and proc.stderr.count("\n") == 1


def test_unknown_option_is_a_usage_error():
    proc = run_cli("extract", "--no-such-option")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr

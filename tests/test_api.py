"""The HTTP API on a real server on loopback: queries, pagination, one error shape, submissions."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from conftest import serve


@pytest.fixture(scope="module")
def store(talks_store):
    return talks_store


@pytest.fixture(scope="module")
def server(store):
    proc, base = serve(store)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def post(url: str, body: dict, token: str | None = None) -> tuple[int, dict]:
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def _declared_oversize(base: str, token: str) -> tuple[int, dict]:
    """A request that declares a body over the limit: refused before any of it is read."""
    import http.client

    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.putrequest("POST", "/api/articles")
    for name, value in (("content-type", "application/json"), ("content-length", "1000001"),
                        ("authorization", f"Bearer {token}")):
        conn.putheader(name, value)
    conn.endheaders()
    resp = conn.getresponse()
    body = json.loads(resp.read())
    conn.close()
    return resp.status, body


def test_events_series_actor_search_article_provenance(server):
    status, body = get(server + "/api/events?dyad=USA-IRQ&since=2020-06-01")
    assert status == 200 and [(e["cameo"], e["date"]) for e in body["items"]] == [("040", "2020-06-11")]
    status, page1 = get(server + "/api/events?limit=2")
    assert status == 200 and len(page1["items"]) == 2 and page1["next_offset"] == 2
    _, page2 = get(server + "/api/events?limit=2&offset=2")
    assert {(e["article_id"], e["id"]) for e in page1["items"]}.isdisjoint(
        {(e["article_id"], e["id"]) for e in page2["items"]})
    status, series = get(server + "/api/series?a=USA&b=IRQ&interval=month&both_ways=true")
    assert status == 200 and any(s["period"] == "2020-06-01" for s in series["items"])
    status, actor = get(server + "/api/actors/Pompeo")
    assert status == 200 and actor["name"] == "Mike Pompeo" and actor["quotes"]
    status, hits = get(server + "/api/search?q=strategic%20dialogue")
    assert status == 200 and hits["items"]
    status, article = get(server + "/api/articles/june-talks")
    assert status == 200 and article["article"]["id"] == "june-talks" and article["events"]
    event = article["events"][0]
    status, where = get(server + f"/api/provenance/june-talks/event/{event['id']}")
    assert status == 200 and where["context"].startswith("WASHINGTON")
    status, spec = get(server + "/openapi.json")
    assert status == 200 and "/api/events" in spec["paths"]


def test_actor_page_is_paged(server):
    lists = ("mentions", "quotes", "events_as_source", "events_as_target")
    status, whole = get(server + "/api/actors/Pompeo")
    assert status == 200 and whole["limit"] == 50 and whole["offset"] == 0 and whole["next_offset"] is None
    assert {"name", "registry", "codes_seen", "forecasts", "track_record", *lists} <= set(whole)
    assert whole["totals"] == {k: len(whole[k]) for k in lists} and whole["totals"]["mentions"] > 1
    pages = []
    for offset in range(max(whole["totals"].values())):
        status, page = get(server + f"/api/actors/Pompeo?limit=1&offset={offset}")
        assert status == 200 and page["totals"] == whole["totals"] and page["codes_seen"] == whole["codes_seen"]
        assert page["next_offset"] == (offset + 1 if offset + 1 < max(whole["totals"].values()) else None)
        pages.append(page)
    for k in lists:  # one at a time, the pages make up the whole lists, in the same order
        assert [item for page in pages for item in page[k]] == whole[k]
    status, body = get(server + "/api/actors/Pompeo?limit=1001")
    assert status == 400 and body["error"]["code"] == "E100"


@pytest.mark.parametrize("path, status, code", [
    ("/api/events?since=June", 400, "E100"),
    ("/api/events?limit=0", 400, "E100"),
    ("/api/events?dyad=USA", 400, "E100"),
    ("/api/articles/no-such-article", 404, "E103"),
    ("/api/series?a=USA&b=IRQ&interval=fortnight", 400, "E100"),
    ("/api/nowhere", 404, "E100"),
])
def test_one_error_shape(server, path, status, code):
    got, body = get(server + path)
    assert got == status and set(body) == {"error"} and body["error"]["code"] == code
    assert body["error"]["message"]


def test_submission_is_off_by_default(server):
    status, body = post(server + "/api/articles", {"text": "Protesters marched in Nairobi on Monday."})
    assert status == 403 and body["error"]["code"] == "E100"


def test_submission_with_a_token(store, tmp_path):
    db = tmp_path / "writable.duckdb"
    shutil.copy(store, db)
    proc, base = serve(db, token="s3cret")
    try:
        text = "NAIROBI — Kenyan police arrested 12 protesters in Nairobi on Monday, officials said."
        status, body = post(base + "/api/articles", {"id": "n1", "text": text, "published": "2024-06-25"})
        assert status == 401 and body["error"]["code"] == "E100"
        status, body = post(base + "/api/articles", {"id": "n1", "text": text, "published": "2024-06-25"},
                            token="s3cret")
        assert status == 201 and body["stored"] is True and body["events"] >= 1
        status, again = post(base + "/api/articles", {"id": "n1", "text": text}, token="s3cret")
        assert status == 201 and again["stored"] is False  # idempotent
        status, big = _declared_oversize(base, token="s3cret")
        assert status == 413 and big["error"]["code"] == "E100"
        status, empty = post(base + "/api/articles", {"text": ""}, token="s3cret")
        assert status == 400 and empty["error"]["code"] == "E100"
        status, article = get(base + "/api/articles/n1")
        assert status == 200 and article["events"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_schemathesis_against_the_openapi_spec(server):
    """Property-based checks of every operation against the spec (schemathesis, fixed seed)."""
    from pathlib import Path

    cli = Path(sys.executable).parent / "schemathesis"
    if not cli.exists():
        pytest.skip("schemathesis is not installed (pip install -e '.[test]')")
    proc = subprocess.run([str(cli), "run", server + "/openapi.json", "--max-examples", "25", "--seed", "7",
                           "--no-color"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:]

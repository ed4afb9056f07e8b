"""API hardening on real servers on loopback: parameterised SQL only, limits on pages and bodies,
a constant-time token check before the body is read, CORS off by default, no stack traces to
clients, no path traversal, security headers."""

from __future__ import annotations

import contextlib
import http.client
import json
import shutil
import threading
import time
import urllib.parse

import duckdb
import pytest
from conftest import free_port, serve

MARK = "zqx7"  # in every hostile value: it must never appear in the text of an SQL statement
HOSTILE = [f"{MARK}'; DROP TABLE articles;--", f"{MARK}\" OR 1=1 --", f"{MARK}%_\\' UNION SELECT * FROM errors",
           f"Robert'); {MARK}"]


class Tracing:
    """A DuckDB connection that records every statement's text and parameters."""

    def __init__(self, con, log: list):
        self._con, self._log = con, log

    def execute(self, sql, params=None):
        self._log.append((sql, params))
        return self._con.execute(sql, params) if params is not None else self._con.execute(sql)

    def sql(self, sql, *args, **kwargs):
        self._log.append((sql, kwargs.get("params")))
        return self._con.sql(sql, *args, **kwargs)

    def query(self, sql, *args, **kwargs):
        self._log.append((sql, None))
        return self._con.query(sql, *args, **kwargs)

    def cursor(self):
        return Tracing(self._con.cursor(), self._log)

    def __getattr__(self, name):
        return getattr(self._con, name)


@contextlib.contextmanager
def running(app):
    """`app` served by uvicorn on a free loopback port in a thread: yields the base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def request(base: str, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
            chunks: list[bytes] | None = None) -> tuple[int, dict, bytes]:
    """A raw request (the path is sent exactly as given): status, headers, body."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    conn.putrequest(method, path, skip_accept_encoding=True)
    for name, value in (headers or {}).items():
        conn.putheader(name, value)
    if chunks is not None:
        conn.putheader("transfer-encoding", "chunked")
        conn.endheaders()
        try:
            for chunk in chunks:
                conn.send(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            conn.send(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before the whole body was sent: that is the point
    else:
        if body is not None:
            conn.putheader("content-length", str(len(body)))
        conn.endheaders(body)
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp.status, {k.lower(): v for k, v in resp.getheaders()}, data


def get(base: str, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    return request(base, "GET", path, headers=headers)


@pytest.fixture(scope="module")
def traced(talks_store, tmp_path_factory):
    """An in-process server whose every SQL statement is recorded."""
    from dateline.api import create_app

    db = tmp_path_factory.mktemp("traced") / "store.duckdb"
    shutil.copy(talks_store, db)
    log: list = []
    real_connect = duckdb.connect
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(duckdb, "connect", lambda *a, **k: Tracing(real_connect(*a, **k), log))
        app = create_app(str(db))
    with running(app) as base:
        yield base, log, db


@pytest.fixture(scope="module")
def token_server(talks_store, tmp_path_factory):
    db = tmp_path_factory.mktemp("token") / "store.duckdb"
    shutil.copy(talks_store, db)
    proc, base = serve(db, token="s3cret-token")
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def test_values_never_reach_sql_text(traced):
    base, log, db = traced
    q = urllib.parse.quote
    paths = []
    for value in HOSTILE:
        v = q(value, safe="")
        paths += [f"/api/events?actor={v}", f"/api/events?place={v}", f"/api/events?plover={v}",
                  f"/api/actors/{v}", f"/api/search?q={v}", f"/api/articles/{v}", f"/api/provenance/{v}/event/{v}",
                  f"/api/forecasts?status={v}", f"/?q={v}", f"/articles/{v}", f"/actors/{v}"]
    log.clear()
    for path in paths:
        status, _, body = get(base, path)
        assert status in (200, 400, 404), (path, status, body[:300])
    statements = [sql for sql, _ in log]
    bound = [p for _, params in log if params for p in (params if isinstance(params, list) else [params])]
    assert len(statements) > 20
    assert any(MARK in str(p) for p in bound)  # the values did reach the database, as parameters
    built = [sql for sql in statements if MARK in sql]
    assert not built, f"SQL built from request values: {built[:3]}"
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] > 0


def test_page_size_limits(traced):
    base, _, _ = traced
    for path in ("/api/events?limit=1001", "/api/search?q=talks&limit=501", "/api/forecasts?limit=100000",
                 "/api/events?offset=-1", "/api/search?q=" + "a" * 501,
                 "/api/search?q=" + "+".join(["talks"] * 21), "/?q=" + "a" * 501):
        status, _, body = get(base, path)
        assert status == 400 and json.loads(body)["error"]["code"] == "E100", (path, status)
    status, _, body = get(base, "/api/events?limit=1000")
    assert status == 200 and json.loads(body)["limit"] == 1000


def test_bodies_are_bounded_and_refused_before_reading_without_the_token(token_server):
    big = b'{"text": "' + b"x" * 1_500_000 + b'"}'
    auth = {"authorization": "Bearer s3cret-token", "content-type": "application/json"}
    status, _, body = request(token_server, "POST", "/api/articles", chunks=[big[i:i + 65536]
                                                                              for i in range(0, len(big), 65536)],
                              headers=auth)
    assert status == 413 and json.loads(body)["error"]["code"] == "E100"
    status, _, _ = request(token_server, "POST", "/api/articles", body=big, headers=auth)
    assert status == 413
    # no token: 401 whatever the body, chunked or declared, before any of it is parsed
    status, _, body = request(token_server, "POST", "/api/articles", chunks=[b"not json at all"] * 3,
                              headers={"content-type": "application/json"})
    assert status == 401 and json.loads(body)["error"]["code"] == "E100"
    status, _, _ = request(token_server, "POST", "/api/articles", body=big, headers={"content-type": "text/plain"})
    assert status == 401


@pytest.mark.parametrize("authorization", [None, "", "Bearer", "Bearer ", "Bearer s3cret", "Bearer s3cret-token-x",
                                           "Bearer S3CRET-TOKEN", "Basic s3cret-token", "s3cret-token",
                                           "Bearer s3cret-tokén", "Bearer \x7f" * 50])
def test_wrong_tokens_are_refused(token_server, authorization):
    headers = {"content-type": "application/json"}
    if authorization is not None:
        headers["authorization"] = authorization
    status, _, body = request(token_server, "POST", "/api/articles", body=b'{"text": ""}', headers=headers)
    assert status == 401, (authorization, status, body)


def test_the_right_token_passes_the_guard(token_server):
    # an empty text is refused by validation (400), which only a request past the token check reaches
    for header in ("Bearer s3cret-token", "bearer  s3cret-token "):
        status, _, body = request(token_server, "POST", "/api/articles", body=b'{"text": ""}',
                                  headers={"authorization": header, "content-type": "application/json"})
        assert status == 400 and json.loads(body)["error"]["code"] == "E100"


def test_token_is_compared_in_constant_time(monkeypatch):
    """The comparison sees two 32-byte digests, whatever the lengths of what was sent and expected."""
    import hmac

    from dateline import api

    seen = []
    real = hmac.compare_digest

    def spy(a, b):
        seen.append((len(a), len(b)))
        return real(a, b)

    monkeypatch.setattr(api.hmac, "compare_digest", spy)
    assert api.token_matches("Bearer s3cret-token", "s3cret-token")
    for given in ("Bearer s", "Bearer " + "s" * 5000, None, "Bearer s3cret-tokeX"):
        assert not api.token_matches(given, "s3cret-token")
    assert seen == [(32, 32)] * 5


def test_cors_is_off_by_default(traced):
    base, _, _ = traced
    origin = {"origin": "https://evil.example"}
    status, headers, _ = get(base, "/api/events?limit=1", headers=origin)
    assert status == 200 and "access-control-allow-origin" not in headers
    status, headers, _ = request(base, "OPTIONS", "/api/events", headers={
        **origin, "access-control-request-method": "GET"})
    assert "access-control-allow-origin" not in headers and status in (404, 405)


def test_cors_when_origins_are_listed(talks_store, monkeypatch):
    from dateline.api import create_app

    monkeypatch.setenv("DATELINE_CORS_ORIGINS", "https://ok.example, https://also.example")
    with running(create_app(str(talks_store))) as base:
        _, headers, _ = get(base, "/api/events?limit=1", headers={"origin": "https://ok.example"})
        assert headers.get("access-control-allow-origin") == "https://ok.example"
        assert "access-control-allow-credentials" not in headers
        _, headers, _ = get(base, "/api/events?limit=1", headers={"origin": "https://evil.example"})
        assert "access-control-allow-origin" not in headers
        status, headers, _ = request(base, "OPTIONS", "/api/articles", headers={
            "origin": "https://ok.example", "access-control-request-method": "POST"})
        assert status == 400  # only GET is allowed across origins


def test_errors_carry_no_stack_traces_or_server_paths(talks_store, tmp_path):
    from dateline.api import create_app

    db = tmp_path / "private-name.duckdb"
    shutil.copy(talks_store, db)
    cons: list = []
    real_connect = duckdb.connect
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(duckdb, "connect", lambda *a, **k: cons.append(real_connect(*a, **k)) or cons[-1])
        app = create_app(str(db))
    with running(app) as base:
        status, headers, body = get(base, "/api/articles/no-such-article")
        assert status == 404 and str(tmp_path) not in body.decode()
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
        status, _, body = get(base, "/dyads/events?a=USA&b=IRQ&period=not-a-day")
        assert status == 400 and json.loads(body)["error"]["code"] == "E100"
        cons[0].close()  # the store goes away under the server: every query now fails inside DuckDB
        status, _, body = get(base, "/api/events")
        error = json.loads(body)["error"]
        assert status == 500 and error["code"] == "E107" and "reference" in error["message"]
        assert "Traceback" not in body.decode() and "duckdb" not in body.decode().lower()
        assert str(tmp_path) not in body.decode()


@pytest.mark.parametrize("path", [
    "/static/../api.py", "/static/../../dateline/api.py", "/static/..%2f..%2fapi.py", "/static/%2e%2e/%2e%2e/api.py",
    "/static/..%5c..%5capi.py", "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/static/....//....//api.py",
    "/static/dateline.css%00.py", "/static/../templates/base.html", "/articles/..%2f..%2f..%2fetc%2fpasswd",
    "/../../../../etc/passwd", "/static/%252e%252e/api.py",
])
def test_no_path_traversal(traced, path):
    base, _, _ = traced
    status, _, body = get(base, path)
    assert status in (400, 404), (path, status)
    text = body.decode("utf-8", "replace")
    assert "root:x:0:0" not in text and "def create_app" not in text and "{%" not in text


def test_static_files_are_served(traced):
    base, _, _ = traced
    status, headers, body = get(base, "/static/dateline.css")
    assert status == 200 and headers["content-type"].startswith("text/css") and body

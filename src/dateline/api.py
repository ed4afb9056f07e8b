"""The HTTP API: the store's queries over JSON, with one error shape and an OpenAPI spec.

    dateline serve --db dateline.duckdb            # http://127.0.0.1:8000/docs
    app = create_app("dateline.duckdb")             # for uvicorn or tests

Every error is `{"error": {"code": "E…", "message": "…"}}` with the catalogue's codes (400 for
bad parameters, 404 for unknown records, 401/403 for submissions, 413 for bodies over the
limit).  Lists are paginated with `limit` and `offset` and say where the next page starts; so are
an actor's mentions, quotes and events, with their `totals`.  As many requests query the store at
once as there are cores, the others wait their turn; responses are encoded to JSON in the
request's thread (`json_response`), not on the event loop.
Article submission (`POST /api/articles`) is off unless a bearer token is configured
(`DATELINE_SUBMIT_TOKEN`); submitted articles are extracted and stored like `dateline ingest`.

Hardening: every query binds its values as parameters; request bodies are read at most `max_body`
bytes whatever the request declares (chunked bodies included); the token is checked, in constant
time, before a submission's body is read; CORS is off unless `DATELINE_CORS_ORIGINS` lists origins
(GET only, no credentials); an unexpected error answers 500 with E107 and a reference, its
traceback only in the server's log; responses carry nosniff, no-framing and no-referrer headers.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import threading
import uuid
from contextlib import contextmanager
from typing import Literal

from fastapi import FastAPI, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from .errors import Code, DatelineError, InputError, UsageError, message
from .query import Queries
from .store import Store

MAX_BODY = 1_000_000


class ErrorDetail(BaseModel):
    code: str = Field(description="catalogue code, e.g. E100")
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


ERRORS = {400: {"model": ErrorBody, "description": "Bad parameters"},
          404: {"model": ErrorBody, "description": "No such record"},
          405: {"model": ErrorBody, "description": "Method not allowed"},
          413: {"model": ErrorBody, "description": "Request body too large"}}
COUNTRY = r"^[A-Za-z]{3}[A-Za-z0-9]*$"
DAY = r"^[1-9]\d{3}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"


def _day(description: str):
    return Query(None, pattern=DAY, description=description, json_schema_extra={"format": "date"})
Mode = Literal["asserted", "claimed", "future", "hypothetical", "negated"]


class Submission(BaseModel):
    text: str = Field(min_length=1)
    id: str | None = None
    published: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None


def create_app(db: str, *, submit_token: str | None = None, max_body: int = MAX_BODY,
               cors_origins: list[str] | None = None, concurrency: int | None = None) -> FastAPI:
    """The app over store `db`.  `cors_origins` None reads DATELINE_CORS_ORIGINS (comma-separated).
    `concurrency`: requests that query the store at once (default: the CPU count)."""
    app = FastAPI(title="dateline", version="1", description="Event data from political news: events, "
                  "actors, quotes, forecasts, with the text every fact came from.", responses=ERRORS)
    state = {"store": Store.open(db, read_only=submit_token is None), "extractor": None}
    name = os.path.basename(db)  # what messages call the store: never the server's paths

    # DuckDB runs each query on every core: requests let in all at once (up to 40 worker threads) only
    # contend for them, and an actor page under 50 connections served half the requests a second
    # that it serves when as many run at a time as there are cores, the rest waiting their turn
    running = threading.BoundedSemaphore(concurrency or os.cpu_count() or 2)

    @contextmanager
    def queries():
        with running:
            cursor = state["store"].con.cursor()  # one connection per request: requests run in threads
            try:
                yield Queries(Store(cursor, name))
            finally:
                cursor.close()

    app.add_middleware(_Guard, max_body=max_body, submit_token=submit_token)
    if cors_origins is None:
        cors_origins = [o.strip() for o in os.environ.get("DATELINE_CORS_ORIGINS", "").split(",") if o.strip()]
    if cors_origins:
        from starlette.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=cors_origins, allow_methods=["GET"],
                           allow_credentials=False)

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception):
        ref = uuid.uuid4().hex[:12]
        _log.error("E107 reference %s: %s %s", ref, request.method, request.url.path,
                   exc_info=(type(exc), exc, exc.__traceback__))
        return _error(500, Code.INTERNAL.value, message(Code.INTERNAL, ref=ref))

    @app.exception_handler(DatelineError)
    async def dateline_error(_request: Request, exc: DatelineError):
        status = 404 if exc.code in (Code.NO_SUCH_ARTICLE, Code.NO_SUCH_RECORD) else 400
        return _error(status, exc.code.value, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        return _error(400, Code.USAGE.value, f"{where}: {first.get('msg')}" if where else str(first.get("msg")))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException):
        response = _error(exc.status_code, Code.USAGE.value, str(exc.detail))
        for name, value in (exc.headers or {}).items():  # "Allow" of a 405
            response.headers[name] = value
        return response

    def page(items: list, limit: int, offset: int) -> Response:
        return json_response({"items": items, "limit": limit, "offset": offset,
                              "next_offset": offset + limit if len(items) == limit else None})

    @app.get("/api/events", summary="Event reports with their actors, place and sentence")
    def events(actor: str | None = None, country: str | None = Query(None, pattern=COUNTRY),
               dyad: str | None = Query(None, pattern=r"^[A-Za-z]{3}-[A-Za-z]{3}$",
                                        description="SOURCE-TARGET country codes, e.g. USA-IRQ"),
               since: str | None = _day("first day (YYYY-MM-DD)"), until: str | None = _day("last day"),
               by: Literal["event", "report"] = "event", root: str | None = Query(None, pattern=r"^\d{2}$"),
               plover: str | None = None, mode: Mode | None = None, place: str | None = None,
               limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0, le=10_000_000)):
        pair = None
        if dyad:
            parts = dyad.split("-")
            if len(parts) != 2:
                raise UsageError(Code.USAGE, detail="dyad must look like USA-IRQ")
            pair = (parts[0], parts[1])
        with queries() as q:
            items = q.events(actor=actor, country=country, dyad=pair, since=since, until=until, by=by,
                             root=root,
                             plover=plover, mode=mode, place=place, limit=limit, offset=offset)
        return page(items, limit, offset)

    @app.get("/api/series", summary="Events (clusters), reports and Goldstein per period for a dyad")
    def series(a: str = Query(pattern=COUNTRY), b: str = Query(pattern=COUNTRY),
               interval: Literal["day", "week", "month", "year"] = "week",
               since: str | None = _day("first day (YYYY-MM-DD)"), until: str | None = _day("last day"),
               both_ways: bool = False):
        with queries() as q:
            return json_response({"a": a.upper()[:3], "b": b.upper()[:3], "interval": interval,
                                  "items": q.series(a, b, interval=interval, since=since, until=until,
                                                    both_ways=both_ways)})

    @app.get("/api/actors/{name}", summary="An actor's page: codes over time, quotes, events, forecasts",
             description="Mentions, quotes and events as source and as target are paged together: `limit` of "
                         "each from `offset`; `totals` counts each, and `next_offset` is where the next page "
                         "starts while any of them has more.")
    def actor(name: str, limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0, le=10_000_000)):
        with queries() as q:
            return json_response(q.actor(name, limit=limit, offset=offset))

    @app.get("/api/search", summary="Articles and quotes holding every word")
    def search(q: str = Query(min_length=1, max_length=500, pattern=r"\S"), limit: int = Query(50, ge=1, le=500),
               offset: int = Query(0, ge=0, le=10_000_000)):
        with queries() as qs:
            return page(qs.search(q, limit=limit, offset=offset), limit, offset)

    @app.get("/api/articles/{article_id}", summary="One article's extraction (the contract)")
    def article(article_id: str):
        with queries() as q:
            return json_response(q.store.extraction(q.store.find_article(article_id)).to_dict())

    @app.get("/api/provenance/{article_id}/{kind}/{record_id}", summary="Where a record came from")
    def provenance(article_id: str, kind: Literal["event", "quote", "actor", "time", "forecast"], record_id: str):
        with queries() as q:
            return json_response(q.provenance(article_id, kind, record_id))

    @app.get("/api/forecasts", summary="Stored forecasts with their latest check")
    def forecasts(status: str | None = None, limit: int = Query(100, ge=1, le=1000),
                  offset: int = Query(0, ge=0, le=10_000_000)):
        from .store import forecasts as fc

        with queries() as q:
            rows = fc.listing(q.store.con, status, limit=limit, offset=offset)
        return page(rows, limit, offset)

    @app.get("/api/forecasters", summary="Track records: resolved forecasts, hit rate, Brier score")
    def forecasters():
        from .store import forecasts as fc

        with queries() as q:
            return json_response({"items": fc.track_records(q.store.con)})

    @app.post("/api/articles", status_code=201, summary="Submit an article (needs the bearer token)",
              responses={401: {"model": ErrorBody, "description": "No valid bearer token"},
                         403: {"model": ErrorBody, "description": "Submission is off"}})
    def submit(article: Submission, request: Request):
        refused = _refusal(submit_token, request.headers.get("authorization"))
        if refused is not None:
            return refused
        return _ingest(state, article)

    from .web import mount

    mount(app, queries)
    return app


def _ingest(state: dict, submission: Submission):
    from .model import Failure
    from .nlp.extract import Extractor
    from .read.records import make_article
    from .settings import Settings

    settings = Settings.from_env()
    try:
        article = make_article(source="api", max_bytes=settings.max_bytes, **submission.model_dump())
    except InputError as exc:
        return _error(400, exc.code.value, str(exc))
    if state["extractor"] is None:
        state["extractor"] = Extractor(settings)
    result = state["extractor"].extract(article)
    store: Store = state["store"]
    if isinstance(result, Failure):
        store.write([], [result])
        return _error(400, result.code, result.reason)
    stored, lost = store.write([result])
    if lost:
        return _error(500, lost[0].code, lost[0].reason)
    return {"id": article.id, "stored": bool(stored), "events": len(result.events), "quotes": len(result.quotes)}


def json_response(content) -> Response:
    """`content` as JSON, encoded here, in the request's worker thread.  Returned as a plain dict, FastAPI
    would walk it with jsonable_encoder on the event loop (100 ms for an actor page, during which no
    other request moves); json.dumps with the same settings as JSONResponse, and jsonable_encoder for
    what json cannot encode itself (dates), gives the same bytes."""
    body = json.dumps(content, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":"),
                      default=jsonable_encoder)
    return Response(body.encode("utf-8"), media_type="application/json")


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": {"code": code, "message": message}})


_log = logging.getLogger("dateline.api")
_SECURITY_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
                     (b"referrer-policy", b"no-referrer")]


def token_matches(given: str | None, token: str) -> bool:
    """Whether an Authorization header carries the bearer token, in time that does not depend on
    where or whether they differ: both sides are hashed to 32 bytes before a constant-time compare."""
    scheme, _, value = (given or "").partition(" ")
    presented = value.strip() if scheme.lower() == "bearer" else ""
    return hmac.compare_digest(hashlib.sha256(presented.encode("utf-8", "surrogateescape")).digest(),
                               hashlib.sha256(token.encode("utf-8")).digest()) and bool(presented)


def _refusal(submit_token: str | None, authorization: str | None) -> JSONResponse | None:
    if submit_token is None:
        return _error(403, Code.USAGE.value, "article submission is off (set DATELINE_SUBMIT_TOKEN)")
    if not token_matches(authorization, submit_token):
        return _error(401, Code.USAGE.value, "a valid bearer token is required")
    return None


class _Guard:
    """ASGI middleware in front of every route: security headers on every response; a submission
    without the token is refused before its body is read; a body is read at most `max_body` bytes
    (a declared length over it is refused at once, a chunked body as soon as it passes it)."""

    def __init__(self, app, *, max_body: int, submit_token: str | None):
        self.app, self.max_body, self.submit_token = app, max_body, submit_token

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_secured(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *_SECURITY_HEADERS]}
            await send(message)

        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if scope["method"] == "POST" and scope["path"].rstrip("/") == "/api/articles":
            refused = _refusal(self.submit_token, headers.get("authorization"))
            if refused is not None:
                return await refused(scope, receive, send_secured)
        length = headers.get("content-length", "")
        if length and (not length.isdigit() or int(length) > self.max_body):
            return await _too_large(self.max_body)(scope, receive, send_secured)
        if not length and "chunked" not in headers.get("transfer-encoding", "").lower():
            return await self.app(scope, receive, send_secured)
        body, more = [], True
        size = 0
        while more:  # read the body here, bounded, then hand it on
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                return await _too_large(self.max_body)(scope, receive, send_secured)
            body.append(chunk)
            more = message.get("more_body", False)
        whole = b"".join(body)
        sent = False

        async def replay():
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": whole, "more_body": False}

        return await self.app(scope, replay, send_secured)


def _too_large(limit: int) -> JSONResponse:
    return _error(413, Code.USAGE.value, f"request body over {limit:,} bytes")

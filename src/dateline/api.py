"""The HTTP API: the store's queries over JSON, with one error shape and an OpenAPI spec.

    dateline serve --db dateline.duckdb            # http://127.0.0.1:8000/docs
    app = create_app("dateline.duckdb")             # for uvicorn or tests

Every error is `{"error": {"code": "E…", "message": "…"}}` with the catalogue's codes (400 for
bad parameters, 404 for unknown records, 401/403 for submissions, 413 for bodies over the
limit).  Lists are paginated with `limit` and `offset` and say where the next page starts.
Article submission (`POST /api/articles`) is off unless a bearer token is configured
(`DATELINE_SUBMIT_TOKEN`); submitted articles are extracted and stored like `dateline ingest`.
"""

from __future__ import annotations

import hmac
from contextlib import contextmanager
from typing import Literal

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from .errors import Code, DatelineError, InputError, UsageError
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


def create_app(db: str, *, submit_token: str | None = None, max_body: int = MAX_BODY) -> FastAPI:
    app = FastAPI(title="dateline", version="1", description="Event data from political news: events, "
                  "actors, quotes, forecasts, with the text every fact came from.", responses=ERRORS)
    state = {"store": Store.open(db, read_only=submit_token is None), "extractor": None}

    @contextmanager
    def queries():
        cursor = state["store"].con.cursor()  # one connection per request: requests run in threads
        try:
            yield Queries(Store(cursor, db))
        finally:
            cursor.close()

    @app.middleware("http")
    async def limit_body(request: Request, call_next):
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > max_body:
            return _error(413, Code.USAGE.value, f"request body over {max_body:,} bytes")
        return await call_next(request)

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

    def page(items: list, limit: int, offset: int) -> dict:
        return {"items": items, "limit": limit, "offset": offset,
                "next_offset": offset + limit if len(items) == limit else None}

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
            return {"a": a.upper()[:3], "b": b.upper()[:3], "interval": interval,
                    "items": q.series(a, b, interval=interval, since=since, until=until,
                                      both_ways=both_ways)}

    @app.get("/api/actors/{name}", summary="An actor's page: codes over time, quotes, events, forecasts")
    def actor(name: str):
        with queries() as q:
            return q.actor(name)

    @app.get("/api/search", summary="Articles and quotes holding every word")
    def search(q: str = Query(min_length=1, max_length=500, pattern=r"\S"), limit: int = Query(50, ge=1, le=500),
               offset: int = Query(0, ge=0, le=10_000_000)):
        with queries() as qs:
            return page(qs.search(q, limit=limit, offset=offset), limit, offset)

    @app.get("/api/articles/{article_id}", summary="One article's extraction (the contract)")
    def article(article_id: str):
        with queries() as q:
            return q.store.extraction(q.store.find_article(article_id)).to_dict()

    @app.get("/api/provenance/{article_id}/{kind}/{record_id}", summary="Where a record came from")
    def provenance(article_id: str, kind: Literal["event", "quote", "actor", "time", "forecast"], record_id: str):
        with queries() as q:
            return q.provenance(article_id, kind, record_id)

    @app.get("/api/forecasts", summary="Stored forecasts with their latest check")
    def forecasts(status: str | None = None, limit: int = Query(100, ge=1, le=1000),
                  offset: int = Query(0, ge=0, le=10_000_000)):
        from .store import forecasts as fc

        with queries() as q:
            rows = fc.listing(q.store.con, status)
        return page(rows[offset:offset + limit], limit, offset)

    @app.get("/api/forecasters", summary="Track records: resolved forecasts, hit rate, Brier score")
    def forecasters():
        from .store import forecasts as fc

        with queries() as q:
            return {"items": fc.track_records(q.store.con)}

    @app.post("/api/articles", status_code=201, summary="Submit an article (needs the bearer token)",
              responses={401: {"model": ErrorBody, "description": "No valid bearer token"},
                         403: {"model": ErrorBody, "description": "Submission is off"}})
    def submit(article: Submission, request: Request):
        if submit_token is None:
            return _error(403, Code.USAGE.value, "article submission is off (set DATELINE_SUBMIT_TOKEN)")
        given = request.headers.get("authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {submit_token}".encode()):
            return _error(401, Code.USAGE.value, "a valid bearer token is required")
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


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": {"code": code, "message": message}})

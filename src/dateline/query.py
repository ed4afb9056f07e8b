"""Questions analysts ask of a store: timelines, dyad series, actor pages, text search, provenance.

    q = Queries(store)
    q.events(dyad=("USA", "IRQ"), since="2020-01-01", root="04")     # reports, newest first
    q.series("USA", "IRQ", interval="week")     # event clusters, Goldstein sum and mean per week
    q.actor("Pompeo", limit=50)                 # codes over time, quotes, events, forecasts, record
    q.search("strategic dialogue")              # articles and quotes holding every word
    q.provenance("tehran-…", "event", "E3")     # the record's sentence in its article

Every row carries `article_id` and spans, so anything leads back to its text.  Dates filter
on the event's own days (`date_start`/`date_end`, the interval its TIMEX3 value covers) or,
with `by="report"`, on publication.  Search works offline: DuckDB's full-text extension needs a
download, so a word index of our own (store/search.py) names the articles that can hold the words,
and those are matched case-insensitively with `ILIKE`, a chunk at a time until the page is full.
Actor pages are paged like the lists (`limit`, `offset`, `totals`).
"""

from __future__ import annotations

import re
from datetime import date

from .errors import Code, UsageError
from .store import Store
from .store import search as search_index

_INTERVALS = ("day", "week", "month", "year")
MAX_SEARCH_WORDS = 20
_EVENT_COLUMNS = """
    e.article_id, e.id, e.cameo, substr(e.cameo, 1, 2) AS root, e.plover, e.plover_mode, e.quad_class,
    e.goldstein, e.date, e.date_precision, e.date_start, e.date_end, e.mode, e.quote, e.cluster_id,
    e.source, sa.name AS source_name, sa.code AS source_code, e.target, ta.name AS target_name,
    ta.code AS target_code, p.name AS place, p.lat, p.lon, p.country AS place_country, p.geonameid,
    r.published, r.title, r.url, r.outlet, e.trigger_start, e.trigger_end, e.sentence_start, e.sentence_end,
    substr(r.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) AS sentence"""
_EVENT_JOINS = """
    JOIN articles r ON r.id = e.article_id
    LEFT JOIN actors sa ON sa.article_id = e.article_id AND sa.id = e.source
    LEFT JOIN actors ta ON ta.article_id = e.article_id AND ta.id = e.target
    LEFT JOIN places p ON p.article_id = e.article_id AND p.id = e.place"""
_EVENT_JOIN_BY_ALIAS = {j.split(" ON ")[0].split()[-1]: j.strip() for j in _EVENT_JOINS.strip().split("\n")}
_EVENT_ORDER = "e.date_start DESC NULLS LAST, e.article_id, e.id"


def _events_of(keys: str, extra: str = "") -> str:
    """Event rows with their columns for the (article_id, id) pairs `keys` names (a CTE, which this
    follows: it begins with a comma).  The page is chosen first; only its articles' texts, actors and
    places are read to fill it in, and only the columns shown (a query no longer reads every article's
    text).  `extra`: more columns of `keys`, e.g. "k.side, "."""
    mine = f"WHERE article_id IN (SELECT article_id FROM {keys})"
    return (f", page_actors AS MATERIALIZED (SELECT article_id, id, name, code FROM actors {mine}) "
            f"SELECT {extra}{_EVENT_COLUMNS} FROM {keys} k JOIN events e ON e.article_id = k.article_id AND e.id = k.id "
            f"JOIN (SELECT id, published, title, url, outlet, text FROM articles "
            f"WHERE id IN (SELECT article_id FROM {keys})) r ON r.id = e.article_id "
            f"LEFT JOIN page_actors sa ON sa.article_id = e.article_id AND sa.id = e.source "
            f"LEFT JOIN page_actors ta ON ta.article_id = e.article_id AND ta.id = e.target "
            f"LEFT JOIN (SELECT article_id, id, name, lat, lon, country, geonameid FROM places {mine}) p "
            f"ON p.article_id = e.article_id AND p.id = e.place")


class Queries:
    def __init__(self, store: Store):
        self.store = store

    def events(self, *, actor: str | None = None, country: str | None = None,
               dyad: tuple[str, str] | None = None, since: str | None = None, until: str | None = None,
               by: str = "event", root: str | None = None, plover: str | None = None, mode: str | None = None,
               place: str | None = None, limit: int = 100, offset: int = 0) -> list[dict]:
        """Event reports matching every filter given, by event date (newest first)."""
        where, params = self._filters(actor=actor, country=country, dyad=dyad, since=since, until=until, by=by,
                                      root=root, plover=plover, mode=mode, place=place)
        # joins only to filter on them, and only those the filters name (each matches one row, or none)
        source = "FROM events e " + " ".join(j for alias, j in _EVENT_JOIN_BY_ALIAS.items()
                                         if re.search(rf"\b{alias}\.", where))
        sql = (f"WITH page AS (SELECT e.article_id, e.id {source} {where} ORDER BY {_EVENT_ORDER} "
               f"LIMIT ? OFFSET ?) {_events_of('page')} ORDER BY {_EVENT_ORDER}")
        return self.store.query(sql, params + [_bounded(limit, 1, 10_000, "limit"), max(0, offset)])

    def series(self, a: str, b: str, *, interval: str = "week", since: str | None = None,
               until: str | None = None, both_ways: bool = False, mode: str | None = None) -> list[dict]:
        """Per period: events (clusters), reports, Goldstein sum and mean (over clusters)."""
        if interval not in _INTERVALS:
            raise UsageError(Code.USAGE, detail=f"interval must be one of {', '.join(_INTERVALS)}")
        a, b = _country(a), _country(b)
        pair = "(substr(source, 1, 3) = ? AND substr(target, 1, 3) = ?)"
        params: list = [a, b]
        if both_ways:
            pair = f"({pair} OR (substr(source, 1, 3) = ? AND substr(target, 1, 3) = ?))"
            params += [b, a]
        where = [pair, "mode IN ('asserted', 'claimed')" if not mode else "mode = ?"]
        if mode:
            params.append(mode)
        if since:
            where.append("date_start >= ?")
            params.append(_day(since))
        if until:
            where.append("date_start <= ?")
            params.append(_day(until))
        # one row per event (cluster), so events are counted once however often they were reported
        sql = f"""
            SELECT date_trunc('{interval}', date_start)::DATE AS period, count(*) AS events,
                   sum(reports) AS reports, round(sum(goldstein), 2) AS goldstein_sum,
                   round(avg(goldstein), 3) AS goldstein_mean
            FROM clusters WHERE {' AND '.join(where)} GROUP BY 1 ORDER BY 1"""
        return self.store.query(sql, params)

    def actor(self, name: str, *, limit: int = 50, offset: int = 0) -> dict:
        """An actor's page: registry entry, codes seen, and a page (`limit` from `offset`, in date order)
        of each of its mentions, quotes and events as source and as target, with `totals` of each;
        its forecasts and track record."""
        from .store import forecasts, registry

        limit, offset = _bounded(limit, 1, 10_000, "limit"), max(0, offset)
        entries = registry.lookup(self.store.con, name)
        names = sorted({name, *(n for e in entries for n in e["names"])})
        keys = [n.casefold() for n in names]
        match = "lower(replace(a.name, '.', '')) IN (SELECT unnest(?))"
        rows = self.store.query(
            f"SELECT a.article_id, a.id, a.name, a.code, a.code_from, r.published FROM actors a "
            f"JOIN articles r ON r.id = a.article_id WHERE {match} ORDER BY r.published, a.article_id, a.id", [keys])
        if not rows and not entries:
            raise UsageError(Code.NO_SUCH_RECORD, what="actor named", id=name, db=self.store.path)
        # the actor's (article, actor id) pairs, joined on as a table: a quote's speaker, an event's sides
        mine = "(SELECT unnest(?) AS article_id, unnest(?) AS id) m"
        pairs = [[r["article_id"] for r in rows], [r["id"] for r in rows]]
        on = {"quotes": "q.article_id = m.article_id AND q.speaker = m.id",
              "events_as_source": "e.article_id = m.article_id AND e.source = m.id",
              "events_as_target": "e.article_id = m.article_id AND e.target = m.id"}
        counts = self.store.con.execute(  # an event's sides are one actor id each: one join counts both
            f"SELECT (SELECT count(*) FROM quotes q JOIN {mine} ON {on['quotes']}), count(*) FILTER "
            f"(WHERE e.source = m.id), count(*) FILTER (WHERE e.target = m.id) FROM events e JOIN {mine} "
            "ON e.article_id = m.article_id", pairs * 2).fetchall()[0]
        totals = {"mentions": len(rows), **dict(zip(on, counts))}
        quotes = [] if totals["quotes"] <= offset else self.store.query(
            f"WITH page AS (SELECT q.article_id, q.id FROM quotes q JOIN {mine} ON {on['quotes']} "
            "JOIN articles r ON r.id = q.article_id "
            "ORDER BY r.published, q.article_id, q.content_start, q.id LIMIT ? OFFSET ?) "
            "SELECT q.article_id, q.id, q.kind, q.cue, q.medium, r.published, "
            "substr(r.text, q.content_start + 1, q.content_end - q.content_start) AS content "
            "FROM page k JOIN quotes q ON q.article_id = k.article_id AND q.id = k.id "
            "JOIN articles r ON r.id = q.article_id ORDER BY r.published, q.article_id, q.content_start, q.id",
            pairs + [limit, offset])
        # both sides' pages in one query (filling in a page of events is most of its cost)
        order = "e.date_start NULLS LAST, e.article_id, e.id"
        side_page = (f"SELECT e.article_id, e.id, '{{side}}' AS side FROM events e JOIN {mine} ON {{on}} "
                     f"ORDER BY {order} LIMIT ? OFFSET ?")
        both = [] if max(totals["events_as_source"], totals["events_as_target"]) <= offset else self.store.query(
            f"WITH page AS (({side_page.format(side='source', on=on['events_as_source'])}) UNION ALL "
            f"({side_page.format(side='target', on=on['events_as_target'])})) "
            f"{_events_of('page', 'k.side, ')} ORDER BY side, {order}", (pairs + [limit, offset]) * 2)
        events = {side: [] for side in ("source", "target")}
        for row in both:
            events[row.pop("side")].append(row)
        forecast_rows = [f for f in forecasts.listing(self.store.con, forecasters=names)
                         if f["forecaster"].casefold() in keys]
        record = [r for r in forecasts.track_records(self.store.con, forecasters=names)  # none without forecasts
                  if r["forecaster"].casefold() in keys] if forecast_rows else []
        codes = {}
        for r in rows:  # codes over time as the texts gave them
            if r["code"]:
                first, last, n = codes.get(r["code"], (r["published"], r["published"], 0))
                codes[r["code"]] = (_least(first, r["published"], min), _least(last, r["published"], max), n + 1)
        more = any(total > offset + limit for total in totals.values())
        return {"name": entries[0]["name"] if entries else rows[0]["name"], "registry": entries,
                "codes_seen": [{"code": c, "first": f, "last": la, "articles": n} for c, (f, la, n) in codes.items()],
                "mentions": rows[offset:offset + limit], "quotes": quotes, "events_as_source": events["source"],
                "events_as_target": events["target"], "forecasts": forecast_rows, "track_record": record,
                "totals": totals, "limit": limit, "offset": offset, "next_offset": offset + limit if more else None}

    def search(self, text: str, *, limit: int = 50, offset: int = 0) -> list[dict]:
        """Articles and quotes whose text holds every word of `text` (case-insensitive), newest first.

        The word index (store/search.py) names the articles that can match; those are checked with
        the same `ILIKE` as a scan, newest first, a growing chunk at a time until the page is full."""
        words = _words(text)
        limit, offset = _bounded(limit, 1, 1000, "limit"), max(0, offset)
        ids = search_index.candidates(self.store.con, words)
        if ids is None:  # no index: a store of an older version, opened read-only
            ids = search_index.newest(self.store.con)
        hits: list[dict] = []
        chunk, start = 64, 0
        while start < len(ids) and len(hits) < offset + limit:
            part = ids[start:start + chunk]
            hits += self.store.query(_search_chunk_sql(len(words)), [part, len(part)] + _search_params(words))
            start, chunk = start + chunk, chunk * 2
        return hits[offset:offset + limit]

    def _search_scan(self, words: list[str], limit: int, offset: int) -> list[dict]:
        """The same search as one scan of every article and quote, as it ran before the word index
        (the reference the index is tested against)."""
        return self.store.query(_search_sql(len(words)) + " LIMIT ? OFFSET ?", _search_params(words) + [limit, offset])

    def provenance(self, article_id: str, kind: str, record_id: str) -> dict:
        """The sentence and spans a record came from (kind: event, quote, actor, place, time, forecast)."""
        spans = {"event": ("events", "trigger_start", "trigger_end"),
                 "quote": ("quotes", "content_start", "content_end"),
                 "actor": ("actors", "span_start", "span_end"),
                 "time": ("times", "span_start", "span_end"),
                 "forecast": ("forecasts", "claim_start", "claim_end")}
        if kind not in spans:
            raise UsageError(Code.USAGE, detail=f"kind must be one of {', '.join(spans)}")
        table, start, end = spans[kind]
        context = ("t.sentence_start AS ctx_start, t.sentence_end AS ctx_end" if kind == "event"
                   else "NULL AS ctx_start, NULL AS ctx_end")
        rows = self.store.query(
            f"SELECT t.{start} AS start, t.{end} AS end, {context}, r.text, r.title, r.published, r.url "
            f"FROM {table} t JOIN articles r ON r.id = t.article_id WHERE t.article_id = ? AND t.id = ?",
            [article_id, record_id])
        if not rows:
            raise UsageError(Code.NO_SUCH_RECORD, what=kind, id=f"{article_id}/{record_id}", db=self.store.path)
        row = rows[0]
        text = row.pop("text")
        s, e = row["start"], row["end"]
        left, right = row.pop("ctx_start"), row.pop("ctx_end")
        if left is None:  # the paragraph: sentence splitting without the parse trips on "U.S."
            left = text.rfind("\n", 0, s) + 1
            right = text.find("\n", e)
            right = len(text) if right < 0 else right
        return {**row, "article_id": article_id, "kind": kind, "id": record_id, "text": text[s:e],
                "context": text[left:right].strip(), "context_start": left}

    def _filters(self, **f) -> tuple[str, list]:
        where, params = [], []
        if f["actor"]:
            where.append("(sa.name ILIKE ? OR ta.name ILIKE ?)")
            params += [f"%{_escape(f['actor'])}%"] * 2
        if f["country"]:
            where.append("(substr(sa.code, 1, 3) = ? OR substr(ta.code, 1, 3) = ?)")
            params += [_country(f["country"])] * 2
        if f["dyad"]:
            a, b = f["dyad"]
            where.append("substr(sa.code, 1, 3) = ? AND substr(ta.code, 1, 3) = ?")
            params += [_country(a), _country(b)]
        if f["by"] not in ("event", "report"):
            raise UsageError(Code.USAGE, detail="by must be event or report")
        first, last = ("e.date_end", "e.date_start") if f["by"] == "event" else ("r.published", "r.published")
        if f["since"]:
            where.append(f"{first} >= ?")
            params.append(_day(f["since"]))
        if f["until"]:
            where.append(f"{last} <= ?")
            params.append(_day(f["until"]))
        for key, column in (("root", "substr(e.cameo, 1, 2)"), ("plover", "e.plover"), ("mode", "e.mode")):
            if f[key]:
                where.append(f"{column} = ?")
                params.append(f[key].upper() if key == "plover" else f[key])
        if f["place"]:
            where.append("(p.name ILIKE ? OR p.country = ?)")
            params += [f"%{_escape(f['place'])}%", f["place"].upper()]
        return ("WHERE " + " AND ".join(where)) if where else "", params


def _least(a, b, pick):
    """min or max of two days, either of which may be unknown (None)."""
    return a if b is None else b if a is None else pick(a, b)


def _words(text: str) -> list[str]:
    words = [w for w in text.split() if w.strip()]
    if not words:
        raise UsageError(Code.USAGE, detail="search needs at least one word")
    if len(words) > MAX_SEARCH_WORDS:  # each word is a condition on every candidate article and quote
        raise UsageError(Code.USAGE, detail=f"search takes at most {MAX_SEARCH_WORDS} words")
    return words


def _search_sql(n_words: int, articles: str = "articles") -> str:
    """Article and quote hits for `n_words` words (parameters: the patterns, for articles then quotes)."""
    art_where = " AND ".join(["r.text ILIKE ? ESCAPE '\\'"] * n_words)
    quote_where = " AND ".join(["content ILIKE ? ESCAPE '\\'"] * n_words)
    return f"""
        SELECT 'article' AS kind, r.id AS article_id, NULL AS id, r.title, r.published,
               substr(r.text, 1, 200) AS snippet FROM {articles} r WHERE {art_where}
        UNION ALL
        SELECT 'quote', q.article_id, q.id, q.title, q.published, substr(q.content, 1, 200) FROM (
            SELECT q.article_id, q.id, r.title, r.published,
                   substr(r.text, q.content_start + 1, q.content_end - q.content_start) AS content
            FROM quotes q JOIN {articles} r ON r.id = q.article_id) q WHERE {quote_where}
        ORDER BY published DESC NULLS LAST, article_id, id NULLS FIRST"""


def _search_chunk_sql(n_words: int) -> str:
    """`_search_sql` over the articles a list names (parameters: the ids, their count, the patterns).
    The LIMIT keeps DuckDB from testing `ILIKE` on every text before it keeps the listed ones."""
    return ("WITH chunk AS (SELECT id, title, published, text FROM articles WHERE id IN (SELECT unnest(?)) "
            "LIMIT ?)" + _search_sql(n_words, "chunk"))


def _search_params(words: list[str]) -> list:
    patterns = [f"%{_escape(w)}%" for w in words]
    return patterns + patterns


def _country(code: str) -> str:
    code = code.strip().upper()
    if len(code) < 3 or not code[:3].isalpha():
        raise UsageError(Code.USAGE, detail=f"{code!r} is not a country code like USA or IRQ")
    return code[:3]


def _day(text: str) -> date:
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        raise UsageError(Code.USAGE, detail=f"{text!r} is not a date (YYYY-MM-DD)") from None


def _bounded(value: int, low: int, high: int, name: str) -> int:
    if not low <= value <= high:
        raise UsageError(Code.USAGE, detail=f"{name} must be between {low} and {high}")
    return value


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

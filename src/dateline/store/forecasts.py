"""Settle stored forecasts against the events stored since, and keep forecasters' track records.

    check(con, as_of=date(2020, 7, 1), window_days=180)   # -> counts by status

A forecast's window runs from the day it was made to the end of its horizon ("by": a TIMEX3
value, so "2020-06" ends on 30 June), else `window_days` later.  It came true when an event
cluster (see dateline.cluster) of its code's root, between its countries (either way round for
meetings, talks and cooperation, roots 03-06), happened inside the window and it said the event
would happen, or when no such event happened by the window's end and it said it would not.
Reports from the forecast's own article do not count, nor reports published after `as_of`.  Conditional forecasts stay open where
the outcome went against them: the condition ("unless Washington shifts its policy") is not
something the store can check.  Each check replaces the forecast's previous one.

Track records: per forecaster, resolved forecasts, hits, hit rate and the Brier score of the
confidence the wording gave the predicted outcome (0 is perfect, 0.25 is a coin toss).
"""

from __future__ import annotations

from datetime import date, timedelta


from ..nlp.timex import interval
from .schema import insert_rows

_SYMMETRIC = ("03", "04", "05", "06")
OPEN, TRUE, FALSE = "open", "came true", "did not come true"


def check(con, *, as_of: date, window_days: int) -> dict[str, int]:
    """Check every stored forecast as of `as_of`; returns how many have each status."""
    forecasts = con.execute(
        "SELECT article_id, id, outcome_cameo, outcome_source, outcome_target, outcome_happens, "
        'condition_start IS NOT NULL, made_on, "by" FROM forecasts ORDER BY article_id, id').fetchall()
    rows = []
    for article_id, fid, cameo, source, target, happens, conditional, made_on, by in forecasts:
        rows.append(_check_one(con, article_id, fid, cameo, source, target, bool(happens), conditional,
                               made_on, by, as_of, window_days))
    con.begin()
    try:
        con.execute("DELETE FROM forecast_checks")
        if rows:
            insert_rows(con, "forecast_checks", rows)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    counts = {OPEN: 0, TRUE: 0, FALSE: 0}
    for row in rows:
        counts[row["status"]] += 1
    return counts


def _check_one(con, article_id, fid, cameo, source, target, happens, conditional, made_on, by,
               as_of: date, window_days: int) -> dict:
    row = {"article_id": article_id, "id": fid, "as_of": as_of, "clusters": [], "reports": [],
           "window_start": None, "window_end": None}
    made = interval(made_on[:10]) if made_on else None
    if not cameo or made is None or not (source or target):
        return {**row, "status": OPEN, "reason": "no event to check it by (code, countries or date unknown)"}
    start = made[0]
    horizon = interval(by) if by else None
    end = horizon[1] if horizon and horizon[1] >= start else start + timedelta(days=window_days)
    row.update(window_start=start, window_end=end)
    clusters = _matching(con, cameo[:2], source, target, start, end, article_id, as_of)
    if clusters:
        ids = [c[0] for c in clusters]
        reports = [f"{a}/{e}" for a, e in con.execute(
            "SELECT article_id, id FROM events WHERE cluster_id IN (SELECT unnest(?)) ORDER BY article_id, id",
            [ids]).fetchall()]
        row.update(clusters=ids, reports=reports)
        what = f"{len(ids)} matching event{'s' if len(ids) > 1 else ''} from {clusters[0][1]}"
        if happens:
            return {**row, "status": TRUE, "reason": what}
        if conditional:
            return {**row, "status": OPEN, "reason": what + "; its condition cannot be checked"}
        return {**row, "status": FALSE, "reason": what}
    if as_of <= end:
        return {**row, "status": OPEN, "reason": f"window open until {end}"}
    if happens and conditional:
        return {**row, "status": OPEN, "reason": f"no matching event by {end}; its condition cannot be checked"}
    return {**row, "status": FALSE if happens else TRUE, "reason": f"no matching event by {end}"}


def _matching(con, root: str, source: str | None, target: str | None, start: date, end: date,
              own_article: str, as_of: date) -> list[tuple]:
    """Clusters of the outcome's kind and countries inside the window, as reported by `as_of`."""
    pairs = [(source, target)] + ([(target, source)] if root in _SYMMETRIC else [])
    found = []
    for s, t in pairs:
        sql = ("SELECT c.id, c.date_start FROM clusters c WHERE substr(c.cameo, 1, 2) = ? AND c.mode IN "
               "('asserted', 'claimed') AND c.date_start <= ? AND c.date_end >= ? "
               "AND EXISTS (SELECT 1 FROM events e JOIN articles r ON r.id = e.article_id "
               "WHERE e.cluster_id = c.id AND e.article_id <> ? AND (r.published IS NULL OR r.published <= ?))")
        params: list = [root, min(end, as_of), start, own_article, as_of]
        if s:
            sql += " AND substr(c.source, 1, 3) = ?"
            params.append(s)
        if t:
            sql += " AND substr(c.target, 1, 3) = ?"
            params.append(t)
        found += con.execute(sql + " ORDER BY c.date_start", params).fetchall()
    return sorted(set(found), key=lambda r: (r[1], r[0]))


def track_records(con, *, forecasters: list[str] | None = None) -> list[dict]:
    """Per forecaster: forecasts, resolved, hits, hit rate, Brier score (resolved ones only);
    `forecasters` (names, any case) keeps those only, in SQL."""
    where, params = "", []
    if forecasters is not None:
        where = "WHERE lower(a.name) IN (SELECT unnest(?)) "
        params = [sorted({f.lower() for f in forecasters})]
    rows = con.execute(
        "SELECT coalesce(a.name, '(unknown speaker)') AS forecaster, mode(a.code) AS code, count(*) AS forecasts, "
        "count(*) FILTER (WHERE k.status IN (?, ?)) AS resolved, count(*) FILTER (WHERE k.status = ?) AS hits, "
        "avg(power(coalesce(f.confidence, 0.5) - CASE WHEN k.status = ? THEN 1 ELSE 0 END, 2)) "
        "FILTER (WHERE k.status IN (?, ?)) AS brier "
        "FROM forecasts f LEFT JOIN forecast_checks k ON k.article_id = f.article_id AND k.id = f.id "
        "LEFT JOIN actors a ON a.article_id = f.article_id AND a.id = f.forecaster "
        f"{where}GROUP BY 1 ORDER BY resolved DESC, forecasts DESC, forecaster",
        [TRUE, FALSE, TRUE, TRUE, TRUE, FALSE] + params).fetchall()
    return [{"forecaster": r[0], "code": r[1], "forecasts": r[2], "resolved": r[3], "hits": r[4],
             "hit_rate": (r[4] / r[3]) if r[3] else None, "brier": r[5]} for r in rows]


def listing(con, status: str | None = None, *, forecasters: list[str] | None = None,
            limit: int | None = None, offset: int = 0) -> list[dict]:
    """Forecasts with their latest check, oldest first; `forecasters` (names, any case) and the
    page are applied in SQL, so a page does not read every forecast of the store."""
    joins, where, params = [], [], []  # each join matches one row or none: only those filtered on
    if status:
        joins.append("LEFT JOIN forecast_checks k ON k.article_id = f.article_id AND k.id = f.id")
        where.append("coalesce(k.status, 'unchecked') = ?")
        params.append(status)
    if forecasters is not None:
        joins.append("LEFT JOIN actors a ON a.article_id = f.article_id AND a.id = f.forecaster")
        where.append("lower(a.name) IN (SELECT unnest(?))")
        params.append(sorted({f.lower() for f in forecasters}))
    order = "f.made_on, f.article_id, f.id"
    page = f"SELECT f.article_id, f.id FROM forecasts f {' '.join(joins)}"
    if where:
        page += " WHERE " + " AND ".join(where)
    page += f" ORDER BY {order}"
    if limit is not None:
        page += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    # the page is chosen first; only its articles' texts and actors are read to fill it in
    keys = con.execute(page, params).fetchall()
    if not keys:
        return []
    ids, articles = [k[0] for k in keys], sorted({k[0] for k in keys})
    sql = ("SELECT f.article_id, f.id, a.name AS forecaster, f.outcome_cameo AS cameo, f.outcome_source AS source, "
           "f.outcome_target AS target, f.outcome_happens AS happens, f.made_on, f.\"by\", f.confidence, "
           "coalesce(k.status, 'unchecked') AS status, k.reason, "
           "substr(r.text, f.claim_start + 1, f.claim_end - f.claim_start) AS claim "
           "FROM (SELECT unnest(?) AS article_id, unnest(?) AS id) p "
           "JOIN forecasts f ON f.article_id = p.article_id AND f.id = p.id "
           "JOIN (SELECT id, text FROM articles WHERE id IN (SELECT unnest(?))) r ON r.id = f.article_id "
           "LEFT JOIN forecast_checks k ON k.article_id = f.article_id AND k.id = f.id "
           "LEFT JOIN (SELECT article_id, id, name FROM actors WHERE article_id IN (SELECT unnest(?))) a "
           f"ON a.article_id = f.article_id AND a.id = f.forecaster ORDER BY {order}")
    cur = con.execute(sql, [ids, [k[1] for k in keys], articles, articles])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]

"""Event clusters across the store: each new event report joins the stored event it reports.

Runs inside the write transaction of a batch (`Store.write`): the candidate clusters are read
for the batch's dyads (country pairs), matched with `dateline.cluster` in article order, and
the new and grown clusters are written back.  A cluster's id is derived from its first report
("c" + 16 hex digits of sha1(article id, event id)), so the same ingest gives the same ids.
An event with an unknown side or no date is a cluster of its own.
"""

from __future__ import annotations

import hashlib

import pyarrow as pa

from ..cluster import Cluster, Report, assign
from ..model import Extraction
from ..ontology import cameo
from .schema import arrow_schema


def cluster_events(con, extractions: list[Extraction], event_rows: list[dict]) -> list[dict]:
    """Set `cluster_id` on the batch's event rows; return the clusters rows to write."""
    reports, keys = [], []
    for ex in extractions:
        code = {a.id: a.code for a in ex.actors}
        for e in ex.events:
            reports.append(Report.of(code.get(e.source), code.get(e.target), e.cameo, e.mode, e.date,
                                     e.date_bound, ex.article.published))
            keys.append((ex.article.id, e.id))
    clusters = _stored(con, [r for r in reports if r.clusterable])
    before = {c.id: c.reports for c in clusters}
    founders: dict[str, tuple[str, str]] = {}

    def new_id(n: int) -> str:
        founders[_id(keys[n])] = keys[n]
        return _id(keys[n])

    rows = {(r["article_id"], r["id"]): r for r in event_rows}
    for key, cluster in zip(keys, assign(reports, clusters, new_id)):
        row = rows.get(key)
        if row is not None:
            row["cluster_id"] = cluster.id if cluster is not None else _id(key)
    changed = [c for c in clusters if before.get(c.id) != c.reports]
    return [{"id": c.id, "source": c.source, "target": c.target, "cameo": c.cameo, "mode": c.mode,
             "date_start": c.start, "date_end": c.end, "reports": c.reports,
             "first_article": founders.get(c.id, (None, None))[0], "first_event": founders.get(c.id, (None, None))[1],
             "goldstein": cameo.cameo_code(c.cameo).goldstein}
            for c in changed]


def upsert(con, rows: list[dict]) -> None:
    """Replace the grown clusters and add the new ones (inside the caller's transaction)."""
    if not rows:
        return
    old = {r[0]: (r[1], r[2]) for r in con.execute(
        "SELECT id, first_article, first_event FROM clusters WHERE id IN (SELECT unnest(?))",
        [[r["id"] for r in rows]]).fetchall()}
    for row in rows:  # a grown cluster keeps the report it was founded on
        if row["id"] in old:
            row["first_article"], row["first_event"] = old[row["id"]]
    con.execute("DELETE FROM clusters WHERE id IN (SELECT unnest(?))", [list(old)])
    con.register("_clusters", pa.Table.from_pylist(rows, schema=arrow_schema("clusters")))
    try:
        con.execute("INSERT INTO clusters SELECT * FROM _clusters")
    finally:
        con.unregister("_clusters")


def _id(key: tuple[str, str]) -> str:
    return "c" + hashlib.sha1(f"{key[0]}\x1f{key[1]}".encode()).hexdigest()[:16]


def _stored(con, reports: list[Report]) -> list[Cluster]:
    """The stored clusters a batch's reports could join: their country pairs, overlapping dates."""
    if not reports:
        return []
    dyads = sorted({f"{r.source[:3]}/{r.target[:3]}" for r in reports})
    first, last = min(r.start for r in reports), max(r.end for r in reports)
    rows = con.execute(
        "SELECT id, source, target, cameo, mode, date_start, date_end, reports FROM clusters "
        "WHERE substr(source, 1, 3) || '/' || substr(target, 1, 3) IN (SELECT unnest(?)) "
        "AND date_start <= ? AND date_end >= ?", [dyads, last, first]).fetchall()
    return [Cluster(id=r[0], source=r[1], target=r[2], cameo=r[3], mode=r[4], start=r[5], end=r[6], reports=r[7])
            for r in rows]

"""Exports of a store: GDELT 2.0 Events TSV, PLOVER JSON Lines, ICEWS-style TSV, Parquet, GeoJSON.

    export(store, "gdelt", path)                 # one row per event report
    export(store, "gdelt", path, clusters=True)  # one row per event (cluster): NumMentions counts reports

Choices where the formats ask for what dateline does not have:
- GDELT: GLOBALEVENTID is a stable 48-bit number from the record's ids; SQLDATE is the first day
  the event's date covers (GDELT has only days); the geographic CountryCode columns carry ISO
  3166-1 alpha-3 (GDELT uses FIPS 10-4, which no pinned package maps) and FeatureID the GeoNames
  id; AvgTone and the actor-location columns stay empty; IsRootEvent is 1 for events of the
  article's first paragraph, as GDELT does; DATEADDED is the ingest time.
- PLOVER: the manual v2.0 field names (id, date, enddate, actor, recipient, event, mode,
  event_loc, event_text, quad_code, event_scale, text_info, cite_info, coder, coded_date),
  plus `cameo`, `dateline_mode` (asserted, claimed …), `article_id` and `cluster`.
- ICEWS: the columns of ICEWS' event files; `Intensity` is the Goldstein value.
"""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import date
from pathlib import Path

from .errors import Code, UsageError
from .ontology import cameo
from .store import Store
from .store.schema import TABLES

FORMATS = ("gdelt", "plover", "icews", "parquet", "geojson")
GDELT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *[f"Actor{n}{c}" for n in (1, 2) for c in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                                                "Religion1Code", "Religion2Code", "Type1Code", "Type2Code",
                                                "Type3Code")],
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
    "NumSources", "NumArticles", "AvgTone",
    *[f"{g}_{c}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for c in ("Type", "FullName", "CountryCode",
                                                                           "ADM1Code", "ADM2Code", "Lat", "Long",
                                                                           "FeatureID")],
    "DATEADDED", "SOURCEURL",
]
ICEWS_COLUMNS = ["Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
                 "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
                 "Sentence Number", "Publisher", "City", "District", "Province", "Country", "Latitude", "Longitude"]
_GROUPS = {"IGO", "NGO", "IMG", "MNC", "UNO", "EUR", "NGM"}
_ROWS_SQL = """
    SELECT e.*, sa.name AS s_name, sa.code AS s_code, sa.country AS s_country, sa.roles AS s_roles,
           sa.sectors AS s_sectors, ta.name AS t_name, ta.code AS t_code, ta.country AS t_country,
           ta.roles AS t_roles, ta.sectors AS t_sectors, p.name AS p_name, p.country AS p_country, p.lat, p.lon,
           p.geonameid, p.feature, r.url, r.outlet, r.title, r.published, r.ingested_at,
           substr(r.text, e.trigger_start + 1, e.trigger_end - e.trigger_start) AS trigger_text,
           coalesce(strpos(r.text, chr(10) || chr(10)), length(r.text) + 1) AS first_para_end,
           coalesce(c.reports, 1) AS c_reports
    FROM events e JOIN articles r ON r.id = e.article_id
    LEFT JOIN actors sa ON sa.article_id = e.article_id AND sa.id = e.source
    LEFT JOIN actors ta ON ta.article_id = e.article_id AND ta.id = e.target
    LEFT JOIN places p ON p.article_id = e.article_id AND p.id = e.place
    LEFT JOIN clusters c ON c.id = e.cluster_id
    ORDER BY e.date_start NULLS LAST, e.article_id, e.id"""


def export(store: Store, fmt: str, path: Path, *, clusters: bool = False, header: bool = True) -> int:
    """Write the store's events (or, for parquet, every table) to `path`; returns rows written."""
    if fmt not in FORMATS:
        raise UsageError(Code.UNKNOWN_FORMAT, name=fmt, choices=", ".join(FORMATS))
    if fmt == "parquet":
        return _parquet(store, path)
    rows = store.query(_ROWS_SQL)
    if clusters:
        rows = _one_per_cluster(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "gdelt":
        return _tsv(path, GDELT_COLUMNS if header else None, [_gdelt(r, clusters) for r in rows])
    if fmt == "icews":
        return _tsv(path, ICEWS_COLUMNS if header else None, [_icews(r) for r in rows])
    if fmt == "plover":
        with path.open("w", encoding="utf-8") as out:
            for r in rows:
                out.write(json.dumps(_plover(r), ensure_ascii=False, default=str) + "\n")
        return len(rows)
    features = [_feature(r) for r in rows if r["lat"] is not None and r["lon"] is not None]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                               default=str), encoding="utf-8")
    return len(features)


def _one_per_cluster(rows: list[dict]) -> list[dict]:
    """The first report of each cluster, with its numbers of reports, articles and outlets."""
    firsts: dict[str, dict] = {}
    articles: dict[str, set] = {}
    outlets: dict[str, set] = {}
    for r in rows:
        key = r["cluster_id"] or f"{r['article_id']}/{r['id']}"
        firsts.setdefault(key, r)
        articles.setdefault(key, set()).add(r["article_id"])
        outlets.setdefault(key, set()).add(r["outlet"] or r["article_id"])
    out = []
    for key, r in firsts.items():
        out.append({**r, "n_articles": len(articles[key]), "n_sources": len(outlets[key])})
    return out


def _event_id(r: dict) -> int:
    return int(hashlib.sha1(f"{r['article_id']}\x1f{r['id']}".encode()).hexdigest()[:12], 16)


def _gdelt(r: dict, clusters: bool) -> list:
    day: date | None = r["date_start"]
    code = r["cameo"]
    row = {c: "" for c in GDELT_COLUMNS}
    row.update(GLOBALEVENTID=_event_id(r), EventCode=code, EventBaseCode=code[:3], EventRootCode=code[:2],
               QuadClass=r["quad_class"] or "", GoldsteinScale=r["goldstein"] if r["goldstein"] is not None else "",
               IsRootEvent=int(r["sentence_start"] < r["first_para_end"]),
               NumMentions=r["c_reports"] if clusters else 1,
               NumSources=r.get("n_sources", 1), NumArticles=r.get("n_articles", 1),
               DATEADDED=r["ingested_at"].strftime("%Y%m%d%H%M%S") if r["ingested_at"] else "",
               SOURCEURL=r["url"] or f"dateline:{r['article_id']}")
    if day:
        row.update(SQLDATE=day.strftime("%Y%m%d"), MonthYear=day.strftime("%Y%m"), Year=day.year,
                   FractionDate=round(day.year + (day.month * 30 + day.day) / 365, 4))
    for n, side in ((1, "s"), (2, "t")):
        if r[f"{side}_code"] or r[f"{side}_name"]:
            roles = list(r[f"{side}_roles"] or [])
            country = r[f"{side}_country"] or ""
            row.update({f"Actor{n}Code": r[f"{side}_code"] or "", f"Actor{n}Name": (r[f"{side}_name"] or "").upper(),
                        f"Actor{n}CountryCode": "" if country in _GROUPS else country,
                        f"Actor{n}KnownGroupCode": country if country in _GROUPS else ""})
            for i, role in enumerate(roles[:3], start=1):
                row[f"Actor{n}Type{i}Code"] = role
    if r["lat"] is not None:
        row.update(ActionGeo_Type=_geo_type(r), ActionGeo_FullName=r["p_name"] or "",
                   ActionGeo_CountryCode=r["p_country"] or "", ActionGeo_Lat=r["lat"], ActionGeo_Long=r["lon"],
                   ActionGeo_FeatureID=r["geonameid"] or "")
    return [row[c] for c in GDELT_COLUMNS]


def _geo_type(r: dict) -> int:
    """GDELT's geographic resolution: 1 country, 2 US state, 3 US city, 4 world city, 5 world state."""
    us = r["p_country"] == "USA"
    if r["feature"] in ("country", "continent", "region", "water"):
        return 1
    if r["feature"] in ("admin1", "admin2"):
        return 2 if us else 5
    return 3 if us else 4


def _icews(r: dict) -> list:
    code = cameo.cameo_code(r["cameo"])
    return [_event_id(r), r["date_start"] or "", r["s_name"] or "", ",".join(r["s_sectors"] or []),
            r["s_country"] or "", code.label.title(), r["cameo"], r["goldstein"] if r["goldstein"] is not None else "",
            r["t_name"] or "", ",".join(r["t_sectors"] or []), r["t_country"] or "", r["article_id"],
            r["id"], r["outlet"] or "", r["p_name"] if r["feature"] in ("city", "capital") else "", "",
            r["p_name"] if r["feature"] == "admin1" else "", r["p_country"] or "",
            r["lat"] if r["lat"] is not None else "", r["lon"] if r["lon"] is not None else ""]


def _entity(r: dict, side: str) -> list[dict]:
    if not (r[f"{side}_code"] or r[f"{side}_name"]):
        return []
    sectors = list(r[f"{side}_sectors"] or [])
    return [{"code": r[f"{side}_country"], "sector": sectors[0] if sectors else None,
             "entity_text": r[f"{side}_name"], "identifier_text": r[f"{side}_name"]}]


def _plover(r: dict) -> dict:
    start, end = r["date_start"], r["date_end"]
    record = {
        "id": f"{r['article_id']}/{r['id']}", "date": start.isoformat() if start else None,
        "actor": _entity(r, "s"), "recipient": _entity(r, "t"),
        "event": [r["plover"]] if r["plover"] else [], "mode": [r["plover_mode"]] if r["plover_mode"] else [],
        "context": [], "event_text": [r["trigger_text"]], "quad_code": r["quad_class"],
        "event_scale": r["goldstein"],
        "text_info": {"start": r["trigger_start"], "end": r["trigger_end"]},
        "cite_info": {"url": r["url"], "title": r["title"], "publication": r["outlet"]},
        "coder": "dateline", "coded_date": r["ingested_at"].date().isoformat() if r["ingested_at"] else None,
        "cameo": r["cameo"], "dateline_mode": r["mode"], "article_id": r["article_id"], "cluster": r["cluster_id"],
    }
    if end and start and end != start:
        record["enddate"] = end.isoformat()
    if r["lat"] is not None:
        record["event_loc"] = {"resolved_place": r["p_name"], "geonameid": r["geonameid"], "lat": r["lat"],
                               "lon": r["lon"], "country_code": r["p_country"], "feature_class": r["feature"]}
    return record


def _feature(r: dict) -> dict:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
            "properties": {"id": f"{r['article_id']}/{r['id']}", "cameo": r["cameo"], "plover": r["plover"],
                           "date": r["date"], "mode": r["mode"], "source": r["s_code"], "target": r["t_code"],
                           "place": r["p_name"], "geonameid": r["geonameid"], "cluster": r["cluster_id"]}}


def _tsv(path: Path, header: list[str] | None, rows: list[list]) -> int:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
        if header:
            writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else str(v).replace("\t", " ").replace("\n", " ") for v in row])
    return len(rows)


def _parquet(store: Store, folder: Path) -> int:
    """Every table as FOLDER/TABLE.parquet (DuckDB's own writer)."""
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for table in TABLES:
        target = folder / f"{table}.parquet"
        store.con.execute(f"COPY {table} TO '{_sql_path(target)}' (FORMAT parquet)")
        total += store.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return total


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")

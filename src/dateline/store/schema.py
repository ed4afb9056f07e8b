"""The store's tables: one row per record of the extraction contract, each with its article id and spans.

Columns are declared once here; the DuckDB DDL and the Arrow schemas used for bulk
writes (and, at scale, Parquet partitions) are both generated from them.
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = 8  # 2: quotes.audience; 3: event clusters; 4: actor registry; 5: forecasts; 6: event days;
# 7: cluster goldstein; 8: word index (store/search.py), article texts stored without ZSTD

# (column, DuckDB type, Arrow type)
Column = tuple[str, str, pa.DataType]

_S, _I, _F, _B, _D = pa.string(), pa.int64(), pa.float64(), pa.bool_(), pa.date32()
_LIST = pa.list_(pa.string())

TABLES: dict[str, list[Column]] = {
    "articles": [
        ("id", "VARCHAR", _S), ("content_hash", "VARCHAR", _S), ("published", "DATE", pa.date32()),
        ("title", "VARCHAR", _S), ("url", "VARCHAR", _S), ("outlet", "VARCHAR", _S),
        ("source", "VARCHAR", _S), ("text", "VARCHAR", _S),
        ("dateline_text", "VARCHAR", _S), ("dateline_start", "INTEGER", _I), ("dateline_end", "INTEGER", _I),
        ("dateline_place", "VARCHAR", _S), ("ingested_at", "TIMESTAMP", pa.timestamp("us")),
        ("pipeline", "VARCHAR", _S),
    ],
    "actors": [
        ("article_id", "VARCHAR", _S), ("id", "VARCHAR", _S), ("name", "VARCHAR", _S), ("kind", "VARCHAR", _S),
        ("country", "VARCHAR", _S), ("roles", "VARCHAR[]", _LIST), ("sectors", "VARCHAR[]", _LIST),
        ("former", "BOOLEAN", _B), ("code", "VARCHAR", _S),
        ("span_start", "INTEGER", _I), ("span_end", "INTEGER", _I),  # the first mention
        ("code_from", "VARCHAR", _S),
    ],
    "mentions": [
        ("article_id", "VARCHAR", _S), ("owner", "VARCHAR", _S),  # 'actor' or 'place'
        ("owner_id", "VARCHAR", _S), ("seq", "INTEGER", _I), ("span_start", "INTEGER", _I),
        ("span_end", "INTEGER", _I), ("text", "VARCHAR", _S), ("type", "VARCHAR", _S),
        ("metonymic", "BOOLEAN", _B),
    ],
    "places": [
        ("article_id", "VARCHAR", _S), ("id", "VARCHAR", _S), ("name", "VARCHAR", _S),
        ("geonameid", "BIGINT", _I), ("country", "VARCHAR", _S), ("lat", "DOUBLE", _F), ("lon", "DOUBLE", _F),
        ("feature", "VARCHAR", _S), ("span_start", "INTEGER", _I), ("span_end", "INTEGER", _I),
    ],
    "times": [
        ("article_id", "VARCHAR", _S), ("id", "VARCHAR", _S), ("span_start", "INTEGER", _I),
        ("span_end", "INTEGER", _I), ("text", "VARCHAR", _S), ("type", "VARCHAR", _S),
        ("value", "VARCHAR", _S), ("mod", "VARCHAR", _S),
    ],
    "quotes": [
        ("article_id", "VARCHAR", _S), ("id", "VARCHAR", _S), ("speaker", "VARCHAR", _S),
        ("speaker_start", "INTEGER", _I), ("speaker_end", "INTEGER", _I), ("cue", "VARCHAR", _S),
        ("cue_start", "INTEGER", _I), ("cue_end", "INTEGER", _I), ("content_start", "INTEGER", _I),
        ("content_end", "INTEGER", _I), ("kind", "VARCHAR", _S), ("medium", "VARCHAR", _S),
        ("audience", "VARCHAR", _S),
    ],
    "events": [
        ("article_id", "VARCHAR", _S), ("id", "VARCHAR", _S), ("source", "VARCHAR", _S),
        ("target", "VARCHAR", _S), ("cameo", "VARCHAR", _S), ("plover", "VARCHAR", _S),
        ("plover_mode", "VARCHAR", _S), ("quad_class", "INTEGER", _I), ("goldstein", "DOUBLE", _F),
        ("date", "VARCHAR", _S), ("date_precision", "VARCHAR", _S), ("date_from", "VARCHAR", _S),
        ("place", "VARCHAR", _S), ("mode", "VARCHAR", _S), ("quote", "VARCHAR", _S),
        ("trigger_start", "INTEGER", _I), ("trigger_end", "INTEGER", _I),
        ("sentence_start", "INTEGER", _I), ("sentence_end", "INTEGER", _I),
        ("date_bound", "VARCHAR", _S), ("cluster", "VARCHAR", _S), ("cluster_id", "VARCHAR", _S),
        ("date_start", "DATE", _D), ("date_end", "DATE", _D),  # the days `date` covers, for range queries
    ],
    # the actor registry: canonical actors across articles, their names and dated codes
    "registry": [("key", "VARCHAR", _S), ("name", "VARCHAR", _S), ("kind", "VARCHAR", _S)],
    "registry_names": [("name", "VARCHAR", _S), ("key", "VARCHAR", _S)],
    "registry_codes": [
        ("key", "VARCHAR", _S), ("code", "VARCHAR", _S), ("source", "VARCHAR", _S),
        ("date_start", "DATE", _D), ("date_end", "DATE", _D), ("articles", "INTEGER", _I),
    ],
    # the latest check of each forecast (dateline forecasts resolve)
    "forecast_checks": [
        ("article_id", "VARCHAR", _S), ("id", "VARCHAR", _S), ("status", "VARCHAR", _S),
        ("reason", "VARCHAR", _S), ("as_of", "DATE", _D), ("window_start", "DATE", _D),
        ("window_end", "DATE", _D), ("clusters", "VARCHAR[]", _LIST), ("reports", "VARCHAR[]", _LIST),
    ],
    # one row per event: the reports (events rows) of one event share its cluster_id
    "clusters": [
        ("id", "VARCHAR", _S), ("source", "VARCHAR", _S), ("target", "VARCHAR", _S),
        ("cameo", "VARCHAR", _S), ("mode", "VARCHAR", _S), ("date_start", "DATE", _D),
        ("date_end", "DATE", _D), ("reports", "INTEGER", _I), ("first_article", "VARCHAR", _S),
        ("first_event", "VARCHAR", _S), ("goldstein", "DOUBLE", _F),
    ],
    "forecasts": [
        ("article_id", "VARCHAR", _S), ("id", "VARCHAR", _S), ("forecaster", "VARCHAR", _S),
        ("quote", "VARCHAR", _S), ("claim_start", "INTEGER", _I), ("claim_end", "INTEGER", _I),
        ("outcome_cameo", "VARCHAR", _S), ("outcome_source", "VARCHAR", _S),
        ("outcome_target", "VARCHAR", _S), ("outcome_happens", "BOOLEAN", _B),
        ("condition_start", "INTEGER", _I), ("condition_end", "INTEGER", _I),
        ("made_on", "VARCHAR", _S), ("by", "VARCHAR", _S), ("confidence", "DOUBLE", _F),
    ],
    "problems": [  # an article's non-fatal problems: the contract's per-article `errors`
        ("article_id", "VARCHAR", _S), ("seq", "INTEGER", _I), ("code", "VARCHAR", _S),
        ("message", "VARCHAR", _S), ("stage", "VARCHAR", _S),
    ],
    "errors": [  # inputs that could not be extracted
        ("time", "TIMESTAMP", pa.timestamp("us")), ("source", "VARCHAR", _S), ("code", "VARCHAR", _S),
        ("reason", "VARCHAR", _S), ("article_id", "VARCHAR", _S),
    ],
}

_KEYS = {
    "articles": "PRIMARY KEY (id), UNIQUE (content_hash)",
    "actors": "PRIMARY KEY (article_id, id)",
    "places": "PRIMARY KEY (article_id, id)",
    "times": "PRIMARY KEY (article_id, id)",
    "quotes": "PRIMARY KEY (article_id, id)",
    "events": "PRIMARY KEY (article_id, id)",
    "forecasts": "PRIMARY KEY (article_id, id)",
    "mentions": "PRIMARY KEY (article_id, owner, owner_id, seq)",
    "problems": "PRIMARY KEY (article_id, seq)",
    "clusters": "PRIMARY KEY (id)",
    "registry": "PRIMARY KEY (key)",
    "forecast_checks": "PRIMARY KEY (article_id, id)",
    "registry_names": "PRIMARY KEY (name, key)",
}

# Tables whose rows belong to one article (all written, or none, with it).
ARTICLE_TABLES = [t for t in TABLES if t not in ("errors", "clusters", "registry", "registry_names",
                                                 "registry_codes", "forecast_checks")]


def table_ddl(table: str) -> str:
    cols = [f'"{name}" {sql_type}' for name, sql_type, _ in TABLES[table]]
    if table in _KEYS:
        cols.append(_KEYS[table])
    return f'CREATE TABLE IF NOT EXISTS {table} ({", ".join(cols)})'


def ddl() -> list[str]:
    statements = [table_ddl(table) for table in TABLES]
    statements.append("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    # stores made by an older version gain the columns added since (new columns are nullable)
    for table, columns in TABLES.items():
        statements += [f'ALTER TABLE {table} ADD COLUMN IF NOT EXISTS "{name}" {sql_type}'
                       for name, sql_type, _ in columns]
    return statements


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([(name, arrow_type) for name, _, arrow_type in TABLES[table]])


def insert_rows(con, table: str, rows: list[dict]) -> None:
    """Append plain rows to `table` through Arrow, in the caller's transaction (the names come
    from TABLES, never from input)."""
    if table not in TABLES:
        raise KeyError(table)
    view = f"_insert_{table}"
    con.register(view, pa.Table.from_pylist(rows, schema=arrow_schema(table)))
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM {view}")
    finally:
        con.unregister(view)

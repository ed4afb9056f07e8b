"""The actor registry: canonical actors across articles, with their names and dated codes.

Three sources fill it, and the order of trust is theirs:
- `override` (a user's YAML file, `dateline actors import overrides.yaml`) wins over everything,
  the article's own words included;
- `dictionary` (PETRARCH/ICEWS-style files, `dateline actors import FILE`) codes an actor the
  article does not describe ("Pompeo said" with no title in sight);
- `text`: every ingested article adds what it says of its named actors, as a code seen from
  its first to its last publication date ("Mike Pompeo" USAGOV while secretary of state).

At ingest, `resolve` fills in the actors an article leaves uncoded (and applies overrides)
before rows are written; `learn` then records the article's coded actors.  A bare surname
resolves only when one registered person has it.
"""

from __future__ import annotations

from datetime import date

import pyarrow as pa

from ..dictionaries import DatedCode, Entry
from ..model import Actor, Extraction
from ..nlp.spans import name_key
from ..ontology.actors import plover_sector
from .schema import arrow_schema

_NAMED = ("person", "organization")


def import_entries(con, entries: list[Entry], source: str, kind: str = "person") -> int:
    """Add or replace the entries' names and codes of this source; returns how many actors."""
    registry, names, codes = [], [], []
    for entry in entries:
        key = name_key(entry.name)
        registry.append({"key": key, "name": entry.name, "kind": _kind_of(con, key) or kind})
        for name in {key, *(name_key(a) for a in entry.aliases)}:
            names.append({"name": name, "key": key})
        for c in entry.codes:
            codes.append({"key": key, "code": c.code, "source": source, "date_start": c.start,
                          "date_end": c.end, "articles": None})
    keys = sorted({r["key"] for r in registry})
    con.begin()
    try:
        con.execute("DELETE FROM registry_codes WHERE source = ? AND key IN (SELECT unnest(?))", [source, keys])
        _insert_new(con, "registry", registry, ("key",))
        _insert_new(con, "registry_names", names, ("name", "key"))
        _insert(con, "registry_codes", codes)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return len(keys)


def resolve(con, extractions: list[Extraction]) -> None:
    """Code the named actors an article leaves uncoded, and apply overrides (in place)."""
    wanted = {name_key(a.name) for ex in extractions for a in ex.actors if a.kind in _NAMED}
    if not wanted:
        return
    keys_of = _keys_of(con, wanted)
    surnames = _surnames(con, {w for w in wanted if " " not in w and w not in keys_of})
    all_keys = {k for ks in keys_of.values() for k in ks} | set(surnames.values())
    codes = _codes(con, all_keys)
    for ex in extractions:
        day = date.fromisoformat(ex.article.published[:10]) if ex.article.published else None
        for actor in ex.actors:
            if actor.kind not in _NAMED:
                continue
            folded = name_key(actor.name)
            keys = keys_of.get(folded) or ([surnames[folded]] if folded in surnames else [])
            if len(keys) != 1:
                continue  # unknown, or a name two registered actors share
            # a country guessed from the story's own country yields to what other articles say
            chosen = _choose(codes.get(keys[0], []), day,
                             coded=bool(actor.country) and actor.code_from != "context")
            if chosen is not None:
                _apply(actor, *chosen)


def learn(con, extractions: list[Extraction]) -> None:
    """Record what the articles say of their named actors (codes from the text)."""
    seen: dict[tuple[str, str], list[date]] = {}
    names: dict[str, tuple[str, str]] = {}
    for ex in extractions:
        day = date.fromisoformat(ex.article.published[:10]) if ex.article.published else None
        for actor in ex.actors:
            if actor.kind not in _NAMED or actor.code_from != "text" or not actor.code or day is None:
                continue
            if actor.kind == "person" and " " not in actor.name.strip():
                continue  # a bare surname is not a registry name
            key = name_key(actor.name)
            names.setdefault(key, (actor.name, actor.kind))
            seen.setdefault((key, actor.code), []).append(day)
    if not seen:
        return
    keys_of = _keys_of(con, set(names))
    canonical = {k: (keys_of[k][0] if len(keys_of.get(k, [])) == 1 else k) for k in names}
    _insert_new(con, "registry", [{"key": canonical[k], "name": n, "kind": kind} for k, (n, kind) in names.items()],
                ("key",))
    _insert_new(con, "registry_names", [{"name": k, "key": canonical[k]} for k in names], ("name", "key"))
    rows = con.execute("SELECT key, code, date_start, date_end, articles FROM registry_codes WHERE source = 'text' "
                       "AND key IN (SELECT unnest(?))", [sorted(set(canonical.values()))]).fetchall()
    stored = {(r[0], r[1]): r[2:] for r in rows}
    out = []
    for (key, code), days in seen.items():
        key = canonical[key]
        start, end, articles = stored.pop((key, code), (min(days), max(days), 0))
        out.append({"key": key, "code": code, "source": "text", "date_start": min(start, *days),
                    "date_end": max(end, *days), "articles": (articles or 0) + len(days)})
    con.execute("DELETE FROM registry_codes WHERE source = 'text' AND key || '|' || code IN (SELECT unnest(?))",
                [[f"{r['key']}|{r['code']}" for r in out]])
    _insert(con, "registry_codes", out)


def lookup(con, name: str) -> list[dict]:
    """The registry entries a name reaches, each with its names and dated codes."""
    key = name_key(name)
    keys = _keys_of(con, {key}).get(key) or list(_surnames(con, {key}).values())
    out = []
    for k in keys:
        [(display, kind)] = con.execute("SELECT name, kind FROM registry WHERE key = ?", [k]).fetchall()
        names = [r[0] for r in con.execute("SELECT name FROM registry_names WHERE key = ? ORDER BY name", [k])
                 .fetchall()]
        codes = [dict(zip(("code", "source", "start", "end", "articles"), r)) for r in con.execute(
            "SELECT code, source, date_start, date_end, articles FROM registry_codes WHERE key = ? "
            "ORDER BY source, date_start NULLS FIRST", [k]).fetchall()]
        out.append({"key": k, "name": display, "kind": kind, "names": names, "codes": codes})
    return out


def _choose(rows: list[tuple], day: date | None, *, coded: bool) -> tuple[str, str] | None:
    """(code, source) for an actor on `day`: an override always; a dictionary code or the most
    seen text code only when the article did not code the actor itself."""
    for source in ("override", "dictionary"):
        valid = [r for r in rows if r[1] == source and DatedCode(r[0], r[2], r[3]).covers(day)]
        if valid and (source == "override" or not coded):
            return max(valid, key=lambda r: (r[2] or date.min))[0], source
    if coded:
        return None
    text = [r for r in rows if r[1] == "text"]
    if not text:
        return None
    # the code most articles give (one article's slip, "Obama" coded RUSGOV beside Putin, is
    # outvoted); among equals, the one seen around the article's date
    def distance(r) -> int:
        if day is None:
            return 0
        return 0 if r[2] <= day <= r[3] else min(abs((day - r[2]).days), abs((day - r[3]).days))

    best = max(text, key=lambda r: (r[4] or 0, -distance(r)))
    return best[0], "registry"


def _apply(actor: Actor, code: str, source: str) -> None:
    country, rest = code[:3], code[3:]
    roles = [rest[i:i + 3] for i in range(0, len(rest), 3) if len(rest[i:i + 3]) == 3]
    actor.code, actor.country, actor.roles = code, country, roles
    actor.sectors = [s for s in (plover_sector(r) for r in roles) if s]
    actor.code_from = source


def _keys_of(con, names: set[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, key in con.execute("SELECT name, key FROM registry_names WHERE name IN (SELECT unnest(?)) "
                                 "ORDER BY key", [sorted(names)]).fetchall():
        out.setdefault(name, []).append(key)
    return out


def _surnames(con, words: set[str]) -> dict[str, str]:
    """A bare surname -> the one registered person whose name ends with it."""
    if not words:
        return {}
    rows = con.execute("SELECT DISTINCT n.name, n.key FROM registry_names n JOIN registry r ON r.key = n.key "
                       "WHERE r.kind = 'person' AND list_last(string_split(n.name, ' ')) IN (SELECT unnest(?)) "
                       "AND n.name LIKE '% %'", [sorted(words)]).fetchall()
    found: dict[str, set[str]] = {}
    for name, key in rows:
        found.setdefault(name.rsplit(" ", 1)[1], set()).add(key)
    return {w: next(iter(keys)) for w, keys in found.items() if len(keys) == 1}


def _codes(con, keys: set[str]) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    if not keys:
        return out
    for key, code, source, start, end, articles in con.execute(
            "SELECT key, code, source, date_start, date_end, articles FROM registry_codes "
            "WHERE key IN (SELECT unnest(?))", [sorted(keys)]).fetchall():
        out.setdefault(key, []).append((code, source, start, end, articles))
    return out


def _kind_of(con, key: str) -> str | None:
    row = con.execute("SELECT kind FROM registry WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def _insert(con, table: str, rows: list[dict]) -> None:
    if not rows:
        return
    con.register("_rows", pa.Table.from_pylist(rows, schema=arrow_schema(table)))
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM _rows")
    finally:
        con.unregister("_rows")


def _insert_new(con, table: str, rows: list[dict], key: tuple[str, ...]) -> None:
    """Insert the rows whose key is not stored yet (first writer wins, duplicates dropped)."""
    unique = list({tuple(r[k] for k in key): r for r in rows}.values())
    if not unique:
        return
    con.register("_rows", pa.Table.from_pylist(unique, schema=arrow_schema(table)))
    try:
        cond = " AND ".join(f"t.{k} = n.{k}" for k in key)
        con.execute(f"INSERT INTO {table} SELECT * FROM _rows n WHERE NOT EXISTS "
                    f"(SELECT 1 FROM {table} t WHERE {cond})")
    finally:
        con.unregister("_rows")

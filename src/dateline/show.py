"""Rich rendering of an extraction and of store statistics, for a person to read."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .model import Extraction
from .store import Store

# Highlight styles by record kind, used in the annotated text.
_STYLES = {"actor": "bold cyan", "place": "bold green", "time": "bold magenta", "dateline": "bold green underline"}


def annotated_text(ex: Extraction) -> Text:
    """The article text with actor, place and time mentions highlighted."""
    text = Text(ex.article.text)
    for actor in ex.actors:
        for m in actor.mentions:
            text.stylize(_STYLES["actor"], *m.span)
    for place in ex.places:
        for m in place.mentions:
            text.stylize(_STYLES["place"], *m.span)
    for t in ex.times:
        text.stylize(_STYLES["time"], *t.span)
    if ex.dateline:
        text.stylize(_STYLES["dateline"], *ex.dateline.span)
    return text


def render_extraction(ex: Extraction, console: Console) -> None:
    a = ex.article
    head = [f"[bold]{a.title or a.id}[/bold]", f"id {a.id}", f"published {a.published or 'unknown'}"]
    if ex.dateline:
        head.append(f"dateline {ex.dateline.text}")
    if a.outlet or a.url:
        head.append(" ".join(x for x in (a.outlet, a.url) if x))
    console.print(Panel("\n".join(head), expand=False))
    console.print(annotated_text(ex))
    console.print()

    actors = Table("id", "actor", "kind", "code", "mentions", title="Actors", title_justify="left")
    for actor in ex.actors:
        seen = list(dict.fromkeys(m.text for m in actor.mentions))
        name = actor.name + (" (former)" if actor.former else "")
        actors.add_row(actor.id, name, actor.kind, actor.code or "", f"{len(actor.mentions)}: " + "; ".join(seen))
    places = Table("id", "place", "geonameid", "country", "mentions", title="Places", title_justify="left")
    for place in ex.places:
        places.add_row(place.id, place.name, str(place.geonameid or ""), place.country or "",
                       str(len(place.mentions)))
    times = Table("id", "text", "type", "value", "mod", title="Times", title_justify="left")
    for t in ex.times:
        times.add_row(t.id, t.text, t.type, t.value or "", t.mod or "")
    for table, rows in ((actors, ex.actors), (places, ex.places), (times, ex.times)):
        if rows:
            console.print(table)
    if ex.quotes:
        quotes = Table("id", "speaker", "cue", "quote", title="Quotes", title_justify="left")
        for q in ex.quotes:
            speaker = next((x.name for x in ex.actors if x.id == q.speaker), "")
            quotes.add_row(q.id, speaker, q.cue or "", a.text[q.content_span[0]:q.content_span[1]][:160])
        console.print(quotes)
    if ex.events:
        events = Table("id", "source", "cameo", "target", "date", "mode", title="Events", title_justify="left")
        for e in ex.events:
            events.add_row(e.id, e.source or "", e.cameo, e.target or "", e.date or "", e.mode)
        console.print(events)
    for p in ex.errors:
        console.print(f"problem: {p.code} {p.message}", markup=False)


def render_stats(store: Store, console: Console) -> None:
    counts = store.counts()
    table = Table("table", "rows", title=f"dateline store {store.path}", title_justify="left")
    for name, n in counts.items():
        table.add_row(name, f"{n:,}")
    console.print(table)
    span = store.query("SELECT min(published) AS first, max(published) AS last, "
                       "count(*) FILTER (WHERE published IS NULL) AS undated FROM articles")[0]
    if counts["articles"]:
        console.print(f"published {span['first']} to {span['last']}"
                      + (f", {span['undated']} undated" if span["undated"] else ""))
    for title, sql in (
        ("Most mentioned actors", "SELECT a.name, a.kind, count(*) AS mentions, count(DISTINCT a.article_id) AS "
                                  "articles FROM actors a JOIN mentions m ON m.article_id = a.article_id AND "
                                  "m.owner = 'actor' AND m.owner_id = a.id GROUP BY ALL ORDER BY mentions DESC, "
                                  "a.name LIMIT 10"),
        ("Most mentioned places", "SELECT p.name, count(*) AS mentions, count(DISTINCT p.article_id) AS articles "
                                  "FROM places p JOIN mentions m ON m.article_id = p.article_id AND m.owner = "
                                  "'place' AND m.owner_id = p.id GROUP BY ALL ORDER BY mentions DESC, p.name "
                                  "LIMIT 10"),
        ("Events most reported (clusters of reports)",
         "SELECT c.source, c.cameo, c.target, c.mode, c.date_start::VARCHAR || CASE WHEN c.date_end > c.date_start "
         "THEN ' .. ' || c.date_end::VARCHAR ELSE '' END AS dates, c.reports, count(DISTINCT e.article_id) AS "
         "articles FROM clusters c JOIN events e ON e.cluster_id = c.id WHERE c.reports > 1 GROUP BY ALL "
         "ORDER BY c.reports DESC, dates LIMIT 10"),
        ("Errors", "SELECT code, any_value(reason) AS example, count(*) AS n FROM errors GROUP BY code "
                   "ORDER BY n DESC"),
    ):
        rows = store.query(sql)
        if rows:
            t = Table(*rows[0].keys(), title=title, title_justify="left")
            for row in rows:
                t.add_row(*(str(v) for v in row.values()))
            console.print(t)

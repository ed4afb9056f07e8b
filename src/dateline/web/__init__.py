"""The web UI: server-rendered pages over the same queries as the API, working offline.

    /                      search (articles and quotes) and a dyad form
    /articles/{id}         the article with its spans highlighted: the provenance view
    /dyads?a=USA&b=IRQ     Goldstein per week as an SVG bar chart; a bar opens its events
    /dyads/events          the events behind a bar, each linking to its sentence
    /actors/{name}         codes over time, quotes, events (50 at a time), forecasts and track record
    /map                   located events on an offline world outline (Natural Earth)
    /forecasts             stored forecasts and their checks

Pages are Jinja2 templates and one stylesheet of our own; charts are SVG drawn here.  Nothing
is fetched from a CDN, and there is no script: every interaction is a link.
"""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from pathlib import Path

from fastapi import APIRouter, FastAPI, Query
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..errors import Code, UsageError
from ..model import Extraction

HERE = Path(__file__).resolve().parent
SPEAKER_COLOURS = 6
ACTOR_PAGE = 50


def mount(app: FastAPI, queries) -> None:
    """Add the pages to `app`; `queries()` is a context manager giving a Queries."""
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
    router = APIRouter(include_in_schema=False)

    def render(name: str, **context) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context))

    @router.get("/", response_class=HTMLResponse)
    def home(q: str | None = Query(None, max_length=500)):
        with queries() as qs:
            hits = qs.search(q, limit=100) if q and q.strip() else []
            latest = qs.store.query("SELECT id, title, published FROM articles ORDER BY published DESC NULLS LAST, "
                                    "id LIMIT 20")
        return render("home.html", q=q, hits=hits, latest=latest)

    @router.get("/articles/{article_id}", response_class=HTMLResponse)
    def article(article_id: str):
        with queries() as qs:
            ex = qs.store.extraction(qs.store.find_article(article_id))
        names = {a.id: a.name for a in ex.actors}
        codes = {a.id: a.code for a in ex.actors}
        speakers = sorted({q.speaker for q in ex.quotes if q.speaker}, key=lambda s: (len(s), s))
        colour = {s: f"spk-{i % SPEAKER_COLOURS}" for i, s in enumerate(speakers)}
        speaker_class = {q.id: colour.get(q.speaker, "spk-none") for q in ex.quotes}
        return render("article.html", ex=ex, title=ex.article.title or ex.article.id, body=highlight(ex, names,
                      speaker_class), actor_names=names, actor_codes=codes, speaker_class=speaker_class)

    @router.get("/dyads", response_class=HTMLResponse)
    def dyad(a: str = "USA", b: str = "IRQ", interval: str = Query("week", pattern="^(day|week|month|year)$"),
             both_ways: bool = False):
        with queries() as qs:
            series = qs.series(a, b, interval=interval, both_ways=both_ways)
        a, b = a.upper()[:3], b.upper()[:3]
        return render("dyad.html", a=a, b=b, interval=interval, both_ways=both_ways, series=series,
                      svg=bar_chart(series, a, b, interval, both_ways))

    @router.get("/dyads/events", response_class=HTMLResponse)
    def dyad_events(a: str, b: str, period: str, interval: str = Query("week", pattern="^(day|week|month|year)$"),
                    both_ways: bool = False):
        try:
            start = date.fromisoformat(period)
        except ValueError:  # a bad link: a 400 like the API's, never a 500
            raise UsageError(Code.USAGE, detail=f"period {period[:40]!r} is not a date (YYYY-MM-DD)") from None
        end = _period_end(start, interval)
        with queries() as qs:
            rows = qs.events(dyad=(a, b), since=start.isoformat(), until=end.isoformat(), limit=500)
            if both_ways:
                rows += qs.events(dyad=(b, a), since=start.isoformat(), until=end.isoformat(), limit=500)
        rows = [r for r in rows if r["mode"] in ("asserted", "claimed")]
        rows.sort(key=lambda r: (r["date_start"] or date.min, r["article_id"], r["id"]))
        heading = f"{a.upper()} {'↔' if both_ways else '→'} {b.upper()}, {interval} of {start}"
        return render("events.html", heading=heading, events=rows)

    @router.get("/actors/{name}", response_class=HTMLResponse)
    def actor(name: str, offset: int = Query(0, ge=0, le=10_000_000)):
        with queries() as qs:  # a page of each list at a time: a frequent actor has thousands
            page = qs.actor(name, limit=ACTOR_PAGE, offset=offset)
        return render("actor.html", page=page)

    @router.get("/map", response_class=HTMLResponse)
    def world_map(since: str | None = None, until: str | None = None, root: str | None = None):
        from .worldmap import map_svg

        with queries() as qs:
            rows = qs.events(since=since, until=until, root=root, limit=5000)
        points = [{"lat": r["lat"], "lon": r["lon"], "href": f"/articles/{r['article_id']}#{r['id']}",
                   "label": f"{r['date'] or ''} {r['cameo']} {r['source_code'] or '?'}→{r['target_code'] or '?'} "
                            f"in {r['place']}"} for r in rows if r["lat"] is not None and r["lon"] is not None]
        return render("map.html", svg=map_svg(points), count=len(points))

    @router.get("/forecasts", response_class=HTMLResponse)
    def forecasts():
        from ..store import forecasts as fc

        with queries() as qs:
            rows = fc.listing(qs.store.con)
        return render("forecasts.html", forecasts=rows)

    app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")


def highlight(ex: Extraction, names: dict[str, str], speaker_class: dict[str, str]) -> str:
    """The article text as HTML paragraphs, each span wrapped in the classes of what covers it.

    Records overlap (an event inside a quote inside a paragraph), so the text is cut at every
    span boundary and each piece carries all the records that cover it; the first piece of a
    record carries its id, so /articles/X#E3 scrolls to event E3.
    """
    text = ex.article.text
    records: list[tuple[int, int, str, str, str]] = []  # start, end, css class, anchor id, title
    for q in ex.quotes:
        records.append((*q.content_span, f"ann-quote {speaker_class[q.id]}", q.id,
                        f"{q.id} {names.get(q.speaker, 'unknown speaker')} ({q.kind})"))
    for a in ex.actors:
        for n, m in enumerate(a.mentions):
            records.append((*m.span, "ann-actor", a.id if n == 0 else "", f"{a.id} {a.name} {a.code or ''}"))
    for p in ex.places:
        for m in p.mentions:
            records.append((*m.span, "ann-place", "", f"{p.name} ({p.country or ''})"))
    for t in ex.times:
        records.append((*t.span, "ann-time", t.id, f"{t.id} {t.value or ''}"))
    for e in ex.events:
        records.append((*e.trigger_span, "ann-event", e.id, f"{e.id} {e.cameo} {e.mode} {e.date or ''}"))
    cuts = sorted({0, len(text), *(s for s, *_ in records), *(e for _, e, *_ in records)}
                  | {m.start() for m in re.finditer("\n", text)})
    out: list[str] = ["<p>"]
    anchored: set[str] = set()
    # a sweep over the pieces: the records begun by a piece's start and not ended before its end
    # cover it (a scan of every record for every piece took 120 ms on a long article)
    by_start = sorted(range(len(records)), key=lambda i: records[i][0])
    begun, active = 0, []
    for start, end in zip(cuts, cuts[1:]):
        piece = text[start:end]
        if piece.startswith("\n"):
            out.append("</p><p>" if piece.strip() or "\n\n" in piece else "<br>")
            piece = piece.lstrip("\n")
            start = end - len(piece)
        if not piece:
            continue
        while begun < len(by_start) and records[by_start[begun]][0] <= start:
            active.append(by_start[begun])
            begun += 1
        active = [i for i in active if end <= records[i][1]]  # ends only grow: a record ended stays out
        covering = [records[i] for i in sorted(active)]  # in the records' order, as sorted() keeps ties
        escaped = html.escape(piece)
        for s, e, css, anchor, title in sorted(covering, key=lambda r: (r[1] - r[0]), reverse=True):
            ident = ""
            if anchor and anchor not in anchored and s == start:
                anchored.add(anchor)
                ident = f' id="{anchor}"'
            escaped = f'<span class="{css}"{ident} title="{html.escape(title)}">{escaped}</span>'
        out.append(escaped)
    out.append("</p>")
    return "".join(out)


def bar_chart(series: list[dict], a: str, b: str, interval: str, both_ways: bool) -> str:
    """Goldstein sum per period as SVG bars (up green, down red), event counts above, each bar a link."""
    if not series:
        return ""
    width, height, pad = 900, 320, 40
    n = len(series)
    slot = (width - 2 * pad) / max(n, 1)
    top = max(max(abs(s["goldstein_sum"] or 0) for s in series), 1.0)
    mid = height / 2
    scale = (height / 2 - pad) / top
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Goldstein per {interval}, {a}-{b}">',
             f'<line x1="{pad}" y1="{mid}" x2="{width - pad}" y2="{mid}" stroke="#888"/>',
             f'<text x="4" y="{pad - 8}" font-size="12">+{top:g}</text>',
             f'<text x="4" y="{height - pad + 18}" font-size="12">-{top:g}</text>']
    for i, s in enumerate(series):
        value = s["goldstein_sum"] or 0
        h = max(abs(value) * scale, 2)
        x = pad + i * slot + slot * 0.15
        y = mid - h if value >= 0 else mid
        colour = "#2e8b57" if value >= 0 else "#c0392b"
        period = s["period"].isoformat() if hasattr(s["period"], "isoformat") else str(s["period"])
        href = (f"/dyads/events?a={a}&amp;b={b}&amp;period={period}&amp;interval={interval}"
                f"{'&amp;both_ways=true' if both_ways else ''}")
        label = f"{period}: {s['events']} events, {s['reports']} reports, Goldstein {value:g}"
        parts.append(f'<a href="{href}" class="point" data-period="{period}"><title>{html.escape(label)}</title>'
                     f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{max(slot * 0.7, 2):.1f}" height="{h:.1f}" '
                     f'fill="{colour}"/>'
                     f'<text x="{x + slot * 0.35:.1f}" y="{(y - 4) if value >= 0 else (y + h + 12):.1f}" '
                     f'font-size="11" text-anchor="middle">{s["events"]}</text></a>')
        if n <= 24 or i % max(1, n // 12) == 0:
            parts.append(f'<text x="{x:.1f}" y="{height - 6}" font-size="10">{period}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _period_end(start: date, interval: str) -> date:
    if interval == "day":
        return start
    if interval == "week":
        return start + timedelta(days=6)
    if interval == "month":
        following = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return date(start.year, 12, 31)

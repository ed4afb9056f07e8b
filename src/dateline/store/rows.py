"""Extraction records to table rows and back: the same columns in DuckDB and in Parquet."""

from __future__ import annotations

from datetime import date, datetime

from ..model import (Actor, Article, Dateline, Event, Extraction, Failure, Forecast, Mention, Outcome,
                     Place, PlaceMention, Problem, Quote, Span, TimeExpr)
from ..nlp.timex import interval


def _start(span: Span | None) -> int | None:
    return None if span is None else span[0]


def _end(span: Span | None) -> int | None:
    return None if span is None else span[1]


def _span(start: int | None, end: int | None) -> Span | None:
    return None if start is None or end is None else (int(start), int(end))


def _days(value: str | None) -> tuple[date | None, date | None]:
    span = interval(value) if value else None
    return span if span else (None, None)


def extraction_rows(ex: Extraction, *, pipeline: str, now: datetime) -> dict[str, list[dict]]:
    """Every row one extraction adds, by table."""
    a, dl = ex.article, ex.dateline
    rows: dict[str, list[dict]] = {t: [] for t in ("articles", "actors", "mentions", "places", "times",
                                                     "quotes", "events", "forecasts", "problems")}
    rows["articles"].append({
        "id": a.id, "content_hash": a.hash,
        "published": date.fromisoformat(a.published) if a.published else None,
        "title": a.title, "url": a.url, "outlet": a.outlet, "source": a.source, "text": a.text,
        "dateline_text": dl.text if dl else None, "dateline_start": _start(dl.span) if dl else None,
        "dateline_end": _end(dl.span) if dl else None, "dateline_place": dl.place if dl else None,
        "ingested_at": now, "pipeline": pipeline,
    })
    for actor in ex.actors:
        first = actor.mentions[0].span if actor.mentions else None
        rows["actors"].append({
            "article_id": a.id, "id": actor.id, "name": actor.name, "kind": actor.kind,
            "country": actor.country, "roles": list(actor.roles), "sectors": list(actor.sectors),
            "former": actor.former, "code": actor.code, "span_start": _start(first), "span_end": _end(first),
            "code_from": actor.code_from})
        for seq, m in enumerate(actor.mentions):
            rows["mentions"].append({
                "article_id": a.id, "owner": "actor", "owner_id": actor.id, "seq": seq,
                "span_start": m.span[0], "span_end": m.span[1], "text": m.text, "type": m.type,
                "metonymic": None})
    for place in ex.places:
        first = place.mentions[0].span if place.mentions else None
        rows["places"].append({
            "article_id": a.id, "id": place.id, "name": place.name, "geonameid": place.geonameid,
            "country": place.country, "lat": place.lat, "lon": place.lon, "feature": place.feature,
            "span_start": _start(first), "span_end": _end(first)})
        for seq, m in enumerate(place.mentions):
            rows["mentions"].append({
                "article_id": a.id, "owner": "place", "owner_id": place.id, "seq": seq,
                "span_start": m.span[0], "span_end": m.span[1], "text": m.text, "type": None,
                "metonymic": m.metonymic})
    for t in ex.times:
        rows["times"].append({"article_id": a.id, "id": t.id, "span_start": t.span[0], "span_end": t.span[1],
                              "text": t.text, "type": t.type, "value": t.value, "mod": t.mod})
    for q in ex.quotes:
        rows["quotes"].append({
            "article_id": a.id, "id": q.id, "speaker": q.speaker, "speaker_start": _start(q.speaker_span),
            "speaker_end": _end(q.speaker_span), "cue": q.cue, "cue_start": _start(q.cue_span),
            "cue_end": _end(q.cue_span), "content_start": q.content_span[0], "content_end": q.content_span[1],
            "kind": q.kind, "medium": q.medium, "audience": q.audience})
    for e in ex.events:
        rows["events"].append({
            "article_id": a.id, "id": e.id, "source": e.source, "target": e.target, "cameo": e.cameo,
            "plover": e.plover, "plover_mode": e.plover_mode, "quad_class": e.quad_class,
            "goldstein": e.goldstein, "date": e.date, "date_precision": e.date_precision,
            "date_from": e.date_from, "place": e.place, "mode": e.mode, "quote": e.quote,
            "trigger_start": e.trigger_span[0], "trigger_end": e.trigger_span[1],
            "sentence_start": e.sentence_span[0], "sentence_end": e.sentence_span[1],
            "date_bound": e.date_bound, "cluster": e.cluster, "cluster_id": None,
            "date_start": _days(e.date)[0], "date_end": _days(e.date)[1]})
    for f in ex.forecasts:
        rows["forecasts"].append({
            "article_id": a.id, "id": f.id, "forecaster": f.forecaster, "quote": f.quote,
            "claim_start": f.claim_span[0], "claim_end": f.claim_span[1],
            "outcome_cameo": f.outcome.cameo, "outcome_source": f.outcome.source,
            "outcome_target": f.outcome.target, "outcome_happens": f.outcome.happens,
            "condition_start": _start(f.condition_span), "condition_end": _end(f.condition_span),
            "made_on": f.made_on, "by": f.by, "confidence": f.confidence})
    for seq, p in enumerate(ex.errors):
        rows["problems"].append({"article_id": a.id, "seq": seq, "code": p.code, "message": p.message,
                                 "stage": p.stage})
    return rows


def failure_row(f: Failure, *, now: datetime) -> dict:
    return {"time": now, "source": f.source, "code": f.code, "reason": f.reason, "article_id": f.article_id}


def extraction_from_rows(rows: dict[str, list[dict]]) -> Extraction:
    """Rebuild one article's Extraction from its rows (each list in id order)."""
    art = rows["articles"][0]
    published = art["published"]
    article = Article(id=art["id"], text=art["text"],
                      published=published.isoformat() if published else None, title=art["title"],
                      url=art["url"], outlet=art["outlet"], source=art["source"])
    dateline = None
    if art["dateline_text"] is not None:
        dateline = Dateline(text=art["dateline_text"],
                            span=_span(art["dateline_start"], art["dateline_end"]),
                            place=art["dateline_place"])
    mentions: dict[tuple[str, str], list[dict]] = {}
    for m in sorted(rows["mentions"], key=lambda m: m["seq"]):
        mentions.setdefault((m["owner"], m["owner_id"]), []).append(m)
    actors = [Actor(id=r["id"], name=r["name"], kind=r["kind"], country=r["country"],
                    roles=list(r["roles"] or []), sectors=list(r["sectors"] or []), former=bool(r["former"]),
                    code=r["code"], code_from=r["code_from"],
                    mentions=[Mention(span=(m["span_start"], m["span_end"]), text=m["text"], type=m["type"])
                              for m in mentions.get(("actor", r["id"]), [])])
              for r in rows["actors"]]
    places = [Place(id=r["id"], name=r["name"], geonameid=r["geonameid"], country=r["country"],
                    lat=r["lat"], lon=r["lon"], feature=r["feature"],
                    mentions=[PlaceMention(span=(m["span_start"], m["span_end"]), text=m["text"],
                                           metonymic=bool(m["metonymic"]))
                              for m in mentions.get(("place", r["id"]), [])])
              for r in rows["places"]]
    times = [TimeExpr(id=r["id"], span=(r["span_start"], r["span_end"]), text=r["text"], type=r["type"],
                      value=r["value"], mod=r["mod"]) for r in rows["times"]]
    quotes = [Quote(id=r["id"], speaker=r["speaker"], speaker_span=_span(r["speaker_start"], r["speaker_end"]),
                    cue=r["cue"], cue_span=_span(r["cue_start"], r["cue_end"]),
                    content_span=(r["content_start"], r["content_end"]), kind=r["kind"], medium=r["medium"],
                    audience=r["audience"])
              for r in rows["quotes"]]
    events = [Event(id=r["id"], source=r["source"], target=r["target"], cameo=r["cameo"], plover=r["plover"],
                    plover_mode=r["plover_mode"], quad_class=r["quad_class"], goldstein=r["goldstein"],
                    date=r["date"], date_precision=r["date_precision"], date_from=r["date_from"],
                    place=r["place"], mode=r["mode"], quote=r["quote"],
                    trigger_span=(r["trigger_start"], r["trigger_end"]),
                    sentence_span=(r["sentence_start"], r["sentence_end"]), date_bound=r["date_bound"],
                    cluster=r["cluster"])
              for r in rows["events"]]
    forecasts = [Forecast(id=r["id"], forecaster=r["forecaster"], quote=r["quote"],
                          claim_span=(r["claim_start"], r["claim_end"]),
                          outcome=Outcome(cameo=r["outcome_cameo"], source=r["outcome_source"],
                                          target=r["outcome_target"], happens=bool(r["outcome_happens"])),
                          condition_span=_span(r["condition_start"], r["condition_end"]),
                          made_on=r["made_on"], by=r["by"], confidence=r["confidence"])
                 for r in rows["forecasts"]]
    problems = [Problem(code=r["code"], message=r["message"], stage=r["stage"])
                for r in sorted(rows["problems"], key=lambda r: r["seq"])]
    return Extraction(article=article, dateline=dateline, actors=actors, places=places, times=times,
                      quotes=quotes, events=events, forecasts=forecasts, errors=problems)

"""Actor country and role agreement on hand-labelled corpus mentions.

    python benchmarks/actor_codes.py [--errors]

tests/data/actor_mentions.jsonl holds 337 actor mentions of 60 corpus articles (ids and
offsets, no texts; data card tests/data/actor_mentions.md), each with the country and roles a
labeller gave it without seeing dateline's output.  The texts come from ../shared/corpus.
A mention is found when an actor's mention overlaps it (the actor with the largest overlap
is the one compared, as in `score.py actors`).  Figures:

- found: share of labelled mentions some actor covers;
- country: the actor's country equals the label ("" = the actor has no country; PLOVER's UNO
  and EUR count as the labels' IGO), over all
  labelled mentions (a missed mention counts as wrong) and over found ones;
- roles: the actor's roles share one with the label ([] = it has none);
- code: country and roles both agree.

tests/test_actor_codes.py asserts floors on the same figures.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "data" / "actor_mentions.jsonl"
CORPUS = ROOT.parent / "shared" / "corpus"


def load(labels: Path = LABELS, corpus: Path = CORPUS) -> tuple[list[dict], dict[str, dict]]:
    rows = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    wanted = {(r["corpus"], r["article"]) for r in rows}
    articles: dict[str, dict] = {}
    for name in sorted({c for c, _ in wanted}):
        with (corpus / f"{name}.jsonl").open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                if (name, record["id"]) in wanted:
                    articles[record["id"]] = record
    return rows, articles


# PLOVER's own codes for the UN and the EU are intergovernmental bodies, which the labels call IGO
_IGO = {"UNO": "IGO", "EUR": "IGO"}


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _best_actor(actors, span: tuple[int, int]):
    best, best_overlap = None, 0
    for actor in actors:
        for mention in actor.mentions:
            ov = _overlap(tuple(mention.span), span)
            if ov > best_overlap:
                best, best_overlap = actor, ov
    return best


def measure(actors_of, rows: list[dict]) -> dict:
    """`actors_of(article_id)` -> that article's Actor records; returns counts and shares."""
    n = found = country = roles = code = 0
    misses: list[tuple[dict, object]] = []
    for r in rows:
        n += 1
        actor = _best_actor(actors_of(r["article"]), (r["start"], r["end"]))
        if actor is None:
            misses.append((r, None))
            continue
        found += 1
        country_ok = _IGO.get(actor.country or "", actor.country or "") == r["country"]
        wanted = set(r["roles"])
        roles_ok = bool(set(actor.roles) & wanted) if wanted else not actor.roles
        country += country_ok
        roles += roles_ok
        code += country_ok and roles_ok
        if not (country_ok and roles_ok):
            misses.append((r, actor))
    return {"mentions": n, "found": found / n, "country": country / n, "country_found": country / max(1, found),
            "roles": roles / n, "roles_found": roles / max(1, found), "code": code / n,
            "misses": misses}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", action="store_true", help="list the mentions coded wrongly or missed")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from dateline.model import Article, Extraction
    from dateline.nlp.extract import Extractor
    from dateline.settings import Settings

    extractor = Extractor(Settings.from_env(check_language=False))
    rows, articles = load()
    ordered = sorted(articles)
    results = extractor.extract_many(Article(id=a, text=articles[a]["text"], published=articles[a].get("published"))
                                     for a in ordered)
    actors = {}
    for aid, result in zip(ordered, results):
        actors[aid] = result.actors if isinstance(result, Extraction) else []
    figures = measure(lambda aid: actors[aid], rows)
    if args.errors:
        for r, actor in figures["misses"]:
            text = articles[r["article"]]["text"][r["start"]:r["end"]]
            got = "(not found)" if actor is None else f"{actor.country or '-'} {','.join(actor.roles) or '-'} [{actor.name}]"
            print(f"{r['article'][:22]:22} {text[:36]:36} gold {r['country'] or '-'} {','.join(r['roles']) or '-':8} got {got}")
    misses = figures.pop("misses")
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()}))
    print(f"{len(misses)} mentions missed or coded wrongly", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

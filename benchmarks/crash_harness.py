"""Crash safety of ingest: SIGKILL it at random points, rerun it, check the store.

    python benchmarks/crash_harness.py --articles 2000 --trials 20          # ../shared/corpus/allsides.jsonl
    python benchmarks/crash_harness.py --corpus FILE.jsonl --articles 500 --trials 5
    python benchmarks/crash_harness.py --generate 300 --trials 3            # made-up articles, no corpus needed
    python benchmarks/crash_harness.py --real --articles 40 --trials 3      # the real `dateline ingest` and model

Each trial starts a fresh DuckDB store and runs ingest over the same input; 1 to 3 times it is
killed with SIGKILL at a random moment of its run, and after each kill the store must open
cleanly and hold no half-stored article (every stored article has all of its rows in every
table, none has a row without its article, event clusters count the reports they have).  Then
ingest is rerun to the end: every article must be stored exactly once.  The figures are
printed (and with --json, one JSON object): trials, kills, lost, duplicated, half-stored.

By default the child process runs the library's real ingest (`dateline.jobs.ingest`: readers,
triage, batches, the DuckDB write path, the actor registry, clusters) with a cheap, deterministic
extraction in place of the NLP stages, so that a run of 2,000 articles takes seconds and the kills
land in the write path rather than in spaCy.  `--real` runs the `dateline ingest` command itself
with the real pipeline (slow: keep --articles small); the expected rows then come from one
`dateline extract` run over the same input.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
CORPUS = ROOT.parent / "shared" / "corpus" / "allsides.jsonl"

# -- the cheap extraction ------------------------------------------------------------------------

_NAME = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)+\b")
_PLACE = re.compile(r"\b(?:in|to|from) ([A-Z][a-z]{3,})\b")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_QUOTE = re.compile(r"[\"“]([^\"”\n]{1,400})[\"”]")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_CODES = ["USAGOV", "IRQGOV", "IRNMIL", "RUSGOV", "CHNGOV", "USAMIL", None, None]


def cheap_extraction(article):
    """A deterministic Extraction with every kind of record, from regular expressions alone."""
    from dateline.model import (Actor, Event, Extraction, Forecast, Mention, Outcome, Place, PlaceMention, Quote,
                                TimeExpr)

    text, day = article.text, article.published
    names: dict[str, list[tuple[int, int]]] = {}
    for m in _NAME.finditer(text):
        names.setdefault(m.group(), []).append(m.span())
    actors, owner = [], {}
    for i, (name, spans) in enumerate(list(names.items())[:150], start=1):
        code = _CODES[int(hashlib.sha1(name.encode()).hexdigest(), 16) % len(_CODES)]
        actors.append(Actor(id=f"A{i}", name=name, kind="person", country=code[:3] if code else None,
                            roles=[code[3:]] if code else [], code=code, code_from="text" if code else None,
                            mentions=[Mention(span=s, text=text[s[0]:s[1]]) for s in spans[:40]]))
        for s in spans[:40]:
            owner[s] = f"A{i}"
    places: dict[str, list[tuple[int, int]]] = {}
    for m in _PLACE.finditer(text):
        places.setdefault(m.group(1), []).append(m.span(1))
    place_records = [Place(id=f"P{i}", name=name, mentions=[PlaceMention(span=s, text=text[s[0]:s[1]])
                                                            for s in spans[:20]])
                     for i, (name, spans) in enumerate(list(places.items())[:60], start=1)]
    times = [TimeExpr(id=f"T{i}", span=m.span(), text=m.group(), type="DATE", value=m.group())
             for i, m in enumerate(list(_YEAR.finditer(text))[:60], start=1)]
    quotes = [Quote(id=f"Q{i}", speaker=None, speaker_span=None, cue=None, cue_span=None, content_span=m.span(1),
                    kind="direct") for i, m in enumerate(list(_QUOTE.finditer(text))[:60], start=1)]
    events = []
    for s in _SENTENCE.finditer(text):
        inside = sorted({a for span, a in owner.items() if s.start() <= span[0] and span[1] <= s.end()})
        if len(inside) >= 2 and len(events) < 80:
            word = re.match(r"\s*\S+", s.group())
            events.append(Event(id=f"E{len(events) + 1}", source=inside[0], target=inside[1], cameo="040",
                                plover="CONSULT", plover_mode=None, quad_class=1, goldstein=1.0, date=day,
                                date_precision="day" if day else None, date_from="published" if day else None,
                                place=None, mode="asserted", quote=None,
                                trigger_span=(s.start(), s.start() + word.end()), sentence_span=s.span()))
    forecasts = [Forecast(id=f"F{n}", forecaster=None, quote=q.id, claim_span=q.content_span,
                          outcome=Outcome(cameo=None, source=None, target=None, happens=True), condition_span=None,
                          made_on=day, by=None, confidence=0.8)
                 for n, q in enumerate((q for q in quotes if " will " in text[slice(*q.content_span)]), start=1)]
    return Extraction(article=article, actors=actors, places=place_records, times=times, quotes=quotes,
                      events=events, forecasts=forecasts)


class CheapExtractor:
    """Stands in for `dateline.nlp.extract.Extractor` in the child: same calls, cheap_extraction inside."""

    calls = 0

    def __init__(self, settings):
        self.settings = settings

    def extract(self, article):
        return next(iter(self.extract_many([article])))

    def extract_many(self, articles):
        for article in articles:
            CheapExtractor.calls += 1
            yield cheap_extraction(article)


def _no_check(model: str) -> None:
    """The cheap extraction loads no model, so none needs to be installed."""


def _child(args: argparse.Namespace) -> int:
    """Run the library's ingest with the cheap extraction (the process the harness kills)."""
    from dateline import jobs
    from dateline.nlp import extract, pipeline
    from dateline.settings import Settings

    # wherever the runner looks them up: the cheap extraction in place of the pipeline, and no check
    # that a spaCy model is installed (it is never loaded)
    swaps = {id(extract.Extractor): ("Extractor", CheapExtractor), id(pipeline.check_model): ("check_model", _no_check)}
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("dateline"):
            for name, stand_in in swaps.values():
                if id(getattr(module, name, None)) in swaps:
                    setattr(module, name, stand_in)
    settings = Settings.from_env(environ={}, check_language=False)
    print("ready", flush=True)
    done = [0]

    def progress(n: int) -> None:  # after each batch is written: the harness aims its kills by these
        done[0] += n
        print(f"progress {done[0]}", flush=True)

    summary = jobs.ingest([args.input], db=args.db, settings=settings, workers=1, on_progress=progress)
    if summary.articles and not CheapExtractor.calls:
        print("the harness could not put its extractor in place: the runner no longer looks up "
              "`Extractor` in a dateline module", file=sys.stderr)
        return 3
    print(f"done {summary.articles} {summary.skipped} {summary.failed}", flush=True)
    return 0


# -- inputs and what the store must hold ---------------------------------------------------------

_FIRST = ["Robert", "Maria", "Ali", "Chen", "Olga", "James", "Fatima", "Pedro", "Aiko", "Kwame"]
_LAST = ["Hassan", "Smith", "Petrova", "Garcia", "Okafor", "Tanaka", "Ivanov", "Moreau", "Khan", "Lopez"]
_CITIES = ["Baghdad", "Tehran", "Washington", "Moscow", "Beijing", "Nairobi", "Geneva", "Kabul", "Lima", "Doha"]


def generate(n: int, seed: int = 1) -> list[str]:
    """`n` made-up articles as JSON lines, plus a repeated text under another id and a broken line."""
    rng = random.Random(seed)
    lines = []
    for i in range(n):
        people = [f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" for _ in range(rng.randint(2, 6))]
        sentences = []
        for _ in range(rng.randint(3, 25)):
            a, b = rng.sample(people, 2)
            sentences.append(rng.choice([
                f"{a} met {b} in {rng.choice(_CITIES)} in {rng.randint(1990, 2024)}.",
                f"\"We will keep talking,\" {a} said after meeting {b}.",
                f"{a} said {b} had travelled to {rng.choice(_CITIES)}.",
                f"Talks between {a} and {b} resumed on Monday."]))
        lines.append(json.dumps({"id": f"gen-{i}", "published": f"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}-1"
                                 f"{rng.randint(0, 9)}", "text": " ".join(sentences)}))
    if n >= 3:
        lines.insert(n // 2, json.dumps({"id": "gen-copy", "text": json.loads(lines[1])["text"]}))
        lines.insert(n // 3, '{"id": "broken", "text": ')
    return lines


@dataclass
class Check:
    opened: bool = True
    stored: int = 0
    missing: list[str] = field(default_factory=list)  # expected articles not stored
    duplicated: list[str] = field(default_factory=list)  # stored more than once, or rows more than once
    half: list[str] = field(default_factory=list)  # stored without all of their rows
    orphans: list[str] = field(default_factory=list)  # rows whose article is not stored
    clusters: list[str] = field(default_factory=list)  # clusters whose report count is not their events
    error: str | None = None

    def consistent(self) -> bool:
        return self.opened and not (self.duplicated or self.half or self.orphans or self.clusters)


def expected_rows(input_path: str, extractions=None) -> dict[str, dict[str, int]]:
    """Article id -> table -> rows, for every article an ingest of `input_path` must store."""
    from dateline.model import Article, Extraction
    from dateline.read import read_inputs
    from dateline.store.rows import extraction_rows

    if extractions is None:
        extractions = [cheap_extraction(item) for item in read_inputs([input_path], max_bytes=1_000_000)
                       if isinstance(item, Article)]
    out: dict[str, dict[str, int]] = {}
    seen_hash: set[str] = set()
    for ex in extractions:  # the store keeps the first article of each text, and of each id
        ex = ex if isinstance(ex, Extraction) else Extraction.from_dict(ex)
        if ex.article.hash in seen_hash or ex.article.id in out:
            continue
        seen_hash.add(ex.article.hash)
        rows = extraction_rows(ex, pipeline="", now=None)
        out[ex.article.id] = {t: len(r) for t, r in rows.items()}
    return out


def check(db: str, expected: dict[str, dict[str, int]], *, complete: bool) -> Check:
    """Open the store as ingest would and compare it with what it must hold."""
    import duckdb

    from dateline.store import Store
    from dateline.store.schema import ARTICLE_TABLES, TABLES

    result = Check()
    try:
        store = Store.open(db)  # replays DuckDB's write-ahead log, as the rerun will
    except Exception as exc:  # the figure this harness exists to find: reported, never raised past
        result.opened, result.error = False, f"{type(exc).__name__}: {exc}"
        return result
    with store:
        con = store.con
        try:
            for table in TABLES:  # every block of every table reads back (DuckDB checks its checksums)
                con.sql(f"SELECT * FROM {table}").to_arrow_table()
        except duckdb.Error as exc:
            result.opened, result.error = False, f"{type(exc).__name__}: {exc}"
            return result
        ids = [r[0] for r in con.execute("SELECT id FROM articles").fetchall()]
        stored = set(ids)
        result.stored = len(stored)
        result.duplicated += sorted({i for i in ids if ids.count(i) > 1}) if len(ids) != len(stored) else []
        result.duplicated += sorted(stored - set(expected))  # e.g. a repeated text stored under its 2nd id
        if complete:
            result.missing = sorted(set(expected) - stored)
        counts: dict[str, dict[str, int]] = {}
        for table in ARTICLE_TABLES:
            if table == "articles":
                continue
            for article_id, n in con.execute(f"SELECT article_id, count(*) FROM {table} GROUP BY 1").fetchall():
                counts.setdefault(article_id, {})[table] = n
        for article_id, tables in counts.items():
            if article_id not in stored:
                result.orphans.append(article_id)
        for article_id in stored & set(expected):
            want = {t: n for t, n in expected[article_id].items() if n and t != "articles"}
            got = counts.get(article_id, {})
            if got != want:
                more = any(got.get(t, 0) > n for t, n in want.items()) or set(got) - set(want)
                (result.duplicated if more else result.half).append(article_id)
        result.clusters = [r[0] for r in con.execute(
            "SELECT c.id FROM clusters c LEFT JOIN events e ON e.cluster_id = c.id "
            "GROUP BY c.id, c.reports HAVING c.reports <> count(e.id)").fetchall()]
    return result


# -- running and killing ingest -----------------------------------------------------------------

def _command(input_path: str, db: str, real: bool) -> list[str]:
    if real:
        return [sys.executable, "-m", "dateline.cli", "ingest", input_path, "--db", db, "--workers", "1", "-q"]
    return [sys.executable, str(Path(__file__).resolve()), "child", "--input", input_path, "--db", db]


def run_ingest(input_path: str, db: str, *, real: bool, kill_at: tuple[int, float] | float | None = None
               ) -> tuple[bool, float]:
    """Run ingest to the end, or SIGKILL it.  `kill_at` is (articles, fraction) for the cheap child:
    once that many articles are processed, wait `fraction` of one batch's time and kill (so kills
    fall anywhere in a batch's extraction and write, whatever the machine's speed); for --real it is
    seconds after the start.  Returns (killed before it finished, seconds it ran)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATELINE_")}
    env["PYTHONPATH"] = str(ROOT / "src")
    proc = subprocess.Popen(_command(input_path, db, real), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, text=True)
    started = time.monotonic()
    if kill_at is not None and real:
        try:
            proc.wait(timeout=kill_at)
        except subprocess.TimeoutExpired:
            return _kill(proc), time.monotonic() - started
    elif kill_at is not None:
        target, fraction = kill_at
        last, gaps = started, []
        for line in proc.stdout:
            now = time.monotonic()
            if line.startswith("progress"):
                gaps.append(now - last)
                last = now
                if int(line.split()[1]) >= target:
                    time.sleep(fraction * (sum(gaps[-5:]) / len(gaps[-5:])))
                    if proc.poll() is None:
                        return _kill(proc), time.monotonic() - started
                    break
            elif line.strip() == "ready":
                last = now
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"ingest failed ({proc.returncode}): {err[-2000:]}")
    return False, time.monotonic() - started


def _kill(proc: subprocess.Popen) -> bool:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    proc.stderr.close()
    return True


def _real_expected(input_path: str, folder: Path) -> dict[str, dict[str, int]]:
    out = folder / "reference.jsonl"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATELINE_")}
    env["PYTHONPATH"] = str(ROOT / "src")
    proc = subprocess.run([sys.executable, "-m", "dateline.cli", "extract", input_path, "-o", str(out),
                           "--workers", "1", "-q"], env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    objs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    return expected_rows(input_path, extractions=objs)


def prepare(folder: Path, *, corpus: Path | None, articles: int, generated: int | None) -> Path:
    path = folder / "input.jsonl"
    if generated is not None:
        lines = generate(generated)
    else:
        lines = []
        with open(corpus, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    lines.append(line.rstrip("\n"))
                if len(lines) >= articles:
                    break
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def harness(*, corpus: Path | None = CORPUS, articles: int = 2000, trials: int = 20, generated: int | None = None,
            real: bool = False, seed: int = 1, folder: Path | None = None, max_kills: int = 3,
            log=print) -> dict:
    """Run the trials; returns the figures (and the first problems found, if any)."""
    rng = random.Random(seed)
    own = folder is None
    folder = Path(tempfile.mkdtemp(prefix="crash-")) if own else folder
    input_path = str(prepare(folder, corpus=corpus, articles=articles, generated=generated))
    expected = _real_expected(input_path, folder) if real else expected_rows(input_path)
    # a full run first: that it stores everything right, and (for --real) how long it takes
    baseline = str(folder / "baseline.duckdb")
    _, full = run_ingest(input_path, baseline, real=real)
    first = check(baseline, expected, complete=True)
    figures = {"articles": len(expected), "trials": 0, "kills": 0, "kills_missed": 0, "full_run_s": round(full, 2),
               "lost": len(first.missing), "duplicated": len(first.duplicated), "half_stored": len(first.half),
               "orphans": len(first.orphans), "bad_clusters": len(first.clusters), "unopenable": 0,
               "problems": [] if first.consistent() and not first.missing else [{"trial": 0, **asdict(first)}]}
    log(f"{len(expected)} articles, a full ingest takes {full:.1f} s")
    for trial in range(1, trials + 1):
        db = str(folder / f"trial-{trial}.duckdb")
        for _ in range(rng.randint(1, max_kills)):
            aim = rng.uniform(0.0, full) if real else (rng.randrange(0, len(expected)), rng.random())
            killed, ran = run_ingest(input_path, db, real=real, kill_at=aim)
            figures["kills"] += killed
            figures["kills_missed"] += not killed
            after = check(db, expected, complete=False)
            figures["unopenable"] += not after.opened
            figures["half_stored"] += len(after.half)
            figures["duplicated"] += len(after.duplicated)
            figures["orphans"] += len(after.orphans)
            figures["bad_clusters"] += len(after.clusters)
            if not after.consistent():
                figures["problems"].append({"trial": trial, "after": "kill", **asdict(after)})
            log(f"trial {trial}: {'killed' if killed else 'finished'} after {ran:.2f} s, "
                f"{after.stored} stored, {'consistent' if after.consistent() else 'INCONSISTENT'}")
        run_ingest(input_path, db, real=real)
        final = check(db, expected, complete=True)
        figures["trials"] += 1
        figures["lost"] += len(final.missing)
        figures["duplicated"] += len(final.duplicated)
        figures["half_stored"] += len(final.half)
        figures["orphans"] += len(final.orphans)
        figures["bad_clusters"] += len(final.clusters)
        figures["unopenable"] += not final.opened
        if not final.consistent() or final.missing:
            figures["problems"].append({"trial": trial, "after": "rerun", **asdict(final)})
        log(f"trial {trial}: rerun done, {final.stored} of {len(expected)} stored, "
            f"lost {len(final.missing)}, duplicated {len(final.duplicated)}, half-stored {len(final.half)}")
        os.remove(db)
    figures["problems"] = figures["problems"][:5]
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command")
    child = sub.add_parser("child", help="(internal) the ingest process the harness kills")
    child.add_argument("--input", required=True)
    child.add_argument("--db", required=True)
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="JSON Lines articles (default: allsides)")
    parser.add_argument("--articles", type=int, default=2000, help="first N articles of the corpus")
    parser.add_argument("--generate", type=int, default=None, metavar="N", help="N made-up articles instead")
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--max-kills", type=int, default=3, help="kills per trial before the final rerun (1..N)")
    parser.add_argument("--real", action="store_true", help="the real `dateline ingest` and spaCy model")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    if args.command == "child":
        return _child(args)
    if args.generate is None and not args.corpus.exists():
        parser.error(f"{args.corpus} does not exist (give --corpus or --generate N)")
    started = time.monotonic()
    figures = harness(corpus=args.corpus, articles=args.articles, trials=args.trials, generated=args.generate,
                      real=args.real, seed=args.seed, max_kills=args.max_kills,
                      log=(lambda *a: print(*a, file=sys.stderr)) if args.json else print)
    figures["seconds"] = round(time.monotonic() - started, 1)
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"\ntrials {figures['trials']}, kills {figures['kills']} (runs that finished first: "
              f"{figures['kills_missed']}), articles {figures['articles']}: lost {figures['lost']}, "
              f"duplicated {figures['duplicated']}, half-stored {figures['half_stored']}, orphans "
              f"{figures['orphans']}, bad clusters {figures['bad_clusters']}, stores that would not open "
              f"{figures['unopenable']} ({figures['seconds']} s)")
        for problem in figures["problems"]:
            print("problem:", json.dumps(problem, default=str)[:2000])
    bad = figures["lost"] + figures["duplicated"] + figures["half_stored"] + figures["orphans"] \
        + figures["bad_clusters"] + figures["unopenable"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

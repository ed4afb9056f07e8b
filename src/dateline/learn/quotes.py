"""Train and measure the attribution-cue model of the quotes stage.

    dateline train quotes --data ../shared/eval/data/quotes.jsonl

Data: PolNeAR articles as the evaluation kit ships them (`{id, set, text, gold: {quotes:
[{speaker_span, cue_span, content_span}]}}`).  A candidate word is a positive example when
it is the syntactic head of a gold cue span.  Parsed documents are cached under the user's
cache directory so that retraining does not re-parse.  After training, the whole quotes
stage is measured on the dev split with the evaluation kit's definitions (exact and overlap
F1 of contents, exact F1 of distinct speaker and cue spans).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import Code, UsageError
from ..model import Span
from ..nlp import quotecues, quotemarks, quotes
from .perceptron import Perceptron

TRAIN_SETS = ("polnear-train",)
DEV_SETS = ("polnear-dev",)


@dataclass(slots=True)
class GoldArticle:
    id: str
    set: str
    text: str
    quotes: list[dict]


def read_gold(path: Path, sets: Iterable[str]) -> list[GoldArticle]:
    wanted = set(sets)
    if not path.is_file():
        raise UsageError(Code.NO_TRAINING_DATA, detail=f"{path} is not a file")
    articles = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record.get("set") in wanted:
                articles.append(GoldArticle(record["id"], record["set"], record["text"], record["gold"]["quotes"]))
    if not articles:
        raise UsageError(Code.NO_TRAINING_DATA, detail=f"{path} has no lines of set {', '.join(sorted(wanted))}")
    return articles


def parse(nlp, articles: Sequence[GoldArticle], cache_dir: Path | None = None) -> list:
    """spaCy Docs of the articles, from a DocBin cache keyed by the texts and the pipeline."""
    from spacy.tokens import DocBin

    key = hashlib.sha1()
    key.update(f"{nlp.meta.get('name')}-{nlp.meta.get('version')}".encode())
    for article in articles:
        key.update(article.text.encode("utf-8"))
    cache = (cache_dir or _cache_dir()) / f"parsed-{key.hexdigest()[:16]}.spacy"
    if cache.is_file():
        return list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    docs = list(nlp.pipe([a.text for a in articles], batch_size=16))
    cache.parent.mkdir(parents=True, exist_ok=True)
    bin_ = DocBin(attrs=["ORTH", "TAG", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "LEMMA", "POS", "MORPH",
                         "SENT_START"])
    for doc in docs:
        bin_.add(doc)
    bin_.to_disk(cache)
    return docs


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dateline" / "train"


def cue_examples(doc, gold: list[dict]) -> list[tuple[list[str], bool]]:
    heads = set()
    for quote in gold:
        if quote.get("cue_span"):
            span = doc.char_span(*quote["cue_span"], alignment_mode="expand")
            if span is not None:
                heads.add(span.root.i)
    index = quotecues.QuoteIndex(quotemarks.quotations(doc.text))
    return [(quotecues.features(tok, index), tok.i in heads) for tok in doc if quotecues.is_candidate(tok)]


def train_cues(docs: Sequence, articles: Sequence[GoldArticle], *, epochs: int = 12) -> Perceptron:
    examples = []
    for doc, article in zip(docs, articles):
        examples.extend(cue_examples(doc, article.quotes))
    model = Perceptron.train(examples, epochs=epochs)
    positives = sum(label for _, label in examples)
    model.meta = {"examples": len(examples), "positives": positives, "epochs": epochs,
                  "features": len(model.weights)}
    return model


def evaluate(docs: Sequence, articles: Sequence[GoldArticle], model: Perceptron,
             threshold: float = quotes.THRESHOLD) -> dict[str, float]:
    """The evaluation kit's quote figures for the quotes stage on these articles."""
    c = dict.fromkeys(("gold", "pred", "exact", "overlap", "spk_gold", "spk_pred", "spk_exact",
                       "cue_gold", "cue_pred", "cue_exact", "spk_ok", "spk_den"), 0)
    for doc, article in zip(docs, articles):
        found = quotes.find_attributions(doc, article.text, model, threshold)
        gold_content = [tuple(q["content_span"]) for q in article.quotes]
        pred_content = [a.content_span for a in found]
        gold_speakers = {tuple(q["speaker_span"]) for q in article.quotes if q.get("speaker_span")}
        gold_cues = {tuple(q["cue_span"]) for q in article.quotes if q.get("cue_span")}
        pred_speakers = {a.source_span for a in found if a.source_span}
        pred_cues = {a.cue_span for a in found if a.cue_span}
        c["gold"] += len(gold_content)
        c["pred"] += len(pred_content)
        c["exact"] += _exact(gold_content, pred_content)
        matched = _overlap(gold_content, pred_content)
        c["overlap"] += len(matched)
        for gi, pi in matched.items():
            gold_speaker = article.quotes[gi].get("speaker_span")
            if gold_speaker:
                c["spk_den"] += 1
                source = found[pi].source_span
                if found[pi].continues is not None:
                    source = found[found[pi].continues].source_span
                c["spk_ok"] += bool(source and min(source[1], gold_speaker[1]) > max(source[0], gold_speaker[0]))
        c["spk_gold"] += len(gold_speakers)
        c["spk_pred"] += len(pred_speakers)
        c["spk_exact"] += len(gold_speakers & pred_speakers)
        c["cue_gold"] += len(gold_cues)
        c["cue_pred"] += len(pred_cues)
        c["cue_exact"] += len(gold_cues & pred_cues)
    return {"content_exact_f1": _f1(c["exact"], c["pred"], c["gold"]),
            "content_overlap_f1": _f1(c["overlap"], c["pred"], c["gold"]),
            "speaker_exact_f1": _f1(c["spk_exact"], c["spk_pred"], c["spk_gold"]),
            "cue_exact_f1": _f1(c["cue_exact"], c["cue_pred"], c["cue_gold"]),
            "speaker_acc": c["spk_ok"] / c["spk_den"] if c["spk_den"] else 0.0,
            "gold": c["gold"], "pred": c["pred"]}


def _exact(gold: list[Span], pred: list[Span]) -> int:
    free = list(pred)
    hits = 0
    for span in gold:
        if span in free:
            free.remove(span)
            hits += 1
    return hits


def _overlap(gold: list[Span], pred: list[Span]) -> dict[int, int]:
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            shared = min(g[1], p[1]) - max(g[0], p[0])
            if shared > 0:
                pairs.append((-shared / (max(g[1], p[1]) - min(g[0], p[0])), -shared, gi, pi))
    pairs.sort()
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, _, gi, pi in pairs:
        if gi not in matched and pi not in used:
            matched[gi] = pi
            used.add(pi)
    return matched


def _f1(hits: int, predicted: int, gold: int) -> float:
    p = hits / predicted if predicted else 0.0
    r = hits / gold if gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def train(data: Path, out: Path | None = None, *, pipeline: str, epochs: int = 12) -> dict:
    """Parse, train on the train split, measure on dev, save; returns the model's meta."""
    from ..nlp.pipeline import load_pipeline

    nlp = load_pipeline(pipeline)
    train_articles = read_gold(data, TRAIN_SETS)
    dev_articles = read_gold(data, DEV_SETS)
    train_docs = parse(nlp, train_articles)
    dev_docs = parse(nlp, dev_articles)
    model = train_cues(train_docs, train_articles, epochs=epochs)
    model.meta["pipeline"] = pipeline
    model.meta["train_articles"] = len(train_articles)
    model.meta["dev"] = {k: round(v, 4) if isinstance(v, float) else v
                         for k, v in evaluate(dev_docs, dev_articles, model).items()}
    target = out or quotecues.MODEL_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    model.save(target)
    model.meta["path"] = str(target)
    return model.meta


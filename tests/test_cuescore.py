"""quotecues.score_word gives exactly the perceptron's score of the word's feature strings."""

from __future__ import annotations

import random
from pathlib import Path

from dateline.learn.perceptron import Perceptron
from dateline.nlp import quotecues, quotemarks
from dateline.nlp.quotecues import cue_weights, score_word
from dateline.nlp.parseview import parse_view

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

ODD = ("“We will not,” he said: the talks — he told reporters — are over, according to aides. "
       "She argued, citing a|b memo, that x=y; they warned him, and Iran's envoy said so. "
       "Reports say that officials who spoke said they believe it.")


def _candidates(extractor):
    texts = [ODD] + [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.iterdir()) if p.suffix == ".txt"]
    found = []
    for doc in extractor.nlp.pipe(texts):
        view, quotes = parse_view(doc), quotecues.QuoteIndex(quotemarks.quotations(doc.text))
        for i in range(view.n):
            if view.text[i] not in quotecues.PUNCT_CUES and quotecues.is_candidate(doc[i]):
                found.append((view, i, quotes))
    return found


def test_scores_equal_the_feature_strings_scores(extractor):
    candidates = _candidates(extractor)
    assert len(candidates) > 100
    shipped = quotecues.load_model()
    # a model with a weight on every feature these words have, so every template is read,
    # and a lemma holding "|" (scored from its strings)
    rng = random.Random(7)
    every = {feature: rng.uniform(-2, 2) for view, i, quotes in candidates
             for feature in quotecues.word_features(view, i, quotes)}
    every["l|w-1=a|b|c"] = 1.5
    dense = Perceptron(every, bias=0.25)
    for model in (shipped, dense):
        weights = cue_weights(model)
        for view, i, quotes in candidates:
            assert score_word(weights, view, i, quotes) == model.score(quotecues.word_features(view, i, quotes))
    assert any(w > 0 for w in (score_word(cue_weights(shipped), v, i, q) for v, i, q in candidates))


def test_a_lemma_with_a_bar_is_scored_from_its_strings(extractor):
    doc = extractor.nlp("Officials said a|b would resume.")
    view, quotes = parse_view(doc), quotecues.QuoteIndex([])
    i = next(k for k in range(view.n) if "|" in view.lemma[k])
    model = Perceptron({f"l={view.lemma[i].lower()}": 2.0, "l|w-1=a|b|said": 9.0}, bias=-1.0)
    assert score_word(cue_weights(model), view, i, quotes) == model.score(quotecues.word_features(view, i, quotes))

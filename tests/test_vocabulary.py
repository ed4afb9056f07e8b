"""Frequent words kept between memory zones: same tokens, bounded, cached by spaCy itself."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from dateline.nlp.vocabulary import FrequentWords
from dateline.settings import DEFAULT_MODEL

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]


def _tokens(doc):
    return [(t.text, t.whitespace_, t.is_alpha, t.like_num, t.is_stop, t.shape_, t.norm_) for t in doc]


def test_kept_words_tokenize_as_before(texts):
    nlp = spacy.load(DEFAULT_MODEL, exclude=["tok2vec", "tagger", "parser", "ner", "attribute_ruler", "lemmatizer"])
    plain = spacy.load(DEFAULT_MODEL, exclude=["tok2vec", "tagger", "parser", "ner", "attribute_ruler", "lemmatizer"])
    frequent = FrequentWords(nlp, min_count=1)
    before = len(nlp.vocab)
    assert frequent.observe(texts) > 100
    assert len(nlp.vocab) > before  # the kept chunks' lexemes outlive any zone
    for text in texts + ["U.S.-Iran talks, (again) in Tehran's “north”: 2020-04-18."]:
        with nlp.memory_zone():
            ours = _tokens(nlp(text))
        assert ours == _tokens(plain(text))


def test_only_frequent_chunks_are_kept_and_at_most_keep():
    nlp = spacy.blank("en")
    frequent = FrequentWords(nlp, keep=3, min_count=2)
    assert frequent.observe(["alpha beta gamma", "alpha delta"]) == 1
    assert frequent.kept == {"alpha"}
    frequent.observe(["beta gamma delta epsilon", "epsilon zeta"])
    assert frequent.kept <= {"alpha", "beta", "gamma", "delta", "epsilon"} and len(frequent.kept) == 3
    assert frequent.full and frequent.observe(["zeta zeta zeta"]) == 0


def test_counts_are_pruned():
    nlp = spacy.blank("en")
    frequent = FrequentWords(nlp, candidates=10, min_count=5)
    frequent.observe([" ".join(f"w{i}" for i in range(20)) + " again again"])
    assert len(frequent.counts) <= 10


def test_refuses_to_run_inside_a_zone():
    nlp = spacy.blank("en")
    with nlp.memory_zone(), pytest.raises(RuntimeError):
        FrequentWords(nlp).observe(["a b c"])

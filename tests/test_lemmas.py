"""The array lemmatizer gives exactly spaCy's rule lemmatizer's lemmas."""

from __future__ import annotations

from pathlib import Path

import spacy

from dateline.nlp.pipeline import load_pipeline
from dateline.settings import DEFAULT_MODEL

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
HARD = ("The ministers were meeting; they'd met twice.  Better offers came, the best ones went. "
        "Iraq's parliament voted, U.S. forces left, and the talks—held in Geneva—ended.  I am, he is, "
        "they ARE.  Running runs ran.  Mice, geese, analyses, criteria.  Bigger, biggest, worse, worst.")


def test_lemmas_equal_spacy():
    fast = load_pipeline(DEFAULT_MODEL)
    assert type(fast.get_pipe("lemmatizer")).__name__.startswith("Array")
    plain = spacy.load(DEFAULT_MODEL)
    texts = [HARD, HARD.upper()] + [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    for _ in range(2):  # the second pass reads the table the first one filled
        for mine, theirs in zip(fast.pipe(texts), plain.pipe(texts)):
            assert [t.lemma_ for t in mine] == [t.lemma_ for t in theirs]
    with fast.memory_zone():  # lemmas made inside a zone still read back inside it
        doc = fast("Zorblaxed quuxings were frobnicated.")
        assert [t.lemma_ for t in doc][:3] == [t.lemma_ for t in plain("Zorblaxed quuxings were frobnicated.")][:3]


def test_the_table_is_bounded(monkeypatch):
    from dateline.nlp import lemmas

    nlp = load_pipeline(DEFAULT_MODEL)
    monkeypatch.setattr(lemmas, "TABLE_SIZE", 5)
    monkeypatch.setattr(lemmas, "SPACY_CACHE_SIZE", 3)
    lemmatizer = nlp.get_pipe("lemmatizer")
    nlp("Warm the tables up first.")
    doc = nlp("Ministers met, forces left, talks ended and leaders spoke of peace again.")
    assert len(lemmatizer._dateline_lemmas) == 5 and len(lemmatizer.cache) < 3
    assert [t.lemma_ for t in doc][:4] == ["minister", "meet", ",", "force"]


def test_word_lists_answer_in_as_lists_do():
    from dateline.nlp.lemmas import WordList

    nlp = load_pipeline(DEFAULT_MODEL)
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    plain = spacy.load(DEFAULT_MODEL).get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert set(index) == set(plain)
    for key, words in index.items():
        assert isinstance(words, WordList) and list(words) == plain[key]
        for word in ["minister", "analysis", "be", "Minister", "zorblax", "", words[0], words[-1]]:
            assert (word in words) == (word in plain[key])

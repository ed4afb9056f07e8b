"""The indexed attribute-ruler matching step gives exactly spaCy's Matcher's matches."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from dateline.nlp.attributes import CompiledRules, speed_up, token_rows
from dateline.settings import DEFAULT_MODEL

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

HARD = ("Y'all ain't gonna believe it: there's a way, isn't there?  Let's go.\n\n"
        "It was not that the man who'd come, whom we'd seen, wasn't there — c'mon! "
        "He's got ta do what he'd said he would, wouldn't he?  Gotta go; I'd've gone.")


@pytest.fixture(scope="module")
def plain():
    return spacy.load(DEFAULT_MODEL)


def _texts() -> list[str]:
    return [HARD] + [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.iterdir()) if p.suffix == ".txt"]


def test_matches_equal_spacy_matcher(plain):
    ruler = plain.get_pipe("attribute_ruler")
    rules = CompiledRules.compile(ruler)
    assert rules is not None
    strings = ruler.vocab.strings
    with plain.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        docs = list(plain.pipe(_texts()))
    total = 0
    for doc in docs:
        ours = [(k, strings[str(k)], s, e) for k, s, e in rules.matches(token_rows(doc))]
        assert ours == ruler.match(doc)
        assert rules.match_doc(doc, [strings[str(k)] for k in range(len(ruler.attrs))]) == ours
        total += len(ours)
    assert total > sum(len(d) for d in docs)  # nearly every token matches a tag rule, some two


def test_sped_up_pipeline_annotates_as_spacy_does(plain):
    fast = spacy.load(DEFAULT_MODEL)
    assert speed_up(fast)
    for text in _texts():
        a, b = plain(text), fast(text)
        assert [(t.pos_, t.tag_, t.dep_, str(t.morph), t.lemma_) for t in a] == \
            [(t.pos_, t.tag_, t.dep_, str(t.morph), t.lemma_) for t in b]


def test_unknown_pattern_keeps_spacy_matcher():
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.get_pipe("attribute_ruler").add([[{"LENGTH": {">=": 30}}]], {"POS": "X"})
    assert not speed_up(nlp)
    assert nlp("a" * 31 + " thing")[0].pos_ == "X"


def test_first_words_name_what_the_patterns_test(plain):
    rules = CompiledRules.compile(plain.get_pipe("attribute_ruler"))
    words = rules.first_words
    assert not words.every_word
    assert words.matter("not") and words.matter("'s") and words.matter("y'") and words.matter("nothin'")
    assert not words.matter("parliament") and not words.matter("tehran")


def test_set_annotations_index_from_either_end_and_out_of_range():
    slow, fast = spacy.load(DEFAULT_MODEL), spacy.load(DEFAULT_MODEL)
    for nlp in (slow, fast):
        ruler = nlp.get_pipe("attribute_ruler")
        ruler.add([[{"LOWER": "red"}, {"LOWER": "sea"}]], {"POS": "PROPN"}, index=-1)
        ruler.add([[{"LOWER": "dead"}, {"LOWER": "sea"}]], {"TAG": "NNP"}, index=0)
    assert speed_up(fast)
    text = "The Red Sea is not the Dead Sea."
    a, b = slow(text), fast(text)
    assert [(t.pos_, t.tag_) for t in a] == [(t.pos_, t.tag_) for t in b]
    assert b[2].pos_ == "PROPN" and b[6].tag_ == "NNP"
    for nlp in (slow, fast):
        nlp.get_pipe("attribute_ruler").add([[{"LOWER": "sea"}]], {"POS": "X"}, index=3)
        with pytest.raises(ValueError, match="E1001"):
            nlp(text)

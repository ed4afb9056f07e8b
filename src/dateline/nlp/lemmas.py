"""The pipeline's rule lemmatizer, run over a doc's arrays instead of word by word.

spaCy's `Lemmatizer.__call__` builds a Token object per word and sets `token.lemma_` through the
string store, which costs as much as the parser on a warm cache.  A rule lemma is a function of
the word, its part of speech and its morphology (spaCy caches it under that key), so a table from
(orth, pos, morph) to the lemma's string, filled by the component's own `lemmatize` on a miss,
gives the same lemmas; they are written back with one `Doc.from_array`.
"""

from __future__ import annotations

# Distinct (word, part of speech, morphology) keys kept: news vocabulary keeps growing over a long
# run, and an unbounded table (spaCy's own cache is one) grows the worker with it.  About 150 bytes
# an entry.  When full the table keeps what it has (the frequent words come first) and a new word
# costs what spaCy's own path costs.  32,768 keys fill in ~600 news articles of 1,000 words
# (100,000 took ~4,000, growing the worker by ~15 MB after its first few hundred articles).
TABLE_SIZE = 1 << 15
# spaCy's cache only repeats the table's keys and, once the table is full, holds the new words
# of the last few articles; kept small so that it too stops growing early.
SPACY_CACHE_SIZE = 1 << 12


def speed_up_lemmatizer(nlp) -> bool:
    """Give the pipeline's rule lemmatizer the array path; False if it keeps its own."""
    if "lemmatizer" not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule":
        return False
    base = type(lemmatizer)

    class ArrayLemmatizer(base):  # this instance only: its class is swapped below
        def __call__(self, doc):
            if not self._validated:
                return base.__call__(self, doc)  # spaCy checks its tables on the first doc
            return _lemmatize(self, doc)

    ArrayLemmatizer.__name__ = ArrayLemmatizer.__qualname__ = f"Array{base.__name__}"
    lemmatizer._dateline_lemmas = {}
    _index_as_sets(lemmatizer)
    lemmatizer.__class__ = ArrayLemmatizer
    return True


class WordList(list):
    """A list of words whose `in` is a set look-up.  spaCy's rule lemmatizer asks `form in index`
    of its per-part-of-speech word lists (57,528 nouns in English), a linear scan that made
    each new word cost ~0.2 ms; the list itself is unchanged."""

    def __init__(self, words):
        super().__init__(words)
        self._members = frozenset(self)

    def __contains__(self, word) -> bool:
        return word in self._members


def _index_as_sets(lemmatizer) -> None:
    if "lemma_index" not in getattr(lemmatizer, "lookups", {}):
        return
    table = lemmatizer.lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if isinstance(words, list) and not isinstance(words, WordList):
            table[key] = WordList(words)


def _lemmatize(lemmatizer, doc):
    import numpy
    from spacy.attrs import LEMMA, MORPH, ORTH, POS

    if not len(doc):
        return doc
    table: dict[tuple[int, int, int], str] = lemmatizer._dateline_lemmas
    strings = doc.vocab.strings
    rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
    lemmas = []
    overwrite = lemmatizer.overwrite
    for i, (orth, pos, morph, lemma) in enumerate(rows):
        if lemma and not overwrite:
            lemmas.append(lemma)
            continue
        key = (orth, pos, morph)
        text = table.get(key)
        if text is None:
            text = lemmatizer.lemmatize(doc[i])[0]
            if len(table) < TABLE_SIZE:
                table[key] = text
            if len(lemmatizer.cache) >= SPACY_CACHE_SIZE:
                lemmatizer.cache.clear()  # spaCy's own, which `lemmatize` fills on every miss
        lemmas.append(strings.add(text))  # added in the doc's memory zone, as spaCy's own path does
    doc.from_array([LEMMA], numpy.asarray(lemmas, dtype="uint64"))
    return doc

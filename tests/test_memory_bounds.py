"""Every cache a worker fills from the articles it reads is bounded, and small enough to fill
within the first few hundred articles: a worker's memory then stays flat over a long run
(benchmarks/memory.py).  A cache of 65,536 names took ~3,000 articles to fill and grew the
worker by ~70 MB after its warm-up; this test keeps a new cache from doing that again."""

from __future__ import annotations

import importlib
import pkgutil

import dateline
import dateline.geo
import dateline.nlp
import dateline.ontology

# Caches keyed by something other than article text (a record class), unbounded by design.
KEYED_BY_TYPE = {"dateline.model._field_names"}
# The largest cache over names, phrases or words that a worker may keep.
LARGEST = 1 << 14


def _article_path_modules():
    yield importlib.import_module("dateline.model")
    for package in (dateline.nlp, dateline.geo, dateline.ontology):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            yield importlib.import_module(info.name)


def _lru_caches():
    for module in _article_path_modules():
        for name, value in vars(module).items():
            if callable(getattr(value, "cache_parameters", None)) and getattr(value, "__module__", None) == module.__name__:
                yield f"{module.__name__}.{name}", value.cache_parameters()["maxsize"]


def test_the_scan_finds_the_name_caches():
    found = dict(_lru_caches())
    assert {"dateline.ontology.actors.role_of", "dateline.ontology.actors.organisation",
            "dateline.geo.gazetteer.fold", "dateline.geo.resolve.candidates"} <= set(found)


def test_every_cache_over_article_text_is_bounded():
    too_big = {name: size for name, size in _lru_caches()
               if name not in KEYED_BY_TYPE and (size is None or size > LARGEST)}
    assert too_big == {}


def test_word_tables_are_bounded():
    from dateline.nlp import attributes, lemmas
    from dateline.nlp.vocabulary import FrequentWords

    assert lemmas.TABLE_SIZE <= 1 << 15 and lemmas.SPACY_CACHE_SIZE <= LARGEST
    assert attributes.ROW_CACHE_SIZE <= LARGEST
    words = FrequentWords(None)
    assert words.keep <= 20_000 and words.candidates <= 40_000

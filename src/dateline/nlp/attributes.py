"""A faster matching step for spaCy's attribute ruler, with exactly the Matcher's matches.

The English pipelines map tags to POS and morphology with an `attribute_ruler` of ~180
one- and two-token patterns.  spaCy's Matcher evaluates their `IN` and `REGEX` predicates
in Python for every token, which costs about as much as the parser on a news article.
Here each pattern is indexed by a value its first token must have, so a token is checked
only against the patterns it can start, and a token's one-token matches are computed once per
distinct (word, tag, dependency, space) row; what the ruler then sets is unchanged
(`AttributeRuler.set_annotations`).  A pipeline whose ruler holds a pattern this matcher
does not understand (operators, other attributes or predicates than equality, IN, NOT_IN and REGEX) keeps
spaCy's Matcher.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Token attributes a compiled pattern may test, as (spaCy attribute name, column in the array).
_ATTRS = {"LOWER": 0, "TAG": 1, "DEP": 2, "IS_SPACE": 3}


class CompiledRules:
    """The ruler's patterns, indexed by (attribute column, value) of their first token."""

    def __init__(self, anchored: dict[tuple[int, object], list[tuple[int, list]]],
                 everywhere: list[tuple[int, list]], first_words: FirstWords):
        self.anchored = anchored
        self.everywhere = everywhere
        self.first_words = first_words
        self._by_ids: dict[tuple, tuple] = {}
        self._word_matters: dict[int, bool] = {}

    @classmethod
    def compile(cls, ruler) -> CompiledRules | None:
        """None when some pattern is beyond this matcher (then spaCy's Matcher is used)."""
        anchored: dict[tuple[int, object], list[tuple[int, list]]] = {}
        everywhere: list[tuple[int, list]] = []
        first_words = FirstWords()
        for key, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                tests = [_token_test(spec) for spec in pattern]
                if not pattern or any(t is None for t in tests):
                    return None
                first_words.add(pattern[0])
                anchor = _anchor(pattern[0])
                if anchor is not None and len(pattern) == 1 and len(pattern[0]) == 1:
                    tests = []  # the anchor is the whole pattern: found by the look-up itself
                if anchor is None:
                    everywhere.append((key, tests))
                else:
                    column, values = anchor
                    for value in values:
                        anchored.setdefault((column, value), []).append((key, tests))
        return cls(anchored, everywhere, first_words)

    def starts(self, row: tuple) -> tuple[tuple[int, ...], tuple[tuple[int, list], ...]]:
        """For a token row: the keys of one-token patterns it matches, and the longer patterns
        whose first token it matches (their later tokens are tested against the next rows)."""
        single: list[int] = []
        longer: list[tuple[int, list]] = []
        candidates = list(self.everywhere)
        for column in range(4):
            candidates.extend(self.anchored.get((column, row[column]), ()))
        for key, tests in candidates:
            if len(tests) > 1:
                if tests[0](row):
                    longer.append((key, tests))
            elif not tests or tests[0](row):
                single.append(key)
        return tuple(dict.fromkeys(single)), tuple(longer)

    def matches(self, rows: list[tuple]) -> list[tuple[int, int, int]]:
        """(pattern key, start, end) of every match over token rows (lower, tag, dep, is_space)."""
        return self._matches(len(rows), [self.starts(row) for row in rows], rows.__getitem__)

    def match_doc(self, doc, match_ids: list[int]) -> list[tuple[int, int, int, int]]:
        """`AttributeRuler.match` over a doc: (pattern key, match id, start, end), sorted; the
        match id of key k is `match_ids[k]`.  A one-token match depends only on the token's row,
        so rows are looked up by their string hashes (stable across memory zones) and the
        patterns are evaluated once per distinct row."""
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        strings = doc.vocab.strings
        ids = doc.to_array([LOWER, TAG, DEP, IS_SPACE]).tolist()

        def row_of(i: int) -> tuple:
            lower, tag, dep, space = ids[i]
            return strings[lower], strings[tag], strings[dep], bool(space)

        cache, word_matters = self._by_ids, self._word_matters
        starts = []
        for i, (lower, tag, dep, space) in enumerate(ids):
            matters = word_matters.get(lower)
            if matters is None:
                if len(word_matters) >= ROW_CACHE_SIZE:
                    word_matters.clear()
                matters = word_matters[lower] = self.first_words.matter(strings[lower])
            # a word no pattern's first token tests gives every pattern the answer any such word gives
            row_key = (lower if matters else 0, tag, dep, space)
            start = cache.get(row_key)
            if start is None:
                if len(cache) >= ROW_CACHE_SIZE:
                    cache.clear()
                start = cache[row_key] = self.starts(row_of(i))
            starts.append(start)
        return [(key, match_ids[key], s, e) for key, s, e in self._matches(len(ids), starts, row_of)]

    @staticmethod
    def _matches(n: int, starts: list, row_of: Callable[[int], tuple]) -> list[tuple[int, int, int]]:
        found: list[tuple[int, int, int]] = []
        longer: set[tuple[int, int, int]] = set()
        for i, (single, multi) in enumerate(starts):
            found.extend((key, i, i + 1) for key in single)
            for key, tests in multi:
                end = i + len(tests)
                if end <= n and all(tests[k](row_of(i + k)) for k in range(1, len(tests))):
                    longer.add((key, i, end))
        found.extend(longer)
        found.sort()
        return found


# Distinct token rows whose one-token matches are kept (a few hundred bytes each; rows differ
# only in tag, dependency and the few words the patterns name, so it seldom fills), and words
# judged; each table starts over when full.
ROW_CACHE_SIZE = 16_384


class FirstWords:
    """What the first tokens of the patterns ask of a word (LOWER): the words they name and the
    regular expressions they search.  A word that is none of these fails every such test."""

    def __init__(self):
        self.named: set[str] = set()
        self.searched: list[re.Pattern] = []
        self.every_word = False  # a NOT_IN test on the word: every word may matter

    def add(self, spec: dict) -> None:
        for name, value in spec.items():
            if not isinstance(name, str) or name.upper() != "LOWER":
                continue
            if isinstance(value, str):
                self.named.add(value)
            elif isinstance(value, dict) and "IN" in value:
                self.named.update(value["IN"])
            elif isinstance(value, dict) and "REGEX" in value:
                self.searched.append(re.compile(value["REGEX"]))
            else:
                self.every_word = True

    def matter(self, word: str) -> bool:
        return self.every_word or word in self.named or any(rx.search(word) for rx in self.searched)


# The most selective attribute anchors a pattern: a word before a tag, which most tokens share.
_ANCHOR_ORDER = ("LOWER", "DEP", "TAG", "IS_SPACE")


def _anchor(spec: dict) -> tuple[int, list] | None:
    """A column and the values a token must have there to start the pattern."""
    by_name = {name.upper(): value for name, value in spec.items()}
    for name in _ANCHOR_ORDER:
        value = by_name.get(name)
        if isinstance(value, (str, bool)):
            return _ATTRS[name], [value]
        if isinstance(value, dict) and set(value) == {"IN"}:
            return _ATTRS[name], list(value["IN"])
    return None


def _token_test(spec: dict) -> Callable[[tuple], bool] | None:
    checks = []
    for name, value in spec.items():
        column = _ATTRS.get(name.upper()) if isinstance(name, str) else None
        if column is None:
            return None
        if isinstance(value, (str, bool)):
            checks.append(lambda row, c=column, v=value: row[c] == v)
        elif isinstance(value, dict) and len(value) == 1 and "IN" in value and \
                all(isinstance(v, str) for v in value["IN"]):
            checks.append(lambda row, c=column, vs=frozenset(value["IN"]): row[c] in vs)
        elif isinstance(value, dict) and len(value) == 1 and "NOT_IN" in value and \
                all(isinstance(v, str) for v in value["NOT_IN"]):
            checks.append(lambda row, c=column, vs=frozenset(value["NOT_IN"]): row[c] not in vs)
        elif isinstance(value, dict) and len(value) == 1 and "REGEX" in value and column != 3:
            checks.append(lambda row, c=column, rx=re.compile(value["REGEX"]): rx.search(row[c]) is not None)
        else:
            return None
    return lambda row: all(check(row) for check in checks)


def token_rows(doc) -> list[tuple]:
    """(lower, tag, dep, is_space) of every token, read from the doc's arrays."""
    from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

    strings = doc.vocab.strings
    return [(strings[lower], strings[tag], strings[dep], bool(space))
            for lower, tag, dep, space in doc.to_array([LOWER, TAG, DEP, IS_SPACE]).tolist()]


def speed_up(nlp) -> bool:
    """Give the pipeline's attribute ruler the indexed matching step; False if it keeps its own."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    compiled: dict = {}

    def compile_rules() -> CompiledRules | None:
        strings = ruler.vocab.strings
        compiled.update(rules=CompiledRules.compile(ruler), count=len(ruler.attrs),
                        match_ids=[strings[str(key)] for key in range(len(ruler.attrs))])
        return compiled["rules"]

    if compile_rules() is None:
        return False
    spacy_match = ruler.match

    def match(doc):
        if len(ruler.attrs) != compiled["count"]:  # patterns added since: index them too
            compile_rules()
        if compiled["rules"] is None:
            return spacy_match(doc)
        # the order AttributeRuler.match gives: by pattern number, so later rules win
        return compiled["rules"].match_doc(doc, compiled["match_ids"])

    ruler.match = match  # this instance only
    ruler.set_annotations = _token_setter(ruler)
    return True


def _token_setter(ruler) -> Callable:
    """`AttributeRuler.set_annotations` without a Span per match: the same tokens get the same
    attributes in the same order (spaCy's method makes a Span only to index into it)."""
    from spacy.tokens._retokenize import set_token_attrs

    spacy_set = ruler.set_annotations
    attrs, indices = ruler.attrs, ruler.indices

    def set_annotations(doc, matches) -> None:
        targets = []
        for attr_id, _match_id, start, end in matches:
            index = indices[attr_id]
            i = start + index if index >= 0 else end + index
            if not start <= i < end:
                return spacy_set(doc, matches)  # raises spaCy's own error (E1001) before setting anything
            targets.append((i, attr_id))
        for i, attr_id in targets:
            set_token_attrs(doc[i], attrs[attr_id])

    return set_annotations


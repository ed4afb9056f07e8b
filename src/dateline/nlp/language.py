"""Reject articles that are confidently not English (the pipeline's model reads English only)."""

from __future__ import annotations

from ..errors import Code, InputError

_SAMPLE_CHARS = 3000  # enough to judge; keeps the check cheap on long articles

# English's commonest function words: a quarter to a third of the words of English prose, while
# other languages' text has next to none (a few, like "in", "a" or "to", are words elsewhere too,
# never enough of them).  A sample with this share of them is English without asking the model,
# which costs ~4 ms on a long article.
_FUNCTION_WORDS = frozenset(
    "the of and to a in that is was for on it with as he she at by from his her they this be are "
    "have has had were but not said an which who will would their its been".split())
_CLEARLY_ENGLISH = 0.2


def clearly_english(sample: str) -> bool:
    """Are at least a fifth of the sample's words (of 100 or more) English function words?"""
    words = sample.lower().split()
    if len(words) < 100:
        return False
    return sum(word in _FUNCTION_WORDS for word in words) >= _CLEARLY_ENGLISH * len(words)


class LanguageCheck:
    def __init__(self, *, min_chars: int, min_prob: float):
        self.min_chars = min_chars
        self.min_prob = min_prob
        self._identifier = None  # loaded on first long text: short texts are never judged

    def problem(self, text: str) -> InputError | None:
        """InputError E005 for text that is long enough to judge and confidently not English."""
        sample = text[:_SAMPLE_CHARS]
        if sum(c.isalpha() for c in sample) < self.min_chars or clearly_english(sample):
            return None
        lang, prob = self._identify(sample)
        if lang != "en" and prob >= self.min_prob:
            return InputError(Code.NOT_ENGLISH, lang=lang, prob=prob)
        return None

    def _identify(self, sample: str) -> tuple[str, float]:
        if self._identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        lang, prob = self._identifier.classify(sample)
        return lang, float(prob)

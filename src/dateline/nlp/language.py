"""Reject articles that are confidently not English (the pipeline's model reads English only)."""

from __future__ import annotations

from ..errors import Code, InputError

_SAMPLE_CHARS = 3000  # enough to judge; keeps the check cheap on long articles


class LanguageCheck:
    def __init__(self, *, min_chars: int, min_prob: float):
        self.min_chars = min_chars
        self.min_prob = min_prob
        self._identifier = None  # loaded on first long text: short texts are never judged

    def problem(self, text: str) -> InputError | None:
        """InputError E005 for text that is long enough to judge and confidently not English."""
        sample = text[:_SAMPLE_CHARS]
        if sum(c.isalpha() for c in sample) < self.min_chars:
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

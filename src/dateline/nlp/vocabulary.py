"""Keep the words a run meets often in the pipeline's permanent vocabulary.

Workers parse each batch inside `nlp.memory_zone()`, so the strings and lexemes a batch adds are
freed when it ends and a long run's memory stays flat.  The price: inside a zone spaCy's
tokenizer caches nothing, and every lexeme is made again in every batch, so tokenizing a news
article costs ~20 ms instead of ~3.  Between batches, outside the zone, `FrequentWords` tokenizes
the whitespace-separated chunks ("said", "Tehran,", "U.S.") it has seen at least `min_count`
times, which puts them and their lexemes in spaCy's own permanent cache and vocabulary.  Tokens
and their attributes are the same either way; only their cost changes.  Memory stays bounded:
at most `keep` chunks are ever kept, and the counts of candidates are pruned.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable


class FrequentWords:
    def __init__(self, nlp, *, keep: int = 20_000, candidates: int = 40_000, min_count: int = 2):
        self.nlp = nlp
        self.keep = keep
        self.candidates = candidates
        self.min_count = min_count
        self.kept: set[str] = set()
        self.counts: Counter[str] = Counter()

    @property
    def full(self) -> bool:
        return len(self.kept) >= self.keep

    def observe(self, texts: Iterable[str]) -> int:
        """Count the chunks of a parsed batch's texts and keep the ones now frequent enough.
        Call outside any memory zone.  Returns how many chunks were newly kept."""
        if self.full:
            return 0
        if self.nlp.vocab.in_memory_zone:
            raise RuntimeError("FrequentWords.observe inside a memory zone would keep nothing")
        seen = Counter()
        for text in texts:
            seen.update(text.split())  # the runs of non-space characters spaCy's tokenizer caches
        counts = self.counts
        counts.update(seen)
        room = self.keep - len(self.kept)
        new = [chunk for chunk in seen
               if counts[chunk] >= self.min_count and chunk not in self.kept and len(chunk) < 50][:room]
        if new:
            self.nlp.tokenizer(" ".join(new))  # cached and made permanent by spaCy itself
            self.kept.update(new)
            for chunk in new:
                del counts[chunk]
        if len(counts) > self.candidates:
            self._prune()
        return len(new)

    def _prune(self) -> None:
        """Forget chunks seen once; if that is not enough, start counting over."""
        for chunk in [chunk for chunk, n in self.counts.items() if n < 2]:
            del self.counts[chunk]
        if len(self.counts) > self.candidates // 2:
            self.counts.clear()

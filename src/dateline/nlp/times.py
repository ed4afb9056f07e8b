"""Times stage: temporal expressions.

Today this keeps spaCy's DATE and TIME entities with their type; normalising them to
TIMEX3 values (issue 3) is not built yet, so `value` stays null rather than guessed.
"""

from __future__ import annotations

from ..model import TimeExpr
from .context import Found

_TYPES = {"DATE": "DATE", "TIME": "TIME"}


def run(doc, found: Found) -> list[TimeExpr]:
    times: list[TimeExpr] = []
    for ent in doc.ents:
        if ent.label_ in _TYPES:
            times.append(TimeExpr(id=f"T{len(times) + 1}", span=(ent.start_char, ent.end_char),
                                  text=ent.text, type=_TYPES[ent.label_]))
    return times

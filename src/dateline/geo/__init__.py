"""Offline toponym resolution to GeoNames (see ``resolve`` and ``gazetteer``).

    from dateline.geo import candidates, resolve, demonym
    resolve([("PALM BEACH", "Fla."), ("Paris", None)])

Nothing is loaded at import; the gazetteer is built or unpickled on first use.
"""

from dateline.geo.gazetteer import Candidate, fold, load_gazetteer
from dateline.geo.resolve import candidates, demonym, is_generic, resolve

__all__ = ["Candidate", "candidates", "demonym", "fold", "is_generic", "load_gazetteer", "resolve"]

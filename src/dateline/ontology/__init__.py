"""Event ontologies: the CAMEO codebook and PLOVER v2.0 (see ``cameo`` and ``plover``).

Nothing is loaded at import; the package-data tables are read on first use.
"""

from dateline.ontology.cameo import (
    CameoCode,
    all_codes,
    cameo_code,
    goldstein,
    parent,
    plover_of,
    quad_class,
    root_of,
)
from dateline.ontology.plover import PloverType, modes, plover_types, sectors

__all__ = [
    "CameoCode",
    "PloverType",
    "all_codes",
    "cameo_code",
    "goldstein",
    "modes",
    "parent",
    "plover_of",
    "plover_types",
    "quad_class",
    "root_of",
    "sectors",
]

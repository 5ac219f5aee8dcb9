"""Where the project's own files live: ``ontology/`` and ``data/``.

In a checkout (and an editable install) they sit beside the package. A wheel cannot put
them there, so ``pyproject.toml`` ships them as data files under
``{sys.prefix}/share/kamervragen-kg/``; :func:`project_path` finds either.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
INSTALLED = Path(sys.prefix) / "share" / "kamervragen-kg"


def project_path(*parts: str) -> Path:
    """``ontology/…`` or ``data/…``: the checkout's copy, else the installed one."""
    local = CHECKOUT.joinpath(*parts)
    if local.exists():
        return local
    shipped = INSTALLED.joinpath(*parts)
    return shipped if shipped.exists() else local

"""Extractors: one module per kind of fact, each taking a Document (and the gazetteer).

:func:`extract` runs them in order (actors first: the others refer to actors) and
returns the record's fact lists.
"""

from __future__ import annotations

from typing import Any

from graph.document import Document


def extract(doc: Document) -> dict[str, list[dict[str, Any]]]:
    return {"actors": [], "commitments": [], "requests": [], "programmes": []}

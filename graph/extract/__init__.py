"""Extractors: one module per kind of fact, each taking a Document (and the gazetteer).

:func:`extract` runs them in order — actors first, since commitments and requests
refer to actors — and returns the record's fact lists.
"""

from __future__ import annotations

from typing import Any

from graph.document import Document
from graph.extract.actors import find_actors
from graph.extract.commitments import find_commitments
from graph.extract.programmes import find_programmes
from graph.extract.requests import find_requests
from graph.gazetteer import Gazetteer


def extract(doc: Document, gazetteer: Gazetteer | None = None) -> dict[str, list[dict[str, Any]]]:
    """Actors, commitments (with refusals and ongoing policy), requests and programmes."""
    actors = find_actors(doc, gazetteer)
    commitments = find_commitments(doc, actors)
    return {
        "actors": actors.actors,
        "commitments": commitments,
        "requests": find_requests(doc, commitments),
        "programmes": find_programmes(doc),
    }

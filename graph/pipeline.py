"""Document in, record out: the read + extract step every command shares."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph.read import read_document
from graph.record import make_record


def extract_record(path: str | Path) -> dict[str, Any]:
    """Read one file and extract its facts into a record (raises ReadError)."""
    from graph.extract import extract

    doc = read_document(path)
    return make_record(doc, extract(doc))

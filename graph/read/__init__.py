"""Readers: one per source layout, behind :func:`read_document`, which picks one.

A new layout (the official HTML/XML, say) is a new module with a ``read(text, source,
sha256) -> Document`` function and a line in :data:`LAYOUTS`; nothing else changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from graph.document import Document
from graph.errors import NotKamervragenError
from graph.read import aanhangsel, letter
from graph.read.source import MAX_BYTES, load_text

__all__ = ["read_document", "detect_layout", "MAX_BYTES", "LAYOUTS"]

LAYOUTS: dict[str, Callable[[str, str, str], Document]] = {
    "aanhangsel": aanhangsel.read,
    "letter": letter.read,
}

_LETTER = re.compile(
    r"Retouradres|In (?:het )?antwoord op uw brief|^\s*Antwoord op vra(?:ag|gen)\s+\d", re.MULTILINE
)
_AANHANGSEL = re.compile(r"^[ \t]*Vragen\s+van\s+(?:het\s+lid|de\s+leden)\b", re.MULTILINE)


def detect_layout(text: str) -> str | None:
    """The layout a text is in, or ``None`` when it is no Kamervragen document."""
    if _AANHANGSEL.search(text[:5000]) and re.search(
        r"^[ \t]*(?:Antwoord|Mededeling)\s+van\b", text[:8000], re.MULTILINE
    ):
        return "aanhangsel"
    if _LETTER.search(text) and re.search(r"^[ \t]*Vraag\s+\d", text, re.MULTILINE):
        return "letter"
    return None


def read_document(path: str | Path) -> Document:
    """Read one file into a :class:`~graph.document.Document`.

    Raises :class:`~graph.errors.ReadError` (or a subclass) with a one-line reason for
    anything that is not a readable Kamervragen document.
    """
    text, sha256 = load_text(path)
    layout = detect_layout(text)
    if layout is None and _POSTPONEMENT.search(text[:8000]):
        raise NotKamervragenError(_NOTICE_ONLY, str(path))
    if layout is None:
        raise NotKamervragenError(
            "not a Kamervragen document (no question header or answer letter found)", str(path)
        )
    try:
        doc = LAYOUTS[layout](text, str(path), sha256)
    except NotKamervragenError:
        if _POSTPONEMENT.search(text[:8000]):
            raise NotKamervragenError(_NOTICE_ONLY, str(path)) from None
        raise
    if not doc.questions:
        raise NotKamervragenError("no numbered questions found", str(path))
    return doc


_POSTPONEMENT = re.compile(
    r"^[ \t]*Mededeling\b|niet binnen de (?:gebruikelijke|gestelde) termijn|\buitstelbericht\b",
    re.MULTILINE | re.IGNORECASE,
)
_NOTICE_ONLY = (
    "a postponement notice without the questions it postpones: nothing to extract "
    "(a notice that reprints them is read, with postponed: true)"
)

"""Dutch sentence splitting with offsets into the clean text of a question or answer.

Splits after . ? ! before a capital, digit or opening quote (also where PDF text lost
the space: "….Ook" before a capitalised word), never after the abbreviations Dutch
officials use ("jl.", "o.a.", "bijv.", "nr.", initials), and always at a paragraph break.
A list-item number ("1.", "a.") belongs to the item it opens: it is never a sentence of
its own, nor the end of the sentence that introduces the list ("… de volgende stappen:1. …").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from graph.document import Part

ABBREVIATIONS = {
    "jl", "o.a", "bijv", "nr", "nrs", "e.d", "d.d", "mr", "dr", "drs", "ir", "prof", "art",
    "blz", "p", "pp", "e.g", "i.e", "vs", "ca", "incl", "excl", "m.b.t", "t.a.v", "z.s.m",
    "etc", "resp", "t.b.v", "o.b.v", "i.p.v", "m.u.v", "n.a.v", "zgn", "jr", "mln", "mld",
    "mrd", "min", "max", "vgl", "red", "ing", "bc", "St",
}  # fmt: skip
_BOUNDARY = re.compile(
    r"(?<=[.?!…])(?:[\"”’»)]*\s+(?=[«\"“‘(]?[A-ZÀ-Þ0-9])"
    # PDF text drops the space after a full stop: "(Kamerstuk …).Toekomstige", "2025.Ook"
    r"|(?<=[a-zà-ÿ0-9)]\.)(?=[A-ZÀ-Þ][a-zà-ÿ]))|\n+"
)
# A list-item number ("1.", "a.") ending the text before a boundary: alone (it opens the
# item) or after the colon that introduces the list.
_ITEM = r"(?:\d{1,2}|[a-z])[.)]"
_ITEM_ALONE = re.compile(_ITEM)
_ITEM_AFTER_COLON = re.compile(rf"(?<=:)[ \t]*({_ITEM})\Z")


@dataclass(frozen=True)
class Sentence:
    """A sentence of one part; ``text == part.text[start:end]``."""

    kind: str
    number: int
    start: int
    end: int
    text: str


def split(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences in ``text``."""
    return list(_split(text))


@functools.lru_cache(maxsize=256)
def _split(text: str) -> tuple[tuple[int, int], ...]:
    """:func:`split`, cached (for about one document): commitments and requests both split
    every answer, and requests split every question again. A tuple, so no caller can change
    the cached spans."""
    spans, start = [], 0
    for m in _BOUNDARY.finditer(text):
        if m.group().strip() == "" and "\n" not in m.group() and _abbreviation(text, m.start()):
            continue
        end = m.start()
        if _ITEM_ALONE.fullmatch(text, start, end):
            continue  # "1." opening a line: the item runs on
        item = _ITEM_AFTER_COLON.search(text, start, end)
        if item:
            end = item.start()  # "… stappen:1." ends at the colon; "1." opens the item
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
        start = item.start(1) if item else m.end()
    end = len(text.rstrip())
    if end > start:
        spans.append((start, end))
    return tuple(spans)


_INITIALS = re.compile(r"(?:[A-Z]\.)*[A-Z]")


def _abbreviation(text: str, stop: int) -> bool:
    """Does the full stop before ``stop`` end an abbreviation or an initial?"""
    if stop == 0 or text[stop - 1] != ".":
        return False
    # the word before the full stop: walk back to the whitespace (a regex over
    # ``text[:stop]`` would copy and rescan the text for every full stop)
    start = stop - 1
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    if start == stop - 1:
        return False
    word = text[start : stop - 1].lstrip('(«"“')
    return word in ABBREVIATIONS or word.lower() in ABBREVIATIONS or bool(_INITIALS.fullmatch(word))


def sentences(part: Part) -> list[Sentence]:
    return [Sentence(part.kind, part.number, a, b, part.text[a:b]) for a, b in _split(part.text)]

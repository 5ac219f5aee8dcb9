"""Footnotes: find their text, then remove their markers from the sentences.

Markers are removed in sequence (1, 2, 3 …), each only after the previous one, so a
number in running text ("12 april", "COP29") is not taken for a marker unless it is
exactly the next footnote expected at that point.
"""

from __future__ import annotations

import re

from graph.document import Footnote
from graph.read.dutch import fold

URL = re.compile(
    r"(?:https?://|www\.)[^\s)>\]]+|\b[\w-]+(?:\.[\w-]+)*\.(?:nl|com|org|eu|int|gov|ua|net)(?:/[^\s)>\]]*)?",
    re.IGNORECASE,
)


def make_footnote(number: int, text: str) -> Footnote:
    """A footnote with hyphen breaks inside its URL joined and the first URL picked out."""
    text = fold(re.sub(r"(?<=[\w/])-\s*\n\s*(?=\w)", "-", text))
    m = URL.search(text)
    url = m.group(0).rstrip(".,;") if m else None
    if url and not url.startswith("http"):
        url = "https://" + url
    return Footnote(number, text, url)


def marker_spans(text: str, count: int) -> list[tuple[int, int]]:
    """Spans of the markers of footnotes 1..count in ``text``, in sequence."""
    spans: list[tuple[int, int]] = []
    pos = 0
    k = 1
    while k <= count:
        best = None
        for rx in _patterns(k):
            m = rx.search(text, pos)
            if m and (best is None or m.start() < best.start()):
                best = m
        if best is None:
            break
        covered = [int(n) for n in re.findall(r"\d+", best.group("m"))]
        spans.append(best.span("m"))
        pos = best.end("m")
        k = max(covered + [k]) + 1
    return spans


def _patterns(k: int) -> list[re.Pattern[str]]:
    n = str(k)
    return [
        # a line of markers only: "2", "2, 3 en 4"
        re.compile(rf"(?m)^(?P<m>[ \t]*{n}(?:\s*(?:,|en)\s*\d{{1,3}})*[ \t]*\n)"),
        # glued to the word or punctuation before: "problematiek?1", "Algerije4,"
        re.compile(rf"(?<=[^\s\d(\[,–-])(?P<m>{n})(?=[\s,.;:)]|$)"),
        # "gewond zijn geraakt[1]", "Sammy'? 1)", "verward gedrag2)"
        re.compile(rf"(?P<m>\s?\[{n}\]|(?<=[^\s\d/–-])\s?{n}\)|(?<=[^\s\d/–-])\s{n}\))"),
        # at the start of a line, before running text: "4 Daarin heb ik"
        re.compile(rf"(?m)^(?P<m>{n} )(?=[A-Za-z])"),
    ]

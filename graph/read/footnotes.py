"""Footnotes: find their text, then remove their markers from the sentences.

Markers are removed in sequence (1, 2, 3 …), each only after the previous one, so a
number in running text ("12 april", "COP29") is not taken for a marker unless it is
exactly the next footnote expected at that point.
"""

from __future__ import annotations

import functools
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


_DIGITS = re.compile(r"\d+")


def marker_spans(text: str, count: int) -> list[tuple[int, int]]:
    """Spans of the markers of footnotes 1..count in ``text``, in sequence."""
    spans: list[tuple[int, int]] = []
    pos = 0
    k = 1
    while k <= count:
        best = _next_marker(text, k, pos)
        if best is None:
            break
        group = best.lastgroup
        covered = [int(n) for n in _DIGITS.findall(best.group(group))]
        spans.append(best.span(group))
        pos = best.end(group)
        k = max(covered + [k]) + 1
    return spans


def _next_marker(text: str, k: int, pos: int) -> re.Match[str] | None:
    """``_marker(k).search(text, pos)``, trying the pattern only where a marker can
    start: every form holds the number ``k`` at most two characters after its start
    ("\\n[4]") or after the blanks that open its line ("  4, 5"). A scan of the whole
    text per footnote is slow, that of the missing next footnote slowest."""
    n = str(k)
    rx = _marker(k)
    tried = pos - 1  # starts up to here are tried (in order) or before ``pos``
    j = text.find(n, pos)
    while j >= 0:
        starts = {j - 2, j - 1, j}
        line = text.rfind("\n", 0, j) + 1
        if not text[line:j].strip(" \t"):
            starts.add(line)
        # a later occurrence adds no start at or before ``j`` that was not tried here
        for start in sorted(starts):
            if start > tried:
                tried = start
                m = rx.match(text, start)
                if m:
                    return m
        j = text.find(n, j + 1)
    return None


@functools.lru_cache(maxsize=64)
def _marker(k: int) -> re.Pattern[str]:
    """The forms of marker ``k`` as one pattern; where several match at one start, the
    form listed first wins."""
    n = str(k)
    return re.compile(
        "|".join(
            [
                # a line of markers only: "2", "2, 3 en 4"
                rf"(?m:^(?P<line>[ \t]*{n}(?:\s*(?:,|en)\s*\d{{1,3}})*[ \t]*\n))",
                # glued to the word or punctuation before: "problematiek?1", "Algerije4,"
                rf"(?<=[^\s\d(\[,–-])(?P<glued>{n})(?=[\s,.;:)]|$)",
                # "gewond zijn geraakt[1]", "Sammy'? 1)", "verward gedrag2)"
                rf"(?P<paren>\s?\[{n}\]|(?<=[^\s\d/–-])\s?{n}\)|(?<=[^\s\d/–-])\s{n}\))",
                # at the start of a line, before running text: "4 Daarin heb ik"
                rf"(?m:^(?P<start>{n} )(?=[A-Za-z]))",
            ]
        )
    )

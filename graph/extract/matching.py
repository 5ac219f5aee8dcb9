"""Regex searches made cheap: several patterns at once, and scans skipped when a plain
substring test already shows there can be no match."""

from __future__ import annotations

import re
from collections.abc import Iterable


def finditer(rx: re.Pattern[str], text: str, *needles: str) -> Iterable[re.Match[str]]:
    """``rx.finditer(text)``, skipped when ``text`` lacks every needle (a substring each
    match of ``rx`` contains). Most parts name no ministry or plan, and ``in`` is much
    faster than a scan by a pattern that starts with ``\\b`` or a character class."""
    return rx.finditer(text) if _holds_any(text, needles) else ()


def _holds_any(text: str, needles: tuple[str, ...]) -> bool:
    """``any(n in text for n in needles)``, as a loop: no generator to start, for a test
    made for nearly every part and sentence."""
    for needle in needles:  # noqa: SIM110 (any() would start a generator every call)
        if needle in text:
            return True
    return False


class AnyOf:
    """Several regexes, any of which may match.

    The patterns that start with ``\\b`` are searched as one alternation: the engine
    factors the shared ``\\b`` out and tests it once per position, not once per pattern.
    The others are searched one by one, each keeping its own literal-prefix scan (one big
    alternation of everything would lose those). Since only *whether* some pattern
    matches counts, ``search`` returns whichever match it finds first."""

    __slots__ = ("patterns", "triggers")

    def __init__(self, patterns: tuple[str, ...], triggers: tuple[str, ...] = (), flags: int = 0):
        bounded = [p for p in patterns if p.startswith(r"\b")]
        others = [p for p in patterns if not p.startswith(r"\b")]
        joined = ["|".join(bounded)] if bounded else []
        self.patterns = tuple(re.compile(p, flags) for p in joined + others)
        self.triggers = triggers  # substrings one of which every match contains (a fast gate)

    def search(self, text: str) -> re.Match[str] | None:
        if self.triggers and not _holds_any(text, self.triggers):
            return None
        for rx in self.patterns:
            m = rx.search(text)
            if m:
                return m
        return None

"""Text that remembers where each character came from.

Cleaning a PDF extraction (dropping page furniture, joining hyphen breaks,
folding whitespace) must not lose the way back to the source file: every
statement in the graph cites exact characters. :class:`MappedText` carries,
for each character of the clean text, its offset in the source.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Piece = int | str
"""A replacement piece: a group number (kept with its source offsets) or a literal."""


@dataclass(frozen=True)
class MappedText:
    """``text[i]`` came from ``source[offsets[i]]``; ``offsets[len(text)]`` is the end."""

    text: str
    offsets: tuple[int, ...]

    @classmethod
    def of(cls, source: str) -> MappedText:
        return cls(source, tuple(range(len(source) + 1)))

    def __len__(self) -> int:
        return len(self.text)

    def slice(self, start: int, end: int) -> MappedText:
        return MappedText(self.text[start:end], self.offsets[start:end] + (self.offsets[end],))

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets of the clean span ``[start, end)``."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1

    def sub(
        self,
        pattern: re.Pattern[str] | str,
        repl: Callable[[re.Match[str]], Sequence[Piece] | None] | Sequence[Piece],
    ) -> MappedText:
        """Replace every match by pieces: kept groups keep their offsets, literals take
        the offset of the match start. ``repl`` returning ``None`` keeps the match."""
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        out: list[str] = []
        offs: list[int] = []
        pos = 0
        for m in rx.finditer(self.text):
            pieces = repl(m) if callable(repl) else repl
            if pieces is None:
                continue
            out.append(self.text[pos : m.start()])
            offs.extend(self.offsets[pos : m.start()])
            for piece in pieces:
                if isinstance(piece, int):
                    a, b = m.span(piece)
                    if a < 0:
                        continue
                    out.append(self.text[a:b])
                    offs.extend(self.offsets[a:b])
                else:
                    out.append(piece)
                    offs.extend([self.offsets[m.start()]] * len(piece))
            pos = m.end()
        if not out:
            return self  # nothing replaced: immutable, so no copy needed
        out.append(self.text[pos:])
        offs.extend(self.offsets[pos:])
        offs.append(self.offsets[len(self.text)])
        return MappedText("".join(out), tuple(offs))

    def delete_spans(self, spans: Sequence[tuple[int, int]]) -> MappedText:
        """Drop the clean spans (sorted, non-overlapping), e.g. page furniture lines."""
        out: list[str] = []
        offs: list[int] = []
        pos = 0
        for a, b in sorted(spans):
            if a < pos:
                a = pos
            if b <= a:
                continue
            out.append(self.text[pos:a])
            offs.extend(self.offsets[pos:a])
            pos = b
        out.append(self.text[pos:])
        offs.extend(self.offsets[pos:])
        offs.append(self.offsets[len(self.text)])
        return MappedText("".join(out), tuple(offs))

    def strip(self) -> MappedText:
        left = len(self.text) - len(self.text.lstrip())
        right = len(self.text.rstrip())
        return self.slice(left, max(left, right))

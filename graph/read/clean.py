"""Cleaning steps shared by the readers; each maps a MappedText to a MappedText.

PDF text extraction breaks words at line ends ("mensenhandela-\\nren"), glues
words where a line break was lost ("aanpakken,zodat", "deStaatssecretaris") and
leaves footnote numbers stuck to words ("problematiek?1"). Each step here repairs
one of these where that is safe, and keeps real hyphens ("CKM-rapport",
"GroenLinks-PvdA", "2024–2025", "zorg- en welzijnsakkoord").
"""

from __future__ import annotations

import re
from collections import Counter

from graph.mapped import MappedText

PARA = "\u2029"
"""Paragraph break marker used between reading and folding."""

LOWER = "a-zà-ÿ"
UPPER = "A-ZÀ-Þ"

_BREAK = re.compile(rf"([{LOWER}])-[ \t]*\r?\n[ \t]*(?!(?:en|of|tot)\b)([{LOWER}])")
_COMPOUND = re.compile(
    rf"([{UPPER}0-9]-|[{LOWER}]-(?=[ \t]*\r?\n[ \t]*[{UPPER}0-9]))[ \t]*\r?\n[ \t]*(?=\w)"
)
_SUSPENDED = re.compile(rf"([{LOWER}]-)[ \t]*\r?\n[ \t]*((?:en|of|tot)\b)")
_MIDLINE = re.compile(rf"\b([{LOWER}]{{2,}})-([{LOWER}]{{2,}})\b")
_WORD = re.compile(rf"[{LOWER}{UPPER}]+")

FUNCTION_WORDS = (
    "de het een van en in op met bij aan voor door naar om te dat die of als dan over uit tot "
    "zijn is ook niet wel nog"
).split()
_GLUED_CAPITAL = re.compile(rf"\b({'|'.join(FUNCTION_WORDS)})([{UPPER}][{LOWER}{UPPER}]+)")
_GLUED_PUNCT = re.compile(rf"([{LOWER}]{{2}}[,;])([{LOWER}]{{2}})")
_GLUED_STOP = re.compile(rf"([{LOWER}]{{2}}[.?!])([{UPPER}][{LOWER}])")


def join_line_breaks(text: MappedText) -> MappedText:
    """Join words hyphenated at a line end; keep real hyphens ("CKM-rapport",
    "GroenLinks-PvdA") and suspended ones ("zorg- en")."""
    text = text.sub(_SUSPENDED, (1, " ", 2))
    text = text.sub(_COMPOUND, (1,))
    return text.sub(_BREAK, (1, 2))


def join_glued_breaks(text: MappedText) -> MappedText:
    """Join "regelge-ving" where the line break was lost, but only when the document
    itself also writes the joined word ("regelgeving") and never the hyphenated pair."""
    words = Counter(w.lower() for w in _WORD.findall(text.text))
    hyphenated = Counter(m.group(0).lower() for m in _MIDLINE.finditer(text.text))

    def repl(m: re.Match[str]):
        joined = (m.group(1) + m.group(2)).lower()
        if words[joined] and hyphenated[m.group(0).lower()] <= 1:
            return (1, 2)
        return None

    return text.sub(_MIDLINE, repl)


def unglue(text: MappedText) -> MappedText:
    """Put the lost space back where it is safe: after a function word glued to a
    capital ("deStaatssecretaris"), after a comma or a full stop glued to a word."""
    text = text.sub(_GLUED_CAPITAL, (1, " ", 2))
    text = text.sub(_GLUED_PUNCT, (1, " ", 2))
    return text.sub(_GLUED_STOP, (1, " ", 2))


def fold(text: MappedText) -> MappedText:
    """Whitespace runs become one space; paragraph marks become one newline."""
    text = text.sub(
        re.compile(r"[ \t\r\n\f\v\u00a0]+"), lambda m: (" ",) if m.group() != " " else None
    )
    text = text.sub(re.compile(rf" ?{PARA}[ {PARA}]*"), ("\n",))
    return text.strip()


def clean_part(text: MappedText) -> MappedText:
    """The standard sequence for the text of one question or answer."""
    return fold(unglue(join_glued_breaks(join_line_breaks(text))))

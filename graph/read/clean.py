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

# Gates: a fast search for what every match of the pattern(s) above must contain. Most
# parts contain none, and the gate (led by a rare character) costs a fraction of a scan.
_HYPHEN_EOL_GATE = re.compile(r"-[ \t]*\r?\n")  # _SUSPENDED, _COMPOUND, _BREAK
_MIDLINE_GATE = re.compile(rf"-(?<=[{LOWER}]{{2}}-)(?=[{LOWER}]{{2}})")
_GLUED_CAPITAL_GATE = re.compile(rf"[{UPPER}](?<=[{LOWER}][{UPPER}])")
_GLUED_PUNCT_GATE = re.compile(rf"[,;][{LOWER}]")
_GLUED_STOP_GATE = re.compile(rf"[.?!][{UPPER}]")
# Both gates above in one scan (led by the punctuation): most parts pass neither.
_GLUED_PUNCT_OR_STOP_GATE = re.compile(rf"[,;.?!](?:(?<=[,;])[{LOWER}]|(?<=[.?!])[{UPPER}])")


def _sub_if(gate: re.Pattern[str], text: MappedText, pattern: re.Pattern[str], repl) -> MappedText:
    """``text.sub(pattern, repl)``, skipped when ``gate`` finds nothing a match needs."""
    return text.sub(pattern, repl) if gate.search(text.text) else text


def join_line_breaks(text: MappedText) -> MappedText:
    """Join words hyphenated at a line end; keep real hyphens ("CKM-rapport",
    "GroenLinks-PvdA") and suspended ones ("zorg- en")."""
    if not _HYPHEN_EOL_GATE.search(text.text):
        return text
    text = text.sub(_SUSPENDED, (1, " ", 2))
    text = text.sub(_COMPOUND, (1,))
    return text.sub(_BREAK, (1, 2))


def join_glued_breaks(text: MappedText) -> MappedText:
    """Join "regelge-ving" where the line break was lost, but only when the document
    itself also writes the joined word ("regelgeving") and never the hyphenated pair."""
    if not _MIDLINE_GATE.search(text.text):
        return text  # most parts have no such pair: skip counting every word
    words = Counter(map(str.lower, _WORD.findall(text.text)))
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
    text = _sub_if(_GLUED_CAPITAL_GATE, text, _GLUED_CAPITAL, (1, " ", 2))
    if not _GLUED_PUNCT_OR_STOP_GATE.search(text.text):
        return text
    text = _sub_if(_GLUED_PUNCT_GATE, text, _GLUED_PUNCT, (1, " ", 2))
    return _sub_if(_GLUED_STOP_GATE, text, _GLUED_STOP, (1, " ", 2))


# A whitespace run other than a single space; single spaces (most runs) stay unmatched.
# The same matches as "[ \t\r\n\f\v\u00a0]{2,}|[\t\r\n\f\v\u00a0]" (two or more blanks, or one
# that is no space), but a pattern that opens with a character class lets the engine skip to
# the next blank in C, where an alternation is tried at every position: twice as fast.
_BLANK = r"[ \t\r\n\f\v\u00a0]"
_SPACE_RUN = re.compile(rf"{_BLANK}(?:(?<! )|(?={_BLANK})){_BLANK}*")
_PARA_RUN = re.compile(rf" ?{PARA}[ {PARA}]*")


def fold(text: MappedText) -> MappedText:
    """Whitespace runs become one space; paragraph marks become one newline."""
    text = text.sub(_SPACE_RUN, (" ",))
    if PARA in text.text:
        text = text.sub(_PARA_RUN, ("\n",))
    return text.strip()


def clean_part(text: MappedText) -> MappedText:
    """The standard sequence for the text of one question or answer."""
    return fold(unglue(join_glued_breaks(join_line_breaks(text))))

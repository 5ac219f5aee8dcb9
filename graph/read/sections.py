"""Split the body of a document into numbered questions and answers.

Both layouts head each block with a line of its own: "Vraag 3", "Antwoord 2 en 3",
"Antwoord op vraag 1", "Antwoord op vragen 3 en 4", "Vraag 16, 17, 18 en 19".
A combined answer is linked to every question it covers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.document import Part
from graph.mapped import MappedText
from graph.read.clean import clean_part

NUMBERS = r"\d{1,3}(?:\s*(?:,\s*(?:en\s+)?|en|t/m|tot en met|-|–)\s*\d{1,3})*"
HEADING = re.compile(
    rf"^[ \t]*(?P<kind>Vragen|Vraag|Antwoorden|Antwoord)(?:\s+op)?(?:\s+(?:vragen|vraag))?"
    rf"\s+(?P<numbers>{NUMBERS})[ \t]*[:.]?[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)
POSTPONEMENT = re.compile(r"^[ \t]*Mededeling[ \t]*$", re.MULTILINE)


@dataclass
class Block:
    kind: str  # "question" | "answer" | "notice"
    numbers: tuple[int, ...]
    body: MappedText


def parse_numbers(text: str) -> tuple[int, ...]:
    """ "2 en 3" -> (2, 3); "16, 17, 18 en 19"; "4 t/m 7" -> (4, 5, 6, 7)."""
    nums: list[int] = []
    for a, b in re.findall(r"(\d+)(?:\s*(?:t/m|tot en met|-|–)\s*(\d+))?", text):
        if b and int(a) < int(b) <= int(a) + 50:
            nums.extend(range(int(a), int(b) + 1))
        else:
            nums.append(int(a))
    return tuple(dict.fromkeys(nums))


def blocks(body: MappedText) -> list[Block]:
    """Headed blocks in document order; text before the first heading is dropped."""
    marks = [
        (m.start(), m.end(), _kind(m.group("kind")), parse_numbers(m.group("numbers")))
        for m in HEADING.finditer(body.text)
    ]
    if "Mededeling" in body.text:  # in every POSTPONEMENT match: most texts need no scan
        marks += [(m.start(), m.end(), "notice", ()) for m in POSTPONEMENT.finditer(body.text)]
    marks.sort()
    out = []
    for i, (_, end, kind, numbers) in enumerate(marks):
        stop = marks[i + 1][0] if i + 1 < len(marks) else len(body)
        out.append(Block(kind, numbers, body.slice(end, stop)))
    return out


def _kind(word: str) -> str:
    return "question" if word.lower().startswith("vra") else "answer"


def assemble(
    found: list[Block], split_unlabelled: bool = False
) -> tuple[list[Part], list[Part], bool]:
    """Questions, answers (one per covered question number) and whether the document
    is a postponement notice (questions, a *Mededeling*, no answers)."""
    questions: dict[int, Part] = {}
    answers: dict[int, Part] = {}
    answered = {n for b in found if b.kind == "answer" for n in b.numbers}
    for b in found:
        if b.kind == "question":
            body = b.body
            if split_unlabelled and len(b.numbers) == 1 and b.numbers[0] not in answered:
                body, rest = _split_unlabelled(body)
                if rest is not None:
                    n = b.numbers[0]
                    answers[n] = Part("answer", n, clean_part(rest), (n,))
            for n, piece in zip(b.numbers, _share(body, len(b.numbers)), strict=True):
                questions.setdefault(n, Part("question", n, clean_part(piece), b.numbers))
        elif b.kind == "answer":
            text = clean_part(b.body)
            for n in b.numbers:
                answers.setdefault(n, Part("answer", n, text, b.numbers))
    postponed = any(b.kind == "notice" for b in found) and not answers
    return (
        [questions[n] for n in sorted(questions)],
        [answers[n] for n in sorted(answers)],
        postponed,
    )


def _share(body: MappedText, k: int) -> list[MappedText]:
    """A combined question block ("Vraag 4 en 5") split into its k questions when it
    has exactly k question sentences, else the whole block for each."""
    if k == 1:
        return [body]
    ends = [m.end() for m in re.finditer(r"\?(?=\s|$)", body.text)]
    if len(ends) != k:
        return [body] * k
    starts = [0] + ends[:-1]
    return [body.slice(a, b) for a, b in zip(starts, ends, strict=True)]


def _split_unlabelled(body: MappedText) -> tuple[MappedText, MappedText | None]:
    """A letter sometimes omits "Antwoord op vraag N": the question is the paragraph
    ending in "?", the answer what follows it."""
    m = re.search(r"\?[^\n?]*\n", body.text)
    if not m:
        return body, None
    rest = body.slice(m.end(), len(body))
    if not rest.text.strip():
        return body, None
    return body.slice(0, m.end()), rest

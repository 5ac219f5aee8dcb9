"""The Document every reader returns, whatever the layout of the source file.

Questions and answers carry clean text (hyphen breaks joined, page furniture and
footnote markers removed) and a :class:`~graph.mapped.MappedText` back to the
source, so later stages cite exact characters of the file they came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.mapped import MappedText


@dataclass(frozen=True)
class Person:
    """An MP (``party``) or an office holder (``role``), as the header names them."""

    name: str
    party: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class Part:
    """One numbered question or answer. A combined answer ("Antwoord 2 en 3") yields
    one Part per question number with the same text; ``covers`` lists them all."""

    kind: str  # "question" | "answer"
    number: int
    mapped: MappedText
    covers: tuple[int, ...] = ()

    @property
    def text(self) -> str:
        return self.mapped.text


@dataclass(frozen=True)
class Footnote:
    number: int
    text: str
    url: str | None = None


@dataclass
class Document:
    id: str
    source: str
    layout: str
    sha256: str
    title: str | None = None
    questioners: list[Person] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)
    answerers: list[Person] = field(default_factory=list)
    on_behalf_of: list[str] = field(default_factory=list)
    submitted: str | None = None
    answered: str | None = None
    see_also: str | None = None
    postponed: bool = False
    questions: list[Part] = field(default_factory=list)
    answers: list[Part] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)

    def part(self, kind: str, number: int) -> Part | None:
        for p in self.questions if kind == "question" else self.answers:
            if p.number == number:
                return p
        return None

    def answer_for(self, question: int) -> Part | None:
        return self.part("answer", question)

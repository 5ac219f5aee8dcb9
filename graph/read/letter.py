"""Reader for ministry answer letters ("Beantwoording Kamervragen"), as docx text.

A letterhead (Datum, Onderwerp, Ons kenmerk), a cover sentence and a signature,
then "Antwoorden van de minister … op Kamervragen …" with "Vraag N" and
"Antwoord op vraag N" blocks, endnotes after the last answer and Word footnotes
after a ``--- voetnoten`` line. Every line of the docx text is a paragraph.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from graph.document import Document, Person
from graph.mapped import MappedText
from graph.read import header
from graph.read.clean import PARA
from graph.read.dutch import fold, office, parse_date, repair_name
from graph.read.footnotes import URL, make_footnote, marker_spans
from graph.read.sections import HEADING, assemble, blocks

ZAAK = re.compile(r"\b(20\d{2}Z\d{5})\b")
VOETNOTEN = re.compile(r"^-{2,}\s*voetnoten\b.*$", re.MULTILINE | re.IGNORECASE)
SIGNER = re.compile(
    r"^\s*(?:[Dd]e\s+)?(Minister|minister|Staatssecretaris|staatssecretaris)\s+(van|voor)\s+"
    r"(.+?),?\s*$"
)
NAME = re.compile(r"^\s*((?:[A-Z]\.\s*)+(?:[^\W\d_]|['’ -])+?)\s*$")
BEHALF = re.compile(
    r"[Mm]ede\s+namens\s+de\s+(minister|staatssecretaris|Minister|Staatssecretaris)\s+"
    r"(van|voor)\s+(.+?)(?:,\s*$|,?\s+op\s|\s*$)",
    re.MULTILINE,
)


def read(text: str, source: str, sha256: str) -> Document:
    first = HEADING.search(text)
    cover = text[: first.start()] if first else text
    end = VOETNOTEN.search(text) if "--" in text else None  # every match starts with "--"
    body_end = end.start() if end else len(text)
    body_start = first.start() if first else 0
    # MappedText.of(text).slice(body_start, body_end), without offsets for the whole text
    body = MappedText(text[body_start:body_end], tuple(range(body_start, body_end + 1)))

    body, endnotes = _endnotes(body)
    notes = endnotes + _word_footnotes(text[end.end() :] if end else "", len(endnotes))
    body = body.delete_spans(marker_spans(body.text, len(endnotes)))
    questions, answers, postponed = assemble(
        blocks(_paragraphs_as_lines(body)), split_unlabelled=True
    )
    subjects = _subjects(cover)
    subject = "\n".join(subjects)
    zaak = ZAAK.search(cover)
    return Document(
        id=zaak.group(1) if zaak else Path(source).stem,
        source=source,
        layout="letter",
        sha256=sha256,
        title=_first_found(header.parse_title, subjects),
        questioners=_first(header.parse_questioners, subject, cover),
        addressees=_first(header.parse_addressees, subject, cover),
        answerers=_signers(cover),
        on_behalf_of=_behalf(cover),
        submitted=header.submitted(cover),
        answered=_dated(cover),
        postponed=postponed,
        questions=questions,
        answers=answers,
        footnotes=notes,
    )


def _paragraphs_as_lines(body: MappedText) -> MappedText:
    """Every line of the docx text is a paragraph, and headings are matched on lines: the
    newlines stay, and a paragraph mark (U+2029) the text may hold becomes one too.

    A one-character replacement keeps every offset, so one ``str.replace`` does it (not a
    substitution per newline to mark paragraphs and another to restore the lines)."""
    if PARA not in body.text:
        return body
    return MappedText(body.text.replace(PARA, "\n"), body.offsets)


def _subjects(cover: str) -> list[str]:
    """The sentences that name the questions' subject, each on its own: the letterhead's
    "Onderwerp", the "Antwoorden van … over …" heading and the cover sentence "In
    antwoord op uw brief … over …"."""
    m = re.search(r"^\s*Onderwerp\s*\n\s*(.+)$", cover, re.MULTILINE)
    lines = [m.group(1)] if m else []
    lines += re.findall(r"^\s*Antwoorden?\s+(?:van|op)\b.*(?:\n(?!\s*$).*)*", cover, re.MULTILINE)
    lines += re.findall(r"In (?:het )?antwoord op uw brief.*(?:\n(?!\s*$).*)*", cover)
    return lines


def _first_found(parse, texts):
    """The subject from the first sentence that states one: parsed from each sentence
    alone, so that it ends where that sentence ends rather than run on into the next."""
    for t in texts:
        found = parse(t)
        if found:
            return found
    return None


def _first(parse, *texts):
    for t in texts:
        found = parse(t)
        if found:
            return found
    return []


def _signers(cover: str) -> list[Person]:
    lines = [ln for ln in cover.split("\n") if ln.strip()]
    people: list[Person] = []
    for i, line in enumerate(lines):
        m = SIGNER.match(line)
        if not m or len(line) > 120:
            continue
        for nxt in lines[i + 1 : i + 4]:
            n = NAME.match(nxt)
            if n:
                person = Person(
                    repair_name(n.group(1)),
                    role=office(m.group(1), m.group(2) + " " + fold(m.group(3))),
                )
                if person not in people:
                    people.append(person)
                break
    return people


def _behalf(cover: str) -> list[str]:
    found: list[str] = []
    for title, prep, portfolio in BEHALF.findall(cover):
        name = office(title, f"{prep} {fold(portfolio)}")
        same = [f for f in found if _near(f, name)]
        if not same:
            found.append(name)
        elif len(name) > len(same[0]):  # a misspelt copy loses a letter more often
            found[found.index(same[0])] = name
    return found


def _near(a: str, b: str) -> bool:
    """Equal up to one or two letters ("Koninkrijkrelaties"/"Koninkrijksrelaties")."""
    a, b = a.lower(), b.lower()
    if abs(len(a) - len(b)) > 2:
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() > 0.95


def _dated(cover: str) -> str | None:
    m = re.search(r"^\s*Datum\s*\n\s*(.+)$", cover, re.MULTILINE)
    return parse_date(m.group(1)) if m else None


_MARKER = re.compile(r"(?<=\S)\s?(\d{1,2})\)|\[(\d{1,2})\]")


def _endnotes(body: MappedText):
    """Endnotes after the last answer: "[1] …" lines, or as many reference lines as
    the text has "N)" markers (Word's list numbering is lost in the docx text)."""
    text = body.text
    last_heading = list(HEADING.finditer(text))
    tail_from = last_heading[-1].end() if last_heading else 0
    bracket = re.search(r"^\s*\[1\]\s", text[tail_from:], re.MULTILINE)
    if bracket:
        start = tail_from + bracket.start()
        chunk = text[start:]
        parts = re.split(r"\[(\d{1,2})\]\s*", chunk)
        notes = [make_footnote(int(parts[i]), parts[i + 1]) for i in range(1, len(parts) - 1, 2)]
        return body.slice(0, start), notes
    numbered = re.search(
        r"(?:^[ \t]*\d{1,2}\)[ \t].*(?:\n|$))+\s*$", text[tail_from:], re.MULTILINE
    )
    if numbered and re.match(r"\s*1\)", numbered.group(0)):
        start = tail_from + numbered.start()
        parts = re.split(r"^[ \t]*(\d{1,2})\)[ \t]*", text[start:], flags=re.MULTILINE)
        notes = [make_footnote(int(parts[i]), parts[i + 1]) for i in range(1, len(parts) - 1, 2)]
        return body.slice(0, start), notes
    count = len(marker_spans(text[:tail_from] + text[tail_from:], 30))
    if not count:
        return body, []
    lines = text.rstrip().split("\n")
    tail = [ln for ln in lines if ln.strip()][-count:]
    if len(tail) < count or not all(_reference_like(ln) for ln in tail):
        return body, []
    first_tail = text.rstrip().rfind(tail[0]) if tail else len(text)
    if first_tail < tail_from:
        return body, []
    notes = [make_footnote(i + 1, re.sub(r"^\s*\d{1,2}\)\s*", "", ln)) for i, ln in enumerate(tail)]
    return body.slice(0, first_tail), notes


def _reference_like(line: str) -> bool:
    line = line.strip()
    return bool(
        re.match(r"\d{1,2}\)\s", line)
        or URL.search(line)
        or "Kamerstuk" in line
        or (len(line) < 100 and not line.endswith((".", "?", ":")))
    )


def _word_footnotes(text: str, offset: int):
    parts = re.split(r"^\s*\[(\d{1,3})\]\s*", text, flags=re.MULTILINE)
    return [
        make_footnote(offset + int(parts[i]), parts[i + 1]) for i in range(1, len(parts) - 1, 2)
    ]

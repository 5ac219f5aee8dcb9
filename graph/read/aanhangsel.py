"""Reader for the *Aanhangsel van de Handelingen* print, as text extracted from PDF.

The print has a front page header, the question header and answer line, then
"Vraag N" / "Antwoord N" blocks. Page furniture (running headers and footers, the
ISSN line) and page-bottom footnote blocks are cut out of the running text before
the blocks are split.
"""

from __future__ import annotations

import re
from pathlib import Path

from graph.document import Document
from graph.errors import NotKamervragenError
from graph.mapped import MappedText
from graph.read import header
from graph.read.footnotes import make_footnote, marker_spans
from graph.read.sections import HEADING, assemble, blocks

ID = re.compile(r"\bah-tk-(\d{8})-(\d+)\b")
FURNITURE = re.compile(
    r"^[ \t]*(?:ah-tk-\d{8}-\d+|ISSN\s+0921\s*-\s*7398.*|"
    r"Tweede Kamer, vergaderjaar \d{4}\s*[–-]\s*\d{4}, Aanhangsel\s*\d*|"
    r"Tweede Kamer der Staten-Generaal\s*\d*|Vergaderjaar \d{4}\s*[–-]\s*\d{4} Aanhangsel.*)"
    r"[ \t]*$"
)
GLUED_FOOTER = re.compile(
    r"Tweede Kamer, vergaderjaar \d{4}\s*[–-]\s*\d{4}, Aanhangsel\s*\d+[ \t]*$"
)
HEADER_START = re.compile(r"^[ \t]*Vragen\s+van\s+(?:het|de)\b", re.MULTILINE)
ANSWER_LINE = re.compile(r"^[ \t]*(?:Antwoord|Mededeling)\s+van\b", re.MULTILINE)
REFERENCE = re.compile(r"https?://|www\.|\b(?:19|20)\d{2}\b|Kamerstuk|«|nr\.", re.IGNORECASE)


def read(text: str, source: str, sha256: str) -> Document:
    start = HEADER_START.search(text)
    first = HEADING.search(text, start.end() if start else 0)
    if not start or not first:
        raise NotKamervragenError("no 'Vragen van …' header followed by numbered questions", source)
    ids = sorted(set(ID.findall(text)))
    if len(ids) > 1 and len(HEADER_START.findall(text)) > 1:  # two prints in one file
        a, b = (f"ah-tk-{year}-{n}" for year, n in ids[:2])
        raise NotKamervragenError(
            f"holds more than one document ({a}, {b}): give each its own file", source
        )
    head = text[start.start() : first.start()]
    answer_line = ANSWER_LINE.search(head)
    asked = head[: answer_line.start()] if answer_line else head
    replied = head[answer_line.start() :] if answer_line else ""
    ident = ID.search(text)
    doc_id = f"ah-tk-{ident.group(1)}-{ident.group(2)}" if ident else Path(source).stem
    answerers, behalf = header.parse_answer_line(replied)

    # MappedText.of(text).slice(first.start(), len(text)), without offsets for the front page
    body, notes = _body(
        MappedText(text[first.start() :], tuple(range(first.start(), len(text) + 1)))
    )
    questions, answers, postponed = assemble(blocks(body))
    return Document(
        id=doc_id,
        source=source,
        layout="aanhangsel",
        sha256=sha256,
        title=header.parse_title(asked),
        questioners=header.parse_questioners(asked),
        addressees=header.parse_addressees(asked),
        answerers=answerers,
        on_behalf_of=behalf,
        submitted=header.submitted(asked),
        answered=header.received(replied),
        see_also=header.parse_see_also(replied),
        postponed=postponed or bool(re.match(r"\s*Mededeling", replied)),
        questions=questions,
        answers=answers,
        footnotes=notes,
    )


def _body(body: MappedText):
    """Cut furniture and footnote blocks; return the running text and the footnotes."""
    lines = _lines(body.text)
    furniture = [bool(FURNITURE.match(t)) or not t.strip() for _, _, t in lines]
    cut: list[tuple[int, int]] = []
    notes = []
    next_fn = 1
    for i, (_a, _b, t) in enumerate(lines):
        m = GLUED_FOOTER.search(t)
        if m and not furniture[i]:
            cut.append((lines[i][0] + m.start(), lines[i][1]))
    # footnote blocks sit just above a footer, or above a heading after a blank line
    ends = [i for i in range(len(lines)) if _terminates(lines, furniture, i)] + [len(lines)]
    for end in ends:
        j = end - 1
        while j >= 0 and furniture[j]:
            j -= 1
        heading_end = end < len(lines) and HEADING.match(lines[end][2])
        for s in range(j, max(-1, j - 12), -1):
            t = lines[s][2]
            if HEADING.match(t) or (furniture[s] and s < j):
                break
            m = re.match(rf"[ \t]*{next_fn}(?!\d)(\s?)(\S)", t)
            if not m:
                continue
            glued = not m.group(1)
            if heading_end and not (s > 0 and not lines[s - 1][2].strip()):
                break
            if not glued and not REFERENCE.search(t):
                break
            found, next_fn = _split_block(lines[s : j + 1], next_fn)
            notes.extend(found)
            cut.append((lines[s][0], lines[j][1]))
            break
    for i, (a, b, _t) in enumerate(lines):
        if furniture[i] and lines[i][2].strip():
            cut.append((a, b))
    cleaned = body.delete_spans(_merge(cut))
    cleaned = cleaned.delete_spans(marker_spans(cleaned.text, len(notes)))
    return cleaned, notes


def _terminates(lines, furniture, i) -> bool:
    t = lines[i][2]
    if furniture[i] and t.strip():
        return not (i > 0 and furniture[i - 1] and lines[i - 1][2].strip())
    return bool(HEADING.match(t)) and i > 0


def _split_block(block, first: int):
    notes, expected, current = [], first, None
    for _a, _b, t in block:
        if re.match(rf"[ \t]*{expected}(?!\d)", t):
            if current:
                notes.append(make_footnote(*current))
            current = (expected, re.sub(rf"^[ \t]*{expected}\s?", "", t))
            expected += 1
        elif current:
            current = (current[0], current[1] + "\n" + t)
    if current:
        notes.append(make_footnote(*current))
    return notes, expected


def _lines(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line) + 1, line))
        pos += len(line) + 1
    return out


def _merge(spans):
    spans = sorted(spans)
    out = []
    for a, b in spans:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out

"""Parse the sentences that head every Kamervragen document, whatever the layout.

"Vragen van het lid Bikker (ChristenUnie) aan de Minister van … over … (ingezonden
15 oktober 2024)." and "Antwoord van Minister Van Weel (Justitie en Veiligheid),
mede namens de Staatssecretaris van … (ontvangen 5 december 2024)." carry who asked,
whom, about what, who answered, on whose behalf, and when.
"""

from __future__ import annotations

import re

from graph.document import Person
from graph.read.dutch import fold, office, parse_date, repair_name

TITLES = r"(?:Minister-President|Ministers?|Staatss?ecretariss?(?:en)?)"
_OFFICE_SPLIT = re.compile(
    rf"\s*,?\s+en\s+(?:de\s*|het\s*)?(?={TITLES}\b)|\s*,?\s+en\s+(?=(?:van|voor)\s)",
    re.IGNORECASE,
)
_QUESTIONERS = re.compile(
    r"\bvan\s+(?:het\s+)?(?:het\s+lid|de\s+leden|het\s+Kamerlid|de\s+Kamerleden)\s+(.+?\))"
    r"(?=\s*(?:,\s*)?(?:aan|over|op|worden|$)\b)",
    re.IGNORECASE,
)
_GROUP = re.compile(r"([^()]+?)\s*\(([^()]*)\)")
_ANSWERER = re.compile(
    rf"\b({TITLES})\s+((?:[^()](?!\bmede\s+namens\b))+?)\s*\(([^()]+)\)", re.IGNORECASE
)
_SEE_ALSO = re.compile(
    r"Zie\s+ook\s+Aanhangsel\s+Handelingen,?\s*(?:vergaderjaar\s*)?(\d{4})\s*[–-]\s*(\d{4}),?\s*"
    r"nr\.?\s*(\d+)",
    re.IGNORECASE,
)


def _unglue(text: str) -> str:
    """ "Welzijn enSport", "deStaatssecretaris": a lost space after a small word."""
    return re.sub(r"\b(en|de|van|het|voor)(?=[A-ZÀ-Þ][a-zà-ÿ])", r"\1 ", fold(text))


def parse_questioners(text: str) -> list[Person]:
    """MPs with their party; a party after several names ("Paternotte en Podt (beiden
    D66)", "Mutluer, Lahlah (GroenLinks-PvdA)") belongs to each name before it."""
    m = _QUESTIONERS.search(fold(text))
    if not m:
        return []
    people: list[Person] = []
    for names, party in _GROUP.findall(m.group(1)):
        party = re.sub(r"^(?:beiden|beide|allen|alle)\s+", "", fold(party), flags=re.IGNORECASE)
        names = re.sub(r"^\s*(?:,|en)\s+", "", names.strip())
        for name in re.split(r"\s*,\s*|\s+en\s+", names):
            if name.strip():
                people.append(Person(repair_name(name), party=party))
    return people


def split_offices(text: str) -> list[str]:
    """ "de Ministers van BZ en van Asiel en Migratie" -> two offices, title carried."""
    text = _unglue(text)
    text = re.sub(r"^(?:de|het)\s+", "", text, flags=re.IGNORECASE)
    offices, title = [], "Minister"
    for chunk in _OFFICE_SPLIT.split(text):
        chunk = chunk.strip(" ,.")
        m = re.match(rf"({TITLES})\s+(.*)$", chunk, re.IGNORECASE)
        if m:
            title = singular(m.group(1))
            chunk = m.group(2)
        if chunk:
            offices.append(office(title, chunk))
    return offices


def singular(title: str) -> str:
    t = title.lower()
    if t.startswith("minister-president"):
        return "Minister-President"
    if t.startswith("minister"):
        return "Minister"
    return "Staatssecretaris"


def parse_addressees(text: str) -> list[str]:
    m = re.search(rf"\baan\s+(?:de|het)\s*({TITLES}\b.+?)\s+over\b", fold(text), re.IGNORECASE)
    return split_offices(m.group(1)) if m else []


def parse_title(text: str) -> str | None:
    m = re.search(
        r"\bover\s+(.+?)(?:\s*\(ingezonden\b|\s+worden\s+beantwoord\b|\.?\s*$)", fold(text)
    )
    return m.group(1).strip(" .") if m else None


def parse_answer_line(text: str) -> tuple[list[Person], list[str]]:
    """Answerers (name and office) and the offices after "mede namens"."""
    text = fold(text)
    text = re.sub(r"\(\s*ontvangen[^)]*\)", "", text)
    parts = re.split(r"\bmede\s+namens\b", text, maxsplit=1, flags=re.IGNORECASE)
    main, behalf = parts[0], parts[1] if len(parts) > 1 else ""
    people = [
        Person(repair_name(name), role=office(singular(title), portfolio))
        for title, name, portfolio in _ANSWERER.findall(main)
    ]
    behalf = re.split(r"\)|\.\s", behalf)[0] if behalf else ""
    return people, split_offices(behalf) if behalf.strip() else []


def parse_see_also(text: str) -> str | None:
    m = _SEE_ALSO.search(fold(text))
    if not m:
        return None
    return f"Aanhangsel Handelingen {m.group(1)}-{m.group(2)}, nr. {m.group(3)}"


def received(text: str) -> str | None:
    m = re.search(r"\(\s*ontvangen\s*([^)]*)\)", fold(text))
    return parse_date(m.group(1)) if m else None


def submitted(text: str) -> str | None:
    m = re.search(r"\(\s*ingezonden\s*([^)]*)\)", fold(text))
    return parse_date(m.group(1)) if m else None

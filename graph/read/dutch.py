"""Small facts of written Dutch the readers need: month names, dates, names, offices."""

from __future__ import annotations

import functools
import re
import unicodedata

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip

DATE = re.compile(
    r"\b(\d{1,2})\s*(" + "|".join(MONTHS) + r")\s*(\d{4})\b",
    re.IGNORECASE,
)

NAME_PARTICLES = {"van", "de", "der", "den", "het", "ter", "ten", "te", "op", "in", "'t"}


def parse_date(text: str) -> str | None:
    """The first Dutch date in ``text`` ("5 december 2024", "18 november2024") as ISO."""
    m = DATE.search(text)
    if not m:
        return None
    day, month, year = int(m.group(1)), MONTHS[m.group(2).lower()], int(m.group(3))
    if not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=64)
def fold(text: str) -> str:
    """Whitespace folded to single spaces, stripped. Cached: the header parsers each fold
    the same header text (questioners, addressees, title, dates)."""
    return _SPACES.sub(" ", text).strip()


def repair_name(name: str) -> str:
    """A person's name as printed in a header, repaired: glued first name and surname
    ("DaniëlleJansen"), a detached accent ("Kostic ´"), spaced dashes ("Faber – van de
    Klashorst"), initials dropped ("D.M. van Weel"), a leading particle capitalised as
    Dutch does for a surname on its own ("van Weel" -> "Van Weel")."""
    name = fold(name)
    name = re.sub(r"(\w) ?´", lambda m: unicodedata.normalize("NFC", m.group(1) + "\u0301"), name)
    name = re.sub(r"\s*[–—-]\s*", "-", name)
    name = re.sub(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ][a-zà-ÿ])", " ", name)
    name = re.sub(r"^(?:[A-Z]\.\s*)+", "", name).strip()
    words = name.split(" ")
    if words and words[0].lower() in NAME_PARTICLES:
        words[0] = words[0].capitalize()
    name = " ".join(words)
    # "Faber-van de Klashorst": a particle after a hyphen starts a surname part
    return re.sub(r"-(van|de|den|der|ter|ten)\b", lambda m: "-" + m.group(1).capitalize(), name)


def office(title: str, portfolio: str) -> str:
    """ "Minister" + "(Justitie en Veiligheid)" -> "Minister van Justitie en Veiligheid"."""
    title = title.strip().capitalize()
    if title.lower().startswith("staatsecretaris"):
        title = "Staatssecretaris"
    portfolio = fold(portfolio)
    if re.match(r"(van|voor)\b", portfolio, re.IGNORECASE):
        return f"{title} {portfolio[0].lower()}{portfolio[1:]}"
    return f"{title} van {portfolio}"

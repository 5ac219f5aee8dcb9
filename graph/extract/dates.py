"""Due dates: the date or period a Dutch sentence names for an action, as an ISO prefix.

:func:`normalise_due` reads expressions such as "In januari 2025", "voor de zomer",
"eind dit jaar", "binnen drie weken", "op 19 november", "in het eerste kwartaal van
2025" and returns the *end* of the period they name ("2025-01", "2025-06", "2024-12",
a day, ...), relative to the answer date. Conventions (the gold files use the end of a
period: "eerste kwartaal van 2025" is "2025-03", "voor de zomer" is "-06"):

=============================================  ==========================================
expression                                     due
=============================================  ==========================================
"op 19 november 2024", "per 1 juli 2025"        "2024-11-19", "2025-07-01"
"19 november" (no year)                         that day in the answer year, or the next
                                                year when it lies before the answer date
"(in|eind|begin|medio) januari 2025"            "2025-01"
"in januari" (no year)                          the next January from the answer date
"eerste/tweede/derde/vierde kwartaal 2025"      "2025-03" / "-06" / "-09" / "-12"
"eerste/tweede helft van 2025"                  "2025-06" / "2025-12"
"voor de zomer (van) 2025", "voor het reces"    "2025-06" (reces: "-07")
"voor de zomer" (no year)                       answer year "-06", next year after June
"(dit|komend) voorjaar"                         "-05" (end of spring), next one to come
"(deze|komende) zomer", "in de zomer"           "-08"
"na de zomer"                                   "-09" (start: the period is open-ended)
"(dit|komend) najaar"                           "-11" (end of autumn, Sep-Nov)
"(deze|komende) winter"                         "-12"
"voor de kerst", "eind dit jaar",               answer year "-12"
"voor het eind(e) van (dit|het) jaar"
"begin volgend jaar", "begin 2025"              "-03" of that year (its first quarter)
"medio 2025", "halverwege 2025"                 "2025-06"
"eind 2025"                                     "2025-12"
"volgend jaar", "komend jaar"                   next year, "2025"
"dit jaar"                                      answer year
"in/voor/uiterlijk/in de loop van 2025"         "2025"
"binnen drie weken", "over twee weken"          answer date + period, an ISO day
"binnen twee maanden", "binnen een jaar"        answer date + period, an ISO month
=============================================  ==========================================

Vague terms ("de komende periode", "op korte termijn", "zo spoedig mogelijk",
"binnenkort") give ``None``. Past dates are no due dates: anything followed by "jl."
or "jongstleden", preceded by "sinds", "afgelopen", "vorig", or ending before the
answer date is skipped. Without an answer date, relative expressions give ``None``.

Spaces between words are optional in the patterns: PDF text glues words ("eindvan").
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from graph.read.dutch import MONTHS

NUMBERS = {
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
    "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "zestien": 16,
}  # fmt: skip
QUARTERS = {"eerste": 3, "1e": 3, "tweede": 6, "2e": 6, "derde": 9, "3e": 9, "vierde": 12,
            "4e": 12, "laatste": 12}  # fmt: skip

_M = "(?P<month>" + "|".join(MONTHS) + ")"
_Y = r"(?P<year>(?:19|20)\d\d)"
_S = r"\s*"  # words may be glued in PDF text
_THIS_NEXT = r"(?P<rel>dit|deze|het|komend|komende|aankomend|aankomende|volgend|volgende)"

# Each pattern yields a named group set handled by _value(); order matters (longest first).
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(rx, re.IGNORECASE))
    for name, rx in [
        ("day", rf"\b(?P<day>[0-3]?\d){_S}{_M}(?:{_S}{_Y})?"),
        ("quarter", rf"\b(?P<q>eerste|tweede|derde|vierde|laatste|[1-4]e){_S}kwartaal"
                    rf"(?:{_S}(?:van{_S})?(?:{_Y}|{_THIS_NEXT}{_S}jaar))?"),
        ("qshort", rf"\bq(?P<qn>[1-4]){_S}{_Y}"),
        ("half", rf"\b(?P<h>eerste|tweede){_S}(?:helft|half{_S}jaar){_S}(?:van{_S})?"
                 rf"(?:{_Y}|{_THIS_NEXT}{_S}jaar)?"),
        ("month_edge", rf"\b(?P<edge>begin|eind|einde|medio|half|halverwege|midden|uiterlijk"
                       rf"|in|per|vanaf|tot|voor|na|rond|omstreeks){_S}{_M}(?:{_S}{_Y})?"),
        ("season", rf"\b(?:(?P<prep>voor|na|in|tijdens|rond){_S})?(?:de{_S}|het{_S})?"
                   rf"(?:{_THIS_NEXT}{_S})?"
                   rf"(?P<season>zomer(?:reces)?|voorjaar|najaar|winter|lente|herfst|"
                   rf"kerst(?:reces)?|kerstmis|reces)(?:{_S}(?:van{_S})?{_Y})?"),
        ("year_end", rf"\b(?:voor{_S})?(?:het{_S})?(?:eind|einde){_S}(?:van{_S})?"
                     rf"(?:{_THIS_NEXT}{_S}jaar|{_Y})"),
        ("year_edge", rf"\b(?P<edge>begin|medio|halverwege|midden){_S}"
                      rf"(?:{_THIS_NEXT}{_S}jaar|{_Y})"),
        ("within", rf"\b(?:binnen|over|uiterlijk{_S}binnen){_S}(?P<n>\d+|"
                   + "|".join(NUMBERS)
                   + rf"){_S}(?P<unit>dagen|dag|werkdagen|weken|week|maanden|maand|jaar)"),
        ("rel_year", rf"\b(?P<rel>volgend|komend|aankomend|dit|het{_S}komende|volgende){_S}jaar"),
        ("year", rf"\b(?P<prep>in|voor|uiterlijk|per|vanaf|tot|loop{_S}van|eind|begin|medio"
                 rf"|sinds|tussen|rond|omstreeks){_S}{_Y}\b"),
    ]
]  # fmt: skip

_PAST_AFTER = re.compile(r"^\W{0,3}(?:jl\b|jongstleden|j\.l\.|laatstleden|l\.l\.)", re.I)
_PAST_BEFORE = re.compile(
    r"(?:\bsinds|\bsedert|\bafgelopen|\bvorig\w*|\bbrief\s*van|\bvan\s*de\s*maand|\bin\s*de"
    r"\s*periode|\bt/m|\btot\s*en\s*met|\bop\s*de\s*datum\s*van)\s*$",
    re.I,
)
_FUTURE_AFTER = re.compile(r"^\W{0,3}(?:aanstaande|a\.s\.|as\b)", re.I)


def _parse(answered: str | None) -> date | None:
    if not answered:
        return None
    try:
        return date.fromisoformat(answered[:10])
    except ValueError:
        return None


def _end_of(value: str) -> date:
    """The last day of the period an ISO prefix names (for the past check)."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        y, m = parts
        return date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)
    return date(parts[0], 12, 31)


def _add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    return date(d.year + m // 12, m % 12 + 1, 1)


def _rel_year(rel: str | None, ref: date | None) -> int | None:
    if ref is None:
        return None
    rel = (rel or "").replace(" ", "").lower()
    if rel in ("volgend", "volgende", "komend", "komende", "aankomend", "aankomende",
               "hetkomende"):  # fmt: skip
        return ref.year + 1
    return ref.year


def _next_month(month: int, ref: date | None, *, day: int = 0) -> str | None:
    """The next occurrence (from the answer date) of a month, or a day in it."""
    if ref is None:
        return None
    year = ref.year
    if (month, day or 32) < (ref.month, ref.day if day else 0):
        year += 1
    return f"{year}-{month:02d}" + (f"-{day:02d}" if day else "")


def _season(season: str, prep: str, rel: str | None, year: str | None, ref: date | None):
    season = season.lower()
    if season.startswith("kerst"):
        month = 12
    elif season == "reces" or season == "zomerreces":
        month = 7
    elif season == "zomer":
        month = 6 if prep == "voor" else 9 if prep == "na" else 8
    elif season in ("voorjaar", "lente"):
        month = 5
    elif season in ("najaar", "herfst"):
        month = 11
    else:  # winter
        month = 12
    if year:
        return f"{year}-{month:02d}"
    if ref is None:
        return None
    rel = (rel or "").lower()
    if rel in ("volgend", "volgende") or rel in ("komend", "komende") and ref.month > month:
        return f"{ref.year + 1}-{month:02d}"
    if ref.month > month:  # "voor de zomer" said in September: next year's
        return f"{ref.year + 1}-{month:02d}"
    return f"{ref.year}-{month:02d}"


def _value(name: str, g: dict[str, str | None], ref: date | None) -> str | None:
    year = g.get("year")
    if name == "day":
        month, day = MONTHS[g["month"].lower()], int(g["day"])
        if not 1 <= day <= 31:
            return None
        if year:
            return f"{year}-{month:02d}-{day:02d}"
        return _next_month(month, ref, day=day)
    if name in ("quarter", "qshort"):
        month = QUARTERS[g["q"].lower()] if name == "quarter" else 3 * int(g["qn"])
        y = year or (str(_rel_year(g.get("rel"), ref)) if ref else None)
        return f"{y}-{month:02d}" if y else None
    if name == "half":
        month = 6 if g["h"].lower() == "eerste" else 12
        y = year or (str(_rel_year(g.get("rel"), ref)) if ref else None)
        return f"{y}-{month:02d}" if y else None
    if name == "month_edge":
        month = MONTHS[g["month"].lower()]
        if year:
            return f"{year}-{month:02d}"
        return _next_month(month, ref)
    if name == "season":
        return _season(g["season"], (g.get("prep") or "").lower(), g.get("rel"), year, ref)
    if name == "year_end":
        y = year or _rel_year(g.get("rel"), ref)
        return f"{y}-12" if y else None
    if name == "year_edge":
        y = year or _rel_year(g.get("rel"), ref)
        month = 3 if g["edge"].lower() == "begin" else 6
        return f"{y}-{month:02d}" if y else None
    if name == "within":
        if ref is None:
            return None
        n = g["n"].lower()
        count = int(n) if n.isdigit() else NUMBERS[n]
        unit = g["unit"].lower()
        if unit.startswith(("dag", "werkdag")):
            days = count * (7 / 5 if unit.startswith("werk") else 1)
            return (ref + timedelta(days=round(days))).isoformat()
        if unit in ("week", "weken"):
            return (ref + timedelta(weeks=count)).isoformat()
        months = count * (12 if unit == "jaar" else 1)
        return _add_months(ref, months).isoformat()[:7]
    if name == "rel_year":
        y = _rel_year(g.get("rel"), ref)
        return str(y) if y else None
    if name == "year":
        if (g.get("prep") or "").lower() in ("sinds", "tussen"):
            return None
        return year
    return None


_ANY = re.compile(
    r"\d|jaar|kwartaal|helft|zomer|voorjaar|najaar|winter|lente|herfst|kerst|reces|dag|week"
    r"|weken|maand|" + "|".join(MONTHS),
    re.IGNORECASE,
)


def find_dates(text: str, answered: str | None) -> list[tuple[int, int, str]]:
    """Every future date or period in ``text``: (start, end, ISO prefix), in text order."""
    if not _ANY.search(text):
        return []
    ref = _parse(answered)
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, int, str]] = []
    for name, rx in _PATTERNS:
        for m in rx.finditer(text):
            a, b = m.span()
            if any(a < y and x < b for x, y in taken):
                continue
            taken.append((a, b))
            after, before = text[b : b + 15], text[max(0, a - 30) : a]
            if _PAST_AFTER.search(after) or _PAST_BEFORE.search(before):
                continue
            value = _value(name, m.groupdict(), ref)
            if value is None:
                continue
            if ref is not None and _end_of(value) < ref and not _FUTURE_AFTER.search(after):
                continue
            found.append((a, b, value))
    return sorted(found)


def normalise_due(text: str, answered: str | None) -> str | None:
    """The first future date or period ``text`` names, as an ISO prefix, or ``None``."""
    found = find_dates(text, answered)
    return found[0][2] if found else None

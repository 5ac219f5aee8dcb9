"""Programmes: named plans and their numbered parts ("Actieplan X", "programma X",
"Actielijn 4", "pijler 2"), each with the topic the text gives and the answers that
mention it.

A numbered part implies the ones before it (a plan with an "Actielijn 6" has lines
1–5), so they are listed too, without a topic unless the text gives one.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from graph import BASE
from graph.document import Document
from graph.extract.matching import finditer
from graph.extract.sentences import split
from graph.record import slug

_SMALL = r"(?:tegen|voor|van|de|het|en|met|in|op|naar|als|zonder|aan)"
_TITLE = rf"[A-ZÀ-Þ][\w'-]*(?:\s+{_SMALL}\s+[\w'-]+|\s+[A-ZÀ-Þ][\w'-]*)*"
_PLAN = re.compile(
    rf"\b(?P<kind>[Aa]ctieplan(?:\s+programma)?|[Aa]ctieprogramma|[Pp]rogramma|[Ww]erkagenda|"
    rf"[Aa]anpak|[Ss]trategie)\s+(?P<title>«[^»]{{3,80}}»|{_TITLE})"
)
_PLAN_WORDS = ("ctieplan", "rogramma", "erkagenda", "anpak", "trategie")  # one in every _PLAN
_NAMED = re.compile(
    r"\b(?P<name>(?:[A-Z][a-z]+\s+)?[A-Z]?[a-z]*(?:[Aa]kkoord|[Pp]rogramma|[Aa]ctieplan))"
    r"\s*\((?P<acronym>[A-Z]{2,6})\)"
)
_PART = re.compile(
    r"\b(?P<kind>[Aa]ctielijn(?:en)?|[Pp]ijlers?|[Ss]poren|[Ss]poor)\s+"
    r"(?P<nums>\d{1,2}(?:\s*(?:,|en|t/m|-)\s*\d{1,2})*)"
)
_ARTICLE = r"(?:de|het|een)\s+[a-zà-ÿ(]"
_TOPIC_APPOSITION = re.compile(
    rf"^(?:\s+(?:uit|van)\s+(?:het|de)\s+\w+)?,\s+(?P<topic>{_ARTICLE}[^,]+?),\s"
)
_TOPIC_AFTER = re.compile(rf"^\s+(?:wordt\s+|worden\s+)?ingezet\s+op\s+(?P<topic>{_ARTICLE}[^,.]+)")
_TOPIC_BEFORE = re.compile(rf"(?:is|zijn)\s+(?P<topic>{_ARTICLE}[^,.]+?)\s+opgenomen\s+in\s+$")
_TOPIC_BACK = re.compile(
    rf"(?:aandacht\s+besteed\s+aan|ingezet\s+op)\s+(?P<topic>{_ARTICLE}[^,.]+)"
)


@dataclass
class _Programme:
    label: str
    part_of: str | None = None
    topic: str | None = None
    aliases: list[str] = field(default_factory=list)
    answers: set[int] = field(default_factory=set)


def find_programmes(doc: Document) -> list[dict]:
    plans, parts = _collect(doc)
    out = []
    for key in sorted(plans):
        out.append(_record(doc, plans[key]))
    for label in sorted(parts, key=lambda s: (s.split()[0], int(s.split()[1]))):
        out.append(_record(doc, parts[label]))
    return out


def plan_labels(doc: Document) -> dict[str, str]:
    """The plans :func:`find_programmes` lists: title key → label."""
    return {key: plan.label for key, plan in _collect(doc)[0].items()}


# "het Actieplan", "het huidige Actieplan" without a title: the document's one plan of that kind
_BARE_PLAN = re.compile(
    r"\b(?:het|dit|dat|ons)\s+(?:huidige\s+)?(?P<kind>[Aa]ctieplan|[Aa]ctieprogramma|[Ww]erkagenda)"
    r"\b(?!\s+(?:programma\s+)?(?:«|[A-ZÀ-Þ]))"
)


def plans_named(text: str, labels: dict[str, str]) -> list[tuple[int, str]]:
    """(offset, label) of every plan of ``labels`` (:func:`plan_labels`) that ``text`` names:
    by its title ("het Actieplan Samen tegen mensenhandel", "het NPRC") or, when the document
    has only one plan of that kind, as "het Actieplan"."""
    found = []
    for m in finditer(_PLAN, text, *_PLAN_WORDS):
        key = m.group("title").strip("«» ").casefold()
        if key in labels:
            found.append((m.start(), labels[key]))
    for m in finditer(_NAMED, text, "kkoord", "rogramma", "ctieplan"):
        if m.group("name").casefold() in labels:
            found.append((m.start(), labels[m.group("name").casefold()]))
    for m in finditer(_BARE_PLAN, text, "ctieplan", "ctieprogramma", "erkagenda"):
        kind = m.group("kind").casefold()
        of_kind = [label for label in labels.values() if label.casefold().startswith(kind + " ")]
        if len(of_kind) == 1:
            found.append((m.start("kind"), of_kind[0]))
    return sorted(found)


def _collect(doc: Document) -> tuple[dict[str, _Programme], dict[str, _Programme]]:
    """The plans and numbered parts of the document's answers (not to be changed: cached)."""
    return _collect_answers(tuple((a.number, a.text) for a in _distinct_answers(doc)))


@functools.lru_cache(maxsize=4)
def _collect_answers(
    answers: tuple[tuple[int, str], ...],
) -> tuple[dict[str, _Programme], dict[str, _Programme]]:
    """:func:`_collect` of ``(number, text)`` of each distinct answer. Cached: commitments
    (:func:`plan_labels`) and :func:`find_programmes` both need it for every document."""
    plans: dict[str, _Programme] = {}
    parts: dict[str, _Programme] = {}
    last_plan: str | None = None
    for number, text in answers:
        for m in finditer(_PLAN, text, *_PLAN_WORDS):
            title = m.group("title").strip("«» ")
            key = title.casefold()
            kind = m.group("kind").split()[0].capitalize()
            plan = plans.setdefault(key, _Programme(f"{kind} {title}"))
            for alias in (m.group(0), title):
                if alias != plan.label and alias not in plan.aliases:
                    plan.aliases.append(alias)
            plan.answers.add(number)
            last_plan = key
        for m in finditer(_NAMED, text, "kkoord", "rogramma", "ctieplan"):
            key = m.group("name").casefold()
            plan = plans.setdefault(key, _Programme(m.group("name")))
            if m.group("acronym") not in plan.aliases:
                plan.aliases.append(m.group("acronym"))
            plan.answers.add(number)
        for m in finditer(_PART, text, "ctielijn", "ijler", "poren", "poor"):
            word = (
                "Pijler"
                if m.group("kind").lower().startswith("pijler")
                else ("Spoor" if m.group("kind").lower().startswith("spo") else "Actielijn")
            )
            numbers = [int(n) for n in re.findall(r"\d+", m.group("nums"))]
            for n in numbers:
                label = f"{word} {n}"
                part = parts.setdefault(label, _Programme(label))
                part.answers.add(number)
                if last_plan and part.part_of is None:
                    part.part_of = plans[last_plan].label
                if part.topic is None and len(numbers) == 1:
                    part.topic = _topic(text, m)
    _fill_gaps(parts)
    return plans, parts


def _topic(text: str, m: re.Match[str]) -> str | None:
    after, before = text[m.end() :], text[: m.start()]
    for rx, where in ((_TOPIC_APPOSITION, after), (_TOPIC_AFTER, after)):
        t = rx.search(where)
        if t:
            return t.group("topic").strip()
    t = _TOPIC_BEFORE.search(before)
    if t:
        return t.group("topic").strip()
    if re.search(r"\bdeze\s+$", before, re.IGNORECASE):  # "deze Actielijn 4": look back
        sentences = [before[a:b] for a, b in split(before)]
        for sentence in reversed(sentences[-5:]):
            t = _TOPIC_BACK.search(sentence)
            if t:
                return t.group("topic").strip()
    return None


def _fill_gaps(parts: dict[str, _Programme]) -> None:
    for word in {label.split()[0] for label in parts}:
        numbers = [int(label.split()[1]) for label in parts if label.startswith(word + " ")]
        plan = next((p.part_of for p in parts.values() if p.part_of), None)
        for n in range(1, max(numbers)):
            parts.setdefault(f"{word} {n}", _Programme(f"{word} {n}", part_of=plan))


def _distinct_answers(doc: Document):
    for a in doc.answers:
        if not a.covers or a.number == a.covers[0]:
            yield a


def _record(doc: Document, p: _Programme) -> dict:
    scope = slug(p.part_of) + "/" if p.part_of else ""
    return {
        "id": f"{BASE}id/programme/{scope}{slug(p.label)}",
        "label": p.label,
        "topic": p.topic,
        "part_of": p.part_of,
        "aliases": list(p.aliases),  # a copy: ``p`` is cached
        "answers": sorted(p.answers),
    }

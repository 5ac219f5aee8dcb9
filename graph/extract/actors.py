"""Actors: who the document names, each once, with every mention's characters.

Three sources, in order of trust: the header (questioners and their parties,
answerers and their offices, the offices asked and answered for), the gazetteer
(``data/gazetteer``: names with identifiers), and general Dutch patterns for actors
the gazetteer lacks ("Full Name (ACRONYM)", "de gemeente X", "het ministerie van X",
"de Minister van X", "het lid X (Partij)", "de motie X/Y", "president X", organisation
heads such as "Stichting X" or a last word such as "…bond" or "Instituut", and a source a
footnote cites with its date: "NOS, 23 mei 2024, …").
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache

from graph import ACTOR_BASE
from graph.document import Document
from graph.extract.matching import finditer
from graph.gazetteer import Entry, Gazetteer, load_gazetteer, normalise
from graph.read.dutch import DATE, repair_name
from graph.record import slug
from graph.resources import project_path

ACTOR_TYPES = {"person", "party", "government", "organisation"}

_CAP = r"[A-ZÀ-Þ][\w'’&-]*"
_JOIN = (
    r"(?:\s+(?:van|voor|tegen|en|de|het|der|den|op|in|ter|of|for|the|of|and)\s+|\s*&\s*|\s+|,\s+)"
)
NOUN_HEADS = (
    "Stichting|Vereniging|Centrum|Inspectie|Raad|Kenniscentrum|Instituut|Autoriteit|Dienst|"
    "Bureau|Federatie|Platform|Universiteit|Hogeschool|Rechtbank|Gerechtshof|Academie|"
    "Agentschap|Commissie|Meldpunt|Team|Korps|Ombudsman|Coördinatiecentrum|"
    "Expertisecentrum|Kennisplatform"
)
ADJECTIVE_HEADS = (
    "Centraal|Nationaal|Nationale|Landelijk|Landelijke|Koninklijke|Nederlandse|Europese|"
    "Internationaal|Internationale"
)
ORG_HEADS = f"{NOUN_HEADS}|{ADJECTIVE_HEADS}"
_ORG = re.compile(rf"\b(?:{ORG_HEADS})(?:{_JOIN}{_CAP})+")
# A name whose last word is a compound ending in an organisation noun: "Algemene
# Onderwijsbond", "Nederlands Jeugdinstituut", "Immigratie- en Naturalisatiedienst".
ORG_SUFFIXES = (
    "bond|instituut|dienst|raad|centrum|autoriteit|federatie|vereniging|stichting|fonds|"
    "kamer|commissie|bureau|platform|inspectie|college|academie|agentschap|genootschap|"
    "unie|alliantie|coalitie|netwerk|overleg|collectief|beraad|ombudsman|rapporteur|"
    "hogeschool|universiteit|rechtbank|gerechtshof|organisatie|maatschappij|"
    "corporatie|tribunaal|korps|kruis"  # kruis: the Rode, Groene, Wit-Gele, Oranje Kruis
)
# _JOIN without its comma (a list of actors would run into one name: the noun ends it) and
# with "- en" ("Immigratie- en Naturalisatiedienst")
_NAME_JOIN = r"(?:\s+(?:van|voor|en|de|het|der|den|op|in|ter)\s+|\s*&\s*|\s+|-\s+en\s+)"
_SUFFIX_ORG = re.compile(
    rf"\b{_CAP}(?:{_NAME_JOIN}{_CAP})*?{_NAME_JOIN}"  # capitalised words, the last one …
    rf"(?P<head>[A-ZÀ-Þ][\w-]*(?:{ORG_SUFFIXES})|{ORG_SUFFIXES.title()})\b"  # … a noun,
    # then perhaps one more word: "Kenniscentrum LVB", "Overleg Veiligheid en Politie"
    rf"(?:\s+{_CAP}(?:\s+en\s+{_CAP}(?![\w'’&-]|\s+[A-ZÀ-Þ]))?(?![\w'’&-]))?"
)
# A name led by a compound ending in an organisation noun: "Jeugdfonds Sport & Cultuur".
_COMPOUND_ORG = re.compile(rf"\b[A-ZÀ-Þ][\w-]*(?:{ORG_SUFFIXES})(?:{_JOIN}{_CAP})+")
# A source cited with its date, at the start of a footnote or after a ";" there ("NOS, 23 mei
# 2024, 'Agent schiet …'") or in brackets anywhere ("(Leeuwarder Courant 4 juli 2024)").
_CITED_TAIL = (
    rf"({_CAP}(?:[\s-]+(?:{_CAP}|\d+|for|of|the|van|voor|de|en|der))*?),?\s+{DATE.pattern}"
)
_CITED_IN_NOTE = re.compile(rf"(?:^|;\s*)\s*{_CITED_TAIL}")
_CITED_IN_BRACKETS = re.compile(rf"\(\s*{_CITED_TAIL}")
# A sentence's first word before an article is no part of a name: "Betrekt de Raad …"
_OPENING_VERB = re.compile(r"^[A-ZÀ-Þ][a-zà-ÿ]+\s+(?:de|het)\s+(?=[A-ZÀ-Þ])")
_LEADING = re.compile(
    r"^(?:(?:De|Het|Een|Deze|Dit|Die|Dat|Ook|In|Op|Met|Voor|Van|Als|Bij|Naar|Om|Over|Uit|Zo|"
    r"Er|Wij|Ik|Hun|Onze|Mijn|Uw|Daarnaast|Tevens|Verder|Zowel|Door|Alle|Elke|Iedere|Welke|"
    r"Namens|Samen|Waar|Wanneer|Nu|Dan|Daarom|Hierbij|Volgens|Tot|Tussen|Binnen)\s+)+"
)
# Nouns that name an organisation wherever they stand in its name, besides NOUN_HEADS
_ORG_NOUNS = (
    "Rapporteur|Zorgautoriteit|Politie|Partij|Unie|Bank|Brandweer|Meldkamer|Veiligheidsregio|"
    "Organisation|Organization|Agency|Office|Council|Commission|Court|Union|Association|"
    "Foundation|Center|Centre"
)
_HEAD_WORDS = re.compile(
    rf"\b(?:{ORG_HEADS}|{_ORG_NOUNS}|Ministerie|Collectief|Alliantie|Coalitie|Overleg|"
    r"Netwerk|Groep)\b"
)
_NOT_ACTOR_WORDS = re.compile(
    r"(?i)(?:akkoord|plan|programma|wet|systeem|system|protocol|regeling|dossier|rapport|"
    r"strategie|agenda|kader|beleid|richtlijn|monitor|onderzoek|verordening|verdrag|"
    r"misdrijven|verdachte?|economie|contactpunt)(?:\b|$)"
)
_NOUN_HEAD = re.compile(rf"\b(?:{NOUN_HEADS}|{_ORG_NOUNS})\b|[A-Z]{{2,}}")
_ACRONYM_DEF = re.compile(
    rf"\b((?:{_CAP})(?:{_JOIN}(?:{_CAP}))*)\s*\(\s*([A-Z][A-Za-z&]{{1,9}})\s*\)"
)
_GEMEENTE = re.compile(rf"\b[Gg]emeente\s+({_CAP}(?:[\s-]{_CAP})*)")
_COLLEGE = re.compile(r"\bcollege van (?:burgemeester en wethouders|B&W|b&w)(?: van ([A-Z]\w+))?")
# A title's words: "Buitenlandse Zaken", "Justitie en Veiligheid", "Landbouw, Natuur en …"
_OFFICE_NAME = rf"{_CAP}(?:(?:,\s*|\s+en\s+|\s+){_CAP})*"
_MINISTERIE = re.compile(rf"\b[Mm]inisterie\s+van\s+({_OFFICE_NAME})")
# A foreign ministry: "het Oekraïense Ministerie van Buitenlandse Zaken" is not ours.
_FOREIGN_MINISTERIE = re.compile(
    rf"\b(?!Nederlandse\b)([A-ZÀ-Þ][a-zà-ÿ]+(?:se|sche))\s+"
    rf"([Mm]inisterie\s+van\s+{_OFFICE_NAME})"
)
_OFFICE = re.compile(
    rf"\b(Minister|minister|Staatssecretaris|staatssecretaris)\s+(van|voor)\s+"
    rf"({_OFFICE_NAME})"
)
_PARTICLES = r"(?:(?:van|de|der|den|ter|ten|te|in 't|El|Van|De|Den|Ter)\s+)*"
_SURNAME = (
    rf"(?:[A-ZÀ-Þ][a-zà-ÿ]+\s+(?={_PARTICLES}[A-ZÀ-Þ][a-zà-ÿ'’]+[\s,.)]))?"
    rf"{_PARTICLES}[A-ZÀ-Þ][a-zà-ÿ'’]+(?:[A-ZÀ-Þ][a-zà-ÿ'’]+)?(?:-{_PARTICLES}[A-ZÀ-Þ][a-zà-ÿ'’]+)?"
)
_OFFICE_PERSON = re.compile(
    rf"\b(?:[Mm]inister(?:-[Pp]resident)?|[Ss]taatssecretaris)\s+({_SURNAME})\s*\(([^()]{{2,60}})\)"
)
_PARTY_NOTE = r"(?:\s*\([^()]{2,40}\))"
# MPs: "het lid X (Partij)", "de leden X (Partij) en Y (Partij)", and the authors of a motion
# or amendment ("de motie Piri c.s.", "motie Hagen/Sneller", "het amendement van het lid X").
# PDF text glues "vande leden".
_MP = re.compile(r"(?:het\s+(?:Kamer)?lid|de\s+(?:Kamer)?leden)\s+|\b(?:Tweede )?Kamerlid\s+")
_MOTION = re.compile(
    r"\b(?:[Mm]otie|[Aa]mendement)[- ](?:van\s+(?:het\s+lid|de\s+leden)\s+)?(?=[A-ZÀ-Þ])"
)
_MP_NAMES = re.compile(
    rf"({_SURNAME}{_PARTY_NOTE}?(?:(?:,\s*|\s+en\s+|\s*/\s*){_SURNAME}{_PARTY_NOTE}?)*)"
)
_MP_SPLIT = re.compile(r"\s*\(([^()]{2,40})\)|\s*,\s*|\s+en\s+|\s*/\s*")
# People named with a title: "president Poetin", "Chinese president Xi", "professor Shaw"
# (PDF text glues "Afrikaansepresident"; "minister-president X" is an office, found above).
_TITLED = re.compile(
    rf"(?<!-)(?:\b|(?<=[a-zà-ÿ]))(?:[Pp]resident|[Pp]rofessor|[Pp]rof\.)\s+"
    rf"(?=[A-ZÀ-Þ])({_SURNAME})"
)
# "\b[A-Z][A-Za-z&]{1,7}\b", led by the capital so that the engine skips to the next one in C
_BARE_ACRONYM = re.compile(r"[A-Z](?<=\b[A-Z])[A-Za-z&]{1,7}\b")
_OFFICE_WORDS = ("inister", "taatssecretaris")  # in every _OFFICE, _OFFICE_PERSON match
# Words a footnote opens with before a date that name a document, not who wrote it.
_NOT_A_SOURCE = re.compile(
    r"(?:Brief|Kamerbrief|Kamerstuk|Kamerstukken|Handelingen|Aanhangsel|Besluit|Staatscourant|"
    r"Stcrt|Stb|Beantwoording|Motie|Uitspraak|Vonnis|Arrest|Persbericht|Nieuwsbericht|"
    r"Verslag|Antwoord|Vraag|Vragen|Artikel|Zie|Datum|Geraadpleegd|Bron|Sinds|Vanaf|Per)\b"
)
_ORG_GATE = re.compile(ORG_HEADS)  # the heads alone: no leading \b, so a fast scan
# What every match of _ACRONYM_DEF and _TITLED holds, led by a literal (a fast scan): most
# parts have brackets or a "prof…" word, few a bracketed acronym or a title before a name.
_ACRONYM_GATE = re.compile(r"\(\s*[A-Z][A-Za-z&]{1,9}\s*\)")
_TITLED_GATE = re.compile(r"r(?:esident|ofessor|of\.)\s+[A-ZÀ-Þ]")
_LOCATIVE = re.compile(
    r"(?i)\b(?:in|uit|naar|binnen|buiten|via|vanuit|tussen|door|over|op|rond|nabij|"
    r"heel|geheel|regio|grondgebied|gebied)\s+(?:het\s+)?$"
)


@dataclass
class _Actor:
    id: str
    label: str
    type: str
    aliases: list[str] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)

    def add_alias(self, name: str) -> None:
        name = " ".join(name.split())
        if name and name != self.label and name not in self.aliases:
            self.aliases.append(name)

    def record(self) -> dict:
        mentions = sorted(
            self.mentions, key=lambda m: (_PART_ORDER[m["part"]], m["number"], m["start"])
        )
        return {
            "id": self.id,
            "label": self.label,
            "type": self.type,
            "aliases": self.aliases,
            "identifiers": self.identifiers,
            "mentions": mentions,
        }


_PART_ORDER = {"title": 0, "question": 1, "answer": 2, "footnote": 3}


class ActorIndex:
    """The actors of one document, and which of them each span mentions."""

    def __init__(self, actors: list[dict], government: list[str]):
        self.actors = actors
        self.government = government
        self._by_part: dict[tuple[str, int], list[tuple[int, int, str]]] = {}
        for actor in actors:
            if actor["type"] not in ACTOR_TYPES:
                continue
            for m in actor["mentions"]:
                key = (m["part"], m["number"])
                self._by_part.setdefault(key, []).append((m["start"], m["end"], actor["id"]))
        for spans in self._by_part.values():
            spans.sort()

    def in_span(self, kind: str, number: int, start: int, end: int) -> list[str]:
        """Actor IRIs mentioned inside ``[start, end)`` of that part, in order, once each."""
        found = [i for a, b, i in self._by_part.get((kind, number), ()) if a >= start and b <= end]
        return list(dict.fromkeys(found))


class _Registry:
    """Actors by IRI, with a name index so every surface form resolves to one actor."""

    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer
        self.actors: dict[str, _Actor] = {}
        self.names: dict[str, str] = {}

    def from_entry(self, entry: Entry) -> _Actor:
        iri = f"{ACTOR_BASE}{entry.id}"
        actor = self.actors.get(iri)
        if actor is None:
            actor = _Actor(iri, entry.label, entry.type, identifiers=list(entry.identifiers))
            for name in entry.aliases:
                actor.add_alias(name)
            if entry.part_of and entry.kind == "ambt" and entry.part_of in self.gaz.entries:
                parent = self.gaz.entries[entry.part_of]
                for name in parent.names:  # the ministry's names, as users write either
                    actor.add_alias(name)
            self.actors[iri] = actor
            for name in (actor.label, *actor.aliases):
                self.names.setdefault(normalise(name), iri)
        return actor

    def named(self, label: str, type_: str, key: str | None = None, resolve: bool = True) -> _Actor:
        """An actor by name: known to the gazetteer or this document, else a new one.

        ``resolve=False`` skips the gazetteer: MPs are not looked up among the office
        holders by surname (the MP Helder is not the minister Helder)."""
        norm = normalise(label)
        if norm in self.names:
            return self.actors[self.names[norm]]
        entry = self._lookup(label) if resolve else None
        if entry is not None and (entry.type == type_ or type_ == "organisation"):
            return self.from_entry(entry)
        iri = f"{ACTOR_BASE}{key or slug(label)}"
        actor = self.actors.get(iri) or _Actor(iri, label, type_)
        self.actors[iri] = actor
        self.names.setdefault(norm, iri)
        return actor

    def _lookup(self, label: str) -> Entry | None:
        """Gazetteer lookup, forgiving PDF damage ("Economi-sche", "BuitenlandseZaken")."""
        for candidate in (
            label,
            re.sub(r"(?<=[a-zà-ÿ])-(?=[a-zà-ÿ])", "", label),
            re.sub(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])", " ", label),
        ):
            entry = self.gaz.lookup(candidate)
            if entry is not None:
                return entry
        return None

    def office(self, label: str) -> _Actor:
        """ "Minister van Justitie en Veiligheid en Binnenlandse Zaken": the longest known
        office the words start with, else the whole phrase as a new office."""
        cuts = [m.start() for m in re.finditer(r"\s+en\s+", label)]
        for cut in reversed(cuts):
            entry = self._lookup(label[:cut])
            if entry is not None and self._lookup(label) is None:
                return self.from_entry(entry)
        return self.named(label, "government")

    def alias(self, actor: _Actor, name: str) -> None:
        actor.add_alias(name)
        self.names.setdefault(normalise(name), actor.id)


def find_actors(doc: Document, gazetteer: Gazetteer | None = None) -> ActorIndex:
    """Every actor of ``doc`` with its mentions; ``government`` lists the answering side.

    Functions such as "zorgcoördinator" or "wijkagent" (``data/reference/roles.csv``) are
    kept as actors of type ``role``: people in a function, not an organisation."""
    reg = _Registry(gazetteer or load_gazetteer())
    government = _header_actors(doc, reg)
    header = set(government) | {f"{ACTOR_BASE}person-{slug(p.name)}" for p in doc.questioners}
    for kind, number, text in _texts(doc):
        _scan(reg, kind, number, text)
        _roles(reg, kind, number, text)
    _surname_into_full_name(reg, keep=header)
    actors = [a.record() for a in sorted(reg.actors.values(), key=lambda a: a.id)]
    return ActorIndex(actors, government)


def _surname_into_full_name(reg: _Registry, keep: set[str]) -> None:
    """A person named by surname alone ("het lid Mulder") is the one person of the document
    whose full name ends in it ("het lid Edgar Mulder"): one actor, not two. Not when two
    full names end in it, nor for the header's persons, whose IRIs the document names."""
    persons = [a for a in reg.actors.values() if a.type == "person"]
    for short in persons:
        if short.id in keep or short.id not in reg.actors:
            continue
        tail = " " + short.label.casefold()
        fuller = [a for a in persons if a is not short and a.label.casefold().endswith(tail)]
        if len(fuller) != 1:
            continue
        full = fuller[0]
        full.mentions += short.mentions
        for name in (short.label, *short.aliases):
            full.add_alias(name)
        del reg.actors[short.id]
        for name, iri in list(reg.names.items()):
            if iri == short.id:
                reg.names[name] = full.id


def _texts(doc: Document):
    seen = set()
    for part in doc.questions + doc.answers:
        if part.kind == "answer" and part.covers and part.number != part.covers[0]:
            continue  # a combined answer is scanned once, under its first number
        if (part.kind, part.number) not in seen:
            seen.add((part.kind, part.number))
            yield part.kind, part.number, part.text
    for note in doc.footnotes:
        yield "footnote", note.number, note.text


def _header_actors(doc: Document, reg: _Registry) -> list[str]:
    government: list[str] = []
    offices, persons = [], []
    for person in doc.answerers:
        office = reg.named(person.role, "government") if person.role else None
        holder = _holder(reg, office, doc.answered) if office else None
        actor = reg.from_entry(holder) if holder else reg.named(person.name, "person")
        reg.alias(actor, person.name)
        if person.role:
            reg.alias(actor, f"{person.role.split()[0]} {person.name}")
        persons.append(actor.id)
        if office:
            offices.append(office.id)
    for name in doc.on_behalf_of + doc.addressees:
        for office in _offices(reg, name):
            if name in doc.on_behalf_of:
                offices.append(office.id)
    for person in doc.questioners:
        actor = reg.named(person.name, "person", key=f"person-{slug(person.name)}", resolve=False)
        reg.alias(actor, f"lid {person.name}")
        if person.party:
            party = reg.named(person.party, "party", key=f"party-{slug(person.party)}")
            if party.type != "party":
                party.type = "party"
    if doc.questioners and (kamer := reg.gaz.lookup("Tweede Kamer")) is not None:
        reg.from_entry(kamer)  # the questions are put by its members
    government = list(dict.fromkeys(offices[:1] + persons + offices[1:]))
    return government


def _offices(reg: _Registry, name: str) -> list[_Actor]:
    """ "Minister van Justitie en Veiligheid en Binnenlandse Zaken": two known offices
    when the header's "en" joined them, else the name as one office."""
    if reg._lookup(name) is None:
        title = name.split(" van ", 1)[0].split(" voor ", 1)[0]
        for m in re.finditer(r"\s+en\s+", name):
            left, right = name[: m.start()], f"{title} van {name[m.end() :]}"
            if reg._lookup(left) and reg._lookup(right):
                return [reg.named(left, "government"), reg.named(right, "government")]
        whole = _office_cut_at_en(reg, name)
        if whole is not None:
            actor = reg.from_entry(whole)
            reg.alias(actor, name)
            return [actor]
    return [reg.named(name, "government")]


def _office_cut_at_en(reg: _Registry, name: str) -> Entry | None:
    """The one office whose title ``name`` is cut short of at an "en": questioners write
    "de staatssecretaris van Infrastructuur" for "… van Infrastructuur en Waterstaat"."""
    offices = [e for e in reg.gaz.named_from(f"{name} en ") if e.kind == "ambt"]
    return offices[0] if len(offices) == 1 else None


def _holder(reg: _Registry, office: _Actor, on: str | None) -> Entry | None:
    entry_id = office.id.rsplit("/", 1)[-1]
    if not on or entry_id not in reg.gaz.entries:
        return None
    return reg.gaz.office_holder(entry_id, on)


def _mention(actor: _Actor, kind: str, number: int, start: int, end: int, text: str) -> None:
    m = {"part": kind, "number": number, "start": start, "end": end, "text": text[start:end]}
    if m not in actor.mentions:
        actor.mentions.append(m)


def _scan(reg: _Registry, kind: str, number: int, text: str) -> None:
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def hit(actor: _Actor, a: int, b: int, alias: bool = True) -> None:
        if alias:
            reg.alias(actor, text[a:b])
        _mention(actor, kind, number, a, b, text)
        taken.append((a, b))

    def in_a_name(a: int) -> bool:
        """Is the state at ``a`` the last word of a name: after a capitalised word that is
        no actor already found and no title ("de Minister Turkije gevraagd")?"""
        m = _NAME_BEFORE.search(text, max(0, a - 40), a)
        return bool(m) and not _TITLE_WORD.fullmatch(m.group(1)) and free(m.start(1), m.end(1))

    def organisation(name: str, a: int, b: int) -> None:
        """A name a general pattern found: the gazetteer's actor if it knows the name."""
        entry = reg.gaz.lookup(name)
        hit(reg.from_entry(entry) if entry else reg.named(name, _guess_type(name)), a, b)

    # 1. definitions "Full Name (ACRONYM)": both forms name one actor
    for m in _ACRONYM_DEF.finditer(text) if _ACRONYM_GATE.search(text) else ():
        name, acronym = _trim_name(m.group(1)), m.group(2)
        while name and not _acronym_fits(name, acronym):  # "Het Expertisecentrum … (EZZ)"
            name = name.split(" ", 1)[1] if " " in name else ""
        if not name:
            continue
        entry = reg.gaz.lookup(name) or reg.gaz.lookup(acronym)
        if entry is not None:
            actor = reg.from_entry(entry)
        elif _HEAD_WORDS.search(name) and not _NOT_ACTOR_WORDS.search(name):
            actor = reg.named(name, _guess_type(name))
        else:
            continue
        reg.alias(actor, acronym)
        a = m.start(1) + m.group(1).index(name)
        hit(actor, a, a + len(name))
        hit(actor, m.start(2), m.end(2))
    # 1b. a foreign ministry, before the gazetteer takes its Dutch namesake
    for m in finditer(_FOREIGN_MINISTERIE, text, "inisterie"):
        label = f"{m.group(1)} {_trim_name(m.group(2))}"
        a = m.start()
        if free(a, a + len(label)):
            hit(reg.named(label, "government", resolve=False), a, a + len(label))
    # 2. the gazetteer; a state only where it acts, not where it is a place
    for a, b, entry in reg.gaz.find(text):
        if entry.kind == "staat" and (
            text[a - 1 : a] == "-" or _locative_before(text, a) or in_a_name(a)
        ):
            continue  # "Midden-Nederland" is a region, "in Nederland" a place, and
            # "Jeugdzorg Nederland" an organisation
        if free(a, b):
            hit(reg.from_entry(entry), a, b)
    # 3. general patterns
    for m in finditer(_OFFICE, text, *_OFFICE_WORDS):
        a, b = m.span()
        if free(a, b):
            label = f"{m.group(1).capitalize()} {m.group(2)} {_trim_name(m.group(3))}"
            hit(reg.office(label), a, a + len(label))
    for m in finditer(_MINISTERIE, text, "inisterie"):
        a, b = m.span()
        if free(a, b):
            label = f"ministerie van {_trim_name(m.group(1))}"
            hit(reg.office(label), a, a + len(label))
    for m in finditer(_GEMEENTE, text, "emeente"):
        a, b = m.span()
        if free(a, b):
            place = m.group(1)
            actor = reg.named(f"gemeente {place}", "government", key=f"gemeente-{slug(place)}")
            reg.alias(actor, place)
            hit(actor, a, b)
    for m in finditer(_COLLEGE, text, "college van "):
        a, b = m.span()
        if free(a, b):
            place = m.group(1) or _only_municipality(reg)
            if place:
                actor = reg.named(f"gemeente {place}", "government", key=f"gemeente-{slug(place)}")
                hit(actor, a, b)
    for m in finditer(_OFFICE_PERSON, text, *_OFFICE_WORDS):
        a, b = m.span(1)
        if free(a, b):
            name = repair_name(m.group(1))
            hit(reg.named(name, "person", key=f"person-{slug(name)}"), a, b, alias=False)
    cues = [*finditer(_MP, text, "lid", "leden"), *finditer(_MOTION, text, "otie", "mendement")]
    for cue in sorted(cues, key=lambda c: c.start()) if len(cues) > 1 else cues:
        a = cue.start()
        if a and text[a - 1].isalnum() and not text.endswith("van", 0, a):
            continue  # inside a word ("bestede leden"), unless glued to "van" ("vande leden")
        m = _MP_NAMES.match(text, cue.end())
        if m is None:
            continue
        pos = m.start(1)
        for i, piece in enumerate(_MP_SPLIT.split(m.group(1))):
            if not piece:
                continue
            a = text.index(piece, pos)
            pos = a + len(piece)
            if i % 2:  # a party in brackets
                party = re.sub(r"^(?:beiden|allen)\s+", "", piece).strip()
                entry = reg.gaz.lookup(party)
                a += piece.index(party)
                if entry is not None and entry.type == "party" and free(a, a + len(party)):
                    hit(reg.from_entry(entry), a, a + len(party))
                continue
            if not free(a, pos):  # a name the gazetteer or an office pattern already took
                continue
            label = repair_name(piece)
            actor = reg.named(label, "person", key=f"person-{slug(label)}", resolve=False)
            hit(actor, a, pos, alias=False)
    for m in _TITLED.finditer(text) if _TITLED_GATE.search(text) else ():
        a, b = m.span(1)
        if free(a, b):
            name = repair_name(m.group(1))
            hit(reg.named(name, "person", key=f"person-{slug(name)}"), a, b, alias=False)
    for m in _ORG.finditer(text) if _ORG_GATE.search(text) else ():
        name = _trim_name(m.group(0))
        a = m.start()
        b = a + len(name)
        if len(name.split()) < 2 or not free(a, b) or _NOT_ACTOR_WORDS.search(name):
            continue
        if not _NOUN_HEAD.search(name.split(" ", 1)[1]) and not re.match(NOUN_HEADS, name):
            continue
        organisation(name, a, b)
    for m in _SUFFIX_ORG.finditer(text):
        name = _LEADING.sub("", _OPENING_VERB.sub("", m.group(0)))
        a = m.end() - len(name)
        b = m.end()
        if a >= m.start("head"):  # the noun leads: _COMPOUND_ORG's name
            continue
        if not free(a, b) or _NOT_ACTOR_WORDS.search(name):
            continue
        organisation(name, a, b)
    for m in _COMPOUND_ORG.finditer(text):
        name = _trim_name(m.group(0))
        a, b = m.start(), m.start() + len(name)
        if len(name.split()) < 2 or not free(a, b) or _NOT_ACTOR_WORDS.search(name):
            continue
        organisation(name, a, b)
    cited = _CITED_IN_NOTE if kind == "footnote" else _CITED_IN_BRACKETS
    for m in cited.finditer(text):
        name = _trim_name(m.group(1))
        a, b = m.start(1), m.start(1) + len(name)
        if len(name) < 2 or _LEADING.match(name + " ") or not free(a, b):
            continue
        if _NOT_ACTOR_WORDS.search(name) or _NOT_A_SOURCE.match(name):
            continue
        organisation(name, a, b)
    # 4. acronyms defined earlier in this document, used bare here
    for m in _BARE_ACRONYM.finditer(text):
        iri = reg.names.get(m.group().casefold())
        if iri and m.group() != m.group().capitalize() and free(*m.span()):
            hit(reg.actors[iri], *m.span(), alias=False)


_NAME_BEFORE = re.compile(r"(?<=[\w)’'])\s([A-ZÀ-Þ][\w&'’-]*[a-zà-ÿ]) $")
"""A capitalised word before a state, itself not the first of a sentence: the state ends
an organisation's name ("Vereniging Gehandicaptenzorg Nederland", "Defence for Children
Nederland") or a document's ("Algemeen Ambtsbericht Turkije"). "Heeft Nederland …" opens
a question, and after an acronym ("de EU Turkije") a second actor follows: there the
state acts."""
_TITLE_WORD = re.compile(
    r"(?:Minister|Staatssecretaris|Minister-President|Premier|President|Kamer|Regering|"
    r"Kabinet|Commissie|Raad|Unie|Koning|Koningin|Ambassadeur|Rapporteur)"
)
"""Offices and bodies the office patterns find after the gazetteer: a state after them is
a second actor ("heeft de Minister Turkije gevraagd")."""


def _locative_before(text: str, a: int) -> bool:
    """Does ``text[:a]`` end in a place word ("in", "uit het", …)? Only the last 60
    characters are searched (not the whole part, for every state named), unless they
    hold at most the 14 non-blank characters a match has ("grondgebied het"): only then
    could a match start before them."""
    start = max(0, a - 60)
    if _LOCATIVE.search(text, start, a):
        return True
    if start == 0 or sum(not c.isspace() for c in text[start:a]) > 14:
        return False
    return _LOCATIVE.search(text, 0, a) is not None


ROLES_CSV = project_path("data", "reference", "roles.csv")


@lru_cache(maxsize=1)
def _role_table() -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    """One regex over every role name, and name -> (id, label)."""
    names: dict[str, tuple[str, str]] = {}
    with ROLES_CSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for name in [row["label"], *filter(None, row["aliases"].split("|"))]:
                names[name.casefold()] = (row["id"], row["label"])
    words = sorted(names, key=len, reverse=True)
    alternation = _prefix_tree(words) or "|".join(map(re.escape, words))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE), names


def _prefix_tree(words: list[str]) -> str | None:
    """``words`` as one alternation factored by common prefixes ("boa(?:'s|’s)?"), so
    the regex engine tries one branch per next letter instead of every word, longer
    words first as in a longest-first alternation. ``None`` when two branches could
    match the same letter (case-insensitively), where that equivalence would not hold."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def emit(node: dict) -> str | None:
        letters = [ch for ch in node if ch]
        for i, a in enumerate(letters):
            if any(re.fullmatch(re.escape(a), b, re.IGNORECASE) for b in letters[i + 1 :]):
                return None
        branches = []
        for ch in letters:
            rest = emit(node[ch])
            if rest is None:
                return None
            branches.append(re.escape(ch) + rest)
        if not branches:
            return ""
        body = "|".join(branches)
        optional = "" in node  # a shorter word ends here: tried after the longer ones
        if len(branches) == 1 and not optional:
            return body
        return f"(?:{body})" + ("?" if optional else "")

    return emit(tree)


def _roles(reg: _Registry, kind: str, number: int, text: str) -> None:
    pattern, names = _role_table()
    taken = None  # the spans other actors hold in this part, gathered at the first role
    for m in pattern.finditer(text):
        if taken is None:
            taken = [
                (x["start"], x["end"])
                for a in reg.actors.values()
                for x in a.mentions
                if (x["part"], x["number"]) == (kind, number)
            ]
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue  # "college van burgemeester en wethouders" is the municipality
        role_id, label = names[m.group().casefold()]
        iri = f"{ACTOR_BASE}{role_id}"
        actor = reg.actors.setdefault(iri, _Actor(iri, label, "role"))
        actor.add_alias(m.group())
        _mention(actor, kind, number, m.start(), m.end(), text)


_MET_IN = re.compile(r"\s+in\s+[A-ZÀ-Þ][\w'’-]*(?:\s+[A-ZÀ-Þ][\w'’-]*)*$")
"""A place after "in" at the end of a name the patterns found. Names with "in" in them
("Varkens in Nood", "Organisatie voor Veiligheid en Samenwerking in Europa") come from the
gazetteer, which this does not touch."""


def _trim_name(name: str) -> str:
    """Drop a trailing joining word or punctuation the greedy patterns took along, a last
    ", X" that no "en" closes (a name lists "Zorg, Jeugd en Onderwijs", a sentence lists
    actors: "Centrum Kinderhandel en Mensenhandel, Fier, het Rode Kruis"), and a last
    "in X", where the body met ("een Europese Raad in Brussel")."""
    name = re.sub(r"[\s,.]+$", "", name)
    name = _MET_IN.sub("", name)
    while ", " in name and " en " not in name.rsplit(", ", 1)[1]:
        name = name.rsplit(", ", 1)[0]
    while True:
        trimmed = re.sub(r"(?:\s+(?:van|voor|tegen|en|de|het|der|den|op|in|ter|of))+$", "", name)
        if trimmed == name:
            return name
        name = trimmed


def _acronym_fits(name: str, acronym: str) -> bool:
    """ "Centrum tegen Kinderhandel en Mensenhandel" fits "CKM": the acronym's letters
    appear, in order, at the starts of the name's words or inside them."""
    words = name.split()
    letters = [c for c in acronym if c.isalpha()]
    if not letters or len(words) < 2 and len(letters) > 1 and words[0][0] != letters[0]:
        return False
    if letters[0].casefold() != name[0].casefold():
        return False
    pos = 0
    low = name.casefold()
    for c in letters:
        pos = low.find(c.casefold(), pos)
        if pos < 0:
            return False
        pos += 1
    return True


def _guess_type(name: str) -> str:
    if re.search(
        r"\b(?:Ministerie|Inspectie|Rechtbank|Gerechtshof|Politie|Raad voor|"
        r"Nationaal Rapporteur|Autoriteit|Dienst|Agentschap|Korps|Brandweer|"
        r"Meldkamer|Veiligheidsregio|Ombudsman)\b",
        name,
    ):
        return "government"
    return "organisation"


def _only_municipality(reg: _Registry) -> str | None:
    places = [
        a.label[len("gemeente ") :]
        for a in reg.actors.values()
        if a.label.lower().startswith("gemeente ")
    ]
    return places[0] if len(places) == 1 else None

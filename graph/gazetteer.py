"""The actor gazetteer: who exists, under which names, in ``data/gazetteer/*.csv``.

Knowledge about the world is data; this module only loads it and finds its names in text.
Matching rules (why: Dutch words equal acronyms, "om" vs "OM", "Fier" vs "fier"):

- an alias with no lowercase letter, of at most 5 characters, or a single capitalised word
  matches case-sensitively, exactly as written ("OM", "NZa", "Defensie", "Trouw");
- an alias written all in lowercase matches in any case ("politie", "het kabinet");
- any other multi-word alias matches case-insensitively, except that its capitalised words
  after the first must start with a capital ("Veilig Thuis", "veilig Thuis", "VEILIG THUIS",
  never "zich veilig thuis voelen"; "minister van Justitie" for "Minister van Justitie");
- an alias written with a leading ``~`` in the CSV is *ambiguous* (bare place names,
  common surnames, "ME"): :meth:`Gazetteer.lookup` knows it, :meth:`Gazetteer.find` skips it
  unless asked;
- person aliases of a single word ("Agema", "Jansen") are ambiguous too: surnames alone
  name many people;
- a name of two or more words also matches with the space of one joint lost, as PDF text
  has it ("OxfamNovib", "Collegevan procureurs-generaal"), under the rules above. The glued
  word must be a whole word of the text. Where the name has no other real word (two words,
  or only "de", "van" and the like besides), the joint must look like glue: a capital after
  a lowercase letter or starting a word ("OxfamNovib", "RTÉInvestigates"), so neither
  "bureaubeke.nl" nor a Dutch compound is taken for a name; elsewhere the name's other
  words hold it in place ("Collegevan procureurs-generaal"). Ambiguous names never glue.
"""

from __future__ import annotations

import csv
import functools
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from graph.resources import project_path

__all__ = [
    "COLUMNS",
    "KINDS",
    "TYPES",
    "Entry",
    "Gazetteer",
    "load_gazetteer",
    "normalise",
]

COLUMNS = (
    "id",
    "label",
    "type",
    "kind",
    "aliases",
    "identifiers",
    "part_of",
    "valid_from",
    "valid_to",
    "note",
)
TYPES = frozenset({"government", "organisation", "party", "person"})
KINDS = frozenset(
    {
        "ministerie",
        "ambt",
        "parlement",
        "gemeente",
        "provincie",
        "agentschap",
        "inspectie",
        "rechtspraak",
        "adviesorgaan",
        "partij",
        "ngo",
        "koepel",
        "kennisinstelling",
        "bedrijf",
        "media",
        "internationaal",
        "beweging",
        "kabinet",
        "persoon",
        "staat",
    }
)
DEFAULT_DIR = project_path("data", "gazetteer")

_QUOTES = str.maketrans({c: "'" for c in "\u2018\u2019\u201a\u201b\u00b4`"})
_DQUOTES = str.maketrans({c: '"' for c in "\u201c\u201d\u201e\u00ab\u00bb"})
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"})
_PREFIXES = ("het lid ", "de heer ", "mevrouw ", "de ", "het ")
_TUSSENVOEGSELS = frozenset({"van", "de", "der", "den", "ter", "te", "ten", "in", "het", "'t"})
_WORD = re.compile(r"\w+")
_WORD_SPLIT = re.compile(r"(\w+)")  # captured: ``split`` keeps the words between the gaps
_FOLD = {**_QUOTES, **_DQUOTES, **_DASHES}  # one pass: no table maps into another's keys
_SPACED_DASH = re.compile(r" ?- ?")
_ARTICLES = frozenset({"de", "het", "een", "dit", "deze", "uw"})
_FILLERS = _ARTICLES | _TUSSENVOEGSELS | {"en", "of", "voor", "op", "aan", "tot", "the"}


@functools.lru_cache(maxsize=4096)
def normalise(name: str) -> str:
    """The form names are compared in: casefolded, quotes/dashes unified, articles dropped.

    >>> normalise("  de Vereniging van\\nNederlandse  Gemeenten ")
    'vereniging van nederlandse gemeenten'
    >>> normalise("Faber \u2013 van de Klashorst") == normalise("Faber-Van de Klashorst")
    True

    Cached: every document normalises the names of the actors it finds again.
    """
    text = name.translate(_FOLD)
    text = " ".join(text.split()).casefold()  # whitespace runs as one space, stripped
    text = _SPACED_DASH.sub("-", text)
    for prefix in _PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text[len(prefix) :]
            break
    return text


@dataclass(frozen=True)
class Entry:
    """One actor. ``names`` is every form it goes by; ``ambiguous`` those ``find`` skips."""

    id: str
    label: str
    type: str
    kind: str
    aliases: tuple[str, ...]
    identifiers: tuple[str, ...]
    part_of: str | None
    valid_from: str | None
    valid_to: str | None
    note: str = ""
    ambiguous: tuple[str, ...] = field(default=(), compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


def _token_pattern(token: str) -> str:
    out = []
    for ch in token.translate(_QUOTES).translate(_DASHES):
        if ch == "-":
            out.append("[-\u2010\u2011\u2012\u2013\u2014]")
        elif ch == "'":
            out.append("['\u2018\u2019\u00b4`]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _glued(before: str, after: str) -> bool:
    """Whether text glued as ``before`` + ``after`` looks like a lost space: a capital after a
    lowercase letter ("OxfamNovib") or a capital that starts a word ("RTÉInvestigates")."""
    return after[:1].isupper() and (before.islower() or after[1:2].islower())


class _Name:
    """One alias ready for matching: its regex (built and compiled on first use) and how to
    check it.

    ``glue`` is the joint (between word ``glue`` and ``glue + 1``) written without its space;
    ``camel`` makes that joint look like glue in the text (:func:`_glued`)."""

    __slots__ = ("text", "entry", "glue", "lead", "camel", "_pattern")

    def __init__(self, alias: str, entry: Entry, glue: int | None = None):
        self.text, self.entry, self.glue = alias, entry, glue
        self.lead = _WORD.search(alias).start()  # "'s-Gravenhage" starts 1 before its first word
        self.camel = False
        self._pattern: re.Pattern[str] | None = None

    def _compile(self) -> re.Pattern[str]:
        alias, glue = self.text, self.glue
        tokens = alias.split()
        person = self.entry.type == "person"
        if alias == alias.lower():
            flags, keep_capitals = re.IGNORECASE, False
        elif person or not any(c.islower() for c in alias) or len(alias) <= 5 or len(tokens) == 1:
            flags, keep_capitals = 0, False
        else:
            flags, keep_capitals = re.IGNORECASE, True
        capitals = [keep_capitals and t[0].isupper() for t in tokens]
        if any(capitals[1:]):
            capitals[0] = False  # "de staatssecretaris van Volksgezondheid, Welzijn en Sport"
        parts = []
        for n, token in enumerate(tokens):
            part = _token_pattern(token)
            if person and (n == 0 or token.lower() in _TUSSENVOEGSELS):
                # "Minister Van Weel" is also written "minister van Weel"
                part = f"[{token[0].upper()}{token[0].lower()}]" + _token_pattern(token[1:])
            elif capitals[n]:
                # "Veilig Thuis" but not "zich veilig thuis voelen"; "VEILIG THUIS" is fine
                part = f"(?-i:{re.escape(token[0])})" + _token_pattern(token[1:])
            parts.append(part)
        joints = [r"\s+"] * (len(parts) - 1)
        if glue is not None:
            joints[glue] = "()"  # the glued joint, a group to check it by
            # a lost space needs the look of glue unless another real word of the name is
            # there: "hetkabinet" or "de Nederlandseggz" could be a Dutch compound, never
            # "Collegevan procureurs-generaal"
            self.camel = all(
                t.casefold() in _FILLERS for n, t in enumerate(tokens) if n not in (glue, glue + 1)
            )
        source = parts[0] + "".join(j + p for j, p in zip(joints, parts[1:], strict=True))
        source += r"(?!\w)" if re.match(r"\w", alias[-1]) else ""
        return re.compile(source, flags)

    def match(self, text: str, start: int) -> re.Match[str] | None:
        if self._pattern is None:
            self._pattern = self._compile()
        m = self._pattern.match(text, start)
        if m and self.camel and not _glued(text[m.start(1) - 1], text[m.start(1) : m.end()]):
            return None
        return m

    @staticmethod
    def glues(alias: str) -> list[tuple[int, str]]:
        """The joints of ``alias`` a PDF may lose, each with the alias written without it."""
        tokens = alias.split()
        return [
            (k, " ".join([*tokens[:k], tokens[k] + tokens[k + 1], *tokens[k + 2 :]]))
            for k in range(len(tokens) - 1)
            if _WORD.match(tokens[k][-1]) and _WORD.match(tokens[k + 1][0])
        ]


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _dead_end(node: dict, folded: list[str], i: int) -> bool:
    """Does no name end at ``node`` nor go on with word ``i``? Most words that start a name
    ("de", "het", "minister") start none here; this spares them a call of ``_longest``."""
    return None not in node and (i >= len(folded) or folded[i] not in node)


def _word_starts(text: str) -> tuple[list[int], list[str]]:
    """The start offset and the casefolded form of every word of ``text``.

    One ``split`` by the word pattern gives the gaps and words in turn (gap, word, gap, …,
    gap); the running sum of their lengths gives the offsets, all in C. Match objects for
    every word of every part (most start no name) cost twice as much. ASCII text (most
    parts) is casefolded at once: there, casefolding is lower-casing, letter for letter."""
    is_ascii = text.isascii()
    pieces = _WORD_SPLIT.split(text.lower() if is_ascii else text)
    ends = list(itertools.accumulate(map(len, pieces)))
    words = pieces[1::2]
    return ends[0:-1:2], words if is_ascii else list(map(str.casefold, words))


class Gazetteer:
    """Entries by id, a normalised-name index for :meth:`lookup`, a trie of the names' words
    for :meth:`find`, and the terms of office of persons."""

    def __init__(
        self,
        entries: dict[str, Entry],
        terms: dict[str, list[tuple[str, str | None, str | None]]] | None = None,
    ):
        self.entries = entries
        self.terms = terms or {}
        # the terms of each office, (person id, start, end) in the order of ``terms``: every
        # document asks who held its offices, and most offices have few terms
        self._terms_of: dict[str, list[tuple[str, str | None, str | None]]] = defaultdict(list)
        for person, person_terms in self.terms.items():
            for office, start, end in person_terms:
                self._terms_of[office].append((person, start, end))
        self._by_name: dict[str, list[Entry]] = defaultdict(list)
        # trie over casefolded word tokens; a node is {word: node, None: ([strong], [weak])}
        self._trie: dict = {}
        glued: list[tuple[str, _Name]] = []
        for entry in entries.values():
            for name in entry.names:
                key = normalise(name)
                if entry not in self._by_name[key]:
                    self._by_name[key].append(entry)
                words = _words(name)
                if not words:
                    continue
                weak = name in entry.ambiguous or (
                    entry.type == "person" and len(name.split()) < 2 and "-" not in name
                )
                self._add(name, _Name(name, entry), weak)
                if not weak:
                    glued += [(g, _Name(name, entry, k)) for k, g in _Name.glues(name)]
        for written, name in glued:  # after every name as written, which wins a tie
            self._add(written, name, False)

    def _add(self, written: str, name: _Name, weak: bool) -> None:
        node = self._trie
        for word in _words(written):
            node = node.setdefault(word, {})
        node.setdefault(None, ([], []))[1 if weak else 0].append(name)

    def __len__(self) -> int:
        return len(self.entries)

    def lookup_all(self, name: str) -> list[Entry]:
        """Every entry that goes by ``name`` (normalised), in file order."""
        return list(self._by_name.get(normalise(name), ()))

    def named_from(self, start: str) -> list[Entry]:
        """Every entry one of whose names begins with ``start`` (both normalised): a name
        the text cuts short. Scans the name index: for rare misses only."""
        key = normalise(start) + (" " if start[-1:].isspace() else "")
        found: dict[str, Entry] = {}
        for name, entries in self._by_name.items():
            if name.startswith(key):
                found.update((e.id, e) for e in entries)
        return list(found.values())

    def lookup(self, name: str) -> Entry | None:
        """The entry that goes by ``name``; ``None`` when unknown or when several do."""
        found = self._by_name.get(normalise(name), ())
        return found[0] if len(found) == 1 else None

    def find(self, text: str, *, ambiguous: bool = False) -> list[tuple[int, int, Entry]]:
        """All non-overlapping ``(start, end, entry)`` matches in ``text``, leftmost-longest.

        ``ambiguous=True`` also matches the aliases marked ambiguous (bare place names,
        single surnames).
        """
        starts, folded = _word_starts(text)
        found: list[tuple[int, int, Entry]] = []
        end_of_last = 0
        trie = self._trie
        for i in [i for i, word in enumerate(folded) if word in trie]:  # words starting names
            if starts[i] < end_of_last or _dead_end(trie[folded[i]], folded, i + 1):
                continue
            best = self._longest(text, starts, folded, i, end_of_last, ambiguous)
            if best is not None and folded[i] in _ARTICLES and i + 1 < len(starts):
                # "de Kamer van Koophandel": not "de Kamer", but the longer name after "de"
                after = self._longest(text, starts, folded, i + 1, end_of_last, ambiguous)
                if after is not None and after[1] > best[1]:
                    best = after
            if best is not None:
                found.append(best)
                end_of_last = best[1]
        return found

    def _longest(
        self,
        text: str,
        starts: list[int],
        folded: list[str],
        i: int,
        not_before: int,
        ambiguous: bool,
    ) -> tuple[int, int, Entry] | None:
        """The longest name that starts at word ``i`` of ``text``."""
        best: tuple[int, int, Entry] | None = None
        node = self._trie
        for j in range(i, len(folded)):
            node = node.get(folded[j])
            if node is None:
                break
            if None not in node:
                continue
            strong, weak = node[None]
            for name in (*strong, *weak) if ambiguous else strong:
                start = starts[i] - name.lead
                if start < not_before or (name.lead and start > 0 and text[start - 1].isalnum()):
                    continue
                m = name.match(text, start)
                if m and (best is None or m.end() > best[1]):
                    best = (m.start(), m.end(), name.entry)
        return best

    def _covering(self, office_id: str, on: str) -> list[tuple[str, str | None, str]]:
        """``(start, end, person id)`` of the terms in ``office_id`` covering ``on``, newest
        first; terms are inclusive at both ends."""
        return sorted(
            (
                (s or "", e, person)
                for person, s, e in self._terms_of.get(office_id, ())
                if (s or "") <= on and (e is None or on <= e)
            ),
            key=lambda t: t[0],
            reverse=True,
        )

    def office_holders(self, office_id: str, on: str) -> list[Entry]:
        """Everyone whose term in ``office_id`` covers the ISO date ``on``, newest first."""
        return [
            self.entries[p] for p in dict.fromkeys(p for _, _, p in self._covering(office_id, on))
        ]

    def office_holder(self, office_id: str, on: str) -> Entry | None:
        """The person holding ``office_id`` on the ISO date ``on``.

        On a hand-over day (one term ends the day the next starts) the incoming holder.
        ``None`` when nobody is known, or when several people hold the office at once
        ("Staatssecretaris van Financiën" often has two): use :meth:`office_holders`.
        """
        covering = self._covering(office_id, on)
        people = list(dict.fromkeys(p for _, _, p in covering))
        if len(people) == 1:
            return self.entries[people[0]]
        if len(people) == 2:
            (new_start, _, new), (_, old_end, _) = covering[0], covering[-1]
            if new_start == on and old_end == on:
                return self.entries[new]
        return None

    def holder_offices(self, person_id: str, on: str | None = None) -> list[str]:
        """The office ids ``person_id`` held on ``on`` (every office ever when ``None``)."""
        terms = sorted(self.terms.get(person_id, ()), key=lambda t: t[1] or "")
        return list(
            dict.fromkeys(
                o for o, s, e in terms if on is None or ((s or "") <= on and (e is None or on <= e))
            )
        )


def _split(cell: str) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"{path}: header must be {','.join(COLUMNS)}")
        return [dict(row, _where=f"{path.name}:{n}") for n, row in enumerate(reader, start=2)]


def _entry(row: dict[str, str], aliases: list[str], identifiers: list[str]) -> Entry:
    ambiguous = tuple(a[1:].strip() for a in aliases if a.startswith("~"))
    clean = tuple(dict.fromkeys(a.lstrip("~").strip() for a in aliases))
    return Entry(
        id=row["id"],
        label=row["label"].strip(),
        type=row["type"],
        kind=row["kind"],
        aliases=tuple(a for a in clean if a != row["label"].strip()),
        identifiers=tuple(dict.fromkeys(identifiers)),
        part_of=row["part_of"] or None,
        valid_from=row["valid_from"] or None,
        valid_to=row["valid_to"] or None,
        note=row["note"] or "",
        ambiguous=ambiguous,
    )


def load_gazetteer(directory: str | Path | None = None) -> Gazetteer:
    """Read every ``*.csv`` in ``directory`` (default: the project's ``data/gazetteer``).

    Persons may span several rows, one per term of office: they become one :class:`Entry`
    (aliases and identifiers merged, ``part_of`` the latest office, ``valid_from``/``valid_to``
    the whole span) and their terms go to :attr:`Gazetteer.terms`.
    """
    if directory is None:
        return _default()
    return _load(Path(directory))


@functools.lru_cache(maxsize=1)
def _default() -> Gazetteer:
    return _load(DEFAULT_DIR)


def _load(directory: Path) -> Gazetteer:
    paths = sorted(directory.glob("*.csv"))
    if not paths:
        raise FileNotFoundError(f"{directory}: no gazetteer *.csv files")
    entries: dict[str, Entry] = {}
    person_rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    for path in paths:
        for row in _read(path):
            if row["type"] == "person":
                person_rows[row["id"]].append(row)
                continue
            if row["id"] in entries:
                raise ValueError(f"{row['_where']}: duplicate id {row['id']}")
            entries[row["id"]] = _entry(row, _split(row["aliases"]), _split(row["identifiers"]))
    terms: dict[str, list[tuple[str, str | None, str | None]]] = {}
    for person_id, rows in person_rows.items():
        if person_id in entries:
            raise ValueError(f"{rows[0]['_where']}: duplicate id {person_id}")
        rows.sort(key=lambda r: r["valid_from"] or "")
        aliases = [a for r in rows for a in _split(r["aliases"])]
        identifiers = [i for r in rows for i in _split(r["identifiers"])]
        ends = [r["valid_to"] for r in rows]
        merged = dict(
            rows[0],
            part_of=rows[-1]["part_of"],
            valid_from=rows[0]["valid_from"],
            valid_to="" if not all(ends) else max(ends),
            note="; ".join(dict.fromkeys(r["note"] for r in rows if r["note"])),
        )
        entries[person_id] = _entry(merged, aliases, identifiers)
        terms[person_id] = [
            (r["part_of"], r["valid_from"] or None, r["valid_to"] or None)
            for r in rows
            if r["part_of"]
        ]
    return Gazetteer(entries, terms)

"""Named SPARQL queries: find them, read their headers, bind parameters, format answers.

A named query is a file ``graph/queries/NAME.rq`` whose header comment says what it answers::

    # title: Commitments due before a date
    # description: Commitments whose due date ends before the given date.
    # param: before date = 2026-01-01

A parameter is a SPARQL variable of the query that must appear in its ``SELECT`` clause
(Oxigraph substitutes only projected variables). Values are bound as typed RDF terms by the
engine (:func:`graph.store.run`), never pasted into the query text, so a value cannot change
the query. Types: ``iri``, ``string``, ``date``, ``integer``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import XSD, Literal, URIRef

from graph.errors import QueryError

__all__ = [
    "QUERY_DIR",
    "Param",
    "NamedQuery",
    "list_queries",
    "load_query",
    "resolve",
    "bind_params",
    "format_rows",
    "is_update",
]

QUERY_DIR = Path(__file__).resolve().parent / "queries"
FORMATS = ("table", "csv", "json")
_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^(\w+)\s+(iri|string|date|integer)\s*=\s*(.*)$")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_PROLOGUE = re.compile(r"(\s+|#[^\n]*\n?|(?i:prefix)\s+[\w.-]*:\s*<[^>]*>|(?i:base)\s+<[^>]*>)*")
_UPDATE = re.compile(r"(?i)(insert|delete|load|clear|drop|create|copy|move|add|with)\b")


def is_update(text: str) -> bool:
    """True when ``text`` is a SPARQL Update (after its prologue) rather than a query."""
    rest = text[_PROLOGUE.match(text).end() :]
    return bool(_UPDATE.match(rest))


@dataclass(frozen=True)
class Param:
    """One declared parameter: its variable name, type and default (as text)."""

    name: str
    type: str
    default: str


@dataclass(frozen=True)
class NamedQuery:
    """A query with the metadata from its header comment."""

    name: str
    text: str
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = field(default_factory=tuple)
    path: Path | None = None


def parse_header(name: str, text: str, path: Path | None = None) -> NamedQuery:
    """Read ``# title:``, ``# description:`` and ``# param:`` lines from the leading comments."""
    meta: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        m = _HEADER.match(stripped)
        if not m:
            continue
        key, value = m.groups()
        if key == "param":
            p = _PARAM.match(value)
            if not p:
                raise QueryError(f"bad param line {value!r}: use `# param: NAME TYPE = DEFAULT`")
            params.append(Param(*p.groups()))
        else:
            meta[key] = value
    return NamedQuery(
        name, text, meta.get("title", ""), meta.get("description", ""), tuple(params), path
    )


def list_queries(directory: Path = QUERY_DIR) -> list[NamedQuery]:
    """Every named query in ``directory``, sorted by name."""
    return [load_query(p.stem, directory) for p in sorted(directory.glob("*.rq"))]


def load_query(name: str, directory: Path = QUERY_DIR) -> NamedQuery:
    """The named query ``name``; :class:`QueryError` listing the names when it is unknown."""
    path = directory / f"{name}.rq"
    if not _NAME.match(name) or not path.is_file():
        known = ", ".join(p.stem for p in sorted(directory.glob("*.rq")))
        raise QueryError(f"unknown query {name!r}; named queries: {known}")
    return parse_header(name, path.read_text(encoding="utf-8"), path)


def resolve(spec: str, directory: Path = QUERY_DIR) -> NamedQuery:
    """A query from a name, a ``.rq`` file path, or inline SPARQL text."""
    if _NAME.match(spec) and (directory / f"{spec}.rq").is_file():
        return load_query(spec, directory)
    if spec.endswith(".rq") or ("\n" not in spec and Path(spec).is_file()):
        path = Path(spec)
        if not path.is_file():
            raise QueryError(f"no such query file: {spec}")
        return parse_header(path.stem, path.read_text(encoding="utf-8"), path)
    if is_update(spec):
        raise QueryError("SPARQL updates are refused: the built graph is read-only")
    if re.search(r"\b(select|ask|construct|describe)\b", spec, re.IGNORECASE):
        return parse_header("inline", spec)
    if _NAME.match(spec):
        return load_query(spec, directory)  # raises "unknown query" with the list
    raise QueryError(f"not a query name, .rq file or SPARQL query: {spec!r}")


def _term(name: str, kind: str, value: str):
    if kind == "iri":
        value = value.strip().removeprefix("<").removesuffix(">")
        if not _IRI.match(value):
            raise QueryError(f"param {name}: not an IRI: {value!r}")
        return URIRef(value)
    if kind == "date":  # YYYY or YYYY-MM: its first day, as kg commitments --due-before
        from graph.tracker import parse_period_start

        day = parse_period_start(value, f"param {name}")
        return Literal(day.isoformat(), datatype=XSD.date)
    if kind == "integer":
        try:
            return Literal(int(value), datatype=XSD.integer)
        except ValueError:
            raise QueryError(f"param {name}: not an integer: {value!r}") from None
    return Literal(value)


def bind_params(query: NamedQuery, given: dict[str, str] | None = None) -> dict[str, object]:
    """RDF terms for every declared parameter (given value or default) and any extra given ones.

    A value for an undeclared parameter of a named query is an error (a typo would otherwise
    be silently ignored); for an ad-hoc query, ``<…>`` values are IRIs, others strings.
    """
    given = dict(given or {})
    declared = {p.name: p for p in query.params}
    terms: dict[str, object] = {}
    for p in query.params:
        terms[p.name] = _term(p.name, p.type, given.pop(p.name, p.default))
    if given and query.path is not None and query.path.parent == QUERY_DIR:
        names = ", ".join(declared) or "none"
        raise QueryError(f"unknown param {', '.join(given)} for {query.name} (params: {names})")
    for key, value in given.items():
        kind = "iri" if value.startswith("<") and value.endswith(">") else "string"
        terms[key] = _term(key, kind, value)
    return terms


TABLE_ROWS = 500
"""A table shows at most this many rows. Thousands of rows are no table to read, and rich
took 25 s and 500 MB to draw the 6,000 of a 2,000-document register; csv and json have all."""


def table_caption(caption: str, rows: int) -> str:
    """``caption``, and how many of the ``rows`` a table shows when it cannot show all."""
    if rows <= TABLE_ROWS:
        return caption
    return f"{caption}; the first {TABLE_ROWS} shown: --format csv or json gives all"


def format_rows(names: list[str], rows: list[list[str | None]], fmt: str = "table") -> str:
    """Render answers as a rich ``table``, ``csv`` (RFC 4180, header row) or ``json`` objects."""
    if fmt == "json":
        data = [dict(zip(names, row, strict=True)) for row in rows]
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
        return buf.getvalue()
    if fmt == "table":
        from rich.console import Console
        from rich.table import Table

        noun = "row" if len(rows) == 1 else "rows"
        table = Table(show_lines=False, caption=table_caption(f"{len(rows)} {noun}", len(rows)))
        for name in names:
            table.add_column(name, overflow="fold")  # IRIs told apart, not cut off with …
        for row in rows[:TABLE_ROWS]:
            table.add_row(*("" if v is None else v for v in row))
        buf = io.StringIO()
        Console(file=buf, width=160, force_terminal=False, color_system=None).print(table)
        return buf.getvalue()
    raise QueryError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")

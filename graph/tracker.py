"""The commitments tracker: every toezegging of the corpus as a register.

It reads extraction records (``docs/record.md``), the same facts the RDF is made from, and
lists each statement of kind ``commitment`` (refusals and ongoing policy are not
toezeggingen) the way the Tweede Kamer's own *toezeggingen* register shows them:

=========  ========================================================================
number     ``TZ-<document id>-<k>``: *k* is the statement's 0-based index in its record,
           the same *k* as its IRI ``…/id/doc/<document id>/toezegging/<k>``. Stable across
           rebuilds and corpus changes (adding a document never renumbers another one);
           numbers have gaps where the record's refusals and ongoing policy sit.
text       the sentence
who        the responsible person: the answerer who signed and holds a ``by`` office
           (all answerers when none does), by the actor's label
office     labels of the ``by`` actors (the answering offices when the record names none)
made       the answer date of the document
due        the due date as the record has it: ``2025``, ``2025-01`` or ``2025-01-31``
status     ``overdue`` when the due period has ended before today (``2025-01`` is overdue
           from 2025-02-01), else ``open`` (also when there is no due date)
document   the document id; ``title`` its subject line
answer     the answer number; ``start``/``end`` the sentence's offsets in that answer
involved   labels of the other actors the commitment names
iri        the commitment's IRI in the graph
=========  ========================================================================

Rows sort by the end of the due period (no due date last), then document, then *k*. The
same view, from the graph, is the named query ``commitments-register``; :func:`tracker_section`
puts it in ``report.md``.

Example
-------
>>> from graph.tracker import register, format_register
>>> rows = register(records, today="2026-11-28", actor="VNG")   # doctest: +SKIP
>>> print(format_register(rows, "md"))                          # doctest: +SKIP
"""

from __future__ import annotations

import calendar
import csv
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph import ACTOR_BASE, BASE
from graph.errors import QueryError
from graph.record import fold_name, load_records

if TYPE_CHECKING:
    from graph.report import Report, Section

__all__ = [
    "FIELDS",
    "STATUSES",
    "FORMATS",
    "period_end",
    "parse_date",
    "parse_period_start",
    "actor_known",
    "today_from_env",
    "load_build",
    "register",
    "format_register",
    "tracker_section",
    "make_tracker_section",
]

FIELDS = (
    "number", "text", "who", "office", "made", "due", "status",
    "document", "title", "answer", "start", "end", "involved", "iri",
)  # fmt: skip
"""The keys of every register row, in column order (CSV, JSON)."""
STATUSES = ("open", "overdue")
FORMATS = ("table", "csv", "json", "md")
TODAY_ENV = "KG_TODAY"
"""Environment variable that fixes today's date (``YYYY-MM-DD``) for the CLI and the report."""

_SHOWN = ("number", "due", "status", "text", "who", "office", "made", "document", "answer")
_HEADERS = ("No.", "Due", "Status", "Commitment", "Who", "Office", "Made", "Document", "Answer")
_K = re.compile(r"/toezegging/(\d+)$")


# --------------------------------------------------------------------------- dates


def _period(text: str) -> tuple[date, date] | None:
    """First and last day of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; None for anything else."""
    try:
        if re.fullmatch(r"\d{4}", text):
            return date(int(text), 1, 1), date(int(text), 12, 31)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = int(text[:4]), int(text[5:])
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1), date(year, month, last)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            day = date.fromisoformat(text)
            return day, day
    except ValueError:
        return None
    return None


def period_end(due: str | None) -> date | None:
    """The last day of a due period: ``2025`` → 2025-12-31, ``2025-02`` → 2025-02-28.

    None for no due date or one that is not an ISO year, month or day.

    >>> period_end("2024-02"), period_end("2025"), period_end("2025-01-15"), period_end(None)
    (datetime.date(2024, 2, 29), datetime.date(2025, 12, 31), datetime.date(2025, 1, 15), None)
    """
    period = _period(str(due).strip()) if due else None
    return period[1] if period else None


def parse_date(value: date | str | None, what: str = "date") -> date | None:
    """A date from a date or ``YYYY-MM-DD`` text; :class:`QueryError` when it is not one."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise QueryError(f"{what}: not a date (YYYY-MM-DD): {value!r}") from None


def parse_period_start(value: date | str | None, what: str = "date") -> date | None:
    """The first day of a year, month or day given as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``
    (the forms due dates take): "due before 2025-01" means before 1 January 2025."""
    if value is None or isinstance(value, date):
        return value
    period = _period(str(value).strip())
    if period is None:
        raise QueryError(f"{what}: not a date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    return period[0]


def actor_known(records: list[Mapping[str, Any]], name: str) -> bool:
    """Does any label, alias or IRI in the records match ``name`` as ``--actor`` matches?"""
    actors, wanted = _Actors(records), fold_name(name)
    return any(actors.matches(iri, wanted) for iri in actors.names)


def today_from_env() -> date:
    """Today's date, or the date in ``$KG_TODAY`` when it is set (for tests and reruns)."""
    return parse_date(os.environ.get(TODAY_ENV) or None, TODAY_ENV) or date.today()


# --------------------------------------------------------------------------- records


def load_build(build_dir: str | Path = "build") -> list[dict[str, Any]]:
    """The records of a build (``DIR/records/*.json``); :class:`QueryError` when there is none."""
    folder = Path(build_dir) / "records"
    if not folder.is_dir():
        raise QueryError(f"no build in {build_dir}: run `kg build` first")
    return load_records(folder)


class _Actors:
    """Corpus-wide actor lookups, resolved the way :mod:`graph.rdf` resolves them."""

    def __init__(self, records: list[Mapping[str, Any]]):
        self.by_name: dict[str, str] = {}
        self.labels: dict[str, set[str]] = {}
        self.names: dict[str, set[str]] = {}
        seen: set[tuple] = set()
        for record in records:
            for actor in record.get("actors") or []:
                iri = actor["id"]
                # most records name the same actors again; that adds nothing (sets, and
                # the first record keeps its names), so skip the repeats
                again = (iri, actor.get("label"), tuple(actor.get("aliases") or ()))
                if again in seen:
                    continue
                seen.add(again)
                if actor.get("label"):
                    self.labels.setdefault(iri, set()).add(actor["label"])
                for name in [actor.get("label"), *(actor.get("aliases") or [])]:
                    if name:
                        self.by_name.setdefault(name.casefold(), iri)
                        self.names.setdefault(iri, set()).add(fold_name(name))
        # Offices and persons named only as answerers are minted (as graph.rdf does): they
        # are found by the name the register shows for them.
        for record in records:
            for a in record["document"].get("answerers") or []:
                for name in (a.get("role"), a.get("name")):
                    iri = self.resolve(name) if name else None
                    if iri and iri not in self.labels:
                        self.names.setdefault(iri, set()).add(fold_name(name))

    def resolve(self, name: str) -> str:
        """The IRI of the actor called ``name`` (minted from the name when no record lists it)."""
        from graph.record import slug

        return self.by_name.get(name.casefold()) or f"{ACTOR_BASE}{slug(name)}"

    def labels_of(
        self,
        iris: Iterable[str],
        given: Mapping[str, str] | None = None,
        titles: Mapping[str, str] | None = None,
    ) -> str:
        """Every label of these actors, sorted, ``; ``-joined (as the query's GROUP_CONCAT).

        An actor no record lists is called by the name it was given as (``given``), as
        :mod:`graph.rdf` labels the node it mints for it; an office an answerer of the
        document signed in, by the title the document gives it (``titles``: the office's
        label is today's).
        """
        given, titles = given or {}, titles or {}
        names: set[str] = set()
        for iri in iris:
            if iri in titles:
                names.add(titles[iri])
                continue
            names |= self.labels.get(iri) or {given.get(iri) or iri.rsplit("/", 1)[-1]}
        return "; ".join(sorted(names))

    def matches(self, iri: str, wanted: str) -> bool:
        """A label or alias, the IRI, or the id at its end ("minister-jenv")."""
        return wanted in self.names.get(iri, set()) or wanted in (
            fold_name(iri),
            fold_name(iri.rsplit("/", 1)[-1]),
        )


def _row(c: Mapping, k: int, record: Mapping, actors: _Actors, today: date) -> dict[str, Any]:
    d = record["document"]
    answerers = [a for a in d.get("answerers") or [] if a.get("name")]
    names: dict[str, str] = {}  # IRI -> the name it was given as, for actors no record lists
    by = list(c.get("by") or [])
    if not by:  # as graph.rdf: the answering offices, else the answering persons
        for a in d.get("answerers") or []:
            if a.get("role"):
                by.append(actors.resolve(a["role"]))
                names[by[-1]] = a["role"]
        if not by:
            for a in answerers:
                by.append(actors.resolve(a["name"]))
                names[by[-1]] = a["name"]
    signers = [a for a in answerers if a.get("role") and actors.resolve(a["role"]) in by]
    titles: dict[str, str] = {}  # office IRI -> the title the document gives it
    for a in answerers:
        if a.get("role"):
            iri = actors.resolve(a["role"])
            titles[iri] = min(titles.get(iri, a["role"]), a["role"])
    who = []
    for a in signers or answerers:
        who.append(actors.resolve(a["name"]))
        names[who[-1]] = a["name"]
    involved = list(c.get("actors") or [])
    match = c.get("id") and _K.search(str(c["id"]))
    number = int(match.group(1)) if match else k
    due = c.get("due") or None
    end = period_end(due)
    answer = c.get("number") or c.get("answer")
    return {
        "number": f"TZ-{d['id']}-{number}",
        "text": c.get("text") or "",
        "who": actors.labels_of(who, names),
        "office": actors.labels_of(by, names, titles),
        "made": d.get("answered"),
        "due": due,
        "status": "overdue" if end is not None and end < today else "open",
        "document": d["id"],
        "title": d.get("title") or "",
        "answer": answer,
        "start": c.get("start"),
        "end": c.get("end"),
        "involved": actors.labels_of(involved),
        "iri": c.get("id") or f"{BASE}id/doc/{d['id']}/toezegging/{k}",
        # private: for filtering and sorting, removed before the rows are returned
        "_end": end,
        "_k": number,
        "_actors": [*by, *involved, *who],
    }


def register(
    records: Iterable[Mapping[str, Any]],
    *,
    today: date | str | None = None,
    due_before: date | str | None = None,
    actor: str | None = None,
    status: str | None = None,
) -> list[dict[str, Any]]:
    """The commitments register of ``records``: one dict per commitment (keys :data:`FIELDS`).

    Parameters
    ----------
    records : iterable of dict
        Extraction records (``docs/record.md``), e.g. :func:`load_build`.
    today : date or ``YYYY-MM-DD``, optional
        The date ``status`` is computed against; default :func:`datetime.date.today`.
    due_before : date or ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, optional
        Keep commitments whose due period ends before this date (so none without a due date).
    actor : str, optional
        Keep commitments whose responsible office (``by``), signing person or involved actors
        have this label or alias (or IRI), compared case-insensitively, whitespace folded.
    status : ``"open"`` or ``"overdue"``, optional
        Keep commitments with this status.

    Returns
    -------
    list of dict
        Sorted by the end of the due period (no due date last), document id, then number.
    """
    today = parse_date(today, "today") or date.today()
    due_before = parse_period_start(due_before, "due before")
    if status is not None and status not in STATUSES:
        raise QueryError(f"unknown status {status!r}: use one of {', '.join(STATUSES)}")
    records = sorted(records, key=lambda r: str(r["document"]["id"]))
    actors = _Actors(records)
    wanted = fold_name(actor) if actor and actor.strip() else None
    rows = []
    for record in records:
        for k, c in enumerate(record.get("commitments") or []):
            if c.get("kind") != "commitment":
                continue
            row = _row(c, k, record, actors, today)
            if due_before is not None and (row["_end"] is None or row["_end"] >= due_before):
                continue
            if status is not None and row["status"] != status:
                continue
            if wanted is not None and not any(actors.matches(i, wanted) for i in row["_actors"]):
                continue
            rows.append(row)
    rows.sort(key=lambda r: (r["_end"] is None, r["_end"] or date.min, r["document"], r["_k"]))
    return [{key: row[key] for key in FIELDS} for row in rows]


# --------------------------------------------------------------------------- output


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def format_register(rows: list[Mapping[str, Any]], fmt: str = "table") -> str:
    """Render register rows as a rich ``table``, ``csv`` (header row), ``json`` (an array of
    objects) or ``md`` (a Markdown table, cells escaped). Every output ends with a newline."""
    if fmt == "json":
        data = [{key: row.get(key) for key in FIELDS} for row in rows]
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(FIELDS)
        writer.writerows([_cell(row.get(key)) for key in FIELDS] for row in rows)
        return buf.getvalue()
    if fmt == "md":
        from graph.report import Table, markdown_table

        table = Table("commitments", FIELDS, rows, shown=_SHOWN, headers=_HEADERS, limit=None)
        return markdown_table(table) + "\n"
    if fmt == "table":
        from rich.console import Console
        from rich.table import Table as RichTable

        from graph.query import TABLE_ROWS, table_caption

        overdue = sum(1 for r in rows if r.get("status") == "overdue")
        caption = table_caption(f"{len(rows)} commitment(s), {overdue} overdue", len(rows))
        table = RichTable(caption=caption)
        for header, key in zip(_HEADERS, _SHOWN, strict=True):
            table.add_column(header, overflow="fold", ratio=6 if key == "text" else None)
        for row in rows[:TABLE_ROWS]:
            table.add_row(*(_cell(row.get(key)) for key in _SHOWN))
        buf = io.StringIO()
        Console(file=buf, width=180, force_terminal=False, color_system=None).print(table)
        return buf.getvalue()
    raise QueryError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


# --------------------------------------------------------------------------- report


def make_tracker_section(
    today: date | str | None = None, *, limit: int | None = 25
) -> Callable[[Report], Section]:
    """A report section function with the status computed against ``today``.

    ``today`` None means :func:`today_from_env` at the time the report is written.
    """

    def section(report: Report) -> Section:
        from graph.report import Section, Table

        as_of = parse_date(today, "today") or today_from_env()
        rows = register(report.records, today=as_of)
        overdue = sum(1 for r in rows if r["status"] == "overdue")
        undated = sum(1 for r in rows if not r["due"])
        documents = len({r["document"] for r in rows})
        text = (
            f"Every commitment (toezegging) in the corpus, as in the Tweede Kamer's register: "
            f"{len(rows)} commitment(s) in {documents} document(s); as of {as_of.isoformat()} "
            f"{overdue} overdue and {len(rows) - overdue} open ({undated} without a due date). "
            "A commitment is overdue once its whole due period has passed. Sorted by due "
            "date; `kg commitments` filters the register by actor, status and due date."
        )
        table = Table(
            "commitments_register", FIELDS, rows, shown=_SHOWN, headers=_HEADERS, limit=limit
        )
        return Section("Commitments tracker", text, tables=(table,))

    return section


def tracker_section(report: Report) -> Section:
    """The report's *Commitments tracker* section, status as of today (or ``$KG_TODAY``).

    Pass it to :func:`graph.report.write_report` as
    ``sections=[*report.SECTIONS, tracker_section]``.
    """
    return make_tracker_section()(report)

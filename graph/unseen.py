"""Scores as if each document were new to us (``kg evaluate --unseen``).

The gazetteer lists the closed sets whole: ministries, offices, parliament, municipalities,
provinces, parties, states, office holders. A document we have never seen finds those as
well as one we have. Of the open sets (agencies, NGOs, companies, media, international
bodies, public figures) it knows only some, and many of them because one of our own
documents named them. Those entries flatter the scores of the documents they came from.

So each document is extracted again with the open-set entries that it names and no other
document of the set names left out of the gazetteer. What the general patterns find
instead is what a new document would get. The other documents keep the entries, as a
new document would find the actors the corpus shares.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from graph import ACTOR_BASE
from graph.evaluate import evaluate, read_records
from graph.extract import extract
from graph.gazetteer import Entry, Gazetteer, load_gazetteer
from graph.read import read_document
from graph.record import make_record

CLOSED_KINDS = frozenset(
    {"ministerie", "ambt", "parlement", "kabinet", "provincie", "gemeente", "partij", "staat"}
)
"""Gazetteer kinds listed whole (``data/gazetteer/README.md``): never left out."""


def closed(entry: Entry, gazetteer: Gazetteer) -> bool:
    """Is ``entry`` one of a set the gazetteer lists whole? Of the persons, only the office
    holders (who have terms of office) are; public figures are an open set."""
    if entry.kind == "persoon":
        return bool(gazetteer.terms.get(entry.id))
    return entry.kind in CLOSED_KINDS


def known_only_here(records: list[dict], gazetteer: Gazetteer) -> dict[str, set[str]]:
    """Per document id: the ids of the open-set gazetteer entries its record names and no
    other record of ``records`` names."""
    named_by: dict[str, set[str]] = defaultdict(set)
    for record in records:
        doc_id = record["document"]["id"]
        for actor in record.get("actors") or []:
            entry = gazetteer.entries.get(str(actor["id"]).removeprefix(ACTOR_BASE))
            if entry is not None and not closed(entry, gazetteer):
                named_by[entry.id].add(doc_id)
    only: dict[str, set[str]] = {r["document"]["id"]: set() for r in records}
    for entry_id, docs in named_by.items():
        if len(docs) == 1:
            only[next(iter(docs))].add(entry_id)
    return only


def without(gazetteer: Gazetteer, ids: set[str]) -> Gazetteer:
    """The gazetteer less the entries ``ids`` (persons keep their terms of office)."""
    if not ids:
        return gazetteer
    kept = {k: v for k, v in gazetteer.entries.items() if k not in ids}
    return Gazetteer(kept, gazetteer.terms)


def unseen_records(records: list[dict], base: Path) -> tuple[list[dict], int]:
    """Each record extracted again from its source (``document.source``, relative to
    ``base`` unless absolute) with :func:`known_only_here` left out; and how many entries
    were left out in all. Raises :class:`graph.errors.ReadError` for a missing source."""
    gazetteer = load_gazetteer()
    hidden = known_only_here(records, gazetteer)
    out = []
    for record in records:
        doc_id = record["document"]["id"]
        doc = read_document(base / record["document"]["source"])
        out.append(make_record(doc, extract(doc, without(gazetteer, hidden[doc_id]))))
    return out, sum(len(ids) for ids in hidden.values())


def evaluate_unseen(records: str | Path, gold: str | Path, base: Path) -> dict[str, Any]:
    """:func:`graph.evaluate.evaluate` of the :func:`unseen_records` of the record files in
    the folder ``records``, with ``hidden``: the number of entries left out."""
    found = read_records(records)
    again, hidden = unseen_records([record for _stem, record in found], base)
    scored = [(stem, record) for (stem, _old), record in zip(found, again, strict=True)]
    return {**evaluate(scored, gold), "hidden": hidden}

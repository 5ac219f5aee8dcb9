"""The extraction record (``../shared/eval/FORMAT.md`` plus ``docs/record.md``).

The one stable export: everything downstream reads records, never Documents.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import orjson

from graph import BASE
from graph.atomic import write_atomic
from graph.document import Document

__all__ = [
    "make_record",
    "document_record",
    "dumps",
    "load_records",
    "slim",
    "write_atomic",
    "slug",
    "doc_iri",
]


def slug(text: str) -> str:
    """A readable IRI segment: "Vereniging van Nederlandse Gemeenten" -> "vereniging-van-…"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def doc_iri(doc_id: str) -> str:
    return f"{BASE}id/doc/{doc_id}"


def document_record(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "source": doc.source,
        "sha256": doc.sha256,
        "layout": doc.layout,
        "title": doc.title,
        "questioners": [{"name": p.name, "party": p.party} for p in doc.questioners],
        "addressees": list(doc.addressees),
        "answerers": [{"name": p.name, "role": p.role} for p in doc.answerers],
        "on_behalf_of": list(doc.on_behalf_of),
        "submitted": doc.submitted,
        "answered": doc.answered,
        "see_also": doc.see_also,
        "postponed": doc.postponed,
        "questions": [{"number": q.number, "text": q.text} for q in doc.questions],
        "answers": [
            {"number": a.number, "text": a.text, "questions": list(a.covers)} for a in doc.answers
        ],
        "footnotes": [{"number": f.number, "text": f.text, "url": f.url} for f in doc.footnotes],
    }


def make_record(doc: Document, extraction: dict[str, list] | None = None) -> dict[str, Any]:
    """The record of one document: its ``document`` part and the extracted facts."""
    extraction = extraction or {}
    return {
        "document": document_record(doc),
        "actors": extraction.get("actors", []),
        "commitments": extraction.get("commitments", []),
        "requests": extraction.get("requests", []),
        "programmes": extraction.get("programmes", []),
    }


@functools.lru_cache(maxsize=1 << 16)
def fold_name(text: str) -> str:
    """A name as records' names are compared: whitespace folded, casefolded. Cached: a
    corpus repeats the same few thousand names (labels, aliases, header names)."""
    return " ".join(str(text).split()).casefold()


def dumps(record: dict[str, Any]) -> str:
    """Stable JSON: same record, same bytes, as ``json.dumps(record, ensure_ascii=False,
    indent=2)`` and a newline write them.

    orjson writes exactly that text for what records hold (strings, integers, booleans,
    null, lists, objects), twenty times faster: ``tests/test_record.py`` holds it to the
    standard library on every real record. Records hold no floats (``docs/record.md``);
    orjson would write one in its own form (``1e-5``, not ``1e-05``). What orjson refuses
    (a non-string key, an integer beyond 64 bits, and dates and dataclasses, which it would
    otherwise write where ``json`` raises) goes to ``json.dumps`` itself."""
    try:
        return orjson.dumps(record, option=_INDENTED).decode("utf-8")
    except TypeError:  # orjson.JSONEncodeError is one
        return json.dumps(record, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


_INDENTED = (
    orjson.OPT_INDENT_2
    | orjson.OPT_APPEND_NEWLINE
    | orjson.OPT_PASSTHROUGH_DATETIME  # not written: json.dumps raises on them
    | orjson.OPT_PASSTHROUGH_DATACLASS
)


def slim(record: dict[str, Any]) -> dict[str, Any]:
    """The record without the document's texts: what the report, the page and the
    cross-document lookups read, so a whole corpus of them fits in memory. Answer texts
    become digests (combined answers, one text for several questions, still compare
    equal); mentions keep only where they are (part and number)."""
    import hashlib

    doc = dict(record["document"])
    doc["questions"] = [_without(q, "text") for q in doc.get("questions") or []]
    doc["footnotes"] = [_without(f, "text") for f in doc.get("footnotes") or []]
    doc["answers"] = [
        a | {"text": hashlib.sha1((a.get("text") or "").encode()).hexdigest()}
        for a in doc.get("answers") or []
    ]
    where = ("part", "number")
    actors = [
        a | {"mentions": [{k: m.get(k) for k in where} for m in a.get("mentions") or []]}
        for a in record.get("actors") or []
    ]
    return record | {"document": doc, "actors": actors}


def _without(item: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k != key}


def load_records(directory: str | Path) -> list[dict[str, Any]]:
    """Every ``*.json`` record in a folder, sorted by document id."""
    records = [json.loads(p.read_text(encoding="utf-8")) for p in Path(directory).glob("*.json")]
    return sorted(records, key=lambda r: r["document"]["id"])

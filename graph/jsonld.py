"""``graph.jsonld``: compact JSON-LD with the project's context, byte-stable.

One node object per subject, in the order of the subjects in ``graph.nt``. Turning triples
into node objects is most of the cost, so a build makes the nodes of a document's own
subjects in its worker (:func:`nodes`, cached beside its N-Triples lines) and the main
process only merges them with the nodes of the few shared subjects (:func:`write`).
A node is ``(key, text)``: ``key`` sorts like the subject's lines in ``graph.nt``.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.atomic import atomic_path
from graph.triples import XSD, Lit, Triple

__all__ = [
    "Node",
    "SEPARATOR",
    "node_key",
    "nodes",
    "segments",
    "write",
    "write_segments",
    "read_segments",
]

Node = tuple[str, str]
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_NAME = re.compile(r"[A-Za-z_][\w\-]*")
_CUT = "\x1e"  # between the two segments in a cache file: JSON escapes control characters


def node_key(subject: str) -> str:
    """The subject as N-Triples writes it: nodes sorted by it follow ``graph.nt``'s order."""
    return f"<{subject}>"


@lru_cache(maxsize=4096)  # predicates and classes repeat in every document
def _compact_cached(iri: str, prefixes: tuple[tuple[str, str], ...]) -> str:
    for prefix, ns in prefixes:
        if iri.startswith(ns) and _NAME.fullmatch(iri, len(ns)):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def _value(term: str | Lit, prefixes) -> Any:
    if isinstance(term, Lit):
        if term.lang:
            return {"@language": term.lang, "@value": term.value}
        if not term.datatype or term.datatype == XSD + "string":
            return term.value
        return {"@type": _compact_cached(term.datatype, prefixes), "@value": term.value}
    return {"@id": term}


def _node(subject: str, pairs: Iterable[tuple[str, str | Lit]], prefixes) -> dict:
    node: dict[str, Any] = {"@id": subject}
    for predicate, obj in pairs:
        if predicate == _RDF_TYPE and not isinstance(obj, Lit):
            key, value = "@type", _compact_cached(obj, prefixes)
        else:
            key, value = _compact_cached(predicate, prefixes), _value(obj, prefixes)
        node.setdefault(key, []).append(value)
    for key, values in node.items():
        if isinstance(values, list):
            if len(values) > 1:
                values.sort(key=_sort_key)
            node[key] = values[0] if len(values) == 1 else values
    return node


def _sort_key(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


_string = json.JSONEncoder(ensure_ascii=False).encode  # the C encoder: fast for one string


def _dump(value, indent: int = 0) -> str:
    """``json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False)``, same bytes:
    with ``indent`` set, the standard library falls back to its pure-Python encoder, which
    was most of the cost of a document's nodes."""
    if isinstance(value, dict) and value:
        pad, end = "\n" + " " * (indent + 1), "\n" + " " * indent
        items = (f"{_string(k)}: {_dump(value[k], indent + 1)}" for k in sorted(value))
        return "{" + pad + ("," + pad).join(items) + end + "}"
    if isinstance(value, list) and value:
        pad, end = "\n" + " " * (indent + 1), "\n" + " " * indent
        return "[" + pad + ("," + pad).join(_dump(v, indent + 1) for v in value) + end + "]"
    return json.dumps(value, ensure_ascii=False)


def nodes(triples: Iterable[Triple], prefixes: dict[str, str]) -> list[Node]:
    """One node per subject of ``triples``, sorted by key; its text as ``graph.jsonld``
    holds it (indented inside ``@graph``)."""
    by_subject: dict[str, list] = defaultdict(list)
    for s, p, o in triples:
        by_subject[s].append((p, o))
    out = []
    prefixes = tuple(prefixes.items())
    for subject, pairs in by_subject.items():
        text = _dump(_node(subject, pairs, prefixes))
        out.append((node_key(subject), text.replace("\n", "\n  ")))
    out.sort()
    return out


SEPARATOR = ",\n  "
"""What goes before each node in ``@graph``; the writer drops the first one's comma."""


def write(path: Path, context: dict[str, str], chunks: Iterable[str]) -> None:
    """``{"@context": …, "@graph": [...]}`` around ``chunks`` of nodes, each node preceded
    by :data:`SEPARATOR`; streamed, atomically."""
    head = json.dumps(context, indent=1, sort_keys=True, ensure_ascii=False)
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write('{\n "@context": ' + head.replace("\n", "\n ") + ',\n "@graph": [')
        first = True
        for chunk in chunks:
            if first and chunk:
                chunk, first = chunk[1:], False
            f.write(chunk)
        f.write("\n ]\n}\n")


def segments(items: Iterable[Node], doc_key: str) -> tuple[str, str]:
    """A document's own nodes as two chunks for :func:`write`: the nodes below the document
    (keys sort before ``doc_key``), then the document's own node."""
    below, doc = [], []
    for key, text in items:
        (doc if key == doc_key else below).append(SEPARATOR + text)
    return "".join(below), "".join(doc)


def write_segments(path: Path, chunks: tuple[str, str]) -> None:
    """A cache file of :func:`segments`, read back by :func:`read_segments`."""
    from graph.atomic import write_atomic

    write_atomic(path, _CUT.join(chunks))


def read_segments(path: Path) -> tuple[str, str]:
    below, doc = path.read_text(encoding="utf-8").split(_CUT)
    return below, doc

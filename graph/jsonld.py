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


_string = json.JSONEncoder(ensure_ascii=False).encode  # the C encoder, for one string


def _value(term: str | Lit, prefixes) -> tuple[str, tuple[tuple[str, str], ...] | None]:
    """A value as ``(sort key, fields)``: fields None for a plain string (the key is its
    JSON), else the object's ``(key, value)`` pairs, JSON-encoded, in key order. The sort
    key is what ``json.dumps(value, sort_keys=True)`` gives, which orders a key's values."""
    if isinstance(term, Lit):
        if term.lang:
            fields = (('"@language"', _string(term.lang)), ('"@value"', _string(term.value)))
        elif not term.datatype or term.datatype == XSD + "string":
            return _string(term.value), None
        else:
            datatype = _compact_cached(term.datatype, prefixes)
            fields = (('"@type"', _string(datatype)), ('"@value"', _string(term.value)))
    else:
        fields = (('"@id"', _string(term)),)
    return "{" + ", ".join(f"{k}: {v}" for k, v in fields) + "}", fields


_PAD = ["\n" + " " * (level + 2) for level in range(4)]  # + 2: nodes sit 2 deep in "@graph"


def _render(value: tuple, level: int) -> str:
    key, fields = value
    if fields is None:
        return key
    inner = _PAD[level + 1]
    return "{" + ",".join(f"{inner}{k}: {v}" for k, v in fields) + _PAD[level] + "}"


def _node_text(subject: str, pairs: Iterable[tuple[str, str | Lit]], prefixes) -> str:
    """The node as ``json.dumps(node, indent=1, sort_keys=True, ensure_ascii=False)``
    writes it, indented for ``@graph``, byte for byte, without the standard library's
    pure-Python indenting encoder (most of the cost when it was used)."""
    groups: dict[str, list] = {"@id": [(_string(subject), None)]}
    for predicate, obj in pairs:
        if predicate == _RDF_TYPE and not isinstance(obj, Lit):
            key, value = "@type", (_string(_compact_cached(obj, prefixes)), None)
        else:
            key, value = _compact_cached(predicate, prefixes), _value(obj, prefixes)
        if key in groups:
            groups[key].append(value)
        else:
            groups[key] = [value]
    out = []
    pad1, pad2 = _PAD[1], _PAD[2]
    for key in sorted(groups):
        values = groups[key]
        if len(values) == 1:
            text = _render(values[0], 1)
        else:
            values.sort(key=lambda v: v[0])
            text = "[" + ",".join(pad2 + _render(v, 2) for v in values) + pad1 + "]"
        out.append(f"{pad1}{_string(key)}: {text}")
    return "{" + ",".join(out) + _PAD[0] + "}"


def nodes(triples: Iterable[Triple], prefixes: dict[str, str]) -> list[Node]:
    """One node per subject of ``triples``, sorted by key; its text as ``graph.jsonld``
    holds it (indented inside ``@graph``)."""
    by_subject: dict[str, list] = defaultdict(list)
    for s, p, o in triples:
        by_subject[s].append((p, o))
    out = []
    prefixes = tuple(prefixes.items())
    for subject, pairs in by_subject.items():
        out.append((node_key(subject), _node_text(subject, pairs, prefixes)))
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
    """A cache file of :func:`segments`, read back by :func:`read_segments`. Written in
    place: the build's cache entry, written last, marks it complete."""
    path.write_text(_CUT.join(chunks), encoding="utf-8")


def read_segments(path: Path) -> tuple[str, str]:
    below, doc = path.read_text(encoding="utf-8").split(_CUT)
    return below, doc

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
from collections.abc import Callable, Iterable
from functools import lru_cache
from json.encoder import encode_basestring
from pathlib import Path

from graph.atomic import Staging, atomic_path
from graph.triples import XSD, Lit, Triple

__all__ = [
    "Node",
    "SEPARATOR",
    "node_key",
    "nodes",
    "segments",
    "write",
]

Node = tuple[str, str]
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_NAME = re.compile(r"[A-Za-z_][\w\-]*")


def node_key(subject: str) -> str:
    """The subject as N-Triples writes it: nodes sorted by it follow ``graph.nt``'s order."""
    return f"<{subject}>"


_string = encode_basestring  # a str as JSON (ensure_ascii=False): the C function itself


class _Compactor:
    """Compact names for one prefix table, memoised: the same few predicates, classes and
    datatypes come back in every node, and finding a name's prefix tries every namespace.
    The memos only grow with the vocabulary (and are dropped when that gets unusually big)."""

    _LIMIT = 20_000

    def __init__(self, prefixes: tuple[tuple[str, str], ...]):
        self.prefixes = prefixes
        self.names: dict[str, str] = {}  # IRI -> compact name
        self.quoted: dict[str, str] = {}  # IRI -> its compact name as JSON
        self.heads: dict[str, str] = {}  # a node's key -> its line up to the value

    def name(self, iri: str) -> str:
        found = self.names.get(iri)
        if found is None:
            if len(self.names) > self._LIMIT:
                self.names.clear()
            found = self.names[iri] = _compact(iri, self.prefixes)
        return found

    def quote(self, iri: str) -> str:
        found = self.quoted.get(iri)
        if found is None:
            if len(self.quoted) > self._LIMIT:
                self.quoted.clear()
            found = self.quoted[iri] = _string(self.name(iri))
        return found


@lru_cache(maxsize=8)
def _compactor(prefixes: tuple[tuple[str, str], ...]) -> _Compactor:
    return _Compactor(prefixes)


def _compact(iri: str, prefixes: tuple[tuple[str, str], ...]) -> str:
    for prefix, ns in prefixes:
        if iri.startswith(ns) and _NAME.fullmatch(iri, len(ns)):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


_XSD_STRING = XSD + "string"

# A value of a key is ``(plain, first, second)``: ``plain`` the JSON of a plain string
# (then no fields), else None and the value object's ``"key": value`` members, JSON-encoded,
# in key order (``second`` None for ``{"@id": …}``).
Value = tuple[str | None, str | None, str | None]


def _value(term: str | Lit, names: _Compactor) -> Value:
    if isinstance(term, Lit):
        if term.lang:
            first = '"@language": ' + _string(term.lang)
        elif not term.datatype or term.datatype == _XSD_STRING:
            return _string(term.value), None, None
        else:
            first = '"@type": ' + names.quote(term.datatype)
        return None, first, '"@value": ' + _string(term.value)
    return None, '"@id": ' + _string(term), None


def _sort_key(value: Value) -> str:
    """What ``json.dumps(value, sort_keys=True)`` gives: it orders a key's values."""
    plain, first, second = value
    if plain is not None:
        return plain
    return "{" + first + "}" if second is None else "{" + first + ", " + second + "}"


_PAD = ["\n" + " " * (level + 2) for level in range(4)]  # + 2: nodes sit 2 deep in "@graph"
# "{", the members' separator and "}" of a value object at level 1 (a key's one value)
# and level 2 (in a key's list of values)
_OPEN = [None, "{" + _PAD[2], "{" + _PAD[3]]
_BETWEEN = [None, "," + _PAD[2], "," + _PAD[3]]
_CLOSE = [None, _PAD[1] + "}", _PAD[2] + "}"]
_LIST_OPEN, _LIST_BETWEEN, _LIST_CLOSE = "[" + _PAD[2], "," + _PAD[2], _PAD[1] + "]"


def _render(value: Value, level: int) -> str:
    plain, first, second = value
    if plain is not None:
        return plain
    if second is None:
        return _OPEN[level] + first + _CLOSE[level]
    return _OPEN[level] + first + _BETWEEN[level] + second + _CLOSE[level]


def _node_text(groups: dict[str, list[Value]], heads: dict[str, str]) -> str:
    """The node with the values of each key (``@id`` too), as ``json.dumps(node,
    indent=1, sort_keys=True, ensure_ascii=False)`` writes it, indented for ``@graph``,
    byte for byte, without the standard library's pure-Python indenting encoder (most of
    the cost when it was used). ``heads``: memo of each key's line start."""
    out = []
    for key in sorted(groups):
        values = groups[key]
        head = heads.get(key)
        if head is None:
            if len(heads) > _Compactor._LIMIT:
                heads.clear()
            head = heads[key] = _PAD[1] + _string(key) + ": "
        if len(values) == 1:
            out.append(head + _render(values[0], 1))
        else:
            values.sort(key=_sort_key)
            rendered = _LIST_BETWEEN.join([_render(v, 2) for v in values])
            out.append(head + _LIST_OPEN + rendered + _LIST_CLOSE)
    return "{" + ",".join(out) + _PAD[0] + "}"


def nodes(triples: Iterable[Triple], prefixes: dict[str, str],
          keep: Callable[[str], bool] | None = None) -> list[Node]:  # fmt: skip
    """One node per subject of ``triples`` (per subject that passes ``keep``), sorted by
    key; its text as ``graph.jsonld`` holds it (indented inside ``@graph``). The values
    are grouped by subject and key in one pass: a node is rendered once all its triples
    are seen; ``keep`` is asked once per subject, not once per triple."""
    names = _compactor(tuple(prefixes.items()))
    known = names.names  # hot loop: look a predicate's name up here, ask names on a miss
    by_subject: dict[str, dict[str, list[Value]] | None] = {}
    for s, p, o in triples:
        groups = by_subject.get(s, _UNSEEN)
        if groups is _UNSEEN:
            kept = keep is None or keep(s)
            groups = by_subject[s] = {"@id": [(_string(s), None, None)]} if kept else None
        if groups is None:
            continue
        if isinstance(o, Lit):
            key, value = known.get(p) or names.name(p), _value(o, names)
        elif p == _RDF_TYPE:
            key, value = "@type", (names.quote(o), None, None)
        else:
            key, value = known.get(p) or names.name(p), (None, '"@id": ' + _string(o), None)
        values = groups.get(key)
        if values is None:
            groups[key] = [value]
        else:
            values.append(value)
    heads = names.heads
    out = [(node_key(subject), _node_text(groups, heads))
           for subject, groups in by_subject.items() if groups is not None]  # fmt: skip
    out.sort()
    return out


_UNSEEN = object()  # marks a subject not seen yet (None: one ``keep`` refused)


SEPARATOR = ",\n  "
"""What goes before each node in ``@graph``; the writer drops the first one's comma."""


def write(path: Path, context: dict[str, str], chunks: Iterable[str],
          staging: Staging | None = None) -> None:  # fmt: skip
    """``{"@context": …, "@graph": [...]}`` around ``chunks`` of nodes, each node preceded
    by :data:`SEPARATOR`; streamed, atomically (:func:`graph.atomic.atomic_path`)."""
    head = json.dumps(context, indent=1, sort_keys=True, ensure_ascii=False)
    with atomic_path(path, staging) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as f:
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

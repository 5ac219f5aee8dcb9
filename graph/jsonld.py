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
from pathlib import Path
from typing import Any

from graph.atomic import atomic_path
from graph.triples import XSD, Lit, Triple

__all__ = ["Node", "node_key", "nodes", "write", "read_nodes", "write_nodes"]

Node = tuple[str, str]
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_NAME = re.compile(r"[A-Za-z_][\w\-]*")
_SEPARATOR = "\x1e"  # between nodes in a cache file: json.dumps escapes control characters


def node_key(subject: str) -> str:
    """The subject as N-Triples writes it: nodes sorted by it follow ``graph.nt``'s order."""
    return f"<{subject}>"


def _compact(iri: str, prefixes: dict[str, str]) -> str:
    for prefix, ns in prefixes.items():
        if iri.startswith(ns) and _NAME.fullmatch(iri, len(ns)):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def _value(term: str | Lit, prefixes: dict[str, str]) -> Any:
    if isinstance(term, Lit):
        if term.lang:
            return {"@language": term.lang, "@value": term.value}
        if not term.datatype or term.datatype == XSD + "string":
            return term.value
        return {"@type": _compact(term.datatype, prefixes), "@value": term.value}
    return {"@id": term}


def _node(subject: str, pairs: Iterable[tuple[str, str | Lit]], prefixes) -> dict:
    node: dict[str, Any] = {"@id": subject}
    for predicate, obj in pairs:
        if predicate == _RDF_TYPE and not isinstance(obj, Lit):
            key, value = "@type", _compact(obj, prefixes)
        else:
            key, value = _compact(predicate, prefixes), _value(obj, prefixes)
        node.setdefault(key, []).append(value)
    for key, values in node.items():
        if isinstance(values, list):
            values.sort(key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
            node[key] = values[0] if len(values) == 1 else values
    return node


def nodes(triples: Iterable[Triple], prefixes: dict[str, str]) -> list[Node]:
    """One node per subject of ``triples``, sorted by key; its text as ``graph.jsonld``
    holds it (indented inside ``@graph``)."""
    by_subject: dict[str, list] = defaultdict(list)
    for s, p, o in triples:
        by_subject[s].append((p, o))
    out = []
    for subject, pairs in by_subject.items():
        text = json.dumps(_node(subject, pairs, prefixes), indent=1, sort_keys=True,
                          ensure_ascii=False)  # fmt: skip
        out.append((node_key(subject), text.replace("\n", "\n  ")))
    out.sort()
    return out


def write(path: Path, context: dict[str, str], items: Iterable[Node]) -> None:
    """``{"@context": …, "@graph": [nodes in the order given]}``, streamed, atomically."""
    head = json.dumps(context, indent=1, sort_keys=True, ensure_ascii=False)
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write('{\n "@context": ' + head.replace("\n", "\n ") + ',\n "@graph": [')
        for n, (_key, text) in enumerate(items):
            f.write(("," if n else "") + "\n  " + text)
        f.write("\n ]\n}\n")


def write_nodes(path: Path, items: Iterable[Node]) -> None:
    """A cache file of nodes, read back by :func:`read_nodes`."""
    from graph.atomic import write_atomic

    write_atomic(path, "".join(f"{key}\t{text}{_SEPARATOR}" for key, text in items))


def read_nodes(path: Path) -> list[Node]:
    chunks = path.read_text(encoding="utf-8").split(_SEPARATOR)[:-1]
    return [tuple(chunk.split("\t", 1)) for chunk in chunks]  # type: ignore[misc]

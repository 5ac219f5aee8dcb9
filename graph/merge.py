"""The documents' graphs → one graph: checked, written in order, loaded into the store.

The graph half of ``kg build`` over many documents. Each document's part
(:func:`graph.rdf.document_graph`) holds its *own* N-Triples lines and JSON-LD nodes, whose
subjects are the document or nodes below it, and *shared* lines (actors, programmes,
concepts) that other documents may repeat. Own lines start ``<…/doc/{id}/`` (nodes below
it) or ``<…/doc/{id}>`` (the document node); no id holds a ``/`` or ``>``, so each such
block is one contiguous run of the sorted file, and no shared line falls inside one. The
files are therefore written block by block, each block one string copied from the
document's cache, with the few shared lines put between blocks: the main process never
looks at the corpus line by line.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from graph import jsonld
from graph.atomic import Staging, atomic_path, staged
from graph.rdf import CONTEXT, PREFIXES, Context, _own_prefix, _write_turtle, document_graph
from graph.store_update import previous_graph

__all__ = ["merge_documents", "checked_parts", "write_graph"]


def merge_documents(
    records: list[Mapping[str, Any]],
    parts: list[Mapping[str, Any] | None],
    out_dir: str | os.PathLike,
) -> dict[str, Any]:
    """The documents' graphs (from :func:`graph.rdf.document_graph`, or None: map it here)
    → checked, merged, written and loaded.

    Each part was mapped with its own record as context; a part whose lookups the whole
    corpus answers differently (:meth:`Context.agrees`) is mapped and validated again here.
    Raises :class:`graph.errors.BuildError` with a readable report (which node, which rule)
    when any document does not conform; then nothing is written and the previous build
    stays. Returns ``{"nt", "ttl", "jsonld", "store": Path, "triples": int}``.
    """
    return write_graph(records, checked_parts(records, parts), out_dir)


def checked_parts(records: list[Mapping[str, Any]], parts: list[Mapping[str, Any] | None]):
    """The parts, each mapped again here if the whole corpus answers its lookups otherwise;
    :class:`graph.errors.BuildError` if any document does not conform to the shapes.
    ``records`` may be slim (:func:`graph.record.slim`) where a part names its record file."""
    from graph.errors import BuildError
    from graph.shapes import format_report

    # sorted: which record names a shared actor first must not depend on argument order
    context = Context.of(sorted(records, key=lambda r: str(r["document"]["id"])))
    parts = [
        part if part is not None and context.agrees(part["consulted"])
        else document_graph(_whole(record, part), context)
        for record, part in zip(records, parts, strict=True)
    ]  # fmt: skip
    problems = sorted({line for part in parts for line in part["violations"]})
    if problems:
        raise BuildError(
            "the graph does not conform to ontology/shapes.ttl:\n"
            + format_report("\n".join(p.strip() for p in problems))
        )
    return parts


def _whole(record: Mapping[str, Any], part: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """The full record of a part: ``record`` may be slim when the part names its file."""
    if part is not None and part.get("record"):
        import json

        return json.loads(Path(part["record"]).read_text(encoding="utf-8"))
    return record


def write_graph(records, parts, out_dir: str | os.PathLike,
                staging: Staging | None = None) -> dict[str, Any]:  # fmt: skip
    """Checked parts → ``graph.nt``, ``graph.ttl``, ``graph.jsonld`` and the store, put into
    place together: when ``staging`` commits (:class:`graph.atomic.Staging`), else before
    this returns."""
    from graph.store import stage_store

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Any] = {"nt": out / "graph.nt", "ttl": out / "graph.ttl",
                             "jsonld": out / "graph.jsonld"}  # fmt: skip
    prefixes = [_own_prefix(r["document"]["id"]) for r in records]
    shared_lines = sorted({line for part in parts for line in part["shared"]})
    # the graph.nt the store holds: the new one waits for the commit under another name
    previous = previous_graph(out)
    try:
        with staged(staging) as staging:
            with atomic_path(paths["nt"], staging) as nt:
                _write_nt(nt, prefixes, parts, shared_lines)
            triples = _count_lines(nt)
            # Oxigraph releases the GIL while it loads and serialises: the store and the
            # Turtle file are made in threads while this one writes the JSON-LD.
            with ThreadPoolExecutor(max_workers=2) as pool:
                store = pool.submit(stage_store, nt, out / "store", staging, previous)
                turtle = pool.submit(_write_turtle, nt, paths["ttl"], staging)
                _write_jsonld(paths["jsonld"], prefixes, parts, shared_lines, staging)
                store.result()
                turtle.result()
    finally:
        if previous is not None:
            previous.close()
    paths["store"] = out / "store"
    paths["triples"] = triples
    return paths


def _write_nt(path: Path, prefixes, parts, shared_lines: list[str]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        shared = [(line, line + "\n") for line in shared_lines]
        for chunk in _in_order(prefixes, shared, lambda i: _line_segments(parts[i], prefixes[i])):
            f.write(chunk)


def _in_order(prefixes: list[str | None], shared: list[tuple[str, str]],
              segments: Callable[[int], tuple[str, str]]) -> Iterable[str]:  # fmt: skip
    """The text of the whole file in order: ``shared`` ``(key, text)`` items, sorted, put
    between the documents' blocks; document ``i``'s two blocks are ``segments(i)``
    (nodes below it, then the document node). A document without a prefix has no blocks."""
    blocks = sorted(
        (prefix + tail, i, which)
        for i, prefix in enumerate(prefixes)
        if prefix
        for which, tail in enumerate("/>")
    )
    pending: dict[int, list] = {}  # a document's segments, until both are written
    k = 0
    for head, i, which in blocks:
        while k < len(shared) and shared[k][0] < head:
            yield shared[k][1]
            k += 1
        if i not in pending:
            pending[i] = [segments(i), 2]
        yield pending[i][0][which]
        pending[i][1] -= 1
        if not pending[i][1]:
            del pending[i]
    yield from (text for _key, text in shared[k:])


def _line_segments(part: Mapping[str, Any], prefix: str) -> tuple[str, str]:
    """A part's own lines (a list, or a function that reads their text from the cache),
    cut where the document node's lines begin."""
    own = part["own"]
    text = own() if callable(own) else "".join(line + "\n" for line in own)
    if text.startswith(prefix + ">"):
        return "", text
    cut = text.find("\n" + prefix + ">")
    return (text, "") if cut < 0 else (text[: cut + 1], text[cut + 1 :])


def _write_jsonld(path: Path, prefixes, parts, shared_lines: list[str], staging: Staging) -> None:
    from graph.triples import parse_nt

    shared = jsonld.nodes(parse_nt("\n".join(shared_lines)), PREFIXES)
    items = [(key, jsonld.SEPARATOR + text) for key, text in shared]

    def segments(i: int) -> tuple[str, str]:
        own = parts[i]["own_nodes"]
        return own() if callable(own) else tuple(own)

    jsonld.write(path, CONTEXT["@context"], _in_order(prefixes, items, segments), staging)


def _count_lines(path: Path) -> int:
    with open(path, "rb") as f:
        return sum(block.count(b"\n") for block in iter(lambda: f.read(1 << 20), b""))

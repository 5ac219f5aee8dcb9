"""Bring the previous build's store up to date instead of loading it again.

A rebuild after one changed document loaded the whole store anew: 7 of its 11 seconds at
2,000 documents, for a few hundred changed triples. Both ``graph.nt`` files are sorted, so
one merge pass over them finds the lines the graph lost and gained
(:func:`sorted_difference`); the previous store is copied by a RocksDB checkpoint (hard
links, milliseconds), the difference applied to the copy, and the copy swapped in as a
fresh load would be (:func:`graph.store.load_store`).

That is only right if the previous store holds exactly the previous ``graph.nt``. Every
store therefore carries a stamp (:data:`STAMP`, a file in its folder) naming the
``graph.nt`` it was made from: inode, size and modification time, which the atomic rename
of each new ``graph.nt`` changes. A build interrupted between writing ``graph.nt`` and
swapping in the store leaves a stamp that names another file, and the next build loads the
store whole. So does any difference larger than a tenth of the graph, which a bulk load
makes faster, and an updated copy whose triple count is not the new file's line count.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

__all__ = [
    "STAMP",
    "identity",
    "previous_graph",
    "sorted_difference",
    "updated_copy",
    "write_stamp",
]

STAMP = "kg-graph.json"
"""The stamp's file name inside the store's folder (RocksDB leaves foreign files alone)."""

MAX_SHARE = 10
"""Give up on an update once the difference holds more than 1/MAX_SHARE of the old bytes."""


def _identity(st: os.stat_result) -> dict[str, int]:
    return {"inode": st.st_ino, "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def identity(nt: Path) -> dict[str, int]:
    """What tells this file from the one a later build renames over it."""
    return _identity(nt.stat())


def write_stamp(store_dir: Path, nt: Path, read: dict[str, int]) -> None:
    """Note in ``store_dir`` that the store holds the triples of the file ``nt``, whose
    :func:`identity` was ``read`` before the store read it. If ``nt`` is another file now
    (a build writing into the same folder renamed its own over it meanwhile), no stamp is
    written: the next build loads the store whole."""
    if identity(nt) == read:
        (store_dir / STAMP).write_text(json.dumps(read), encoding="utf-8")


def previous_graph(out: Path) -> BinaryIO | None:
    """``out/graph.nt`` opened for reading if ``out/store`` was made from this very file,
    else None. Open before the new ``graph.nt`` is renamed over it: the handle keeps
    reading the old file. The caller closes it."""
    try:
        stamp = json.loads((out / "store" / STAMP).read_text(encoding="utf-8"))
        handle = open(out / "graph.nt", "rb")  # noqa: SIM115 - returned to the caller
    except (OSError, ValueError):
        return None
    if _identity(os.fstat(handle.fileno())) != stamp:
        handle.close()
        return None
    return handle


def sorted_difference(old: BinaryIO, new: Path) -> tuple[list[bytes], list[bytes], int] | None:
    """The lines only in ``old`` and only in ``new`` (both sorted N-Triples, without
    repeats) and the number of lines in ``new``; None once the difference outgrows
    1/:data:`MAX_SHARE` of the old file."""
    budget = os.fstat(old.fileno()).st_size // MAX_SHARE
    removed: list[bytes] = []
    added: list[bytes] = []
    count = 0
    with open(new, "rb") as fresh:
        a, b = next(old, None), next(fresh, None)
        while a is not None or b is not None:
            if a == b:
                count += 1
                a, b = next(old, None), next(fresh, None)
                continue
            if b is None or (a is not None and a < b):
                removed.append(a)
                budget -= len(a)
                a = next(old, None)
            else:
                added.append(b)
                budget -= len(b)
                count += 1
                b = next(fresh, None)
            if budget < 0:
                return None
    return removed, added, count


def updated_copy(previous: Path, target: Path, removed: list[bytes], added: list[bytes],
                 expected: int) -> ox.Store | None:  # fmt: skip
    """A copy of the store at ``previous`` in ``target`` with ``removed`` taken out and
    ``added`` put in, or None (and no ``target``) when it does not then hold ``expected``
    triples (something other than the difference changed) or a line does not parse: then
    a full load is due."""
    removed_text, added_text = b"".join(removed), b"".join(added)
    if b"_:" in removed_text or b"_:" in added_text:
        return None  # a blank node parses to a fresh one: it cannot be matched or joined
    ox.Store.read_only(str(previous)).backup(str(target))
    store = ox.Store(str(target))
    try:
        for triple in ox.parse(removed_text, ox.RdfFormat.N_TRIPLES):
            store.remove(ox.Quad(triple.subject, triple.predicate, triple.object))
        if added_text:
            store.load(added_text, ox.RdfFormat.N_TRIPLES)
        store.flush()
        if len(store) == expected:
            return store
    except (OSError, SyntaxError, ValueError):
        pass  # the full load follows, and reports what is wrong with the new file
    del store  # closed before its files go
    shutil.rmtree(target, ignore_errors=True)
    return None

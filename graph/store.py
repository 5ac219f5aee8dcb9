"""Where the graph lives once built, and one way to ask it a SPARQL query.

Two backends behind one façade, :func:`run`:

- the embedded on-disk Oxigraph store (``pyoxigraph.Store``) under ``build/store/``: the
  default, 20-50x faster than rdflib on the queries we ask (``../shared/STACK.md``);
- an in-memory rdflib ``Graph``: no files, for tests and notebooks.

A store is built in a temporary directory next to the target and renamed over it (with
the build's other outputs, :class:`graph.atomic.Staging`), so an interrupted build leaves
the previous store readable.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from graph.atomic import Staging, staged
from graph.errors import BuildError, QueryError
from graph.store_update import identity, sorted_difference, updated_copy, write_stamp

__all__ = [
    "Backend",
    "load_store",
    "stage_store",
    "open_store",
    "memory_backend",
    "run",
    "count_triples",
]

Backend = ox.Store | Graph
Row = list[str | None]


def _nt_file(source: str | os.PathLike | Graph, workdir: Path) -> Path:
    if isinstance(source, Graph):
        from graph.rdf import serialize_nt

        path = workdir / "graph.nt"
        path.write_bytes(serialize_nt(source))
        return path
    return Path(source)


CHUNK_BYTES = 32 * 1024 * 1024
"""Oxigraph's bulk loader holds what it is given in memory while it sorts; feeding it
N-Triples in slices of this size bounds the build's peak memory whatever the corpus size.
Measured on 1.16M triples (2,000 documents), load and compaction, CPU seconds: 8 MB slices
8.5-9.0 s at 120 MB, 32 MB 7.6 s at 230 MB, 64 MB 7.3 s at 400 MB, the whole file in one
call 7.4 s at 1.2 GB. The build keeps both cores busy, so CPU is what counts."""


def _chunks(nt: Path):
    """Whole lines of an N-Triples file, about CHUNK_BYTES at a time."""
    with open(nt, "rb") as fh:
        while True:
            block = fh.read(CHUNK_BYTES)
            if not block:
                return
            block += fh.readline()
            yield block


def load_store(
    source: str | os.PathLike | Graph,
    store_dir: str | os.PathLike,
    previous: BinaryIO | None = None,
) -> ox.Store:
    """Put N-Triples (a file, or an rdflib Graph) into a new store at ``store_dir``
    (:func:`stage_store`), swap it in, and return it opened read-only. A failed load raises
    :class:`BuildError` and leaves the old store untouched."""
    try:
        with staged() as staging:
            stage_store(source, store_dir, staging, previous)
    except OSError as exc:
        raise BuildError(f"cannot load the store: {exc}", str(store_dir)) from exc
    return ox.Store.read_only(str(store_dir))


def stage_store(
    source: str | os.PathLike | Graph,
    store_dir: str | os.PathLike,
    staging: Staging,
    previous: BinaryIO | None = None,
) -> None:
    """Make the new store for ``store_dir`` in ``.{name}.tmp-*`` beside it, staged to take
    its place when ``staging`` commits (:class:`graph.atomic.Staging`).

    The store is bulk-loaded, or, where ``previous`` is the sorted N-Triples file the store
    at ``store_dir`` holds (:func:`graph.store_update.previous_graph`) and differs little
    from the sorted file ``source``, a copy of the old store with the lines between them
    removed and added (:mod:`graph.store_update`). A failed load raises
    :class:`BuildError`.
    """
    target = Path(store_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in [*target.parent.glob(f".{target.name}.tmp-*"),
                  *target.parent.glob(f".{target.name}.old-*")]:  # fmt: skip
        shutil.rmtree(stale, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    staging.remove_later(tmp)
    store = None
    try:
        nt = _nt_file(source, tmp)
        read = identity(nt)
        db = tmp / "updated"
        if previous is not None and target.is_dir():
            store = _updated(previous, nt, target, db)
        if store is None:  # a fresh folder: nothing of a failed update can be in it
            db = tmp / "db"
            store = ox.Store(str(db))
            for chunk in _chunks(nt):
                # lenient: skips IRI validation (15 % of the load); syntax errors still
                # raise, and our N-Triples are parsed strictly by the Turtle writer as well
                store.bulk_load(chunk, format=ox.RdfFormat.N_TRIPLES, lenient=True)
            store.flush()
            # Compacted once here, every query reads fewer files: the named queries ran
            # 2-3x faster on a 1M-triple store, for 1 s more load (kg bench --only synthetic).
            # An updated copy is not compacted again (a second of a rebuild's few): after
            # three updates at 2,000 documents its queries took 0.9-1.3x as long.
            store.optimize()
        store = None  # closes the database before it is moved
        if not isinstance(source, Graph):
            write_stamp(db, nt, read)
        staging.put(db, target)
    except (OSError, SyntaxError, ValueError) as exc:
        raise BuildError(f"cannot load the store: {exc}", str(target)) from exc
    finally:
        store = None  # a failed load: closed before its files are removed (its threads write)


def _updated(previous: BinaryIO, nt: Path, old: Path, target: Path) -> ox.Store | None:
    """The old store brought up to ``nt`` (:mod:`graph.store_update`), or None (and no
    ``target``): the full load follows, also when the old store cannot be read."""
    try:
        difference = sorted_difference(previous, nt)
        return None if difference is None else updated_copy(old, target, *difference)
    except (OSError, SyntaxError, ValueError):
        shutil.rmtree(target, ignore_errors=True)
        return None


def open_store(build_dir: str | os.PathLike = "build") -> ox.Store:
    """Open ``{build_dir}/store`` read-only; :class:`QueryError` when there is no build."""
    path = Path(build_dir) / "store"
    if not path.is_dir() or not any(path.iterdir()):
        raise QueryError(f"no build in {build_dir}: run `kg build` first")
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise QueryError(f"cannot open the store in {build_dir}: {exc}") from exc


def memory_backend(source: str | os.PathLike | Graph) -> Graph:
    """An in-memory rdflib Graph from an N-Triples file (or a copy of a Graph)."""
    if isinstance(source, Graph):
        g = Graph()
        for triple in source:
            g.add(triple)
        return g
    return Graph().parse(str(source), format="nt")


def count_triples(backend: Backend) -> int:
    """Number of triples (quads for Oxigraph) in the backend."""
    return len(backend)


# -- the query façade ------------------------------------------------------------------------


def _to_ox(term) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def _text(term) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
        return term.value
    return str(term)


def _run_oxigraph(query: str, store: ox.Store, params: Mapping) -> tuple[list[str], list[Row]]:
    subs = {ox.Variable(k): _to_ox(v) for k, v in params.items()}
    try:
        result = store.query(query, substitutions=subs or None)
    except SyntaxError as exc:
        raise QueryError(f"malformed query: {exc}") from exc
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from exc
    except RuntimeError as exc:  # e.g. a bound variable the query does not SELECT
        names = ", ".join(f"?{k}" for k in params)
        raise QueryError(f"query failed: {exc} (Oxigraph binds {names} only if the query "
                         "SELECTs it)" if params else f"query failed: {exc}") from exc  # fmt: skip
    if isinstance(result, ox.QueryBoolean):
        return ["ask"], [["true" if bool(result) else "false"]]
    if isinstance(result, ox.QueryTriples):
        rows = [[_text(t.subject), _text(t.predicate), _text(t.object)] for t in result]
        return ["subject", "predicate", "object"], rows
    names = [v.value for v in result.variables]
    return names, [[_text(solution[n]) for n in names] for solution in result]


def _run_rdflib(query: str, graph: Graph, params: Mapping) -> tuple[list[str], list[Row]]:
    from pyparsing import ParseException

    try:
        result = graph.query(query, initBindings=dict(params) or None)
    except ParseException as exc:
        raise QueryError(f"malformed query: {exc}") from exc
    except Exception as exc:  # rdflib raises bare Exceptions for some bad queries
        raise QueryError(f"query failed: {exc}") from exc
    if result.type == "ASK":
        return ["ask"], [["true" if result.askAnswer else "false"]]
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        rows = [[_text(s), _text(p), _text(o)] for s, p, o in result.graph]
        return ["subject", "predicate", "object"], rows
    names = [str(v) for v in result.vars]
    return names, [[_text(row[i]) for i in range(len(names))] for row in result]


def run(
    query: str, backend: Backend, params: Mapping[str, object] | None = None
) -> tuple[list[str], list[Row]]:
    """Run a SPARQL query on either backend: ``(variable names, rows of lexical values)``.

    ``params`` binds variables to rdflib terms before evaluation (Oxigraph substitutions,
    rdflib ``initBindings``): values never enter the query text. ``ASK`` gives one ``ask``
    column; ``CONSTRUCT``/``DESCRIBE`` give ``subject, predicate, object`` rows.
    """
    params = dict(params or {})
    if isinstance(backend, ox.Store):
        return _run_oxigraph(query, backend, params)
    if isinstance(backend, Graph):
        return _run_rdflib(query, backend, params)
    raise TypeError(f"unknown backend {type(backend).__name__}")

"""SHACL validation of the built graph against ``ontology/shapes.ttl``.

pySHACL runs on a plain in-memory rdflib Graph with ``inference="none"``: every class a shape
needs is asserted by :mod:`graph.rdf`, and RDFS/OWL closure costs minutes on large graphs
(``../shared/STACK.md``). Never pass it an oxrdflib-backed graph: it calls ``len()`` often.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import RDF, RDFS, Graph, Namespace, URIRef

from graph.resources import project_path

__all__ = ["SHAPES_PATH", "shapes_graph", "shape_name", "validate", "violations", "format_report"]

SHAPES_PATH = project_path("ontology", "shapes.ttl")
SH = Namespace("http://www.w3.org/ns/shacl#")


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The shapes, parsed once per process."""
    return Graph().parse(SHAPES_PATH, format="turtle")


def validate(graph: Graph) -> tuple[bool, Graph, str]:
    """Check ``graph`` against the shapes: ``(conforms, report_graph, report_text)``.

    The returned text is pySHACL's own report with one extra leading block of
    ``which node — which rule`` lines (see :func:`format_report`) when it does not conform.
    """
    from pyshacl import validate as shacl_validate

    if type(graph.store).__name__ != "Memory":
        plain = Graph()
        for triple in graph:
            plain.add(triple)
        graph = plain
    core, sparql = _split_shapes()
    conforms, report, text = shacl_validate(
        graph,
        shacl_graph=core,
        inference="none",
        advanced=True,
        allow_warnings=False,
    )
    lines = violations(report) if not conforms else []
    extra = sparql_violations(graph.serialize(format="nt", encoding="utf-8"), sparql)
    if lines or extra:
        text = "\n".join(sorted(lines + extra)) + "\n\n" + text
    return bool(conforms) and not extra, report, text


@lru_cache(maxsize=1)
def _split_shapes() -> tuple[Graph, tuple[tuple[str, str, str], ...]]:
    """The shapes without their SPARQL constraints, and those constraints as
    ``(shape label, message, query)``. pySHACL evaluates SPARQL constraints with rdflib's
    engine (40 s for one query over a 26-document corpus); Oxigraph runs the same query
    in milliseconds, so :func:`validate` hands them to it. The shapes file stays the one
    place where every rule is written down."""
    shapes = shapes_graph()
    core = Graph()
    constraints = []
    declared = {
        str(shapes.value(d, SH.prefix)): str(shapes.value(d, SH.namespace))
        for d in shapes.objects(None, SH.declare)
    }
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(declared.items()))
    skip = set()
    for shape, node in shapes.subject_objects(SH.sparql):
        label = str(shapes.value(shape, RDFS.label) or shape)
        message = str(shapes.value(node, SH.message) or "SPARQL constraint")
        query = str(shapes.value(node, SH.select)).replace("$this", "?this")
        constraints.append((label, message, prologue + query))
        skip.add((shape, SH.sparql, node))
        skip.update(shapes.triples((node, None, None)))
    for triple in shapes:
        if triple not in skip:
            core.add(triple)
    return core, tuple(constraints)


def sparql_scope(constraints) -> dict[str, frozenset[str] | None] | None:
    """Which N-Triples lines the SPARQL constraints can read: ``{"<predicate>": objects}``
    (``objects`` the ``<class>`` IRIs every pattern with that predicate names, or None for
    any object); None when a pattern's predicate is a variable or a negated path, and then
    every line counts. Lines outside it cannot change a constraint's result, so a caller
    may load only the lines inside it (a document's check loads a quarter of its graph)."""
    from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    patterns: list[tuple] = []

    def walk(node) -> None:
        if isinstance(node, CompValue):
            if node.name == "BGP":
                patterns.extend(node["triples"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list | tuple):
            for value in node:
                walk(value)

    def iris(path) -> list | None:
        if isinstance(path, URIRef):
            return [path]
        if isinstance(path, AlternativePath | SequencePath):
            parts = [iris(a) for a in path.args]
            return None if None in parts else [i for part in parts for i in part]
        if isinstance(path, InvPath):
            return iris(path.arg)
        if isinstance(path, MulPath):
            return iris(path.path)
        return None  # a variable, a NegatedPath: any predicate may match

    for _label, _message, query in constraints:
        walk(prepareQuery(query).algebra)
    scope: dict[str, set[str] | None] = {}
    for _s, p, o in patterns:
        found = iris(p)
        if found is None:
            return None
        for iri in found:
            key = f"<{iri}>"
            if p == RDF.type and isinstance(o, URIRef) and scope.get(key, set()) is not None:
                scope.setdefault(key, set()).add(f"<{o}>")  # a class named: only its members
            else:
                scope[key] = None
    return {p: None if o is None else frozenset(o) for p, o in scope.items()}


def in_scope(lines, scope: dict[str, frozenset[str] | None] | None) -> list[str]:
    """The N-Triples ``lines`` a constraint with this :func:`sparql_scope` can read."""
    if scope is None:
        return list(lines)
    kept = []
    for line in lines:
        _s, p, rest = line.split(" ", 2)
        if p in scope:
            objects = scope[p]
            if objects is None or rest[:-2] in objects:
                kept.append(line)
    return kept


def sparql_violations(nt: bytes, constraints) -> list[str]:
    """The ``node — rule: message`` lines of the SPARQL constraints (from
    :func:`_split_shapes`) on the N-Triples ``nt``, run on an in-memory Oxigraph store."""
    if not constraints:
        return []
    import pyoxigraph as ox

    store = ox.Store()
    store.load(nt, ox.RdfFormat.N_TRIPLES)
    lines = []
    for label, message, query in constraints:
        for row in store.query(query):
            value = row["value"]
            lines.append(f"{value.value if value is not None else ''} — {label}: {message}")
    return lines


def shape_name(shape) -> str:
    """A shape's name in a report line: its rdfs:label, or its node shape's and its path."""
    shapes = shapes_graph()
    # A property shape is a blank node; name it by its node shape's label and its path.
    label = shapes.value(shape, RDFS.label)
    if label is not None:
        return str(label)
    parent = shapes.value(None, SH.property, shape)
    path = shapes.value(shape, SH.path)
    owner = shapes.value(parent, RDFS.label) if parent is not None else None
    path_text = shapes.namespace_manager.normalizeUri(path) if isinstance(path, URIRef) else ""
    return " ".join(str(x) for x in (owner, path_text) if x) or "shape"


def violations(report: Graph) -> list[str]:
    """One sorted line per violation: ``<node> — <rule>: <message>``."""
    lines = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        node = report.value(result, SH.focusNode)
        message = report.value(result, SH.resultMessage)
        shape = report.value(result, SH.sourceShape)
        value = report.value(result, SH.value)
        line = f"{node} — {shape_name(shape)}: {message}"
        if value is not None and value != node:
            line += f" (value: {value})"
        lines.add(line)
    return sorted(lines)


def format_report(text: str, limit: int = 20) -> str:
    """The readable head of a report from :func:`validate`: at most ``limit`` violation lines."""
    head = text.split("\n\n", 1)[0].splitlines()
    lines = [line for line in head if " — " in line]
    if not lines:
        return text.strip()
    more = len(lines) - limit
    shown = [f"  {line}" for line in lines[:limit]]
    if more > 0:
        shown.append(f"  … and {more} more")
    return "\n".join(shown)

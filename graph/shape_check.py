"""The SHACL shapes of ``ontology/shapes.ttl``, compiled once and checked on plain triples.

pySHACL (:func:`graph.shapes.validate`) costs ~80 ms per document graph: 60 % of a corpus
build. The build instead checks each document's triples (:mod:`graph.triples`) with the
same shapes, read from the same file, in ~2 ms. Only the SHACL Core features the shapes
file uses are implemented, with the spec's semantics; a shape using any other feature is
refused when the shapes are compiled (:class:`ShapeError`), never silently skipped.
Results are the lines :func:`graph.shapes.violations` makes from pySHACL's report, and the
tests hold both engines to the same lines on the real corpus and on broken graphs.
SPARQL constraints (``sh:sparql``) run on an in-memory Oxigraph store, as in
:func:`graph.shapes.validate`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache

from rdflib import RDF, RDFS, BNode, Graph
from rdflib.collection import Collection

from graph.triples import XSD, Lit, Triple, nt_line, term_from_rdflib

SH = "http://www.w3.org/ns/shacl#"
_TYPE, _SUBCLASS = str(RDF.type), str(RDFS.subClassOf)

__all__ = ["ShapeError", "check", "compile_shapes", "compiled"]


class ShapeError(ValueError):
    """The shapes use a SHACL feature this checker does not implement."""


# -- literals ------------------------------------------------------------------------------

_TZ = r"(Z|[+-]\d{2}:\d{2})?"
_LEXICAL = {
    XSD + "integer": re.compile(r"[+-]?\d+"),
    XSD + "nonNegativeInteger": re.compile(r"(\+?\d+|-0+)"),
    XSD + "boolean": re.compile(r"true|false|1|0"),
    XSD + "gYear": re.compile(r"-?\d{4,}" + _TZ),
    XSD + "gYearMonth": re.compile(r"-?\d{4,}-(0[1-9]|1[0-2])" + _TZ),
    XSD + "date": re.compile(r"(-?\d{4,})-(\d{2})-(\d{2})" + _TZ),
}


def _well_formed(lit: Lit) -> bool:
    """Is the lexical form valid for its datatype (as rdflib judges ill-typed literals)?"""
    pattern = _LEXICAL.get(lit.datatype)
    if pattern is None:
        return True
    match = pattern.fullmatch(lit.value)
    if match is None:
        return False
    if lit.datatype == XSD + "date":
        try:
            date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return False
    return True


_NUMERIC = {XSD + "integer", XSD + "nonNegativeInteger"}


def _number(term) -> int | None:
    """The value of a well-formed integer literal; None for anything else."""
    if isinstance(term, Lit) and term.datatype in _NUMERIC and _well_formed(term):
        return int(term.value)
    return None


# -- the data ------------------------------------------------------------------------------


class _Data:
    """The triples indexed the three ways the shapes read them. ``objects_for``: the
    predicates whose objects a shape targets (:attr:`Compiled.object_targets`)."""

    def __init__(self, triples: Iterable[Triple], objects_for: frozenset[str]):
        values: dict[str, dict[str, list]] = {}
        self.objects_of: dict[str, set] = defaultdict(set)
        direct: dict[str, set[str]] = defaultdict(set)
        supers: dict[str, set[str]] = defaultdict(set)
        for s, p, o in triples:
            by_predicate = values.get(s)
            if by_predicate is None:
                values[s] = {p: [o]}
            elif p in by_predicate:
                by_predicate[p].append(o)
            else:
                by_predicate[p] = [o]
            if p in objects_for:
                self.objects_of[p].add(o)
            if p == _TYPE and isinstance(o, str):
                direct[s].add(o)
            elif p == _SUBCLASS and isinstance(o, str):
                supers[s].add(o)
        self.values = values
        self.types = {node: _closure(classes, supers) for node, classes in direct.items()}
        self.instances: dict[str, set[str]] = defaultdict(set)
        for node, classes in self.types.items():
            for cls in classes:
                self.instances[cls].add(node)

    def get(self, node, path: str) -> list:
        if isinstance(node, Lit):
            return []
        return self.values.get(node, {}).get(path, [])

    def is_a(self, node, cls: str) -> bool:
        return isinstance(node, str) and cls in self.types.get(node, ())


def _closure(classes: set[str], supers: dict[str, set[str]]) -> set[str]:
    if not supers:
        return classes
    out, todo = set(classes), list(classes)
    while todo:
        for parent in supers.get(todo.pop(), ()):
            if parent not in out:
                out.add(parent)
                todo.append(parent)
    return out


# -- the shapes ----------------------------------------------------------------------------


@dataclass
class _Shape:
    """A node or property shape: its targets (node shapes), path (property shapes),
    constraints ``(component, parameter)``, and the message and name its results carry."""

    name: str
    message: str = ""
    path: str | None = None
    targets: list[tuple[str, object]] = field(default_factory=list)
    constraints: list[tuple[str, object]] = field(default_factory=list)
    properties: list[_Shape] = field(default_factory=list)


_SHAPE_KEYS = {
    "message", "path", "property", "targetClass", "targetNode", "targetObjectsOf",
    "targetSubjectsOf", "prefixes", "declare", "qualifiedMinCount",
    "qualifiedMaxCount",
}  # fmt: skip
_COMPONENTS = {
    "minCount", "maxCount", "class", "datatype", "nodeKind", "in", "hasValue", "minLength",
    "pattern", "lessThan", "or", "node", "qualifiedValueShape",
}  # fmt: skip


class _Compiler:
    """Reads shapes from an rdflib Graph into :class:`_Shape` trees, once per shape node."""

    def __init__(self, graph: Graph):
        from graph.shapes import shape_name

        self.graph, self.shape_name = graph, shape_name
        self.done: dict = {}

    def shape(self, node) -> _Shape:
        if node in self.done:
            return self.done[node]
        g = self.graph
        shape = _Shape(name=self.shape_name(node))
        self.done[node] = shape
        for p, o in sorted(g.predicate_objects(node)):
            if not str(p).startswith(SH):
                continue  # rdf:type, rdfs:label and other annotations
            key = str(p).removeprefix(SH)
            if key not in _SHAPE_KEYS and key not in _COMPONENTS:
                raise ShapeError(f"ontology/shapes.ttl: {p} is not supported by the fast checker")
            if key == "message":
                shape.message = str(o)
            elif key == "path":
                if isinstance(o, BNode):
                    raise ShapeError(f"ontology/shapes.ttl: path {o} is not a single property")
                shape.path = str(o)
            elif key == "property":
                shape.properties.append(self.shape(o))
            elif key.startswith("target"):
                shape.targets.append((key, str(o)))
            elif key in _COMPONENTS:
                shape.constraints.append((key, self.parameter(node, key, o)))
        return shape

    def parameter(self, node, key: str, value):
        g = self.graph
        if key in {"minCount", "maxCount", "minLength"}:
            return int(value)
        if key == "in":
            return {term_from_rdflib(v) for v in Collection(g, value)}
        if key == "or":
            return [self.shape(v) for v in Collection(g, value)]
        if key in {"node", "qualifiedValueShape"}:
            inner = self.shape(value)
            if key == "qualifiedValueShape":
                low = g.value(node, _sh("qualifiedMinCount"))
                high = g.value(node, _sh("qualifiedMaxCount"))
                return inner, None if low is None else int(low), None if high is None else int(high)
            return inner
        if key == "pattern":  # no sh:flags (refused above): a plain search, as XPath's matches()
            return re.compile(str(value))
        if key == "nodeKind" and str(value) not in {SH + "IRI", SH + "Literal"}:
            raise ShapeError(f"ontology/shapes.ttl: sh:nodeKind {value} is not supported")
        return term_from_rdflib(value)


def _sh(name: str):
    from rdflib import URIRef

    return URIRef(SH + name)


@dataclass
class Compiled:
    """Every node shape with a target, the SPARQL constraints as (name, message, query),
    and the lines those can read (:func:`graph.shapes.sparql_scope`)."""

    shapes: list[_Shape]
    sparql: tuple[tuple[str, str, str], ...]
    scope: dict[str, frozenset[str] | None] | None

    @cached_property
    def object_targets(self) -> frozenset[str]:
        """The predicates of every ``sh:targetObjectsOf``."""
        return frozenset(t for shape in self.shapes for kind, t in shape.targets
                         if kind == "targetObjectsOf")  # fmt: skip


@lru_cache(maxsize=1)
def compiled() -> Compiled:
    """The shapes of ``ontology/shapes.ttl``, compiled once per process."""
    from graph.shapes import _split_shapes

    return compile_shapes(*_split_shapes())


def compile_shapes(core: Graph, sparql: tuple = ()) -> Compiled:
    """Compile a shapes graph without SPARQL constraints (raises :class:`ShapeError`)."""
    compiler = _Compiler(core)
    roots = sorted({s for s, p, _o in core if str(p).startswith(SH + "target")})
    shapes = [compiler.shape(node) for node in roots]
    for shape in shapes:
        for reported in [shape, *shape.properties]:
            if reported.constraints and not reported.message:
                raise ShapeError(f"ontology/shapes.ttl: {reported.name} needs an sh:message")
    from graph.shapes import sparql_scope

    return Compiled(shapes, sparql, sparql_scope(sparql))


# -- checking ------------------------------------------------------------------------------


def _shown(term) -> str:
    return term.value if isinstance(term, Lit) else term


def _line(focus, shape: _Shape, value=None) -> str:
    line = f"{_shown(focus)} — {shape.name}: {shape.message}"
    if value is not None and value != focus:
        line += f" (value: {_shown(value)})"
    return line


def _focus_nodes(shape: _Shape, data: _Data) -> set:
    nodes: set = set()
    for kind, target in shape.targets:
        if kind == "targetClass":
            nodes |= data.instances.get(target, set())
        elif kind == "targetNode":
            nodes.add(target)
        elif kind == "targetObjectsOf":
            nodes |= data.objects_of.get(target, set())
        elif kind == "targetSubjectsOf":
            nodes |= {s for s, values in data.values.items() if target in values}
    return nodes


def _results(shape: _Shape, focus, data: _Data, out: list[str]) -> None:
    """Append the result lines of ``focus`` against ``shape`` to ``out``."""
    values = data.get(focus, shape.path) if shape.path else [focus]
    for key, param in shape.constraints:
        _component(key, param, shape, focus, values, data, out)
    for prop in shape.properties:
        _results(prop, focus, data, out)


def _conforms(shape: _Shape, node, data: _Data) -> bool:
    """No result for ``node`` against ``shape``: stops at the first (``sh:or`` tries its
    alternatives on every annotation target)."""
    values = data.get(node, shape.path) if shape.path else [node]
    found: list[str] = []
    for key, param in shape.constraints:
        _component(key, param, shape, node, values, data, found)
        if found:
            return False
    return all(_conforms(prop, node, data) for prop in shape.properties)


def _component(key, param, shape: _Shape, focus, values: list, data: _Data, out: list) -> None:
    """One constraint component on one focus node: results for the node as a whole
    (counts, ``sh:hasValue``) or one per value that breaks it."""
    distinct = set(values)
    if key in {"minCount", "maxCount", "hasValue", "qualifiedValueShape"}:
        if not _whole_ok(key, param, distinct, data):
            out.append(_line(focus, shape))
    elif key == "lessThan":
        others = data.get(focus, param)
        for v in distinct:
            if any(not _less(v, w) for w in others):
                out.append(_line(focus, shape, v))
    elif key == "node":  # pySHACL reports why the value fails too (its sh:detail results)
        for v in distinct:
            details: list[str] = []
            _results(param, v, data, details)
            if details:
                out += [_line(focus, shape, v), *details]
    else:
        out.extend(_line(focus, shape, v) for v in distinct if not _value_ok(key, param, v, data))


def _whole_ok(key: str, param, values: set, data: _Data) -> bool:
    if key == "minCount":
        return len(values) >= param
    if key == "maxCount":
        return len(values) <= param
    if key == "hasValue":
        return param in values
    inner, low, high = param
    n = sum(1 for v in values if _conforms(inner, v, data))
    return (low is None or n >= low) and (high is None or n <= high)


def _less(a, b) -> bool:
    x, y = _number(a), _number(b)
    return x is not None and y is not None and x < y


def _value_ok(key: str, param, v, data: _Data) -> bool:
    if key == "class":
        return data.is_a(v, param)
    if key == "datatype":
        return isinstance(v, Lit) and v.kind == param and _well_formed(v)
    if key == "nodeKind":
        return isinstance(v, Lit) == (param == SH + "Literal")
    if key == "in":
        return v in param
    if key == "minLength":
        return len(_shown(v)) >= param
    if key == "pattern":
        return param.search(_shown(v)) is not None
    if key == "or":
        return any(_conforms(s, v, data) for s in param)
    raise ShapeError(f"sh:{key} is not supported by the fast checker")


def check(triples: Iterable[Triple], shapes: Compiled | None = None,
          lines: Iterable[str] | None = None) -> list[str]:  # fmt: skip
    """The sorted, unique ``node — rule: message`` lines of every violation in ``triples``
    (empty when they conform), as :func:`graph.shapes.violations` would list them.
    ``lines``: the N-Triples of ``triples``, when the caller has them already."""
    triples = list(triples)
    shapes = shapes or compiled()
    data = _Data(triples, shapes.object_targets)
    out: list[str] = []
    for shape in shapes.shapes:
        for focus in _focus_nodes(shape, data):
            _results(shape, focus, data, out)
    if shapes.sparql:
        from graph.shapes import in_scope, sparql_violations

        nt = in_scope(lines if lines is not None else map(nt_line, triples), shapes.scope)
        out += sparql_violations("\n".join(nt).encode("utf-8"), shapes.sparql)
    return sorted(set(out))

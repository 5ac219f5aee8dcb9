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
from collections.abc import Callable, Iterable
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
    predicates whose objects a shape targets (:attr:`Compiled.object_targets`). A node's
    values of a predicate are a list, nearly always of one: a checker that counts or
    tests them makes a set of a longer one (:func:`_distinct`)."""

    def __init__(self, triples: Iterable[Triple], objects_for: frozenset[str]):
        values: dict[str, dict[str, list]] = {}
        self.objects_of: dict[str, set] = defaultdict(set)
        direct: dict[str, set[str]] = defaultdict(set)
        supers: dict[str, set[str]] = defaultdict(set)
        objects_of, rdf_type, subclass = self.objects_of, _TYPE, _SUBCLASS  # locals: hot loop
        for s, p, o in triples:
            by_predicate = values.get(s)
            if by_predicate is None:
                values[s] = {p: [o]}
            else:
                found = by_predicate.get(p)
                if found is None:
                    by_predicate[p] = [o]
                else:
                    found.append(o)
            if p in objects_for:
                objects_of[p].add(o)
            if p == rdf_type:
                if isinstance(o, str):
                    direct[s].add(o)
            elif p == subclass and isinstance(o, str):
                supers[s].add(o)
        self.values = values
        if supers:
            self.types = {node: _closure(classes, supers) for node, classes in direct.items()}
        else:  # no rdfs:subClassOf (a document's graph): each node's types are its own
            self.types = dict(direct)
        self.instances: dict[str, set[str]] = defaultdict(set)
        for node, classes in self.types.items():
            for cls in classes:
                self.instances[cls].add(node)

    def get(self, node, path: str) -> list | tuple:
        if isinstance(node, Lit):
            return _NONE
        return self.values.get(node, _NO_VALUES).get(path, _NONE)


_NONE: tuple = ()
_NO_VALUES: dict[str, list] = {}


def _distinct(values: list | tuple) -> list | tuple | set:
    """The values without repeats (the same triple given twice)."""
    return set(values) if len(values) > 1 else values


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
    plan: Plan | None = field(default=None, repr=False, compare=False)  # see _plan


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
    def triple_scope(self) -> dict[str, frozenset[str] | None] | None:
        """:attr:`scope` on plain triples: predicates and classes as bare IRIs."""
        if self.scope is None:
            return None
        return {p[1:-1]: None if objects is None else frozenset(o[1:-1] for o in objects)
                for p, objects in self.scope.items()}  # fmt: skip

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


# A shape's plan: for the shape and, depth first, each of its property shapes (all read
# the same focus node), the path (None: the focus node itself) and one check per
# constraint. A check is ``run(focus, values, data, out)``: ``values`` the distinct value
# nodes, ``out`` the list its result lines go to. Made once per shape (:func:`_plan`), so
# checking a focus node does no dispatch on component names.
Check = Callable[[object, Iterable, _Data, list], None]
Plan = tuple[tuple[str | None, tuple[Check, ...]], ...]


def _plan(shape: _Shape) -> Plan:
    """The shape's plan, made on first use and kept on the shape."""
    plan = shape.plan
    if plan is None:
        own = (shape.path, tuple(_compile_check(key, p, shape) for key, p in shape.constraints))
        plan = shape.plan = (own, *(step for prop in shape.properties for step in _plan(prop)))
    return plan


def _results(shape: _Shape, focus, data: _Data, out: list[str]) -> None:
    """Append the result lines of ``focus`` against ``shape`` to ``out``."""
    by_path = _NO_VALUES if isinstance(focus, Lit) else data.values.get(focus, _NO_VALUES)
    for path, checks in shape.plan or _plan(shape):
        values = _distinct(by_path.get(path, _NONE)) if path else (focus,)
        for run in checks:
            run(focus, values, data, out)


def _conforms(shape: _Shape, node, data: _Data) -> bool:
    """No result for ``node`` against ``shape``: stops at the first (``sh:or`` tries its
    alternatives on every annotation target)."""
    found: list[str] = []
    by_path = _NO_VALUES if isinstance(node, Lit) else data.values.get(node, _NO_VALUES)
    for path, checks in shape.plan or _plan(shape):
        values = _distinct(by_path.get(path, _NONE)) if path else (node,)
        for run in checks:
            run(node, values, data, found)
            if found:
                return False
    return True


def _compile_check(key: str, param, shape: _Shape) -> Check:
    """One constraint component as a check: results for the node as a whole (counts,
    ``sh:hasValue``, qualified counts) or one per value that breaks it."""
    if key in ("minCount", "maxCount"):  # the most common checks: no inner test to call
        low, high = (param, None) if key == "minCount" else (0, param)

        def run_count(focus, values, data, out):
            n = len(values)
            if n < low or (high is not None and n > high):
                out.append(_line(focus, shape))

        return run_count
    if key in _WHOLE:
        ok = _WHOLE[key](param)

        def run_whole(focus, values, data, out):
            if not ok(values, data):
                out.append(_line(focus, shape))

        return run_whole
    if key == "lessThan":

        def run_less_than(focus, values, data, out):
            others = data.get(focus, param)
            for v in values:
                if any(not _less(v, w) for w in others):
                    out.append(_line(focus, shape, v))

        return run_less_than
    if key == "node":  # pySHACL reports why the value fails too (its sh:detail results)

        def run_node(focus, values, data, out):
            for v in values:
                details: list[str] = []
                _results(param, v, data, details)
                if details:
                    out += [_line(focus, shape, v), *details]

        return run_node
    if key not in _VALUE:
        raise ShapeError(f"sh:{key} is not supported by the fast checker")
    ok = _VALUE[key](param)

    def run_values(focus, values, data, out):
        for v in values:
            if not ok(v, data):
                out.append(_line(focus, shape, v))

    return run_values


# -- the components: each makes its test ``ok(...)`` from the constraint's parameter ------


def _has_value(term):
    return lambda values, data: term in values


def _qualified(param):
    inner, low, high = param

    def ok(values, data) -> bool:
        n = sum(1 for v in values if _conforms(inner, v, data))
        return (low is None or n >= low) and (high is None or n <= high)

    return ok


_WHOLE = {"hasValue": _has_value, "qualifiedValueShape": _qualified}


def _less(a, b) -> bool:
    x, y = _number(a), _number(b)
    return x is not None and y is not None and x < y


def _class(cls: str):
    def ok(v, data) -> bool:
        return isinstance(v, str) and cls in data.types.get(v, ())

    return ok


def _datatype(datatype: str):
    def ok(v, data) -> bool:
        return isinstance(v, Lit) and v.kind == datatype and _well_formed(v)

    return ok


def _node_kind(kind: str):
    literal = kind == SH + "Literal"
    return lambda v, data: isinstance(v, Lit) == literal


def _in(allowed: set):
    return lambda v, data: v in allowed


def _min_length(n: int):
    return lambda v, data: len(_shown(v)) >= n


def _pattern(regex: re.Pattern[str]):
    return lambda v, data: regex.search(_shown(v)) is not None


def _or(alternatives: list[_Shape]):
    return lambda v, data: any(_conforms(s, v, data) for s in alternatives)


_VALUE = {"class": _class, "datatype": _datatype, "nodeKind": _node_kind, "in": _in,
          "minLength": _min_length, "pattern": _pattern, "or": _or}  # fmt: skip


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

        if lines is None:
            nt = _scoped_lines(triples, shapes.triple_scope)
        else:
            nt = in_scope(lines, shapes.scope)
        out += sparql_violations("\n".join(nt).encode("utf-8"), shapes.sparql)
    return sorted(set(out))


def _scoped_lines(triples: list[Triple], scope: dict[str, frozenset[str] | None] | None):
    """The N-Triples lines of the ``triples`` that :func:`graph.shapes.in_scope` keeps
    (``scope``: :attr:`Compiled.triple_scope`), chosen before they are encoded: most
    lines are outside the scope, and encoding them only to split them again costs."""
    if scope is None:
        return [nt_line(t) for t in triples]
    kept = []
    for t in triples:
        objects = scope.get(t[1], _NONE)  # None: any object; a literal is never a class IRI
        if objects is None or t[2] in objects:
            kept.append(nt_line(t))
    return kept

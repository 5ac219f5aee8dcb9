"""The SHACL shapes accept the seed graph and name node and rule on each breach, with both
engines: pySHACL (graph.shapes.validate, the reference) and the build's compiled checker
(graph.shape_check.check). test_shape_check.py holds them to the same lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from graph import BASE
from graph.rdf import KG, OA, PROV, records_to_graph
from graph.shape_check import check
from graph.shapes import format_report, validate
from graph.triples import from_rdflib

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "records" / "seed.json"
DOC = f"{BASE}id/doc/000_f6bdf192e8c7e34f"
C0 = URIRef(f"{DOC}/toezegging/0")


@pytest.fixture(scope="module")
def base_graph() -> Graph:
    return records_to_graph([json.loads(FIXTURE.read_text(encoding="utf-8"))])


def _copy(g: Graph) -> Graph:
    out = Graph()
    for t in g:
        out.add(t)
    return out


def _fast(g: Graph) -> tuple[bool, None, str]:
    lines = check(from_rdflib(t) for t in g)
    return not lines, None, "\n".join(lines)


@pytest.fixture(params=["pyshacl", "compiled"])
def validate_with(request):
    """Each test runs once per engine."""
    return validate if request.param == "pyshacl" else _fast


@pytest.fixture
def _fails(validate_with):
    def fails(g: Graph, *needles: str) -> str:
        conforms, _report, text = validate_with(g)
        assert not conforms
        readable = format_report(text)
        for needle in needles:
            assert needle in readable, readable
        return readable

    return fails


def test_shapes_pyshacl_report_is_a_graph(base_graph, _fails):
    g = _copy(base_graph)
    g.remove((C0, KG.annotation, None))
    conforms, report, _text = validate(g)
    assert not conforms and isinstance(report, Graph)


def test_shapes_seed_graph_conforms(base_graph, validate_with):
    conforms, _report, text = validate_with(base_graph)
    assert conforms, format_report(text)


def test_shapes_commitment_needs_exactly_one_annotation(base_graph, _fails):
    g = _copy(base_graph)
    g.remove((C0, KG.annotation, None))
    _fails(g, str(C0), "exactly one text annotation")


def test_shapes_commitment_needs_a_responsible_actor(base_graph, _fails):
    g = _copy(base_graph)
    g.remove((C0, PROV.wasAttributedTo, None))
    _fails(g, str(C0), "responsible actor")


def test_shapes_commitment_has_exactly_one_kind(base_graph, _fails):
    g = _copy(base_graph)
    g.add((C0, RDF.type, KG.Refusal))
    _fails(g, str(C0), "exactly one kind")


def test_shapes_quote_must_match_the_text_at_its_offsets(base_graph, _fails):
    g = _copy(base_graph)
    quote = URIRef(f"{C0}/annotatie/citaat")
    g.set((quote, OA.exact, Literal("Iets anders dan de zin.")))
    _fails(g, f"{C0}/annotatie/doel", "quote at its offsets", "not the source text")


def test_shapes_start_before_end(base_graph, _fails):
    g = _copy(base_graph)
    pos = URIRef(f"{C0}/annotatie/positie")
    g.set((pos, OA.start, Literal(900, datatype=XSD.nonNegativeInteger)))
    _fails(g, str(pos), "less than")


def _mention_target(g: Graph) -> tuple[URIRef, URIRef]:
    """A mention annotation of the seed graph and its span IRI."""
    ann = next(a for a in g.subjects(OA.motivatedBy, OA.identifying))
    return ann, g.value(ann, OA.hasTarget)


def test_shapes_mention_target_is_a_char_span(base_graph, _fails):
    g = _copy(base_graph)
    ann, span = _mention_target(g)
    assert "#char=" in str(span)
    g.set((ann, OA.hasTarget, URIRef(str(span).split("#")[0])))
    _fails(g, str(ann), "#char=start,end span IRI")


def test_shapes_fact_annotation_has_one_target_a_mention_more(base_graph, _fails, validate_with):
    g = _copy(base_graph)
    ann, span = _mention_target(g)
    part = str(span).split("#")[0]
    g.add((ann, OA.hasTarget, URIRef(part + "#char=0,2")))  # a second span: still whole
    assert validate_with(g)[0]
    fact = URIRef(f"{C0}/annotatie")
    other = next(t for t in g.objects(None, OA.hasTarget) if str(t).endswith("/doel") and
                 t != g.value(fact, OA.hasTarget))  # fmt: skip
    g.add((fact, OA.hasTarget, other))  # a second whole SpecificResource: one too many
    _fails(g, str(fact), "annotation of a fact", "exactly one target")
    g.remove((fact, OA.hasTarget, None))
    g.add((fact, OA.hasTarget, URIRef(part + "#char=0,2")))  # one target, but a bare span
    _fails(g, str(fact), "annotation of a fact")


@pytest.mark.parametrize("broken", ["#char=50,40", "#char=0,999999"])
def test_shapes_mention_span_lies_inside_its_text(base_graph, _fails, broken):
    g = _copy(base_graph)
    ann, span = _mention_target(g)
    bad = URIRef(str(span).split("#")[0] + broken)
    g.set((ann, OA.hasTarget, bad))
    _fails(g, str(bad), "span within its text")


def test_shapes_sparql_constraints_read_only_the_lines_in_their_scope(base_graph):
    """The build loads only the lines the SPARQL constraints can match; what it leaves
    out must not change a result, broken graph or not."""
    from graph.shape_check import compiled
    from graph.shapes import in_scope, sparql_violations
    from graph.triples import nt_line

    shapes = compiled()
    assert shapes.scope and "<https://schema.org/text>" in shapes.scope
    g = _copy(base_graph)
    g.set((URIRef(f"{C0}/annotatie/citaat"), OA.exact, Literal("Iets anders.")))
    ann, span = _mention_target(g)
    g.set((ann, OA.hasTarget, URIRef(str(span).split("#")[0] + "#char=5,4")))
    lines = [nt_line(from_rdflib(t)) for t in g]
    kept = in_scope(lines, shapes.scope)
    assert len(kept) < len(lines) / 2

    def run(nt: list[str]) -> list[str]:
        return sorted(sparql_violations("\n".join(nt).encode(), shapes.sparql))

    assert run(kept) == run(lines) and len(run(lines)) == 2


def test_shapes_due_date_must_be_a_typed_date(base_graph, _fails):
    g = _copy(base_graph)
    g.set((C0, KG.dueDate, Literal("januari 2025")))
    _fails(g, str(C0), "due date")


def test_shapes_request_has_exactly_one_outcome(base_graph, _fails):
    g = _copy(base_graph)
    request = URIRef(f"{DOC}/verzoek/4")
    g.add((request, KG.outcome, KG.accepted))
    _fails(g, str(request), "exactly one outcome")


def test_shapes_actor_needs_label_and_type(base_graph, _fails):
    g = _copy(base_graph)
    vng = URIRef(f"{BASE}id/actor/vng")
    g.remove((vng, RDFS.label, None))
    g.remove((vng, RDF.type, URIRef("http://www.w3.org/ns/org#Organization")))
    _fails(g, str(vng), "rdfs:label", "org:Organization or foaf:Person")


def test_shapes_report_is_capped_and_sorted(base_graph, validate_with):
    g = _copy(base_graph)
    g.remove((None, KG.annotation, None))
    conforms, _report, text = validate_with(g)
    assert not conforms
    lines = format_report(text, limit=5).splitlines()
    assert len(lines) == 6 and lines[-1] == "  … and 6 more"  # 11 statements lack one
    assert lines[:5] == sorted(lines[:5])


_ORG = "http://www.w3.org/ns/org#"
_SIGNED, _PARTY = URIRef(f"{DOC}/beantwoorder/1"), URIRef(f"{DOC}/vrager/1")


@pytest.mark.parametrize(
    "node, breach, needle",
    [
        (_SIGNED, lambda g, n: g.remove((n, URIRef(f"{_ORG}organization"), None)), "party or post"),
        (_SIGNED, lambda g, n: g.set((n, PROV.wasDerivedFrom, C0)), "exactly one document"),
        (_PARTY, lambda g, n: g.remove((n, URIRef(f"{_ORG}role"), None)), "exactly one role"),
        (_PARTY, lambda g, n: g.set((n, URIRef(f"{_ORG}role"), KG.accepted)), "exactly one role"),
        (_PARTY, lambda g, n: g.add((n, URIRef(f"{_ORG}member"), n)), "exactly one member"),
    ],
    ids=["no-post", "not-from-a-document", "no-role", "not-a-role", "two-members"],
)
def test_shapes_a_membership_has_one_role_member_party_or_post_and_document(
    base_graph, _fails, node, breach, needle
):
    g = _copy(base_graph)
    assert (node, RDF.type, URIRef(f"{_ORG}Membership")) in g
    breach(g, node)
    _fails(g, str(node), needle)

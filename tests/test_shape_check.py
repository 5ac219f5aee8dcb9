"""graph.shape_check: the build's compiled SHACL checker says what pySHACL says.

pySHACL is the reference; the checker exists only to be fast. These tests hold it to the
same violation lines on every real document and on seed graphs broken at random.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from graph.build import find_documents
from graph.pipeline import extract_record
from graph.rdf import _Mapper
from graph.shape_check import ShapeError, check, compile_shapes
from graph.shapes import format_report, validate
from graph.triples import XSD, Lit, to_rdflib

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "records" / "seed.json"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def reference(triples) -> list[str]:
    """pySHACL's violation lines for ``triples``."""
    conforms, _report, text = validate(to_rdflib(triples))
    return [] if conforms else [x.strip() for x in format_report(text, 10**9).splitlines()]


def _document_triples(record: dict) -> set:
    mapper = _Mapper([record])
    return mapper.run()


@functools.cache
def seed_triples() -> list:
    return sorted(_document_triples(json.loads(FIXTURE.read_text(encoding="utf-8"))), key=str)


def test_checker_agrees_with_pyshacl_on_every_real_document(corpus_dir, seed_path):
    for path in [*find_documents([corpus_dir]), seed_path]:
        triples = _document_triples(extract_record(path))
        assert check(triples) == reference(triples) == [], path.name


_LITERALS = st.sampled_from(
    [
        Lit("x"),
        Lit("", "nl"),
        Lit("7", datatype=XSD + "integer"),
        Lit("-3", datatype=XSD + "nonNegativeInteger"),
        Lit("2024-02-30", datatype=XSD + "date"),
        Lit("2025-01", datatype=XSD + "gYearMonth"),
        Lit("true", datatype=XSD + "boolean"),
    ]
)


@st.composite
def broken(draw, base: list):
    """The seed's triples with one to four random edits: drop, add, retype, re-point."""
    triples = set(base)
    nodes = sorted({s for s, _p, _o in base})
    classes = sorted({o for _s, p, o in base if p == RDF_TYPE})
    for _ in range(draw(st.integers(1, 4))):
        s, p, o = draw(st.sampled_from(sorted(triples, key=str)))
        edit = draw(st.sampled_from(["drop", "literal", "node", "type"]))
        if edit == "drop":
            triples.discard((s, p, o))
        elif edit == "literal" and not p.endswith(("#start", "#end")):
            triples.add((s, p, draw(_LITERALS)))
        elif edit == "node":
            triples.discard((s, p, o))
            triples.add((s, p, draw(st.sampled_from(nodes))))
        elif edit == "type":
            triples.add((s, RDF_TYPE, draw(st.sampled_from(classes))))
    return triples


@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(data=st.data())
def test_checker_agrees_with_pyshacl_on_broken_graphs(data):
    triples = data.draw(broken(seed_triples()))
    assert [x.strip() for x in check(triples)] == reference(triples)  # report lines are stripped


def test_checker_refuses_a_shacl_feature_it_does_not_implement():
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ex:p ; sh:maxLength 3 ; sh:message "short" ] .
        """,
        format="turtle",
    )
    with pytest.raises(ShapeError, match="maxLength"):
        compile_shapes(shapes)

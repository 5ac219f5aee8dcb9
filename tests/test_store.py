"""graph.store: the on-disk store is swapped in whole, and one façade queries both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from graph.errors import BuildError, QueryError
from graph.rdf import records_to_graph, write_graph_files
from graph.store import load_store, memory_backend, open_store, run

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "records" / "seed.json"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return records_to_graph([json.loads(FIXTURE.read_text(encoding="utf-8"))])


@pytest.fixture(scope="module")
def build(tmp_path_factory, graph) -> Path:
    out = tmp_path_factory.mktemp("build")
    paths = write_graph_files(graph, out)
    load_store(paths["nt"], out / "store")
    return out


def test_store_loads_every_triple(build, graph):
    store = open_store(build)
    assert len(store) == len(graph)
    names, rows = run("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", store)
    assert names == ["n"] and rows == [[str(len(graph))]]


def test_store_missing_build_says_run_kg_build(tmp_path):
    with pytest.raises(QueryError, match="run `kg build` first"):
        open_store(tmp_path / "nowhere")


def test_store_reload_replaces_the_old_store(tmp_path, graph):
    load_store(graph, tmp_path / "store")
    small = Graph()
    small.add((URIRef("https://example.org/a"), URIRef("https://example.org/p"), Literal("x")))
    store = load_store(small, tmp_path / "store")
    assert len(store) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]  # no temp dirs left


def test_store_failed_load_keeps_the_previous_store(tmp_path, graph):
    load_store(graph, tmp_path / "store")
    bad = tmp_path / "bad.nt"
    bad.write_text("<https://example.org/a> <https://example.org/p> unterminated .\n")
    with pytest.raises(BuildError):
        load_store(bad, tmp_path / "store")
    assert len(open_store(tmp_path)) == len(graph)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.nt", "store"]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?s WHERE { ?s a <https://w3id.org/kamervragen-kg/def#Refusal> } ORDER BY ?s",
        "ASK { ?s a <https://w3id.org/kamervragen-kg/def#Request> }",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?p = <https://schema.org/position>) }",
    ],
)
def test_store_both_backends_answer_alike(build, graph, query):
    ox_names, ox_rows = run(query, open_store(build))
    mem_names, mem_rows = run(query, memory_backend(graph))
    assert ox_names == mem_names
    assert sorted(ox_rows) == sorted(mem_rows) and ox_rows


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
def test_store_malformed_query_is_a_query_error(build, graph, backend):
    target = open_store(build) if backend == "oxigraph" else graph
    with pytest.raises(QueryError, match="malformed query"):
        run("SELECT * WHERE { ?s ?p }", target)


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
def test_store_params_are_bound_as_terms_not_text(build, graph, backend):
    target = open_store(build) if backend == "oxigraph" else graph
    query = "SELECT ?s ?name WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?name }"
    _names, rows = run(query, target, {"name": Literal("ChristenUnie")})
    assert [r[0] for r in rows] == ["https://w3id.org/kamervragen-kg/id/actor/christenunie"]
    hostile = Literal('x" } ?s ?p ?o { "')
    assert run(query, target, {"name": hostile})[1] == []


def test_store_memory_backend_reads_nt(build, graph):
    assert len(memory_backend(build / "graph.nt")) == len(graph)
    assert isinstance(open_store(build), ox.Store)

"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint, exercised with a real SPARQL client."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from SPARQLWrapper import CSV, JSON, POST, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from graph.commands.serve import make_server
from graph.errors import QueryError
from graph.rdf import build_rdf

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "records" / "seed.json"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build")
    result = build_rdf([json.loads(FIXTURE.read_text(encoding="utf-8"))], out)
    (out / "triples").write_text(str(result["triples"]))
    return out


@pytest.fixture(scope="module")
def endpoint(build):
    server = make_server(build, port=0, timeout=1.5, workers=1)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _client(endpoint: str, query: str, fmt=JSON) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{endpoint}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def test_serve_select_over_get_and_post(endpoint, build):
    expected = (build / "triples").read_text()
    client = _client(endpoint, COUNT)
    got = client.query().convert()
    assert got["results"]["bindings"][0]["n"]["value"] == expected
    client.setMethod(POST)  # SPARQLWrapper posts a form
    assert client.query().convert()["results"]["bindings"][0]["n"]["value"] == expected
    request = urllib.request.Request(f"{endpoint}/sparql", data=COUNT.encode(), method="POST")
    request.add_header("Content-Type", "application/sparql-query")
    with urllib.request.urlopen(request) as response:
        assert json.loads(response.read())["results"]["bindings"][0]["n"]["value"] == expected


def test_serve_results_as_xml_and_csv(endpoint, build):
    expected = (build / "triples").read_text()
    xml = _client(endpoint, COUNT, XML).query().convert()
    assert xml.getElementsByTagName("literal")[0].firstChild.data == expected
    csv_bytes = _client(endpoint, COUNT, CSV).query().convert()
    assert csv_bytes.decode().split() == ["n", expected]


def test_serve_construct_returns_turtle(endpoint):
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"
    request = urllib.request.Request(f"{endpoint}/sparql?query={urllib.parse.quote(query)}")
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Type"].startswith("text/turtle")
        assert response.read().strip()


def test_serve_refuses_updates(endpoint):
    client = SPARQLWrapper(f"{endpoint}/sparql", updateEndpoint=f"{endpoint}/sparql")
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <https://e.org/a> <https://e.org/p> <https://e.org/o> }")
    with pytest.raises(urllib.error.HTTPError) as err:
        client.query()
    assert err.value.code == 403
    sneaky = urllib.parse.quote("DELETE WHERE { ?s ?p ?o }")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"{endpoint}/sparql?query={sneaky}")
    assert err.value.code == 403
    assert _client(endpoint, COUNT).query().convert()["results"]["bindings"]  # data intact


def test_serve_malformed_query_is_400_with_the_parser_message(endpoint):
    with pytest.raises(QueryBadFormed) as err:
        _client(endpoint, "SELECT * WHERE { ?s ?p }").query()
    assert "malformed query" in str(err.value)


def test_serve_cuts_off_a_long_query(endpoint):
    start = time.monotonic()
    with pytest.raises(urllib.error.HTTPError) as err:
        _client(endpoint, SLOW).query()
    assert err.value.code == 503
    assert "cut off" in err.value.read().decode()
    assert time.monotonic() - start < 6
    deadline = time.monotonic() + 10  # a fresh worker takes over
    while True:
        try:
            assert _client(endpoint, COUNT).query().convert()["results"]["bindings"]
            break
        except urllib.error.HTTPError:
            assert time.monotonic() < deadline
            time.sleep(0.2)


def test_serve_page_at_root_or_polite_404(endpoint, build):
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"{endpoint}/")
    assert err.value.code == 404 and "/sparql" in err.value.read().decode()
    (build / "graph.html").write_text("<html><body>kaart</body></html>", encoding="utf-8")
    try:
        with urllib.request.urlopen(f"{endpoint}/") as response:
            assert response.headers["Content-Type"].startswith("text/html")
            assert b"kaart" in response.read()
    finally:
        (build / "graph.html").unlink()


def test_serve_without_build_says_run_kg_build(tmp_path):
    with pytest.raises(QueryError, match="run `kg build` first"):
        make_server(tmp_path, port=0)


def test_serve_on_a_taken_port_is_one_line_and_exit_2(endpoint, build):
    from click.testing import CliRunner

    from graph.cli import app

    port = urllib.parse.urlsplit(endpoint).port
    result = CliRunner().invoke(app, ["serve", "--build", str(build), "--port", str(port)])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("kg: error: cannot listen on 127.0.0.1:") and (
        result.output.count("\n") == 1
    )


def test_serve_answers_a_cors_preflight_and_the_favicon(endpoint):
    preflight = urllib.request.Request(
        f"{endpoint}/sparql",
        method="OPTIONS",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"},
    )  # fmt: skip
    with urllib.request.urlopen(preflight) as response:
        assert response.status == 204
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "POST" in response.headers["Access-Control-Allow-Methods"]
        assert "Content-Type" in response.headers["Access-Control-Allow-Headers"]
    with urllib.request.urlopen(f"{endpoint}/favicon.ico") as response:
        assert response.status == 204

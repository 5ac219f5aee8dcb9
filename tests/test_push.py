"""``kg push``: Graph Store Protocol PUT into a real Oxigraph server started by the test."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import app
from graph.commands.push import DEFAULT_GRAPH, push, target_url
from graph.errors import EndpointError, QueryError
from graph.rdf import build_rdf

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "records" / "seed.json"


def _oxigraph_binary() -> str:
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
        "oxigraph"
    )
    if not found:
        if os.environ.get("CI") == "true":
            pytest.fail("the oxigraph server binary is missing, and CI=true requires it")
        pytest.skip("the oxigraph server binary is missing: pip install oxigraph")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    binary = _oxigraph_binary()
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"oxigraph server did not start on {base}")
            time.sleep(0.1)
    yield base
    process.kill()
    process.wait(10)


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build")
    build_rdf([json.loads(FIXTURE.read_text(encoding="utf-8"))], out)
    return out


def _count(base: str, graph: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    request = urllib.request.Request(
        f"{base}/query?query={urllib.parse.quote(query)}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request) as response:
        return int(json.loads(response.read())["results"]["bindings"][0]["n"]["value"])


def test_push_twice_duplicates_nothing(server, build):
    lines = len((build / "graph.nt").read_text(encoding="utf-8").splitlines())
    assert push(f"{server}/store", build) in (200, 201, 204)
    assert _count(server, DEFAULT_GRAPH) == lines
    assert push(f"{server}/store", build) in (200, 201, 204)
    assert _count(server, DEFAULT_GRAPH) == lines


def test_push_cli_to_a_named_graph(server, build):
    graph = "https://example.org/kamervragen/test"
    result = CliRunner().invoke(app, ["push", "--endpoint", f"{server}/store", "--graph", graph,
                                      "--build", str(build)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert _count(server, graph) > 500


def test_push_unreachable_endpoint_is_one_line_exit_2(build):
    port = _free_port()  # nothing listens here
    result = CliRunner().invoke(app, ["push", "--endpoint", f"http://127.0.0.1:{port}/store",
                                      "--build", str(build)])  # fmt: skip
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "cannot reach" in result.output


def test_push_user_without_password_is_warned(build, monkeypatch):
    monkeypatch.delenv("KG_PASSWORD", raising=False)
    port = _free_port()
    result = CliRunner().invoke(app, ["push", "--endpoint", f"http://127.0.0.1:{port}/store",
                                      "--build", str(build), "--user", "bob"])  # fmt: skip
    assert "--user without $KG_PASSWORD" in result.output and result.exit_code == 2


def test_push_refused_by_the_server_is_an_endpoint_error(server, build):
    with pytest.raises(EndpointError, match="HTTP 404"):
        push(f"{server}/no-such-service", build)


def test_push_without_build_says_run_kg_build(tmp_path):
    with pytest.raises(QueryError, match="run `kg build` first"):
        push("http://127.0.0.1:1/store", tmp_path)


def test_push_target_url_escapes_the_graph_iri():
    assert target_url("http://h/store", None) == "http://h/store?default"
    assert target_url("http://h/ds/data?x=1", "https://g/a b") == (
        "http://h/ds/data?x=1&graph=https%3A%2F%2Fg%2Fa%20b"
    )

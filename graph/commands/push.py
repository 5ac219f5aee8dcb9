"""``kg push --endpoint URL``: put the built graph into any SPARQL 1.1 server.

Uses the Graph Store HTTP Protocol: one ``PUT`` of ``{build}/graph.nt`` to ``URL?graph=IRI``
(or ``URL?default``). ``PUT`` *replaces* that graph, so pushing twice leaves one copy, and
every server (Oxigraph ``/store``, Fuseki ``/ds/data``, GraphDB, Virtuoso) speaks it.
Only the standard library is used (urllib).
"""

from __future__ import annotations

import base64
import os
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit

import click

from graph import BASE
from graph.errors import EndpointError, QueryError

DEFAULT_GRAPH = f"{BASE}graph"
"""The named graph ``kg push`` writes unless told otherwise."""


def target_url(endpoint: str, graph: str | None) -> str:
    """``endpoint?graph=IRI`` (IRI escaped), or ``endpoint?default`` when ``graph`` is None."""
    sep = "&" if urlsplit(endpoint).query else "?"
    if graph is None:
        return f"{endpoint}{sep}default"
    return f"{endpoint}{sep}graph={quote(graph, safe='')}"


def push(
    endpoint: str,
    build_dir: str | os.PathLike = "build",
    graph: str | None = DEFAULT_GRAPH,
    timeout: float = 300.0,
    user: str | None = None,
    password: str | None = None,
) -> int:
    """PUT ``{build_dir}/graph.nt`` into ``graph`` at the Graph Store ``endpoint``.

    Returns the HTTP status. Raises :class:`QueryError` when there is no build and
    :class:`EndpointError` (one line) when the server cannot be reached or refuses the data.
    """
    nt = Path(build_dir) / "graph.nt"
    if not nt.is_file():
        raise QueryError(f"no build in {build_dir}: run `kg build` first")
    if urlsplit(endpoint).scheme not in ("http", "https"):
        raise EndpointError(f"not an http(s) URL: {endpoint}")
    url = target_url(endpoint, graph)
    request = urllib.request.Request(url, data=nt.read_bytes(), method="PUT")
    request.add_header("Content-Type", "application/n-triples")
    if user is not None:
        token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        detail = exc.read(300).decode("utf-8", "replace").strip().splitlines()
        reason = f": {detail[0]}" if detail else ""
        raise EndpointError(f"{endpoint} refused the graph: HTTP {exc.code}{reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise EndpointError(f"cannot reach {endpoint}: {reason}") from None


@click.command("push")
@click.option("--endpoint", required=True, help="Graph Store URL, e.g. http://host:7878/store.")
@click.option("--graph", "graph_iri", default=DEFAULT_GRAPH, show_default=True, help="Graph IRI.")
@click.option("--default-graph", is_flag=True, help="Replace the default graph instead.")
@click.option("--build", "build_dir", default="build", show_default=True, help="Build folder.")
@click.option("--user", default=None, help="User for HTTP basic auth (password: $KG_PASSWORD).")
def command(
    endpoint: str, graph_iri: str, default_graph: bool, build_dir: str, user: str | None
) -> None:
    """Load the built graph into a SPARQL 1.1 server (Graph Store Protocol PUT).

    PUT replaces the target graph, so pushing again never duplicates triples.

    Example: kg push --endpoint http://127.0.0.1:7878/store
    """
    graph = None if default_graph else graph_iri
    password = os.environ.get("KG_PASSWORD")
    if user is not None and password is None:
        click.echo("warning: --user without $KG_PASSWORD: the password sent is empty", err=True)
    status = push(endpoint, build_dir, graph, user=user, password=password)
    where = "the default graph" if graph is None else f"<{graph}>"
    click.echo(f"pushed {build_dir}/graph.nt to {where} at {endpoint} (HTTP {status})")

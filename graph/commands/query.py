"""``kg query NAME | FILE.rq | 'SPARQL'``: answers from the built graph as a table, CSV or JSON."""

from __future__ import annotations

import click

from graph.errors import QueryError
from graph.query import FORMATS, bind_params, format_rows, list_queries, resolve
from graph.store import open_store, run


def _params(values: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param wants NAME=VALUE, got {item!r}")
        params[key.strip()] = value
    return params


@click.command("query")
@click.argument("query", required=False)
@click.option("--build", "build_dir", default="build", show_default=True, help="Build folder.")
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
    help="Output format.",
)  # fmt: skip
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind a parameter.")
@click.option("--list", "list_", is_flag=True, help="List the named queries and exit.")
def command(
    query: str | None, build_dir: str, fmt: str, params: tuple[str, ...], list_: bool
) -> None:
    """Run a named query, a .rq file or inline SPARQL against the built graph.

    Named queries live in graph/queries/; `kg query --list` shows them. Parameters have
    defaults, so every named query runs by its name alone.

    Example: kg query due-before --param before=2025-06-01 --format csv
    """
    if list_:
        for q in list_queries():
            click.echo(f"{q.name}\t{q.title}")
        return
    if not query:
        raise QueryError("name a query (kg query --list shows them) or give SPARQL text")
    named = resolve(query)
    terms = bind_params(named, _params(params))
    names, rows = run(named.text, open_store(build_dir), terms)
    # Oxigraph binds a parameter only if the query projects it; it only echoes the input.
    shown = [i for i, name in enumerate(names) if name not in terms]
    names, rows = [names[i] for i in shown], [[row[i] for i in shown] for row in rows]
    click.echo(format_rows(names, rows, fmt), nl=False)

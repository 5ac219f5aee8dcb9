"""``kg build [PATH…] [--out DIR]``: the whole pipeline over files and folders."""

from __future__ import annotations

import sys

import click

from graph.build import build


@click.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--out", default="build", show_default=True, help="Output folder.")
def command(paths: tuple[str, ...], out: str) -> None:
    """Read documents, extract their facts and write records, graph, report and page.

    With no PATH the bundled seed (data/raw) is built.

    Example: kg build ../shared/corpus/raw data/raw --out build
    """
    result = build(paths, out)
    click.echo(f"built {len(result.records)} document(s) into {result.out}/")
    for name, path in result.outputs.items():
        click.echo(f"  {name}: {path}")
    if result.failed:
        click.echo(f"{len(result.failed)} document(s) failed:", err=True)
        for _path, reason in result.failed:
            click.echo(f"  {reason}", err=True)
        sys.exit(1)

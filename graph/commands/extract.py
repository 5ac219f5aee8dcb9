"""``kg extract PATH``: one document to its extraction record on stdout."""

from __future__ import annotations

import click

from graph.pipeline import extract_record
from graph.record import dumps


@click.command("extract")
@click.argument("path", type=click.Path(path_type=str, readable=False))  # the reader says why
def command(path: str) -> None:
    """Print the extraction record (JSON) of one document.

    Example: kg extract data/raw/000_f6bdf192e8c7e34f.txt
    """
    click.echo(dumps(extract_record(path)), nl=False)

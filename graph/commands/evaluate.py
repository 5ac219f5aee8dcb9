"""``kg evaluate RECORDS GOLD [--json]``: score records against gold files."""

from __future__ import annotations

import json

import click

from graph.evaluate import evaluate, format_report


@click.command("evaluate")
@click.argument("records", type=click.Path(exists=True, path_type=str))
@click.argument("gold", type=click.Path(exists=True, path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable totals and baseline.")
def command(records: str, gold: str, as_json: bool) -> None:
    """Score extraction records against gold annotations (../shared/eval/FORMAT.md), with a
    naive baseline beside the scores (zal/zullen/gaan = commitment, niet/geen = refusal,
    every request declined).

    RECORDS and GOLD are two folders (records matched by document file stem) or two files.

    Example: kg evaluate build/records ../shared/eval/gold
    """
    result = evaluate(records, gold)
    if as_json:
        click.echo(json.dumps({**result["totals"], "baseline": result["baseline"]}, indent=2))
    else:
        click.echo(format_report(result))

"""``kg evaluate RECORDS GOLD [--json] [--unseen]``: score records against gold files."""

from __future__ import annotations

import json
from pathlib import Path

import click

from graph.errors import ReadError
from graph.evaluate import evaluate, format_report


@click.command("evaluate")
@click.argument("records", type=click.Path(exists=True, path_type=str))
@click.argument("gold", type=click.Path(exists=True, path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable totals and baseline.")
@click.option(
    "--unseen",
    is_flag=True,
    help="Score as if each document were new: extract it again without the gazetteer "
    "entries of agencies, organisations, companies and media that no other document names "
    "(graph/unseen.py). Reads each record's source, relative to the current folder.",
)
def command(records: str, gold: str, as_json: bool, unseen: bool) -> None:
    """Score extraction records against gold annotations (../shared/eval/FORMAT.md), with a
    naive baseline beside the scores (zal/zullen/gaan = commitment, niet/geen = refusal,
    every request declined).

    RECORDS and GOLD are two folders (records matched by document file stem) or two files.

    Example: kg evaluate build/records ../shared/eval/gold --unseen
    """
    if unseen:
        from graph.unseen import evaluate_unseen

        if not Path(records).is_dir():
            raise click.UsageError("--unseen needs a folder of records")
        try:
            result = evaluate_unseen(records, gold, Path.cwd())
        except ReadError as exc:
            raise click.ClickException(f"{exc} (--unseen reads each record's source)") from exc
    else:
        result = evaluate(records, gold)
    unmatched = result["totals"]["documents_without_record"]
    if result["documents"] and len(unmatched) == len(result["documents"]):
        # scores of nothing: a precision of 1.00 over no actor would read as a result
        raise ReadError(
            f"no record matches a gold file of {gold} (by document id or file stem): "
            "are these the records of the annotated documents?",
            records,
        )
    if as_json:
        extra = {"hidden_gazetteer_entries": result["hidden"]} if unseen else {}
        click.echo(json.dumps({**result["totals"], **extra, "baseline": result["baseline"]},
                              indent=2))  # fmt: skip
    else:
        if unseen:
            click.echo(f"unseen: {result['hidden']} gazetteer entries left out, each for the "
                       "one document that names it")  # fmt: skip
        click.echo(format_report(result))

"""``kg commitments``: the commitments register (toezeggingen) of the built corpus."""

from __future__ import annotations

import click

from graph.tracker import (
    FORMATS,
    STATUSES,
    TODAY_ENV,
    actor_known,
    format_register,
    load_build,
    parse_date,
    parse_period_start,
    register,
)


@click.command("commitments")
@click.option("--build", "build_dir", default="build", show_default=True, help="Build folder.")
@click.option(
    "--due-before", metavar="DATE",
    help="Only commitments due (ending) before DATE: YYYY, YYYY-MM or YYYY-MM-DD.",
)  # fmt: skip
@click.option("--actor", metavar="NAME", help="Only commitments by or involving this actor.")
@click.option("--status", type=click.Choice(STATUSES), help="Only open or only overdue ones.")
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
    help="Output format (json: an array of objects).",
)  # fmt: skip
@click.option("--today", envvar=TODAY_ENV, metavar="DATE",
              help=f"Overdue as of this date (default: today, or ${TODAY_ENV}).")  # fmt: skip
def command(
    build_dir: str,
    due_before: str | None,
    actor: str | None,
    status: str | None,
    fmt: str,
    today: str | None,
) -> None:
    """List every commitment (toezegging) of the built corpus as a register.

    Each row has its number (TZ-<document>-<k>), the sentence, who signed it and for which
    office, the answer date, the due date, its status (overdue once the whole due period
    has passed, else open) and the source document and answer. Sorted by due date; rows
    without a due date come last. --actor matches any label or alias of the responsible
    office, the signing person or the involved actors, case-insensitively.

    Example: kg commitments --actor VNG --status open --format csv
    """
    records = load_build(build_dir)
    rows = register(
        records,
        today=parse_date(today or None, "--today"),
        due_before=parse_period_start(due_before, "--due-before"),
        actor=actor,
        status=status,
    )
    click.echo(format_register(rows, fmt), nl=False)
    if actor and not rows and not actor_known(records, actor):
        click.echo(f"no actor is called {actor!r} (a whole label or alias, any case)", err=True)

"""``kg bench``: time every named query on Oxigraph and rdflib, on real and synthetic graphs."""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from graph.bench import BenchConfig, format_report, load_records, run_bench


@click.command("bench")
@click.option("--records", "records_dir", default="build/records", show_default=True,
              help="Folder of extraction records to replicate.")  # fmt: skip
@click.option("--triples", default=1_000_000, show_default=True, help="Synthetic graph size.")
@click.option("--repeat", default=3, show_default=True, help="Timed runs per query (p50).")
@click.option("--quick", is_flag=True, help="Tiny graph, one run: a smoke test.")
@click.option("--no-rdflib", is_flag=True, help="Skip rdflib (it takes minutes at 1M).")
@click.option("--rdflib-budget", default=120.0, show_default=True,
              help="Seconds per query for rdflib; past it the query is cut off.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the timings as JSON.")
def command(
    records_dir: str,
    triples: int,
    repeat: int,
    quick: bool,
    no_rdflib: bool,
    rdflib_budget: float,
    as_json: bool,
) -> None:
    """Time every named query on the embedded store and on rdflib in memory.

    Prints p50 per query and engine, their ratio and load times, for the records as they
    are and for a synthetic graph of about --triples triples (the records replicated with
    fresh document ids).

    Example: kg bench --records build/records --triples 1000000 --repeat 5
    """
    if quick:
        triples, repeat = 5_000, 1
    cfg = BenchConfig(
        load_records(records_dir),
        triples=triples,
        repeat=repeat,
        rdflib=not no_rdflib,
        rdflib_budget_s=rdflib_budget,
        log=lambda msg: click.echo(msg, err=True),
    )
    timings = run_bench(cfg)
    if as_json:
        data = [asdict(t) | {"ratio": t.ratio, "meets_target": t.meets_target} for t in timings]
        click.echo(json.dumps(data, indent=1))
    else:
        click.echo(format_report(timings), nl=False)

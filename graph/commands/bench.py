"""``kg bench``: named queries on both engines, the graph page, the build over a corpus."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from graph.bench import (
    DEFAULT_CORPUS,
    SECTIONS,
    BenchConfig,
    Timing,
    format_report,
    run_bench,
    section_name,
)

_NAMES = [section_name(s) for s in SECTIONS]


@click.command("bench")
@click.option("--records", "records_dir", default=None, type=click.Path(exists=True),
              help="Records for the query sections (seed and synthetic) instead of the seed's "
              "and the corpus's, extracted at the start.")  # fmt: skip
@click.option("--triples", default=1_000_000, show_default=True, help="Synthetic graph size.")
@click.option("--repeat", default=3, show_default=True, help="Timed runs per query (p50).")
@click.option("--corpus", "corpus", multiple=True, type=click.Path(exists=True),
              help="Documents to replicate (synthetic and corpus sections); repeatable. "
              "Default: ../shared/corpus/raw and data/raw.")  # fmt: skip
@click.option("--docs", default=2000, show_default=True,
              help="Documents in the replicated corpus.")  # fmt: skip
@click.option("--memory-docs", default=10_000, show_default=True,
              help="Documents of the build whose peak memory is measured against the "
              "10,000-document target (0: skip it).")  # fmt: skip
@click.option("--page-nodes", default=2000, show_default=True, help="Nodes on the bench page.")
@click.option("--only", "only", multiple=True, type=click.Choice(_NAMES),
              help="Run only these sections (repeatable).")  # fmt: skip
@click.option("--no-sequential", is_flag=True, help="Skip the jobs=1 build baseline.")
@click.option("--quick", is_flag=True, help="Tiny graphs and corpus, one run: a smoke test.")
@click.option("--no-rdflib", is_flag=True, help="Skip rdflib (it takes minutes at 1M).")
@click.option("--rdflib-budget", default=120.0, show_default=True,
              help="Seconds per query for rdflib; past it the query is cut off.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON.")
def command(
    records_dir: str | None,
    triples: int,
    repeat: int,
    corpus: tuple[str, ...],
    docs: int,
    memory_docs: int,
    page_nodes: int,
    only: tuple[str, ...],
    no_sequential: bool,
    quick: bool,
    no_rdflib: bool,
    rdflib_budget: float,
    as_json: bool,
) -> None:
    """Measure speed and memory, each figure beside its naive baseline of the same run.

    Sections: seed and synthetic (every named query on Oxigraph and rdflib, on the seed's
    graph and on the corpus replicated to about --triples triples), page (a --page-nodes
    page in headless chromium), stages (CPU per document of each step a build worker
    takes, on up to 400 replicated documents), corpus (the documents replicated to --docs
    files with fresh ids: read + extract, the whole build in parallel and in one process,
    peak memory, rebuilds; then the peak memory of a build of --memory-docs documents).

    Example: kg bench --only corpus --docs 2000
    """
    if quick:
        triples, repeat, docs, page_nodes = 5_000, 1, min(docs, 30), min(page_nodes, 200)
        memory_docs = 0
    cfg = BenchConfig(
        triples=triples,
        repeat=repeat,
        rdflib=not no_rdflib,
        rdflib_budget_s=rdflib_budget,
        log=lambda msg: click.echo(msg, err=True),
        records_dir=Path(records_dir) if records_dir else None,
        corpus=tuple(map(Path, corpus)) or DEFAULT_CORPUS,
        docs=docs,
        memory_docs=memory_docs,
        page_nodes=page_nodes,
        sequential=not no_sequential,
    )
    sections = [s for s in SECTIONS if not only or section_name(s) in only]
    rows = run_bench(cfg, sections)
    if as_json:
        data = [asdict(r) | {"kind": type(r).__name__.lower(), "ratio": r.ratio}
                | ({"meets_target": r.meets_target} if isinstance(r, Timing) else {})
                for r in rows]  # fmt: skip
        click.echo(json.dumps(data, indent=1))
    else:
        click.echo(format_report(rows), nl=False)

"""``kg build [PATH…] [--out DIR]``: the whole pipeline over files and folders."""

from __future__ import annotations

import sys

import click

from graph.build import build


@click.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--out", default="build", show_default=True, help="Output folder.")
@click.option("--jobs", type=int, default=None, help="Worker processes (default: all cores).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def command(paths: tuple[str, ...], out: str, jobs: int | None, quiet: bool) -> None:
    """Read documents, extract their facts and write records, graph, store, report and page.

    With no PATH the bundled seed (data/raw) is built. Folders are searched for .txt files
    (other files are listed as skipped); a PATH that does not exist is an error.
    Unchanged documents are not processed again; a build with nothing changed does nothing.
    A document that cannot be read is listed at the end and the exit status is 1; an
    interrupted build (Ctrl-C) exits 130 and leaves the previous outputs.

    Example: kg build ../shared/corpus/raw data/raw --out build
    """
    try:
        result = build(paths, out, jobs=jobs, progress=not quiet and sys.stderr.isatty())
    except KeyboardInterrupt:
        click.echo(f"interrupted; {out}/ holds the outputs of the last complete build", err=True)
        sys.exit(130)  # 128 + SIGINT, as shells report it; 1 means "a document failed"
    if result.up_to_date:
        click.echo(f"{result.out}/ is up to date ({len(result.outputs)} outputs)")
    elif not result.documents:
        found = "no .txt document found" if not result.failed else "no document could be built"
        click.echo(f"{found}; {result.out}/ is left as it was", err=True)
        if not result.failed:
            sys.exit(1)
    else:
        unchanged = len(result.documents) + len(result.failed) - result.extracted
        click.echo(
            f"built {len(result.documents)} document(s) into {result.out}/ "
            f"({result.extracted} file(s) processed, {max(unchanged, 0)} unchanged since the "
            "last build)"
        )
    for name, path in result.outputs.items():
        click.echo(f"  {name}: {path}")
    if result.skipped:
        names = ", ".join(p.name for p in result.skipped[:5])
        more = f" and {len(result.skipped) - 5} more" if len(result.skipped) > 5 else ""
        click.echo(f"{len(result.skipped)} file(s) skipped, not .txt: {names}{more}", err=True)
    if result.failed:
        click.echo(f"{len(result.failed)} document(s) failed:", err=True)
        for _path, reason in result.failed:
            click.echo(f"  {reason}", err=True)
        sys.exit(1)

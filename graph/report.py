"""The analysis report: ``report.md``, its tables as CSV and its charts as PNG.

:func:`write_report` runs a list of *section functions*. Each takes a :class:`Report` (the
records plus cached analysis from :mod:`graph.analysis`) and returns a :class:`Section`
(a title, some text, :class:`Table` s and :class:`Chart` s) or None to leave itself out.
To add a section, e.g. a commitments tracker, write such a function and pass
``sections=[*SECTIONS, tracker_section]`` (or insert it where it should appear)::

    def tracker_section(report: Report) -> Section | None:
        rows = [...]  # from report.records
        return Section("Commitments tracker", "Open commitments by due date.",
                       tables=(Table("tracker", ("due", "text"), rows),))

Every file is written atomically (temporary file in the same directory, then
``os.replace``) and deterministically: tables are sorted, floats are fixed, and the PNGs
carry no timestamp, so the same records give the same bytes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from graph import analysis, collector
from graph.atomic import write_atomic

__all__ = [
    "Table",
    "Chart",
    "Section",
    "Report",
    "SECTIONS",
    "write_report",
    "markdown_table",
]


# --------------------------------------------------------------------------- building blocks


@dataclass(frozen=True)
class Table:
    """A table: written in full to ``tables/{name}.csv``, its first `limit` rows in the report.

    `columns` are the row keys written to CSV (in order); `shown` are the keys shown in the
    Markdown table (default: all columns) and `headers` their headings.
    """

    name: str
    columns: Sequence[str]
    rows: Sequence[Mapping]
    shown: Sequence[str] | None = None
    headers: Sequence[str] | None = None
    limit: int | None = 15


@dataclass(frozen=True)
class Chart:
    """A chart: `draw` fills a matplotlib ``Figure``; it is saved as ``charts/{name}.png``."""

    name: str
    alt: str
    draw: Callable
    size: tuple[float, float] = (8.0, 4.5)


@dataclass(frozen=True)
class Section:
    """One ``##`` section of ``report.md``."""

    title: str
    text: str = ""
    tables: Sequence[Table] = field(default_factory=tuple)
    charts: Sequence[Chart] = field(default_factory=tuple)


class Report:
    """The records and the analysis sections share, computed once on first use."""

    def __init__(self, records: Iterable[Mapping], *, seed: int = 42, top: int = 15):
        self.records = sorted(records, key=lambda r: str(r["document"]["id"]))
        self.seed = seed
        self.top = top

    @cached_property
    def actors(self) -> dict[str, dict]:
        """The records' actors merged once, for every metric that needs them."""
        return analysis.merged_actors(self.records)

    @cached_property
    def summary(self) -> dict:
        return analysis.corpus_summary(self.records, actors=self.actors)

    @cached_property
    def cooperation(self):
        return analysis.cooperation_graph(self.records, actors=self.actors)

    @cached_property
    def centrality(self) -> list[dict]:
        return analysis.centrality(self.cooperation)

    @cached_property
    def communities(self) -> list[list]:
        return analysis.communities(self.cooperation, seed=self.seed)

    @cached_property
    def brokers(self) -> list[dict]:
        return analysis.brokers(self.cooperation, self.communities)

    @cached_property
    def commits(self) -> list[dict]:
        return analysis.commitments_by_actor(self.records, actors=self.actors)

    @cached_property
    def leaned_on(self) -> list[dict]:
        return analysis.leaned_on(self.records, actors=self.actors)


# --------------------------------------------------------------------------- sections


def summary_section(report: Report) -> Section:
    s = report.summary
    kinds = s["commitments"]
    outcomes = s["request_outcomes"]
    rows = [
        {"what": "documents", "count": s["documents"]},
        {"what": "postponed (no answers yet)", "count": s["postponed"]},
        {"what": "questions", "count": s["questions"]},
        {"what": "answers", "count": s["answers"]},
        {"what": "actors", "count": s["actors"]},
        *({"what": f"actors: {t}", "count": n} for t, n in s["actor_types"].items()),
        *({"what": f"statements: {k}", "count": n} for k, n in kinds.items()),
        {"what": "requests for action or information", "count": s["requests"]},
        *({"what": f"requests: {o}", "count": n} for o, n in outcomes.items()),
        {"what": "programmes and Actielijnen", "count": s["programmes"]},
    ]
    period = ""
    if s["answered_from"]:
        period = f" Answers dated {s['answered_from']} to {s['answered_to']}."
    text = (
        f"{s['documents']} document(s), {s['actors']} actors, {kinds['commitment']} commitments, "
        f"{kinds['refusal']} refusals and {kinds['ongoing']} statements of ongoing policy." + period
    )
    return Section("Corpus", text, tables=(Table("summary", ("what", "count"), rows, limit=None),))


def centrality_section(report: Report) -> Section:
    G = report.cooperation
    text = (
        f"Actors are linked when they appear in the same commitment or the same answer "
        f"({G.number_of_nodes()} actors, {G.number_of_edges()} links). *Degree* counts partners, "
        "*strength* shared contexts, *betweenness* how often an actor lies on the shortest "
        "path between two others."
    )
    table = Table(
        "centrality",
        ("label", "type", "degree", "strength", "degree_centrality", "betweenness", "node"),
        report.centrality,
        shown=("label", "type", "degree", "strength", "betweenness"),
        limit=report.top,
    )
    return Section("Most central actors", text, tables=(table,))


def communities_section(report: Report) -> Section:
    G = report.cooperation
    rows = []
    for i, part in enumerate(report.communities):
        labels = [str(G.nodes[n].get("label", n)) for n in part]
        rows.append({"community": i, "size": len(part), "members": "; ".join(labels)})
    groups = sum(1 for r in rows if r["size"] > 1)
    singles = len(rows) - groups
    text = (
        f"Louvain communities of the cooperation graph (seed {report.seed}): "
        f"{groups} group(s) of two or more actors"
        + (f" and {singles} actor(s) without partners." if singles else ".")
    )
    # The report shows the groups (the rows are largest first); the CSV has the singles too.
    shown = min(report.top, groups or report.top)
    table = Table("communities", ("community", "size", "members"), rows, limit=shown)
    return Section("Communities", text, tables=(table,))


def brokers_section(report: Report) -> Section:
    text = (
        "Actors whose links reach several communities. The participation coefficient is 0 "
        "when all of an actor's links stay inside one community and approaches 1 when they "
        "spread evenly over many."
    )
    table = Table(
        "brokers",
        ("label", "type", "community", "communities", "participation", "degree", "node"),
        report.brokers,
        shown=("label", "type", "community", "communities", "participation"),
        limit=report.top,
    )
    return Section("Brokers between communities", text, tables=(table,))


def commits_section(report: Report) -> Section:
    text = (
        "Who makes the statements (the `by` of each commitment): commitments to act, "
        "refusals, and descriptions of ongoing policy."
    )
    table = Table(
        "commitments_by_actor",
        ("label", "type", "commitment", "refusal", "ongoing", "total", "actor"),
        report.commits,
        shown=("label", "type", "commitment", "refusal", "ongoing", "total"),
        limit=report.top,
    )
    chart = Chart(
        "commitments_by_actor",
        "Commitments, refusals and ongoing policy per actor",
        lambda fig: _stacked_bars(
            fig,
            report.commits[: report.top],
            "label",
            analysis.KINDS,
            ("#E69F00", "#D55E00", "#F0E442"),
            "statements made",
        ),
        size=(8.0, 1.6 + 0.42 * max(1, min(len(report.commits), report.top))),
    )
    charts = (chart,) if report.commits else ()
    return Section("Who commits, who refuses", text, tables=(table,), charts=charts)


def leaned_on_section(report: Report) -> Section:
    text = (
        "Actors named in commitments that others make: the government leans on them to act "
        "or to be consulted. `statements` also counts the refusals and ongoing policy that "
        "name them; the government as a whole and parliament are left out. `by` lists who "
        "made those statements."
    )
    table = Table(
        "leaned_on",
        ("label", "type", "commitments", "statements", "refusal", "ongoing", "by", "actor"),
        report.leaned_on,
        shown=("label", "type", "commitments", "statements", "by"),
        limit=report.top,
    )
    return Section("Who is leaned on", text, tables=(table,))


def requests_section(report: Report) -> Section:
    parties = analysis.request_outcomes(report.records, by="party")
    people = analysis.request_outcomes(report.records, by="questioner")
    cols = (*analysis.OUTCOMES, "requests", "acted_on")
    text = (
        "How the questions that ask for action ended. `acted_on` is the share of requests for "
        "action (not merely `answered`) that were accepted or partly accepted. `not_met` is "
        "a request the answer did not keep, most often one to answer the questions by a "
        "date (before a debate) that came later. A document's requests count for each of "
        "its questioners and their parties."
    )
    chart = Chart(
        "request_outcomes_by_party",
        "Request outcomes per party",
        lambda fig: _stacked_bars(
            fig,
            parties[: report.top],
            "party",
            analysis.OUTCOMES,
            ("#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#BBBBBB"),
            "requests",
        ),
        size=(8.0, 1.6 + 0.42 * max(1, min(len(parties), report.top))),
    )
    return Section(
        "Request outcomes",
        text,
        tables=(
            Table("request_outcomes_by_party", ("party", *cols), parties, limit=None),
            Table("request_outcomes_by_questioner", ("questioner", *cols), people),
        ),
        charts=(chart,) if parties else (),
    )


SECTIONS: list[Callable[[Report], Section | None]] = [
    summary_section,
    centrality_section,
    communities_section,
    brokers_section,
    commits_section,
    leaned_on_section,
    requests_section,
]
"""The default sections, in report order. Append or insert your own (see the module doc)."""


# --------------------------------------------------------------------------- charts


def _stacked_bars(fig, rows, key, parts, colors, xlabel) -> None:
    """Horizontal stacked bars, one per row (first row on top), one segment per part."""
    ax = fig.add_subplot(1, 1, 1)
    labels = [_shorten(str(r[key]), 42) for r in rows][::-1]
    left = [0] * len(rows)
    for part, color in zip(parts, colors, strict=True):
        values = [r.get(part, 0) or 0 for r in rows][::-1]
        if not any(values):
            continue
        ax.barh(labels, values, left=left, color=color, label=part, edgecolor="white")
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_xlabel(xlabel)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="lower right", frameon=False, fontsize=8)
    fig.tight_layout()


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _png(chart: Chart) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # no pyplot, no global state
    from matplotlib.figure import Figure

    fig = Figure(figsize=chart.size, dpi=100)
    FigureCanvasAgg(fig)
    chart.draw(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


# --------------------------------------------------------------------------- writing


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


_MD_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "|": "\\|",
        "\\": "\\\\",
        "[": "\\[",
        "]": "\\]",
        "*": "\\*",
        "_": "\\_",
        "`": "\\`",
    }
)


def markdown_table(table: Table) -> str:
    """The first ``table.limit`` rows of `table` as a Markdown table, cells escaped.

    Document text can contain anything: ``|``, HTML and Markdown punctuation are escaped and
    line breaks folded, so a cell never breaks the table or injects markup.

    Examples
    --------
    >>> print(markdown_table(Table("t", ("a",), [{"a": "x|<b>"}])))
    | a |
    | --- |
    | x\\|&lt;b&gt; |
    """
    shown = list(table.shown or table.columns)
    headers = list(table.headers or shown)
    rows = list(table.rows)[: table.limit] if table.limit is not None else list(table.rows)
    lines = [
        "| " + " | ".join(_md(h) for h in headers) + " |",
        "| " + " | ".join("---" for _ in headers) + " |",
    ]
    for row in rows:
        lines.append("| " + " | ".join(_md(_cell(row.get(c))) for c in shown) + " |")
    return "\n".join(lines)


def _md(text: str) -> str:
    return " ".join(str(text).split()).translate(_MD_ESCAPES)


def _csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([_cell(row.get(c)) for c in table.columns])
    return buffer.getvalue().encode("utf-8")


def write_report(
    records: Iterable[Mapping],
    out_dir: str | Path,
    *,
    sections: Sequence[Callable[[Report], Section | None]] | None = None,
    title: str = "Kamervragen-kg: analysis report",
    seed: int = 42,
    top: int = 15,
) -> list[Path]:
    """Write ``report.md``, ``tables/*.csv`` and ``charts/*.png`` for `records` in `out_dir`.

    Parameters
    ----------
    records : iterable of dict
        Extraction records (``docs/record.md``).
    out_dir : str or Path
        Usually ``build/``.
    sections : sequence of callables, optional
        Section functions ``(Report) -> Section | None``, in order; default :data:`SECTIONS`.
    title : str, optional
        The report's ``#`` heading.
    seed : int, optional
        Louvain seed.
    top : int, optional
        Rows shown in the report's long tables (the CSVs have all rows).

    Returns
    -------
    list of Path
        Every file written, ``report.md`` first, then tables and charts in report order.
    """
    with collector.paused():
        return _write_report(records, out_dir, sections, title=title, seed=seed, top=top)


def _write_report(records, out_dir, sections, *, title, seed, top) -> list[Path]:
    out = Path(out_dir)
    report = Report(records, seed=seed, top=top)
    parts = [f"# {_md(title)}", ""]
    written: list[Path] = []
    for make in SECTIONS if sections is None else sections:
        section = make(report)
        if section is None:
            continue
        parts += [f"## {_md(section.title)}", ""]
        if section.text:
            parts += [section.text, ""]
        for chart in section.charts:
            written.append(write_atomic(out / "charts" / f"{chart.name}.png", _png(chart)))
            parts += [f"![{_md(chart.alt)}](charts/{chart.name}.png)", ""]
        for table in section.tables:
            written.append(write_atomic(out / "tables" / f"{table.name}.csv", _csv(table)))
            if table.rows:
                parts.append(markdown_table(table))
                more = len(table.rows) - (table.limit or len(table.rows))
                if more > 0:
                    parts.append(f"\n… and {more} more rows in `tables/{table.name}.csv`.")
            else:
                parts.append("*(none)*")
            parts.append("")
    text = "\n".join(parts).rstrip() + "\n"
    return [write_atomic(out / "report.md", text.encode("utf-8")), *written]

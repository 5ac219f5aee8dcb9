"""``kg build``: documents -> records -> graph files, store, report and page.

Each stage reads what the stage before wrote, so a notebook can call the same
functions. One bad document never stops the build: it is listed with its reason,
the rest is built, and :class:`BuildResult` says something failed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import ReadError
from graph.pipeline import extract_record
from graph.record import dumps, write_atomic

DEFAULT_INPUT = Path(__file__).resolve().parents[1] / "data" / "raw"
SUFFIXES = {".txt", ".text"}


@dataclass
class BuildResult:
    out: Path
    records: list[dict] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    outputs: dict[str, Path] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed


def find_documents(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, plus every text file under each folder, sorted, no repeats."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(sorted(f for f in p.rglob("*") if f.suffix.lower() in SUFFIXES))
        else:
            found.append(p)
    return list(dict.fromkeys(found))


def build(paths: Iterable[str | Path] = (), out: str | Path = "build") -> BuildResult:
    """Build everything for the documents under ``paths`` (default: the bundled seed)."""
    out = Path(out)
    result = BuildResult(out)
    files = find_documents(list(paths) or [DEFAULT_INPUT])
    for path in files:
        try:
            record = extract_record(path)
        except ReadError as exc:
            result.failed.append((str(path), str(exc)))
            continue
        result.records.append(record)
    records_dir = out / "records"
    for record in result.records:
        target = records_dir / f"{record['document']['id']}.json"
        write_atomic(target, dumps(record))
    result.outputs["records"] = records_dir
    if result.records:
        write_outputs(result.records, out, result.outputs)
    return result


def write_outputs(records: list[dict], out: Path, outputs: dict[str, Path]) -> None:
    """The stages after extraction, each reading records: RDF (validated, files, store),
    the analysis report, the interactive page."""
    from graph.rdf import build_rdf
    from graph.report import write_report
    from graph.viz import write_page

    rdf = build_rdf(records, out)
    outputs.update({k: v for k, v in rdf.items() if isinstance(v, Path)})
    written = write_report(records, out)
    outputs["report"] = written[0]
    outputs["page"] = write_page(records, out / "graph.html")

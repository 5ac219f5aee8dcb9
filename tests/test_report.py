"""graph.report: report.md, CSV tables and PNG charts."""

from __future__ import annotations

import copy
import csv
import doctest
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph import analysis, report
from graph.report import Section, Table

FIXTURES = Path(__file__).parent / "fixtures" / "analysis"


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return analysis.load_records(FIXTURES)


def _digest(out: Path) -> dict[str, str]:
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def test_report_doctests_pass():
    assert doctest.testmod(report).failed == 0


def test_report_writes_markdown_tables_and_charts(records, tmp_path):
    paths = report.write_report(records, tmp_path)
    assert paths[0] == tmp_path / "report.md"
    assert all(p.exists() for p in paths)
    text = paths[0].read_text(encoding="utf-8")
    for heading in (
        "## Corpus",
        "## Most central actors",
        "## Communities",
        "## Brokers between communities",
        "## Who commits, who refuses",
        "## Who is leaned on",
        "## Request outcomes",
    ):
        assert heading in text
    assert "| Minister van Justitie en Veiligheid | government | 5 | 4 | 4 | 13 |" in text
    assert "![Commitments, refusals and ongoing policy per actor]" in text
    pngs = sorted(p.name for p in (tmp_path / "charts").glob("*.png"))
    assert pngs == ["commitments_by_actor.png", "request_outcomes_by_party.png"]
    assert all((tmp_path / "charts" / n).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for n in pngs)
    with open(tmp_path / "tables" / "commitments_by_actor.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["label"] == "Minister van Justitie en Veiligheid"
    assert rows[0]["refusal"] == "4"
    with open(tmp_path / "tables" / "centrality.csv", encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 32  # every actor, not only the top 15
    assert "more rows in `tables/centrality.csv`" in text


def test_report_output_is_byte_identical_across_processes(tmp_path):
    code = (
        "import sys; from graph import analysis, report;"
        f"report.write_report(analysis.load_records({str(FIXTURES)!r}), sys.argv[1])"
    )
    digests = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        subprocess.run(
            [sys.executable, "-c", code, str(out)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        digests.append(_digest(out))
    assert digests[0] == digests[1]
    assert len(digests[0]) == 11


def test_report_escapes_document_text_in_markdown(records, tmp_path):
    hostile = copy.deepcopy(records)
    actor = hostile[0]["actors"][7]  # the VNG, named in three commitments
    actor["label"] = "VNG | <script>alert(1)</script> [x](javascript:alert(1))"
    text = report.write_report(hostile, tmp_path)[0].read_text(encoding="utf-8")
    assert "<script>" not in text
    assert "VNG \\| &lt;script&gt;alert(1)&lt;/script&gt; \\[x\\](javascript:alert(1))" in text
    leaned = text.split("## Who is leaned on")[1].split("## ")[0]
    row = next(line for line in leaned.splitlines() if line.startswith("| VNG"))
    cells = row.replace("\\|", "").strip("|").split("|")
    assert len(cells) == 5  # label, type, commitments, statements, by: the escaped | held


def test_report_accepts_an_extra_section(records, tmp_path):
    def tracker(rep: report.Report) -> Section:
        rows = [
            {"due": c["due"], "text": c["text"]}
            for r in rep.records
            for c in r["commitments"]
            if c.get("due")
        ]
        return Section(
            "Commitments tracker", "Due dates.", tables=(Table("tracker", ("due", "text"), rows),)
        )

    paths = report.write_report(records, tmp_path, sections=[*report.SECTIONS, tracker])
    text = paths[0].read_text(encoding="utf-8")
    assert text.index("## Request outcomes") < text.index("## Commitments tracker")
    assert "| 2025-01 | In januari 2025 vindt een ambtelijk werkbezoek" in text
    assert tmp_path / "tables" / "tracker.csv" in paths


def test_report_handles_no_records(tmp_path):
    paths = report.write_report([], tmp_path)
    text = paths[0].read_text(encoding="utf-8")
    assert "0 document(s)" in text
    assert not (tmp_path / "charts").exists()


def test_report_atomic_write_leaves_no_temporary_files(tmp_path):
    from graph.atomic import write_atomic

    target = tmp_path / "sub" / "file.txt"
    write_atomic(target, b"one")
    write_atomic(target, "two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["file.txt"]
    assert target.stat().st_mode & 0o044  # readable by others, unlike a mkstemp file


def test_report_atomic_path_keeps_the_old_file_when_the_writer_fails(tmp_path):
    from graph.atomic import atomic_path

    target = tmp_path / "graph.nt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("interrupted")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.nt"]


def test_report_and_page_from_slim_records_equal_those_from_whole_records(records, tmp_path):
    """kg build holds only slim records in memory (graph.record.slim); nothing it drops may
    change the report or the page."""
    from graph.record import slim
    from graph.tracker import tracker_section
    from graph.viz import page_html

    sections = [*report.SECTIONS, tracker_section]
    whole = report.write_report(records, tmp_path / "whole", sections=sections)
    lean = report.write_report([slim(r) for r in records], tmp_path / "slim", sections=sections)
    assert len(whole) == len(lean) > 2
    for a, b in zip(whole, lean, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert page_html(records) == page_html([slim(r) for r in records])
    assert len(json.dumps([slim(r) for r in records])) < 0.6 * len(json.dumps(records))

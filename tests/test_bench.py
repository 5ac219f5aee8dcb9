"""``kg bench``: the corpus replication and the harness's quick path (speed is never asserted)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graph.bench import (
    BenchConfig,
    Figure,
    corpus_section,
    format_report,
    page_section,
    replicate_corpus,
    stages_section,
)
from graph.cli import app
from graph.pipeline import extract_record
from graph.read import read_document


def test_bench_replicated_documents_have_fresh_ids(tmp_path, seed_path, corpus_dir):
    sources = [seed_path, corpus_dir / "ah-tk-20242025-545.txt", corpus_dir / "2023Z14759.txt"]
    written = replicate_corpus(sources, 7, tmp_path)
    assert len(written) == 7
    ids = [read_document(p).id for p in written]
    originals = {read_document(p).id for p in sources}
    assert len(set(ids)) == 7 and not originals & set(ids)
    assert any(i.startswith("ah-tk-20242025-545") for i in ids)  # still an ah-tk id


def test_bench_replicated_letters_have_bytes_of_their_own(tmp_path, corpus_dir):
    """A letter takes its id from its file name; kg build skips a second file with the same
    text, so each copy ends in its own line of blanks, which the reader drops."""
    letter = corpus_dir / "jenv-kenmerk-5303168.txt"
    written = replicate_corpus([letter], 5, tmp_path)
    assert len({p.read_bytes() for p in written}) == 5
    first, *rest = [extract_record(p) for p in written]
    for record in rest:
        for r in (first, record):
            for key in ("id", "source", "sha256"):
                r["document"].pop(key, None)
        assert json.dumps(record, sort_keys=True).replace(
            "jenv-kenmerk-5303168r0000", ""
        ) == json.dumps(first, sort_keys=True).replace("jenv-kenmerk-5303168r0000", "")


def test_bench_query_sections_measure_the_seed_and_the_replicated_corpus(
    tmp_path, seed_path, corpus_dir
):
    """Issue 4 names the graphs: the seed's, and the corpus replicated. Both are extracted
    unless --records says otherwise; the seed in two folders is one record."""
    cfg = BenchConfig(corpus=(corpus_dir, seed_path.parent, tmp_path / "absent"))
    corpus = cfg.get_records(cfg.corpus)
    ids = [r["document"]["id"] for r in corpus]
    assert len(ids) == len(set(ids)) == len(list(corpus_dir.glob("*.txt"))) + 1
    assert ids == sorted(ids) and "000_f6bdf192e8c7e34f" in ids
    assert [r["document"]["id"] for r in cfg.get_records([seed_path.parent])] == [
        "000_f6bdf192e8c7e34f"
    ]
    records = tmp_path / "records"
    records.mkdir()
    (records / "one.json").write_text(json.dumps(corpus[0]), encoding="utf-8")
    given = BenchConfig(records_dir=records)
    assert given.get_records(cfg.corpus) == given.get_records([seed_path.parent]) == corpus[:1]


def test_bench_corpus_section_quick(tmp_path, seed_path):
    cfg = BenchConfig(corpus=(seed_path,), docs=3, workdir=tmp_path, sequential=False)
    figures = corpus_section(cfg)
    assert all(isinstance(f, Figure) for f in figures)
    names = {f.name for f in figures}
    assert {"rebuild, nothing changed", "peak memory, all processes"} <= names
    build = next(f for f in figures if f.name.startswith("kg build"))
    assert build.value > 0 and "3 built, 0 failed" in build.note
    assert build.met is None and "judged from 1,000 docs" in build.note  # a smoke test
    memory = next(f for f in figures if f.name == "peak memory, all processes")
    assert memory.value > 20  # MB: at least one Python process with our imports
    rebuild = next(f for f in figures if f.name == "rebuild, nothing changed")
    assert rebuild.baseline and rebuild.ratio is not None
    assert "rebuild, nothing changed" in format_report(figures)


def test_bench_corpus_section_measures_memory_of_a_bigger_build(tmp_path, seed_path):
    cfg = BenchConfig(corpus=(seed_path,), docs=2, memory_docs=4, workdir=tmp_path,
                      sequential=False)  # fmt: skip
    figures = {f.name: f for f in corpus_section(cfg)}
    memory = figures["peak memory, 4 docs"]
    assert memory.value > 20 and memory.baseline == figures["peak memory, all processes"].value
    assert "that build took" in memory.note and "docs/s" in memory.note
    assert memory.met is None and "judged from 10,000 docs" in memory.note  # too small
    assert not any("extrapolated" in name for name in figures)


def test_bench_stages_time_each_step_of_a_worker(tmp_path, seed_path):
    cfg = BenchConfig(corpus=(seed_path,), docs=2, workdir=tmp_path)
    figures = {f.name: f for f in stages_section(cfg)}
    assert list(figures)[:2] == ["read", "extract"] and "SHACL" in figures
    total = figures.pop("all steps").value
    assert all(f.value >= 0 and f.baseline == total for f in figures.values())
    assert abs(sum(f.value for f in figures.values()) - total) < 1e-6


def test_bench_stages_fail_when_they_drift_from_the_build(tmp_path, seed_path, monkeypatch):
    import graph.rdf
    from graph.errors import BuildError

    real = graph.rdf.document_graph
    monkeypatch.setattr(graph.rdf, "document_graph", lambda r: real(r) | {"shared": []})
    with pytest.raises(BuildError, match="no longer make"):
        stages_section(BenchConfig(corpus=(seed_path,), docs=1, workdir=tmp_path))


def test_bench_cli_quick_json(tmp_path, seed_path):
    result = CliRunner().invoke(
        app,
        [
            "bench",
            "--only",
            "corpus",
            "--quick",
            "--docs",
            "2",
            "--no-sequential",
            "--corpus",
            str(seed_path),
            "--json",
        ],  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {r["kind"] for r in rows} == {"figure"}
    assert any(r["name"] == "rebuild, one document changed" for r in rows)


def test_bench_memory_sampler_finds_the_same_process_tree_both_ways():
    import subprocess
    import time

    from graph.bench import _tree, _tree_by_scan

    proc = subprocess.Popen(["bash", "-c", "sleep 3 & sleep 3 & wait"])
    try:
        time.sleep(0.5)  # the two children have started
        assert len(_tree(proc.pid)) == 3
        assert sorted(_tree(proc.pid)) == sorted(_tree_by_scan(proc.pid))
    finally:
        proc.kill()
        proc.wait()


def test_bench_page_section_says_why_it_is_skipped_without_playwright(monkeypatch):
    import importlib.util

    from graph import bench_viz

    real = importlib.util.find_spec
    monkeypatch.setattr(bench_viz, "CHROMIUM", __file__)  # a file that exists

    def find_spec(name, *args):
        return None if name == "playwright" else real(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    figures = page_section(BenchConfig(page_nodes=10))
    assert [f.name for f in figures] == ["skipped"] and "playwright" in figures[0].note

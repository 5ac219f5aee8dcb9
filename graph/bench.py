"""The benchmark: named queries, the graph page, and the build over a replicated corpus.

Each section is a function in :data:`SECTIONS` returning rows (:class:`Timing` for a query
on both engines, :class:`Figure` for any other measurement beside its naive baseline), so
more sections can be added without touching the rest.

- ``seed``/``synthetic``: every named query on the embedded store and on rdflib in memory,
  on the seed's graph and on a synthetic graph of about ``triples`` triples made by
  replicating the corpus's records with fresh document ids (both extracted at the start,
  or the records of ``--records``). Targets (issue 4): every named query returning
  <= 1,000 rows at p50 <= 50 ms on ~1M triples with Oxigraph, >= 20x rdflib.
- ``page``: a ~2,000-node page in headless chromium (:func:`graph.bench_viz.bench_page`);
  targets < 3 s to a stable network, < 5 MB.
- ``stages``: CPU per document of each step a build worker takes, one by one
  (:mod:`graph.bench_stages`): where to look before making the build faster.
- ``corpus``: the real documents replicated as *text files* with fresh ids
  (:func:`replicate_corpus`), so nothing is cached, then read + extract and the whole
  ``kg build``, each measured build in a fresh process so its peak memory is its own.
  Targets (issue 6): >= 100 documents/s for the whole build, < 2 GB peak for 10,000
  documents, a rebuild with nothing changed in < 5 % of the first build's time.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import multiprocessing as mp
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import BuildError, QueryError
from graph.record import load_records as _load_records

__all__ = [
    "Timing",
    "Figure",
    "BenchConfig",
    "SECTIONS",
    "extract_records",
    "load_records",
    "replicate",
    "replicate_corpus",
    "run_bench",
    "format_report",
]

TARGET_ROWS, TARGET_MS, TARGET_RATIO = 1000, 50.0, 20.0
JUDGE_FROM = 1000  # documents: smaller corpus runs (--quick) are smoke tests
MEMORY_TARGET_DOCS, MEMORY_TARGET_MB = 10_000, 2048


@dataclass
class Timing:
    """One measurement: a query (or a load) on one graph with both engines."""

    section: str
    name: str
    triples: int
    rows: int | None = None
    oxigraph_ms: float | None = None
    rdflib_ms: float | None = None
    rdflib_cut: bool = False  # rdflib ran past the budget: rdflib_ms is a lower bound

    @property
    def ratio(self) -> float | None:
        if self.oxigraph_ms and self.rdflib_ms:
            return self.rdflib_ms / self.oxigraph_ms
        return None

    @property
    def meets_target(self) -> bool | None:
        """None when the targets do not apply (a load, or more than 1,000 rows)."""
        if self.rows is None or self.rows > TARGET_ROWS or self.oxigraph_ms is None:
            return None
        fast = self.oxigraph_ms <= TARGET_MS
        if fast and self.rdflib_cut and (self.ratio or 0) < TARGET_RATIO:
            return None  # only a lower bound of the ratio is known
        return fast and (self.ratio is None or self.ratio >= TARGET_RATIO)


@dataclass
class Figure:
    """One measurement that is not a query: a value, the naive baseline of the same run
    (``baseline``, named ``baseline_name``) and the target it is held against, if any."""

    section: str
    name: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    target: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline:
            return self.value / self.baseline
        return None


ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = (ROOT.parent / "shared" / "corpus" / "raw", ROOT / "data" / "raw")


@dataclass
class BenchConfig:
    records: list[dict] | None = None
    triples: int = 1_000_000
    repeat: int = 3
    rdflib: bool = True
    rdflib_budget_s: float = 120.0  # per query (warm-up + runs); past it the run is killed
    workdir: Path | None = None
    log: Callable[[str], None] = field(default=lambda _msg: None)
    records_dir: Path | None = None  # records for both query sections instead of extracting
    corpus: tuple[Path, ...] = DEFAULT_CORPUS  # documents synthetic and corpus replicate
    docs: int = 0  # documents in the replicated corpus (0: no corpus section; kg bench: 2000)
    page_nodes: int = 0  # nodes on the bench page (0: no page section; kg bench: 2000)
    sequential: bool = True  # also time the jobs=1 build (the naive baseline)
    memory_docs: int = 0  # documents of the build whose peak memory is judged (kg bench: 10,000)

    def get_records(self, documents: Iterable[Path] = ()) -> list[dict]:
        """The records a query section measures: ``records`` or ``records_dir`` when given
        (both sections then use them), else those extracted from ``documents`` now. Issue 4
        names the graphs: the seed's, and the *corpus* replicated to ~1M triples. A
        replicated seed is one document about one Actieplan 1,373 times over: queries about
        programmes meet 18 times as many rows as in the corpus replicated."""
        if self.records is not None:
            return self.records
        if self.records_dir is not None:
            self.records = load_records(self.records_dir)
            return self.records
        return extract_records(documents)


def extract_records(paths: Iterable[str | Path]) -> list[dict]:
    """The records of the documents under ``paths`` (those that exist), sorted by id."""
    from graph.build import find_documents
    from graph.pipeline import extract_record

    found = find_documents(p for p in paths if Path(p).exists())
    if not found:
        raise QueryError(f"no documents under {', '.join(map(str, paths))}: pass --records DIR")
    records = {}
    for path in found:
        record = extract_record(path)
        records.setdefault(record["document"]["id"], record)  # the seed is in both folders
    return [records[k] for k in sorted(records)]


def load_records(directory: str | Path) -> list[dict]:
    """Every record in ``directory``, sorted by document id; none is an error here."""
    records = _load_records(directory)
    if not records:
        raise QueryError(f"no records in {directory}: run `kg build` first or pass --records DIR")
    return records


def _rename(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return value.replace(old, new) if old in value else value
    if isinstance(value, list):
        return [_rename(v, old, new) for v in value]
    if isinstance(value, dict):
        return {k: _rename(v, old, new) for k, v in value.items()}
    return value


def replicate(records: list[dict], copies: int) -> list[dict]:
    """``copies`` copies of every record, copy ``i`` with document id ``{id}~{i}``.

    Every IRI below ``/id/doc/{id}`` moves with the id, so no two copies share a document,
    question, answer, commitment or annotation node; actors and programmes stay shared.
    """
    out = []
    for i in range(copies):
        for record in records:
            old = record["document"]["id"]
            new = f"{old}~{i}"
            clone = _rename(copy.deepcopy(record), f"/id/doc/{old}/", f"/id/doc/{new}/")
            clone["document"]["id"] = new
            out.append(clone)
    return out


def _p50(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    result = fn()  # warm-up (caches, lazy imports), also gives the row count
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def _p50_budget(fn: Callable[[], Any], repeat: int, budget: float) -> tuple[float, int, bool]:
    """``_p50`` in a forked child killed after ``budget`` s: ``(ms, rows, cut off)``.

    rdflib cannot be interrupted in-process and some queries take many minutes on 1M
    triples; a cut-off query reports ``budget / (repeat + 1)`` as a lower bound of its p50.
    """
    ctx = mp.get_context("fork")  # the child shares the loaded graph copy-on-write
    parent, child = ctx.Pipe(duplex=False)

    def target() -> None:
        ms, (_names, rows) = _p50(fn, repeat)
        child.send((ms, len(rows)))

    process = ctx.Process(target=target, daemon=True)
    process.start()
    child.close()
    done = parent.poll(budget)
    result = parent.recv() if done else None
    if not done:
        process.kill()
    process.join()
    parent.close()
    if result is None:
        return budget * 1000 / (repeat + 1), -1, True
    return result[0], result[1], False


def _measure(section: str, records: list[dict], cfg: BenchConfig) -> list[Timing]:
    from graph.query import bind_params, list_queries
    from graph.rdf import records_to_graph, serialize_nt
    from graph.store import load_store, memory_backend, run

    graph = records_to_graph(records)
    n = len(graph)
    with tempfile.TemporaryDirectory(dir=cfg.workdir) as tmp:
        nt = Path(tmp) / "graph.nt"
        nt.write_bytes(serialize_nt(graph))
        del graph
        cfg.log(f"{section}: {n} triples; loading")
        rows = []
        start = time.perf_counter()
        store = load_store(nt, Path(tmp) / "store")
        load = Timing(section, "load N-Triples", n, oxigraph_ms=_ms(start))
        memory = None
        if cfg.rdflib:
            start = time.perf_counter()
            memory = memory_backend(nt)
            load.rdflib_ms = _ms(start)
        rows.append(load)
        for q in list_queries():
            params = bind_params(q)
            ox_ms, (_names, result) = _p50(
                lambda q=q, p=params, s=store: run(q.text, s, p), cfg.repeat
            )
            timing = Timing(section, q.name, n, rows=len(result), oxigraph_ms=ox_ms)
            if memory is not None:
                timing.rdflib_ms, other, timing.rdflib_cut = _p50_budget(
                    lambda q=q, p=params, m=memory: run(q.text, m, p),
                    cfg.repeat,
                    cfg.rdflib_budget_s,
                )
                if not timing.rdflib_cut and other != len(result):
                    cfg.log(f"warning: {q.name}: rdflib {other} rows, oxigraph {len(result)}")
            cfg.log(f"{section}: {q.name}: {ox_ms:.1f} ms / {timing.rdflib_ms or 0:.0f} ms")
            rows.append(timing)
        del store, memory  # close the store before its folder is removed
    return rows


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def seed_section(cfg: BenchConfig) -> list[Timing]:
    """The records as they are."""
    from graph.build import DEFAULT_INPUT

    return _measure("records", cfg.get_records([DEFAULT_INPUT]), cfg)


def synthetic_section(cfg: BenchConfig) -> list[Timing]:
    """The records replicated with fresh document ids up to about ``cfg.triples`` triples."""
    from graph.rdf import records_to_graph

    records = cfg.get_records(cfg.corpus)
    one = len(records_to_graph(records))
    two = len(records_to_graph(replicate(records, 2)))
    per_copy, shared = two - one, 2 * one - two
    copies = max(1, round((cfg.triples - shared) / max(per_copy, 1)))
    cfg.log(f"synthetic: {copies} copies of {len(records)} record(s)")
    return _measure(f"synthetic x{copies}", replicate(records, copies), cfg)


# -- the graph page ------------------------------------------------------------------------


def page_section(cfg: BenchConfig) -> list[Figure]:
    """A synthetic page of ``cfg.page_nodes`` nodes in headless chromium: ready time, size."""
    from graph.bench_viz import CHROMIUM, bench_page

    if not cfg.page_nodes:
        return []
    section = f"page {cfg.page_nodes} nodes"
    if not Path(CHROMIUM).exists():
        return [Figure(section, "skipped", 0, "", note=f"{CHROMIUM} is missing")]
    if importlib.util.find_spec("playwright") is None:
        return [Figure(section, "skipped", 0, "", note="playwright is missing: "
                       "pip install -e '.[dev]' (make test installs it)")]  # fmt: skip
    cfg.log(f"{section}: loading in headless chromium")
    r = bench_page(cfg.page_nodes)
    note = f"{r['nodes']} nodes, {r['edges']} edges; page written in {r['build_s']} s"
    return [
        Figure(
            section,
            "load + stabilise",
            r["load_s"],
            "s",
            target="< 3 s",
            met=r["load_s"] < 3,
            note=note,
        ),  # fmt: skip
        Figure(section, "same, seen from Python", r["wall_s"], "s"),
        Figure(
            section, "page size", r["bytes"] / 1e6, "MB", target="< 5 MB", met=r["bytes"] < 5e6
        ),  # fmt: skip
    ]


# -- the build over a replicated corpus ------------------------------------------------------

_AH_ID = re.compile(r"^ah-tk-\d{8}-\d+$")


def _fresh(doc_id: str, data: bytes, stem: str, i: int) -> tuple[str, bytes]:
    """Copy ``i`` of one document: ``(file name, bytes)`` under a new document id.

    The id is what the readers take it from: an ``ah-tk-…`` line gets digits appended (it
    stays an ``ah-tk`` id); any other id found in the text (a zaak number) gets a suffix
    that stops the reader from recognising it, so it falls back to the file stem, which
    is the new id; an id that came from the file stem needs the new file name, and bytes
    of its own.
    """
    old = doc_id.encode()
    if _AH_ID.match(doc_id) and old in data:
        return f"{stem}-r{i:05d}.txt", data.replace(old, old + f"{i:05d}".encode())
    new = f"{doc_id}r{i:05d}"
    if old in data:
        return f"{new}.txt", data.replace(old, new.encode())
    # Same text under another name is the same document (kg build skips it): the copy ends
    # in a line of blanks, tabs and spaces spelling i in binary, which the reader drops.
    return f"{new}.txt", data + b"\n" + "".join(" \t"[int(c)] for c in f"{i:b}").encode() + b"\n"


def replicate_corpus(paths: Iterable[str | Path], n: int, dest: str | Path) -> list[Path]:
    """Write ``n`` documents into ``dest``: the readable documents under ``paths``, copied
    round-robin, every copy with a fresh document id in its text or file name, so no
    record, cache entry or IRI is shared with the original or another copy."""
    from graph.build import find_documents
    from graph.errors import ReadError
    from graph.read import read_document

    originals = []
    for path in find_documents(paths):
        try:
            originals.append((read_document(path).id, path.read_bytes(), path.stem))
        except ReadError:
            continue
    if not originals:
        raise QueryError(f"no readable documents under {', '.join(map(str, paths))}")
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for k in range(n):
        doc_id, data, stem = originals[k % len(originals)]
        name, fresh = _fresh(doc_id, data, stem, k // len(originals))
        (dest / name).write_bytes(fresh)
        written.append(dest / name)
    return written


_CHILD = "import sys, graph.bench as b; b._child_main(sys.argv[1:])"
SAMPLE_EVERY = 0.25
"""Seconds between two samples of a step's memory. A sample reads each process's
``smaps_rollup``, which walks its page tables: about 1.5 ms per process of a build, and
while it walks, that process's page faults wait. Every 50 ms, the sampler slowed the build
it measured by a tenth; every 250 ms it costs about 2 % of one core, and a build's memory
changes over seconds, not milliseconds."""


def _in_child(*args: str) -> dict:
    """Run one measured step in a fresh Python process: its own imports, its own memory.

    Returns the step's JSON: ``seconds``, ``docs``, ``failed``, ``main_mb`` (peak RSS of
    that process), ``worker_mb`` (peak RSS of its largest child process) and ``tree_mb``
    (the peak, sampled every :data:`SAMPLE_EVERY` seconds, of the memory of that process
    and all its children together: proportional set sizes, so pages a fork shares are
    counted once).
    """
    import threading

    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([sys.executable, "-c", _CHILD, *args], stdout=out,
                                stderr=err, text=True, cwd=ROOT)  # fmt: skip
        peak = [0.0]

        def sample() -> None:
            while proc.poll() is None:
                peak[0] = max(peak[0], _tree_mb(proc.pid))
                time.sleep(SAMPLE_EVERY)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            proc.wait()
        finally:  # Ctrl-C: the measured build goes with the bench
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            sampler.join()
        out.seek(0)
        err.seek(0)
        lines = out.read().strip().splitlines()
        if proc.returncode != 0 or not lines:
            last = (err.read().strip().splitlines() or ["no output"])[-1]
            raise BuildError(f"bench step {args[0]} failed (exit {proc.returncode}): {last}")
        return json.loads(lines[-1]) | {"tree_mb": peak[0]}


def _tree_mb(root: int) -> float:
    """Memory of process ``root`` and its descendants now, in MB (PSS; RSS if unknown)."""
    return sum(_own_kb(pid) for pid in _tree(root)) / 1024


def _tree(root: int) -> list[int]:
    """``root`` and its descendants, from each thread's ``children`` file in ``/proc``:
    a few reads, where scanning every process's ``stat`` costs more than the rest of a
    sample together."""
    if not Path(f"/proc/{root}/task/{root}/children").exists():  # a kernel without them
        return _tree_by_scan(root)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            try:
                todo += map(int, task.read_text().split())
            except (OSError, ValueError):
                continue
    return found


def _tree_by_scan(root: int) -> list[int]:
    """``root`` and its descendants, from every process's parent in ``/proc/*/stat``."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _own_kb(pid: int) -> int:
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
                if line.startswith(key):
                    return int(line.split()[1])
        except (OSError, ValueError):
            continue
    return 0


def _child_main(argv: list[str]) -> None:
    """The measured step, in the child: ``read|extract|build SRC OUT JOBS``."""
    import resource

    step, src, out, jobs = argv[0], argv[1], argv[2], int(argv[3])
    start = time.perf_counter()
    docs, failed = _child_step(step, Path(src), Path(out), jobs)
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "docs": docs, "failed": failed,
                      "main_mb": own, "worker_mb": workers}))  # fmt: skip


def _read_one(path: Path) -> bool:
    from graph.errors import ReadError
    from graph.read import read_document

    try:
        read_document(path)
        return True
    except ReadError:
        return False


def _extract_one(path: Path) -> bool:
    from graph.build import _extract

    return _extract(path)[1] is not None


def _child_step(step: str, src: Path, out: Path, jobs: int) -> tuple[int, int]:
    from graph.build import build, find_documents

    if step == "build":
        result = build([src], out, jobs=jobs or None)
        return len(result.documents), len(result.failed)
    files = find_documents([src])
    fn = _read_one if step == "read" else _extract_one
    if jobs == 1:
        done = list(map(fn, files))
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs or None) as pool:
            done = list(pool.map(fn, files, chunksize=8))
    return sum(done), len(done) - sum(done)


def corpus_section(cfg: BenchConfig) -> list[Figure]:
    """Read + extract and the whole build over ``cfg.docs`` replicated documents."""
    if not cfg.docs:
        return []
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(dir=cfg.workdir, prefix="kg-bench-") as tmp:
        src, n = Path(tmp) / "docs", cfg.docs
        replicate_corpus(cfg.corpus, n, src)
        section = f"corpus {n} docs"
        figures: list[Figure] = []

        def step(name: str, *args) -> dict:
            cfg.log(f"{section}: {name}")
            r = _in_child(*map(str, args))
            if r["failed"]:
                cfg.log(f"{section}: {name}: {r['failed']} document(s) failed")
            return r

        read = step("read only, 1 process", "read", src, Path(tmp) / "x", 1)
        seq = step("read + extract, 1 process", "extract", src, Path(tmp) / "x", 1)
        par = step(f"read + extract, {cores} processes", "extract", src, Path(tmp) / "x", 0)
        rate = {k: n / r["seconds"] for k, r in (("read", read), ("seq", seq), ("par", par))}
        figures += [
            Figure(
                section,
                "read only, 1 process",
                rate["read"],
                "docs/s",
                note="the floor: what reading alone costs",
            ),  # fmt: skip
            Figure(
                section,
                "read + extract, 1 process",
                rate["seq"],
                "docs/s",
                rate["read"],
                "read only",
            ),  # fmt: skip
            Figure(
                section,
                f"read + extract, {cores} processes",
                rate["par"],
                "docs/s",
                rate["seq"],
                "1 process",
            ),  # fmt: skip
        ]
        out = Path(tmp) / "build"
        first = step(f"kg build, {cores} processes", "build", src, out, 0)
        base = None
        if cfg.sequential:
            base = step("kg build, 1 process", "build", src, Path(tmp) / "build-seq", 1)
            shutil.rmtree(Path(tmp) / "build-seq", ignore_errors=True)
        again = step("rebuild, nothing changed", "build", src, out, 0)
        changed = src / sorted(os.listdir(src))[0]
        changed.write_bytes(changed.read_bytes() + b"\n")
        one = step("rebuild, one document changed", "build", src, out, 0)
        # Below JUDGE_FROM documents fixed costs (imports, process start, the page) swamp
        # the per-document ones: the figures are printed, the targets not judged.
        judged = n >= JUDGE_FROM
        unjudged = "" if judged else f"; targets judged from {JUDGE_FROM:,} docs"
        figures += [
            Figure(
                section,
                f"kg build, {cores} processes",
                n / first["seconds"],
                "docs/s",
                n / base["seconds"] if base else None,
                "kg build, 1 process",
                ">= 100 docs/s",
                n / first["seconds"] >= 100 if judged else None,
                f"{first['seconds']:.1f} s; {first['docs']} built, {first['failed']} failed"
                + unjudged,
            ),
            Figure(
                section,
                "peak memory, all processes",
                first["tree_mb"],
                "MB",
                base["tree_mb"] if base else None,
                "kg build, 1 process",
                note=f"main process {first['main_mb']:.0f} MB, largest child "
                f"{first['worker_mb']:.0f} MB",
            ),  # fmt: skip
            Figure(
                section,
                "rebuild, nothing changed",
                again["seconds"],
                "s",
                first["seconds"],
                "first build",
                "< 5 % of first build",
                again["seconds"] < 0.05 * first["seconds"] if judged else None,
            ),  # fmt: skip
            Figure(
                section,
                "rebuild, one document changed",
                one["seconds"],
                "s",
                first["seconds"],
                "first build",
            ),  # fmt: skip
        ]
        if cfg.memory_docs:
            figures.append(_memory_figure(cfg, section, n, first, Path(tmp), step))
    return figures


def _memory_figure(cfg: BenchConfig, section: str, n: int, first: dict, tmp: Path,
                   step: Callable[..., dict]) -> Figure:  # fmt: skip
    """Peak memory of a build of ``cfg.memory_docs`` replicated documents, measured, not
    extrapolated: from 500 to 4,000 documents the peak grows by 0.06 to 0.2 MB per
    document, less the more documents (the page is cut at 2,000 nodes, the store loads in
    fixed slices), so a straight line from two small builds overshoots by up to a gigabyte.
    The build of ``n`` documents stands in when it is at least as big."""
    m = max(cfg.memory_docs, n)
    if m == n:
        measured = first
    else:
        shutil.rmtree(tmp / "build", ignore_errors=True)  # room on disk for the bigger one
        replicate_corpus(cfg.corpus, m, tmp / "memory-docs")
        measured = step(f"kg build of {m:,} docs (peak memory)", "build",
                        tmp / "memory-docs", tmp / "memory-build", 0)  # fmt: skip
        shutil.rmtree(tmp / "memory-build", ignore_errors=True)
    judged = m >= MEMORY_TARGET_DOCS and not measured["failed"]
    return Figure(
        section,
        f"peak memory, {m:,} docs",
        measured["tree_mb"],
        "MB",
        first["tree_mb"] if m > n else None,
        f"{n:,} docs",
        f"< {MEMORY_TARGET_MB} MB at {MEMORY_TARGET_DOCS:,} docs",
        measured["tree_mb"] < MEMORY_TARGET_MB if judged else None,
        f"all processes; that build took {measured['seconds']:.1f} s "
        f"({m / measured['seconds']:.1f} docs/s; {measured['docs']} built, "
        f"{measured['failed']} failed)"
        + ("" if m >= MEMORY_TARGET_DOCS else f"; target judged from {MEMORY_TARGET_DOCS:,} docs"),
    )


STAGE_DOCS = 400


def stages_section(cfg: BenchConfig) -> list[Figure]:
    """CPU per document of each step a build worker takes (:mod:`graph.bench_stages`),
    over ``STAGE_DOCS`` (at most ``cfg.docs``) replicated documents, each beside the sum."""
    from graph.bench_stages import STAGES, stage_seconds

    if not cfg.docs:
        return []
    with tempfile.TemporaryDirectory(dir=cfg.workdir, prefix="kg-bench-") as tmp:
        n = min(cfg.docs, STAGE_DOCS)
        section = f"stages, {n} docs"
        cfg.log(f"{section}: a build worker's steps, one by one")
        docs = replicate_corpus(cfg.corpus, n, Path(tmp) / "docs")
        spent = stage_seconds(docs, Path(tmp) / "cache")
    total = sum(spent.values()) * 1000 / n
    figures = [Figure(section, stage, spent[stage] * 1000 / n, "ms/doc", total, "all steps")
               for stage in STAGES]  # fmt: skip
    note = "CPU, user and system, of one process; the main process's steps come after"
    return [*figures, Figure(section, "all steps", total, "ms/doc", note=note)]


SECTIONS: list[Callable[[BenchConfig], list]] = [
    seed_section,
    synthetic_section,
    page_section,
    stages_section,
    corpus_section,
]
"""The benchmark's sections, in order; append a function to add one."""


def section_name(section: Callable) -> str:
    """``seed_section`` -> ``seed``: the name ``kg bench --only`` takes."""
    return section.__name__.removesuffix("_section")


def run_bench(cfg: BenchConfig, sections: Iterable[Callable] | None = None) -> list:
    """Run every section and return all rows (:class:`Timing` and :class:`Figure`)."""
    out: list = []
    for section in sections or SECTIONS:
        out.extend(section(cfg))
    return out


def _fmt(value: float | None, spec: str) -> str:
    return "" if value is None else format(value, spec)


def format_report(rows: list) -> str:
    """Plain-text tables: p50 per query and engine, their ratio, and whether targets hold;
    then every other figure beside its baseline."""
    timings = [t for t in rows if isinstance(t, Timing)]
    figures = [f for f in rows if isinstance(f, Figure)]
    text = _format_timings(timings) if timings else ""
    if figures:
        text += ("\n" if text else "") + _format_figures(figures)
    return text


def _table(lines: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in lines) for i in range(len(lines[0]))]
    text = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            for row in lines]  # fmt: skip
    text.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(text) + "\n"


def _format_figures(figures: list[Figure]) -> str:
    lines = [("section", "measure", "value", "baseline", "ratio", "target", "", "note")]
    for f in figures:
        value = f"{f.value:,.3g} {f.unit}" if f.value < 100 else f"{f.value:,.0f} {f.unit}"
        base = ""
        if f.baseline is not None:
            base = f"{f.baseline:,.3g} ({f.baseline_name})"
        ratio = "" if f.ratio is None else f"{f.ratio:.3g}x"
        met = {None: "", True: "met", False: "MISSED"}[f.met]
        lines.append((f.section, f.name, value, base, ratio, f.target, met, f.note))
    return _table(lines)


def _format_timings(timings: list[Timing]) -> str:
    head = ("section", "query", "triples", "rows", "oxigraph p50 ms", "rdflib p50 ms", "ratio",
            "target")  # fmt: skip
    lines = [head]
    for t in timings:
        target = {None: "", True: "met", False: "MISSED"}[t.meets_target]
        lines.append((t.section, t.name, str(t.triples), _fmt(t.rows, "d"),
                      _fmt(t.oxigraph_ms, ".1f"), (">" if t.rdflib_cut else "") +
                      _fmt(t.rdflib_ms, ".1f"), (">" if t.rdflib_cut else "") +
                      _fmt(t.ratio, ".0f") + ("x" if t.ratio else ""), target))  # fmt: skip
    return _table(lines)

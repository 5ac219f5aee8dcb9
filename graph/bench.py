"""The benchmark: every named query on the embedded store and on rdflib in memory.

The workload is the records' own graph and a synthetic graph of about ``triples`` triples
made by replicating the records with fresh document ids (actors and programmes stay shared,
as they are across a real corpus). Each section is a function in :data:`SECTIONS`
returning :class:`Timing` rows, so more sections can be added without touching the rest.

Targets (issue 4): every named query returning <= 1,000 rows at p50 <= 50 ms on ~1M triples
with Oxigraph, and >= 20x faster than rdflib on the same query.
"""

from __future__ import annotations

import copy
import json
import multiprocessing as mp
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import QueryError

__all__ = [
    "Timing",
    "BenchConfig",
    "SECTIONS",
    "load_records",
    "replicate",
    "run_bench",
    "format_report",
]

TARGET_ROWS, TARGET_MS, TARGET_RATIO = 1000, 50.0, 20.0


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
class BenchConfig:
    records: list[dict]
    triples: int = 1_000_000
    repeat: int = 3
    rdflib: bool = True
    rdflib_budget_s: float = 120.0  # per query (warm-up + runs); past it the run is killed
    workdir: Path | None = None
    log: Callable[[str], None] = field(default=lambda _msg: None)


def load_records(directory: str | Path) -> list[dict]:
    """Every ``*.json`` record in ``directory`` (sorted by name)."""
    paths = sorted(Path(directory).glob("*.json"))
    if not paths:
        raise QueryError(f"no records in {directory}: run `kg build` first or pass --records DIR")
    return [json.loads(p.read_text(encoding="utf-8")) for p in paths]


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
    return _measure("records", cfg.records, cfg)


def synthetic_section(cfg: BenchConfig) -> list[Timing]:
    """The records replicated with fresh document ids up to about ``cfg.triples`` triples."""
    from graph.rdf import records_to_graph

    one = len(records_to_graph(cfg.records))
    two = len(records_to_graph(replicate(cfg.records, 2)))
    per_copy, shared = two - one, 2 * one - two
    copies = max(1, round((cfg.triples - shared) / max(per_copy, 1)))
    cfg.log(f"synthetic: {copies} copies of {len(cfg.records)} record(s)")
    return _measure(f"synthetic x{copies}", replicate(cfg.records, copies), cfg)


SECTIONS: list[Callable[[BenchConfig], list[Timing]]] = [seed_section, synthetic_section]
"""The benchmark's sections, in order; append a function to add one."""


def run_bench(cfg: BenchConfig, sections: Iterable[Callable] | None = None) -> list[Timing]:
    """Run every section and return all timings."""
    out: list[Timing] = []
    for section in sections or SECTIONS:
        out.extend(section(cfg))
    return out


def _fmt(value: float | None, spec: str) -> str:
    return "" if value is None else format(value, spec)


def format_report(timings: list[Timing]) -> str:
    """A plain-text table: p50 per query and engine, their ratio, and whether targets hold."""
    head = ("section", "query", "triples", "rows", "oxigraph p50 ms", "rdflib p50 ms", "ratio",
            "target")  # fmt: skip
    lines = [head]
    for t in timings:
        target = {None: "", True: "met", False: "MISSED"}[t.meets_target]
        lines.append((t.section, t.name, str(t.triples), _fmt(t.rows, "d"),
                      _fmt(t.oxigraph_ms, ".1f"), (">" if t.rdflib_cut else "") +
                      _fmt(t.rdflib_ms, ".1f"), (">" if t.rdflib_cut else "") +
                      _fmt(t.ratio, ".0f") + ("x" if t.ratio else ""), target))  # fmt: skip
    widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
    text = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            for row in lines]  # fmt: skip
    text.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(text) + "\n"

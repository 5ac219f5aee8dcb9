"""Where a document's time goes in a build worker: ``kg bench --only stages``.

The steps of :func:`graph.build._process` and :func:`graph.rdf.document_graph`, one after
another, each timed with ``time.process_time`` (CPU of this process, so the machine's
other load counts less than in wall time) over documents replicated with fresh ids
(:func:`graph.bench.replicate_corpus`). The steps are called here one by one, so the
first document's result is compared with ``document_graph``'s: if the two drift apart,
the section fails instead of timing something the build no longer does.

The replicas repeat a few dozen texts, so per-process caches (sentence classification)
hit more often than they would on as many different documents.
"""

from __future__ import annotations

import time
from itertools import pairwise
from pathlib import Path

STAGES = (
    "read",
    "extract",
    "record + slim",
    "map to triples",
    "N-Triples",
    "JSON-LD",
    "SHACL",
    "record JSON",
    "cache files",
)


def stage_seconds(paths: list[Path], folder: Path) -> dict[str, float]:
    """CPU seconds (user and system) of each of :data:`STAGES`, summed over ``paths``
    (readable documents); the cache files are written to ``folder``."""
    from graph import cache, collector, jsonld
    from graph.build import _warm_up
    from graph.extract import extract
    from graph.rdf import PREFIXES, _is_own, _Mapper, _nt_lines, _own_prefix, _split_own
    from graph.rdf import _violations as violations
    from graph.read import read_document
    from graph.record import dumps, make_record, slim

    _warm_up()
    folder.mkdir(parents=True, exist_ok=True)
    spent = dict.fromkeys(STAGES, 0.0)
    clock = time.process_time
    for i, path in enumerate(paths):
        marks = [clock()]  # one more after each of STAGES
        doc = read_document(path)
        marks.append(clock())
        facts = extract(doc)
        marks.append(clock())
        record = make_record(doc, facts)
        slim(record)
        marks.append(clock())
        with collector.paused():
            mapper = _Mapper([record])
            triples = mapper.run()
            marks.append(clock())
            lines = _nt_lines(triples)
            prefix = _own_prefix(record["document"]["id"])
            own, shared = _split_own(lines, prefix)
            marks.append(clock())
            found = jsonld.nodes(triples, PREFIXES, _is_own(prefix))
            nodes = jsonld.segments(found, f"{prefix}>")
            marks.append(clock())
            problems = violations(mapper, record, lines)
            marks.append(clock())
        text = dumps(record)
        marks.append(clock())
        cache.put(folder, str(i), text, {"key": str(i), "shared": shared}, own, nodes)
        marks.append(clock())
        for stage, (before, after) in zip(STAGES, pairwise(marks), strict=True):
            spent[stage] += after - before
        if i == 0:
            _same_as_the_build(record, own, shared, nodes, problems)
    cache.close(folder)
    return spent


def _same_as_the_build(record, own, shared, nodes, problems) -> None:
    from graph.errors import BuildError
    from graph.rdf import document_graph

    part = document_graph(record)
    if (part["own"], part["shared"], part["own_nodes"], part["violations"]) != (
        own, shared, nodes, problems,
    ):  # fmt: skip
        raise BuildError("bench stages: the timed steps no longer make what document_graph makes")

"""Benchmark of the graph page: a synthetic ~2,000-node graph, loaded in headless chromium.

:func:`bench_page` is meant for ``kg bench``; the targets are a page that is ready (loaded,
drawn, physics off) in under 3 s and smaller than 5 MB. Needs Playwright (a dev dependency)
and a chromium binary, Debian's ``/usr/bin/chromium`` by default.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from graph import BASE
from graph.viz import write_page

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "synthetic_records", "bench_page"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
]

_TYPES = ("government", "organisation", "organisation", "person", "role", "government")
_KINDS = ("commitment", "refusal", "ongoing")


def synthetic_records(n_nodes: int = 2000, *, seed: int = 0) -> list[dict]:
    """Records whose :func:`graph.analysis.record_graph` has about `n_nodes` nodes.

    Each document has a questioner and party, an answering minister, 6 statements and
    names actors from a shared pool (so documents connect), with six Actielijnen.
    """
    rng = random.Random(seed)
    n_docs = max(1, n_nodes // 20)
    parties = [f"Partij {i}" for i in range(12)]
    ministers = [f"Minister van Zaken {i}" for i in range(8)]
    # fixed nodes: 8 ministers, 12 parties, 60 questioners, 8 answering persons, 7 programmes
    pool_size = max(10, n_nodes - n_docs * 7 - 95)
    per_doc = max(8, -(-pool_size // n_docs))  # every pool actor is named by some document
    pool = [
        (f"{BASE}id/actor/synth-{i}", f"Organisatie {i}", _TYPES[i % len(_TYPES)])
        for i in range(pool_size)
    ]
    plan = "Actieplan Synthetisch"
    lines = [f"Actielijn {i}" for i in range(1, 7)]
    records = []
    for d in range(n_docs):
        doc_id = f"synth-{d:05d}"
        minister = ministers[d % len(ministers)]
        party = parties[d % len(parties)]
        questioner = f"Kamerlid {d % 60}"
        named = [pool[(d * per_doc + k) % pool_size] for k in range(per_doc)]
        named += rng.sample(pool, 2)
        actors = {
            key: {
                "id": key,
                "label": label,
                "type": typ,
                "aliases": [],
                "identifiers": [],
                "mentions": [
                    {"part": "answer", "number": 1 + k % 6, "start": 0, "end": 1, "text": label}
                ],
            }
            for k, (key, label, typ) in enumerate(named)
        }
        for label, typ in ((minister, "government"), (party, "party"), (questioner, "person")):
            key = f"{BASE}id/actor/{label.lower().replace(' ', '-')}"
            actors[key] = {
                "id": key,
                "label": label,
                "type": typ,
                "aliases": [],
                "identifiers": [],
                "mentions": [],
            }
        minister_id = f"{BASE}id/actor/{minister.lower().replace(' ', '-')}"
        commitments = []
        for k in range(6):
            involved = [named[(k + j) % len(named)][0] for j in range(2)]
            commitments.append(
                {
                    "id": f"{BASE}id/doc/{doc_id}/toezegging/{k}",
                    "kind": _KINDS[k % 3],
                    "answer": k + 1,
                    "part": "answer",
                    "number": k + 1,
                    "start": 0,
                    "end": 60,
                    "text": f"Wij zullen in {2025 + k % 2} met {named[k][1]} in gesprek gaan over "
                    f"onderwerp {d}-{k}.",
                    "by": [minister_id],
                    "actors": involved,
                    "due": f"{2025 + k % 2}-0{1 + k % 9}" if k % 3 == 0 else None,
                    "action_lines": [lines[(d + k) % 6]] if k % 2 == 0 else [],
                    "request": None,
                }
            )
        programmes = [
            {
                "id": f"{BASE}id/programme/actieplan-synthetisch",
                "label": plan,
                "topic": None,
                "part_of": None,
                "aliases": [],
                "answers": [1],
            }
        ]
        programmes += [
            {
                "id": f"{BASE}id/programme/actielijn-{i + 1}",
                "label": line,
                "topic": None,
                "part_of": plan,
                "aliases": [],
                "answers": [1],
            }
            for i, line in enumerate(lines)
        ]
        answers = [
            {"number": n, "text": f"Antwoord {n} van {doc_id}.", "questions": [n]}
            for n in range(1, 7)
        ]
        records.append(
            {
                "document": {
                    "id": doc_id,
                    "source": f"{doc_id}.txt",
                    "title": f"Synthetische vragen {d}",
                    "questioners": [{"name": questioner, "party": party}],
                    "addressees": [minister],
                    "answerers": [{"name": f"Bewindspersoon {d % 8}", "role": minister}],
                    "on_behalf_of": [],
                    "submitted": "2024-10-01",
                    "answered": "2024-11-01",
                    "questions": [{"number": n, "text": f"Vraag {n}?"} for n in range(1, 7)],
                    "answers": answers,
                    "footnotes": [],
                },
                "actors": sorted(actors.values(), key=lambda a: a["id"]),
                "commitments": commitments,
                "requests": [
                    {
                        "id": f"{BASE}id/doc/{doc_id}/verzoek/1",
                        "question": 1,
                        "answer": 1,
                        "text": "Bent u bereid?",
                        "outcome": rng.choice(["accepted", "declined", "partial", "answered"]),
                    }
                ],
                "programmes": programmes,
            }
        )
    return records


def bench_page(
    n_nodes: int = 2000, *, chromium: str = CHROMIUM, out_dir: str | Path | None = None
) -> dict:
    """Build a synthetic page of about `n_nodes` nodes and time it in headless chromium.

    Parameters
    ----------
    n_nodes : int, optional
        Target graph size.
    chromium : str, optional
        Path of the chromium binary.
    out_dir : str or Path, optional
        Where to write ``bench-graph.html`` (default: a temporary directory, removed after).

    Returns
    -------
    dict
        ``nodes``, ``edges`` (as loaded in the page's DataSets), ``bytes`` (page size),
        ``build_s`` (records -> HTML file), ``load_s`` (navigation start to the first
        drawing of the page, from ``performance.now()``; physics is off, so the network is
        stable from then on) and ``wall_s`` (the same seen from Python, incl. IPC).
    """
    from playwright.sync_api import sync_playwright  # dev dependency

    records = synthetic_records(n_nodes)
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(out_dir or tmp) / "bench-graph.html"
        start = time.perf_counter()
        write_page(records, target, title=f"Benchmark: {n_nodes} knopen")
        build_s = time.perf_counter() - start
        size = target.stat().st_size
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.route(
                    "**/*",
                    lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort(),
                )
                start = time.perf_counter()
                page.goto(target.resolve().as_uri())
                page.wait_for_function("window.kgReady === true", timeout=60_000)
                wall_s = time.perf_counter() - start
                ready_ms = page.evaluate("window.kgReadyMs")
                nodes, edges = page.evaluate(
                    "[network.body.data.nodes.length, network.body.data.edges.length]"
                )
            finally:
                browser.close()
    return {
        "nodes": nodes,
        "edges": edges,
        "bytes": size,
        "build_s": round(build_s, 3),
        "load_s": round(ready_ms / 1000, 3),
        "wall_s": round(wall_s, 3),
    }


if __name__ == "__main__":  # python -m graph.bench_viz [N]
    import json
    import sys

    print(json.dumps(bench_page(int(sys.argv[1]) if len(sys.argv) > 1 else 2000), indent=1))

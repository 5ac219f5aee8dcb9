"""graph.viz: the self-contained, offline, escaped and deterministic graph page."""

from __future__ import annotations

import doctest
import hashlib
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from graph import analysis, viz

FIXTURES = Path(__file__).parent / "fixtures" / "analysis"
PROBE = FIXTURES / "probe" / "xss-probe.json"


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return analysis.load_records(FIXTURES)


@pytest.fixture(scope="module")
def page(records) -> str:
    return viz.page_html(records)


@pytest.fixture(scope="module")
def probe_page() -> str:
    return viz.page_html([json.loads(PROBE.read_text(encoding="utf-8"))])


def _config(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-config">(.*?)</script>', page)
    return json.loads(match.group(1))


def test_viz_doctests_pass():
    assert doctest.testmod(viz).failed == 0


def test_viz_page_is_self_contained(page):
    assert "bootstrap" not in page
    assert not re.search(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=""", page, re.I)
    assert "vis-network" in page and "vis.Network" in page  # inlined library
    assert page.count("<style>") >= 2  # vis-network's CSS and ours


def test_viz_page_has_every_node_and_edge_of_the_record_graph(records, page):
    G = analysis.record_graph(records)
    nodes = re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);\n", page).group(1)
    edges = re.search(r"edges = new vis\.DataSet\((\[.*?\])\);\n", page).group(1)
    nodes, edges = json.loads(nodes), json.loads(edges)
    assert {n["id"] for n in nodes} == set(G)
    assert len(edges) == G.number_of_edges()
    assert all("title" not in n for n in nodes)  # tooltips are built in the page, with textContent
    commitment = next(n for n in nodes if n["id"].endswith("/000_f6bdf192e8c7e34f/toezegging/0"))
    assert commitment["kgTip"]["quote"].startswith("In januari 2025 vindt een ambtelijk werkbezoek")
    assert "termijn: 2025-01" in commitment["kgTip"]["lines"]
    minister = next(n for n in nodes if n["id"].endswith("/minister-van-justitie-en-veiligheid"))
    assert minister["kgTip"]["links"] == [
        "https://identifier.overheid.nl/tooi/id/ministerie/mnre1058"
    ]
    assert {e["label"] for e in edges} >= {"doet toezegging", "betrokken bij", "dient actielijn"}


def test_viz_page_has_a_legend_and_action_line_filter(page):
    config = _config(page)
    types = [t["type"] for t in config["types"]]
    assert types[:5] == ["person", "party", "government", "organisation", "role"]
    assert {"commitment", "refusal", "ongoing", "document", "plan", "actielijn"} <= set(types)
    assert config["lines"] == [f"Actielijn {i}" for i in (1, 2, 4, 5, 6)]
    assert 'id="kg-search"' in page and 'id="kg-line"' in page and 'id="kg-types"' in page


def test_viz_page_escapes_hostile_document_text(probe_page):
    for raw in (
        "<script>window.__xss",
        "</script><script>",
        "<img src=x onerror",
        "<b onmouseover",
        "<svg onload",
        "<a href=",
        "\u2028",
        "\u2029",
    ):
        assert raw not in probe_page, raw
    assert "\\u003cscript\\u003ewindow.__xss=1" in probe_page  # still there, as data
    # pyvis replaces its tooltip with an innerHTML popup when a node title contains "href"
    assert "popup.innerHTML" not in probe_page


def test_viz_page_is_deterministic_across_processes(tmp_path):
    code = (
        "import sys; from graph import analysis, viz;"
        f"viz.write_page(analysis.load_records({str(FIXTURES)!r}), sys.argv[1])"
    )
    digests = set()
    for seed in ("1", "2"):
        out = tmp_path / f"{seed}.html"
        subprocess.run(
            [sys.executable, "-c", code, str(out)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        digests.add(hashlib.sha256(out.read_bytes()).hexdigest())
    assert len(digests) == 1


def test_viz_layout_places_every_node_at_integer_positions(records):
    G = analysis.record_graph(records)
    pos = viz.layout(G)
    assert set(pos) == set(G)
    assert all(isinstance(c, int) for xy in pos.values() for c in xy)
    assert len(set(pos.values())) == len(pos)  # no two nodes on the same spot


def test_viz_layout_splits_graphs_too_big_for_one_spring_layout():
    from graph.bench_viz import synthetic_records

    G = analysis.record_graph(synthetic_records(900))
    pos = viz.layout(G)
    assert set(pos) == set(G) and len(G) >= 850


def test_viz_write_page_writes_utf8_atomically(records, tmp_path):
    path = viz.write_page(records, tmp_path / "out" / "graph.html", title="Zoë & <co>")
    text = path.read_bytes().decode("utf-8")
    assert "<title>Zoë &amp; &lt;co&gt;</title>" in text
    assert _config(text)["title"] == "Zoë & <co>"
    assert [p.name for p in path.parent.iterdir()] == ["graph.html"]


def test_viz_notebook_html_wraps_the_page_in_a_sandboxed_iframe(records):
    frame = viz.notebook_html(records, height=500)
    assert frame.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
    assert 'sandbox="allow-scripts"' in frame and "height:500px" in frame


def test_viz_page_of_a_big_graph_shows_every_kind_and_says_so(records):
    """A page cut to a third keeps the best connected of each kind, no node alone."""
    G = analysis.record_graph(records)
    limit = len(G) // 3
    page = viz.page_html(records, max_nodes=limit)
    nodes = json.loads(re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);\n", page).group(1))
    edges = json.loads(re.search(r"edges = new vis\.DataSet\((\[.*?\])\);\n", page).group(1))
    assert len(nodes) == limit
    shown = {n["kgType"] for n in nodes}
    assert {"commitment", "refusal", "document", "actielijn"} <= shown
    linked = {e["from"] for e in edges} | {e["to"] for e in edges}
    assert {n["id"] for n in nodes} <= linked  # none stands alone
    assert f"{limit} van {len(G)} knopen" in _config(page)["title"]


def test_viz_cut_of_a_corpus_shows_commitments_not_only_documents(records):
    """Documents link to everything they name: by degree alone a corpus of many of them
    filled the page with documents and actors and showed no commitment."""
    from graph.bench import replicate

    corpus = replicate(records, 80)
    G = analysis.record_graph(corpus, max_nodes=100)
    kinds = Counter(data["type"] for _, data in G.nodes(data=True))
    whole = Counter(data["type"] for _, data in analysis.record_graph(corpus).nodes(data=True))
    assert whole["document"] > 100 and len(G) == 100
    assert kinds["commitment"] and kinds["refusal"] and kinds["document"]
    assert kinds["commitment"] + kinds["refusal"] + kinds["ongoing"] > kinds["document"]

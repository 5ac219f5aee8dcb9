"""The interactive graph page: one self-contained HTML file drawn with pyvis (vis-network).

:func:`write_page` turns extraction records into ``graph.html``:

- **Offline.** vis-network's JS and CSS are inlined (``cdn_resources="in_line"``); the
  Bootstrap ``<link>``/``<script>`` tags pyvis adds from a CDN anyway are removed, and the
  page is checked for any remaining remote ``src``/``href`` before it is written.
- **Safe with hostile text.** Document text reaches the page only as JSON inside
  ``<script>`` (``<``, ``>``, ``&`` and U+2028/2029 escaped) and reaches the DOM only
  through ``textContent`` (see ``templates/page.js``). Node ``title``s are *not* passed
  through pyvis: pyvis switches to an ``innerHTML`` popup when a title contains ``href``.
- **Usable at 2,000 nodes, and never more.** Positions are precomputed with a seeded
  NetworkX layout (spring layout per Louvain community, communities packed in rows) and
  physics is off. A bigger corpus shows 2,000 nodes, and says so: its actors and plans,
  and the best connected of its statements and documents in proportion.
- **Readable.** Colour and shape by node type with a legend that doubles as a type
  filter; node size by degree centrality; edge labels by relation; hover shows name,
  type, identifier links, a commitment's kind, due date and source sentence; click opens a
  details panel with clickable identifier links; a search box and an Actielijn filter.

The page draws :func:`graph.analysis.record_graph`. Output is deterministic: the same
records give the same bytes.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path

import networkx as nx
import numpy as np

from graph import analysis, collector
from graph.atomic import write_atomic

__all__ = [
    "DEFAULT_TITLE",
    "NODE_STYLES",
    "RELATION_COLORS",
    "MAX_NODES",
    "layout",
    "page_html",
    "write_page",
    "notebook_html",
]

DEFAULT_TITLE = "Kamervragen-kg: actoren en toezeggingen"

NODE_STYLES: dict[str, dict[str, str]] = {
    # type: Dutch legend label, colour (Okabe-Ito palette), vis shape, legend symbol
    "person": {"label": "persoon", "color": "#0072B2", "shape": "dot", "symbol": "●"},
    "party": {"label": "partij", "color": "#CC79A7", "shape": "hexagon", "symbol": "⬢"},
    "government": {"label": "overheid", "color": "#009E73", "shape": "square", "symbol": "■"},
    "organisation": {
        "label": "organisatie",
        "color": "#56B4E9",
        "shape": "diamond",
        "symbol": "◆",
    },
    "role": {"label": "functie", "color": "#8C8C8C", "shape": "triangleDown", "symbol": "▼"},
    "other": {"label": "overig", "color": "#BBBBBB", "shape": "dot", "symbol": "●"},
    "commitment": {"label": "toezegging", "color": "#E69F00", "shape": "triangle", "symbol": "▲"},
    "refusal": {"label": "afwijzing", "color": "#D55E00", "shape": "triangle", "symbol": "▲"},
    "ongoing": {"label": "lopend beleid", "color": "#F0E442", "shape": "triangle", "symbol": "▲"},
    "document": {"label": "Kamervragen", "color": "#444444", "shape": "square", "symbol": "■"},
    "plan": {"label": "programma", "color": "#7B3F00", "shape": "star", "symbol": "★"},
    "actielijn": {"label": "actielijn", "color": "#B8860B", "shape": "star", "symbol": "★"},
}
"""Look of each node type on the page (and in the legend)."""

RELATION_COLORS: dict[str, str] = {
    "commits": "#E69F00",
    "refuses": "#D55E00",
    "continues": "#C9B800",
    "involved": "#56B4E9",
    "serves": "#B8860B",
    "serves_plan": "#7B3F00",
    "part_of": "#7B3F00",
    "contains": "#999999",
    "asks": "#0072B2",
    "member_of": "#CC79A7",
    "answers": "#009E73",
    "holds": "#009E73",
    "addressed_to": "#6BAF92",
    "on_behalf_of": "#6BAF92",
    "mentions": "#CCCCCC",
}
"""Colour of each relation's edges (keys of :data:`graph.analysis.RELATIONS`)."""

_SPLIT_AT = 250  # the dense spring layout is quadratic: lay out at most this many at once
MAX_NODES = 2000
"""A page shows at most this many nodes: the best connected. Above a few thousand nodes a
network view is neither drawn in time nor readable; the whole graph is in the store."""


# --------------------------------------------------------------------------- layout


def layout(G: nx.Graph, *, seed: int = 42, unit: float = 60.0) -> dict:
    """Deterministic positions for `G`: spring layout per community, communities in rows.

    NetworkX's spring layout needs SciPy above 500 nodes (and is quadratic without it), and
    one layout of a whole corpus crowds its hubs; so the graph is cut into Louvain
    communities (split further above 250 nodes), each laid out on its own and packed into
    rows, largest first.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
    seed : int, optional
        Seed for Louvain and the spring layout.
    unit : float, optional
        Roughly the distance between neighbouring nodes, in vis-network canvas units.

    Returns
    -------
    dict
        Node -> ``(x, y)`` as integers.

    Examples
    --------
    >>> pos = layout(nx.path_graph(3))
    >>> sorted(pos) == [0, 1, 2] and all(isinstance(v, int) for xy in pos.values() for v in xy)
    True
    """
    if len(G) == 0:
        return {}
    return _layout(nx.Graph(G), seed=seed, unit=unit)  # undirected copy, same node order


def _layout(U: nx.Graph, *, seed: int, unit: float = 60.0) -> dict:
    """:func:`layout` of the undirected, non-empty `U` (the page has it already)."""
    pieces: list[list] = []
    for part in analysis.communities(U, weight=None, seed=seed):
        pieces.extend(_split(U, part, seed))
    boxes = []
    for part in pieces:
        if len(part) == 1:
            local = {part[0]: (0.0, 0.0)}
        else:
            H = _induced(U, part)
            local = {n: tuple(xy) for n, xy in nx.spring_layout(H, seed=seed).items()}
        radius = unit * math.sqrt(len(part)) * 0.9
        local = _separate(part, local, radius, min_distance=unit * 0.75)
        boxes.append((part, local, radius))
    total = sum((2 * r + unit) ** 2 for _, _, r in boxes)
    width = max(math.sqrt(total) * 1.25, max(2 * r + unit for _, _, r in boxes))
    positions = {}
    x = y = row = 0.0
    for part, local, radius in boxes:
        side = 2 * radius + unit
        if x > 0 and x + side > width:
            x, y, row = 0.0, y + row, 0.0
        cx, cy = x + side / 2, y + side / 2
        for node in part:
            lx, ly = local[node]
            positions[node] = (cx + lx * radius, cy + ly * radius)
        x += side
        row = max(row, side)
    mx = sum(p[0] for p in positions.values()) / len(positions)
    my = sum(p[1] for p in positions.values()) / len(positions)
    return {n: (round(px - mx), round(py - my)) for n, (px, py) in positions.items()}


def _separate(part: list, local: dict, radius: float, *, min_distance: float) -> dict:
    """Push apart nodes closer than `min_distance` (canvas units) after scaling by `radius`.

    Nodes with the same neighbours land on the same spot in a spring layout (a minister
    and the state secretary answering with them); then one hides the other. A few rounds of
    pairwise pushes fix that; coordinates stay relative (divided by `radius` again).

    The pair matrices are per coordinate and transposed (``[j, i]`` is node *i*'s pair with
    node *j*): contiguous ``n × n`` arrays are several times faster than one ``n × n × 2``
    array, and summing over axis 0 still adds each node's pushes one *j* after another (a
    sum along the contiguous axis would pair them up, and round differently), so the
    positions, and the page, stay bit for bit the same.
    """
    if len(part) < 2:
        return local
    xy = np.array([local[n] for n in part], dtype=float) * radius
    x, y = xy[:, 0].copy(), xy[:, 1].copy()
    jitter = np.arange(len(part), dtype=float)  # deterministic direction for equal points
    cos, sin = np.cos(jitter)[None, :], np.sin(jitter)[None, :]
    for _ in range(40):
        dx = x[None, :] - x[:, None]  # dx[j, i] = x[i] - x[j]
        dy = y[None, :] - y[:, None]
        dist = np.sqrt(dx**2 + dy**2)
        np.fill_diagonal(dist, np.inf)
        close = dist < min_distance
        if not close.any():
            break
        same = dist < 1e-9
        if same.any():  # node i moves off j in its own direction
            dx[same] = np.broadcast_to(cos, dx.shape)[same]
            dy[same] = np.broadcast_to(sin, dy.shape)[same]
            dist[same] = 1.0
        with np.errstate(invalid="ignore", divide="ignore"):
            push = np.where(close, (min_distance - dist) / (2 * dist), 0.0)
        x = x + (dx * push).sum(axis=0)
        y = y + (dy * push).sum(axis=0)
    return {n: (a / radius, b / radius) for n, a, b in zip(part, x, y, strict=True)}


def _induced(U: nx.Graph, part: list) -> nx.Graph:
    """The subgraph on `part`, nodes in `part`'s order.

    ``G.subgraph`` iterates a *set* of nodes when the part is small, and string hashes
    change per process: its node order (and so the layout) would not be reproducible.
    """
    rank = {node: i for i, node in enumerate(part)}
    H = nx.Graph()
    H.add_nodes_from(part)
    # each edge once, from its end that comes first (adding it again would change nothing)
    H.add_edges_from((u, v) for u in part for v in U[u] if rank.get(v, -1) >= rank[u])
    return H


def _split(U: nx.Graph, part: list, seed: int) -> list[list]:
    if len(part) <= _SPLIT_AT:
        return [part]
    sub = _induced(U, part)
    pieces = analysis.communities(sub, weight=None, resolution=2.0, seed=seed)
    if len(pieces) == 1:  # cannot be split by structure: cut into chunks
        return [part[i : i + _SPLIT_AT] for i in range(0, len(part), _SPLIT_AT)]
    return [piece for p in pieces for piece in _split(U, p, seed)]


# --------------------------------------------------------------------------- page data


def _tip(data: Mapping, graph_degree: int) -> dict:
    """Tooltip / details content of a node: plain strings, rendered with textContent."""
    kind, typ = data.get("kind"), data.get("type", "other")
    style = NODE_STYLES.get(typ, NODE_STYLES["other"])
    if kind == "commitment":
        lines = [
            f"soort: {style['label']}",
            f"termijn: {data.get('due') or 'geen'}",
            f"document: {data.get('document_id', '')}, antwoord {data.get('answer')}",
        ]
        if data.get("action_lines"):
            lines.append("actielijn: " + ", ".join(data["action_lines"]))
        return {
            "kind": style["label"],
            "heading": data.get("label", ""),
            "lines": lines,
            "links": [],
            "quote": data.get("text", ""),
        }
    if kind == "document":
        lines = [data.get("title", "")]
        if data.get("submitted"):
            lines.append(f"ingezonden: {data['submitted']}")
        if data.get("answered"):
            lines.append(f"beantwoord: {data['answered']}")
        return {"kind": "Kamervragen", "heading": data.get("document_id", ""), "lines": lines}
    if kind == "programme":
        lines = [f"soort: {style['label']}"]
        if data.get("topic"):
            lines.append(f"onderwerp: {data['topic']}")
        if data.get("part_of"):
            lines.append(f"onderdeel van: {data['part_of']}")
        return {"kind": style["label"], "heading": data.get("label", ""), "lines": lines}
    lines = [f"soort: {style['label']}"]
    if data.get("aliases"):
        lines.append("ook: " + ", ".join(data["aliases"][:6]))
    lines.append(f"genoemd: {data.get('mentions', 0)}×, verbindingen: {graph_degree}")
    return {
        "kind": "actor",
        "heading": data.get("label", ""),
        "lines": lines,
        "links": list(data.get("identifiers", [])),
    }


def _search_text(data: Mapping) -> str:
    parts = [
        data.get("label", ""),
        data.get("type", ""),
        data.get("text", ""),
        data.get("title", ""),
    ]
    parts += data.get("aliases", []) + data.get("identifiers", []) + data.get("action_lines", [])
    style = NODE_STYLES.get(data.get("type", ""), {})
    parts.append(style.get("label", ""))
    return " ".join(" ".join(str(p) for p in parts if p).split()).lower()


def _script_json(value) -> str:
    """JSON that is safe inside ``<script>``: no ``<``, ``>``, ``&``, U+2028/2029 left."""
    text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _template(name: str) -> str:
    return resources.files("graph").joinpath("templates", name).read_text(encoding="utf-8")


_REMOTE = re.compile(r"""<(?:link|script|img|iframe)\b[^>]*\b(?:src|href)\s*=""", re.I)
# removed with the whitespace before them (see _drop)
_BOOTSTRAP = re.compile(r"""<(link|script)\b[^>]*bootstrap[^>]*>(?:\s*</script>)?""", re.I)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.I)
_DEAD_COMMENT = re.compile(r"<!--\s*<link[^>]*node_modules.*?-->", re.I | re.S)
_SOURCE_MAP = re.compile(r"\n//# sourceMappingURL=[^\s<]+")


def page_html(records: Iterable[Mapping], *, title: str = DEFAULT_TITLE, seed: int = 42,
              max_nodes: int = MAX_NODES) -> str:  # fmt: skip
    """The complete, self-contained HTML page for `records` (see :func:`write_page`); above
    `max_nodes` nodes it shows the best connected of each kind
    (:func:`graph.analysis.record_graph`) and says so in its title.

    Examples
    --------
    >>> page = page_html([{"document": {"id": "d", "title": "<script>alert(1)</script>"}}])
    >>> "<script>alert(1)" in page, "https://cdn" in page
    (False, False)
    """
    with collector.paused():
        return _page_html(records, title=title, seed=seed, max_nodes=max_nodes)


def _page_html(records: Iterable[Mapping], *, title: str, seed: int, max_nodes: int) -> str:
    from pyvis.network import Network  # heavy import, only when a page is made

    G = analysis.record_graph(records, max_nodes=max_nodes)  # built at its cut
    whole = G.graph["whole_size"]
    if whole > max_nodes:
        shown = f"{max_nodes:,} van {whole:,}".replace(",", ".")
        title = f"{title} ({shown} knopen: per soort de best verbondene)"
    U = nx.Graph(G)
    pos = _layout(U, seed=seed) if len(U) else {}
    max_degree = max((d for _, d in U.degree()), default=0) or 1
    big = len(G) > 500

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", heading="")
    net.options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 80,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "multiselect": True,
        },
        "nodes": {"borderWidth": 1, "font": {"size": 12, "face": "arial"}},
        "edges": {
            "smooth": False,
            "width": 1,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
            "font": {"size": 8, "align": "middle", "color": "#555555", "strokeWidth": 2},
        },
    }
    types = Counter(data.get("type", "other") for _, data in G.nodes(data=True))
    for node, data in G.nodes(data=True):
        typ = data.get("type", "other") if data.get("type") in NODE_STYLES else "other"
        style = NODE_STYLES[typ]
        degree = U.degree(node)
        x, y = pos[node]
        label = data.get("label") or str(node)
        _add_node(
            net,
            node,
            label=label if len(label) <= 60 else label[:59] + "…",
            shape=style["shape"],
            color=style["color"],
            size=round(8 + 26 * math.sqrt(degree / max_degree), 1),
            x=x,
            y=y,
            physics=False,
            font={"size": 10 if data.get("kind") == "commitment" else 12},
            kgType=typ,
            kgLines=data.get("action_lines", []),
            kgSearch=_search_text(data),
            kgTip=_tip(data, degree),
        )
    _add_edges(
        net,
        (
            (u, v, data["label"], RELATION_COLORS.get(data["relation"], "#999999"))
            for u, v, data in G.edges(data=True)
        ),
    )
    assert all("title" not in n for n in net.nodes), "node titles must not go through pyvis"

    page = net.generate_html()
    page = _drop(_BOOTSTRAP, page)
    page = _drop(_EMPTY_HEADING, page)
    page = _drop(_DEAD_COMMENT, page)  # a commented-out remote <link> in pyvis's template
    page = _SOURCE_MAP.sub("", page)  # devtools would try to fetch the map
    relations = sorted({d["relation"] for _, _, d in G.edges(data=True)})
    config = {
        "title": title,
        "types": [
            {"type": t, "count": types[t], **NODE_STYLES[t]} for t in NODE_STYLES if types[t]
        ],
        "relations": [
            {"label": analysis.RELATIONS[r], "color": RELATION_COLORS.get(r, "#999999")}
            for r in relations
        ],
        "lines": sorted(
            {d["label"] for _, d in G.nodes(data=True) if d.get("type") == "actielijn"},
            key=_natural,
        ),
    }
    head = (
        f"<title>{html.escape(title)}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<style>\n{_template('page.css')}</style>\n"
        f"<script>\n{_template('page.js')}</script>\n"
    )
    tail = (
        f'<script type="application/json" id="kg-config">{_script_json(config)}</script>\n'
        "<script>kgInit();</script>\n"
    )
    # pyvis draws its DataSets; hand it our filtered views instead, and watch the first draw
    page = _insert_once(
        page,
        "network = new vis.Network(container, data, options);",
        "network = new vis.Network(container, window.kgPrepare(data), options);\n"
        "                  window.kgWatch(network);",
    )
    page = page.replace("<html>", '<!DOCTYPE html>\n<html lang="nl">', 1)
    page = _insert_once(page, "</head>", head + "</head>")
    page = _insert_once(page, "<body>", "<body>\n" + _template("controls.html"))
    page = _rinsert_once(page, "</body>", tail + "</body>")
    if _REMOTE.search(page):
        raise RuntimeError("the page loads an external resource; did pyvis change its template?")
    return page if page.endswith("\n") else page + "\n"


def _add_node(net, node, *, label, shape, color, **options) -> None:
    """What ``Network.add_node`` does for a node not yet in `net`, without its duplicate
    check: that scans a list (quadratic for a whole page), and graph nodes are unique."""
    from pyvis.node import Node

    assert isinstance(node, str | int), f"pyvis node ids are str or int, not {node!r}"
    entry = Node(
        node, shape, label=label or node, color=color, font_color=net.font_color, **options
    )
    net.nodes.append(entry.options)
    net.node_ids.append(node)
    net.node_map[node] = entry.options


def _add_edges(net, edges: Iterable[tuple]) -> None:
    """What ``Network.add_edge(u, v, label=, title=label, color=)`` does for each
    ``(u, v, label, color)`` in a directed network. Its checks that both ends are nodes
    scan the node list (slow for 30,000 edges); here they look in ``node_map``."""
    from pyvis.edge import Edge

    assert net.directed, "undirected pyvis networks also drop duplicate edges"
    for u, v, label, color in edges:
        assert u in net.node_map, f"non existent node '{u}'"
        assert v in net.node_map, f"non existent node '{v}'"
        net.edges.append(Edge(u, v, net.directed, label=label, title=label, color=color).options)


def _drop(pattern: re.Pattern, text: str) -> str:
    """`text` without the matches of `pattern`, each with the whitespace before it: the same
    as ``re.sub(r"\\s*" + pattern.pattern, "", text)``, but fast on a page of megabytes.

    A pattern that starts with ``\\s*`` is tried at every character of the page; one that
    starts with ``<`` only where a ``<`` is. The whitespace is then taken back by hand (up
    to the end of the previous match, as ``sub`` would; ``\\s`` is ``str.isspace``).
    """
    kept, pos = [], 0
    for match in pattern.finditer(text):
        start = match.start()
        while start > pos and text[start - 1].isspace():
            start -= 1
        kept.append(text[pos:start])
        pos = match.end()
    kept.append(text[pos:])
    return "".join(kept)


def _natural(label: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", label))


def _insert_once(text: str, marker: str, replacement: str) -> str:
    if marker not in text:
        raise RuntimeError(f"pyvis page has no {marker}")
    return text.replace(marker, replacement, 1)


def _rinsert_once(text: str, marker: str, replacement: str) -> str:
    head, found, rest = text.rpartition(marker)
    if not found:
        raise RuntimeError(f"pyvis page has no {marker}")
    return head + replacement + rest


def write_page(
    records: Iterable[Mapping], path: str | Path, *, title: str = DEFAULT_TITLE, seed: int = 42
) -> Path:
    """Write the interactive graph page for `records` to `path` (atomically, UTF-8).

    Parameters
    ----------
    records : iterable of dict
        Extraction records (``docs/record.md``).
    path : str or Path
        Usually ``build/graph.html``; parent directories are created.
    title : str, optional
        Shown in the page's bar and ``<title>`` (escaped).
    seed : int, optional
        Layout seed.

    Returns
    -------
    Path
        `path`.
    """
    path = Path(path)
    write_atomic(path, page_html(records, title=title, seed=seed).encode("utf-8"))
    return path


def notebook_html(
    records: Iterable[Mapping], *, title: str = DEFAULT_TITLE, height: int = 640
) -> str:
    """The page inside an ``<iframe srcdoc>``, for ``IPython.display.HTML`` in notebooks.

    The iframe keeps the page's globals and styles away from the notebook's own.
    """
    page = page_html(records, title=title)
    return (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" style="width:100%;'
        f'height:{int(height)}px;border:1px solid #ddd" sandbox="allow-scripts"></iframe>'
    )

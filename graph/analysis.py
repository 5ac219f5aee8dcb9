"""NetworkX views of the extracted facts, and the metrics users read from them.

The views are built from the **extraction records** (plain dicts, one per document, see
``docs/record.md``), not by walking RDF triples: the records hold the same facts the RDF is
made from, and the house rule is that only :mod:`graph.rdf` knows ontology terms. Node keys
are the IRIs the records carry (actors, commitments, programmes) or the document IRI
``{BASE}id/doc/{doc_id}``, so a node here names the same thing as a subject in the RDF graph.

Views
-----
- :func:`cooperation_graph`: actors, linked when they appear in the same commitment or the
  same answer (weight = number of such shared contexts).
- :func:`actor_commitment_graph`: the bipartite actor–commitment view.
- :func:`document_actor_graph`: documents–actors for a corpus.
- :func:`record_graph`: everything at once (documents, actors, commitments, programmes) as a
  directed graph with one ``relation`` per edge; the HTML page draws this one.

Metrics
-------
:func:`centrality`, :func:`communities`, :func:`brokers`, :func:`commitments_by_actor`
(who commits), :func:`leaned_on` (who is named in others' commitments),
:func:`request_outcomes` (per questioner or per party) and :func:`corpus_summary`.

Everything is deterministic: records are read in document-id order, nodes and edges are
inserted in sorted order, Louvain runs with a fixed seed, and every table is sorted with ties
broken by label, so ``kg build`` writes byte-identical output for the same input.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

import networkx as nx

from graph import BASE
from graph.record import fold_name, load_records

__all__ = [
    "OUTCOMES",
    "KINDS",
    "load_records",
    "document_iri",
    "merged_actors",
    "cooperation_graph",
    "actor_commitment_graph",
    "document_actor_graph",
    "record_graph",
    "centrality",
    "communities",
    "community_index",
    "brokers",
    "commitments_by_actor",
    "leaned_on",
    "request_outcomes",
    "corpus_summary",
]

OUTCOMES = ("accepted", "declined", "partial", "not_met", "answered")
"""Request outcomes in the order tables show them (``docs/record.md``)."""

KINDS = ("commitment", "refusal", "ongoing")
"""Commitment kinds in the order tables show them."""

RELATIONS = {
    # relation code: Dutch edge label shown on the page
    "commits": "doet toezegging",
    "refuses": "wijst af",
    "continues": "zet beleid voort",
    "involved": "betrokken bij",
    "serves": "dient actielijn",
    "serves_plan": "dient programma",
    "part_of": "onderdeel van",
    "contains": "bevat",
    "asks": "stelt vragen",
    "member_of": "lid van",
    "answers": "beantwoordt",
    "holds": "bekleedt",
    "addressed_to": "gericht aan",
    "on_behalf_of": "mede namens",
    "mentions": "noemt",
}
"""Edge relations of :func:`record_graph` and their Dutch labels."""

_BY_RELATION = {"commitment": "commits", "refusal": "refuses", "ongoing": "continues"}


# --------------------------------------------------------------------------- records


def document_iri(record: Mapping) -> str:
    """The IRI of a record's document, ``{BASE}id/doc/{doc_id}`` (``docs/record.md``).

    Examples
    --------
    >>> document_iri({"document": {"id": "ah-tk-20242025-594"}})
    'https://w3id.org/kamervragen-kg/id/doc/ah-tk-20242025-594'
    """
    return f"{BASE}id/doc/{record['document']['id']}"


def _sorted_records(records: Iterable[Mapping]) -> list:
    return sorted(records, key=lambda r: str(r.get("document", {}).get("id", "")))


def merged_actors(records: Iterable[Mapping]) -> dict[str, dict]:
    """Actors of all records merged by IRI (label, type, aliases, identifiers, mentions,
    documents); the first record (by document id) names them.

    Several metrics need this; a caller that has it passes it as their ``actors=``
    argument (as :class:`graph.report.Report` does) instead of letting each merge again.
    """
    merged: dict[str, dict] = {}
    for record in _sorted_records(records):
        doc = document_iri(record)
        for actor in record.get("actors", []):
            key = actor["id"]
            entry = merged.get(key)
            if entry is None:  # not setdefault: most actors recur, build the entry once
                entry = merged[key] = {
                    "label": actor.get("label") or key,
                    "type": actor.get("type") or "other",
                    "aliases": set(),
                    "identifiers": set(),
                    "mentions": 0,
                    "documents": set(),
                }
            entry["aliases"].update(actor.get("aliases", []))
            entry["identifiers"].update(actor.get("identifiers", []))
            entry["mentions"] += len(actor.get("mentions", []))
            entry["documents"].add(doc)
    return merged


def _actor_node_attrs(entry: Mapping) -> dict:
    return {
        "kind": "actor",
        "type": entry["type"],
        "label": entry["label"],
        "aliases": sorted(entry["aliases"]),
        "identifiers": sorted(entry["identifiers"]),
        "mentions": entry["mentions"],
    }


def _name_index(record: Mapping) -> dict[str, str]:
    """Folded label / alias -> actor IRI, for matching header names to actors."""
    index: dict[str, str] = {}
    for actor in sorted(record.get("actors", []), key=lambda a: a["id"]):
        for name in [actor.get("label", ""), *actor.get("aliases", [])]:
            if name:
                index.setdefault(fold_name(name), actor["id"])
    return index


def _match(index: Mapping[str, str], name: str | None) -> str | None:
    if not name:
        return None
    folded = fold_name(name)
    for candidate in (folded, folded.removeprefix("lid "), folded.removeprefix("het lid ")):
        if candidate in index:
            return index[candidate]
    return None


def _answer_contexts(record: Mapping) -> dict[int, int]:
    """Answer number -> canonical number; combined answers (same text) share one context."""
    first_by_text: dict[str, int] = {}
    canonical: dict[int, int] = {}
    for answer in sorted(record["document"].get("answers", []), key=lambda a: a["number"]):
        number = answer["number"]
        canonical[number] = first_by_text.setdefault(answer.get("text", ""), number)
    return canonical


def _header_people(record: Mapping) -> list[tuple[str, str, str]]:
    """(role in document, name, actor type) for the header's questioners, parties, etc."""
    document = record["document"]
    people = []
    for q in document.get("questioners", []):
        people.append(("questioner", q.get("name"), "person"))
        if q.get("party"):
            people.append(("party", q.get("party"), "party"))
    for a in document.get("answerers", []):
        people.append(("answerer", a.get("name"), "person"))
        if a.get("role"):
            people.append(("answerer_role", a.get("role"), "government"))
    for name in document.get("addressees", []):
        people.append(("addressee", name, "government"))
    for name in document.get("on_behalf_of", []):
        people.append(("on_behalf_of", name, "government"))
    return [(role, name, typ) for role, name, typ in people if name]


def _header_node(index: Mapping[str, str], name: str) -> str:
    """Actor IRI for a header name, or a stable ``name:`` key when no actor carries it."""
    return _match(index, name) or f"name:{fold_name(name)}"


# --------------------------------------------------------------------------- views


def cooperation_graph(
    records: Iterable[Mapping], *, actors: Mapping[str, dict] | None = None
) -> nx.Graph:
    """Actors linked by working together: the same commitment or the same answer.

    Two actors share a *context* when both are in one commitment (its ``by`` or ``actors``)
    or both are mentioned in one answer; combined answers (one text for several question
    numbers) count once. Every actor of every record is a node, also when isolated.

    Parameters
    ----------
    records : iterable of dict
        Extraction records (``docs/record.md``).
    actors : dict, optional
        :func:`merged_actors` of `records`, when the caller has it already.

    Returns
    -------
    networkx.Graph
        Nodes are actor IRIs with ``kind="actor"``, ``type``, ``label``, ``aliases``,
        ``identifiers``, ``mentions``. Edges carry ``weight`` (shared contexts),
        ``commitments`` and ``answers`` (the two kinds of context counted separately).

    Examples
    --------
    >>> r = {"document": {"id": "d", "answers": [{"number": 1, "text": "t"}]},
    ...      "actors": [{"id": "a", "label": "A", "type": "person"},
    ...                 {"id": "b", "label": "B", "type": "party"}],
    ...      "commitments": [{"id": "c", "kind": "commitment", "by": ["a"], "actors": ["b"]}]}
    >>> G = cooperation_graph([r])
    >>> G.edges["a", "b"]["weight"], G.edges["a", "b"]["commitments"]
    (1, 1)
    """
    records = _sorted_records(records)
    actors = merged_actors(records) if actors is None else actors
    in_commitments: Counter = Counter()  # (u, v) -> shared commitments
    in_answers: Counter = Counter()  # (u, v) -> shared answers
    for record in records:
        for commitment in record.get("commitments", []):
            members = set(commitment.get("by", [])) | set(commitment.get("actors", []))
            in_commitments.update(_pairs(members & actors.keys()))
        contexts = _answer_contexts(record)
        in_answer: dict[int, set[str]] = defaultdict(set)
        for actor in record.get("actors", []):
            for mention in actor.get("mentions", []):
                if mention.get("part") == "answer" and mention.get("number") in contexts:
                    in_answer[contexts[mention["number"]]].add(actor["id"])
        for members in in_answer.values():
            in_answers.update(_pairs(members))
    G = nx.Graph()
    for key in sorted(actors):
        G.add_node(key, **_actor_node_attrs(actors[key]))
    for u, v in sorted(in_commitments.keys() | in_answers.keys()):
        G.add_edge(
            u,
            v,
            weight=in_commitments[u, v] + in_answers[u, v],
            commitments=in_commitments[u, v],
            answers=in_answers[u, v],
        )
    return G


def _pairs(members: Iterable[str]) -> list[tuple[str, str]]:
    ordered = sorted(members)
    return [(u, v) for i, u in enumerate(ordered) for v in ordered[i + 1 :]]


def actor_commitment_graph(records: Iterable[Mapping]) -> nx.Graph:
    """The bipartite actor–commitment view.

    Parameters
    ----------
    records : iterable of dict
        Extraction records.

    Returns
    -------
    networkx.Graph
        Actor nodes have ``bipartite=0``, commitment nodes ``bipartite=1`` with ``kind``,
        ``type`` (commitment | refusal | ongoing), ``text``, ``due``, ``answer``,
        ``document``, ``action_lines``. An edge's ``relation`` is ``"by"`` when the actor
        makes the commitment (its ``by``), else ``"involved"``.

    Examples
    --------
    >>> r = {"document": {"id": "d"}, "actors": [{"id": "a", "label": "A", "type": "person"}],
    ...      "commitments": [{"id": "c", "kind": "refusal", "by": ["a"], "actors": ["a"]}]}
    >>> G = actor_commitment_graph([r])
    >>> G.edges["a", "c"]["relation"], G.nodes["c"]["type"]
    ('by', 'refusal')
    """
    records = _sorted_records(records)
    actors = merged_actors(records)
    G = nx.Graph()
    for key in sorted(actors):
        G.add_node(key, bipartite=0, **_actor_node_attrs(actors[key]))
    commitments = []
    for record in records:
        for commitment in record.get("commitments", []):
            commitments.append((commitment["id"], record, commitment))
    for key, record, commitment in sorted(commitments, key=lambda t: t[0]):
        G.add_node(key, bipartite=1, **_commitment_attrs(record, commitment))
    edges = {}
    for key, _, commitment in commitments:
        for actor in commitment.get("actors", []):
            edges[actor, key] = "involved"
        for actor in commitment.get("by", []):
            edges[actor, key] = "by"
    for (actor, key), relation in sorted(edges.items()):
        if actor in actors:
            G.add_edge(actor, key, relation=relation)
    return G


def _commitment_attrs(record: Mapping, commitment: Mapping) -> dict:
    kind = commitment.get("kind") or "commitment"
    answer = commitment.get("answer", commitment.get("number"))
    return {
        "kind": "commitment",
        "type": kind,
        "label": _commitment_label(kind, answer, commitment.get("due")),
        "text": commitment.get("text", ""),
        "due": commitment.get("due"),
        "answer": answer,
        "document": document_iri(record),
        "document_id": record["document"]["id"],
        "action_lines": sorted(commitment.get("action_lines", [])),
    }


_KIND_NL = {"commitment": "toezegging", "refusal": "afwijzing", "ongoing": "lopend beleid"}


def _commitment_label(kind: str, answer, due) -> str:
    label = f"{_KIND_NL.get(kind, kind)} A{answer}" if answer is not None else _KIND_NL.get(kind)
    return f"{label} · {due}" if due else str(label)


def document_actor_graph(records: Iterable[Mapping]) -> nx.Graph:
    """Documents and the actors in them, for a corpus.

    An actor is linked to a document when the record lists it (it is mentioned) or when the
    header names it as questioner, party, answerer, addressee or ``on_behalf_of``. Header
    names that match no actor of the record become nodes keyed ``name:<folded name>``.

    Parameters
    ----------
    records : iterable of dict
        Extraction records.

    Returns
    -------
    networkx.Graph
        Document nodes (``bipartite=0``, ``kind="document"``, ``label`` = document id,
        ``title``) and actor nodes (``bipartite=1``). Edges carry ``roles`` (sorted tuple of
        ``questioner``, ``party``, ``answerer``, ``answerer_role``, ``addressee``,
        ``on_behalf_of``, ``mentioned``) and ``weight`` (mentions, at least 1).

    Examples
    --------
    >>> r = {"document": {"id": "d", "questioners": [{"name": "Bikker", "party": "CU"}]},
    ...      "actors": [{"id": "b", "label": "Bikker", "type": "person"}]}
    >>> G = document_actor_graph([r])
    >>> G.edges[document_iri(r), "b"]["roles"], sorted(G.nodes)[-1]
    (('mentioned', 'questioner'), 'name:cu')
    """
    records = _sorted_records(records)
    actors = merged_actors(records)
    G = nx.Graph()
    docs = {document_iri(r): r for r in records}
    for key in sorted(docs):
        document = docs[key]["document"]
        G.add_node(
            key,
            bipartite=0,
            kind="document",
            type="document",
            label=document["id"],
            title=document.get("title") or "",
        )
    links: dict[tuple[str, str], dict] = {}
    extra: dict[str, dict] = {}
    for key, record in docs.items():
        for actor in record.get("actors", []):
            link = links.setdefault((key, actor["id"]), {"roles": set(), "weight": 0})
            link["roles"].add("mentioned")
            link["weight"] += len(actor.get("mentions", []))
        index = _name_index(record)
        for role, name, typ in _header_people(record):
            node = _header_node(index, name)
            if node not in actors:
                extra.setdefault(node, {"label": name, "type": typ})
            links.setdefault((key, node), {"roles": set(), "weight": 0})["roles"].add(role)
    for key in sorted(set(actors) | set(extra)):
        if key in actors:
            G.add_node(key, bipartite=1, **_actor_node_attrs(actors[key]))
        else:
            G.add_node(
                key, bipartite=1, kind="actor", aliases=[], identifiers=[], mentions=0, **extra[key]
            )
    for (doc, actor), link in sorted(links.items()):
        G.add_edge(doc, actor, roles=tuple(sorted(link["roles"])), weight=max(1, link["weight"]))
    return G


def record_graph(records: Iterable[Mapping], *, max_nodes: int | None = None) -> nx.DiGraph:
    """Everything in the records as one directed graph: the view the HTML page draws.

    Nodes have ``kind`` (actor | commitment | document | programme), ``type`` (actor type,
    commitment kind, ``document``, ``plan`` or ``actielijn``), ``label`` and
    ``action_lines`` (the Actielijnen the node is connected to, for filtering). Each edge
    has one ``relation`` (a key of :data:`RELATIONS`) and its Dutch ``label``.

    Edges: actor → commitment (``commits`` / ``refuses`` / ``continues`` for its ``by``,
    else ``involved``); commitment → programme (``serves``); Actielijn → plan
    (``part_of``); document → commitment (``contains``); questioner → document (``asks``);
    questioner → party (``member_of``); answerer → document (``answers``); answerer →
    office (``holds``); document → addressee (``addressed_to``); office → document
    (``on_behalf_of``); document → any other actor or programme it names (``mentions``).

    Parameters
    ----------
    records : iterable of dict
        Extraction records.
    max_nodes : int or None, optional
        Keep only `max_nodes` nodes, the best connected of each kind (see
        :func:`_best_connected`), and the edges among them; their ``action_lines`` are
        still those of the whole graph.
        Cheaper than cutting the whole graph afterwards, which for a big corpus is mostly
        nodes and edges thrown away.

    Returns
    -------
    networkx.DiGraph
        ``G.graph["whole_size"]`` is the number of nodes of the whole graph.

    Examples
    --------
    >>> r = {"document": {"id": "d"},
    ...      "actors": [{"id": "a", "label": "A", "type": "government"}],
    ...      "commitments": [{"id": "c", "kind": "commitment", "answer": 1, "by": ["a"],
    ...                       "action_lines": ["Actielijn 1"]}],
    ...      "programmes": [{"id": "p", "label": "Actielijn 1", "part_of": "Actieplan"}]}
    >>> G = record_graph([r])
    >>> G.edges["a", "c"]["label"], G.edges["c", "p"]["label"], G.nodes["a"]["action_lines"]
    ('doet toezegging', 'dient actielijn', ['Actielijn 1'])
    """
    records = _sorted_records(records)
    actors = merged_actors(records)
    nodes: dict[str, dict] = {}
    edges: dict[tuple[str, str], str] = {}

    def link(u: str, v: str, relation: str) -> None:
        edges.setdefault((u, v), relation)  # the first (most specific) relation wins

    for key, entry in actors.items():
        nodes[key] = _actor_node_attrs(entry)
    programmes: dict[str, dict] = {}
    for record in records:
        for programme in record.get("programmes", []):
            entry = programmes.setdefault(
                programme["id"],
                {
                    "kind": "programme",
                    "label": programme.get("label") or programme["id"],
                    "topic": programme.get("topic"),
                    "part_of": programme.get("part_of"),
                    "aliases": set(),
                },
            )
            entry["aliases"].update(programme.get("aliases", []))
    by_label = {}
    for key in sorted(programmes):
        entry = programmes[key]
        for name in [entry["label"], *sorted(entry["aliases"])]:
            by_label.setdefault(fold_name(name), key)
    for key, entry in programmes.items():
        entry["type"] = "actielijn" if entry["part_of"] else "plan"
        nodes[key] = {**entry, "aliases": sorted(entry["aliases"])}
        plan = by_label.get(fold_name(entry["part_of"])) if entry["part_of"] else None
        if plan and plan != key:
            link(key, plan, "part_of")

    for record in records:
        doc = document_iri(record)
        document = record["document"]
        nodes[doc] = {
            "kind": "document",
            "type": "document",
            "label": _document_label(document),
            "title": document.get("title") or "",
            "document_id": document["id"],
            "submitted": document.get("submitted"),
            "answered": document.get("answered"),
        }
        index = _name_index(record)
        header: dict[str, list[str]] = defaultdict(list)
        for role, name, typ in _header_people(record):
            node = _header_node(index, name)
            header[role].append(node)
            if node not in nodes:
                nodes[node] = {
                    "kind": "actor",
                    "type": typ,
                    "label": name,
                    "aliases": [],
                    "identifiers": [],
                    "mentions": 0,
                }
        for commitment in record.get("commitments", []):
            key = commitment["id"]
            nodes[key] = _commitment_attrs(record, commitment)
            link(doc, key, "contains")
            kind = commitment.get("kind") or "commitment"
            for actor in commitment.get("by", []):
                if actor in nodes:
                    link(actor, key, _BY_RELATION.get(kind, "commits"))
            for actor in commitment.get("actors", []):
                if actor in nodes:
                    link(actor, key, "involved")
            for line in commitment.get("action_lines", []):
                programme = by_label.get(fold_name(line))
                if programme:
                    relation = (
                        "serves" if nodes[programme]["type"] == "actielijn" else "serves_plan"
                    )
                    link(key, programme, relation)
        for q in document.get("questioners", []):
            if not q.get("name"):
                continue
            person = _header_node(index, q["name"])
            link(person, doc, "asks")
            if q.get("party"):
                link(person, _header_node(index, q["party"]), "member_of")
        for a in document.get("answerers", []):
            if not a.get("name"):
                continue
            person = _header_node(index, a["name"])
            link(person, doc, "answers")
            if a.get("role"):
                link(person, _header_node(index, a["role"]), "holds")
        for node in header["addressee"]:
            link(doc, node, "addressed_to")
        for node in header["on_behalf_of"]:
            link(node, doc, "on_behalf_of")
        for role in ("party", "answerer_role"):
            for node in header[role]:
                if not _linked(edges, node, doc):
                    link(doc, node, "mentions")
        for actor in record.get("actors", []):
            if not _linked(edges, actor["id"], doc):
                link(doc, actor["id"], "mentions")
        for programme in record.get("programmes", []):
            link(doc, programme["id"], "mentions")

    # every edge joins two of `nodes`, so the graph's edge order is the sorted one
    order = sorted(edges)
    lines = _action_lines(nodes, edges, order)
    keep = _best_connected(nodes, order, max_nodes)
    G = nx.DiGraph(whole_size=len(nodes))
    G.add_nodes_from(
        (key, {**nodes[key], "action_lines": sorted(lines[key])})
        for key in sorted(nodes)
        if keep is None or key in keep
    )
    G.add_edges_from(
        (u, v, {"relation": edges[u, v], "label": RELATIONS[edges[u, v]]})
        for u, v in order
        if keep is None or (u in keep and v in keep)
    )
    return G


def _linked(edges: Mapping[tuple[str, str], str], u: str, v: str) -> bool:
    """True when `u` and `v` are already linked in either direction."""
    return (u, v) in edges or (v, u) in edges


def _document_label(document: Mapping) -> str:
    title = " ".join(str(document.get("title") or "").split())
    if len(title) > 48:
        title = title[:47].rstrip() + "…"
    return f"{document['id']}: {title}" if title else str(document["id"])


def _action_lines(
    nodes: Mapping[str, Mapping], edges: Mapping[tuple[str, str], str], order: list
) -> dict[str, set[str]]:
    """The Actielijnen each node touches, so the page can filter by Actielijn.

    A commitment has the lines it serves and names; the actors and the document linked to
    it get them too; a plan carries all of its lines (`order`: the edges in graph order,
    as a plan of plans takes its parts' lines in that order).
    """
    lines: dict[str, set[str]] = defaultdict(set)
    for node, data in nodes.items():
        if data.get("type") == "actielijn":
            lines[node].add(data["label"])
    served: dict[str, set[str]] = {}
    for node, data in nodes.items():
        if data.get("kind") == "commitment":
            served[node] = set(data.get("action_lines", []))
    into_commitments, part_of = [], []
    for u, v in order:
        if u in served and nodes[v].get("type") == "actielijn":
            served[u].add(nodes[v]["label"])  # a programme the commitment serves
        if v in served:
            into_commitments.append((u, v))  # an actor or the document
        if edges[u, v] == "part_of":
            part_of.append((u, v))
    for u, v in into_commitments:
        lines[u].update(served[v])
    for node, labels in served.items():
        lines[node].update(labels)
    for u, v in part_of:
        lines[v].update(lines[u])
    return lines


_HUBS = ("actor", "programme")
"""Kinds of node a cut page keeps first: who acts, and the plans they act for."""


def _best_connected(
    nodes: Mapping[str, Mapping], order: list[tuple[str, str]], limit: int | None
) -> set[str] | None:
    """The `limit` nodes a page of a bigger graph shows, None when all of them stay.

    Actors and programmes first (at most half the page); the rest of the page goes to
    commitments, refusals, ongoing policy and documents in proportion to their numbers in
    the whole graph; in each group the best connected (highest degree, ties by id). A node
    that would stand alone on the page gives its place to the best connected node linked
    to one shown. By degree alone, documents (each linked to everything it names) took the
    whole page of a 2,000-document corpus and not one commitment was shown.
    """
    if limit is None or len(nodes) <= limit:
        return None
    degree = Counter(node for edge in order for node in edge)
    neighbours: dict[str, set[str]] = defaultdict(set)
    for u, v in order:
        neighbours[u].add(v)
        neighbours[v].add(u)

    def ranked(group):
        return sorted(group, key=lambda n: (-degree[n], str(n)))

    groups: dict[str, list[str]] = defaultdict(list)
    for node, data in nodes.items():
        kind = data.get("kind")
        groups["" if kind in _HUBS else data.get("type") or kind or "other"].append(node)
    keep = ranked(groups.pop(""))[: limit // 2] if "" in groups else []
    room, total = limit - len(keep), sum(map(len, groups.values()))
    for name in sorted(groups):  # each group its share, rounded down; the rest by rank
        keep += ranked(groups[name])[: room * len(groups[name]) // total]
    kept = set(keep)
    alone = {n for n in kept if not neighbours[n] & kept}
    kept -= alone
    linked = (n for n in ranked(nodes) if n not in kept and n not in alone)
    for node in linked:
        if len(kept) >= limit:
            break
        if neighbours[node] & kept:
            kept.add(node)
    return kept


# --------------------------------------------------------------------------- metrics


def _label(G: nx.Graph, node) -> str:
    return str(G.nodes[node].get("label", node))


def centrality(G: nx.Graph, *, weight: str | None = "weight", top: int | None = None) -> list[dict]:
    """Degree and betweenness centrality of every node, most central first.

    Parameters
    ----------
    G : networkx.Graph
        Usually :func:`cooperation_graph`.
    weight : str or None, optional
        Edge attribute summed into ``strength`` (weighted degree). Betweenness is computed
        on the unweighted graph (a weight here is a count of shared contexts, not a
        distance).
    top : int or None, optional
        Keep only the first `top` rows.

    Returns
    -------
    list of dict
        Rows with ``node``, ``label``, ``type``, ``degree``, ``strength``,
        ``degree_centrality`` and ``betweenness`` (rounded to 6 decimals), sorted by
        betweenness, then degree (both descending), then label.

    Examples
    --------
    >>> G = nx.path_graph(["a", "b", "c"])
    >>> [(r["node"], r["betweenness"]) for r in centrality(G)]
    [('b', 1.0), ('a', 0.0), ('c', 0.0)]
    """
    if len(G) == 0:
        return []
    degree_c = nx.degree_centrality(G)
    between = nx.betweenness_centrality(G, weight=None, normalized=True)
    rows = [
        {
            "node": node,
            "label": _label(G, node),
            "type": G.nodes[node].get("type", ""),
            "degree": G.degree(node),
            "strength": G.degree(node, weight=weight) if weight else G.degree(node),
            "degree_centrality": round(degree_c[node], 6),
            "betweenness": round(between[node], 6),
        }
        for node in G
    ]
    rows.sort(key=lambda r: (-r["betweenness"], -r["degree"], r["label"], str(r["node"])))
    return rows[:top] if top is not None else rows


def communities(
    G: nx.Graph, *, weight: str | None = "weight", resolution: float = 1.0, seed: int = 42
) -> list[list]:
    """Communities found by NetworkX's Louvain method, deterministically ordered.

    Parameters
    ----------
    G : networkx.Graph
    weight : str or None, optional
        Edge attribute used as weight.
    resolution : float, optional
        Louvain resolution; higher gives more, smaller communities.
    seed : int, optional
        Random seed (fixed, so the same graph gives the same communities, also across
        processes: Louvain runs on integer node labels, whose hashes do not vary).

    Returns
    -------
    list of list
        Each community's nodes sorted by label; communities largest first, ties by the
        first label. Isolated nodes form communities of their own.

    Examples
    --------
    >>> G = nx.barbell_graph(3, 0)
    >>> communities(G)
    [[0, 1, 2], [3, 4, 5]]
    """
    if len(G) == 0:
        return []
    # Louvain iterates over sets of nodes; string hashes change per process (PYTHONHASHSEED),
    # integers do not. So run it on integer labels in the graph's own node order.
    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    H = nx.Graph()
    H.add_nodes_from(range(len(nodes)))
    H.add_edges_from(
        (index[u], index[v], {"weight": data.get(weight, 1)} if weight else {})
        for u, v, data in G.edges(data=True)
    )
    found = nx.community.louvain_communities(
        H, weight="weight" if weight else None, resolution=resolution, seed=seed
    )
    ordered = [sorted((nodes[i] for i in c), key=lambda n: (_label(G, n), str(n))) for c in found]
    ordered.sort(key=lambda c: (-len(c), _label(G, c[0]), str(c[0])))
    return ordered


def community_index(parts: Iterable[Iterable]) -> dict:
    """Node -> index of its community in `parts` (as returned by :func:`communities`).

    Examples
    --------
    >>> community_index([["a", "b"], ["c"]])
    {'a': 0, 'b': 0, 'c': 1}
    """
    return {node: i for i, part in enumerate(parts) for node in part}


def brokers(
    G: nx.Graph, parts: Iterable[Iterable], *, weight: str | None = None, min_communities: int = 2
) -> list[dict]:
    """Nodes that connect communities: their neighbours lie in several communities.

    The participation coefficient of node *i* is ``1 - sum_s (k_is / k_i) ** 2``, where
    ``k_is`` is the (weighted) number of its links into community *s* (Guimerà & Amaral
    2005): 0 when all links stay in one community, close to 1 when they spread evenly.

    Parameters
    ----------
    G : networkx.Graph
    parts : iterable of iterables
        Communities, e.g. from :func:`communities`.
    weight : str or None, optional
        Edge attribute used to weigh links (None counts each link once).
    min_communities : int, optional
        Report nodes whose links reach at least this many communities (their own included).

    Returns
    -------
    list of dict
        Rows with ``node``, ``label``, ``type``, ``community``, ``communities``
        (number reached), ``participation`` (rounded to 6 decimals) and ``degree``; sorted
        by participation, then communities reached (descending), then label.

    Examples
    --------
    >>> G = nx.barbell_graph(3, 1)  # node 3 sits between the triangles 0-1-2 and 4-5-6
    >>> parts = [[0, 1, 2], [3], [4, 5, 6]]
    >>> [(r["node"], r["communities"], r["participation"]) for r in brokers(G, parts)]
    [(3, 2, 0.5), (2, 2, 0.444444), (4, 2, 0.444444)]
    """
    index = community_index(parts)
    rows = []
    for node in G:
        links: Counter = Counter()
        for neighbour in G[node]:
            w = G[node][neighbour].get(weight, 1) if weight else 1
            links[index.get(neighbour, -1)] += w
        total = sum(links.values())
        if len(links) < min_communities or total == 0:
            continue
        participation = 1.0 - sum((k / total) ** 2 for k in links.values())
        rows.append(
            {
                "node": node,
                "label": _label(G, node),
                "type": G.nodes[node].get("type", ""),
                "community": index.get(node, -1),
                "communities": len(links),
                "participation": round(participation, 6),
                "degree": G.degree(node),
            }
        )
    rows.sort(key=lambda r: (-r["participation"], -r["communities"], r["label"], str(r["node"])))
    return rows


def commitments_by_actor(
    records: Iterable[Mapping], *, actors: Mapping[str, dict] | None = None
) -> list[dict]:
    """Who commits: commitments, refusals and ongoing policy per actor in their ``by``.

    `actors`: :func:`merged_actors` of `records`, when the caller has it already.

    Returns
    -------
    list of dict
        Rows with ``actor``, ``label``, ``type``, one count per kind in :data:`KINDS` and
        ``total``; sorted by total (descending), then label.

    Examples
    --------
    >>> r = {"document": {"id": "d"}, "actors": [{"id": "m", "label": "Minister"}],
    ...      "commitments": [{"id": "c1", "kind": "refusal", "by": ["m"]},
    ...                      {"id": "c2", "kind": "commitment", "by": ["m"]}]}
    >>> row = commitments_by_actor([r])[0]
    >>> row["label"], row["commitment"], row["refusal"], row["total"]
    ('Minister', 1, 1, 2)
    """
    records = _sorted_records(records)
    actors = merged_actors(records) if actors is None else actors
    counts: dict[str, Counter] = defaultdict(Counter)
    for record in records:
        for commitment in record.get("commitments", []):
            for actor in set(commitment.get("by", [])):
                counts[actor][commitment.get("kind") or "commitment"] += 1
    rows = []
    for actor, count in counts.items():
        entry = actors.get(actor, {"label": actor, "type": "other"})
        row = {"actor": actor, "label": entry["label"], "type": entry["type"]}
        row.update({kind: count[kind] for kind in KINDS})
        row["total"] = sum(count.values())
        rows.append(row)
    rows.sort(key=lambda r: (-r["total"], r["label"], r["actor"]))
    return rows


NOT_LEANED_ON = frozenset({"kabinet", "parlement"})
"""Gazetteer kinds never counted as leaned on: the government as a whole (it is the side
that commits) and parliament (whom the promises to inform are made to)."""
OWN_STATE = "staat-nederland"
"""The gazetteer id of the Netherlands: in an answer of its government ("Nederland zet zich
in voor …") the government as a whole, so not leaned on either."""


def _kind(actor_iri: str) -> str:
    from graph.gazetteer import load_gazetteer

    entry = load_gazetteer().entries.get(str(actor_iri).rsplit("/", 1)[-1])
    return entry.kind if entry is not None else ""


def leaned_on(
    records: Iterable[Mapping], *, actors: Mapping[str, dict] | None = None
) -> list[dict]:
    """Who is leaned on: actors named in commitments that others make.

    An actor is *leaned on* by a commitment when it is in the commitment's ``actors`` but
    not in its ``by`` (e.g. the VNG in "we gaan met de VNG in gesprek"). Refusals and
    ongoing policy that name an actor are counted beside, not in, its commitments; the
    government as a whole (with the Netherlands, :data:`OWN_STATE`) and parliament are
    left out (:data:`NOT_LEANED_ON`).

    `actors`: :func:`merged_actors` of `records`, when the caller has it already.

    Returns
    -------
    list of dict
        Rows with ``actor``, ``label``, ``type``, ``commitments`` (number of such
        commitments), one count per kind in :data:`KINDS`, ``statements`` (all kinds), and
        ``by`` (labels of the actors that made them, sorted, joined by ``"; "``); sorted by
        commitments, then statements, then label. Actors named in commitments come first.

    Examples
    --------
    >>> r = {"document": {"id": "d"},
    ...      "actors": [{"id": "m", "label": "Minister"}, {"id": "v", "label": "VNG"}],
    ...      "commitments": [{"id": "c", "kind": "commitment", "by": ["m"], "actors": ["v"]}]}
    >>> [(row["label"], row["commitments"], row["by"]) for row in leaned_on([r])]
    [('VNG', 1, 'Minister')]
    """
    records = _sorted_records(records)
    actors = merged_actors(records) if actors is None else actors
    counts: dict[str, Counter] = defaultdict(Counter)
    committers: dict[str, set[str]] = defaultdict(set)
    for record in records:
        for commitment in record.get("commitments", []):
            by = set(commitment.get("by", []))
            for actor in set(commitment.get("actors", [])) - by:
                if _kind(actor) in NOT_LEANED_ON or str(actor).endswith(f"/{OWN_STATE}"):
                    continue
                counts[actor][commitment.get("kind") or "commitment"] += 1
                committers[actor].update(actors.get(b, {"label": b})["label"] for b in by)
    rows = []
    for actor, count in counts.items():
        entry = actors.get(actor, {"label": actor, "type": "other"})
        row = {
            "actor": actor,
            "label": entry["label"],
            "type": entry["type"],
            "commitments": count["commitment"],
        }
        row.update({kind: count[kind] for kind in KINDS})
        row["statements"] = sum(count.values())
        row["by"] = "; ".join(sorted(committers[actor]))
        rows.append(row)
    rows.sort(key=lambda r: (-r["commitments"], -r["statements"], r["label"], r["actor"]))
    return rows


def _party_labels(record: Mapping):
    """Party as printed ("PvDA") -> the label of the record's actor with that label or
    alias, case-insensitively (as :mod:`graph.rdf` resolves the party); the printed name
    when no actor has it."""
    names = {}
    for actor in record.get("actors", []):
        for name in [actor.get("label"), *(actor.get("aliases") or [])]:
            if name:
                names.setdefault(name.casefold(), actor.get("label") or name)
    return lambda printed: names.get(printed.casefold(), printed) if printed else printed


def request_outcomes(records: Iterable[Mapping], *, by: str = "party") -> list[dict]:
    """How requests ended, per questioner or per party.

    Every request of a document counts for each of its questioners (and for each distinct
    party among them, named by the party actor's label); a document without questioners
    counts under ``"(onbekend)"``.

    Parameters
    ----------
    records : iterable of dict
    by : {"party", "questioner"}, optional

    Returns
    -------
    list of dict
        Rows with the key column (``party`` or ``questioner``), one count per outcome in
        :data:`OUTCOMES`, ``requests`` (the total) and ``acted_on`` (share of requests for
        action, i.e. not ``answered``, that were accepted or partly accepted; None when
        there were none); sorted by total (descending), then key.

    Examples
    --------
    >>> r = {"document": {"id": "d", "questioners": [{"name": "Bikker", "party": "CU"}]},
    ...      "requests": [{"question": 1, "outcome": "declined"},
    ...                   {"question": 2, "outcome": "accepted"}]}
    >>> row = request_outcomes([r])[0]
    >>> row["party"], row["accepted"], row["declined"], row["acted_on"]
    ('CU', 1, 1, 0.5)
    """
    if by not in ("party", "questioner"):
        raise ValueError(f"by must be 'party' or 'questioner', not {by!r}")
    counts: dict[str, Counter] = defaultdict(Counter)
    for record in _sorted_records(records):
        questioners = record["document"].get("questioners", [])
        if by == "party":
            label = _party_labels(record)
            keys = sorted({label(q.get("party")) or "(onbekend)" for q in questioners})
        else:
            keys = sorted({q.get("name") or "(onbekend)" for q in questioners})
        for request in record.get("requests", []):
            for key in keys or ["(onbekend)"]:
                counts[key][request.get("outcome") or "answered"] += 1
    rows = []
    for key, count in counts.items():
        row = {by: key}
        row.update({outcome: count[outcome] for outcome in OUTCOMES})
        row["requests"] = sum(count.values())
        asked = row["requests"] - count["answered"]
        row["acted_on"] = (
            round((count["accepted"] + count["partial"]) / asked, 4) if asked else None
        )
        rows.append(row)
    rows.sort(key=lambda r: (-r["requests"], r[by]))
    return rows


def corpus_summary(records: Iterable[Mapping], *, actors: Mapping[str, dict] | None = None) -> dict:
    """Counts that describe a corpus: documents, questions, actors, commitments by kind, ...

    `actors`: :func:`merged_actors` of `records`, when the caller has it already.

    Examples
    --------
    >>> corpus_summary([{"document": {"id": "d", "questions": [{"number": 1}]}}])["questions"]
    1
    """
    records = _sorted_records(records)
    actors = merged_actors(records) if actors is None else actors
    kinds = Counter(
        c.get("kind") or "commitment" for r in records for c in r.get("commitments", [])
    )
    outcomes = Counter(
        q.get("outcome") or "answered" for r in records for q in r.get("requests", [])
    )
    types = Counter(entry["type"] for entry in actors.values())
    programmes = {p["id"] for r in records for p in r.get("programmes", [])}
    dates = sorted(r["document"].get("answered") for r in records if r["document"].get("answered"))
    return {
        "documents": len(records),
        "postponed": sum(1 for r in records if r["document"].get("postponed")),
        "questions": sum(len(r["document"].get("questions", [])) for r in records),
        "answers": sum(len(r["document"].get("answers", [])) for r in records),
        "actors": len(actors),
        "actor_types": {t: types[t] for t in sorted(types)},
        "commitments": {k: kinds[k] for k in KINDS},
        "requests": sum(outcomes.values()),
        "request_outcomes": {o: outcomes[o] for o in OUTCOMES},
        "programmes": len(programmes),
        "answered_from": dates[0] if dates else None,
        "answered_to": dates[-1] if dates else None,
    }

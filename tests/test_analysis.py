"""graph.analysis: NetworkX views and metrics built from extraction records."""

from __future__ import annotations

import doctest
import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph import BASE, analysis

FIXTURES = Path(__file__).parent / "fixtures" / "analysis"
SEED = Path(__file__).parents[1] / "data" / "raw" / "000_f6bdf192e8c7e34f.txt"
ACTOR = BASE + "id/actor/"
MINISTER = ACTOR + "minister-van-justitie-en-veiligheid"
VWS = ACTOR + "staatssecretaris-van-volksgezondheid-welzijn-en-sport"
VNG = ACTOR + "vereniging-van-nederlandse-gemeenten"


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return analysis.load_records(FIXTURES)


def test_analysis_doctests_pass():
    result = doctest.testmod(analysis)
    assert result.attempted > 10 and result.failed == 0


def test_analysis_load_records_sorts_by_document_id(records):
    assert [r["document"]["id"] for r in records] == [
        "000_f6bdf192e8c7e34f",
        "ah-tk-20242025-582",
    ]


def test_analysis_cooperation_graph_links_actors_in_the_same_commitment(records):
    G = analysis.cooperation_graph(records)
    # "Wij zullen wel in breder verband met de VNG in gesprek gaan" and two more in answer 3
    edge = G.edges[MINISTER, VNG]
    assert edge["commitments"] == 3
    assert edge["answers"] == 0  # the minister is never named in the answers' text
    assert edge["weight"] == 3
    # CoMensha, Fier, ... are only named together in answer 6
    assert G.edges[ACTOR + "comensha", ACTOR + "fier"] == {
        "weight": 1,
        "commitments": 0,
        "answers": 1,
    }


def test_analysis_cooperation_graph_counts_a_combined_answer_once(records):
    G = analysis.cooperation_graph(records)
    # answers 4, 5, 7 and 8 of ah-tk-20242025-582 are one text: one shared context
    edge = G.edges[ACTOR + "advocaat", ACTOR + "consulair-medewerker"]
    assert edge["answers"] == 1


def test_analysis_cooperation_graph_keeps_actors_without_partners(records):
    G = analysis.cooperation_graph(records)
    assert G.degree(ACTOR + "bikker") == 0
    assert G.nodes[ACTOR + "bikker"]["type"] == "person"
    assert len(G) == len({a["id"] for r in records for a in r["actors"]})


def test_analysis_cooperation_graph_merges_an_actor_across_documents(records):
    G = analysis.cooperation_graph(records)
    data = G.nodes[MINISTER]
    assert data["identifiers"] == ["https://identifier.overheid.nl/tooi/id/ministerie/mnre1058"]
    assert G.has_edge(MINISTER, ACTOR + "centrum-tegen-kinderhandel-en-mensenhandel")


def test_analysis_actor_commitment_graph_is_bipartite_with_relations(records):
    G = analysis.actor_commitment_graph(records)
    assert nx.is_bipartite(G)
    commitments = [n for n, d in G.nodes(data=True) if d["bipartite"] == 1]
    assert len(commitments) == sum(len(r["commitments"]) for r in records)
    first = BASE + "id/doc/000_f6bdf192e8c7e34f/toezegging/0"
    assert G.edges[MINISTER, first]["relation"] == "by"
    assert G.edges[ACTOR + "gemeente-groningen", first]["relation"] == "involved"
    assert G.nodes[first]["due"] == "2025-01"
    assert "ambtelijk werkbezoek aan de gemeente Groningen" in G.nodes[first]["text"]


def test_analysis_document_actor_graph_joins_documents_through_shared_actors(records):
    G = analysis.document_actor_graph(records)
    seed = analysis.document_iri(records[0])
    other = analysis.document_iri(records[1])
    assert set(G[MINISTER]) == {seed, other}
    assert G.edges[other, MINISTER]["roles"] == ("addressee", "mentioned")
    assert "answerer_role" in G.edges[seed, MINISTER]["roles"]
    assert G.edges[seed, ACTOR + "bikker"]["roles"] == ("mentioned", "questioner")
    assert G.edges[seed, VNG]["weight"] == 7  # seven mentions of the VNG in the seed


def test_analysis_record_graph_labels_relations_and_action_lines(records):
    G = analysis.record_graph(records)
    first = BASE + "id/doc/000_f6bdf192e8c7e34f/toezegging/0"
    refusal = BASE + "id/doc/000_f6bdf192e8c7e34f/toezegging/6"
    assert G.edges[MINISTER, first]["label"] == "doet toezegging"
    assert G.edges[MINISTER, refusal]["label"] == "wijst af"
    assert G.edges[ACTOR + "gemeente-groningen", first]["label"] == "betrokken bij"
    lvb = ACTOR + "landelijk-kenniscentrum-lvb"
    assert G.nodes[lvb]["action_lines"] == ["Actielijn 6"]
    plan = BASE + "id/programme/actieplan-samen-tegen-mensenhandel"
    line4 = BASE + "id/programme/actielijn-4"
    assert G.edges[line4, plan]["label"] == "onderdeel van"
    assert G.nodes[plan]["type"] == "plan"
    assert G.nodes[plan]["action_lines"] == [f"Actielijn {i}" for i in (1, 2, 4, 5, 6)]
    assert G.edges[ACTOR + "bikker", ACTOR + "christenunie"]["label"] == "lid van"
    assert G.edges[ACTOR + "van-weel", analysis.document_iri(records[0])]["label"] == (
        "beantwoordt"
    )


def test_analysis_centrality_ranks_the_minister_first_and_breaks_ties_by_label(records):
    rows = analysis.centrality(analysis.cooperation_graph(records))
    assert rows[0]["label"] == "Minister van Justitie en Veiligheid"
    keys = [(-r["betweenness"], -r["degree"], r["label"]) for r in rows]
    assert keys == sorted(keys)
    assert all(0 <= r["betweenness"] <= 1 for r in rows)


def test_analysis_communities_partition_every_node(records):
    G = analysis.cooperation_graph(records)
    parts = analysis.communities(G)
    assert sorted(n for p in parts for n in p) == sorted(G)
    assert [len(p) for p in parts] == sorted((len(p) for p in parts), reverse=True)
    index = analysis.community_index(parts)
    assert index[ACTOR + "advocaat"] == index[ACTOR + "consulair-medewerker"]


def test_analysis_communities_are_the_same_in_every_process():
    code = (
        "from graph import analysis; import json;"
        f"r = analysis.load_records({str(FIXTURES)!r});"
        "G = analysis.cooperation_graph(r); p = analysis.communities(G);"
        "print(json.dumps([p, analysis.brokers(G, p)]))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1


def test_analysis_brokers_finds_actors_between_communities(records):
    G = analysis.cooperation_graph(records)
    rows = analysis.brokers(G, analysis.communities(G))
    assert rows[0]["label"] == "Minister van Justitie en Veiligheid"
    assert all(r["communities"] >= 2 and 0 < r["participation"] < 1 for r in rows)
    assert ACTOR + "bikker" not in {r["node"] for r in rows}


def test_analysis_commitments_by_actor_counts_who_commits(records):
    rows = {r["label"]: r for r in analysis.commitments_by_actor(records)}
    minister = rows["Minister van Justitie en Veiligheid"]
    assert (minister["commitment"], minister["refusal"], minister["ongoing"]) == (5, 4, 4)
    assert rows["Minister van Buitenlandse Zaken"]["refusal"] == 1
    assert list(rows)[0] == "Minister van Justitie en Veiligheid"


def test_analysis_leaned_on_counts_actors_named_in_others_commitments(records):
    rows = analysis.leaned_on(records)
    assert rows[0]["label"] == "Vereniging van Nederlandse Gemeenten"
    assert rows[0]["commitments"] == 3
    assert rows[0]["by"].split("; ") == [
        "Minister van Justitie en Veiligheid",
        "Staatssecretaris van Volksgezondheid, Welzijn en Sport",
    ]
    assert MINISTER not in {r["actor"] for r in rows}
    assert all(r["statements"] >= r["commitments"] for r in rows)
    counts = [(r["commitments"], r["statements"]) for r in rows]
    assert counts == sorted(counts, reverse=True)


def test_analysis_request_outcomes_per_party_and_questioner(records):
    parties = {r["party"]: r for r in analysis.request_outcomes(records)}
    assert parties["ChristenUnie"]["declined"] == 4
    assert parties["ChristenUnie"]["not_met"] == 1
    assert parties["ChristenUnie"]["requests"] == 7
    assert parties["D66"]["declined"] == parties["VVD"]["declined"] == 1
    people = {r["questioner"]: r for r in analysis.request_outcomes(records, by="questioner")}
    assert set(people) == {"Bikker", "Ellian", "Paternotte"}
    with pytest.raises(ValueError):
        analysis.request_outcomes(records, by="ministry")


def test_analysis_corpus_summary_counts_the_fixtures(records):
    summary = analysis.corpus_summary(records)
    assert summary["documents"] == 2
    assert summary["commitments"] == {"commitment": 5, "refusal": 5, "ongoing": 6}
    assert summary["answered_from"] == "2024-11-18"


def test_analysis_handles_a_record_from_the_extractor():
    pipeline = pytest.importorskip("graph.pipeline")
    record = json.loads(json.dumps(pipeline.extract_record(SEED)))
    G = analysis.cooperation_graph([record])
    assert set(G) == {a["id"] for a in record["actors"]}
    R = analysis.record_graph([record])
    assert analysis.document_iri(record) in R
    assert analysis.corpus_summary([record])["documents"] == 1


_text = st.text(min_size=1, max_size=12)


@st.composite
def _records(draw):
    n_actors = draw(st.integers(1, 6))
    actors = [
        {
            "id": f"a{i}",
            "label": draw(_text),
            "type": draw(st.sampled_from(["person", "party", "government", "role"])),
            "mentions": [
                {"part": "answer", "number": draw(st.integers(1, 3)), "start": 0, "end": 1}
                for _ in range(draw(st.integers(0, 3)))
            ],
        }
        for i in range(n_actors)
    ]
    ids = [a["id"] for a in actors]
    commitments = [
        {
            "id": f"c{k}",
            "kind": draw(st.sampled_from(analysis.KINDS)),
            "answer": 1,
            "text": draw(_text),
            "by": draw(st.lists(st.sampled_from(ids), max_size=2)),
            "actors": draw(st.lists(st.sampled_from(ids), max_size=3)),
            "action_lines": [],
        }
        for k in range(draw(st.integers(0, 4)))
    ]
    answers = [{"number": n, "text": draw(st.sampled_from(["x", "y"]))} for n in (1, 2, 3)]
    return {
        "document": {"id": "d", "answers": answers, "questioners": []},
        "actors": actors,
        "commitments": commitments,
        "requests": [],
        "programmes": [],
    }


@settings(max_examples=60, deadline=None)
@given(_records())
def test_analysis_metrics_hold_for_any_record(record):
    G = analysis.cooperation_graph([record])
    assert all(d["weight"] == d["commitments"] + d["answers"] >= 1 for *_, d in G.edges(data=True))
    assert len(analysis.centrality(G)) == len(G)
    parts = analysis.communities(G)
    assert sorted(n for p in parts for n in p) == sorted(G)
    for row in analysis.brokers(G, parts):
        assert 0 <= row["participation"] < 1
    total = sum(r["total"] for r in analysis.commitments_by_actor([record]))
    assert total == sum(len(set(c["by"])) for c in record["commitments"])


def test_analysis_leaned_on_leaves_out_the_government_and_parliament():
    """The Netherlands, in its own government's answer, is that government as a whole."""
    actor = "https://w3id.org/kamervragen-kg/id/actor/"
    record = {
        "document": {"id": "d"},
        "actors": [
            {"id": actor + "minister-jenv", "label": "Minister van JenV", "type": "government"},
            {"id": actor + "tweede-kamer", "label": "Tweede Kamer", "type": "government"},
            {"id": actor + "kabinet", "label": "kabinet", "type": "government"},
            {"id": actor + "staat-nederland", "label": "Nederland", "type": "government"},
            {"id": actor + "vng", "label": "VNG", "type": "organisation"},
        ],
        "commitments": [
            {"id": "c0", "kind": "commitment", "by": [actor + "minister-jenv"],
             "actors": [actor + "tweede-kamer", actor + "kabinet", actor + "vng",
                        actor + "staat-nederland"]},
            {"id": "c1", "kind": "refusal", "by": [actor + "minister-jenv"],
             "actors": [actor + "vng"]},
        ],
    }  # fmt: skip
    rows = analysis.leaned_on([record])
    assert [(r["label"], r["commitments"], r["statements"]) for r in rows] == [("VNG", 1, 2)]

"""graph.rdf: records → RDF, provenance to the characters, stable IRIs and files."""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph import BASE
from graph.errors import BuildError
from graph.rdf import (
    CONTEXT,
    DCT,
    FOAF,
    KG,
    OA,
    ORG,
    PROV,
    SDO,
    build_rdf,
    records_to_graph,
    write_graph_files,
)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "records"
DOC = f"{BASE}id/doc/000_f6bdf192e8c7e34f"


def load_seed() -> dict:
    return json.loads((FIXTURES / "seed.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed() -> dict:
    return load_seed()


@pytest.fixture(scope="module")
def g(seed) -> Graph:
    return records_to_graph([seed])


def _part_text(record: dict, part: str, number: int) -> str:
    key = {"question": "questions", "answer": "answers"}[part]
    return next(p["text"] for p in record["document"][key] if p["number"] == number)


def test_rdf_fixture_is_current(seed):
    spec = importlib.util.spec_from_file_location("make_seed", FIXTURES / "make_seed.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == seed, "run tests/fixtures/records/make_seed.py"


def test_rdf_fixture_offsets_point_at_their_text(seed):
    for c in seed["commitments"]:
        assert _part_text(seed, "answer", c["answer"])[c["start"] : c["end"]] == c["text"]
    for r in seed["requests"]:
        assert _part_text(seed, "question", r["question"])[r["start"] : r["end"]] == r["text"]
    for actor in seed["actors"]:
        for m in actor["mentions"]:
            assert _part_text(seed, m["part"], m["number"])[m["start"] : m["end"]] == m["text"]


def test_rdf_commitment_points_to_its_sentence(seed, g):
    for c in seed["commitments"]:
        s = URIRef(c["id"])
        ann = g.value(s, KG.annotation)
        assert ann == URIRef(f"{c['id']}/annotatie")
        assert (ann, RDF.type, OA.Annotation) in g
        assert (ann, OA.hasBody, s) in g
        target = g.value(ann, OA.hasTarget)
        assert g.value(target, OA.hasSource) == URIRef(f"{DOC}/antwoord/{c['answer']}")
        selectors = {g.value(sel, RDF.type): sel for sel in g.objects(target, OA.hasSelector)}
        pos, quote = selectors[OA.TextPositionSelector], selectors[OA.TextQuoteSelector]
        start, end = g.value(pos, OA.start), g.value(pos, OA.end)
        assert start.datatype == XSD.nonNegativeInteger
        assert (start.toPython(), end.toPython()) == (c["start"], c["end"])
        assert str(g.value(quote, OA.exact)) == c["text"]
        answer_text = str(g.value(URIRef(f"{DOC}/antwoord/{c['answer']}"), SDO.text))
        assert answer_text[start.toPython() : end.toPython()] == c["text"]
        assert g.value(s, PROV.wasDerivedFrom) == URIRef(f"{DOC}/antwoord/{c['answer']}")


def test_rdf_kinds_requests_and_programmes(seed, g):
    kinds = {KG.Commitment: 0, KG.Refusal: 0, KG.OngoingPolicy: 0}
    for c in seed["commitments"]:
        for kind in kinds:
            kinds[kind] += (URIRef(c["id"]), RDF.type, kind) in g
    assert kinds == {KG.Commitment: 5, KG.Refusal: 4, KG.OngoingPolicy: 2}
    declined = set(g.subjects(KG.outcome, KG.declined))
    assert declined == {URIRef(f"{DOC}/verzoek/{n}") for n in (4, 5, 6, 7)}
    assert (URIRef(f"{DOC}/verzoek/9"), KG.outcome, KG.notMet) in g
    assert (KG.notMet, URIRef("http://www.w3.org/2004/02/skos/core#notation"), None) in g
    refusal = URIRef(f"{DOC}/toezegging/6")
    assert g.value(refusal, KG.answersRequest) == URIRef(f"{DOC}/verzoek/4")
    actielijn6 = URIRef(f"{BASE}id/programme/actielijn-6")
    plan = URIRef(f"{BASE}id/programme/actieplan-samen-tegen-mensenhandel")
    assert (URIRef(f"{DOC}/toezegging/8"), KG.servesProgramme, actielijn6) in g
    assert (actielijn6, DCT.isPartOf, plan) in g
    assert (actielijn6, RDF.type, KG.ProgrammePart) in g and (plan, RDF.type, KG.Programme) in g


def test_rdf_due_dates_are_typed_literals():
    record = load_seed()
    dues = ["2025", "2025-01", "2025-01-31"]
    for c, due in zip(record["commitments"], dues, strict=False):
        c["due"] = due
    g = records_to_graph([record])
    got = {str(g.value(URIRef(c["id"]), KG.dueDate)): g.value(URIRef(c["id"]), KG.dueDate)
           for c in record["commitments"][:3]}  # fmt: skip
    assert got["2025"].datatype == XSD.gYear
    assert got["2025-01"].datatype == XSD.gYearMonth
    assert got["2025-01-31"].datatype == XSD.date
    assert g.value(URIRef(DOC), DCT.dateSubmitted) == Literal("2024-10-15", datatype=XSD.date)


def test_rdf_actors_offices_and_identifiers(g):
    actor = lambda slug: URIRef(f"{BASE}id/actor/{slug}")  # noqa: E731
    bikker, cu, van_weel = actor("bikker"), actor("christenunie"), actor("van-weel")
    minister = actor("minister-van-justitie-en-veiligheid")
    assert (bikker, RDF.type, FOAF.Person) in g
    assert (bikker, ORG.memberOf, cu) in g and (cu, RDF.type, ORG.Organization) in g
    assert (URIRef(DOC), KG.questioner, bikker) in g
    assert (minister, RDF.type, ORG.Post) in g and (minister, ORG.heldBy, van_weel) in g
    holding = URIRef(f"{DOC}/beantwoorder/1")  # the post he signed in, on the document's date
    assert (holding, RDF.type, ORG.Membership) in g and (holding, ORG.member, van_weel) in g
    assert (holding, ORG.organization, minister) in g and (holding, ORG.role, KG.signatory) in g
    assert (holding, PROV.wasDerivedFrom, URIRef(DOC)) in g
    assert (URIRef(f"{DOC}/vrager/1"), ORG.role, KG.partyMember) in g
    assert g.value(KG.signatory, RDFS.label, any=True) is not None  # the roles travel along
    tooi_jenv = URIRef("https://identifier.overheid.nl/tooi/id/ministerie/mnre1058")
    assert (minister, ORG.postIn, tooi_jenv) in g  # an office is not the ministry
    assert (minister, OWL.sameAs, tooi_jenv) not in g
    groningen = actor("gemeente-groningen")
    gm0014 = URIRef("https://identifier.overheid.nl/tooi/id/gemeente/gm0014")
    assert (groningen, OWL.sameAs, gm0014) in g
    assert (groningen, DCT.identifier, Literal(str(gm0014))) in g
    vng = actor("vng")
    assert (vng, URIRef("http://www.w3.org/2004/02/skos/core#altLabel"), Literal("VNG")) in g
    assert (URIRef(f"{DOC}/antwoord/3"), SDO.mentions, vng) in g
    # one annotation per part and actor, targeting every span there that names it
    mention = URIRef(f"{DOC}/antwoord/3/vermelding/vng")
    assert (mention, OA.hasBody, vng) in g and (mention, OA.motivatedBy, OA.identifying) in g
    spans = [str(t).rsplit("#char=", 1)[1] for t in g.objects(mention, OA.hasTarget)]
    assert {"36,72", "74,77"} <= set(spans)
    answer = str(g.value(URIRef(f"{DOC}/antwoord/3"), SDO.text))
    names = {answer[int(a) : int(b)] for a, b in (span.split(",") for span in spans)}
    # RFC 5147: the span's characters of the part's text
    assert names == {"Vereniging van Nederlandse Gemeenten", "VNG"}
    for s in g.subjects(RDF.type, KG.Actor):
        assert g.value(s, RDFS.label), s


def test_rdf_a_2023_answer_keeps_the_title_its_minister_signed_with(corpus_dir):
    """Adema signed as Minister van Landbouw, Natuur en Voedselkwaliteit in 2023; the office
    is labelled with today's name (LVVN), the document's own post holding with the old one."""
    from graph.pipeline import extract_record

    record = extract_record(corpus_dir / "2023Z14759.txt")
    g = records_to_graph([record])
    holding = URIRef(f"{BASE}id/doc/2023Z14759/beantwoorder/1")
    office = g.value(holding, ORG.organization)
    assert "Adema" in str(g.value(g.value(holding, ORG.member), RDFS.label))
    title = "Minister van Landbouw, Natuur en Voedselkwaliteit"
    assert g.value(holding, SDO.roleName) == Literal(title, lang="nl")
    assert str(g.value(office, RDFS.label)) != title and (office, ORG.heldBy, None) in g


def test_rdf_no_blank_nodes_and_iris_per_contract(g):
    assert not any(isinstance(t, BNode) for triple in g for t in triple)
    for n in range(1, 10):
        assert (URIRef(f"{DOC}/vraag/{n}"), RDF.type, KG.Question) in g
        assert (URIRef(f"{DOC}/antwoord/{n}"), KG.answersQuestion, URIRef(f"{DOC}/vraag/{n}")) in g
    footnote = URIRef(f"{DOC}/voetnoot/1")
    assert (footnote, DCT.isPartOf, URIRef(DOC)) in g
    assert str(g.value(footnote, DCT.references)).startswith("https://nos.nl/")


def test_rdf_missing_by_falls_back_to_the_answering_office():
    record = load_seed()
    record["commitments"][0]["by"] = []
    g = records_to_graph([record])
    minister = URIRef(f"{BASE}id/actor/minister-van-justitie-en-veiligheid")
    assert g.value(URIRef(record["commitments"][0]["id"]), PROV.wasAttributedTo) == minister


def test_rdf_does_not_mutate_its_input(seed):
    before = copy.deepcopy(seed)
    records_to_graph([seed])
    assert seed == before


def test_rdf_bad_iri_characters_are_escaped():
    record = load_seed()
    record["document"]["footnotes"][0]["url"] = "https://example.org/a b<c>"
    g = records_to_graph([record])
    url = g.value(URIRef(f"{DOC}/voetnoot/1"), DCT.references)
    assert str(url) == "https://example.org/a%20b%3Cc%3E"


def test_rdf_every_kg_term_is_defined_in_the_ontology(g):
    onto = Graph().parse(ROOT / "ontology" / "kg.ttl")
    used = {t for triple in g for t in triple if isinstance(t, URIRef) and t.startswith(str(KG))}
    for term in used:
        labels = {lbl.language for lbl in onto.objects(term, RDFS.label)}
        assert {"nl", "en"} <= labels, f"{term} lacks nl/en labels"
        skos_def = URIRef("http://www.w3.org/2004/02/skos/core#definition")
        assert onto.value(term, RDFS.comment) or onto.value(term, skos_def), term


def test_rdf_context_file_matches_the_code():
    on_disk = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    assert on_disk == CONTEXT


def test_rdf_files_parse_back_to_the_same_graph(tmp_path, g):
    paths = write_graph_files(g, tmp_path)
    assert set(paths) == {"nt", "ttl", "jsonld"}
    assert not list(tmp_path.glob(".*tmp*"))
    for fmt, key in (("nt", "nt"), ("turtle", "ttl"), ("json-ld", "jsonld")):
        assert isomorphic(Graph().parse(paths[key], format=fmt), g), key
    lines = paths["nt"].read_text(encoding="utf-8").splitlines()
    assert lines == sorted(set(lines))
    assert (
        json.loads(paths["jsonld"].read_text(encoding="utf-8"))["@context"] == CONTEXT["@context"]
    )


_WRITE = """
import json, sys
from graph.rdf import records_to_graph, write_graph_files
record = json.load(open(sys.argv[1], encoding="utf-8"))
write_graph_files(records_to_graph([record]), sys.argv[2])
"""


def test_rdf_files_identical_across_processes(tmp_path):
    outs = []
    for seed_value in ("1", "2"):
        out = tmp_path / f"run{seed_value}"
        env = dict(os.environ, PYTHONHASHSEED=seed_value)
        subprocess.run([sys.executable, "-c", _WRITE, str(FIXTURES / "seed.json"), str(out)],
                       check=True, env=env, cwd=ROOT)  # fmt: skip
        outs.append(out)
    for name in ("graph.nt", "graph.ttl", "graph.jsonld"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_rdf_build_rdf_writes_files_and_store(tmp_path, seed):
    result = build_rdf([seed], tmp_path)
    assert result["triples"] > 500
    for key in ("nt", "ttl", "jsonld"):
        assert result[key].is_file()
    assert (tmp_path / "store").is_dir()


def test_rdf_build_rdf_refuses_a_nonconforming_graph(tmp_path):
    record = load_seed()
    record["requests"][0]["outcome"] = None  # a request without an outcome
    with pytest.raises(BuildError) as err:
        build_rdf([record], tmp_path)
    assert f"{DOC}/verzoek/3" in str(err.value) and "outcome" in str(err.value)
    assert not (tmp_path / "graph.nt").exists()

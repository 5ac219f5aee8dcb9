"""Named queries and ``kg query``: every query answers on the seed, on both engines."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import XSD, Literal, URIRef

from graph.cli import app
from graph.errors import QueryError
from graph.query import bind_params, format_rows, list_queries, load_query, resolve
from graph.rdf import build_rdf, records_to_graph
from graph.store import open_store, run

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "records" / "seed.json"
SEED = ROOT / "data" / "raw" / "000_f6bdf192e8c7e34f.txt"
REQUIRED = {
    "commitments", "refusals", "actors-by-commitments", "actors-per-actielijn", "due-before",
    "requests-per-party", "neighbourhood", "documents-per-questioner", "declined-requests",
}  # fmt: skip


@pytest.fixture(scope="module")
def record() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def build(tmp_path_factory, record) -> Path:
    out = tmp_path_factory.mktemp("build")
    build_rdf([record], out)
    return out


def _answer(build: Path, name: str, **given) -> list[dict]:
    q = load_query(name)
    names, rows = run(q.text, open_store(build), bind_params(q, given))
    return [dict(zip(names, row, strict=True)) for row in rows]


def _normal(rows):
    """Rows as sorted tuples, GROUP_CONCAT parts sorted (their order is engine-specific)."""
    return sorted(tuple("; ".join(sorted(v.split("; "))) if v else v for v in r) for r in rows)


def test_queries_every_named_query_has_title_and_description():
    queries = {q.name: q for q in list_queries()}
    assert set(queries) >= REQUIRED
    for q in queries.values():
        assert q.title and q.description, q.name


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_queries_same_answers_on_oxigraph_and_rdflib(build, record, name):
    q = load_query(name)
    params = bind_params(q)
    ox_names, ox_rows = run(q.text, open_store(build), params)
    mem_names, mem_rows = run(q.text, records_to_graph([record]), params)
    assert ox_names == mem_names
    assert ox_rows, f"{name} answers nothing on the seed"
    assert _normal(ox_rows) == _normal(mem_rows)


def test_queries_commitments_of_the_seed_with_sentences(build, record):
    rows = _answer(build, "commitments")
    expected = [c for c in record["commitments"] if c["kind"] == "commitment"]
    assert [r["sentence"] for r in rows] == [c["text"] for c in expected]
    assert [(int(r["start"]), int(r["end"])) for r in rows] == [
        (c["start"], c["end"]) for c in expected
    ]
    assert rows[0]["due"] == "2025-01"
    assert rows[0]["responsible"] == "Minister van Justitie en Veiligheid"
    assert rows[0]["involved"] == "gemeente Groningen"


def test_queries_four_declined_requests(build):
    rows = _answer(build, "declined-requests")
    assert [r["question"] for r in rows] == ["4", "5", "6", "7"]
    assert (
        rows[0]["refusal"] == "Daarom achten wij een landelijk onderzoek op dit moment niet nodig."
    )


def test_queries_refusals_name_the_request(build):
    rows = _answer(build, "refusals")
    assert {(r["answer"], r["question"], r["outcome"]) for r in rows} == {
        ("4", "4", "declined"), ("5", "5", "declined"), ("6", "6", "declined"),
        ("7", "7", "declined"),
    }  # fmt: skip


def test_queries_due_before_uses_the_end_of_the_period(build):
    assert len(_answer(build, "due-before")) == 2  # default 2026-01-01
    assert _answer(build, "due-before", before="2025-01-31") == []  # due in January: not before
    assert len(_answer(build, "due-before", before="2025-02-01")) == 2


def test_queries_rankings_and_groupings(build):
    ranked = _answer(build, "actors-by-commitments")
    assert ranked[0]["label"] == "Minister van Justitie en Veiligheid"
    assert ranked[0]["commitments"] == "5" and ranked[1]["label"].startswith("Vereniging")
    per_party = {
        (r["party"], r["outcome"]): r["requests"] for r in _answer(build, "requests-per-party")
    }
    assert per_party == {("ChristenUnie", "accepted"): "1", ("ChristenUnie", "declined"): "4",
                         ("ChristenUnie", "not_met"): "1"}  # fmt: skip
    docs = _answer(build, "documents-per-questioner")
    assert [(d["label"], d["party"], d["documents"]) for d in docs] == [
        ("Bikker", "ChristenUnie", "1")
    ]
    per_line = _answer(build, "actors-per-actielijn")
    six = {r["actorLabel"] for r in per_line if r["label"] == "Actielijn 6"}
    assert {"Minister van Justitie en Veiligheid", "Vereniging van Nederlandse Gemeenten"} <= six


def test_queries_neighbourhood_by_alias_label_or_iri(build):
    by_alias = _answer(build, "neighbourhood")  # default: VNG
    shares = {r["label"] for r in by_alias if r["relation"] == "shares statements with"}
    assert "Minister van Justitie en Veiligheid" in shares
    iri = "https://w3id.org/kamervragen-kg/id/actor/gemeente-groningen"
    by_iri = _answer(build, "neighbourhood", actor=iri)
    assert any(r["relation"] == "same as" for r in by_iri)
    assert _answer(build, "neighbourhood", actor="Groningen")  # an alias
    by_id = _answer(build, "neighbourhood", actor="gemeente-groningen")  # the record's id
    rows = [{k: v for k, v in r.items() if k != "actor"} for r in by_id]
    assert rows and sorted(map(str, rows)) == sorted(
        str({k: v for k, v in r.items() if k != "actor"}) for r in by_iri
    )


def test_queries_params_are_typed_and_checked():
    q = load_query("due-before")
    assert bind_params(q) == {"before": Literal("2026-01-01", datatype=XSD.date)}
    with pytest.raises(QueryError, match="not a date"):
        bind_params(q, {"before": '2025-01-01"^^xsd:string'})
    for period in ("2025", "2025-01", "2025-01-01"):  # as kg commitments --due-before
        assert bind_params(q, {"before": period}) == {
            "before": Literal("2025-01-01", datatype=XSD.date)
        }
    with pytest.raises(QueryError, match="unknown param"):
        bind_params(q, {"befor": "2025-01-01"})
    inline = resolve("SELECT ?x WHERE { ?x ?p ?o }")
    assert bind_params(inline, {"x": "<https://example.org/a>"}) == {
        "x": URIRef("https://example.org/a")
    }


def test_queries_resolve_refuses_updates_and_unknown_names(tmp_path):
    with pytest.raises(QueryError, match="read-only"):
        resolve("PREFIX a: <x:>\nINSERT DATA { <a:b> <a:c> <a:d> }")
    with pytest.raises(QueryError, match="unknown query"):
        resolve("no-such-query")
    rq = tmp_path / "mine.rq"
    rq.write_text("# title: Mine\nSELECT * WHERE { ?s ?p ?o } LIMIT 1\n")
    assert resolve(str(rq)).title == "Mine"


def test_queries_formats():
    names, rows = ["a", "b"], [["x, y", None], ["é", "2"]]
    assert list(csv.reader(io.StringIO(format_rows(names, rows, "csv")))) == [
        ["a", "b"], ["x, y", ""], ["é", "2"]
    ]  # fmt: skip
    assert json.loads(format_rows(names, rows, "json")) == [{"a": "x, y", "b": None},
                                                             {"a": "é", "b": "2"}]  # fmt: skip
    table = format_rows(names, rows, "table")
    assert "x, y" in table and "2 rows" in table and "shown" not in table


def test_queries_table_of_thousands_of_rows_shows_the_first_and_says_so():
    from graph.query import TABLE_ROWS

    rows = [[f"row-{i:05d}"] for i in range(TABLE_ROWS + 7)]
    table = format_rows(["a"], rows, "table")
    assert f"row-{TABLE_ROWS - 1:05d}" in table and f"row-{TABLE_ROWS:05d}" not in table
    assert f"{TABLE_ROWS + 7} rows; the first {TABLE_ROWS} shown" in " ".join(table.split())
    assert len(format_rows(["a"], rows, "csv").splitlines()) == TABLE_ROWS + 8


def test_queries_cli_list_and_run(build):
    runner = CliRunner()
    listed = runner.invoke(app, ["query", "--list"])
    assert listed.exit_code == 0
    lines = listed.output.splitlines()
    assert len(lines) == len(list_queries())
    assert all(len(line.split("\t")) == 2 for line in lines)
    assert "declined-requests\tDeclined requests" in lines
    out = runner.invoke(app, ["query", "declined-requests", "--build", str(build), "--format",
                              "json"])  # fmt: skip
    assert out.exit_code == 0, out.output
    assert len(json.loads(out.output)) == 4
    # a parameter is bound by projecting it; the CLI does not echo it as a column
    out = runner.invoke(app, ["query", "due-before", "--build", str(build), "--format", "json",
                              "--param", "before=2025-02-01"])  # fmt: skip
    rows = json.loads(out.output)
    assert len(rows) == 2 and all("before" not in r and r["due"] for r in rows)


def test_queries_cli_errors_exit_2(build, tmp_path):
    runner = CliRunner()
    bad = runner.invoke(app, ["query", "SELECT * WHERE { ?s ?p }", "--build", str(build)])
    assert bad.exit_code == 2 and "malformed query" in bad.output
    assert "Traceback" not in bad.output
    missing = runner.invoke(app, ["query", "commitments", "--build", str(tmp_path / "none")])
    assert missing.exit_code == 2 and "run `kg build` first" in missing.output
    param = runner.invoke(app, ["query", "due-before", "--param", "before", "--build", str(build)])
    assert param.exit_code == 2 and "NAME=VALUE" in param.output


# -- on the real extractor's output for the seed ---------------------------------------------


@pytest.fixture(scope="module")
def real_record() -> dict:
    try:
        from graph.pipeline import extract_record
    except ImportError as exc:  # the extractor lives in another part of the project
        pytest.skip(f"extractor not importable: {exc}")
    return extract_record(SEED)


@pytest.fixture(scope="module")
def real_build(tmp_path_factory, real_record) -> Path:
    out = tmp_path_factory.mktemp("real")
    build_rdf([real_record], out)  # raises BuildError if the graph does not conform
    return out


def test_queries_real_seed_commitments_with_sentences(real_build, real_record):
    rows = _answer(real_build, "commitments")
    expected = [c["text"] for c in real_record["commitments"] if c["kind"] == "commitment"]
    assert sorted(r["sentence"] for r in rows) == sorted(expected)
    keys = ["vindt een ambtelijk werkbezoek aan de gemeente Groningen plaats",
            "Wij zullen wel in breder verband met de VNG in gesprek gaan"]  # fmt: skip
    for key in keys:
        assert any(key in r["sentence"] for r in rows), key


def test_queries_real_seed_four_declined_requests(real_build):
    assert [r["question"] for r in _answer(real_build, "declined-requests")] == ["4", "5", "6", "7"]


def test_queries_real_seed_quotes_sit_at_their_offsets(real_build, real_record):
    answers = {a["number"]: a["text"] for a in real_record["document"]["answers"]}
    query = """
        PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX kg: <https://w3id.org/kamervragen-kg/def#>
        PREFIX schema: <https://schema.org/>
        SELECT ?n ?start ?end ?exact WHERE {
          ?c a kg:Statement ; kg:annotation/oa:hasTarget ?t .
          ?t oa:hasSource/schema:position ?n ; oa:hasSelector ?p , ?q .
          ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?exact }"""
    _names, rows = run(query, open_store(real_build))
    assert len(rows) == len(real_record["commitments"])
    for n, start, end, exact in rows:
        assert answers[int(n)][int(start) : int(end)] == exact


def test_queries_real_seed_mention_spans_hold_the_names(real_build, real_record):
    """Every mention's #char= span, cut from its part's text in SPARQL, is the name the
    record found there."""
    query = """
        PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX schema: <https://schema.org/>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        SELECT ?actor ?start ?end ?name WHERE {
          ?m oa:motivatedBy oa:identifying ; oa:hasBody ?actor ; oa:hasTarget ?span .
          BIND (STRAFTER(STR(?span), "#char=") AS ?chars)
          BIND (xsd:integer(STRBEFORE(?chars, ",")) AS ?start)
          BIND (xsd:integer(STRAFTER(?chars, ",")) AS ?end)
          ?part schema:text|dcterms:title ?text .
          FILTER (?part = IRI(STRBEFORE(STR(?span), "#char=")))
          BIND (SUBSTR(?text, ?start + 1, ?end - ?start) AS ?name) }"""
    _names, rows = run(query, open_store(real_build))
    expected = sorted(
        (a["id"], m["start"], m["end"], m["text"])
        for a in real_record["actors"]
        for m in a.get("mentions") or []
    )
    got = sorted((str(a), int(s), int(e), str(n)) for a, s, e, n in rows)
    assert len(got) >= len(expected) > 20
    assert set(expected) <= set(got)


def test_queries_real_seed_build_is_byte_identical(tmp_path, real_record, real_build):
    again = tmp_path / "again"
    build_rdf([json.loads(json.dumps(real_record))], again)
    for name in ("graph.nt", "graph.ttl", "graph.jsonld"):
        assert (again / name).read_bytes() == (real_build / name).read_bytes(), name


# -- the benchmark (graph.bench) times these queries --------------------------------------------


def test_queries_bench_replicates_with_fresh_document_ids(record):
    from graph.bench import replicate

    copies = replicate([record], 3)
    assert [c["document"]["id"] for c in copies] == [f"{record['document']['id']}~{i}" for i in
                                                     range(3)]  # fmt: skip
    ids = {c["id"] for copy in copies for c in copy["commitments"]}
    assert len(ids) == 3 * len(record["commitments"])
    one, three = len(records_to_graph([record])), len(records_to_graph(copies))
    assert 2.5 * one < three < 3 * one  # actors and programmes are shared, documents are not
    assert record["document"]["id"] == "000_f6bdf192e8c7e34f"  # the input is untouched


def test_queries_bench_quick_times_every_query_on_both_engines(record):
    from graph.bench import BenchConfig, format_report, run_bench

    timings = run_bench(BenchConfig([record], triples=3000, repeat=1))
    names = {t.name for t in timings}
    assert names >= REQUIRED and "load N-Triples" in names
    for t in timings:
        assert t.oxigraph_ms is not None and t.rdflib_ms is not None, t.name
    sections = {t.section for t in timings}
    assert len(sections) == 2 and max(t.triples for t in timings) > 2000
    report = format_report(timings)
    assert "oxigraph p50 ms" in report and "declined-requests" in report


def test_queries_requests_per_party_uses_the_party_each_document_states(record, tmp_path):
    """An MP who changed party is a member of both (org:memberOf has no date); each
    document's requests count for the party that document states, as in report.md."""
    import copy

    from graph import analysis

    other = json.loads(
        json.dumps(record).replace("/id/doc/000_f6bdf192e8c7e34f/", "/id/doc/later/")
    )
    other["document"]["id"] = "later"
    other["document"]["questioners"] = [dict(q, party="GroenLinks-PvdA")
                                        for q in other["document"]["questioners"]]  # fmt: skip
    records = [copy.deepcopy(record), other]
    build_rdf(records, tmp_path)
    per_party = {(r["party"], r["outcome"]): int(r["requests"])
                 for r in _answer(tmp_path, "requests-per-party")}  # fmt: skip
    assert per_party[("ChristenUnie", "declined")] == 4
    assert sum(n for (party, _), n in per_party.items() if party == "ChristenUnie") == 6
    report = {r["party"]: r["requests"] for r in analysis.request_outcomes(records)}
    for party, total in report.items():
        assert total == sum(n for (p, _), n in per_party.items() if p == party), party


def test_queries_requests_per_party_counts_a_document_without_party_once(record, tmp_path):
    """Requests of a document that states no party count for "(onbekend)", once each: the
    party is named after counting, and no party must not match every label in the graph."""
    other = json.loads(
        json.dumps(record).replace("/id/doc/000_f6bdf192e8c7e34f/", "/id/doc/no-party/")
    )
    other["document"]["id"] = "no-party"
    other["document"]["questioners"] = [dict(q, party=None)
                                        for q in other["document"]["questioners"]]  # fmt: skip
    build_rdf([record, other], tmp_path)
    per_party = {(r["party"], r["outcome"]): int(r["requests"])
                 for r in _answer(tmp_path, "requests-per-party")}  # fmt: skip
    assert {party for party, _ in per_party} == {"ChristenUnie", "(onbekend)"}
    assert per_party[("(onbekend)", "declined")] == 4
    assert sum(n for (party, _), n in per_party.items() if party == "(onbekend)") == 6


def test_queries_in_docs_graph_md_run_and_answer(build):
    """Every SPARQL example in docs/graph.md runs on the seed build and returns rows."""
    import re

    text = (ROOT / "docs" / "graph.md").read_text(encoding="utf-8")
    examples = re.findall(r"```sparql\n(.*?)```", text, re.S)
    assert len(examples) >= 4
    for example in examples:
        names, rows = run(example, open_store(build))
        assert rows, example.splitlines()[-1]


def test_queries_cli_param_the_query_does_not_select_is_one_line(build):
    query = "SELECT ?s WHERE { ?s ?p ?o FILTER(?o = ?x) }"
    out = CliRunner().invoke(app, ["query", query, "--build", str(build), "--param", "x=1"])
    assert out.exit_code == 2 and "Traceback" not in out.output
    assert "binds ?x only if the query SELECTs it" in out.output

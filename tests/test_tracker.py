"""The commitments tracker (``kg commitments``): the register from real records of the seed
and the corpus, its filters and formats, the named query that gives the same view, the
report section, and the command's exit codes."""

from __future__ import annotations

import copy
import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph import BASE
from graph.cli import app
from graph.errors import QueryError
from graph.pipeline import extract_record
from graph.query import bind_params, load_query
from graph.rdf import records_to_graph
from graph.record import dumps
from graph.report import write_report
from graph.store import load_store, run
from graph.tracker import (
    FIELDS,
    format_register,
    load_build,
    make_tracker_section,
    period_end,
    register,
    tracker_section,
)

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "000_f6bdf192e8c7e34f.txt"
SEED_ID = "000_f6bdf192e8c7e34f"
WERKBEZOEK = "In januari 2025 vindt een ambtelijk werkbezoek aan de gemeente Groningen plaats."
LATER = "2026-11-28"  # every dated commitment of the seed is overdue
EARLIER = "2024-12-06"  # the day after the seed's answers: nothing is overdue yet


@pytest.fixture(scope="module")
def seed() -> dict:
    return extract_record(SEED)


@pytest.fixture(scope="module")
def corpus(corpus_dir, seed) -> list[dict]:
    return [extract_record(p) for p in sorted(corpus_dir.glob("*.txt"))] + [seed]


@pytest.fixture()
def build_dir(tmp_path, seed) -> Path:
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / f"{SEED_ID}.json").write_text(dumps(seed), encoding="utf-8")
    return tmp_path


def _commitments(record: dict) -> list[dict]:
    return [c for c in record["commitments"] if c["kind"] == "commitment"]


def _by_text(rows: list[dict]) -> dict[str, dict]:
    return {r["text"]: r for r in rows}


def _check_sorted(rows: list[dict]) -> None:
    keys = [
        (period_end(r["due"]) is None, period_end(r["due"]) or date.min, r["document"],
         int(r["number"].rsplit("-", 1)[1]))
        for r in rows
    ]  # fmt: skip
    assert keys == sorted(keys)


# --------------------------------------------------------------------------- the register


def test_tracker_seed_commitments_appear_with_register_fields(seed):
    rows = register([seed], today=LATER)
    assert [r["text"] for r in rows] == [c["text"] for c in _commitments(seed)]
    row = _by_text(rows)[WERKBEZOEK]
    answer_text = {a["number"]: a["text"] for a in seed["document"]["answers"]}[1]
    assert row["number"] == f"TZ-{SEED_ID}-0"
    assert row["iri"].endswith(f"/id/doc/{SEED_ID}/toezegging/0")
    assert row["who"] == "David van Weel"
    assert row["office"] == "Minister van Justitie en Veiligheid"
    assert row["made"] == "2024-12-05"
    assert row["due"] == "2025-01"
    assert row["document"] == SEED_ID
    assert row["title"].startswith("het bericht «Vooral bewoners zorginstellingen")
    assert row["answer"] == 1
    assert answer_text[row["start"] : row["end"]] == WERKBEZOEK
    assert row["involved"] == "gemeente Groningen"


def test_tracker_only_commitments_not_refusals_or_ongoing(seed):
    texts = {r["text"] for r in register([seed], today=LATER)}
    others = [c["text"] for c in seed["commitments"] if c["kind"] != "commitment"]
    assert others and not texts & set(others)
    assert "Daarom achten wij een landelijk onderzoek op dit moment niet nodig." not in texts


def test_tracker_status_overdue_after_the_due_period_open_before(seed):
    assert _by_text(register([seed], today=LATER))[WERKBEZOEK]["status"] == "overdue"
    assert _by_text(register([seed], today=EARLIER))[WERKBEZOEK]["status"] == "open"
    # the END of the period counts: "2025-01" is due all of January
    assert _by_text(register([seed], today="2025-01-31"))[WERKBEZOEK]["status"] == "open"
    assert _by_text(register([seed], today=date(2025, 2, 1)))[WERKBEZOEK]["status"] == "overdue"
    undated = [r for r in register([seed], today="2999-01-01") if not r["due"]]
    assert undated and all(r["status"] == "open" for r in undated)


def test_tracker_today_defaults_to_the_real_date(seed):
    expected = "overdue" if date.today() > date(2025, 1, 31) else "open"
    assert _by_text(register([seed]))[WERKBEZOEK]["status"] == expected


def test_tracker_period_end_of_year_month_and_day():
    assert period_end("2025") == date(2025, 12, 31)
    assert period_end("2025-01") == date(2025, 1, 31)
    assert period_end("2024-02") == date(2024, 2, 29)
    assert period_end("2025-03-15") == date(2025, 3, 15)
    assert period_end(None) is None
    assert period_end("voor de zomer") is None
    assert period_end("2025-13") is None


def test_tracker_sorts_by_due_date_undated_last(seed):
    rows = register([seed], today=LATER)
    assert [r["due"] for r in rows] == ["2025-01", "2025-01", None, None, None]
    assert [r["number"] for r in rows] == [f"TZ-{SEED_ID}-{k}" for k in (0, 1, 4, 5, 6)]
    _check_sorted(rows)


def test_tracker_numbers_stable_when_the_corpus_grows(seed):
    other = json.loads(json.dumps(seed))
    other["document"]["id"] = "aaa-first"
    for k, c in enumerate(other["commitments"]):
        c["id"] = f"https://w3id.org/kamervragen-kg/id/doc/aaa-first/toezegging/{k}"
    alone = {r["text"]: r["number"] for r in register([seed], today=LATER)}
    both = register([other, seed], today=LATER)
    assert {r["text"]: r["number"] for r in both if r["document"] == SEED_ID} == alone
    assert len({r["number"] for r in both}) == len(both) == 2 * len(alone)


# --------------------------------------------------------------------------- filters


def test_tracker_actor_filter_matches_labels_and_aliases_case_insensitively(seed):
    vng = "Wij zullen wel in breder verband met de VNG in gesprek gaan"
    for name in ("VNG", "vng", " Vereniging  van Nederlandse Gemeenten "):
        rows = register([seed], today=LATER, actor=name)
        assert [r["text"][: len(vng)] for r in rows] == [vng], name
    groningen = register([seed], today=LATER, actor="college van B&W van Groningen")
    assert [r["text"] for r in groningen] == [WERKBEZOEK]
    # the responsible office (by) and the person who signed: the minister makes all five
    assert len(register([seed], today=LATER, actor="JenV")) == 5
    assert len(register([seed], today=LATER, actor="minister van justitie en veiligheid")) == 5
    assert len(register([seed], today=LATER, actor="Van Weel")) == 5
    assert register([seed], today=LATER, actor="Nobody Known") == []


def test_tracker_due_before_filter_compares_the_end_of_the_period(seed):
    assert [r["text"] for r in register([seed], due_before="2025-02-01")][:1] == [WERKBEZOEK]
    assert len(register([seed], due_before="2025-02-01")) == 2
    assert register([seed], due_before="2025-01-31") == []  # January is not over before the 31st
    assert register([seed], due_before=date(2025, 1, 1)) == []
    # the forms due dates take: a year or month means its first day
    assert register([seed], due_before="2025-02") == register([seed], due_before="2025-02-01")
    assert register([seed], due_before="2026") == register([seed], due_before="2026-01-01")


def test_tracker_status_filter(seed):
    overdue = register([seed], today=LATER, status="overdue")
    open_ = register([seed], today=LATER, status="open")
    assert {r["status"] for r in overdue} == {"overdue"} and len(overdue) == 2
    assert {r["status"] for r in open_} == {"open"} and len(open_) == 3
    assert register([seed], today=EARLIER, status="overdue") == []


def test_tracker_bad_arguments_raise_query_error(seed):
    with pytest.raises(QueryError, match="not a date"):
        register([seed], today="28-11-2026")
    with pytest.raises(QueryError, match="not a date"):
        register([seed], due_before="soon")
    with pytest.raises(QueryError, match="unknown status"):
        register([seed], status="done")
    with pytest.raises(QueryError, match="unknown format"):
        format_register([], "xml")


# --------------------------------------------------------------------------- formats


def test_tracker_json_is_an_array_of_objects_with_the_register_fields(seed):
    data = json.loads(format_register(register([seed], today=LATER), "json"))
    assert isinstance(data, list) and len(data) == len(_commitments(seed))
    assert all(isinstance(r, dict) and tuple(r) == FIELDS for r in data)
    first = data[0]
    assert first["text"] == WERKBEZOEK and first["status"] == "overdue"
    assert isinstance(first["answer"], int) and isinstance(first["start"], int)
    assert data[-1]["due"] is None
    assert json.loads(format_register([], "json")) == []


def test_tracker_csv_md_and_table_formats(seed):
    rows = register([seed], today=LATER)
    table = list(csv.DictReader(io.StringIO(format_register(rows, "csv"))))
    assert tuple(table[0]) == FIELDS and table[0]["text"] == WERKBEZOEK
    assert table[-1]["due"] == ""
    md = format_register(rows, "md").splitlines()
    assert md[0].startswith("| No. | Due | Status | Commitment |")
    assert len(md) == 2 + len(rows) and WERKBEZOEK in md[2]
    text = format_register(rows, "table")
    assert "TZ-000" in text and "overdue" in text and "5 commitment(s), 2 overdue" in text


# --------------------------------------------------------------------------- the corpus


def test_tracker_corpus_register_is_complete_sorted_and_points_at_its_sentences(corpus):
    rows = register(corpus, today=LATER)
    expected = sum(len(_commitments(r)) for r in corpus)
    assert len(rows) == expected > 20
    assert len({r["number"] for r in rows}) == len(rows)
    assert len({r["document"] for r in rows}) > 10
    _check_sorted(rows)
    docs = {r["document"]["id"]: r["document"] for r in corpus}
    for row in rows:
        answers = {a["number"]: a["text"] for a in docs[row["document"]]["answers"]}
        assert answers[row["answer"]][row["start"] : row["end"]] == row["text"], row["number"]
        assert row["who"] and row["office"], row["number"]
        end = period_end(row["due"])
        overdue = end is not None and end < date.fromisoformat(LATER)
        assert row["status"] == ("overdue" if overdue else "open"), row["number"]
    assert {r["status"] for r in register(corpus, today="2023-01-01")} == {"open"}


def test_tracker_corpus_filters(corpus):
    rows = register(corpus, today=LATER)
    before = register(corpus, today=LATER, due_before="2025-06-01")
    assert before and all(period_end(r["due"]) < date(2025, 6, 1) for r in before)
    assert {r["number"] for r in before} < {r["number"] for r in rows}
    vng = register(corpus, today=LATER, actor="VNG")
    assert vng and {r["number"] for r in vng} <= {r["number"] for r in rows}
    overdue = register(corpus, today="2025-03-01", status="overdue")
    assert overdue and all(period_end(r["due"]) < date(2025, 3, 1) for r in overdue)


# --------------------------------------------------------------------------- the named query


def _sparql_rows(backend, today: str) -> list[dict]:
    q = load_query("commitments-register")
    names, rows = run(q.text, backend, bind_params(q, {"today": today}))
    return [dict(zip(names, row, strict=True)) for row in rows]


def _as_text(row: dict) -> dict:
    """A register row as the query's lexical values (lists sorted: GROUP_CONCAT's order)."""
    out = {}
    for key in FIELDS:
        value = row.get(key)
        value = "" if value is None else str(value)
        out[key] = "; ".join(sorted(value.split("; "))) if value else ""
    return out


def test_tracker_named_query_gives_the_same_register_on_the_seed_graph(seed):
    q = load_query("commitments-register")
    assert q.title and q.description and [p.name for p in q.params] == ["today"]
    graph = records_to_graph([seed])
    for today in (LATER, EARLIER):
        sparql = _sparql_rows(graph, today)
        rows = register([seed], today=today)
        assert {r["text"] for r in sparql} == {r["text"] for r in rows}
        assert [_as_text(r) for r in sparql] == [_as_text(r) for r in rows]
    assert all(r["asOf"] == LATER for r in _sparql_rows(graph, LATER))


def test_tracker_named_query_default_today_is_the_current_date(seed):
    rows = _sparql_rows(records_to_graph([seed]), "0001-01-01")
    assert {r["asOf"] for r in rows} == {date.today().isoformat()}
    expected = "overdue" if date.today() > date(2025, 1, 31) else "open"
    assert {r["text"]: r["status"] for r in rows}[WERKBEZOEK] == expected


def test_tracker_named_query_same_register_on_the_corpus_store(corpus, tmp_path):
    store = load_store(records_to_graph(corpus), tmp_path / "store")
    sparql = _sparql_rows(store, "2025-03-01")
    rows = register(corpus, today="2025-03-01")
    assert [_as_text(r) for r in sparql] == [_as_text(r) for r in rows]


def test_tracker_office_by_the_title_the_document_gives_it(corpus):
    """Adema signed 2023Z14759 as Minister van Landbouw, Natuur en Voedselkwaliteit; the
    office's label is today's name (LVVN). Register and named query show the title."""
    record = next(r for r in corpus if r["document"]["id"] == "2023Z14759")
    title = "Minister van Landbouw, Natuur en Voedselkwaliteit"
    assert {r["office"] for r in register([record], today=LATER)} == {title}
    sparql = _sparql_rows(records_to_graph([record]), LATER)
    assert {r["office"] for r in sparql} == {title}


# --------------------------------------------------------------------------- report section


def test_tracker_report_section_in_report_md(seed, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_TODAY", LATER)
    write_report([seed], tmp_path, sections=[tracker_section])
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "## Commitments tracker" in report
    assert f"as of {LATER} 2 overdue and 3 open (3 without a due date)" in report
    assert "TZ-000\\_f6bdf192e8c7e34f-0" in report
    table = list(
        csv.DictReader(io.StringIO((tmp_path / "tables/commitments_register.csv").read_text()))
    )
    assert [r["text"] for r in table] == [c["text"] for c in _commitments(seed)]


def test_tracker_report_section_with_a_fixed_date_is_deterministic(seed, tmp_path):
    section = make_tracker_section(EARLIER)
    first = write_report([seed], tmp_path / "a", sections=[section])
    second = write_report([seed], tmp_path / "b", sections=[section])
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert f"as of {EARLIER} 0 overdue and 5 open" in first[0].read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the command


def test_tracker_load_build_missing_raises_query_error(tmp_path):
    with pytest.raises(QueryError, match="no build in .*: run `kg build` first"):
        load_build(tmp_path / "nothing")


def test_tracker_cli_missing_build_exits_2_with_one_line(tmp_path):
    result = CliRunner().invoke(app, ["commitments", "--build", str(tmp_path / "nothing")])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error: no build in ")
    assert "run `kg build` first" in lines[0] and result.stdout == ""


def test_tracker_cli_json_with_today_from_env_and_option(build_dir):
    args = ["commitments", "--build", str(build_dir), "--format", "json"]
    result = CliRunner().invoke(app, args, env={"KG_TODAY": LATER})
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data[0]["text"] == WERKBEZOEK and data[0]["status"] == "overdue"
    result = CliRunner().invoke(app, [*args, "--today", EARLIER], env={"KG_TODAY": LATER})
    assert json.loads(result.stdout)[0]["status"] == "open"


def test_tracker_cli_filters_and_formats(build_dir):
    base = ["commitments", "--build", str(build_dir), "--today", LATER]
    runner = CliRunner()
    result = runner.invoke(app, [*base, "--actor", "vng", "--format", "csv"])
    assert result.exit_code == 0
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == 1
    result = runner.invoke(app, [*base, "--status", "overdue", "--format", "json"])
    assert [r["due"] for r in json.loads(result.stdout)] == ["2025-01", "2025-01"]
    result = runner.invoke(app, [*base, "--due-before", "2025-02-01", "--format", "md"])
    assert result.exit_code == 0 and result.stdout.count("| TZ-") == 2
    result = runner.invoke(app, base)
    assert result.exit_code == 0 and "werkbezoek" in result.stdout
    by_id = json.loads(runner.invoke(app, [*base, "--actor", "minister-jenv", "--format",
                                            "json"]).stdout)  # fmt: skip
    assert by_id and by_id == json.loads(
        runner.invoke(app, [*base, "--actor", "Minister van Justitie en Veiligheid",
                            "--format", "json"]).stdout
    )  # fmt: skip
    result = runner.invoke(app, [*base, "--actor", "Nobodyxyz"])
    assert result.exit_code == 0 and "no actor is called 'Nobodyxyz'" in result.stderr
    result = runner.invoke(app, [*base, "--actor", "vng", "--status", "overdue"])
    assert result.exit_code == 0 and "no actor" not in result.stderr  # known, just no rows


def test_tracker_cli_bad_date_exits_2_with_one_line(build_dir):
    result = CliRunner().invoke(
        app, ["commitments", "--build", str(build_dir), "--due-before", "next week"]
    )
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "kg: error: --due-before: not a date (YYYY, YYYY-MM or YYYY-MM-DD): 'next week'"
    ]
    result = CliRunner().invoke(
        app, ["commitments", "--build", str(build_dir)], env={"KG_TODAY": "x"}
    )
    assert result.exit_code == 2 and "--today: not a date" in result.stderr


def test_tracker_cli_help_has_an_example():
    result = CliRunner().invoke(app, ["commitments", "--help"])
    assert result.exit_code == 0
    assert "Example: kg commitments" in result.stdout and "--today DATE" in result.stdout


def test_tracker_actor_filter_matches_offices_no_record_lists(seed):
    """An office minted from an answerer's role is shown by its name and found by it."""
    from graph.tracker import actor_known

    record = copy.deepcopy(seed)
    record["document"]["answerers"] = [
        {"name": "Jan Onbekend", "role": "Minister van Onbekende Zaken"}
    ]
    for c in record["commitments"]:
        c["by"] = []
    rows = register([record], today=LATER, actor="minister van onbekende zaken")
    assert rows and {r["office"] for r in rows} == {"Minister van Onbekende Zaken"}
    assert register([record], today=LATER, actor="Jan Onbekend") == rows
    assert actor_known([record], "Jan Onbekend") and not actor_known([record], "Piet Niemand")


def test_tracker_signer_is_the_answerer_in_the_post_on_that_date_not_a_former_holder(seed):
    """Van Weel signs the seed as Minister of Justitie en Veiligheid. In a later document he
    signs as Staatssecretaris beside a new minister: what that document attributes to the
    minister's post is signed by the new minister alone, in the register and in the named
    query (org:heldBy has no date; the query asks the document's own org:Membership)."""
    later = json.loads(json.dumps(seed))
    later["document"]["id"] = "zzz-later"
    for k, c in enumerate(later["commitments"]):
        c["id"] = f"https://w3id.org/kamervragen-kg/id/doc/zzz-later/toezegging/{k}"
    later["document"]["answerers"] = [
        {"name": "Van Weel", "role": "Staatssecretaris van Volksgezondheid, Welzijn en Sport"},
        {"name": "Jan Opvolger", "role": "Minister van Justitie en Veiligheid"},
    ]
    # one commitment made the questioner's party's: no answerer signs for a party
    party = f"{BASE}id/actor/party-christenunie"
    next(c for c in later["commitments"] if c["kind"] == "commitment")["by"] = [party]
    rows = register([seed, later], today=LATER)
    signed = {(r["document"], r["who"]) for r in rows if "Justitie" in r["office"]}
    assert signed == {(SEED_ID, "David van Weel"), ("zzz-later", "Jan Opvolger")}
    assert [r["who"] for r in rows if r["office"] == "ChristenUnie"] == [
        "David van Weel; Jan Opvolger"
    ]
    sparql = _sparql_rows(records_to_graph([seed, later]), LATER)
    assert [_as_text(r) for r in sparql] == [_as_text(r) for r in rows]

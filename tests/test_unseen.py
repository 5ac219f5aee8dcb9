"""``kg evaluate --unseen``: each document scored as if it were new, without the gazetteer
entries of open sets that only it names (graph/unseen.py), on the seed and the corpus."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graph.cli import app
from graph.evaluate import evaluate
from graph.gazetteer import load_gazetteer
from graph.pipeline import extract_record
from graph.record import dumps
from graph.unseen import closed, evaluate_unseen, known_only_here, without

SEED_ID = "000_f6bdf192e8c7e34f"


def _ids(record: dict) -> set[str]:
    return {str(a["id"]).rsplit("/", 1)[1] for a in record["actors"]}


@pytest.fixture(scope="module")
def two(seed_path, corpus_dir) -> list[dict]:
    """The seed and a letter about a police station: both answered by the Minister of JenV."""
    return [extract_record(seed_path), extract_record(corpus_dir / "2024Z11859.txt")]


def test_unseen_leaves_out_open_set_entries_only_one_document_names(two):
    gazetteer = load_gazetteer()
    only = known_only_here(two, gazetteer)
    seed, other = two
    assert only[SEED_ID] and only["2024Z11859"]
    assert "comensha" in only[SEED_ID] and "leeuwarder-courant" in only["2024Z11859"]
    for doc_id, record, rest in ((SEED_ID, seed, other), ("2024Z11859", other, seed)):
        assert only[doc_id] <= _ids(record) - _ids(rest)
        assert not any(closed(gazetteer.entries[i], gazetteer) for i in only[doc_id])
    # both name the minister, his office and the Tweede Kamer: closed or shared, kept
    assert {"minister-jenv", "david-van-weel", "tweede-kamer"} <= _ids(seed) & _ids(other)
    assert not {"minister-jenv", "david-van-weel", "tweede-kamer"} & set().union(*only.values())


def test_unseen_office_holders_are_a_closed_set_public_figures_an_open_one():
    gazetteer = load_gazetteer()
    assert closed(gazetteer.entries["david-van-weel"], gazetteer)
    assert closed(gazetteer.entries["minister-jenv"], gazetteer)
    assert not closed(gazetteer.entries["vladimir-poetin"], gazetteer)
    assert not closed(gazetteer.entries["comensha"], gazetteer)


def test_unseen_gazetteer_without_entries_finds_them_no_more_but_keeps_the_terms():
    gazetteer = load_gazetteer()
    text = "Het CoMensha en de Minister van Justitie en Veiligheid overleggen."
    assert "comensha" in {e.id for _a, _b, e in gazetteer.find(text)}
    less = without(gazetteer, {"comensha"})
    assert "comensha" not in {e.id for _a, _b, e in less.find(text)}
    holder = less.office_holder("minister-jenv", "2024-12-05")
    assert holder is not None and holder.id == "david-van-weel"


def test_unseen_scores_the_corpus_lower_on_actors_only_where_the_gazetteer_helped(
    corpus_dir, seed_path, gold_dir, tmp_path
):
    paths = [*sorted(corpus_dir.glob("*.txt")), seed_path]
    for path in paths:
        (tmp_path / f"{path.stem}.json").write_text(dumps(extract_record(path)))
    seen = evaluate(tmp_path, gold_dir)["totals"]
    unseen = evaluate_unseen(tmp_path, gold_dir, base=corpus_dir)  # sources are absolute
    assert unseen["hidden"] > 50
    new = unseen["totals"]
    assert new["actors_r"] < seen["actors_r"] - 0.05  # what the gazetteer alone found
    assert new["actors_p"] > 0.9 and new["actors_r"] > 0.75  # what the patterns find
    assert new["metadata_accuracy"] == seen["metadata_accuracy"]


def test_unseen_cli_reports_what_it_left_out_and_refuses_a_missing_source(
    seed_path, gold_dir, tmp_path, monkeypatch
):
    records = tmp_path / "records"
    records.mkdir()
    record = extract_record(seed_path)
    (records / f"{SEED_ID}.json").write_text(dumps(record))
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / f"{SEED_ID}.json").write_text((gold_dir / "seed.json").read_text())
    one_file = str(records / f"{SEED_ID}.json")
    result = CliRunner().invoke(
        app, ["evaluate", one_file, str(gold / f"{SEED_ID}.json"), "--unseen"]
    )
    assert result.exit_code == 2 and "folder of records" in result.output  # a usage error
    result = CliRunner().invoke(app, ["evaluate", str(records), str(gold), "--unseen", "--json"])
    assert result.exit_code == 0, result.output
    totals = json.loads(result.output)
    assert totals["hidden_gazetteer_entries"] > 5 and totals["actors_r"] < 1
    record["document"]["source"] = "nowhere/gone.txt"
    (records / f"{SEED_ID}.json").write_text(dumps(record))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["evaluate", str(records), str(gold), "--unseen"])
    assert result.exit_code == 1 and "gone.txt" in result.output
    assert len(result.output.strip().splitlines()) == 1

"""kg evaluate agrees with the referee ../shared/eval/score.py on the corpus."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from graph.cli import app
from graph.evaluate import evaluate
from graph.extract import extract
from graph.read import read_document
from graph.record import dumps, make_record


@pytest.fixture(scope="module")
def records(corpus_dir, seed_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("records")
    for path in [*sorted(corpus_dir.glob("*.txt")), seed_path]:
        doc = read_document(path)
        (out / f"{path.stem}.json").write_text(dumps(make_record(doc, extract(doc))))
    return out


def test_evaluate_agrees_with_score_py(records, gold_dir):
    score_py = gold_dir.parent / "score.py"
    run = subprocess.run(
        [sys.executable, str(score_py), str(records), str(gold_dir), "--json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    theirs = json.loads(run.stdout)
    ours = evaluate(records, gold_dir)["totals"]
    assert ours.keys() == theirs.keys()
    for key, value in theirs.items():
        expected = pytest.approx(value) if isinstance(value, float) else value
        assert ours[key] == expected, key


def test_evaluate_baseline_is_beaten(records, gold_dir):
    result = evaluate(records, gold_dir)
    assert result["totals"]["commitments_f1"] > result["baseline"]["commitments_f1"]
    assert result["totals"]["requests_accuracy"] >= result["baseline"]["requests_accuracy"]


def test_evaluate_command_prints_totals_and_baseline(records, gold_dir):
    out = CliRunner().invoke(app, ["evaluate", str(records), str(gold_dir)])
    assert out.exit_code == 0, out.output
    assert "naive baseline" in out.output and "overall F1" in out.output
    as_json = CliRunner().invoke(app, ["evaluate", str(records), str(gold_dir), "--json"])
    assert "baseline" in json.loads(as_json.output)


def test_evaluate_missing_record_scores_zero(tmp_path, gold_dir):
    result = evaluate(tmp_path, gold_dir)
    assert result["totals"]["documents_without_record"]
    assert result["totals"]["commitments_r"] == 0.0


def test_evaluate_command_refuses_records_that_match_no_gold_file(tmp_path, gold_dir):
    """Scores of nothing would read as a result (precision 1.00): one line, exit 2."""
    (tmp_path / "other.json").write_text(json.dumps({"document": {"id": "other"}}))
    out = CliRunner().invoke(app, ["evaluate", str(tmp_path), str(gold_dir)])
    assert out.exit_code == 2 and out.output.startswith("kg: error: ")
    assert "no record matches a gold file" in out.output

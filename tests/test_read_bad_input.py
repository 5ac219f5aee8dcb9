"""Bad input gets one clear line and exit status 2, never a traceback or a hang."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.cli import app
from graph.document import Document
from graph.errors import ReadError
from graph.read import MAX_BYTES, read_document


@pytest.fixture
def runner():
    return CliRunner()


def run_extract(runner, path):
    return runner.invoke(app, ["extract", str(path)])


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "file is empty"),
        (b"   \n\n", "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
        (b"<!DOCTYPE html><html><body><p>Vraag 1</p></body></html>", "HTML"),
        (b"Een gewone brief over het weer.\nGroeten.", "not a Kamervragen document"),
    ],
)
def test_read_bad_input_one_line_exit_2(tmp_path, runner, content, reason):
    path = tmp_path / "doc.txt"
    path.write_bytes(content)
    result = run_extract(runner, path)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and reason in lines[0]
    assert result.stdout == ""


def test_read_missing_path_and_directory(tmp_path, runner):
    for path, reason in [(tmp_path / "nope.txt", "no such file"), (tmp_path, "is a directory")]:
        result = run_extract(runner, path)
        assert result.exit_code == 2 and reason in result.stderr
        assert "Traceback" not in result.stderr


def test_read_cp1252_is_read_correctly(tmp_path, seed_path):
    text = seed_path.read_text(encoding="utf-8").replace("–", "-")
    path = tmp_path / "seed-cp1252.txt"
    path.write_bytes(text.encode("cp1252"))
    doc = read_document(path)
    assert "creëren van brede bewustwording" in doc.part("answer", 5).text
    assert [p.name for p in doc.answerers] == ["Van Weel"]


def test_read_utf8_with_a_stray_cp1252_byte_keeps_its_utf8(tmp_path, seed_path):
    """One cp1252 byte in a UTF-8 file (text taken from a PDF) is read as cp1252; the rest
    stays UTF-8, not "creÃ«ren" throughout."""
    data = seed_path.read_bytes().replace(b"werkbezoek", b"werkbezoek caf\xe9", 1)
    path = tmp_path / "seed-stray-byte.txt"
    path.write_bytes(data)
    doc, clean = read_document(path), read_document(seed_path)
    assert "creëren van brede bewustwording" in doc.part("answer", 5).text
    assert doc.part("answer", 5).text == clean.part("answer", 5).text
    assert "werkbezoek café" in " ".join(p.text for p in doc.answers)
    assert doc.title == clean.title and doc.questioners == clean.questioners


def test_read_two_prints_in_one_file_is_refused(tmp_path, corpus_dir, runner):
    """Two Aanhangsel prints pasted into one file are not one document: their answers
    would be merged under the first one's minister."""
    path = tmp_path / "two.txt"
    path.write_bytes(b"".join((corpus_dir / f"ah-tk-20242025-{n}.txt").read_bytes()
                              for n in (594, 595)))  # fmt: skip
    result = run_extract(runner, path)
    assert result.exit_code == 2 and "holds more than one document" in result.stderr
    assert "ah-tk-20242025-594, ah-tk-20242025-595" in result.stderr


@pytest.mark.parametrize(
    "text",
    [
        "Vragen van het lid Jansen (PVV) aan de Minister van Financiën over belastingen "
        "(ingezonden 1 oktober 2024).\n\nMededeling van Minister Heinen (Financiën) "
        "(ontvangen 22 oktober 2024)\n\nDe vragen van het lid Jansen kunnen niet binnen "
        "de gebruikelijke termijn worden beantwoord.\n",
        "Retouradres Postbus 20011 2500 EA Den Haag\n\nHierbij deel ik u mee dat de vragen "
        "van het lid Jansen niet binnen de gebruikelijke termijn kunnen worden beantwoord.\n",
    ],
)
def test_read_postponement_notice_without_questions_says_so(tmp_path, runner, text):
    path = tmp_path / "uitstel.txt"
    path.write_text(text, encoding="utf-8")
    result = run_extract(runner, path)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "a postponement notice without the questions it postpones" in result.stderr


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_read_utf16_with_a_bom_is_read_as_text(tmp_path, seed_path, encoding):
    text = seed_path.read_text(encoding="utf-8")
    path = tmp_path / "seed-utf16.txt"
    data = (text.encode(encoding) if encoding == "utf-16"
            else b"\xfe\xff" + text.encode(encoding))  # fmt: skip
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.part("answer", 5).text == read_document(seed_path).part("answer", 5).text
    assert doc.sha256 == hashlib.sha256(data).hexdigest()  # of the file as it is


def test_read_huge_file_refused_with_size_limit(tmp_path, runner):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(20 * 1024 * 1024)
    assert path.stat().st_size > MAX_BYTES
    result = run_extract(runner, path)
    assert result.exit_code == 2 and "limit" in result.stderr


def test_read_postponement_notice_is_not_an_error(runner):
    from conftest import corpus_file

    result = run_extract(runner, corpus_file("ah-tk-20242025-545.txt"))
    assert result.exit_code == 0
    assert '"postponed": true' in result.stdout


def test_read_cli_error_has_no_traceback_in_a_real_process(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("")
    proc = subprocess.run(
        [sys.executable, "-m", "graph.cli", "extract", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path.cwd())},
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.one_of(st.binary(max_size=3000), st.text(max_size=3000)))
def test_read_only_returns_document_or_its_own_error(tmp_path, data):
    path = tmp_path / "fuzz.txt"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
    try:
        doc = read_document(path)
    except ReadError:
        return
    assert isinstance(doc, Document)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400), st.integers(0, 3)
)
def test_read_mutated_seed_never_crashes(tmp_path, seed_path, noise, where):
    text = seed_path.read_text(encoding="utf-8")
    cut = [0, len(text) // 3, len(text) // 2, len(text)][where]
    path = tmp_path / "mutated.txt"
    path.write_text(text[:cut] + noise + text[cut:], encoding="utf-8")
    try:
        doc = read_document(path)
    except ReadError:
        return
    assert isinstance(doc, Document)

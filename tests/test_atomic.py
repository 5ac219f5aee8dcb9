"""graph.atomic: files written whole, and a set of outputs put into place together."""

from __future__ import annotations

import os
import signal

import pytest

from graph.atomic import Staging, atomic_path


def test_staged_files_wait_for_the_commit(tmp_path):
    staging = Staging()
    with atomic_path(tmp_path / "a.txt", staging) as tmp:
        tmp.write_text("new")
    assert not (tmp_path / "a.txt").exists() and tmp.exists()
    staging.commit()
    assert (tmp_path / "a.txt").read_text() == "new" and not tmp.exists()


def test_discard_removes_what_was_staged_and_the_working_folders(tmp_path):
    (tmp_path / "a.txt").write_text("old")
    work = tmp_path / ".work"
    (work / "t").mkdir(parents=True)
    staging = Staging()
    staging.remove_later(work)
    with atomic_path(tmp_path / "a.txt", staging) as tmp:
        tmp.write_text("new")
    staging.put(work / "t", tmp_path / "tables")
    staging.discard()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
    assert (tmp_path / "a.txt").read_text() == "old"


def test_commit_swaps_a_folder_whole(tmp_path):
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "old.csv").write_text("old")
    new = tmp_path / ".tables.new"
    new.mkdir()
    (new / "new.csv").write_text("new")
    staging = Staging()
    staging.put(new, tmp_path / "tables")
    staging.commit()
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == ["new.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tables"]


def test_ctrl_c_during_the_commit_waits_until_everything_is_in_place(tmp_path, monkeypatch):
    staging = Staging()
    for name in ("a.txt", "b.txt", "c.txt"):
        with atomic_path(tmp_path / name, staging) as tmp:
            tmp.write_text(name)
    real = os.replace

    def replace_and_interrupt(src, dst):
        real(src, dst)
        if str(dst).endswith("a.txt"):
            signal.raise_signal(signal.SIGINT)  # Ctrl-C after the first rename

    monkeypatch.setattr(os, "replace", replace_and_interrupt)
    with pytest.raises(KeyboardInterrupt):
        staging.commit()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt", "c.txt"]


def test_a_rename_that_fails_in_the_commit_puts_everything_back(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("old a")
    (tmp_path / "seal.json").write_text("old seal")
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "old.csv").write_text("old")
    staging = Staging()
    with atomic_path(tmp_path / "a.txt", staging) as tmp:
        tmp.write_text("new a")
    new_tables = tmp_path / ".tables.new"
    new_tables.mkdir()
    staging.put(new_tables, tmp_path / "tables")
    with atomic_path(tmp_path / "seal.json", staging, seal=True) as tmp:
        tmp.write_text("new seal")
    real = os.replace

    def replace(src, dst):
        if str(dst).endswith("a.txt") and str(src).endswith(".tmp"):  # the new a.txt goes in
            assert not (tmp_path / "seal.json").exists()  # the seal went aside first
        if str(src).endswith(".tables.new"):  # the new folder cannot go in
            raise OSError("disk full (simulated)")
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError, match="simulated"):
        staging.commit()
    monkeypatch.setattr(os, "replace", real)
    staging.discard()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "seal.json", "tables"]
    assert (tmp_path / "a.txt").read_text() == "old a"
    assert (tmp_path / "seal.json").read_text() == "old seal"
    assert [p.name for p in (tmp_path / "tables").iterdir()] == ["old.csv"]

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

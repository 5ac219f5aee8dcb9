"""graph.store_update: a rebuild brings the previous store up to date, and only when that
store holds exactly the graph.nt being replaced."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyoxigraph as ox
import pytest

import graph.store as store_module
from graph.bench import replicate_corpus
from graph.build import build
from graph.store import load_store
from graph.store_update import (
    STAMP,
    identity,
    previous_graph,
    sorted_difference,
    updated_copy,
    write_stamp,
)


def _triples_of_file(nt: Path) -> set:
    """As a store loaded from ``nt`` gives them back (Oxigraph stores
    ``xsd:nonNegativeInteger`` values as ``xsd:integer``)."""
    store = ox.Store()
    store.load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    return {(q.subject, q.predicate, q.object) for q in store}


def _triples_of_store(out: Path) -> set:
    store = ox.Store.read_only(str(out / "store"))
    return {(q.subject, q.predicate, q.object) for q in store}


@pytest.fixture
def corpus(tmp_path, seed_path):
    inputs, out = tmp_path / "in", tmp_path / "out"
    docs = replicate_corpus([seed_path], 12, inputs)  # one is less than a tenth
    build([inputs], out, jobs=1)
    return inputs, out, docs


def _no_full_load(monkeypatch):
    def refuse(_nt):
        raise AssertionError("the store was loaded whole")

    monkeypatch.setattr(store_module, "_chunks", refuse)


def test_rebuild_updates_the_store_to_hold_the_new_graph(corpus, monkeypatch):
    inputs, out, docs = corpus
    before = _triples_of_store(out)
    text = docs[1].read_text(encoding="utf-8")
    assert "werkbezoek aan de gemeente Groningen" in text
    docs[1].write_text(text.replace("werkbezoek aan de gemeente Groningen", "bezoek in Zwolle"),
                       encoding="utf-8")  # fmt: skip
    _no_full_load(monkeypatch)
    again = build([inputs], out, jobs=1)
    assert again.extracted == 1
    after = _triples_of_store(out)
    assert after == _triples_of_file(out / "graph.nt") and after != before
    assert any("bezoek in Zwolle" in o.value for _s, _p, o in after - before)
    stamp = json.loads((out / "store" / STAMP).read_text())
    assert stamp["inode"] == (out / "graph.nt").stat().st_ino


def test_rebuild_with_a_document_gone_drops_its_triples(corpus, monkeypatch):
    inputs, out, docs = corpus
    docs[2].unlink()
    _no_full_load(monkeypatch)
    build([inputs], out, jobs=1)
    assert _triples_of_store(out) == _triples_of_file(out / "graph.nt")


def test_store_left_behind_by_an_interrupted_build_is_loaded_whole(corpus, tmp_path):
    """A build killed halfway through putting its outputs in place may leave its graph.nt
    beside the store before: the stamp names the graph.nt before, so the next build must
    load the store whole, not update it by the (empty) difference between that graph.nt
    and its own."""
    inputs, out, docs = corpus
    text = docs[1].read_text(encoding="utf-8")
    docs[1].write_text(text.replace("werkbezoek aan de gemeente Groningen", "bezoek in Zwolle"),
                       encoding="utf-8")  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    build([inputs], elsewhere, jobs=1)
    os.replace(elsewhere / "graph.nt", out / "graph.nt")  # the new graph.nt, the old store
    assert previous_graph(out) is None
    stale = _triples_of_store(out)
    build([inputs], out, jobs=1)
    assert _triples_of_store(out) == _triples_of_file(out / "graph.nt") != stale


def test_stamp_names_the_file_the_store_read(tmp_path):
    nt = tmp_path / "graph.nt"
    nt.write_bytes(b"<http://e/a> <http://e/p> <http://e/o> .\n")
    load_store(nt, tmp_path / "store")
    assert previous_graph(tmp_path) is not None
    read = identity(nt)
    other = tmp_path / "other.nt"
    other.write_bytes(b"<http://e/a> <http://e/p> <http://e/q> .\n")
    os.replace(other, nt)  # another build renamed its graph.nt in while the store loaded
    (tmp_path / "store" / STAMP).unlink()
    write_stamp(tmp_path / "store", nt, read)
    assert not (tmp_path / "store" / STAMP).exists()
    write_stamp(tmp_path / "store", nt, identity(nt))
    assert previous_graph(tmp_path) is not None


def test_stamp_unreadable_means_no_update(corpus):
    _, out, _ = corpus
    (out / "store" / STAMP).write_text("{not json")
    assert previous_graph(out) is None


def _opened(path: Path, data: bytes):
    path.write_bytes(data)
    return open(path, "rb")  # noqa: SIM115 - the caller's with-block closes it


def test_sorted_difference_finds_lines_lost_and_gained(tmp_path):
    old = b"".join(b"<http://e/%03d> <http://e/p> <http://e/o> .\n" % i for i in range(100))
    new = old.replace(b"<http://e/005>", b"<http://e/005x>").replace(
        b"<http://e/050> <http://e/p> <http://e/o> .\n", b""
    )
    (tmp_path / "new.nt").write_bytes(new)
    with _opened(tmp_path / "old.nt", old) as before:
        removed, added, count = sorted_difference(before, tmp_path / "new.nt")
    assert removed == [b"<http://e/005> <http://e/p> <http://e/o> .\n",
                       b"<http://e/050> <http://e/p> <http://e/o> .\n"]  # fmt: skip
    assert added == [b"<http://e/005x> <http://e/p> <http://e/o> .\n"]
    assert count == 99


def test_sorted_difference_gives_up_on_a_large_one(tmp_path):
    old = b"".join(b"<http://e/%03d> <http://e/p> <http://e/o> .\n" % i for i in range(100))
    (tmp_path / "new.nt").write_bytes(old.replace(b"<http://e/p>", b"<http://e/q>"))
    with _opened(tmp_path / "old.nt", old) as before:
        assert sorted_difference(before, tmp_path / "new.nt") is None


def test_updated_copy_that_does_not_add_up_is_dropped(corpus):
    _, out, _ = corpus
    triples = len(ox.Store.read_only(str(out / "store")))
    target = out / "copy"
    assert updated_copy(out / "store", target, [], [], triples + 1) is None
    assert not target.exists()
    blank = [b"_:b0 <http://e/p> <http://e/o> .\n"]
    assert updated_copy(out / "store", target, blank, [], triples) is None
    assert updated_copy(out / "store", target, [], blank, triples + 1) is None
    assert updated_copy(out / "store", target, [], [b"<http://e/a> broken\n"], triples) is None
    assert not target.exists()
    kept = updated_copy(out / "store", target, [], [], triples)
    assert kept is not None and len(kept) == triples

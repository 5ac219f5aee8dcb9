"""graph.merge: documents mapped one by one and merged block by block give exactly the
files of the whole corpus mapped as one graph."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from graph.merge import merge_documents
from graph.rdf import document_graph, records_to_graph, write_graph_files

SEED = Path(__file__).resolve().parent / "fixtures" / "records" / "seed.json"


def _renamed(record: dict, new: str) -> dict:
    """The seed under another document id (every IRI below its document moves with it)."""
    old = record["document"]["id"]
    text = json.dumps(record, ensure_ascii=False).replace(f"/id/doc/{old}/", f"/id/doc/{new}/")
    clone = json.loads(text)
    clone["document"]["id"] = new
    return clone


def test_merge_gives_the_files_of_the_whole_graph(tmp_path):
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    # ids that sort inside each other's blocks: "d-1" < "d/" < "d0/" < "d0>" < "d>", and
    # one with a "/", whose lines all count as shared
    ids = ["d", "d0", "d-1", "e/f"]
    records = [_renamed(copy.deepcopy(seed), i) for i in ids]
    parts = [document_graph(r) for r in records[:2]] + [None, None]
    merged = merge_documents(records, parts, tmp_path / "merged")
    whole = write_graph_files(records_to_graph(records), tmp_path / "whole")
    for key in ("nt", "ttl", "jsonld"):
        assert merged[key].read_bytes() == whole[key].read_bytes(), key
    assert merged["triples"] == len(whole["nt"].read_text(encoding="utf-8").splitlines())


def test_merge_that_fails_while_writing_leaves_the_old_graph_and_store(tmp_path, monkeypatch):
    from graph import merge
    from graph.store import count_triples, open_store

    seed = json.loads(SEED.read_text(encoding="utf-8"))
    records = [_renamed(copy.deepcopy(seed), i) for i in ["a", "b", "c"]]
    out = tmp_path / "out"
    before = merge_documents(records[:1], [None], out)
    nt = before["nt"].read_bytes()
    real = merge._line_segments
    calls = []

    def failing(part, prefix):
        calls.append(prefix)
        if len(calls) == 3:
            raise OSError("disk full")
        return real(part, prefix)

    monkeypatch.setattr(merge, "_line_segments", failing)
    try:
        merge_documents(records, [None] * 3, out)
    except OSError:
        pass
    else:
        raise AssertionError("the failure did not reach the caller")
    assert before["nt"].read_bytes() == nt
    assert count_triples(open_store(out)) == before["triples"]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no half store or file

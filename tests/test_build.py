"""``kg build``: outputs, failures listed, incremental and atomic rebuilds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.build import build
from graph.cli import app


@pytest.fixture(scope="module")
def built(tmp_path_factory, seed_path):
    inputs = tmp_path_factory.mktemp("in")
    shutil.copy(seed_path, inputs / seed_path.name)
    (inputs / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    out = tmp_path_factory.mktemp("out")
    result = build([inputs], out)
    return inputs, out, result


def test_build_writes_every_output(built):
    _, out, result = built
    for name in ["graph.ttl", "graph.jsonld", "graph.nt", "report.md", "graph.html"]:
        assert (out / name).stat().st_size > 0, name
    assert (out / "store").is_dir()
    record = json.loads((out / "records" / "000_f6bdf192e8c7e34f.json").read_text())
    assert record["document"]["answerers"][0]["name"] == "Van Weel"
    assert result.extracted == 2


def test_build_lists_a_bad_document_and_builds_the_rest(built):
    inputs, _, result = built
    assert not result.ok
    assert [p for p, _ in result.failed] == [str(inputs / "broken.txt")]
    assert "binary" in result.failed[0][1]
    assert result.documents == ["000_f6bdf192e8c7e34f"]


def test_build_rebuild_with_nothing_changed_does_nothing(built):
    inputs, out, _ = built
    before = (out / "graph.nt").stat().st_mtime_ns
    again = build([inputs], out)
    assert again.up_to_date and again.extracted == 0
    assert (out / "graph.nt").stat().st_mtime_ns == before
    assert again.failed  # the bad document is still reported


def test_build_changed_document_replaces_its_triples(tmp_path, seed_path):
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    doc = inputs / seed_path.name
    shutil.copy(seed_path, doc)
    build([inputs], out)
    nt = (out / "graph.nt").read_text()
    assert "werkbezoek aan de gemeente Groningen" in nt
    doc.write_text(
        seed_path.read_text().replace("werkbezoek aan de gemeente Groningen", "bezoek in Zwolle"),
        encoding="utf-8",
    )
    second = build([inputs], out)
    assert second.extracted == 1 and not second.up_to_date
    nt = (out / "graph.nt").read_text()
    assert "werkbezoek aan de gemeente Groningen" not in nt and "bezoek in Zwolle" in nt
    assert len(list((out / "records").glob("*.json"))) == 1


@pytest.mark.parametrize(
    "damage",
    [lambda data: b"{not json" + data, lambda data: data[:-100]],
    ids=["entry line unreadable", "text cut short"],
)
def test_build_cache_entry_that_cannot_be_read_is_made_again(tmp_path, seed_path, damage):
    out = tmp_path / "out"
    build([seed_path], out)
    nt = (out / "graph.nt").read_bytes()
    (pack,) = (out / "cache").glob("*.pack")
    pack.write_bytes(damage(pack.read_bytes()))  # a disk error, an editor, a crash
    (out / "cache" / "stale.part").write_text("a cache file of an older layout")
    (out / "manifest.json").unlink()  # else the build is up to date
    again = build([seed_path], out)
    assert again.ok and again.extracted == 1
    assert (out / "graph.nt").read_bytes() == nt
    assert sorted(p.suffix for p in (out / "cache").iterdir()) == [".pack", ".record"]
    assert not pack.exists()  # nothing in it is used any more


def _three_documents(inputs: Path, seed_path: Path) -> str:
    inputs.mkdir()
    text = seed_path.read_text(encoding="utf-8")
    for i in range(3):  # the document id is the file's stem; the same text is one document
        (inputs / f"d{i}.txt").write_text(text + "\n" * i, encoding="utf-8")
    return text


def _rebuilt_from_cache_equals_fresh(inputs: Path, out: Path) -> None:
    (out / "manifest.json").unlink()  # else the build is up to date
    again = build([inputs], out, jobs=1)
    assert again.ok and again.extracted == 0  # every entry read back from the packs
    assert build([inputs], out / "fresh", jobs=1).ok
    assert (out / "graph.nt").read_bytes() == (out / "fresh" / "graph.nt").read_bytes()
    assert (out / "graph.jsonld").read_bytes() == (out / "fresh" / "graph.jsonld").read_bytes()


def test_build_cache_compacts_a_pack_that_is_mostly_dead(tmp_path, seed_path):
    """Changing most documents leaves their old entries dead in a pack; once its live
    entries are less than half of it, they are copied to a fresh pack and it goes."""
    from graph import cache

    inputs, out = tmp_path / "in", tmp_path / "out"
    text = _three_documents(inputs, seed_path)
    build([inputs], out, jobs=1)
    (first,) = (out / "cache").glob("*.pack")
    for i in (1, 2):  # two of three changed: the first pack is two-thirds dead
        (inputs / f"d{i}.txt").write_text(text + " " * i, encoding="utf-8")
    again = build([inputs], out, jobs=1)
    assert again.ok and again.extracted == 2
    assert not first.exists()
    entries = cache.read(out / "cache")
    assert sorted(e["id"] for e, _ in entries.values()) == ["d0", "d1", "d2"]
    _rebuilt_from_cache_equals_fresh(inputs, out)


def test_build_cache_keeps_a_pack_that_is_mostly_live(tmp_path, seed_path):
    inputs, out = tmp_path / "in", tmp_path / "out"
    text = _three_documents(inputs, seed_path)
    build([inputs], out, jobs=1)
    (first,) = (out / "cache").glob("*.pack")
    (inputs / "d2.txt").write_text(text + " ", encoding="utf-8")  # one of three changed
    assert build([inputs], out, jobs=1).extracted == 1
    assert first.exists() and len(list((out / "cache").glob("*.pack"))) == 2
    _rebuilt_from_cache_equals_fresh(inputs, out)


@pytest.mark.parametrize("sizes", ['["1"]', "[-5]", "null"])
def test_build_cache_entry_with_bad_section_sizes_ends_its_pack(tmp_path, seed_path, sizes):
    from graph import cache

    out = tmp_path / "out"
    build([seed_path], out)
    (pack,) = (out / "cache").glob("*.pack")
    data = pack.read_bytes()
    head, _, rest = data.partition(b"\n")
    bad = json.loads(head) | {"sections": json.loads(sizes)}
    pack.write_bytes(json.dumps(bad).encode() + b"\n" + rest)
    assert cache.read(out / "cache") == {}  # neither a crash nor an endless walk


def test_build_cache_write_that_fails_leaves_no_entry_after_its_fragment(tmp_path, monkeypatch):
    """A full disk mid-entry: the pack is closed, so the next entry goes to a fresh one
    and the fragment stays last in its pack, where the walk sees it is cut short."""
    import os

    from graph import cache

    folder = tmp_path / "cache"
    folder.mkdir()
    first = cache.append(folder, {"key": "a"}, [b"<a> <p> <o> .\n", b"", b""])
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data[:10])) and 1 / 0)
    with pytest.raises(ZeroDivisionError):
        cache.append(folder, {"key": "b"}, [b"<b> <p> <o> .\n", b"", b""])
    monkeypatch.setattr(os, "write", real_write)
    third = cache.append(folder, {"key": "c"}, [b"<c> <p> <o> .\n", b"", b""])
    cache.close(folder)
    for key in "ac":  # an entry counts only beside its record file
        (folder / f"{key}.record").write_text("")
    assert third.pack != first.pack
    found = cache.read(folder)
    assert sorted(found) == ["a", "c"]
    assert found["c"][1].lines() == "<c> <p> <o> .\n"


def test_build_byte_identical_across_runs(tmp_path, seed_path):
    a, b = tmp_path / "a", tmp_path / "b"
    build([seed_path], a)
    build([seed_path], b)
    for name in ["graph.ttl", "graph.nt", "graph.jsonld", "report.md", "graph.html"]:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_build_cli_exit_status_says_something_failed(built, tmp_path):
    inputs, _, _ = built
    result = CliRunner().invoke(app, ["build", str(inputs), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "1 document(s) failed" in result.stderr and "broken.txt" in result.stderr


def test_build_mistyped_path_is_an_error_and_leaves_the_build_alone(built, tmp_path):
    _, out, _ = built
    before = sorted(p.name for p in (out / "records").iterdir())
    result = CliRunner().invoke(app, ["build", str(tmp_path / "no-such-folder"), "--out", str(out)])
    assert result.exit_code == 2
    assert "no-such-folder: no such file or folder" in result.output
    assert sorted(p.name for p in (out / "records").iterdir()) == before


def test_build_of_a_folder_without_documents_fails_and_writes_nothing(tmp_path):
    """An empty folder or a folder of bad documents is a failed build (exit 1), and a new
    output folder is not left behind with a lock and a cache in it."""
    empty, bad = tmp_path / "empty", tmp_path / "bad"
    empty.mkdir()
    bad.mkdir()
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    for source, says in ((empty, "no .txt document found"), (bad, "binary.txt")):
        out = tmp_path / f"out-{source.name}"
        result = CliRunner().invoke(app, ["build", str(source), "--out", str(out)])
        assert result.exit_code == 1 and says in result.output, result.output
        assert not out.exists()


def test_build_skips_a_copy_of_a_letter_under_another_name(tmp_path, corpus_dir):
    """A letter's id is its file name: the same text saved twice is one document, built
    once; the copy is listed as skipped and the build says something failed."""
    docs = tmp_path / "docs"
    docs.mkdir()
    letter = corpus_dir / "jenv-kenmerk-5303168.txt"
    shutil.copyfile(letter, docs / letter.name)
    shutil.copyfile(letter, docs / "kopie.txt")
    result = build([docs], tmp_path / "out", jobs=1)
    assert result.documents == ["jenv-kenmerk-5303168"]
    [(path, reason)] = result.failed
    assert path.endswith("kopie.txt") and "same text as" in reason and not result.ok


def test_build_where_nothing_can_be_built_keeps_the_previous_outputs(built, tmp_path):
    _, out, _ = built
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    (bad / "page.html").write_text("<html><body>hallo</body></html>")
    result = CliRunner().invoke(app, ["build", str(bad), "--out", str(out)])
    assert result.exit_code == 1
    assert "left as it was" in result.output and "empty.txt" in result.output
    assert "1 file(s) skipped, not .txt: page.html" in result.output
    assert (out / "records" / "000_f6bdf192e8c7e34f.json").exists()
    assert "werkbezoek" in (out / "graph.nt").read_text()


def test_build_that_fails_late_leaves_records_as_the_graph_has_them(
    tmp_path, seed_path, monkeypatch
):
    import graph.build as b
    from graph.errors import BuildError

    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    shutil.copy(seed_path, inputs / seed_path.name)
    build([inputs], out)
    (inputs / "copy.txt").write_bytes(
        seed_path.read_bytes().replace(b"000_f6bdf192e8c7e34f", b"000_copy")
    )

    def fail(*_args, **_kwargs):
        raise BuildError("the graph does not conform (simulated)")

    monkeypatch.setattr(b, "write_outputs", fail)
    with pytest.raises(BuildError):
        build([inputs], out)
    assert sorted(p.name for p in (out / "records").iterdir()) == ["000_f6bdf192e8c7e34f.json"]


def test_build_lists_an_internal_error_of_one_document_and_builds_the_rest(
    tmp_path, seed_path, monkeypatch
):
    import graph.build as b

    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(seed_path, inputs / seed_path.name)
    (inputs / "other.txt").write_bytes(b"whatever")
    (inputs / "._ignored.txt").write_bytes(b"\x00\x05macOS resource fork")
    real = b.extract_record

    def flaky(path):
        if Path(path).name == "other.txt":
            raise KeyError("a bug")
        return real(path)

    monkeypatch.setattr(b, "extract_record", flaky)
    result = build([inputs], tmp_path / "out", jobs=1)
    assert result.documents == ["000_f6bdf192e8c7e34f"]
    assert [r for _p, r in result.failed] == [
        f"{inputs / 'other.txt'}: internal error: KeyError: 'a bug'"
    ]


def _outputs(out: Path) -> dict[str, bytes]:
    """Every output file of a build, by path under ``out`` (the cache and lock aside)."""
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.relative_to(out).parts[0] not in ("cache", ".kg-build.lock")
        and "store" not in p.relative_to(out).parts
    }  # fmt: skip


@pytest.mark.parametrize(
    "failing", ["graph.merge.write_graph", "graph.store.stage_store"], ids=["graph", "store"]
)
def test_build_that_fails_late_leaves_every_output_as_it_was(
    tmp_path, seed_path, monkeypatch, failing
):
    """The graph files, store, report, page, records and manifest go into place together:
    a build that fails once some are written (the report and page are made meanwhile)
    leaves all of them as they were, and no temporary file behind."""
    from graph.errors import BuildError

    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    shutil.copy(seed_path, inputs / seed_path.name)
    build([inputs], out)
    before = _outputs(out)
    (inputs / "copy.txt").write_bytes(
        seed_path.read_bytes().replace(b"000_f6bdf192e8c7e34f", b"000_copy")
    )

    def fail(*_args, **_kwargs):
        raise BuildError("cannot load the store (simulated)")

    monkeypatch.setattr(failing, fail)
    with pytest.raises(BuildError):
        build([inputs], out)
    assert _outputs(out) == before
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".kg-build.lock"]


def test_build_removes_what_a_killed_build_left_behind(tmp_path, seed_path):
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    shutil.copy(seed_path, inputs / seed_path.name)
    out.mkdir()
    (out / ".graph.nt.4853.22d9afe4.tmp").write_text("half a file")
    (out / ".store.tmp-abc123").mkdir()
    (out / ".records.new-4853").mkdir()
    mine = [".bashrc.old", ".session.tmp", ".zshrc.new", ".graph.nt"]  # not ours to remove
    for name in mine:
        (out / name).write_text("the user's")
    (out / ".vim.old").mkdir()
    build([inputs], out)
    left = sorted(p.name for p in out.iterdir() if p.name.startswith("."))
    assert left == sorted([".kg-build.lock", ".vim.old", *mine])


def test_build_refuses_a_folder_another_build_is_writing_into(tmp_path, seed_path):
    import subprocess
    import sys

    from graph.errors import BuildError

    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(  # another process holds the lock, as a running build does
        [sys.executable, "-c", "import fcntl, sys, time; f = open(sys.argv[1], 'a'); "
         "fcntl.lockf(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)",
         str(out / ".kg-build.lock")],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(BuildError, match="another kg build"):
            build([seed_path], out)
    finally:
        holder.kill()
        holder.wait()
    assert build([seed_path], out).documents == ["000_f6bdf192e8c7e34f"]


def test_build_refuses_a_folder_a_build_in_this_process_is_writing_into(tmp_path, seed_path):
    from graph.build import _only_build_in
    from graph.errors import BuildError

    out = tmp_path / "out"
    # as a build in another thread holds it
    with _only_build_in(out), pytest.raises(BuildError, match="another kg build"):
        build([seed_path], out)
    assert build([seed_path], out).documents == ["000_f6bdf192e8c7e34f"]


def test_build_cli_ctrl_c_exits_130_and_says_the_outputs_are_kept(tmp_path, monkeypatch):
    import graph.commands.build as command

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(command, "build", interrupted)
    result = CliRunner().invoke(app, ["build", "--out", str(tmp_path / "out")])
    assert result.exit_code == 130  # not 1, which says a document failed
    assert "interrupted" in result.output and "outputs of the last complete" in result.output

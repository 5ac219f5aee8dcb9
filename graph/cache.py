"""The build's cache: what a worker made of each document, kept under the document's input
key (:func:`graph.build.fingerprint`), so an unchanged document is never processed twice.

A cache folder holds

- ``{key}.record``: the document's record file, as ``records/`` holds it (hard-linked
  there by the build);
- ``*.pack``: entries, appended one after another by the process that made them, one pack
  per process and build. An entry is a line of JSON (the input key, the document id or the
  reason it failed, the graph's shared lines, lookups and SHACL outcome, and the byte
  lengths of its sections), then its sections: the document's own N-Triples lines and
  its two JSON-LD segments.

Packs, not a file per entry: creating a file is the dearest thing a worker does to the
file system (0.2-1 ms of system time per file on this machine, against 20 µs to append
the same bytes to an open one). Packs need no index: a folder is read by walking each
pack from entry to entry. An entry cut short (a killed worker) or one whose line cannot
be read ends the walk of its pack, and the documents after it are processed again; a
write that fails (a full disk) closes the pack, so no entry ever follows a fragment. An
entry counts only while its record file is there too.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import orjson

from graph.atomic import write_atomic

PACK = ".pack"
RECORD = ".record"


@dataclass(frozen=True)
class Location:
    """Where an entry is: its pack, where its line starts, where its sections start, and
    their byte lengths."""

    pack: Path
    start: int
    offset: int
    sizes: tuple[int, ...]

    @property
    def end(self) -> int:
        return self.offset + sum(self.sizes)

    def _read(self, first: int, last: int) -> bytes:
        """Sections ``first`` to ``last`` (inclusive), as bytes: lengths are in bytes."""
        with open(self.pack, "rb") as handle:
            handle.seek(self.offset + sum(self.sizes[:first]))
            return handle.read(sum(self.sizes[first : last + 1]))

    def lines(self) -> str:
        """The document's own N-Triples lines, as one text."""
        return self._read(0, 0).decode("utf-8")

    def nodes(self) -> tuple[str, str]:
        """The document's two JSON-LD segments (:func:`graph.jsonld.segments`)."""
        data = self._read(1, 2)
        cut = self.sizes[1]
        return data[:cut].decode("utf-8"), data[cut:].decode("utf-8")


def read(folder: Path) -> dict[str, tuple[dict, Location]]:
    """Every whole entry in ``folder`` whose record file is there: key -> (entry, where)."""
    found: dict[str, tuple[dict, Location]] = {}
    if not folder.is_dir():
        return found
    records = {p.stem for p in folder.glob(f"*{RECORD}")}
    for pack in sorted(folder.glob(f"*{PACK}")):
        for entry, where in _walk(pack):
            if entry["key"] in records:
                found[entry["key"]] = (entry, where)
    return found


def _walk(pack: Path):
    """The entries of one pack, in order, up to the first that is cut short or unreadable."""
    try:
        with open(pack, "rb") as handle:
            yield from _entries(pack, handle)
    except OSError:  # removed meanwhile, unreadable: its documents are processed again
        return


def _entries(pack: Path, handle):
    size = os.fstat(handle.fileno()).st_size
    while line := handle.readline():
        start = handle.tell() - len(line)
        try:
            entry = orjson.loads(line)
            sizes = tuple(entry["sections"])
            str(entry["key"])
        except (ValueError, TypeError, KeyError):  # JSONDecodeError is a ValueError
            return
        if not all(type(n) is int and n >= 0 for n in sizes):
            return
        body = start + len(line)
        end = body + sum(sizes)
        if end > size:
            return
        yield entry, Location(pack, start, body, sizes)
        handle.seek(end)


_writers: dict[tuple[int, Path], tuple[int, Path]] = {}  # (pid, folder) -> (fd, pack)


def record_path(folder: Path, key: str) -> Path:
    """The record file of input ``key`` in ``folder``."""
    return folder / f"{key}{RECORD}"


def put(folder: Path, key: str, record_text: str, entry: dict,
        own: list[str], nodes: tuple[str, str]) -> Location:  # fmt: skip
    """Cache one document: its record file, then its entry with the document's own
    N-Triples lines and JSON-LD segments as sections. The entry comes last: an entry names
    a whole record file."""
    # renamed into place: whole or not there (a killed worker), and a new inode, so the
    # records/ of the last build keeps the old text it links
    write_atomic(record_path(folder, key), record_text)
    sections = [x.encode("utf-8") for x in ("".join(f"{x}\n" for x in own), *nodes)]
    return append(folder, entry, sections)


def append(folder: Path, entry: dict, sections: list[bytes]) -> Location:
    """Append an entry to this process's pack in ``folder`` (made on first use) in one
    write; ``entry`` gets the sections' lengths. Returns where the sections are."""
    entry["sections"] = [len(x) for x in sections]
    header = _line(entry)
    pack, offset = _append_bytes(folder, header + b"".join(sections))
    return Location(pack, offset, offset + len(header), tuple(entry["sections"]))


def _append_bytes(folder: Path, data: bytes) -> tuple[Path, int]:
    """Append ``data`` to this process's pack in ``folder`` in one write (a forked worker
    opens its own, so offsets stay its own); returns the pack and where ``data`` starts."""
    key = (os.getpid(), folder)
    if key not in _writers:
        pack = folder / f"{os.getpid()}-{secrets.token_hex(4)}{PACK}"
        _writers[key] = (os.open(pack, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644), pack)
    fd, pack = _writers[key]
    offset = os.lseek(fd, 0, os.SEEK_END)
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(fd, view) :]
    except BaseException:  # a full disk, a signal: no later entry may follow a fragment
        close(folder)
        raise
    return pack, offset


def close(folder: Path) -> None:
    """Close this process's pack in ``folder``, if it has one: the next entry goes to a
    fresh pack. Workers never call it: their writes are unbuffered, and their packs close
    as the processes end."""
    opened = _writers.pop((os.getpid(), folder), None)
    if opened:
        os.close(opened[0])


def _line(entry: dict) -> bytes:
    """The entry as one line of JSON (no raw newline: JSON escapes them in strings)."""
    try:
        return orjson.dumps(entry, option=orjson.OPT_APPEND_NEWLINE)
    except TypeError:  # what orjson refuses (a non-string key, a huge integer)
        return (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")


def prune(folder: Path, live: dict[str, Location]) -> None:
    """Remove what no input refers to any more: record files of other keys, packs holding
    no live entry, files of an older cache layout, temporary files. A pack whose live
    entries are less than half of it has them copied into a fresh pack, and goes: the
    cache never grows past about twice what the inputs need."""
    if not folder.exists():
        return
    by_pack: dict[Path, list[str]] = {}
    for key, where in live.items():
        by_pack.setdefault(where.pack, []).append(key)
    live = dict(live)
    close(folder)  # entries are copied into a fresh pack, never into their own
    try:
        for pack, keys in by_pack.items():
            used = sum(live[k].end - live[k].start for k in keys)
            if 2 * used < pack.stat().st_size:
                live.update(_copied(folder, pack, {k: live[k] for k in keys}))
                pack.unlink()
    finally:
        close(folder)
    packs = {where.pack.name for where in live.values()}
    for path in folder.iterdir():
        if path.suffix == PACK:
            keep = path.name in packs
        else:
            keep = path.suffix == RECORD and path.stem in live
        if not keep and path.is_file():
            path.unlink(missing_ok=True)


def _copied(folder: Path, pack: Path, entries: dict[str, Location]) -> dict[str, Location]:
    """The ``entries`` of ``pack`` appended, byte for byte, to this process's pack."""
    moved = {}
    with open(pack, "rb") as source:
        for key, where in sorted(entries.items(), key=lambda item: item[1].start):
            source.seek(where.start)
            data = source.read(where.end - where.start)
            fresh, at = _append_bytes(folder, data)
            moved[key] = Location(fresh, at, at + where.offset - where.start, where.sizes)
    return moved

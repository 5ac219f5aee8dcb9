"""``kg build``: documents -> records -> graph files, store, report and page.

Each stage reads what the stage before wrote, so a notebook can call the same
functions. The build is

- **parallel**: documents are read, extracted, mapped to RDF, checked against the SHACL
  shapes (:mod:`graph.shape_check`) and encoded as N-Triples lines, JSON-LD nodes and the
  record file in worker processes, one document at a time
  (:func:`graph.rdf.document_graph`): that is where most of the time goes;
- **incremental**: all of that is cached under the hash of the document's bytes, its path
  and the code and data that make them (:func:`fingerprint`), so an unchanged document is
  never processed twice, a build whose inputs are all unchanged does nothing, and the
  previous store is updated by the lines the graph lost and gained rather than loaded
  again (:mod:`graph.store_update`);
- **lean in the main process**: it holds slim records only (:func:`graph.record.slim`),
  checks each cached part against the whole corpus (:func:`graph.merge.checked_parts`
  maps again only documents whose cross-record lookups changed), copies the parts block
  by block into ``graph.nt`` and ``graph.jsonld`` and lets Oxigraph write Turtle and load
  the store, while a forked process writes the report and the page (:mod:`graph.side`)
  into a folder of its own, put into place with the rest;
- **forgiving**: one bad document never stops the build; it is listed with its reason
  and :attr:`BuildResult.ok` is false;
- **atomic**: every output (graph files, store, report, tables, charts, page, records,
  and last the manifest) is written under a temporary name and put into place with the
  others in one go at the end (:class:`graph.atomic.Staging`, milliseconds, Ctrl-C held
  off meanwhile; a rename that fails puts the old ones back): a failed or interrupted
  build leaves the previous outputs as they were. A SIGKILL within those milliseconds
  leaves no manifest, so the next build does everything again. A lock on the output
  folder keeps a second build out of it, and the next build removes what a killed one
  left behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path

import orjson

from graph import cache
from graph.atomic import Staging, atomic_path, staged
from graph.errors import BuildError, ReadError
from graph.pipeline import extract_record
from graph.record import dumps, slim
from graph.resources import project_path

PACKAGE = Path(__file__).resolve().parent
DEFAULT_INPUT = project_path("data", "raw")
SUFFIXES = {".txt", ".text"}
PARALLEL_FROM = 16
"""Below this many documents to extract, worker processes cost more than they save."""

_EXTRACTOR_FILES = (  # (folder, pattern)
    (PACKAGE, "read/*.py"),
    (PACKAGE, "extract/*.py"),
    (PACKAGE, "*.py"),
    (project_path("data"), "*/*.csv"),
    (project_path("ontology"), "*.ttl"),
)


@dataclass
class BuildResult:
    out: Path
    documents: list[str] = field(default_factory=list)  # ids of the documents built
    skipped: list[Path] = field(default_factory=list)  # files in the folders, not .txt
    failed: list[tuple[str, str]] = field(default_factory=list)
    outputs: dict[str, Path] = field(default_factory=dict)
    extracted: int = 0
    up_to_date: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed


def find_documents(paths: Iterable[str | Path], skipped: list[Path] | None = None) -> list[Path]:
    """Files as given, plus every text file under each folder, sorted, no repeats; other
    files under the folders are added to ``skipped``. A path that does not exist is a
    :class:`graph.errors.BuildError`: a mistyped argument must not look like an empty corpus."""
    from graph.errors import BuildError

    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(f for f in p.rglob("*") if f.is_file()):
                if f.name.startswith("."):
                    continue  # ._x.txt (macOS), .#x.txt (editor locks): not documents
                if f.suffix.lower() in SUFFIXES:
                    found.append(f)
                elif skipped is not None:
                    skipped.append(f)
        elif p.exists():
            found.append(p)
        else:
            raise BuildError("no such file or folder", str(p))
    return list(dict.fromkeys(found))


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Hash of the code and data that make a record: a change there invalidates the cache."""
    digest = hashlib.sha256()
    for folder, pattern in _EXTRACTOR_FILES:
        for path in sorted(folder.glob(pattern)):
            digest.update(f"{folder.name}/{path.relative_to(folder).as_posix()}".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _input_key(path: Path) -> str:
    digest = hashlib.sha256(fingerprint().encode())
    digest.update(str(path).encode())
    try:
        digest.update(path.read_bytes() if path.is_file() else b"<not a file>")
    except OSError:
        digest.update(b"<unreadable>")
    return digest.hexdigest()


def _extract(path: Path) -> tuple[str, dict | None, str | None]:
    """Worker: one document to its record, or the one-line reason it failed."""
    try:
        return str(path), extract_record(path), None
    except ReadError as exc:
        return str(path), None, str(exc)
    except Exception as exc:  # noqa: BLE001 - a bug on one document must not stop the rest
        return str(path), None, f"{path}: internal error: {type(exc).__name__}: {exc}"


def _process(job: tuple[Path, Path, str]) -> tuple[str, dict]:
    """Worker: one document into the cache (:mod:`graph.cache`): its record file
    ``{key}.record`` (linked into ``records/``), and an entry appended to this process's
    pack: the document id, or the reason it failed; its graph's shared lines, lookups and
    SHACL outcome; then the document's own N-Triples lines and its two JSON-LD segments
    (:func:`graph.jsonld.segments`). The main process links or streams these and never
    encodes them again; it gets the entry back, with where its sections are.

    (:func:`graph.cache.put` writes the record file first, the entry last.)"""
    from graph.rdf import document_graph

    path, folder, key = job
    _, record, error = _extract(path)
    entry: dict = {"key": key, "id": record["document"]["id"] if record else None,
                   "error": error}  # fmt: skip
    if record is not None:
        entry["slim"] = slim(record)
    own, nodes = [], ("", "")
    if record is not None:
        try:
            entry["graph"] = document_graph(record)
        except Exception as exc:  # noqa: BLE001 - listed as this document's failure
            entry = {"key": key, "id": None,
                     "error": f"{path}: internal error: {type(exc).__name__}: {exc}"}  # fmt: skip
            record = None
        else:
            own, nodes = entry["graph"].pop("own"), entry["graph"].pop("own_nodes")
    entry["at"] = cache.put(folder, key, dumps(record) if record else "", entry, own, nodes)
    return str(path), entry


def build(
    paths: Iterable[str | Path] = (),
    out: str | Path = "build",
    *,
    jobs: int | None = None,
    progress: bool = False,
) -> BuildResult:
    """Build everything for the documents under ``paths`` (default: the bundled seed)."""
    out = Path(out)
    result = BuildResult(out)
    files = find_documents(list(paths) or [DEFAULT_INPUT], result.skipped)
    if not files:  # nothing to read: nothing is written, not even the output folder
        return result
    keys = {str(p): _input_key(p) for p in files}
    new = not out.exists()
    with _only_build_in(out):
        _remove_leftovers(out)
        _build(files, keys, out, result, jobs, progress)
    if new and not result.documents:  # every document failed: no folder of a lock and a cache
        shutil.rmtree(out, ignore_errors=True)
    return result


def _build(files: list[Path], keys: dict[str, str], out: Path, result: BuildResult,
           jobs: int | None, progress: bool) -> BuildResult:  # fmt: skip
    manifest = out / "manifest.json"
    previous = _read_json(manifest)
    if previous.get("inputs") == keys and all(
        Path(p).exists() for p in previous.get("outputs", {}).values()
    ):
        result.up_to_date = True
        result.failed = [tuple(f) for f in previous.get("failed", [])]
        result.outputs = {k: Path(v) for k, v in previous["outputs"].items()}
        return result

    folder = out / "cache"
    folder.mkdir(parents=True, exist_ok=True)
    cached = cache.read(folder)
    entries: dict[str, dict] = {}  # interned: those of earlier builds, then the new ones
    todo = []
    for p in files:
        found = cached.pop(keys[str(p)], None)
        if found is None:
            todo.append(p)
        else:
            entries[str(p)] = _interned_entry(found[0] | {"at": found[1]})
    del cached
    try:
        for path, entry in _run([(p, folder, keys[str(p)]) for p in todo], jobs, progress):
            entries[path] = _interned_entry(entry)  # while the workers go on
    finally:
        cache.close(folder)  # the pack this process wrote, for a few documents
    result.extracted = len(todo)

    seen: dict[str, str] = {}  # document id -> path
    same_text: dict[str, str] = {}  # sha256 of the file -> path
    parts: list[dict] = []
    record_files: list[tuple[str, Path]] = []
    records: list[dict] = []  # slim (graph.record.slim): the full ones stay on disk
    live = {e["key"]: e["at"] for e in entries.values()}  # failed ones too: not redone
    for path in files:
        entry = entries.pop(str(path))
        if entry.get("error"):
            result.failed.append((str(path), entry["error"]))
            continue
        doc_id, digest = entry["id"], entry["slim"]["document"].get("sha256")
        if doc_id in seen:
            result.failed.append(
                (str(path), f"{path}: same document id {doc_id} as {seen[doc_id]}; skipped")
            )
            continue
        if digest in same_text:  # a letter's id is its file name: a copy would count twice
            result.failed.append((str(path), f"{path}: same text as {same_text[digest]}; skipped"))
            continue
        seen[doc_id] = str(path)
        if digest:
            same_text[digest] = str(path)
        record_file = cache.record_path(folder, entry["key"])
        record_files.append((doc_id, record_file))
        result.documents.append(doc_id)
        records.append(entry["slim"])
        where = entry["at"]
        parts.append(
            entry["graph"] | {"own": where.lines, "own_nodes": where.nodes, "record": record_file}
        )

    if not records:  # nothing to build from: leave the previous outputs as they are
        return result
    _status(progress, f"{len(records)} documents: graph files, store, report, page")
    try:
        with staged() as staging:  # every output goes into place at once, at the end
            write_outputs(records, out, result.outputs, parts, staging)
            result.outputs["records"] = _stage_records(record_files, out, staging)
            with atomic_path(manifest, staging, seal=True) as tmp:  # says the set is whole
                tmp.write_text(_manifest(keys, result), encoding="utf-8")
    except OSError as exc:  # a rename failed: the previous outputs were put back
        raise BuildError(f"cannot put the outputs in place: {exc}", str(out)) from exc
    cache.prune(folder, live)
    return result


_BUILDING: set[Path] = set()  # output folders a build in this process is writing into
_BUILDING_LOCK = threading.Lock()


@contextmanager
def _only_build_in(out: Path) -> Iterator[None]:
    """Keep every other build out of ``out`` while this one runs: two builds writing into
    one folder would mix their outputs, and each would take the other's files for
    leftovers. Other processes are kept out by a POSIX record lock on
    ``out/.kg-build.lock`` (``lockf``, not ``flock``: it goes with this process however it
    ends, and the workers it forks, which may outlive a killed build by a second, do not
    inherit it); other threads of this process, which that lock does not see, by a set."""
    out.mkdir(parents=True, exist_ok=True)
    key = out.resolve()
    with _BUILDING_LOCK:
        if key in _BUILDING:
            raise BuildError("another kg build is writing into this folder", str(out))
        _BUILDING.add(key)
    try:
        with open(out / ".kg-build.lock", "a") as handle:
            try:
                import fcntl
            except ImportError:  # not POSIX: this process only
                yield
                return
            try:
                fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:  # EACCES or EAGAIN: held by another process
                raise BuildError("another kg build is writing into this folder", str(out)) from None
            yield
    finally:
        with _BUILDING_LOCK:
            _BUILDING.discard(key)


_OUTPUTS = (
    r"(?:graph\.(?:nt|ttl|jsonld|html)|manifest\.json|report(?:\.md)?|store|records|tables|charts)"
)
_LEFTOVER = re.compile(rf"\.{_OUTPUTS}\.(?:\d+\.[0-9a-f]{{8}}\.tmp|tmp-\w+|(?:old|new)(?:-\d+)?)")
"""The temporary files and folders a build makes beside its outputs, and nothing else in
the folder: ``.graph.nt.{pid}.{hex}.tmp`` (:func:`graph.atomic.atomic_path`),
``.store.tmp-{random}`` (:func:`graph.store.stage_store`), ``.records.new-{pid}``,
``.report.new-{pid}``, ``.store.old-{pid}`` (:class:`graph.atomic.Staging`), and the
names of earlier versions (``.records.old``)."""


def _remove_leftovers(out: Path) -> None:
    """What builds killed before they could clean up left in ``out`` (under the lock, none
    of it is another build's)."""
    for path in out.iterdir():
        if _LEFTOVER.fullmatch(path.name):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def _manifest(keys: dict[str, str], result: BuildResult) -> str:
    return json.dumps(
        {
            "inputs": keys,
            "failed": result.failed,
            "outputs": {k: str(v) for k, v in result.outputs.items()},
        },
        indent=2,
        ensure_ascii=False,
    )


def _interned(value):
    """``value`` with every string interned: records repeat actor names, ids and types,
    and a corpus of them is most of the main process's memory."""
    if isinstance(value, str):
        return sys.intern(value)
    if isinstance(value, list):
        return [_interned(v) for v in value]
    if isinstance(value, dict):
        return {sys.intern(k): _interned(v) for k, v in value.items()}
    return value


def _interned_entry(entry: dict) -> dict:
    """A cache entry with its slim record and shared lines interned: documents repeat the
    same actor and programme lines, and keep one copy of each."""
    if entry.get("slim") is not None:
        entry["slim"] = _interned(entry["slim"])
    if entry.get("graph"):
        entry["graph"]["shared"] = [sys.intern(line) for line in entry["graph"]["shared"]]
    return entry


def _status(progress: bool, text: str) -> None:
    """One line on stderr before the main process writes the outputs (a minute at 10,000
    documents). Not an animated spinner: its thread could hold a lock when the report
    process is forked, and a child that then logs would hang."""
    if progress:
        print(f"{text} …", file=sys.stderr, flush=True)


def _run(todo: list[tuple[Path, Path, str]], jobs: int | None, progress: bool):
    """Process ``todo`` (document, cache folder, input key) in worker processes (or here,
    for a few), with a progress bar."""
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(todo) < PARALLEL_FROM:
        yield from _progress(map(_process, todo), len(todo), progress)
        return
    from concurrent.futures.process import BrokenProcessPool

    from graph.errors import BuildError

    _warm_up()
    try:
        # fork, named: the workers inherit what _warm_up loaded (Python 3.14 forks a server)
        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork")) as pool:
            # map() forks the workers now, before the progress bar starts its thread: a fork
            # taken while another thread holds a lock can leave that lock held in the child.
            yield from _progress(pool.map(_process, todo, chunksize=4), len(todo), progress)
    except BrokenProcessPool as exc:  # a worker was killed (out of memory, a signal)
        raise BuildError(f"a worker process died ({exc}); try --jobs 1") from exc


def _warm_up() -> None:
    """Load what every worker needs (modules, the gazetteer, the compiled shapes) once,
    before the workers fork: they inherit it instead of each spending half a second of CPU
    on it, and the main process needs the modules and the gazetteer later anyway."""
    import graph.extract  # noqa: F401 - its patterns compile on import
    from graph.gazetteer import load_gazetteer
    from graph.rdf import document_graph  # noqa: F401
    from graph.shape_check import compiled

    load_gazetteer()
    compiled()


def _progress(items, total: int, progress: bool):
    from rich.progress import Progress

    with Progress(transient=True, disable=not progress or not total) as bar:
        task = bar.add_task("reading, extracting, mapping, checking", total=total)
        for item in items:
            bar.advance(task)
            yield item


def _stage_records(record_files: list[tuple[str, Path]], out: Path, staging: Staging) -> Path:
    """Link (or copy) every record file from the cache into a fresh folder, staged to take
    the place of ``out/records``."""
    target = out / "records"
    new = out / f".records.new-{os.getpid()}"
    shutil.rmtree(new, ignore_errors=True)
    new.mkdir(parents=True)
    staging.put(new, target)
    for doc_id, source in record_files:
        try:
            os.link(source, new / f"{doc_id}.json")
        except OSError:  # a file system without hard links
            shutil.copyfile(source, new / f"{doc_id}.json")
    return target


def _read_json(path: Path) -> dict:
    try:
        return orjson.loads(path.read_bytes())
    except (OSError, ValueError):  # orjson.JSONDecodeError is a ValueError
        return {}


def write_outputs(
    records: list[dict],
    out: Path,
    outputs: dict[str, Path],
    parts: list[dict] | None = None,
    staging: Staging | None = None,
) -> None:
    """The stages after extraction, each reading records: RDF (validated, files, store),
    the analysis report, the interactive page. ``parts`` are the documents' graphs made by
    the workers (:func:`graph.rdf.document_graph`), each naming its full ``record`` file;
    then ``records`` may be slim (:func:`graph.record.slim`). Without parts the graphs are
    made here from ``records``, which must then be whole. The outputs go into place when
    ``staging`` commits, else before this returns."""
    from graph.merge import checked_parts, write_graph
    from graph.side import in_parallel

    parts = checked_parts(records, parts or [None] * len(records))
    report_dir = out / f".report.new-{os.getpid()}"
    shutil.rmtree(report_dir, ignore_errors=True)
    with staged(staging) as staging:
        staging.remove_later(report_dir)
        # The report and the page need only the records: made in a forked process
        # meanwhile, into a folder of their own, staged once the graph is written.
        with in_parallel(_report_and_page, records, report_dir, name="report and page") as side:
            rdf = write_graph(records, parts, out, staging)
        outputs.update({k: v for k, v in rdf.items() if isinstance(v, Path)})
        outputs.update({k: out / v.relative_to(report_dir) for k, v in side.result.items()})
        for item in sorted(report_dir.iterdir()):  # report.md, graph.html, tables/, charts/
            staging.put(item, out / item.name)


def _report_and_page(records: list[dict], out: Path) -> dict[str, Path]:
    from graph import report
    from graph.tracker import tracker_section
    from graph.viz import write_page

    written = report.write_report(records, out, sections=[*report.SECTIONS, tracker_section])
    return {"report": written[0], "page": write_page(records, out / "graph.html")}

"""Write a file so that readers see the old one or the new one, never half of one; and put
a set of outputs into place together (:class:`Staging`)."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


@contextmanager
def atomic_path(path: str | Path, staging: Staging | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it over ``path`` when the block ends
    (or, with ``staging``, when the staging commits), delete it when the block raises. For
    writers that stream into a file themselves."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary(path)
    try:
        yield tmp
        if staging is None:
            os.replace(tmp, path)
        else:
            staging.put(tmp, path)
    finally:
        if staging is None or not staging.holds(tmp):
            tmp.unlink(missing_ok=True)


def write_atomic(path: str | Path, data: bytes | str) -> Path:
    """Write ``data`` (text as UTF-8) atomically to ``path``; parents are created."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_path(path) as tmp, open(tmp, "xb") as handle:
        handle.write(payload)
    return Path(path)


class Staging:
    """Outputs written beside their places under temporary names, put into place together.

    A build writes a dozen files and folders over seconds. Renamed one by one as each was
    written, an interrupted build left some new and some old: ``graph.nt`` new, ``records/``
    old. Staged, they are renamed in one go at the end (:meth:`commit`, milliseconds) with
    Ctrl-C and SIGTERM held until it is done; only a SIGKILL or a crash within those
    milliseconds can still split the set. :meth:`discard` removes whatever was not put in
    place, and the folders the new ones replaced."""

    def __init__(self) -> None:
        self._moves: list[tuple[Path, Path]] = []  # (written, its place), in commit order
        self._trash: list[Path] = []  # removed after the commit, or on discard

    def put(self, written: Path, place: Path) -> None:
        """``written`` (a file or folder) goes to ``place`` on commit."""
        self._moves.append((Path(written), Path(place)))

    def holds(self, written: Path) -> bool:
        return any(w == written for w, _ in self._moves)

    def remove_later(self, path: Path) -> None:
        """Remove ``path`` (a working folder) once the outputs are in place or discarded."""
        self._trash.append(Path(path))

    def commit(self) -> None:
        """Every staged file and folder into its place: a file by one rename, a folder by
        moving the old one aside first (removed afterwards)."""
        with _signals_held():
            for written, place in self._moves:
                if written.is_dir() and place.exists():
                    aside = place.with_name(f".{place.name}.old-{os.getpid()}")
                    shutil.rmtree(aside, ignore_errors=True)
                    os.replace(place, aside)
                    self._trash.append(aside)
                os.replace(written, place)
            self._moves.clear()
        self.discard()

    def discard(self) -> None:
        """Remove what was staged and not committed, and the working folders."""
        for written, _ in self._moves:
            if written.is_dir():
                shutil.rmtree(written, ignore_errors=True)
            else:
                written.unlink(missing_ok=True)
        self._moves.clear()
        for path in self._trash:
            shutil.rmtree(path, ignore_errors=True)
        self._trash.clear()


@contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block is done, then act as they would have.
    (Only the main thread may set handlers; elsewhere the block runs as it is.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM)
    before = {s: signal.signal(s, lambda signum, _frame: caught.append(signum)) for s in held}
    try:
        yield
    finally:
        for s, handler in before.items():
            signal.signal(s, signal.SIG_DFL if handler is None else handler)
        if caught:
            signal.raise_signal(caught[0])

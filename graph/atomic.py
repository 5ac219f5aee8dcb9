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
def atomic_path(
    path: str | Path, staging: Staging | None = None, *, seal: bool = False
) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it over ``path`` when the block ends
    (or, with ``staging``, when the staging commits; ``seal``: :meth:`Staging.put`), delete
    it when the block raises. For writers that stream into a file themselves."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temporary(path)
    try:
        yield tmp
        if staging is None:
            os.replace(tmp, path)
        else:
            staging.put(tmp, path, seal=seal)
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
    Ctrl-C and SIGTERM held until it is done. The *seal* (the build's manifest, which says
    the outputs are whole) is moved aside first and put in place last: a SIGKILL or a crash
    within those milliseconds leaves no seal, so the next build does everything again. A
    rename that fails puts everything back as it was. :meth:`discard` removes whatever was
    not put in place, and what the new outputs replaced."""

    def __init__(self) -> None:
        self._moves: list[tuple[Path, Path]] = []  # (written, its place), in commit order
        self._seal: tuple[Path, Path] | None = None
        self._trash: list[Path] = []  # removed after the commit, or on discard

    def put(self, written: Path, place: Path, *, seal: bool = False) -> None:
        """``written`` (a file or folder) goes to ``place`` on commit; the seal goes last."""
        if seal:
            self._seal = (Path(written), Path(place))
        else:
            self._moves.append((Path(written), Path(place)))

    def holds(self, written: Path) -> bool:
        return any(w == written for w, _ in self._staged())

    def remove_later(self, path: Path) -> None:
        """Remove ``path`` (a working folder) once the outputs are in place or discarded."""
        self._trash.append(Path(path))

    def _staged(self) -> list[tuple[Path, Path]]:
        return [*self._moves, *([self._seal] if self._seal else [])]

    def commit(self) -> None:
        """Every staged file and folder into its place: first every old one is moved aside
        (the seal's first), then every new one renamed in (the seal last); the old ones are
        removed afterwards."""
        moves = self._staged()
        done: list[tuple[Path, Path]] = []  # put in place
        asides: dict[Path, Path | None] = {}  # place: its old file or folder, moved aside
        with _signals_held():
            try:
                for _, place in moves[-1:] + moves[:-1] if self._seal else moves:
                    asides[place] = self._aside(place)
                for written, place in moves:
                    done.append((written, place))
                    os.replace(written, place)
            except BaseException:
                self._put_back(done, asides)
                raise
            self._moves.clear()
            self._seal = None
            self._trash += [aside for aside in asides.values() if aside is not None]
        self.discard()

    @staticmethod
    def _aside(place: Path) -> Path | None:
        if not place.exists():
            return None
        aside = place.with_name(f".{place.name}.old-{os.getpid()}")
        _remove(aside)
        os.replace(place, aside)
        return aside

    @staticmethod
    def _put_back(done: list[tuple[Path, Path]], asides: dict[Path, Path | None]) -> None:
        """Undo a commit that failed: the new outputs back to their temporary names, the
        old ones back in place."""
        for written, place in reversed(done):
            if place.exists() and not written.exists():
                os.replace(place, written)
        for place, aside in asides.items():
            if aside is not None and aside.exists() and not place.exists():
                os.replace(aside, place)

    def discard(self) -> None:
        """Remove what was staged and not committed, and the working folders."""
        for written, _ in self._staged():
            _remove(written)
        self._moves.clear()
        self._seal = None
        for path in self._trash:
            _remove(path)
        self._trash.clear()


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


@contextmanager
def staged(staging: Staging | None = None) -> Iterator[Staging]:
    """``staging`` as it is (its owner commits it), or a new one, committed when the block
    ends and discarded if it raises: for writers that put their outputs in place
    themselves unless a caller gathers them."""
    if staging is not None:
        yield staging
        return
    own = Staging()
    try:
        yield own
        own.commit()
    finally:
        own.discard()


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

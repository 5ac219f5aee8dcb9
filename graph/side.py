"""Run one job in a forked process while the main process goes on with another.

The build's last stages are two independent halves: the graph files and store (much of it
in Oxigraph's Rust code) and the report and page (pure Python, reading only records). On
a 2-core machine running them side by side saves most of the shorter one. A fork shares
the records with the child without pickling them.
"""

from __future__ import annotations

import multiprocessing as mp
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from graph.errors import BuildError

__all__ = ["Side", "in_parallel"]


class Side:
    """The job's return value, in :attr:`result` once the ``with`` block has ended."""

    result: Any = None


def _child(conn, fn: Callable, args: tuple) -> None:
    try:
        conn.send(("ok", fn(*args)))
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
        last = traceback.format_exception_only(type(exc), exc)[-1].strip()
        conn.send(("error", last))
    finally:
        conn.close()


@contextmanager
def in_parallel(fn: Callable, *args, name: str = "") -> Iterator[Side]:
    """``fn(*args)`` in a forked process during the ``with`` block (inline after it where
    fork is unavailable). Its return value must pickle; its failure raises
    :class:`graph.errors.BuildError` naming ``name`` and its last line when the block ends."""
    side = Side()
    if "fork" not in mp.get_all_start_methods():
        yield side
        side.result = fn(*args)
        return
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(child, fn, args), daemon=True)
    process.start()
    child.close()
    try:
        yield side
        try:
            status, value = parent.recv()
        except EOFError:  # the child died without a word (killed, out of memory)
            process.join()
            status, value = "error", f"exit status {process.exitcode}"
    except BaseException:
        process.kill()
        raise
    finally:
        process.join()
        parent.close()
    if status != "ok":
        raise BuildError(f"{name or fn.__name__}: {value}")
    side.result = value

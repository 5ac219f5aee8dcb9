"""graph.side: a job in a forked process beside the main one."""

from __future__ import annotations

import os

import pytest

from graph.errors import BuildError
from graph.side import in_parallel


def _pid_and_sum(values: list[int]) -> tuple[int, int]:
    return os.getpid(), sum(values)


def _fails() -> None:
    raise ValueError("no such chart")


def test_side_runs_the_job_in_another_process_and_returns_its_value():
    with in_parallel(_pid_and_sum, [1, 2, 3]) as side:
        here = os.getpid()
    pid, total = side.result
    assert total == 6 and pid != here


def test_side_failure_is_a_build_error_with_its_reason():
    with (
        pytest.raises(BuildError, match="charts: ValueError: no such chart"),
        in_parallel(_fails, name="charts"),
    ):
        pass


def test_side_failure_of_the_main_block_propagates():
    with pytest.raises(KeyError), in_parallel(_pid_and_sum, [1]):
        raise KeyError("main")

"""Shared fixtures: the bundled seed, and the real corpus from ../shared.

Tests that need ../shared skip with a reason when it is absent, except under
CI=true, where its absence is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "000_f6bdf192e8c7e34f.txt"
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus" / "raw"
GOLD = SHARED / "eval" / "gold"


def require_shared(path: Path) -> Path:
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing, and CI=true requires it")
        pytest.skip(f"{path} is absent: the shared corpus is not next to this checkout")
    return path


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return require_shared(CORPUS)


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return require_shared(GOLD)


def corpus_file(name: str) -> Path:
    return require_shared(CORPUS / name)

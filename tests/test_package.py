"""The package finds its ontology and data in a checkout and as installed from a wheel."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from graph import resources

ROOT = Path(__file__).resolve().parents[1]


def test_package_finds_files_beside_the_package_or_under_share(tmp_path, monkeypatch):
    shipped = tmp_path / "share" / "kamervragen-kg"
    (shipped / "ontology").mkdir(parents=True)
    (shipped / "ontology" / "kg.ttl").write_text("# shipped\n")
    assert resources.project_path("ontology", "kg.ttl") == ROOT / "ontology" / "kg.ttl"
    monkeypatch.setattr(resources, "CHECKOUT", tmp_path / "no-checkout")
    monkeypatch.setattr(resources, "INSTALLED", shipped)
    assert resources.project_path("ontology", "kg.ttl") == shipped / "ontology" / "kg.ttl"


def test_package_wheel_ships_ontology_data_and_seed(tmp_path):
    # built from a copy: setuptools leaves build/lib and build/bdist.* where it builds, and
    # the checkout's build/ is kg build's output folder
    source = tmp_path / "source"
    source.mkdir()
    for name in ["pyproject.toml", "README.md"]:
        shutil.copy(ROOT / name, source / name)
    for name in ["graph", "ontology", "data"]:
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(tmp_path)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("kamervragen_kg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    share = next(n for n in names if "/share/kamervragen-kg/" in n).split("/share/")[0]
    wanted = [
        *[f"ontology/{p.name}" for p in (ROOT / "ontology").iterdir()],
        *[f"data/gazetteer/{p.name}" for p in (ROOT / "data" / "gazetteer").iterdir()],
        "data/reference/roles.csv",
        *[f"data/raw/{p.name}" for p in (ROOT / "data" / "raw").glob("*.txt")],
    ]
    missing = [w for w in wanted if f"{share}/share/kamervragen-kg/{w}" not in names]
    assert not missing
    assert "graph/queries/commitments.rq" in names and "graph/resources.py" in names

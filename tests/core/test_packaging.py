"""Installed as a wheel, the package finds its rule set from any folder (importlib.resources)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .helpers import REPO

pytestmark = pytest.mark.slow

# what a wheel is built from; copied so that building leaves nothing (build/, egg-info) in the work tree
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "screening", "rules", "ui", "resources")


def _pip(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pip", *args], capture_output=True, text=True, cwd=cwd, timeout=600
    )


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of what the wheel is built from, taken once (others may edit the work tree meanwhile)."""
    source = tmp_path_factory.mktemp("packaging") / "source"
    source.mkdir()
    for name in SOURCES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif path.exists():
            shutil.copy2(path, source / name)
    return source


@pytest.fixture(scope="module")
def wheel(source: Path) -> Path:
    base = source.parent
    out = base / "dist"
    # Offline first, with the setuptools of this environment. That can be older than the one
    # pyproject.toml needs (a fresh Python 3.11 venv has setuptools 65); then let pip fetch it.
    done = _pip("wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(source), cwd=base)
    if done.returncode != 0:
        isolated = _pip("wheel", "--no-deps", "-w", str(out), str(source), cwd=base)
        assert isolated.returncode == 0, (
            f"building the wheel failed\n--- without isolation:\n{done.stdout}{done.stderr}"
            f"\n--- with isolation:\n{isolated.stdout}{isolated.stderr}"
        )
    wheels = list(out.glob("*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("target")
    done = _pip("install", "--no-deps", "--no-index", "--target", str(target), str(wheel), cwd=target)
    assert done.returncode == 0, done.stdout + done.stderr
    return target


def test_the_wheel_holds_the_rule_set_and_the_schema(wheel: Path, source: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"rules/default/{p.name}" for p in (source / "rules" / "default").glob("*.yaml")}
    assert shipped and shipped <= names, sorted(shipped - names)
    assert "rules/schema.json" in names
    assert "rules/__init__.py" in names
    # every module of the source tree, sub-packages included, is in the wheel
    for path in sorted((source / "screening").rglob("*.py")):
        assert path.relative_to(source).as_posix() in names
    assert not any(name.startswith("tests/") for name in names)


def _python(target: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = str(target)
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def test_the_installed_copy_is_the_one_imported(installed: Path, tmp_path: Path) -> None:
    code = "import screening, rules; print(screening.__file__); print(rules.__file__)"
    done = _python(installed, tmp_path, "-c", code)
    assert done.returncode == 0, done.stderr
    screening_file, rules_file = (Path(line) for line in done.stdout.splitlines())
    assert screening_file.is_relative_to(installed), screening_file
    assert rules_file.is_relative_to(installed), rules_file
    assert not screening_file.is_relative_to(REPO)


def test_validate_finds_the_shipped_rule_set_from_any_folder(installed: Path, tmp_path: Path) -> None:
    done = _python(installed, tmp_path, "-m", "screening", "validate")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(str(installed / "rules" / "default") + ": valid"), done.stdout


def test_the_installed_copy_shows_the_shipped_rule_set(installed: Path, source: Path, tmp_path: Path) -> None:
    done = _python(
        installed,
        tmp_path,
        "-c",
        "from screening.ruleset.loader import load_ruleset, default_rules_path; "
        "r = load_ruleset(); print(default_rules_path()); print(r.sha256); print(len(r.behaviours))",
    )
    assert done.returncode == 0, done.stderr
    path, sha256, count = done.stdout.splitlines()
    assert Path(path) == installed / "rules" / "default"
    from screening.ruleset.loader import load_ruleset

    built_from = load_ruleset(source / "rules" / "default")
    # the same files, so the same hash (the hash ignores where the folder is)
    assert (sha256, int(count)) == (built_from.sha256, len(built_from.behaviours))

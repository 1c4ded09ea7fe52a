"""The domain core never imports Qt; the light commands never load the PDF library."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from .helpers import MINI_DIR, REPO

CORE = REPO / "screening"
FORBIDDEN = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "ui")


def core_files() -> list[Path]:
    return sorted(p for p in CORE.rglob("*.py") if "__pycache__" not in p.parts)


def imported_names(tree: ast.AST) -> list[tuple[int, str]]:
    """Every module a file imports, including importlib.import_module("...") and __import__("...")."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("import_module", "__import__") and isinstance(node.args[0].value, str):
                found.append((node.lineno, node.args[0].value))
    return sorted(found)


def test_the_ast_check_sees_imports() -> None:
    tree = ast.parse(
        "import PySide6.QtCore\nfrom shiboken6 import x\ndef f():\n    from ui.app import main\n"
        "import importlib\nimportlib.import_module('PySide6.QtGui')\n"
    )
    assert [name for _, name in imported_names(tree)] == [
        "PySide6.QtCore", "shiboken6", "ui.app", "importlib", "PySide6.QtGui"
    ]


def test_no_core_module_imports_qt_or_the_ui() -> None:
    files = core_files()
    assert CORE / "engine" / "assess.py" in files and len(files) >= 10
    offending = []
    for path in files:
        for line, name in imported_names(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if name.split(".")[0] in FORBIDDEN:
                offending.append(f"{path.relative_to(REPO)}:{line}: imports {name}")
    assert offending == [], "the domain core must not import Qt or ui/:\n" + "\n".join(offending)


def _run_isolated(code: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, cwd=REPO, timeout=180
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_importing_every_core_module_loads_no_qt() -> None:
    result = _run_isolated(
        """
        import contextlib, io, json, pkgutil, importlib, sys
        import screening
        names = sorted(m.name for m in pkgutil.walk_packages(screening.__path__, "screening."))
        names = [n for n in names if n != "screening.__main__"]  # running it would start the command line
        for name in names:
            importlib.import_module(name)
        from screening.cli import main
        with contextlib.redirect_stdout(io.StringIO()) as out:
            code = main(["show", "--json"])
        json.loads(out.getvalue())
        qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"))
        print(json.dumps({"modules": names, "code": code, "qt": qt, "ui": "ui" in sys.modules}))
        """
    )
    assert "screening.engine" in result["modules"] and "screening.ruleset.loader" in result["modules"]
    assert result["code"] == 0
    assert result["qt"] == []
    assert result["ui"] is False


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "--json"],
        ["show"],
        ["validate"],
        ["validate", str(MINI_DIR)],
        ["search", "--age", "7", "--json", "showed", "his", "willy"],
        ["assess", "{record}", "--rules", str(MINI_DIR), "--json"],
    ],
    ids=lambda argv: " ".join(argv[:2]),
)
def test_light_commands_load_neither_qt_nor_reportlab(tmp_path: Path, argv: list[str]) -> None:
    record = tmp_path / "rec.yaml"
    record.write_text(
        "format: screening-record/1\nrole: teacher\nchild: {age_years: 5}\nbehaviours: [{id: y0-plays-doctors}]\n"
    )
    args = [a.format(record=record) for a in argv]
    result = _run_isolated(
        f"""
        import contextlib, io, json, sys
        from screening.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            code = main({args!r})
        heavy = sorted({{m.split(".")[0] for m in sys.modules}} & {{"PySide6", "shiboken6", "reportlab"}})
        print(json.dumps({{"code": code, "heavy": heavy}}))
        """
    )
    assert result == {"code": 0, "heavy": []}


OLD_PATHS = (
    "screening.record", "screening.loader", "screening.yamlsafe", "screening.model", "screening.search",
    "screening.referral", "screening.records_cli", "screening.referral_cli", "screening.spec",
)


@pytest.mark.parametrize("name", OLD_PATHS)
def test_the_old_flat_paths_are_gone(name: str) -> None:
    """The flat modules moved into the sub-packages; no alias keeps a second way in."""
    import importlib

    with pytest.raises(ModuleNotFoundError):
        importlib.import_module(name)

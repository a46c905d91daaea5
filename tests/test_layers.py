"""The layering is a contract checked by import-linter (pyproject.toml, [tool.importlinter]):
cli -> commands -> ui | plain -> workshop -> reports -> storage -> content -> core, a pure core,
and Textual imported only by the UI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from helpers import REPO as ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """import-linter over the `quiz` package under `root`, with `root`'s pyproject.toml."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(root / "pyproject.toml"), "--no-cache"],
        capture_output=True, text=True, cwd=root, env={"PYTHONPATH": str(root), "PATH": ""},
    )


def test_the_package_keeps_its_layers():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_a_textual_import_in_the_core_breaks_the_contract(tmp_path: Path):
    copy = tmp_path / "checkout"
    shutil.copytree(ROOT / "quiz", copy / "quiz", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    scoring = copy / "quiz" / "core" / "scoring.py"
    scoring.write_text(scoring.read_text(encoding="utf-8") + "\nimport textual  # noqa\n",
                       encoding="utf-8")
    result = lint_imports(copy)
    assert result.returncode == 1
    assert "quiz.core is not allowed to import textual" in result.stdout
    assert "quiz.core.scoring -> textual" in result.stdout

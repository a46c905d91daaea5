"""The domain layer imports neither Textual nor Rich: renderers and the UI are thin layers over it."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import quiz

# Presentation modules: the only places allowed to import textual or rich.
PRESENTATION = ("quiz.ui", "quiz.plain", "quiz.reports.render_", "quiz.__main__")


def domain_modules() -> list[str]:
    names = [
        module.name
        for module in pkgutil.walk_packages(quiz.__path__, prefix="quiz.")
        if not module.name.startswith(PRESENTATION)
    ]
    return sorted(names)


def test_domain_modules_are_found():
    names = domain_modules()
    for expected in ("quiz.core.packs", "quiz.core.engine", "quiz.core.scoring", "quiz.cli"):
        assert expected in names


def test_domain_modules_import_neither_textual_nor_rich():
    code = (
        "import importlib, sys\n"
        f"for name in {domain_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""

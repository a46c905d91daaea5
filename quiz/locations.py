"""Every path the program reads or writes, in one place.

Environment variables override the platform defaults so tests and classrooms can relocate data.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "quiz"

_PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_root() -> Path:
    """Folder holding `content/` and `seeds/`: inside the wheel, or the repository when editable."""
    inside_wheel = _PACKAGE_DIR / "_bundled"
    if inside_wheel.is_dir():
        return inside_wheel
    return _PACKAGE_DIR.parent


def bundled_content_dir() -> Path:
    return bundled_root() / "content"


def default_taxonomy_path() -> Path:
    return bundled_content_dir() / "taxonomy.yaml"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Where the learner's database lives: --data-dir, then $QUIZ_DATA_DIR, then the OS default."""
    if override:
        return Path(override).expanduser()
    from_env = os.environ.get("QUIZ_DATA_DIR")
    if from_env:
        return Path(from_env).expanduser()
    from platformdirs import user_data_dir  # only here: most runs override the folder

    return Path(user_data_dir(APP_NAME, appauthor=False))


def user_content_dir(data: Path | None = None) -> Path:
    """Packs the user added; listed beside the bundled ones on the home screen."""
    return (data or data_dir()) / "packs"


def cache_dir() -> Path:
    """Validated packs are cached here so start-up skips YAML parsing and checks."""
    from_env = os.environ.get("QUIZ_CACHE_DIR")
    if from_env:
        return Path(from_env).expanduser()
    from platformdirs import user_cache_dir  # only here: as above

    return Path(user_cache_dir(APP_NAME, appauthor=False))

"""What the app remembers between launches, in the data folder: the last learner, the mode, the
"how sure?" setting and the theme (settings.json, written atomically).

A missing, damaged or foreign file is no settings at all: remembering is a convenience, and
nothing a learner recorded lives here.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

from quiz import locations
from quiz.content.files import MB, UnreadableFile, read_capped, write_text

SETTINGS_FILENAME = "settings.json"
_MODES = ("practice", "check", "study")
_THEMES = ("textual-dark", "textual-light")


@dataclass(frozen=True, slots=True)
class Settings:
    """The choices to start with next time; None: never chosen (the defaults apply)."""

    learner: str | None = None
    mode: str | None = None  # practice, check or study
    confidence: bool | None = None
    theme: str | None = None


def settings_path(data_dir: Path | None = None) -> Path:
    return locations.data_dir(data_dir) / SETTINGS_FILENAME


def read_settings(data_dir: Path | None = None) -> Settings:
    """The remembered settings; each value that is not one a setting can have is dropped."""
    try:
        raw = json.loads(read_capped(settings_path(data_dir), MB).decode("utf-8"))
    except (UnreadableFile, ValueError, RecursionError):
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    learner = raw.get("learner")
    return Settings(
        learner=learner if isinstance(learner, str) and learner.strip() else None,
        mode=raw.get("mode") if raw.get("mode") in _MODES else None,
        confidence=raw.get("confidence") if isinstance(raw.get("confidence"), bool) else None,
        theme=raw.get("theme") if raw.get("theme") in _THEMES else None,
    )


def remember(data_dir: Path | None = None, **changes: object) -> Settings:
    """Keep `changes` (learner=, mode=, confidence=, theme=) with the other settings; a folder
    that cannot be written is no error (the choice is only not remembered)."""
    updated = dataclasses.replace(read_settings(data_dir), **changes)  # type: ignore[arg-type]
    try:
        path = settings_path(data_dir)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, json.dumps(dataclasses.asdict(updated), ensure_ascii=False, indent=2)
                   + "\n")
    except OSError:
        pass
    return updated

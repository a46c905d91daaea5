"""Fixtures shared by the test modules: private data and cache folders and quiet Textual (for all),
a hand-moved clock, the mini pack, an in-memory store, UTC and an empty pack list (on request).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from helpers import MINI_PATH, ManualClock

from quiz.content.pack_files import load_pack
from quiz.core.packs import LoadedPack
from quiz.storage.store import Store


@pytest.fixture(autouse=True)
def private_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the developer's own database, packs and cache out of every test."""
    monkeypatch.setenv("QUIZ_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture(autouse=True)
def quiet_textual(monkeypatch: pytest.MonkeyPatch) -> None:
    """No animations and a steady cursor: screenshots must not depend on timing."""
    monkeypatch.setattr("textual.constants.TEXTUAL_ANIMATIONS", "none")
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def mini_pack_path() -> Path:
    """The four-item test pack: launch (state media), accusation (allegation, state media
    accepted), denial, sanctions (independent fact), in that article order."""
    return MINI_PATH


@pytest.fixture(scope="module")
def mini() -> LoadedPack:
    """The four-item test pack loaded once per module and never from the cache, so no test
    module shares its pack object with another. A module may override it with its own `mini`."""
    return load_pack(MINI_PATH, use_cache=False)


@pytest.fixture
def no_listed_packs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The home screen lists just the pack a test opens (the bundled pack's content changes)."""
    monkeypatch.setattr("quiz.ui.screens.home.available_pack_files", lambda data=None: [])


@pytest.fixture
def utc_time_zone(monkeypatch: pytest.MonkeyPatch):
    """Dates on screen are local time: the tests read them in UTC."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def store():
    """An in-memory store with the real clock; modules that need another clock define their own."""
    with Store(":memory:") as opened:
        yield opened


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The data folder private_folders points QUIZ_DATA_DIR at."""
    return tmp_path / "data"

"""What is remembered between launches (issue 16): the last learner, mode, "how sure?" setting
and theme, in the data folder's settings.json; a damaged file is no settings, never an error."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import pytest

from quiz.cli import build_parser
from quiz.commands.common import store_choice
from quiz.commands.play import app_start
from quiz.core.engine import Mode, QuizOptions
from quiz.storage.settings import Settings, read_settings, remember, settings_path
from quiz.ui.app import QuizApp
from quiz.ui.screens.item import ItemScreen


def data(tmp_path: Path) -> Path:
    return tmp_path / "data"  # conftest's QUIZ_DATA_DIR


def test_no_file_is_no_settings(tmp_path):
    assert read_settings(data(tmp_path)) == Settings()


@pytest.mark.parametrize("text", [
    "{", "[]", "null", '{"learner": 3, "mode": "expert", "confidence": "yes", "theme": "neon"}',
    '{"learner": "   "}', "\udcff", "[" * 100_000,
])
def test_a_damaged_or_foreign_settings_file_is_no_settings(tmp_path, text):
    path = settings_path(data(tmp_path))
    path.parent.mkdir(parents=True)
    path.write_text(text, errors="surrogateescape")
    assert read_settings(data(tmp_path)) == Settings()


def test_a_folder_in_place_of_the_file_is_no_settings_and_remembering_is_no_error(tmp_path):
    settings_path(data(tmp_path)).mkdir(parents=True)
    assert read_settings(data(tmp_path)) == Settings()
    assert remember(data(tmp_path), mode="check").mode == "check"  # kept for this launch only


def test_each_change_keeps_the_others(tmp_path):
    remember(data(tmp_path), learner="Ana", mode="check")
    remember(data(tmp_path), theme="textual-light")
    assert read_settings(data(tmp_path)) == Settings("Ana", "check", None, "textual-light")
    assert json.loads(settings_path(data(tmp_path)).read_text())["learner"] == "Ana"


def test_the_remembered_learner_is_used_unless_the_command_line_or_environment_says(
    tmp_path, monkeypatch
):
    monkeypatch.delenv("QUIZ_LEARNER", raising=False)
    remember(data(tmp_path), learner="Bo")
    choice = store_choice(argparse.Namespace(learner=None, data_dir=None))
    assert (choice.learner, choice.learner_source) == ("Bo", "the last learner (settings.json)")
    assert store_choice(argparse.Namespace(learner="Cy", data_dir=None)).learner == "Cy"
    monkeypatch.setenv("QUIZ_LEARNER", "Di")
    assert store_choice(argparse.Namespace(learner=None, data_dir=None)).learner == "Di"


def test_an_unusable_remembered_learner_is_ignored(tmp_path, monkeypatch):
    monkeypatch.delenv("QUIZ_LEARNER", raising=False)
    path = settings_path(data(tmp_path))
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"learner": "x" * 500}))
    choice = store_choice(argparse.Namespace(learner=None, data_dir=None))
    assert choice.learner_source == "the computer's user name"


def test_the_app_starts_in_the_mode_and_confidence_used_last_unless_the_command_line_says():
    parse = build_parser().parse_args
    last = Settings(mode="check", confidence=True)
    options, confidence, study = app_start(parse(["play"]), QuizOptions(), last)
    assert (options.mode, confidence, study) == (Mode.CHECK, True, False)
    options, confidence, _ = app_start(parse(["play", "--mode", "practice"]), QuizOptions(), last)
    assert (options.mode, confidence) == (Mode.PRACTICE, True)
    _, confidence, study = app_start(parse(["play"]), QuizOptions(), Settings(mode="study"))
    assert (confidence, study) == (False, True)
    _, confidence, study = app_start(parse(["play", "--confidence", "--mode", "check"]),
                                     QuizOptions(), Settings(mode="study", confidence=False))
    assert (confidence, study) == (True, False)


async def test_the_app_remembers_the_mode_confidence_theme_and_learner_chosen(
    mini_pack_path, clock, tmp_path
):
    app = QuizApp(mini_pack_path, clock=clock, learner="Ana", data_dir=data(tmp_path),
                  settings=read_settings(data(tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m", "c")  # check mode, "how sure?" on
        await pilot.press("s")
        assert isinstance(app.screen, ItemScreen)
        app.action_toggle_theme()
        await pilot.pause()
    assert read_settings(data(tmp_path)) == Settings(None, "check", True, "textual-light")

    again = QuizApp(mini_pack_path, clock=clock, learner="Ana", data_dir=data(tmp_path),
                    settings=read_settings(data(tmp_path)))
    async with again.run_test(size=(80, 24)) as pilot:
        assert again.theme == "textual-light"
        await pilot.press("l", *"Bo", "enter")
        assert again.learner == "Bo"
    assert read_settings(data(tmp_path)).learner == "Bo"


async def test_an_app_without_settings_writes_none(mini_pack_path, clock, tmp_path):
    app = QuizApp(mini_pack_path, clock=clock, learner="Ana", data_dir=data(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        app.action_toggle_theme()
    assert not os.path.exists(settings_path(data(tmp_path)))

"""The review screen driven by keys (Pilot) on a pack `quiz draft` wrote, and its snapshots at
80x24 and 120x40; the home screen offers the review only for a pack with drafts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import drafted_for_review, press, screen_text

from quiz.cli import main
from quiz.content.checks import check_pack
from quiz.content.review.session import ReviewSession
from quiz.storage.store import Store
from quiz.ui.app import QuizApp
from quiz.ui.review.app import ReviewApp
from quiz.ui.review.screen import ReviewScreen


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return drafted_for_review(tmp_path / "packs")


def blocks(text: str) -> dict[str, str]:
    found, current = {}, None
    for line in text.splitlines(keepends=True):
        if line.startswith("- id: "):
            current = line[len("- id: "):].strip()
            found[current] = ""
        elif not line.startswith((" ", "-")):
            current = None
        if current is not None:
            found[current] += line
    return found


async def test_review_end_to_end_accept_answer_cue_edit_drop_undo_save(pack):
    original = pack.read_text(encoding="utf-8")
    session = ReviewSession.open(pack)
    app = ReviewApp(session)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        first = session.current
        await press(pilot, "enter")  # accepted as it stands
        assert not first.draft and session.current is not first
        second = session.current  # "Satellite tracking data published by ... OpenWake ..."
        await press(pilot, "2")  # a government allegation after all
        assert second.fields["answer"] == "government_allegation"
        assert second.fields["explanation"].startswith("Draft (rule accusation-verb):")
        # The cue by keyboard: the first word, then two more ("Satellite tracking data").
        await press(pilot, "home", "shift+right", "shift+right", "c")
        assert second.fields["cue"] == "Satellite tracking data"
        await press(pilot, "e")
        await pilot.press(*"Satellite data is evidence. Nobody is accused here.")
        await press(pilot, "ctrl+s")
        assert second.fields["explanation"] == ("Satellite data is evidence. Nobody is accused "
                                                "here.")
        await press(pilot, "4")  # no: it is a fact; the texts are drafted for a fact again
        assert second.fields["answer"] == "independent_fact"
        await press(pilot, "u")  # undo that change: the allegation and the explanation are back
        assert second.fields["answer"] == "government_allegation"
        assert second.fields["explanation"].startswith("Satellite data is evidence.")
        await press(pilot, "enter")
        assert not second.draft
        third = session.current
        await press(pilot, "x")
        await press(pilot, "enter")  # the reason offered
        assert third.dropped is not None
        assert "Accept" in screen_text(pilot)
        await press(pilot, "q")
    assert app.return_value == "quit"
    saved = pack.read_text(encoding="utf-8")
    loaded, problems = check_pack(pack)
    assert loaded is not None, problems
    assert not [p for p in problems if p.severity == "error"]
    items = {item.id: item for item in loaded.pack.items}
    assert third.id not in items and not items[first.id].draft and not items[second.id].draft
    assert items[second.id].cue == "Satellite tracking data"
    assert loaded.pack.skipped[0].sentence == third.text("claim")
    before, after = blocks(original), blocks(saved)
    untouched = set(before) - {first.id, second.id, third.id}
    assert len(untouched) == 13
    for item_id in untouched:
        assert after[item_id] == before[item_id]
    assert saved.split("- id:")[0] == original.split("- id:")[0]


async def test_an_item_that_fails_the_checks_is_not_accepted_and_the_screen_says_where(pack):
    session = ReviewSession.open(pack)
    app = ReviewApp(session)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        entry = session.current
        await press(pilot, "1")  # state media, with no cue to show it
        await press(pilot, "enter")
        assert entry.draft and session.current is entry
        text = screen_text(pilot)
        assert "cue is empty" in text and "Not done: cannot accept" in text


async def test_markup_typed_into_an_explanation_is_shown_as_text(pack):
    session = ReviewSession.open(pack)
    app = ReviewApp(session)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await press(pilot, "e")
        await pilot.press(*"[bold red]Loud[/] claim. Second one.")
        await press(pilot, "ctrl+s")
        assert "[bold red]Loud[/] claim. Second one." in screen_text(pilot)


async def test_the_home_screen_offers_review_only_for_a_pack_with_drafts(pack, mini_pack_path,
                                                                          no_listed_packs):
    with Store(":memory:") as store:
        app = QuizApp(pack, store=store, learner="Ana")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert "Review drafts" in screen_text(pilot)
            await press(pilot, "r")
            assert isinstance(app.screen, ReviewScreen)
        app = QuizApp(mini_pack_path, store=store, learner="Ana")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert "Review drafts" not in screen_text(pilot)


def test_snapshot_review_screen(snap_compare, pack):
    assert snap_compare(ReviewApp(ReviewSession.open(pack)), terminal_size=(80, 24))


def test_snapshot_review_screen_after_a_new_answer_wide(snap_compare, pack):
    app = ReviewApp(ReviewSession.open(pack))

    async def review(pilot):
        await pilot.press("enter", "enter", "enter", "3")
        await app.workers.wait_for_complete()  # the new answer's check runs in a thread
        await pilot.pause()

    assert snap_compare(app, run_before=review, terminal_size=(120, 40))

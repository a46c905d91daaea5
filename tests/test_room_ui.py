"""Room mode, driven by key presses at a projector-like size (100x30) and at 80x24, over the
four-item mini pack (launch = state media, accusation = government allegation with state media
accepted, denial = denial, sanctions = independent fact), plus SVG snapshots of its screens.

Review a changed snapshot before accepting it (pytest --snapshot-update rewrites them all).
"""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest
from helpers import Ticks, press, screen_text
from textual.pilot import Pilot

from quiz.content.pack_files import load_pack
from quiz.core.packs import LoadedPack
from quiz.core.workshop_records import Audience, State
from quiz.storage.store import Store
from quiz.ui.screens.confirm import ConfirmScreen
from quiz.ui.workshop.room_app import RoomApp
from quiz.ui.workshop.room_screen import RoomScreen
from quiz.ui.workshop.room_widgets import Countdown, TallyChart
from quiz.workshop.model import Workshop

PROJECTOR = (100, 30)
SMALL = (80, 24)


@pytest.fixture
def mini(mini_pack_path: Path) -> LoadedPack:
    return load_pack(mini_pack_path)


def room_app(store: Store, pack: LoadedPack, *, countdown: int | None = None,
             clock: Ticks | None = None, **options) -> RoomApp:
    workshop = Workshop.create(store, pack, audience=Audience.ROOM, room_size=30,
                               code_rng=random.Random(1), **options)
    return RoomApp(workshop, countdown=countdown, clock=clock or Ticks())


def flat(text: str) -> str:
    return " ".join(text.split())


def workshop_of(pilot: Pilot) -> Workshop:
    return pilot.app.workshop


# -- one walk through the workshop -------------------------------------------------------------


@pytest.mark.parametrize("size", [PROJECTOR, SMALL])
async def test_the_facilitator_counts_hands_reveals_goes_back_and_ends_early(
    store: Store, mini: LoadedPack, size: tuple[int, int]
):
    app = room_app(store, mini)
    async with app.run_test(size=size) as pilot:
        assert "Press s to start" in flat(screen_text(pilot))
        await press(pilot, "s")
        assert "What kind of statement is the highlighted claim?" in flat(screen_text(pilot))

        # 12 for state media, 3 for allegation, nothing for the others; enter moves down.
        await press(pilot, "1", "2", "enter", "3", "enter", "enter", "enter")
        assert "Tally kept: 15 hands" in flat(screen_text(pilot))
        await press(pilot, "r")
        workshop = workshop_of(pilot)
        assert workshop.info().state is State.REVEALED
        assert workshop.tally(0).counts == {"state_media": 12, "government_allegation": 3,
                                            "denial": 0, "independent_fact": 0}
        text = flat(screen_text(pilot))
        assert "Answer: State-media claim" in text
        assert "How the room answered (15 hands)" in text
        chart = pilot.app.screen.query_one(TallyChart)
        assert chart.counts["state_media"] == 12 and chart.best == "state_media"

        await press(pilot, "n", "k", "r")  # the accusation: no count taken
        assert workshop.tally(1).counts is None
        assert "No show of hands was counted" in flat(screen_text(pilot))

        await press(pilot, "b")
        assert workshop.info().position == 0
        assert "Answer: State-media claim" in flat(screen_text(pilot))  # still revealed

        await press(pilot, "e")
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await press(pilot, "y")
        info = workshop.info()
        assert info.state is State.DONE and info.ended_early
        text = flat(screen_text(pilot))
        assert "The workshop ended early." in text
        assert "quiz workshop report" in text


async def test_facilitator_notes_toggle_on_and_off(store: Store, mini: LoadedPack):
    app = room_app(store, mini)
    async with app.run_test(size=PROJECTOR) as pilot:
        await press(pilot, "s")
        assert "Facilitator notes" not in screen_text(pilot)
        await press(pilot, "f")
        text = flat(screen_text(pilot))
        assert "Facilitator notes (they give the answer away)" in text
        assert "If they said Denial: Nothing is being rejected." in text
        await press(pilot, "r")
        assert "Facilitator notes" in screen_text(pilot)  # stays on across items
        await press(pilot, "f")
        assert "Facilitator notes" not in screen_text(pilot)


async def test_a_count_above_the_room_size_is_refused_and_nothing_moves(
    store: Store, mini: LoadedPack
):
    app = room_app(store, mini)
    async with app.run_test(size=PROJECTOR) as pilot:
        await press(pilot, "s", "4", "0", "r")
        assert "State-media claim: a tally cannot be more than the room size, 30" in \
            flat(screen_text(pilot))
        assert workshop_of(pilot).info().state is State.QUESTION
        assert workshop_of(pilot).tally(0) is None


async def test_counts_adding_up_beyond_the_room_are_refused(store: Store, mini: LoadedPack):
    app = room_app(store, mini)
    async with app.run_test(size=PROJECTOR) as pilot:
        await press(pilot, "s", "2", "0", "enter", "2", "0", "r")
        assert "adds up to 40 hands, more than the room size of 30" in flat(screen_text(pilot))
        assert workshop_of(pilot).info().state is State.QUESTION


async def test_with_a_check_the_check_items_move_on_without_a_reveal(
    store: Store, mini: LoadedPack
):
    app = room_app(store, mini, check=True, seed=4)
    async with app.run_test(size=PROJECTOR) as pilot:
        await press(pilot, "s")
        text = flat(screen_text(pilot))
        assert "Before check 1 of 2" in text and "the answer is not shown" in text
        await press(pilot, "5", "r")  # r is not offered on a check item
        workshop = workshop_of(pilot)
        assert workshop.info().state is State.QUESTION
        await press(pilot, "n")
        assert workshop.tally(0).counts["state_media"] == 5
        await press(pilot, "n", "n")  # the second check item, skipped by moving on
        assert workshop.tally(1).counts is None
        text = flat(screen_text(pilot))
        assert "Discussion 1 of 2" in text
        await press(pilot, "r")
        # The discussion did not count hands again: the before check's count is shown.
        assert "How the room answered in the before check (5 hands)" in flat(screen_text(pilot))


async def test_the_countdown_runs_on_each_new_item_and_turns_red_at_zero(
    store: Store, mini: LoadedPack
):
    clock = Ticks()
    app = room_app(store, mini, countdown=30, clock=clock)
    async with app.run_test(size=PROJECTOR) as pilot:
        await press(pilot, "s")
        countdown = pilot.app.screen.query_one(Countdown)
        assert countdown.display and countdown.value == "0:30"
        clock.now += 12.5
        pilot.app.screen.tick()
        assert countdown.value == "0:18"
        clock.now += 20
        pilot.app.screen.tick()
        assert countdown.value == "0:00" and countdown.has_class("-expired")
        await press(pilot, "t")
        assert countdown.value == "0:30" and not countdown.has_class("-expired")
        await press(pilot, "r")
        assert not pilot.app.screen.query_one(Countdown).display  # no clock on the answer


async def test_quitting_a_running_workshop_asks_then_ends_it(store: Store, mini: LoadedPack):
    app = room_app(store, mini)
    async with app.run_test(size=PROJECTOR) as pilot:
        await press(pilot, "s", "q")
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert isinstance(pilot.app.screen, RoomScreen)
        await press(pilot, "q", "y")
    assert app.workshop.info().state is State.DONE


async def test_going_through_every_item_finishes_with_the_rooms_figures(
    store: Store, mini: LoadedPack
):
    app = room_app(store, mini, check=True, seed=4)
    async with app.run_test(size=SMALL) as pilot:
        await press(pilot, "s")
        for step in app.workshop.steps():
            item = app.workshop.item(step)
            keys = [str(1 + mini.category_ids.index(item.answer))]
            await press(pilot, *keys, "enter")
            await press(pilot, "n" if step.phase.is_check else "r")
            if not step.phase.is_check:
                await press(pilot, "n")
        info = app.workshop.info()
        assert info.state is State.DONE and not info.ended_early
        text = flat(screen_text(pilot))
        assert "The workshop is over." in text
        assert "Answers to the after check" in text


async def test_content_with_markup_characters_is_shown_as_written(
    store: Store, mini: LoadedPack
):
    first = mini.pack.items[0]
    odd = dataclasses.replace(
        first, passage="[bold red]KCNA[/] said <b>so</b>, KCNA reported.",
        claim="[bold red]KCNA[/] said <b>so</b>", cue="KCNA reported",
        explanation="A [link=x]claim[/link] by KCNA.", discussion="Is [i]this[/i] checkable?")
    pack = dataclasses.replace(mini, pack=dataclasses.replace(mini.pack, items=[odd]))
    app = room_app(store, pack)
    async with app.run_test(size=PROJECTOR) as pilot:
        await press(pilot, "s")
        assert "[bold red]KCNA[/] said <b>so</b>, KCNA reported." in screen_text(pilot)
        await press(pilot, "r")
        text = flat(screen_text(pilot))
        assert "A [link=x]claim[/link] by KCNA." in text
        assert "Is [i]this[/i] checkable?" in text


# -- snapshots ---------------------------------------------------------------------------------


def test_snapshot_lobby_on_a_projector(snap_compare, store, mini):
    assert snap_compare(room_app(store, mini, check=True, seed=4), terminal_size=PROJECTOR)


def test_snapshot_question_with_a_countdown_and_a_tally_being_typed(snap_compare, store, mini):
    app = room_app(store, mini, countdown=45)
    assert snap_compare(app, press=["s", "1", "2", "enter", "3"], terminal_size=PROJECTOR)


def test_snapshot_reveal_with_the_rooms_bar_chart_and_notes(snap_compare, store, mini):
    app = room_app(store, mini)
    keys = ["s", "k", "r", "n", "4", "enter", "5", "enter", "2", "enter", "r", "f"]
    assert snap_compare(app, press=keys, terminal_size=SMALL)


# -- the command -------------------------------------------------------------------------------


def test_room_mode_without_a_terminal_says_why_in_one_line(capsys, mini_pack_path):
    from quiz.cli import main

    assert main(["workshop", "room", "--pack", str(mini_pack_path)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "room mode needs a terminal" in error


def test_room_mode_with_an_unknown_pack_or_a_bad_room_size_is_a_usage_error(capsys):
    from quiz.cli import main

    assert main(["workshop", "room", "--pack", "no-such-pack"]) == 2
    assert "argument --pack: no pack file or bundled pack named 'no-such-pack'" in \
        capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["workshop", "room", "--room-size", "two"])
    assert exit_.value.code == 2
    assert "argument --room-size: expected a whole number, got 'two'" in capsys.readouterr().err

"""The hosted workshop's two apps driven together by Pilot in one test process: the facilitator's
dashboard and several participant apps, each with its own Store on one temporary file (as their
processes have on the host), over the four-item mini pack (launch = state media, accusation =
government allegation with state media accepted, denial = denial, sanctions = independent fact).

The screens follow the store through a thread in real use; most tests switch it off and call
`sync()` after another app acted, so what each step shows does not depend on timing. One test
keeps the thread and waits (boundedly) for it.
"""

from __future__ import annotations

import random
from contextlib import AsyncExitStack
from pathlib import Path

import helpers
import pytest
from helpers import Ticks, press
from textual.pilot import Pilot

from quiz.content.pack_files import load_pack
from quiz.core.packs import LoadedPack
from quiz.core.workshop_records import Pace, State
from quiz.storage.store import Store
from quiz.ui.screens.confirm import ConfirmScreen
from quiz.ui.workshop.dashboard_app import DashboardApp
from quiz.ui.workshop.dashboard_report import GroupReportScreen
from quiz.ui.workshop.dashboard_screen import DashboardScreen
from quiz.ui.workshop.join_screen import JoinScreen
from quiz.ui.workshop.participant_app import ParticipantApp, WorkshopPushed
from quiz.ui.workshop.participant_screen import ParticipantScreen
from quiz.ui.workshop.room_widgets import Countdown, TallyChart
from quiz.workshop.model import Workshop
from quiz.workshop.participant_view import participant_view
from quiz.workshop.plan import format_code

LAPTOP = (100, 30)
SMALL = (80, 24)
PHONE = (40, 30)
JOIN_URL = "http://127.0.0.1:8000/"
LAUNCH_EXPLANATION = 'The words "KCNA reported" mark a state-media claim'


@pytest.fixture
def mini(mini_pack_path: Path) -> LoadedPack:
    return load_pack(mini_pack_path)


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    return tmp_path / "shared" / "quiz.sqlite3"


@pytest.fixture
def host_store(store_file: Path):
    store_file.parent.mkdir(parents=True, exist_ok=True)
    with Store(store_file) as opened:
        yield opened


@pytest.fixture
def opened_stores():
    """Stores opened for participant apps, closed after the test (each app is a process)."""
    stores: list[Store] = []
    yield stores
    for store in stores:
        store.close()


def new_workshop(store: Store, pack: LoadedPack, **options) -> Workshop:
    return Workshop.create(store, pack, code_rng=random.Random(7), **options)


def dashboard(workshop: Workshop, **options) -> DashboardApp:
    options.setdefault("follow", False)
    return DashboardApp(workshop, join_url=JOIN_URL, clock=Ticks(), **options)


def participant_app(store_file: Path, workshop: Workshop, opened: list[Store], *,
                    follow: bool = False) -> ParticipantApp:
    """A participant's app with a Store of its own on the shared file, as its process has."""
    store = Store(store_file)
    opened.append(store)
    return ParticipantApp(Workshop.open(store, workshop.id), follow=follow)


def screen_text(pilot: Pilot) -> str:
    return " ".join(helpers.screen_text(pilot).split())


async def join(pilot: Pilot, name: str, code: str) -> None:
    """Type a name and a code into the join screen, as a browser's keys arrive."""
    await pilot.pause()
    await press(pilot, *name, "enter", *code, "enter")


async def sync(*pilots: Pilot) -> None:
    """Each app catches up with the store, as its follower thread would."""
    for pilot in pilots:
        await pilot.app.screen.sync()
        await pilot.pause()


def participant_id(pilot: Pilot) -> int:
    screen = pilot.app.screen
    assert isinstance(screen, ParticipantScreen), screen
    return screen.participant.id


# -- a workshop at the facilitator's pace --------------------------------------------------------


async def test_participants_join_answer_change_and_see_the_reveal_while_the_dashboard_counts(
    host_store: Store, store_file: Path, mini: LoadedPack, opened_stores: list[Store]
):
    workshop = new_workshop(host_store, mini)
    code = workshop.info().code
    async with AsyncExitStack() as stack:
        desk = await stack.enter_async_context(dashboard(workshop).run_test(size=LAPTOP))
        ann = await stack.enter_async_context(
            participant_app(store_file, workshop, opened_stores).run_test(size=SMALL))
        bob = await stack.enter_async_context(
            participant_app(store_file, workshop, opened_stores).run_test(size=PHONE))

        assert f"code {format_code(code)}" in screen_text(desk)
        await join(ann, "Ann", format_code(code).lower())  # any case, with the space
        assert "Welcome, Ann." in screen_text(ann)

        await join(bob, "Bob", "ZZZZZZ")
        assert isinstance(bob.app.screen, JoinScreen)
        assert "That join code is not this workshop's" in screen_text(bob)
        assert [p.name for p in workshop.participants()] == ["Ann"]
        await press(bob, *(["backspace"] * 6), *code, "enter")
        assert "Welcome, Bob." in screen_text(bob)
        await sync(ann, desk)
        assert "2 people have joined" in screen_text(ann)
        assert "Ann" in screen_text(desk) and "Bob" in screen_text(desk)

        await press(desk, "s")
        await sync(ann, bob)
        assert "item 1 of 4" in screen_text(ann)
        assert "What kind of statement is the highlighted claim?" in screen_text(bob)

        await press(ann, "1")
        await press(ann, "2")  # changed her mind before the reveal
        await press(bob, "1")
        first = workshop.answer_of(participant_id(ann), 0)
        assert first.chosen == "government_allegation" and first.changes == 1
        assert "Your answer: Government allegation. You can change it until the answer is " \
               "shown." in screen_text(ann)
        assert ann.app.screen.query_one("#answers #choice-2").has_class("-chosen")

        await sync(desk)
        assert "Answered: 2 of 2" in screen_text(desk)
        chart = desk.app.screen.query_one("#dash-chart", TallyChart)
        assert chart.counts["state_media"] == 1 and chart.counts["government_allegation"] == 1
        assert chart.best is None  # the dashboard may be on the projector: no answer yet

        await press(desk, "r")
        await sync(ann, bob)
        ann_text = screen_text(ann)
        assert "✗ Not quite: you chose Government allegation; the best answer is " \
               "State-media claim." in ann_text
        assert LAUNCH_EXPLANATION in ann_text
        assert "How the room answered (2 answers)" in ann_text
        assert "✓ Correct: State-media claim." in screen_text(bob)
        assert "Answer: State-media claim" in screen_text(desk)

        await press(ann, "1")  # too late: answers to a revealed item are closed
        assert workshop.answer_of(participant_id(ann), 0).chosen == "government_allegation"

        await press(desk, "n")
        await sync(ann, bob)
        assert "item 2 of 4" in screen_text(ann)
        assert "Press a number, or click an answer." in screen_text(bob)


async def test_before_the_reveal_the_participant_screen_shows_nothing_of_the_answer(
    host_store: Store, store_file: Path, mini: LoadedPack, opened_stores: list[Store]
):
    workshop = new_workshop(host_store, mini)
    workshop.start()
    launch = workshop.item(0)
    async with participant_app(store_file, workshop, opened_stores).run_test(size=SMALL) as ann:
        await join(ann, "Ann", workshop.info().code)
        for pressed in ((), ("1",)):
            await press(ann, *pressed)
            text = screen_text(ann)
            view = ann.app.screen.view
            assert view.reveal is None
            for secret in (launch.explanation, launch.source, launch.discussion,
                           *launch.why_not.values()):
                assert " ".join(secret.split())[:40] not in text
            for verdict in ("Correct", "Not quite", "best answer", "How the room answered"):
                assert verdict not in text
        workshop.reveal()
        await sync(ann)
        assert ann.app.screen.view.reveal is not None
        assert LAUNCH_EXPLANATION in screen_text(ann)


async def test_a_participant_who_drops_and_rejoins_continues_their_own_record(
    host_store: Store, store_file: Path, mini: LoadedPack, opened_stores: list[Store]
):
    workshop = new_workshop(host_store, mini)
    code = workshop.info().code
    workshop.start()
    async with participant_app(store_file, workshop, opened_stores).run_test(size=SMALL) as ann:
        await join(ann, "Ann", code)
        first_id = participant_id(ann)
        await press(ann, "3")
    # The browser closed: its app process ended. The same name (any case) comes back.
    async with participant_app(store_file, workshop, opened_stores).run_test(size=SMALL) as again:
        await join(again, "  ann ", code)
        assert participant_id(again) == first_id
        assert "Your answer: Denial." in screen_text(again)
        assert again.app.screen.query_one("#answers #choice-3").has_class("-chosen")
        await press(again, "1")
    assert len(workshop.participants()) == 1
    answer = workshop.answer_of(first_id, 0)
    assert answer.chosen == "state_media" and answer.changes == 1


async def test_past_the_limit_a_newcomer_sees_this_workshop_is_full(
    host_store: Store, store_file: Path, mini: LoadedPack, opened_stores: list[Store]
):
    workshop = new_workshop(host_store, mini, max_participants=2)
    code = workshop.info().code
    workshop.join("Ann", code)
    workshop.join("Bob", code)
    async with participant_app(store_file, workshop, opened_stores).run_test(size=PHONE) as cleo:
        await join(cleo, "Cleo", code)
        assert isinstance(cleo.app.screen, JoinScreen)
        assert "This workshop is full: all 2 places are taken." in screen_text(cleo)
    async with participant_app(store_file, workshop, opened_stores).run_test(size=PHONE) as bob:
        await join(bob, "Bob", code)  # one of the two places is his
        assert "Welcome, Bob." in screen_text(bob)
    assert [p.name for p in workshop.participants()] == ["Ann", "Bob"]


async def test_a_name_is_data_shown_as_written_and_never_a_command(
    host_store: Store, store_file: Path, mini: LoadedPack, opened_stores: list[Store]
):
    workshop = new_workshop(host_store, mini)
    code = workshop.info().code
    name = "[bold red]Eve[/]; rm -rf ~"
    async with AsyncExitStack() as stack:
        desk = await stack.enter_async_context(dashboard(workshop).run_test(size=LAPTOP))
        eve = await stack.enter_async_context(
            participant_app(store_file, workshop, opened_stores).run_test(size=LAPTOP))
        await join(eve, name, code)
        assert f"Welcome, {name}." in screen_text(eve)
        await sync(desk)
        assert name in screen_text(desk)
        # Letters typed by a participant never reach the facilitator's commands.
        await press(eve, "s", "r", "n", "e")
        assert workshop.info().state is State.LOBBY


async def test_a_check_item_takes_answers_without_a_reveal_and_moves_on(
    host_store: Store, store_file: Path, mini: LoadedPack, opened_stores: list[Store]
):
    workshop = new_workshop(host_store, mini, check=True, seed=4)
    code = workshop.info().code
    async with AsyncExitStack() as stack:
        desk = await stack.enter_async_context(dashboard(workshop).run_test(size=SMALL))
        ann = await stack.enter_async_context(
            participant_app(store_file, workshop, opened_stores).run_test(size=SMALL))
        await join(ann, "Ann", code)
        await press(desk, "s")
        await sync(ann)
        text = screen_text(ann)
        assert "Before check: answer on your own" in text
        await press(ann, "4")
        assert "You can change it until the facilitator moves on." in screen_text(ann)
        await press(desk, "r")  # not offered on a check item
        assert workshop.info().state is State.QUESTION
        await press(desk, "n")
        await sync(ann)
        assert "item 2 of 6 · Before check" in screen_text(ann)  # 2 before, 2 discussed, 2 after
        assert ann.app.screen.view.reveal is None


async def test_the_follower_thread_brings_the_facilitators_start_without_a_key(
    host_store: Store, store_file: Path, mini: LoadedPack, opened_stores: list[Store]
):
    workshop = new_workshop(host_store, mini)
    app = participant_app(store_file, workshop, opened_stores, follow=True)
    async with app.run_test(size=SMALL) as ann:
        await join(ann, "Ann", workshop.info().code)
        workshop.start()
        for _ in range(200):  # at most about 10 s; it takes about 0.1 s
            await ann.pause(0.05)
            if "item 1 of 4" in screen_text(ann):
                break
        assert "What kind of statement is the highlighted claim?" in screen_text(ann)


async def test_a_change_pushed_by_the_server_brings_the_screen_up_to_date(
    host_store: Store, store_file: Path, mini: LoadedPack, opened_stores: list[Store]
):
    workshop = new_workshop(host_store, mini)
    async with participant_app(store_file, workshop, opened_stores).run_test(size=SMALL) as ann:
        await join(ann, "Ann", workshop.info().code)
        workshop.start()
        ann.app.post_message(WorkshopPushed())  # as PushedWebDriver does on the server's word
        await ann.pause()
        assert "item 1 of 4" in screen_text(ann)


# -- self pace, the end and the reports ----------------------------------------------------------


async def test_self_paced_participants_go_at_their_own_speed_and_download_their_report(
    host_store: Store, store_file: Path, mini: LoadedPack, opened_stores: list[Store],
    monkeypatch: pytest.MonkeyPatch,
):
    workshop = new_workshop(host_store, mini, pace=Pace.SELF)
    code = workshop.info().code
    async with AsyncExitStack() as stack:
        desk = await stack.enter_async_context(dashboard(workshop).run_test(size=LAPTOP))
        ann = await stack.enter_async_context(
            participant_app(store_file, workshop, opened_stores).run_test(size=SMALL))
        bob = await stack.enter_async_context(
            participant_app(store_file, workshop, opened_stores).run_test(size=SMALL))
        await join(ann, "Ann <b>&", code)
        await join(bob, "Bob", code)
        await press(desk, "s")
        await sync(ann, bob)

        await press(ann, "r")  # nothing to show before an answer
        assert ann.app.screen.view.reveal is None
        for key in ("1", "2", "3", "4"):  # launch right, accusation right, denial, sanctions
            await press(ann, key, "r")
            assert "How the room answered" in screen_text(ann)
            await press(ann, "n")
        assert "You have answered every item." in screen_text(ann)
        assert "item 1 of 4" in screen_text(bob)  # Bob has not moved

        await sync(desk)
        assert "Ann <b>& done" in screen_text(desk) and "Bob 1/4" in screen_text(desk)

        delivered: list[tuple[bytes, str, str]] = []
        monkeypatch.setattr(ann.app, "deliver_binary", lambda data, **kw: delivered.append(
            (data.read(), kw["save_filename"], kw["mime_type"])))
        await press(ann, "d")
        html, filename, mime = delivered[0]
        assert filename == f"workshop-{workshop.id}-ann-b-report.html"
        assert mime == "text/html"
        page = html.decode("utf-8")
        assert "Ann &lt;b&gt;&amp;" in page and "Ann <b>&" not in page
        assert "4 / 4" in page or "100%" in page


async def test_the_dashboard_ends_the_workshop_and_shows_the_group_report_one_key_away(
    host_store: Store, store_file: Path, mini: LoadedPack, opened_stores: list[Store],
    tmp_path: Path,
):
    workshop = new_workshop(host_store, mini)
    code = workshop.info().code
    async with AsyncExitStack() as stack:
        desk = await stack.enter_async_context(dashboard(workshop).run_test(size=LAPTOP))
        ann = await stack.enter_async_context(
            participant_app(store_file, workshop, opened_stores).run_test(size=SMALL))
        await join(ann, "Ann", code)
        await press(desk, "s")
        await sync(ann)
        await press(ann, "1")
        await press(desk, "r", "e")
        assert isinstance(desk.app.screen, ConfirmScreen)
        await press(desk, "y")
        assert workshop.info().state is State.DONE
        await sync(ann)
        assert "The workshop has ended. Thank you for taking part!" in screen_text(ann)
        assert "Score report: Ann" in screen_text(ann)

        await press(desk, "g")
        assert isinstance(desk.app.screen, GroupReportScreen)
        desk.app.screen.folder = tmp_path
        await press(desk, "w")
        saved = tmp_path / f"workshop-{workshop.id}-report.html"
        assert saved.is_file() and "Ann" in saved.read_text(encoding="utf-8")
        assert f"Saved the group report to {saved}" in screen_text(desk)
        await press(desk, "escape")
        assert isinstance(desk.app.screen, DashboardScreen)


async def test_the_dashboard_goes_back_and_refuses_what_the_state_does_not_allow(
    host_store: Store, mini: LoadedPack
):
    workshop = new_workshop(host_store, mini)
    async with dashboard(workshop).run_test(size=SMALL) as desk:
        await press(desk, "n")  # not offered in the lobby
        assert workshop.info().state is State.LOBBY
        await press(desk, "s", "n")
        assert "reveal item 1 before moving on" in screen_text(desk)
        await press(desk, "r", "n", "b")
        info = workshop.info()
        assert info.position == 0 and info.state is State.REVEALED
        assert "Answer: State-media claim" in screen_text(desk)


async def test_the_optional_timer_counts_down_each_item(host_store: Store, mini: LoadedPack):
    clock = Ticks()
    workshop = new_workshop(host_store, mini)
    app = DashboardApp(workshop, join_url=JOIN_URL, countdown=30, clock=clock, follow=False)
    async with app.run_test(size=SMALL) as desk:
        await press(desk, "s")
        countdown = desk.app.screen.query_one(Countdown)
        assert countdown.value == "0:30"
        clock.now += 31
        desk.app.screen.tick()
        assert countdown.value == "0:00" and countdown.has_class("-expired")
        await press(desk, "t")  # starts it again
        assert countdown.value == "0:30" and not countdown.has_class("-expired")
        await press(desk, "t")  # stops it while it runs
        assert countdown.value == ""
        await press(desk, "r", "n")
        assert desk.app.screen.query_one(Countdown).value == "0:30"


async def test_quitting_the_dashboard_asks_then_ends_the_workshop(
    host_store: Store, mini: LoadedPack
):
    workshop = new_workshop(host_store, mini)
    async with dashboard(workshop).run_test(size=SMALL) as desk:
        await press(desk, "s", "q")
        assert isinstance(desk.app.screen, ConfirmScreen)
        await press(desk, "n")
        assert workshop.info().state is State.QUESTION
        await press(desk, "ctrl+c")
        await press(desk, "y")
    assert workshop.info().state is State.DONE


def test_participant_view_carries_no_reveal_until_the_item_is_revealed(
    host_store: Store, mini: LoadedPack
):
    workshop = new_workshop(host_store, mini)
    ann = workshop.join("Ann", workshop.info().code)
    assert participant_view(workshop, ann.id).question is None
    workshop.start()
    workshop.answer(ann.id, "denial")
    view = participant_view(workshop, ann.id)
    assert view.question.passage == workshop.item(0).passage
    assert view.chosen == "denial" and view.reveal is None and view.can_answer
    workshop.reveal()
    view = participant_view(workshop, ann.id)
    assert view.reveal.feedback.best == "state_media" and view.reveal.room["denial"] == 1
    assert not view.can_answer

"""The hosted workshop's dashboard driven by Pilot: participants act through the workshop model
(as the web host does for their pages) or, where the dashboard talks to the web host (who is
connected, requests to continue on a new device), through a real web host on loopback with
simulated pages (tests/test_web_app.py's Browser), over the four-item mini pack (launch = state
media, accusation = government allegation with state media accepted, denial = denial,
sanctions = independent fact).

The dashboard follows the store through a thread in real use; most tests switch it off and call
`sync()` after a participant acted, so what each step shows does not depend on timing. Tests
that keep the thread wait for it, boundedly.
"""

from __future__ import annotations

import asyncio
import random
import time
from pathlib import Path

import aiohttp
import helpers
import pytest
from helpers import Ticks, press
from test_web_app import Browser
from textual.pilot import Pilot
from textual.widgets import Digits, OptionList

from quiz.content.pack_files import load_pack
from quiz.core.packs import LoadedPack
from quiz.core.workshop_records import Pace, State
from quiz.storage.store import Store
from quiz.ui.screens.confirm import ConfirmScreen
from quiz.ui.workshop.dashboard_app import DashboardApp
from quiz.ui.workshop.dashboard_dialogs import LeaveScreen, RemoveScreen
from quiz.ui.workshop.dashboard_report import GroupReportScreen
from quiz.ui.workshop.dashboard_screen import DashboardScreen
from quiz.ui.workshop.join_panel import code_url, qr_content
from quiz.ui.workshop.room_widgets import Countdown, TallyChart
from quiz.workshop.addresses import free_port
from quiz.workshop.model import Workshop
from quiz.workshop.participant_view import participant_view
from quiz.workshop.plan import format_code, new_secret
from quiz.workshop.web_host import WebHost

LAUNCH_EXPLANATION = 'The words "KCNA reported" mark a state-media claim'
LAPTOP = (100, 30)
SMALL = (80, 24)
PROJECTOR = (120, 40)
JOIN_URL = "http://127.0.0.1:8000/"
LOOPBACK = "127.0.0.1"


@pytest.fixture
def mini(mini_pack_path: Path) -> LoadedPack:
    return load_pack(mini_pack_path)


@pytest.fixture
def host_store(tmp_path: Path):
    with Store(tmp_path / "shared" / "quiz.sqlite3") as opened:
        yield opened


def new_workshop(store: Store, pack: LoadedPack, **options) -> Workshop:
    return Workshop.create(store, pack, code_rng=random.Random(7), **options)


def dashboard(workshop: Workshop, **options) -> DashboardApp:
    options.setdefault("follow", False)
    return DashboardApp(workshop, join_url=JOIN_URL, clock=Ticks(), **options)


def screen_text(pilot: Pilot) -> str:
    return " ".join(helpers.screen_text(pilot).split())


async def sync(pilot: Pilot) -> None:
    """The dashboard catches up with the store, as its follower thread would."""
    await pilot.app.screen.sync()
    await pilot.pause()


async def shows(pilot: Pilot, text: str, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while text not in screen_text(pilot):
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} never shown; the dashboard shows: "
                                 f"{screen_text(pilot)[:1500]}")
        await pilot.pause(0.05)


# -- a workshop at the facilitator's pace --------------------------------------------------------


async def test_the_dashboard_counts_answers_without_marking_the_best_one_before_the_reveal(
    host_store: Store, mini: LoadedPack
):
    workshop = new_workshop(host_store, mini)
    code = workshop.info().code
    async with dashboard(workshop).run_test(size=LAPTOP) as desk:
        assert f"code {format_code(code)}" in screen_text(desk)
        ann = workshop.join("Ann", code, secret=new_secret())
        bob = workshop.join("Bob", code, secret=new_secret())
        await sync(desk)
        assert "Ann" in screen_text(desk) and "Bob" in screen_text(desk)

        await press(desk, "s")
        assert workshop.info().state is State.QUESTION
        workshop.answer(ann.id, "denial")
        workshop.answer(ann.id, "government_allegation")  # changed her mind
        workshop.answer(bob.id, "state_media")
        await sync(desk)
        assert "Answered: 2 of 2" in screen_text(desk)
        assert "✓ Ann" in screen_text(desk)
        chart = desk.app.screen.query_one("#dash-chart", TallyChart)
        assert chart.counts["state_media"] == 1 and chart.counts["government_allegation"] == 1
        assert chart.best is None  # the dashboard may be on the projector: no answer yet

        await press(desk, "r")
        assert "Answer: State-media claim" in screen_text(desk)
        assert desk.app.screen.query_one("#dash-chart", TallyChart).best == "state_media"
        await press(desk, "n")
        assert workshop.info().position == 1
        assert "Item 2 of 4" in screen_text(desk)


async def test_the_lobby_shows_the_url_the_code_in_large_digits_and_a_qr_code_of_both(
    host_store: Store, mini: LoadedPack
):
    workshop = new_workshop(host_store, mini)
    code = workshop.info().code
    async with dashboard(workshop).run_test(size=PROJECTOR) as desk:
        text = screen_text(desk)
        assert "Waiting for participants" in text and JOIN_URL in text
        digits = desk.app.screen.query_one("#lobby-panel #join-code", Digits)
        assert digits.value == format_code(code)
        qr = desk.app.screen.query_one("#lobby-panel #join-qr")
        expected = qr_content(code_url(JOIN_URL, code))
        assert str(qr.render()) == str(expected)  # the QR of the URL with the code in it
        lines = str(expected).splitlines()
        # Never wrapping: every line of modules is one row of the terminal, full width.
        assert qr.size.height == len(lines) and qr.size.width == len(lines[0])
        status = desk.app.screen.query_one("#dash-join")
        assert status.size.height == 1 and format_code(code) in str(status.render())
        assert code_url(JOIN_URL, code) == f"http://127.0.0.1:8000/?code={code}"


async def test_a_name_is_data_shown_as_written(host_store: Store, mini: LoadedPack):
    workshop = new_workshop(host_store, mini)
    name = "[bold red]Eve[/] \x1b[31m"
    workshop.join(name.replace("\x1b", ""), workshop.info().code)
    async with dashboard(workshop).run_test(size=LAPTOP) as desk:
        assert "[bold red]Eve[/]" in screen_text(desk)


async def test_a_check_item_takes_answers_without_a_reveal_and_moves_on(
    host_store: Store, mini: LoadedPack
):
    workshop = new_workshop(host_store, mini, check=True, seed=4)
    ann = workshop.join("Ann", workshop.info().code)
    async with dashboard(workshop).run_test(size=SMALL) as desk:
        await press(desk, "s")
        title = str(desk.app.screen.query(".d-title").first().render())
        assert title.endswith("answers open (a check: no reveal, n moves on)")
        await press(desk, "r")  # not offered on a check item
        assert workshop.info().state is State.QUESTION
        workshop.answer(ann.id, "denial")
        await press(desk, "n")
        title = str(desk.app.screen.query(".d-title").first().render())
        assert title.startswith("Item 2 of 6 · Before check")  # 2 before, 2 discussed, 2 after
        assert participant_view(workshop, ann.id).reveal is None


async def test_the_follower_thread_brings_a_participants_answer_without_a_key(
    host_store: Store, mini: LoadedPack
):
    workshop = new_workshop(host_store, mini)
    ann = workshop.join("Ann", workshop.info().code)
    async with dashboard(workshop, follow=True).run_test(size=SMALL) as desk:
        await press(desk, "s")
        workshop.answer(ann.id, "denial")
        await shows(desk, "Answered: 1 of 1")


async def test_j_shows_the_join_panel_beside_the_item_for_latecomers(
    host_store: Store, mini: LoadedPack
):
    workshop = new_workshop(host_store, mini)
    async with dashboard(workshop).run_test(size=PROJECTOR) as desk:
        await press(desk, "s")
        side = desk.app.screen.query_one("#join-side")
        assert not side.display
        await press(desk, "j")
        assert side.display
        digits = desk.app.screen.query_one("#side-panel #join-code", Digits)
        assert digits.value == format_code(workshop.info().code)
        await press(desk, "j")
        assert not side.display


async def test_counts_can_be_hidden_until_the_reveal(host_store: Store, mini: LoadedPack):
    workshop = new_workshop(host_store, mini)
    ann = workshop.join("Ann", workshop.info().code)
    async with dashboard(workshop, hide_counts=True).run_test(size=LAPTOP) as desk:
        await press(desk, "s")
        workshop.answer(ann.id, "denial")
        await sync(desk)
        assert "The counts are hidden until the reveal" in screen_text(desk)
        assert not desk.app.screen.query_one("#dash-chart").display
        assert "Answered: 1 of 1" in screen_text(desk)  # whether everyone answered still shows
        await press(desk, "r")
        assert desk.app.screen.query_one("#dash-chart").display
        await press(desk, "n", "h")  # shown again from now on
        assert desk.app.screen.query_one("#dash-chart").display


# -- the web host: who is here, who asks to be let in ---------------------------------------------


async def test_the_dashboard_shows_who_is_connected_and_who_dropped(
    host_store: Store, mini: LoadedPack, tmp_path: Path
):
    workshop = new_workshop(host_store, mini)
    web = WebHost(workshop, host=LOOPBACK, port=free_port(), log_path=tmp_path / "web.log")
    web.start()
    try:
        app = DashboardApp(workshop, join_url=web.url, clock=Ticks(), host=web)
        async with app.run_test(size=LAPTOP) as desk, aiohttp.ClientSession() as http:
            origin = f"http://{LOOPBACK}:{web.port}"
            ann, bob = await Browser(http, origin).open(), await Browser(http, origin).open()
            await ann.join("Ann", workshop.info().code)
            await bob.join("Bob", workshop.info().code)
            await shows(desk, "2 connected, 0 dropped")
            await bob.drop()
            await shows(desk, "1 connected, 1 dropped")
            assert "Bob · dropped" in screen_text(desk)
    finally:
        web.stop()


async def test_a_takeover_is_approved_from_the_dashboard(
    host_store: Store, mini: LoadedPack, tmp_path: Path
):
    workshop = new_workshop(host_store, mini)
    web = WebHost(workshop, host=LOOPBACK, port=free_port(), log_path=tmp_path / "web.log")
    web.start()
    code = workshop.info().code
    try:
        app = DashboardApp(workshop, join_url=web.url, clock=Ticks(), host=web)
        async with app.run_test(size=LAPTOP) as desk, aiohttp.ClientSession() as http:
            origin = f"http://{LOOPBACK}:{web.port}"
            phone = await Browser(http, origin).open()
            await phone.join("Ana", code)
            await press(desk, "s")
            await phone.on("question-0")
            await phone.answer("denial", 0)

            laptop = await Browser(http, origin).open()  # her battery died: a new device
            await laptop.send(type="join", name="ana", code=code)
            await laptop.on("waiting")
            await shows(desk, "Ana wants to rejoin from a new device: allow?")
            await press(desk, "a")
            await laptop.on("question-0")
            assert 'value="denial" checked' in laptop.html()
            await phone.on("moved")
            await shows(desk, "Ana may continue on the new device.")
            await asyncio.sleep(0.2)
            assert "wants to rejoin" not in screen_text(desk)
            assert [p.name for p in workshop.participants()] == ["Ana"]
    finally:
        web.stop()


async def test_the_facilitator_removes_a_participant_after_asking(
    host_store: Store, mini: LoadedPack
):
    workshop = new_workshop(host_store, mini)
    code = workshop.info().code
    workshop.join("Ann", code)
    troll = workshop.join("Poo", code)
    async with dashboard(workshop).run_test(size=LAPTOP) as desk:
        await press(desk, "x")
        assert isinstance(desk.app.screen, RemoveScreen)
        options = desk.app.screen.query_one(OptionList)
        options.highlighted = 1
        await press(desk, "enter")
        assert isinstance(desk.app.screen, ConfirmScreen)
        assert "Remove Poo from the workshop?" in screen_text(desk)
        await press(desk, "y")
        assert [p.name for p in workshop.participants()] == ["Ann"]
        assert workshop.participant(troll.id).removed
        assert "Removed Poo." in screen_text(desk) and "Poo" not in screen_text(desk).replace(
            "Removed Poo.", "")


# -- self pace, the end and the reports ----------------------------------------------------------


async def test_with_self_pace_the_dashboard_shows_where_each_participant_is(
    host_store: Store, mini: LoadedPack
):
    workshop = new_workshop(host_store, mini, pace=Pace.SELF)
    code = workshop.info().code
    ann, bob = workshop.join("Ann <b>&", code), workshop.join("Bob", code)
    async with dashboard(workshop).run_test(size=LAPTOP) as desk:
        await press(desk, "s")
        for step in workshop.steps():
            workshop.answer(ann.id, workshop.item(step).answer)
            if not step.phase.is_check:
                workshop.participant_reveal(ann.id)
            workshop.participant_next(ann.id)
        await sync(desk)
        assert "Ann <b>& done" in screen_text(desk) and "Bob 1/4" in screen_text(desk)
        await press(desk, "right")
        assert "Item 2 of 4" in screen_text(desk)
        assert participant_view(workshop, bob.id).question.number == 1


async def test_the_dashboard_ends_the_workshop_and_shows_the_group_report_one_key_away(
    host_store: Store, mini: LoadedPack, tmp_path: Path,
):
    workshop = new_workshop(host_store, mini)
    ann = workshop.join("Ann", workshop.info().code)
    async with dashboard(workshop).run_test(size=LAPTOP) as desk:
        await press(desk, "s")
        workshop.answer(ann.id, "state_media")
        await press(desk, "r", "e")
        assert isinstance(desk.app.screen, ConfirmScreen)
        await press(desk, "y")
        assert workshop.info().state is State.DONE
        assert "1 participant. Press g for the group report" in screen_text(desk)
        assert participant_view(workshop, ann.id).finished

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
        assert isinstance(desk.app.screen, LeaveScreen)
        await press(desk, "n")
        assert workshop.info().state is State.QUESTION
        await press(desk, "ctrl+c")
        await press(desk, "y")
    assert workshop.info().state is State.DONE
    assert not desk.app.paused


async def test_pausing_stops_serving_and_keeps_the_workshop_to_continue(
    host_store: Store, mini: LoadedPack
):
    workshop = new_workshop(host_store, mini)
    async with dashboard(workshop).run_test(size=SMALL) as desk:
        await press(desk, "s", "r", "q", "p")
    assert workshop.info().state is State.REVEALED
    assert desk.app.paused


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
    assert LAUNCH_EXPLANATION in view.reveal.feedback.explanation
    assert not view.can_answer


# -- snapshots ------------------------------------------------------------------------------------


def test_snapshot_dashboard_lobby_with_the_join_panel(snap_compare, host_store, mini):
    workshop = new_workshop(host_store, mini, title="Evening workshop")
    for name in ("Ana", "Bo", "Chen"):
        workshop.join(name, workshop.info().code)
    assert snap_compare(dashboard(workshop), terminal_size=PROJECTOR)


def test_snapshot_dashboard_question_with_answers_counted(snap_compare, host_store, mini):
    workshop = new_workshop(host_store, mini)
    code = workshop.info().code
    people = [workshop.join(name, code).id for name in ("Ana", "Bo", "Chen")]
    workshop.start()
    workshop.answer(people[0], "state_media")
    workshop.answer(people[2], "denial")
    assert snap_compare(dashboard(workshop), terminal_size=LAPTOP)


async def test_the_readme_pictures_the_dashboard_waiting_for_a_room(
    host_store: Store, tmp_path: Path
):
    """The README's dashboard screenshot (docs/screenshots/workshop-dashboard.svg, written with
    QUIZ_UPDATE_SCREENSHOTS=1): the lobby on a projector, as on a local network."""
    import os

    from quiz.content.files import write_text
    from quiz.content.pack_files import bundled_pack_files

    files = bundled_pack_files()
    if not files:
        pytest.skip("no bundled pack to picture")
    workshop = new_workshop(host_store, load_pack(files[0]), title="Evening workshop")
    for name in ("Ana", "Bo", "Chen", "Dara", "Eli", "Femi", "Gus"):
        workshop.join(name, workshop.info().code)
    app = DashboardApp(workshop, join_url="http://192.168.1.20:8000/", clock=Ticks(),
                       follow=False)
    async with app.run_test(size=PROJECTOR) as desk:
        await desk.pause()
        svg = desk.app.export_screenshot(title="quiz workshop host")
    assert "Waiting for participants" in svg.replace("&#160;", " ") and "▀" in svg
    write_text(tmp_path / "workshop-dashboard.svg", svg)
    if os.environ.get("QUIZ_UPDATE_SCREENSHOTS") == "1":
        target = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
        write_text(target / "workshop-dashboard.svg", svg)

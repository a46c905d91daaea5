"""The workshop model driven without any UI: joining, answering, changing answers, revealing,
going back, ending early, tallies, self pace, the check's halves, and several processes at once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.content.pack_files import bundled_pack_files, load_pack
from quiz.core.packs import Item, LoadedPack
from quiz.core.workshop_records import Audience, EventKind, Pace, Phase, State
from quiz.storage.store import Store
from quiz.workshop.model import Workshop
from quiz.workshop.plan import (
    NameTaken,
    UnknownSecret,
    UnknownWorkshop,
    WorkshopError,
    WorkshopFull,
    WrongCode,
    clean_display_name,
    format_code,
    new_join_code,
    new_secret,
    normalize_code,
    parse_tally,
    plan_steps,
    split_check,
)
from quiz.workshop.queries import find_workshop_id, list_workshops
from quiz.workshop.simulator import simulate_workshop

# The mini pack in article order: launch (state_media, difficulty 1), accusation (allegation,
# state_media also accepted, 2), denial (denial, 1), sanctions (independent_fact, 3).
LAUNCH, ACCUSATION, DENIAL, SANCTIONS = range(4)


class UtcClock:
    """A UTC clock that moves only when told."""

    def __init__(self) -> None:
        self.now = dt.datetime(2024, 3, 3, 9, 0, tzinfo=dt.timezone.utc)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def utc() -> UtcClock:
    return UtcClock()


@pytest.fixture
def store(utc: UtcClock):
    with Store(":memory:", clock=utc) as opened:
        yield opened


@pytest.fixture
def mini(mini_pack_path: Path) -> LoadedPack:
    return load_pack(mini_pack_path)


def workshop_with(store: Store, mini: LoadedPack, *names: str, **options) -> tuple[Workshop, list[int]]:
    workshop = Workshop.create(store, mini, **options)
    code = workshop.info().code
    return workshop, [workshop.join(name, code).id for name in names]


# -- a whole session ---------------------------------------------------------------------------


def test_a_whole_session_with_changed_answers_reveal_going_back_and_ending_early(
    store: Store, mini: LoadedPack, utc: UtcClock
):
    workshop, (ann, bo, cy) = workshop_with(store, mini, "Ann", "Bo", "Cy")
    assert workshop.info().state is State.LOBBY

    workshop.start()
    utc.advance(12)
    workshop.answer(ann, "denial")
    utc.advance(3)
    changed = workshop.answer(ann, "state_media")  # changed her mind before the reveal
    workshop.answer(bo, "state_media")
    snapshot = workshop.snapshot()
    assert snapshot.answered == {ann, bo}
    assert snapshot.distribution["state_media"] == 2 and snapshot.distribution["denial"] == 0
    assert changed.changes == 1 and changed.seconds == pytest.approx(15)

    workshop.reveal()
    with pytest.raises(WorkshopError, match="revealed: answers to it are closed"):
        workshop.answer(cy, "denial")
    workshop.next()
    workshop.answer(cy, "government_allegation")
    workshop.reveal()
    info = workshop.back()
    assert (info.position, info.state) == (LAUNCH, State.REVEALED)  # as it was left
    info = workshop.next()
    assert (info.position, info.state) == (ACCUSATION, State.REVEALED)
    workshop.next()  # on to the denial, which nobody answers
    info = workshop.end()

    assert info.state is State.DONE and info.ended_early
    record = workshop.record()
    assert [(a.participant, a.item_id, a.chosen, a.changes) for a in record.answers] == [
        ("Ann", "launch", "state_media", 1),
        ("Bo", "launch", "state_media", 0),
        ("Cy", "accusation", "government_allegation", 0),
    ]
    assert [s.revealed for s in record.steps] == [True, True, False, False]


def test_a_changed_answer_keeps_the_latest_and_the_earlier_stays_on_record(
    store: Store, mini: LoadedPack
):
    workshop, (ann,) = workshop_with(store, mini, "Ann")
    workshop.start()
    for choice in ("denial", "independent_fact", "state_media"):
        workshop.answer(ann, choice)

    with store.reading() as db:
        given = db.execute("SELECT chosen, latest FROM workshop_answers ORDER BY id").fetchall()
    assert given == [("denial", 0), ("independent_fact", 0), ("state_media", 1)]
    assert workshop.answer_of(ann, 0).changes == 2


def test_giving_the_same_answer_again_is_not_a_change(store: Store, mini: LoadedPack):
    workshop, (ann,) = workshop_with(store, mini, "Ann")
    workshop.start()
    workshop.answer(ann, "denial")
    revision = workshop.revision()

    again = workshop.answer(ann, "denial")

    assert again.changes == 0 and workshop.revision() == revision


def test_finishing_at_the_last_item_is_not_ending_early(store: Store, mini: LoadedPack):
    workshop, _ = workshop_with(store, mini, "Ann", items=mini.pack.items[:2])
    workshop.start()
    for _ in range(2):
        workshop.reveal()
        info = workshop.next()
    assert info.state is State.DONE and not info.ended_early


def test_ending_on_the_last_item_after_its_reveal_is_not_early(store: Store, mini: LoadedPack):
    workshop, _ = workshop_with(store, mini, "Ann", items=mini.pack.items[:1])
    workshop.start()
    workshop.reveal()
    assert not workshop.end().ended_early


def test_a_discussion_item_must_be_revealed_before_moving_on(store: Store, mini: LoadedPack):
    workshop, _ = workshop_with(store, mini, "Ann")
    workshop.start()
    with pytest.raises(WorkshopError, match="reveal item 1 before moving on"):
        workshop.next()


@pytest.mark.parametrize(("steps", "message"), [
    ([], "has not started yet: cannot reveal"),
    (["start", "reveal", "reveal"], "already revealed"),
    (["start", "start"], "already started"),
    (["start", "back"], "first item: there is nothing to go back to"),
    (["start", "end", "next"], "has ended: cannot move on"),
    (["start", "end", "end"], "already ended"),
    (["end", "start"], "has ended"),
])
def test_an_illegal_step_is_refused_with_the_reason(
    store: Store, mini: LoadedPack, steps: list[str], message: str
):
    workshop, _ = workshop_with(store, mini, "Ann")
    *first, last = steps or ["reveal"]
    for step in first:
        getattr(workshop, step)()
    revision = workshop.revision()
    with pytest.raises(WorkshopError, match=message):
        getattr(workshop, last)()
    assert workshop.revision() == revision  # nothing changed


def test_only_items_already_shown_can_be_gone_to(store: Store, mini: LoadedPack):
    workshop, _ = workshop_with(store, mini, "Ann")
    workshop.start()
    workshop.reveal()
    workshop.next()
    with pytest.raises(WorkshopError, match="item 4 has not been shown yet .shown so far: items 1 "
                                            "to 2"):
        workshop.go_to(3)
    assert workshop.go_to(0).position == 0


def test_answers_are_only_for_the_open_item(store: Store, mini: LoadedPack):
    workshop, (ann,) = workshop_with(store, mini, "Ann")
    with pytest.raises(WorkshopError, match="has not started yet"):
        workshop.answer(ann, "denial")
    workshop.start()
    with pytest.raises(WorkshopError, match="item 2 is not open for answers .the open item is 1"):
        workshop.answer(ann, "denial", position=1)
    with pytest.raises(WorkshopError, match="unknown category 'fact' .valid: state_media"):
        workshop.answer(ann, "fact")
    with pytest.raises(WorkshopError, match="no participant 99 in this workshop"):
        workshop.answer(99, "denial")


# -- the check ---------------------------------------------------------------------------------


def test_with_a_check_one_half_is_asked_discussed_and_the_other_half_asked_after(
    mini: LoadedPack
):
    steps = plan_steps(mini.pack.items, check=True, seed=4)
    phases = [phase for phase, _ in steps]
    before = [item.id for phase, item in steps if phase is Phase.BEFORE]
    discussed = [item.id for phase, item in steps if phase is Phase.DISCUSSION]
    after = [item.id for phase, item in steps if phase is Phase.AFTER]

    assert phases == [Phase.BEFORE] * 2 + [Phase.DISCUSSION] * 2 + [Phase.AFTER] * 2
    assert discussed == before
    assert set(before).isdisjoint(after)
    assert set(before) | set(after) == {item.id for item in mini.pack.items}


def test_check_items_are_not_revealed_and_next_moves_on(store: Store, mini: LoadedPack):
    workshop, (ann,) = workshop_with(store, mini, "Ann", check=True, seed=4)
    workshop.start()
    workshop.answer(ann, "denial")
    with pytest.raises(WorkshopError, match="part of the before check: check items are not "
                                            "revealed"):
        workshop.reveal()
    assert workshop.next().state is State.QUESTION


def test_going_back_to_a_check_item_reopens_its_answers(store: Store, mini: LoadedPack):
    workshop, (ann,) = workshop_with(store, mini, "Ann", check=True, seed=4)
    workshop.start()
    workshop.answer(ann, "denial")
    workshop.next()
    workshop.back()
    assert workshop.answer(ann, "state_media").changes == 1


def items_like(kinds: list[tuple[str, int]]) -> list[Item]:
    return [
        Item(id=f"i{n}", passage="p", claim="p", answer=answer, source="s", explanation="e",
             difficulty=difficulty)
        for n, (answer, difficulty) in enumerate(kinds)
    ]


def imbalance(half_a, half_b, key) -> int:
    counts = Counter(key(i) for i in half_a)
    counts.subtract(key(i) for i in half_b)
    return max((abs(n) for n in counts.values()), default=0)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["sm", "ga", "de", "fa"]), st.integers(1, 3)),
                min_size=2, max_size=30),
       st.integers(0, 1000))
def test_check_halves_are_balanced_by_category_and_difficulty(kinds, seed):
    items = items_like(kinds)
    halves = split_check(items, seed)

    assert sorted(i.id for i in halves.before + halves.after) == sorted(i.id for i in items)
    assert abs(len(halves.before) - len(halves.after)) <= 1
    assert imbalance(halves.before, halves.after, lambda i: i.answer) <= 1
    assert imbalance(halves.before, halves.after, lambda i: i.difficulty) <= 1


def test_the_same_seed_gives_the_same_halves_and_others_may_differ():
    items = items_like([("sm", 1)] * 6 + [("fa", 2)] * 6)
    first = split_check(items, 7)
    assert split_check(items, 7) == first
    assert len({tuple(i.id for i in split_check(items, s).before) for s in range(10)}) > 1


def test_the_bundled_packs_halves_are_balanced():
    files = bundled_pack_files()
    if not files:
        pytest.skip("no bundled pack installed")
    items = load_pack(files[0]).pack.items
    halves = split_check(items, 1)
    assert abs(len(halves.before) - len(halves.after)) <= 1
    assert imbalance(halves.before, halves.after, lambda i: i.answer) <= 1
    assert imbalance(halves.before, halves.after, lambda i: i.difficulty) <= 1


# -- joining -----------------------------------------------------------------------------------


def test_the_join_code_is_six_digits_and_typed_loosely(store: Store, mini: LoadedPack):
    code = new_join_code(random.Random(1))
    assert len(code) == 6 and code.isdigit()
    workshop = Workshop.create(store, mini)
    info = workshop.info()
    typed = format_code(info.code).replace(" ", "-")

    assert workshop.join("Ann", typed).name == "Ann"
    assert normalize_code(" 482-915 ") == "482915"
    assert normalize_code("４８２ ９１５") == "482915"  # a phone keyboard's full-width digits
    assert normalize_code(" k7p-4qx ") == "K7P4QX"  # a code of a workshop made before
    with pytest.raises(WrongCode, match="not this workshop's"):
        workshop.join("Bo", "111111" if info.code != "111111" else "222222")


def test_a_code_is_found_before_an_id_of_the_same_digits(store: Store, mini: LoadedPack):
    first = Workshop.create(store, mini, code_rng=random.Random(1))
    for _ in range(2):
        Workshop.create(store, mini)
    coded = Workshop.create(store, mini)
    with store.transaction() as db:  # a code that reads as another workshop's id
        db.execute("UPDATE workshops SET code = '000001' WHERE id = ?", (coded.id,))
    assert find_workshop_id(store, "000001") == coded.id
    assert find_workshop_id(store, str(first.id)) == first.id


def test_the_same_name_rejoins_with_its_secret_and_continues_its_own_record(
    store: Store, mini: LoadedPack
):
    workshop = Workshop.create(store, mini)
    code = workshop.info().code
    secret = new_secret()
    ann = workshop.join("Ann", code, secret=secret).id
    workshop.start()
    workshop.answer(ann, "denial")

    again = workshop.join("  ann ", code, secret=secret)

    assert again.id == ann and again.name == "Ann"
    assert workshop.answer_of(again.id, 0).chosen == "denial"
    assert [e.kind for e in workshop.events_since(0)][-1] == "rejoined"
    assert workshop.resume(secret).id == ann


@pytest.mark.parametrize("typed", ["Ann", "ANN", "Аnn", "Ａｎｎ", "ΑΝΝ"])
def test_rejoining_a_name_without_its_secret_is_refused(
    store: Store, mini: LoadedPack, typed: str
):
    workshop = Workshop.create(store, mini)
    code = workshop.info().code
    ann = workshop.join("Ann", code, secret=new_secret())
    workshop.start()
    workshop.answer(ann.id, "denial")
    revision = workshop.revision()

    for secret in (None, new_secret()):
        with pytest.raises(NameTaken, match="someone has joined as 'Ann' already") as taken:
            workshop.join(typed, code, secret=secret)
        assert taken.value.participant_id == ann.id
    assert workshop.revision() == revision  # nothing changed
    assert [p.name for p in workshop.participants()] == ["Ann"]
    with pytest.raises(UnknownSecret, match="has not joined"):
        workshop.resume(new_secret())


def test_a_name_joined_without_a_secret_is_rejoined_only_by_hand_over(
    store: Store, mini: LoadedPack
):
    workshop, (ann,) = workshop_with(store, mini, "Ann")
    with pytest.raises(NameTaken):
        workshop.join("Ann", workshop.info().code)
    device = new_secret()
    workshop.hand_over(ann, device)
    assert workshop.join("Ann", workshop.info().code, secret=device).id == ann


def test_the_facilitator_hands_a_name_over_to_a_new_device_and_the_old_one_is_out(
    store: Store, mini: LoadedPack
):
    workshop = Workshop.create(store, mini)
    old, new = new_secret(), new_secret()
    ann = workshop.join("Ann", workshop.info().code, secret=old)
    workshop.start()
    workshop.answer(ann.id, "denial")

    assert workshop.hand_over(ann.id, new).id == ann.id

    assert workshop.resume(new).id == ann.id
    assert workshop.answer_of(ann.id, 0).chosen == "denial"
    with pytest.raises(UnknownSecret):
        workshop.resume(old)


def test_a_removed_participant_leaves_lists_counts_and_reports_and_their_name_is_free(
    store: Store, mini: LoadedPack
):
    workshop = Workshop.create(store, mini)
    code = workshop.info().code
    troll = new_secret()
    fake = workshop.join("Ana", code, secret=troll)
    bo = workshop.join("Bo", code, secret=new_secret())
    workshop.start()
    workshop.answer(fake.id, "denial")
    workshop.answer(bo.id, "state_media")

    workshop.remove(fake.id)

    assert [p.name for p in workshop.participants()] == ["Bo"]
    assert workshop.distribution(0)["denial"] == 0
    assert workshop.snapshot().answered == frozenset({bo.id})
    assert {a.participant for a in workshop.record().answers} == {"Bo"}
    assert list_workshops(store)[0].participants == 1
    with pytest.raises(UnknownSecret, match="removed you"):
        workshop.resume(troll)
    with pytest.raises(WorkshopError, match="removed you"):
        workshop.answer(fake.id, "state_media")
    real = workshop.join("Ana", code, secret=new_secret())  # the real Ana takes her name
    assert real.id != fake.id
    assert [e.kind for e in workshop.events_since(0)][-2] == "removed"


@pytest.mark.parametrize("name", ["Facilitator", "FACILITATOR", "host", "Тeacher", "Mrs Lee"])
def test_reserved_names_and_the_facilitators_are_refused(
    store: Store, mini: LoadedPack, name: str
):
    workshop = Workshop.create(store, mini, facilitator="Mrs Lee")
    with pytest.raises(WorkshopError, match="choose another"):
        workshop.join(name, workshop.info().code)


def test_names_are_stored_in_compatibility_form(store: Store, mini: LoadedPack):
    workshop, (person,) = workshop_with(store, mini, "Ａｎａ ﬁ")
    assert workshop.participant(person).name == "Ana fi"


def test_a_continued_workshop_of_an_older_version_compares_look_alike_names(
    store: Store, mini: LoadedPack
):
    workshop, (ann,) = workshop_with(store, mini, "Ann")
    with store.transaction() as db:  # as version 4 keyed it: case folded only
        db.execute("UPDATE workshop_participants SET name_key = 'ann' WHERE id = ?", (ann,))
    assert workshop.rekey_names() == 1
    with pytest.raises(NameTaken):
        workshop.join("Аnn", workshop.info().code)


def test_past_the_limit_a_newcomer_is_told_the_workshop_is_full_but_a_member_rejoins(
    store: Store, mini: LoadedPack
):
    workshop = Workshop.create(store, mini, max_participants=2)
    code = workshop.info().code
    workshop.join("Ann", code)
    bo = new_secret()
    workshop.join("Bo", code, secret=bo)
    with pytest.raises(WorkshopFull, match="this workshop is full"):
        workshop.join("Cy", code)
    assert workshop.join("Bo", code, secret=bo).name == "Bo"


@pytest.mark.parametrize(("name", "message"), [
    ("", "at least one character"),
    ("   ", "at least one character"),
    ("x" * 41, "at most 40 characters .this one has 41"),
    ("Ann\x1b[31m", "control characters"),
    ("Ann\nBo", "control characters"),
    ("Ann\u202eoB", "control characters"),
    ("An\u200bn", "invisible characters"),
    ("Ann\u00ad", "invisible characters"),
])
def test_an_unusable_display_name_is_refused_with_the_reason(name: str, message: str):
    with pytest.raises(WorkshopError, match=message):
        clean_display_name(name)


def test_a_name_with_markup_characters_is_kept_as_text(store: Store, mini: LoadedPack):
    workshop, (person,) = workshop_with(store, mini, "[bold]Zoë[/] <b>&")
    assert workshop.participant(person).name == "[bold]Zoë[/] <b>&"
    assert clean_display_name("x" * 40) == "x" * 40


def test_a_room_has_nothing_to_join(store: Store, mini: LoadedPack):
    room = Workshop.create(store, mini, audience=Audience.ROOM)
    with pytest.raises(WorkshopError, match="counts hands in the room"):
        room.join("Ann", room.info().code)


# -- tallies -----------------------------------------------------------------------------------


@pytest.fixture
def room(store: Store, mini: LoadedPack) -> Workshop:
    return Workshop.create(store, mini, audience=Audience.ROOM, room_size=20)


def test_a_tally_is_kept_and_a_correction_replaces_it_on_record(room: Workshop):
    room.start()
    first = room.record_tally({"state_media": 9, "denial": 3})
    corrected = room.record_tally({"state_media": 10, "denial": 3})

    assert first.counts == {"state_media": 9, "government_allegation": 0, "denial": 3,
                            "independent_fact": 0}
    assert corrected.counts["state_media"] == 10 and corrected.changes == 1
    assert room.distribution(0)["state_media"] == 10


def test_a_skipped_tally_is_recorded_as_skipped(room: Workshop):
    room.start()
    skipped = room.record_tally(None)
    assert skipped.counts is None and skipped.hands == 0
    assert room.tally(0).counts is None


@pytest.mark.parametrize(("counts", "message"), [
    ({"state_media": 15, "denial": 6}, "adds up to 21 hands, more than the room size of 20"),
    ({"state_media": -1}, "whole number of hands, 0 or more"),
    ({"state_media": 2.5}, "whole number of hands"),
    ({"state_media": True}, "whole number of hands"),
    ({"opinion": 3}, "unknown category 'opinion' in the tally"),
])
def test_a_tally_must_be_whole_numbers_within_the_room_size(
    room: Workshop, counts: dict, message: str
):
    room.start()
    with pytest.raises(WorkshopError, match=message):
        room.record_tally(counts)
    assert room.tally(0) is None


@pytest.mark.parametrize(("typed", "expected"), [("12", 12), ("", 0), (" 3 ", 3), ("20", 20)])
def test_a_typed_tally_reads_as_a_whole_number(typed: str, expected: int):
    assert parse_tally(typed, 20) == expected


@pytest.mark.parametrize(("typed", "message"), [
    ("1.5", "whole number"), ("-1", "whole number"), ("٣", "whole number"), ("x", "whole number"),
    ("21", "more than the room size, 20"),
])
def test_a_typed_tally_that_is_not_a_count_is_refused(typed: str, message: str):
    with pytest.raises(WorkshopError, match=message):
        parse_tally(typed, 20)


def test_tallies_and_individual_answers_do_not_mix(store: Store, mini: LoadedPack, room):
    workshop, (ann,) = workshop_with(store, mini, "Ann")
    workshop.start()
    room.start()
    with pytest.raises(WorkshopError, match="tallies are for room mode"):
        workshop.record_tally({"denial": 1})
    with pytest.raises(WorkshopError, match="room mode has facilitator pace only"):
        Workshop.create(store, mini, audience=Audience.ROOM, pace=Pace.SELF)


def test_a_discussion_item_without_its_own_tally_offers_the_before_checks(
    store: Store, mini: LoadedPack
):
    room = Workshop.create(store, mini, audience=Audience.ROOM, check=True, seed=4)
    room.start()
    room.record_tally({"state_media": 4})
    room.next()
    room.next()  # the discussion of the first check item
    assert room.tally(2) is None
    assert room.earlier_tally(2).counts["state_media"] == 4


# -- following a workshop from elsewhere -------------------------------------------------------


def test_every_change_raises_the_revision_and_events_say_what_changed(
    store: Store, mini: LoadedPack
):
    workshop, (ann,) = workshop_with(store, mini, "Ann")
    seen = workshop.revision()
    workshop.start()
    workshop.answer(ann, "denial")
    workshop.answer(ann, "state_media")

    events = workshop.events_since(seen)

    assert [(e.kind, e.position, e.participant) for e in events] == [
        ("started", 0, None), ("answered", 0, ann), ("changed", 0, ann)]
    assert [e.revision for e in events] == [seen + 1, seen + 2, seen + 3]
    assert workshop.events_since(workshop.revision()) == []


def test_an_event_kind_this_version_does_not_know_is_skipped_not_fatal(
    store: Store, mini: LoadedPack
):
    workshop, (ann,) = workshop_with(store, mini, "Ann")
    seen = workshop.revision()
    with store.transaction() as db:  # as a newer version sharing the store would write it
        db.execute("UPDATE workshops SET revision = revision + 1 WHERE id = ?", (workshop.id,))
        db.execute("INSERT INTO workshop_events (workshop, revision, kind, at) "
                   "VALUES (?, ?, 'kind_from_the_future', '2026-01-01')", (workshop.id, seen + 1))
    workshop.start()

    assert [e.kind for e in workshop.events_since(seen)] == [EventKind.STARTED]
    assert workshop.revision() == seen + 2


def test_waiting_for_a_change_returns_at_once_when_there_is_one_and_gives_up_at_the_timeout(
    store: Store, mini: LoadedPack
):
    workshop = Workshop.create(store, mini)
    before = workshop.revision()
    workshop.start()
    assert workshop.wait_for_change(before, timeout=5) == before + 1

    now = [0.0]
    naps: list[float] = []

    def sleep(seconds: float) -> None:
        naps.append(seconds)
        now[0] += seconds

    current = workshop.wait_for_change(before + 1, timeout=1.0, interval=0.25, sleep=sleep,
                                       monotonic=lambda: now[0])
    assert current == before + 1 and naps == [0.25] * 4


def test_answers_from_other_processes_reach_the_facilitator(tmp_path: Path, mini_pack_path):
    path = tmp_path / "quiz.sqlite3"
    with Store(path) as store:
        workshop = Workshop.create(store, load_pack(mini_pack_path))
        workshop.start()
        code = workshop.info().code
        script = (
            "import sys\n"
            "from quiz.storage.store import Store\n"
            "from quiz.workshop.model import Workshop\n"
            "with Store(sys.argv[1]) as store:\n"
            "    w = Workshop.open(store, sys.argv[2])\n"
            "    me = w.join(sys.argv[3], sys.argv[2])\n"
            "    w.answer(me.id, sys.argv[4])\n"
        )
        runs = [subprocess.Popen([sys.executable, "-c", script, str(path), code, name, choice])
                for name, choice in (("Ann", "state_media"), ("Bo", "denial"))]
        assert [run.wait(timeout=60) for run in runs] == [0, 0]

        snapshot = workshop.snapshot()
        assert {p.name for p in snapshot.participants} == {"Ann", "Bo"}
        assert snapshot.distribution["state_media"] == 1 and snapshot.distribution["denial"] == 1


# -- self pace ---------------------------------------------------------------------------------


def test_with_self_pace_each_participant_moves_on_their_own(store: Store, mini: LoadedPack):
    workshop, (ann, bo) = workshop_with(store, mini, "Ann", "Bo", pace=Pace.SELF,
                                        items=mini.pack.items[:2])
    workshop.start()
    with pytest.raises(WorkshopError, match="each participant moves on their own"):
        workshop.reveal()
    with pytest.raises(WorkshopError, match="answer item 1 before seeing the answer"):
        workshop.participant_reveal(ann)
    workshop.answer(ann, "state_media")
    with pytest.raises(WorkshopError, match="see the answer to item 1 before moving on"):
        workshop.participant_next(ann)
    workshop.participant_reveal(ann)
    with pytest.raises(WorkshopError, match="revealed to you: your answer is final"):
        workshop.answer(ann, "denial")
    assert workshop.participant_next(ann).position == 1
    workshop.answer(ann, "government_allegation")  # item 2 for Ann while Bo is on item 1
    workshop.answer(bo, "denial")

    record = workshop.record()
    assert [(a.participant, a.position) for a in record.answers] == [
        ("Ann", 0), ("Bo", 0), ("Ann", 1)]
    assert workshop.end().ended_early  # Bo has not finished


def test_with_self_pace_the_workshop_is_complete_when_everyone_has_finished(
    store: Store, mini: LoadedPack
):
    workshop, (ann,) = workshop_with(store, mini, "Ann", pace=Pace.SELF, items=mini.pack.items[:1])
    workshop.start()
    workshop.answer(ann, "state_media")
    workshop.participant_reveal(ann)
    workshop.participant_next(ann)
    with pytest.raises(WorkshopError, match="answered every item"):
        workshop.answer(ann, "denial")
    assert not workshop.end().ended_early


# -- finding workshops -------------------------------------------------------------------------


def test_an_unknown_workshop_lists_the_ones_that_exist(store: Store, mini: LoadedPack, utc):
    with pytest.raises(UnknownWorkshop, match="no workshops yet"):
        find_workshop_id(store, None)
    first = Workshop.create(store, mini)
    utc.advance(60)
    second = Workshop.create(store, mini)

    assert find_workshop_id(store, None) == second.id
    assert find_workshop_id(store, first.info().code.lower()) == first.id
    with pytest.raises(UnknownWorkshop, match=rf"no workshop '99'; the workshops are: "
                                              rf"{second.id} .*{first.id} "):
        find_workshop_id(store, "99")
    assert [w.id for w in list_workshops(store)] == [second.id, first.id]


def test_opening_a_workshop_whose_pack_lost_an_item_says_which(store: Store, mini: LoadedPack):
    workshop = Workshop.create(store, mini)
    smaller = dataclasses.replace(mini, pack=dataclasses.replace(mini.pack,
                                                                 items=mini.pack.items[1:]))
    with pytest.raises(WorkshopError, match="no longer has the workshop's items launch"):
        Workshop.open(store, workshop.id, smaller)


# -- simulation --------------------------------------------------------------------------------


def test_a_simulated_workshop_is_finished_with_every_reader_answering_every_item(
    store: Store, mini: LoadedPack
):
    workshop = simulate_workshop(store, mini, participants=7, seed=3, items=3, check=True)
    record = workshop.record()

    assert record.info.state is State.DONE and not record.info.ended_early
    assert len(record.participants) == 7
    assert len(record.answers) == 7 * len(record.steps)
    again = simulate_workshop(store, mini, participants=7, seed=3, items=3, check=True).record()
    assert [a.chosen for a in again.answers] == [a.chosen for a in record.answers]


def test_simulating_more_items_than_the_pack_has_is_refused(store: Store, mini: LoadedPack):
    with pytest.raises(WorkshopError, match="--items must be 1 to 4"):
        simulate_workshop(store, mini, participants=3, items=5)


def test_the_workshop_tables_are_read_through_indexes(store: Store, mini: LoadedPack):
    workshop = simulate_workshop(store, mini, participants=5, seed=1)
    with store.reading() as db:
        for query, params in [
            ("SELECT revision FROM workshops WHERE id = ?", (workshop.id,)),
            ("SELECT * FROM workshop_events WHERE workshop = ? AND revision > ?",
             (workshop.id, 3)),
            ("SELECT chosen, COUNT(*) FROM workshop_answers WHERE workshop = ? AND latest = 1 "
             "AND position = ? GROUP BY chosen", (workshop.id, 0)),
        ]:
            plan = [row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {query}", params)]
            assert not [line for line in plan if line.startswith("SCAN")], plan


def test_a_store_file_of_this_version_has_the_workshop_tables(tmp_path: Path):
    with Store(tmp_path / "quiz.sqlite3"):
        pass
    db = sqlite3.connect(tmp_path / "quiz.sqlite3")
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    db.close()
    assert {"workshops", "workshop_steps", "workshop_participants", "workshop_answers",
            "workshop_tallies", "workshop_events"} <= tables


def test_a_participant_takes_their_own_score_report_home(store: Store, mini: LoadedPack):
    from quiz.reports import build_report

    workshop, (ann, bo) = workshop_with(store, mini, "Ann", "Bo")
    workshop.start()
    workshop.answer(ann, "denial")
    workshop.answer(ann, "state_media")
    workshop.answer(bo, "denial")
    workshop.reveal()
    workshop.next()
    workshop.answer(ann, "state_media")  # accepted alternative for the accusation

    report = build_report(workshop.answer_records(ann), [], mini, learner="Ann")

    assert [(a.item_id, a.chosen) for a in report.answers] == [
        ("launch", "state_media"), ("accusation", "state_media")]
    assert report.overall.score.points == 1.5


# -- damaged stores: said in one line, never a traceback ----------------------------------------


def test_workshop_commands_say_when_a_damaged_progress_file_was_moved_aside(
    tmp_path: Path, capsys: pytest.CaptureFixture
):
    from quiz.cli import main

    data = tmp_path / "data"
    data.mkdir()
    (data / "quiz.sqlite3").write_bytes(b"this is not a database" * 100)
    code = main(["workshop", "report", "--data-dir", str(data)])
    err = capsys.readouterr().err
    assert code == 2
    assert "quiz workshop: note: The progress file" in err and "was damaged" in err
    assert "there are no workshops yet" in err
    assert list(data.glob("quiz.sqlite3.corrupt-*"))


@pytest.mark.parametrize(("table", "column", "value", "said"), [
    ("workshops", "options", "'{not json'", "workshops row 1 is damaged: its options"),
    ("workshops", "pace", "'sprint'", "workshops row 1 is damaged: its pace 'sprint'"),
    ("workshops", "state", "'paused'", "workshops row 1 is damaged: its state 'paused'"),
    ("workshop_steps", "also_accept", "'null'", "workshop_steps row 1 of workshop 1 is damaged"),
    ("workshop_steps", "phase", "'warmup'", "its phase 'warmup' is not one of"),
])
def test_a_damaged_workshop_or_step_row_is_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture, mini: LoadedPack,
    table: str, column: str, value: str, said: str,
):
    from quiz.cli import main

    data = tmp_path / "data"
    with Store(data / "quiz.sqlite3") as store:
        simulate_workshop(store, mini, participants=3, seed=1)
        with store.transaction() as db:
            where = "id = 1" if table == "workshops" else "workshop = 1 AND position = 0"
            db.execute(f"UPDATE {table} SET {column} = {value} WHERE {where}")
    code = main(["workshop", "report", "1", "--data-dir", str(data)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and said in err
    code = main(["workshop", "list", "--data-dir", str(data)])
    err = capsys.readouterr().err
    assert code == 0
    if column in ("pace", "state"):  # what the list reads: the workshop is left out, said so
        assert f"quiz workshop: note: {said}" in err and err.rstrip().endswith("left out")


@pytest.mark.parametrize(("column", "value", "said"), [
    ("verdict", "'maybe'", "its verdict 'maybe' is not one of correct, accepted, wrong"),
    ("also_accept", "'null'", "its also_accept 'null' is not a JSON list"),
    ("also_accept", "'[1, 2]'", "its also_accept '[1, 2]' is not a list of category ids"),
])
def test_a_damaged_answer_is_left_out_of_the_report_and_named(
    tmp_path: Path, capsys: pytest.CaptureFixture, mini: LoadedPack,
    column: str, value: str, said: str,
):
    from quiz.cli import main

    data = tmp_path / "data"
    with Store(data / "quiz.sqlite3") as store:
        simulate_workshop(store, mini, participants=3, seed=1)
        with store.transaction() as db:
            answer = db.execute("SELECT MIN(id) FROM workshop_answers WHERE latest = 1"
                                ).fetchone()[0]
            db.execute(f"UPDATE workshop_answers SET {column} = {value} WHERE id = ?", (answer,))
    code = main(["workshop", "report", "1", "--format", "json", "--data-dir", str(data)])
    captured = capsys.readouterr()
    assert code == 0 and "Traceback" not in captured.err
    assert f"quiz workshop: note: workshop_answers row {answer} is damaged: {said}" in \
        captured.err
    assert captured.err.rstrip().endswith("left out")
    assert '"participants"' in captured.out


def test_the_list_counts_one_participant_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture, mini: LoadedPack
):
    from quiz.cli import main

    with Store(tmp_path / "data" / "quiz.sqlite3") as store:
        workshop = Workshop.create(store, mini)
        workshop.join("Ann", workshop.info().code)
    assert main(["workshop", "list", "--data-dir", str(tmp_path / "data")]) == 0
    out = capsys.readouterr().out
    assert "1 participant " in out and "1 participants" not in out

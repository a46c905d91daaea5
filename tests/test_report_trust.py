"""Issue 16: the figures never mislead. Each misleading figure the issue found is reproduced here
first (on the bundled pack, with answers built programmatically), then checked to be what it
should be: d′ for the always-one-label and the random learner, one definition of a confusion for
the headline, the matrix and the "look again" list, and trends that compare like with like.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import REPO, SetUtcClock

from quiz.content.pack_files import load_pack
from quiz.core.engine import Mode, QuizOptions, QuizSession, describe_confusions
from quiz.core.history import Run, build_history
from quiz.core.packs import Item, LoadedPack
from quiz.core.records import AnswerRecord, SessionRecord, item_hash
from quiz.core.scoring import Confusion, Verdict, confusions, leading, score_answer
from quiz.reports import build_report, render, report_for_sessions
from quiz.reports.figures import (
    MIN_D_PRIME_ITEMS,
    category_figures,
    category_refs,
    confusion_matrix,
    d_prime,
)
from quiz.reports.report import Withheld
from quiz.reports.wording import missed_summary
from quiz.storage.recording import SessionRecorder
from quiz.storage.store import Store

BUNDLED = REPO / "content" / "nk-victory-day-2023.yaml"
SM, GA, DE, IF = "state_media", "government_allegation", "denial", "independent_fact"


@pytest.fixture(scope="module")
def bundled() -> LoadedPack:
    return load_pack(BUNDLED, use_cache=False)


def answers_for(pack: LoadedPack, choose: Callable[[Item], str], sessions: int = 1,
                learner: str = "Ana") -> list[AnswerRecord]:
    """Every item of `pack` answered with `choose(item)`, `sessions` times over."""
    records = []
    for session in range(1, sessions + 1):
        for item in pack.pack.items:
            chosen = choose(item)
            verdict, credit = score_answer(chosen, item.answer, item.also_accept,
                                           pack.pack.alternative_credit)
            records.append(AnswerRecord(
                session, learner, pack.pack.id, item.id, item_hash(item), item.answer,
                tuple(item.also_accept), chosen, verdict, credit, 5.0, 0, None,
                "2024-05-01T09:00:00+00:00"))
    return records


def figures_of(pack: LoadedPack, answers: list[AnswerRecord]):
    refs = category_refs(pack.categories, answers)
    return {f.category: f for f in category_figures(answers, refs)}


def items_of(pack: LoadedPack, kind: str) -> int:
    return sum(item.answer == kind for item in pack.pack.items)


# --- d′: the always-one-label learner ---------------------------------------------------------


def test_the_always_allegation_learner_gets_no_d_prime_for_a_kind_never_chosen(bundled):
    """The issue: answering "allegation" for all 22 items gave Denial d′ 1.33 ("fair") for a
    kind with 1 item, never chosen. The number came from the log-linear correction alone."""
    answers = answers_for(bundled, lambda item: GA)
    matrix = confusion_matrix(answers, bundled.category_ids)
    assert d_prime(matrix, DE) > 1  # what the report used to print: "fair" for nothing
    figures = figures_of(bundled, answers)
    assert figures[DE].d_prime is None
    assert figures[DE].d_prime_withheld is Withheld.NEVER_USED
    text = render(build_report(answers, [], bundled), "text")
    assert f"{d_prime(matrix, DE):.2f}" not in text
    assert "d′ is not shown for State-media claim, Denial and Independently reported fact: you " \
           "never chose them, so nothing was told apart." in " ".join(text.split())


@pytest.mark.parametrize("label", [SM, GA, DE, IF])
def test_one_label_answering_earns_no_d_prime_and_chance_balanced_accuracy(bundled, label):
    """The README's promise: always-one-label answering cannot raise d′ (nor balanced
    accuracy, which stays at chance: one kind of four found)."""
    answers = answers_for(bundled, lambda item: label)
    figures = figures_of(bundled, answers)
    for kind, figure in figures.items():
        assert figure.d_prime is None
        assert figure.d_prime_withheld is (Withheld.ALWAYS_USED if kind == label
                                           else Withheld.NEVER_USED)
    report = build_report(answers, [], bundled)
    assert report.balanced_accuracy == pytest.approx(0.25)


def test_a_kind_with_fewer_than_the_minimum_items_says_why_in_words(bundled):
    """Denial has one item in the bundled pack: d′ would be luck either way, so the report gives
    the minimum and the reason instead of a number, even for a perfect reader."""
    assert items_of(bundled, DE) < MIN_D_PRIME_ITEMS <= items_of(bundled, SM)
    answers = answers_for(bundled, lambda item: item.answer)
    figures = figures_of(bundled, answers)
    assert figures[DE].d_prime is None and figures[DE].d_prime_withheld is Withheld.FEW_ITEMS
    assert figures[SM].d_prime is not None and figures[SM].d_prime > 2  # well
    text = " ".join(render(build_report(answers, [], bundled), "text").split())
    assert (f"d′ is not shown for Denial ({items_of(bundled, DE)} item): it needs at least "
            f"{MIN_D_PRIME_ITEMS} items of the kind and {MIN_D_PRIME_ITEMS} of the others; with "
            "fewer, one answer moves the share found by more than 20 points.") in text


# --- d′: the random learner -------------------------------------------------------------------


def test_the_random_learner_is_never_rated_on_a_one_item_kind_and_averages_zero(bundled):
    """A learner answering at random used to get Denial d′ 1 or more ("fair") in about one run
    in five: the correction alone, on 1 item among 22. Now Denial is never given a number, and
    the d′ that are given average 0 over many runs, as chance should."""
    ids = bundled.category_ids
    lucky_before, shown = 0, {kind: [] for kind in ids}
    for seed in range(200):
        rng = random.Random(seed)
        answers = answers_for(bundled, lambda item: rng.choice(ids))
        lucky_before += d_prime(confusion_matrix(answers, ids), DE) >= 1
        for kind, figure in figures_of(bundled, answers).items():
            if figure.d_prime is not None:
                shown[kind].append(figure.d_prime)
    assert lucky_before > 20
    assert shown[DE] == []
    for kind in (SM, GA, IF):
        assert len(shown[kind]) >= 195
        assert abs(statistics.mean(shown[kind])) < 0.15
        assert sum(value >= 1 for value in shown[kind]) / len(shown[kind]) < 0.1


def test_a_long_random_history_gets_every_d_prime_near_zero(bundled):
    """With 20 sessions every kind has enough answers: d′ is shown, never "fair" for guessing,
    and 0 on average."""
    ids = bundled.category_ids
    values: dict[str, list[float]] = {kind: [] for kind in ids}
    for seed in range(10):
        rng = random.Random(seed)
        answers = answers_for(bundled, lambda item: rng.choice(ids), sessions=20)
        report = build_report(answers, [], bundled)
        for figure in report.per_category:
            assert figure.d_prime is not None and abs(figure.d_prime) < 1, figure
            values[figure.category].append(figure.d_prime)
        assert report.balanced_accuracy == pytest.approx(0.25, abs=0.06)
    assert all(abs(statistics.mean(series)) < 0.25 for series in values.values())


# --- one definition of a confusion ------------------------------------------------------------


def check_run(pack: LoadedPack, choose: Callable[[Item], str]) -> QuizSession:
    session = QuizSession(pack, QuizOptions(mode=Mode.CHECK))
    while not session.finished:
        session.answer(choose(session.current))
        session.advance()
    return session


def test_headline_matrix_and_look_again_list_count_the_same_confusions(bundled):
    """The issue, in Check mode: the matrix said 9 facts read as allegations, the headline 8
    (of 15 wrong), the screen 17 items to look at again. A confusion is a wrong answer; an
    accepted alternative is counted apart; the items to look again are both."""
    session = check_run(bundled, lambda item: GA)
    summary = session.summary()
    report = build_report(answers_for(bundled, lambda item: GA), [], bundled)
    matrix = report.confusion
    facts = [item for item in bundled.pack.items if item.answer == IF]
    accepted_facts = sum(GA in item.also_accept for item in facts)
    assert accepted_facts  # the pack accepts "allegation" for some fact: the old disagreement
    assert matrix.count(IF, GA) == len(facts)  # all answers of the cell, as before
    assert matrix.wrong(IF, GA) == len(facts) - accepted_facts
    assert matrix.accepted_count(IF, GA) == accepted_facts
    (top,) = summary.leading_confusions
    assert (top.actual, top.chosen, top.count) == (IF, GA, matrix.wrong(IF, GA))
    assert session.confusion_sentence(summary) == (
        f"You read {top.count} independently reported facts as government allegations.")
    assert summary.wrong == matrix.wrong_total == report.overall.score.wrong
    assert summary.accepted == matrix.accepted_total == report.overall.score.accepted
    assert len(summary.missed) == summary.wrong + summary.accepted == len(report.missed)
    words = (f"{len(summary.missed)} items to look at again: {summary.wrong} wrong, "
             f"{summary.accepted} accepted, not the best answer")
    assert summary.look_again == words == missed_summary(report.missed)
    assert f"{top.count} of your {summary.wrong} wrong answers were" in report.practice_next
    text = render(report, "text")
    assert f"{top.count}+{accepted_facts}" in text and words in " ".join(text.split())


@pytest.mark.parametrize("seed", range(25))
def test_any_answers_give_one_count_of_confusions_everywhere(bundled, seed):
    rng = random.Random(seed)
    ids = bundled.category_ids
    session = check_run(bundled, lambda item: rng.choice(ids))
    summary = session.summary()
    answers = [AnswerRecord(1, "Ana", bundled.pack.id, f.item_id, "h", f.best, f.accepted,
                            f.choice, f.verdict, f.credit, 1.0, 0, None, "2024-05-01T09:00:00Z")
               for f in session.answers]
    report = build_report(answers, [], bundled)
    matrix = report.confusion
    for confusion in summary.confusions:
        assert matrix.wrong(confusion.actual, confusion.chosen) == confusion.count
    for pair in summary.accepted_pairs:
        assert matrix.accepted_count(pair.actual, pair.chosen) == pair.count
    assert sum(c.count for c in summary.confusions) == matrix.wrong_total == summary.wrong
    assert missed_summary(report.missed) == summary.look_again or not summary.missed


def test_tied_confusions_are_all_named_in_category_order_whatever_the_answer_order(mini):
    """Ties used to go to whichever pair came first in the answers."""
    triples = [(DE, GA, Verdict.WRONG), (DE, GA, Verdict.WRONG), (SM, IF, Verdict.WRONG),
               (SM, IF, Verdict.WRONG), (IF, GA, Verdict.WRONG)]
    ranked = confusions(triples, mini.category_ids)
    assert ranked == confusions(list(reversed(triples)), mini.category_ids)
    assert leading(ranked) == [Confusion(SM, IF, 2), Confusion(DE, GA, 2)]
    assert describe_confusions(ranked, mini.category) == (
        "You read 2 state-media claims as independently reported facts and 2 denials as "
        "government allegations, equally often.")


def test_when_no_confusion_repeats_none_is_picked_as_the_most_common(mini):
    ranked = confusions([(DE, GA, Verdict.WRONG), (SM, IF, Verdict.WRONG),
                         (IF, GA, Verdict.WRONG)], mini.category_ids)
    assert describe_confusions(ranked, mini.category) == (
        "No mix-up repeats: your 3 wrong answers were each a different pair of kinds (the "
        "confusion matrix shows them).")


def test_an_accepted_alternative_is_said_apart_never_as_a_confusion(mini):
    session = QuizSession(mini)
    for choice in (SM, SM, DE, IF):  # the allegation answered state media: accepted
        session.answer(choice)
        session.advance()
    summary = session.summary()
    assert summary.confusions == [] and summary.wrong == 0 and summary.accepted == 1
    assert summary.look_again == "1 item to look at again: 1 accepted, not the best answer"
    assert session.confusion_sentence(summary) is None


# --- trends compare like with like ------------------------------------------------------------


@pytest.fixture
def clock() -> SetUtcClock:
    return SetUtcClock(dt.datetime(2024, 5, 1, 9, 0, tzinfo=dt.timezone.utc))


@pytest.fixture
def store(clock: SetUtcClock):
    with Store(":memory:", clock=clock) as opened:
        yield opened


def play(store: Store, pack: LoadedPack, choose: Callable[[Item], str], *, stop: int | None = None,
         mode: Mode = Mode.PRACTICE, item_ids: tuple[str, ...] = ()) -> int:
    """A run recorded as the app records it; `stop` answers only that many; `item_ids` makes it
    a retry of those items (as the app's "Retry missed" starts one)."""
    options = QuizOptions(mode=mode, item_ids=item_ids)
    session = QuizSession(pack, options)
    record = store.start_session("Ana", pack, [i.id for i in session.items], mode=str(mode),
                                 options=options)
    recorder = SessionRecorder(store, record.id)
    while not session.finished and (stop is None or len(session.answers) < stop):
        recorder.answered(session.current, session.answer(choose(session.current)))
        session.advance()
    recorder.finished(session.summary())
    return record.id


def later(clock: SetUtcClock, minutes: int = 30) -> None:
    clock.advance(dt.timedelta(minutes=minutes))


def missed_ids(store: Store, session_id: int) -> tuple[str, ...]:
    record = store.session(session_id)
    return tuple(a.item_id for a in record.answers if a.verdict is not Verdict.CORRECT)


def half_right(item: Item) -> str:
    return item.answer if item.answer in (SM, DE) else GA


def test_a_one_answer_unfinished_run_is_never_the_end_of_a_change(store, bundled, clock,
                                                                  utc_time_zone):
    """The issue: "+20 points since your first session" compared a full run with a one-answer
    unfinished one."""
    full = play(store, bundled, half_right)
    later(clock)
    unfinished = play(store, bundled, lambda item: item.answer, stop=1)
    sessions = store.sessions("Ana", with_answers=True)
    report = report_for_sessions(sessions, bundled)
    assert [s.run for s in report.sessions] == [Run.FULL, Run.UNFINISHED]
    assert report.history[-1].score.percent == 100  # the unfinished run's one right answer
    assert report.change is None
    assert report.change_sentence == (
        "No change to show yet: that takes two full runs of the same mode and choice of items, "
        "and there is 1 full practice run. 1 unfinished run is listed but not compared.")
    assert "| practice, unfinished |" in render(report, "md")
    assert "points" not in report.change_sentence
    assert (full, unfinished) == (sessions[0].id, sessions[1].id)


def test_retry_runs_are_listed_apart_and_left_out_of_totals_and_trends(store, bundled, clock,
                                                                      utc_time_zone):
    """The issue: retry-missed runs (taken right after seeing the answers) counted in the totals
    and sparklines. A retry is known by the item ids its stored options carry."""
    first = play(store, bundled, half_right)
    later(clock, 2)
    missed = missed_ids(store, first)
    retry = play(store, bundled, lambda item: item.answer, item_ids=missed)
    later(clock, 60 * 24)
    second = play(store, bundled, lambda item: item.answer)
    sessions = store.sessions("Ana", with_answers=True)
    assert [s.id for s in sessions] == [first, retry, second]

    report = report_for_sessions(sessions, bundled)
    assert [s.run for s in report.sessions] == [Run.FULL, Run.RETRY, Run.FULL]
    assert report.overall.answered == 2 * len(bundled.pack.items)  # the retry is not counted
    assert report.left_out == (
        f"The totals leave out 1 retry run ({len(missed)} answers): it was taken right after "
        "seeing the answers, so it is listed with the sessions but not counted.")
    assert (report.change.first_session, report.change.last_session) == (first, second)
    assert report.change_sentence.startswith(
        "Since your first full practice run (2024-05-01 09:00): score +")
    assert report.change_sentence.endswith(" 1 retry run is listed but not compared.")
    assert len(report.answers) == 2 * len(bundled.pack.items) + len(missed)  # CSV keeps them

    history = build_history("Ana", sessions, bundled.category_ids)
    assert [row.label for row in history.rows] == ["practice", "practice, retry", "practice"]
    assert history.trend_name == "full practice runs"
    assert len(history.score_trend) == 2
    assert all(len(series) == 2 for series in history.trends.values())
    assert history.apart == "1 retry run is listed but not compared"


def test_a_change_compares_full_runs_of_the_same_mode_only(store, bundled, clock, utc_time_zone):
    first = play(store, bundled, half_right)
    later(clock)
    play(store, bundled, lambda item: item.answer, mode=Mode.CHECK)
    later(clock)
    last = play(store, bundled, lambda item: GA)
    report = report_for_sessions(store.sessions("Ana", with_answers=True), bundled)
    assert (report.change.first_session, report.change.last_session) == (first, last)
    assert report.change.mode == "practice" and report.change.runs == 2
    assert report.change_sentence.endswith(
        " 1 full run of another mode or choice of items is not compared either.")
    history = build_history("Ana", store.sessions("Ana", with_answers=True))
    assert [group.name for group in history.groups] == ["full check run", "full practice runs"]


def test_every_session_shows_its_time_of_day(store, bundled, clock, utc_time_zone):
    play(store, bundled, half_right)
    clock.advance(dt.timedelta(hours=5, minutes=17))
    play(store, bundled, half_right, stop=3)
    report = report_for_sessions(store.sessions("Ana", with_answers=True), bundled)
    for fmt in ("text", "md", "html"):
        rendered = render(report, fmt)
        assert "2024-05-01 09:00" in rendered and "2024-05-01 14:17" in rendered, fmt
    assert "2024-05-01 09:00 to 14:17" in render(report, "text").splitlines()[1]
    single = report_for_sessions(store.sessions("Ana", with_answers=True)[-1:], bundled)
    assert render(single, "text").splitlines()[1].startswith("2024-05-01 14:17  ·  1 session")


def test_a_retry_is_known_from_the_options_the_app_stores(store, bundled):
    """The app's retry_missed starts a run whose QuizOptions name the missed items, and the
    store keeps them: that, and nothing added to the schema, marks a retry."""
    first = play(store, bundled, half_right)
    retry = play(store, bundled, lambda item: item.answer, item_ids=missed_ids(store, first))
    assert store.session(retry).options["item_ids"]
    assert not store.session(first).options["item_ids"]
    from quiz.core.history import run_of
    assert (run_of(store.session(first)), run_of(store.session(retry))) == (Run.FULL, Run.RETRY)


def test_a_session_record_without_an_end_mark_but_every_answer_is_full(bundled):
    answers = answers_for(bundled, lambda item: item.answer)
    record = SessionRecord(1, "Ana", bundled.pack.id, "1", str(Path(bundled.path)), "practice",
                           tuple(i.id for i in bundled.pack.items), "2024-05-01T09:00:00+00:00",
                           None, answers=tuple(answers))
    from quiz.core.history import run_of
    assert run_of(record) is Run.FULL

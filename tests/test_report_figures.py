"""Specification of the score report's figures, each checked against values computed by hand.

Uses the four-item mini pack (one item of each kind). Answer sets are written out answer by answer
so every expected number below can be recounted from the lines above it.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.core.packs import Category, LoadedPack
from quiz.core.records import AnswerRecord, SessionRecord, item_hash
from quiz.core.scoring import Verdict, score_answer
from quiz.reports.build import build_report, report_for_sessions
from quiz.reports.figures import (
    balanced_accuracy,
    calibration,
    category_figures,
    category_refs,
    change_since_first,
    confusion_matrix,
    d_prime,
    d_prime_from_counts,
    hints_used,
    items_answered,
    missed_items,
    overall,
    overall_score,
    precision,
    recall,
    response_bias,
    session_history,
    total_time,
)
from quiz.reports.report import CategoryRef, Withheld
from quiz.reports.wording import (
    describe_bias,
    describe_change,
    format_duration,
    format_percent,
    format_signed_points,
    practice_next,
)

SM, GA, DE, IF = "state_media", "government_allegation", "denial", "independent_fact"
ITEM_OF_KIND = {SM: "launch", GA: "accusation", DE: "denial", IF: "sanctions"}

# Hand-computed d' values (z = inverse standard normal CDF, log-linear rates):
# one item of each kind, all found: H = 1.5/2 = .75, F = .5/4 = .125
PERFECT_D = 1.8248391305720895
# the all-"allegation" reader, for allegations: H = .75, F = 3.5/4 = .875
ONE_LABEL_D = -0.47585963017992616


def record(
    pack: LoadedPack, item_id: str, chosen: str, *, session: int = 1, seconds: float = 10.0,
    hints: int = 0, confidence: int | None = None, learner: str = "Ana",
) -> AnswerRecord:
    """An answer as the store would return it, scored by the real credit rule."""
    item = next(i for i in pack.pack.items if i.id == item_id)
    verdict, credit = score_answer(
        chosen, item.answer, item.also_accept, pack.pack.alternative_credit
    )
    return AnswerRecord(
        session_id=session, learner=learner, pack_id=pack.pack.id, item_id=item_id,
        item_hash=item_hash(item), actual=item.answer, also_accept=tuple(item.also_accept),
        chosen=chosen, verdict=verdict, credit=credit, seconds=seconds, hints=hints,
        confidence=confidence, answered_at=f"2024-03-0{session}T10:00:00+00:00",
    )


def session(pack: LoadedPack, session_id: int, mode: str = "practice",
            learner: str = "Ana") -> SessionRecord:
    return SessionRecord(
        id=session_id, learner=learner, pack_id=pack.pack.id, pack_version=pack.pack.version,
        pack_path=pack.path, mode=mode, item_ids=tuple(i.id for i in pack.pack.items),
        started_at=f"2024-03-0{session_id}T10:00:00+00:00",
        finished_at=f"2024-03-0{session_id}T10:05:00+00:00",
    )


def perfect(pack: LoadedPack) -> list[AnswerRecord]:
    return [record(pack, item_id, kind) for kind, item_id in ITEM_OF_KIND.items()]


def one_label(pack: LoadedPack) -> list[AnswerRecord]:
    """The reader who answers "government allegation" to everything."""
    return [record(pack, item_id, GA) for item_id in ITEM_OF_KIND.values()]


def mixed(pack: LoadedPack) -> list[AnswerRecord]:
    """Two passes over the pack: 4 best, 1 accepted, 3 wrong.

    true x chosen:  SM: SM, IF   GA: GA, SM(accepted)   DE: GA, DE   IF: IF, GA
    """
    return [
        record(pack, "launch", SM, session=1, seconds=12, confidence=3),
        record(pack, "accusation", GA, session=1, seconds=20, confidence=3),
        record(pack, "denial", GA, session=1, seconds=30, hints=2, confidence=1),
        record(pack, "sanctions", IF, session=1, seconds=8, confidence=2),
        record(pack, "launch", IF, session=2, seconds=5),
        record(pack, "accusation", SM, session=2, seconds=15),
        record(pack, "denial", DE, session=2, seconds=9, hints=1),
        record(pack, "sanctions", GA, session=2, seconds=11),
    ]


def figures_by_kind(pack, answers):
    refs = category_refs(pack.categories, answers)
    return {f.category: f for f in category_figures(answers, refs)}


# --- overall -------------------------------------------------------------------------------------


def test_score_sums_stored_credit_with_accepted_alternative_at_half(mini):
    score = overall_score(mixed(mini))
    assert (score.correct, score.accepted, score.wrong) == (4, 1, 3)
    assert score.points == 4.5
    assert score.percent == pytest.approx(56.25)
    assert score.fraction == pytest.approx(0.5625)


def test_items_time_and_hints_are_totals_over_answers(mini):
    answers = mixed(mini)
    assert items_answered(answers) == 8
    assert total_time(answers) == 110
    assert hints_used(answers) == 3
    figures = overall(answers)
    assert figures.items_with_hints == 2
    assert figures.mean_seconds == pytest.approx(13.75)


# --- per category --------------------------------------------------------------------------------


def test_perfect_reader_has_full_recall_precision_and_equal_d_prime(mini):
    figures = figures_by_kind(mini, perfect(mini))
    matrix = confusion_matrix(perfect(mini), mini.category_ids)
    for kind in (SM, GA, DE, IF):
        assert figures[kind].recall == 1.0
        assert figures[kind].precision == 1.0
        assert d_prime(matrix, kind) == pytest.approx(PERFECT_D)
        # One item of each kind: the report withholds d′ (issue 16, MIN_D_PRIME_ITEMS).
        assert figures[kind].d_prime is None
        assert figures[kind].d_prime_withheld is Withheld.FEW_ITEMS
    assert overall_score(perfect(mini)).percent == 100


def test_all_one_label_reader_finds_every_allegation_but_shows_no_skill(mini):
    answers = one_label(mini)
    figures = figures_by_kind(mini, answers)
    allegation = figures[GA]
    assert allegation.recall == 1.0
    assert allegation.precision == 0.25  # 1 right use out of 4
    assert allegation.false_alarms == 3
    matrix = confusion_matrix(answers, mini.category_ids)
    assert d_prime(matrix, GA) == pytest.approx(ONE_LABEL_D)
    assert d_prime(matrix, GA) <= 0 < PERFECT_D
    # The report shows no d′ for a label used on every item, nor for one never used (issue 16).
    assert allegation.d_prime is None and allegation.d_prime_withheld is Withheld.ALWAYS_USED
    for kind in (SM, DE, IF):
        assert figures[kind].recall == 0.0
        assert figures[kind].precision is None  # never chosen
        assert figures[kind].d_prime is None
        assert figures[kind].d_prime_withheld is Withheld.NEVER_USED
    assert balanced_accuracy(matrix) == 0.25  # chance with four kinds
    assert overall_score(answers).percent == 25


def test_mixed_answers_give_hand_computed_recall_precision_and_d_prime(mini):
    figures = figures_by_kind(mini, mixed(mini))
    assert [figures[k].recall for k in (SM, GA, DE, IF)] == [0.5, 0.5, 0.5, 0.5]
    assert figures[SM].precision == 0.5
    assert figures[GA].precision == pytest.approx(1 / 3)
    assert figures[DE].precision == 1.0
    assert figures[IF].precision == 0.5
    # SM: H = 1.5/3, F = 1.5/7;  GA: F = 2.5/7;  DE: F = .5/7
    matrix = confusion_matrix(mixed(mini), mini.category_ids)
    assert d_prime(matrix, SM) == pytest.approx(0.7916386077433746)
    assert d_prime(matrix, GA) == pytest.approx(0.3661063568005697)
    assert d_prime(matrix, DE) == pytest.approx(1.4652337926855223)
    assert d_prime(matrix, IF) == pytest.approx(d_prime(matrix, SM))
    # Two items of each kind are too few for the report to show it (issue 16).
    assert all(figures[k].d_prime is None and figures[k].d_prime_withheld is Withheld.FEW_ITEMS
               for k in (SM, GA, DE, IF))


def test_accepted_alternative_earns_credit_but_is_not_a_hit(mini):
    answers = [record(mini, "accusation", SM)]  # state media is accepted for this allegation
    assert answers[0].verdict is Verdict.ACCEPTED
    assert overall_score(answers).points == 0.5
    figures = figures_by_kind(mini, answers)
    assert figures[GA].recall == 0.0
    assert figures[GA].accepted == 1
    assert figures[SM].precision == 0.0
    assert confusion_matrix(answers, mini.category_ids).count(GA, SM) == 1


def test_d_prime_stays_finite_at_zero_and_full_rates():
    # 3 of 3 found, 0 of 9 false alarms: H = 3.5/4, F = .5/10
    assert d_prime_from_counts(3, 3, 0, 9) == pytest.approx(2.7952030073274807)
    # and the mirror image: nothing found, every other item a false alarm
    assert d_prime_from_counts(0, 3, 9, 9) == pytest.approx(-2.7952030073274807)


def test_d_prime_is_none_without_items_of_the_kind_or_of_other_kinds():
    assert d_prime_from_counts(0, 0, 1, 4) is None
    assert d_prime_from_counts(2, 2, 0, 0) is None


# --- confusion matrix, balanced accuracy ---------------------------------------------------------


def test_denial_answered_as_fact_counts_in_confusion_matrix(mini):
    answers = [record(mini, "denial", IF), record(mini, "denial", IF), record(mini, "launch", SM)]
    matrix = confusion_matrix(answers, mini.category_ids)
    assert matrix.categories == (SM, GA, DE, IF)  # taxonomy order
    assert matrix.count(DE, IF) == 2
    assert matrix.count(SM, SM) == 1
    assert matrix.row_total(DE) == 2
    assert matrix.column_total(IF) == 2
    assert matrix.total == 3


def test_mixed_answers_fill_the_confusion_matrix_cell_by_cell(mini):
    matrix = confusion_matrix(mixed(mini), mini.category_ids)
    assert matrix.counts == (
        (1, 0, 0, 1),
        (1, 1, 0, 0),
        (0, 1, 1, 0),
        (0, 1, 0, 1),
    )


def test_balanced_accuracy_averages_recall_over_kinds_present(mini):
    # Three allegations found, one launch missed: raw 75%, but kinds present are 2.
    answers = [record(mini, "accusation", GA)] * 3 + [record(mini, "launch", GA)]
    matrix = confusion_matrix(answers, mini.category_ids)
    assert recall(matrix, GA) == 1.0 and recall(matrix, SM) == 0.0
    assert recall(matrix, DE) is None
    assert balanced_accuracy(matrix) == 0.5
    assert balanced_accuracy(confusion_matrix(mixed(mini), mini.category_ids)) == 0.5


def test_category_missing_from_pack_is_added_after_the_taxonomy(mini):
    stray = record(mini, "launch", SM)
    stray = dataclasses.replace(stray, chosen="rumour")
    refs = category_refs(mini.categories, [stray])
    assert [r.id for r in refs] == [SM, GA, DE, IF, "rumour"]
    assert refs[-1].label == "rumour" and not refs[-1].in_pack
    assert confusion_matrix([stray], mini.category_ids).count(SM, "rumour") == 1


# --- bias ----------------------------------------------------------------------------------------


def test_response_bias_names_the_label_chosen_beyond_its_share(mini):
    answers = [record(mini, "accusation", GA)] * 3 + [record(mini, "denial", GA)] * 3
    matrix = confusion_matrix(answers, mini.category_ids)
    refs = category_refs(mini.categories)
    bias = response_bias(matrix, refs)
    assert (bias.category, bias.chosen, bias.true_count) == (GA, 6, 3)
    assert describe_bias(bias, 6) == (
        "You chose 'Government allegation' 6 times for 3 such statements: "
        "when unsure, you lean towards it."
    )


def test_all_one_label_reader_is_told_about_the_lean(mini):
    report = build_report(one_label(mini), [session(mini, 1)], mini)
    assert report.bias_sentence == (
        "You chose 'Government allegation' 4 times for 1 such statement: "
        "when unsure, you lean towards it."
    )


def test_one_stray_answer_is_not_called_a_lean(mini):
    matrix = confusion_matrix(mixed(mini), mini.category_ids)  # allegation chosen 3 for 2
    assert response_bias(matrix, category_refs(mini.categories)) is None
    assert describe_bias(None, 8) == (
        "You used each label about as often as it was the answer: no lean towards one kind."
    )


# --- calibration ---------------------------------------------------------------------------------


def test_calibration_gives_accuracy_per_confidence_level(mini):
    levels = calibration(mixed(mini))
    assert [(c.level, c.answered, c.correct, c.accuracy) for c in levels] == [
        (1, 1, 0, 0.0), (2, 1, 1, 1.0), (3, 2, 2, 1.0),
    ]


def test_calibration_is_none_when_confidence_was_never_rated(mini):
    assert calibration(perfect(mini)) is None


def test_unused_confidence_level_has_no_accuracy(mini):
    levels = calibration([record(mini, "launch", SM, confidence=3)])
    assert levels[0].accuracy is None and levels[2].accuracy == 1.0


# --- history -------------------------------------------------------------------------------------


def test_history_gives_figures_per_session_and_the_change_since_the_first(mini, utc_time_zone):
    answers = mixed(mini)
    refs = category_refs(mini.categories)
    history = session_history(answers, [session(mini, 2), session(mini, 1)], refs)
    assert [h.session.id for h in history] == [1, 2]  # oldest first
    assert [h.score.percent for h in history] == [75.0, 37.5]
    assert [h.balanced_accuracy for h in history] == [0.75, 0.25]
    assert [c.recall for c in history[1].categories] == [0.0, 0.0, 1.0, 0.0]
    change = change_since_first(history)
    assert change.percent == -37.5
    assert change.balanced_accuracy == -0.5
    assert [r.change for r in change.recall] == [-1.0, -1.0, 1.0, -1.0]
    assert describe_change(change) == (
        "Since your first full practice run (2024-03-01 10:00): score -38 points, balanced "
        "accuracy -50 points; "
        "State-media claim found -100 points, Government allegation found -100 points, "
        "Denial found +100 points, Independently reported fact found -100 points."
    )


def test_no_change_with_a_single_session(mini):
    history = session_history(perfect(mini), [session(mini, 1)], category_refs(mini.categories))
    assert change_since_first(history) is None


def test_answers_without_a_session_record_still_appear_in_history(mini):
    answers = [record(mini, "launch", SM, session=7)]
    history = session_history(answers, [], category_refs(mini.categories))
    assert [(h.session.id, h.score.answered) for h in history] == [(7, 1)]


# --- missed items, what to practise --------------------------------------------------------------


def test_missed_items_list_each_miss_once_with_passage_and_explanation(mini):
    missed = missed_items(mixed(mini), mini, category_refs(mini.categories))
    assert [m.item_id for m in missed] == ["denial", "launch", "accusation", "sanctions"]
    denial = missed[0]
    assert denial.passage == "The neighbours denied the accusation."
    assert (denial.chosen_label, denial.best_label) == ("Government allegation", "Denial")
    assert denial.explanation.startswith('The word "denied" marks a denial.')
    assert denial.why_not == "The neighbours reject an accusation rather than make one."
    assert denial.note is None
    assert missed[2].verdict is Verdict.ACCEPTED


def test_item_missed_twice_is_listed_once_with_the_count(mini):
    answers = [record(mini, "launch", GA, session=1), record(mini, "launch", DE, session=2)]
    (missed,) = missed_items(answers, mini, category_refs(mini.categories))
    assert missed.times_missed == 2
    assert missed.chosen == DE  # the latest miss


def test_item_removed_from_the_pack_is_listed_by_id_with_a_note(mini):
    items = {i.id: i for i in mini.pack.items if i.id != "denial"}
    (missed,) = missed_items([record(mini, "denial", GA)], items, category_refs(mini.categories))
    assert missed.item_id == "denial"
    assert missed.passage is None and missed.explanation is None
    assert "no longer in the pack" in missed.note


def test_item_edited_since_it_was_answered_carries_a_note(mini):
    items = {i.id: i for i in mini.pack.items}
    items["denial"] = replace(items["denial"], **{"answer": IF})
    (missed,) = missed_items([record(mini, "denial", GA)], items, category_refs(mini.categories))
    assert missed.passage == "The neighbours denied the accusation."
    assert "edited since it was answered" in missed.note


def test_practice_next_names_the_top_confusion_and_the_pack_cues(mini):
    answers = mixed(mini) + [record(mini, "denial", GA, session=3)]
    assert practice_next(answers, category_refs(mini.categories)) == (
        "Practise telling denials from government allegations: 2 of your 4 wrong answers were "
        "denials read as government allegations. Before answering, look for words like "
        "\u201cdenied\u201d or \u201crejected\u201d."
    )


def test_practice_next_names_both_confusions_of_a_tie_in_category_order(mini):
    # Two pairs twice each; the denial pair came first, but state media comes first in the pack.
    answers = [record(mini, "denial", GA), record(mini, "denial", GA),
               record(mini, "launch", IF), record(mini, "launch", IF)]
    assert practice_next(answers, category_refs(mini.categories)) == (
        "Practise telling state-media claims from independently reported facts, and denials "
        "from government allegations: each was 2 of your 4 wrong answers. Before answering, "
        "look for words like \u201cKCNA reported\u201d for state-media claims or "
        "\u201cdenied\u201d for denials."
    )
    assert practice_next(list(reversed(answers)), category_refs(mini.categories)) == (
        practice_next(answers, category_refs(mini.categories)))


def test_practice_next_when_no_confusion_repeats(mini):
    # mixed: three wrong answers, each a different pair (a three-way tie at one each).
    assert practice_next(mixed(mini), category_refs(mini.categories)) == (
        "No one confusion stands out: your 3 wrong answers are spread over 3 pairs of kinds "
        "(the confusion matrix shows them). Reread the explanations of the items to look at "
        "again, then try again."
    )


def test_practice_next_for_repeated_confusion_of_a_kind_without_cue_words(mini):
    answers = [record(mini, "sanctions", GA)] * 2
    assert practice_next(answers, category_refs(mini.categories)) == (
        "Practise telling independently reported facts from government allegations: all 2 of "
        "your wrong answers were independently reported facts read as government allegations. "
        "Before answering, ask who says so, and how anyone could check it."
    )


def test_practice_next_uses_the_pack_labels_not_fixed_words():
    refs = [CategoryRef("rumour", "Rumour", ("people say",)), CategoryRef("record", "Record")]
    answer = AnswerRecord(1, "Ana", "p", "x", "h", "rumour", (), "record", Verdict.WRONG, 0.0,
                          1.0, 0, None, "2024-03-01T10:00:00+00:00")
    assert practice_next([answer], refs) == (
        "Practise telling rumours from records: your only wrong answer was a rumour read as a "
        "record. Before answering, look for words like \u201cpeople say\u201d."
    )


def test_practice_next_after_only_accepted_alternatives(mini):
    answers = perfect(mini)[:1] + [record(mini, "accusation", SM)]
    assert practice_next(answers, category_refs(mini.categories)).startswith(
        "No wrong answers, but 1 answer was defensible rather than the best one."
    )


def test_practice_next_for_a_perfect_reader(mini):
    assert practice_next(perfect(mini), category_refs(mini.categories)).startswith(
        "Every answer was the best one"
    )


# --- the report ----------------------------------------------------------------------------------


def test_empty_session_gives_words_not_numbers(mini):
    report = build_report([], [session(mini, 1)], mini)
    assert report.overall.answered == 0
    assert report.overall.score.percent is None
    assert report.overall.mean_seconds is None
    assert report.balanced_accuracy is None
    assert all(c.recall is None and c.precision is None and c.d_prime is None
               for c in report.per_category)
    assert report.bias is None and report.calibration is None and report.change is None
    assert report.missed == ()
    assert report.bias_sentence == "No answers yet, so no lean towards any kind."
    assert report.practice_next.startswith("No answers yet")
    assert format_percent(report.balanced_accuracy) == "no answers"
    assert format_duration(report.overall.mean_seconds) == "no answers"


def test_report_carries_learner_date_and_pack(mini, utc_time_zone):
    report = build_report(mixed(mini), [session(mini, 1), session(mini, 2)], mini)
    assert report.learner == "Ana"
    assert (report.first_date, report.date) == ("2024-03-01", "2024-03-02")
    assert (report.pack.id, report.pack.title, report.pack.version) == (
        "mini", "Mini test article", "1")
    assert report.is_history
    assert report.change_sentence.startswith(
        "Since your first full practice run (2024-03-01 10:00)")


def test_report_labels_come_from_the_pack(mini):
    renamed = [replace(c, **{"label": "Claim by state outlet"}) if c.id == SM else c
               for c in mini.categories]
    pack = replace(mini, **{"categories": renamed})
    report = build_report(mixed(mini), [session(mini, 1)], pack)
    assert report.label(SM) == "Claim by state outlet"
    assert report.per_category[0].label == "Claim by state outlet"


def test_report_without_its_pack_labels_by_id(mini):
    report = build_report(mixed(mini), [session(mini, 1), session(mini, 2)], None)
    assert [c.label for c in report.categories] == [SM, GA, DE, IF]  # order first seen
    assert report.pack.id == "mini" and report.pack.current_version is None
    assert all("no longer in the pack" in m.note for m in report.missed)


def test_report_for_sessions_reads_the_answers_the_sessions_carry(mini):
    answers = mixed(mini)
    first = dataclasses.replace(session(mini, 1), answers=tuple(answers[:4]))
    second = dataclasses.replace(session(mini, 2), answers=tuple(answers[4:]))
    report = report_for_sessions([second, first], mini)
    assert report.answers == tuple(answers)  # oldest session first
    assert [h.score.percent for h in report.history] == [75.0, 37.5]


def test_report_refuses_answers_of_another_pack(mini):
    other = replace(mini, **{"pack": replace(mini.pack, **{"id": "other"})})
    with pytest.raises(ValueError, match="a report covers one pack"):
        build_report(mixed(mini), [], other)


def test_signed_points_round_halves_away_from_zero():
    assert format_signed_points(62.5) == "+63 points"
    assert format_signed_points(-37.5) == "-38 points"
    assert format_signed_points(1) == "+1 point"
    assert format_percent(0.125) == "13%"


# --- any answer set ------------------------------------------------------------------------------

KINDS = (SM, GA, DE, IF)


@st.composite
def answer_sets(draw):
    pairs = draw(st.lists(st.tuples(st.sampled_from(KINDS), st.sampled_from(KINDS)), max_size=40))
    return [
        AnswerRecord(1 + n % 3, "Ana", "mini", ITEM_OF_KIND[true], "h", true, (), chosen,
                     Verdict.CORRECT if true == chosen else Verdict.WRONG,
                     1.0 if true == chosen else 0.0, 1.0, 0, None, "2024-03-01T10:00:00+00:00")
        for n, (true, chosen) in enumerate(pairs)
    ]


@given(answers=answer_sets())
@settings(max_examples=60, deadline=None)
def test_every_figure_is_finite_or_none_and_in_range(answers):
    categories = [Category(id=k, label=k.title(), definition="d") for k in KINDS]
    refs = category_refs(categories)
    matrix = confusion_matrix(answers, list(KINDS))
    assert matrix.total == len(answers)
    figures = category_figures(answers, refs, matrix)
    assert sum(f.items for f in figures) == sum(f.uses for f in figures) == len(answers)
    for figure in figures:
        for rate in (figure.recall, figure.precision):
            assert rate is None or 0 <= rate <= 1
        assert figure.d_prime is None or math.isfinite(figure.d_prime)
        # Shown as computed, or withheld with its reason (issue 16).
        if figure.d_prime_withheld is None:
            assert figure.d_prime == d_prime(matrix, figure.category) is not None
        else:
            assert figure.d_prime is None
        assert figure.precision == precision(matrix, figure.category)
    accuracy = balanced_accuracy(matrix)
    assert (accuracy is None) == (not answers)
    assert accuracy is None or 0 <= accuracy <= 1

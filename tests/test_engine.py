"""Specification of the quiz engine: which items are asked, in what order, and how answers score.

Uses the four-item mini pack (one item of each kind) and small packs written by the tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers import ManualClock

from quiz.content.pack_files import load_pack
from quiz.core.engine import (
    Mode,
    Order,
    QuizOptions,
    QuizSession,
    SessionFinished,
    Span,
    parse_choice,
    select_items,
)
from quiz.core.packs import LoadedPack
from quiz.core.scoring import CategoryTally, Confusion, Verdict, score_answer

ARTICLE_ORDER = ["launch", "accusation", "denial", "sanctions"]


def item(item_id: str, sentence: str, answer: str, cue: str, **extra) -> dict:
    """A valid item whose passage and claim are one whole article sentence."""
    return {
        "id": item_id,
        "passage": sentence,
        "claim": sentence,
        "answer": answer,
        "source": "Someone",
        "cue": cue,
        "explanation": f"The words {cue!r} show it. That is the whole lesson.",
        **extra,
    }


def write_pack(tmp_path: Path, article: str, items: list[dict], **fields) -> LoadedPack:
    """Write a pack and its article into `tmp_path` and load it (no cache)."""
    (tmp_path / "article.txt").write_text(article, encoding="utf-8")
    document = {"id": "built", "title": "Built in a test", "article": "article.txt",
                "version": "1", **fields, "items": items}
    path = tmp_path / "built.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return load_pack(path, use_cache=False)


def answer_all(session: QuizSession, choices: list[str]) -> None:
    for choice in choices:
        session.answer(choice)
        session.advance()


# --- scoring ----------------------------------------------------------------------------------


def test_best_answer_scores_one(mini: LoadedPack) -> None:
    session = QuizSession(mini)
    feedback = session.answer("state_media")
    assert (feedback.verdict, feedback.credit) == (Verdict.CORRECT, 1.0)
    assert feedback.best == "state_media"
    assert feedback.why_not is None


def test_accepted_alternative_scores_the_default_half_credit(mini: LoadedPack) -> None:
    session = QuizSession(mini, QuizOptions(item_ids=("accusation",)))
    feedback = session.answer("state_media")
    assert (feedback.verdict, feedback.credit) == (Verdict.ACCEPTED, 0.5)
    assert feedback.best == "government_allegation"
    assert feedback.accepted == ("state_media",)
    assert feedback.why_not == "The ministry speaks for the government, but no outlet is named."


def test_accepted_alternative_scores_the_packs_alternative_credit(tmp_path: Path) -> None:
    pack = write_pack(
        tmp_path, "The ministry accused the neighbours.",
        [item("one", "The ministry accused the neighbours.", "government_allegation", "accused",
              also_accept=["state_media"])],
        alternative_credit=0.25,
    )
    feedback = QuizSession(pack).answer("state_media")
    assert (feedback.verdict, feedback.credit) == (Verdict.ACCEPTED, 0.25)


def test_wrong_answer_scores_zero_and_gives_the_why_not_line_for_the_choice(
    mini: LoadedPack,
) -> None:
    feedback = QuizSession(mini).answer("independent_fact")
    assert (feedback.verdict, feedback.credit) == (Verdict.WRONG, 0.0)
    assert feedback.why_not == "The outlet names KCNA as its source."


def test_feedback_carries_explanation_source_and_discussion(mini: LoadedPack) -> None:
    feedback = QuizSession(mini).answer("denial")
    assert feedback.item_id == "launch"
    assert feedback.choice == "denial"
    assert feedback.explanation.startswith('The words "KCNA reported" mark a state-media claim.')
    assert feedback.source == "KCNA, North Korea's state news agency"
    assert feedback.discussion == "How could anyone check a launch?"


def test_score_answer_is_the_one_credit_rule() -> None:
    assert score_answer("a", "a", ["b"], 0.3) == (Verdict.CORRECT, 1.0)
    assert score_answer("b", "a", ["b"], 0.3) == (Verdict.ACCEPTED, 0.3)
    assert score_answer("c", "a", ["b"], 0.3) == (Verdict.WRONG, 0.0)


def test_summary_adds_credit_and_lists_wrong_and_accepted_items_as_missed(
    mini: LoadedPack,
) -> None:
    session = QuizSession(mini)
    answer_all(session, ["state_media", "state_media", "independent_fact", "independent_fact"])
    summary = session.summary()
    assert summary.score == 2.5
    assert (summary.answered, summary.total) == (4, 4)
    assert summary.percent == 62  # 2.5 of 4, rounded
    assert summary.missed == ["accusation", "denial"]
    assert session.finished


def test_summary_tallies_found_and_accepted_per_category_in_taxonomy_order(
    mini: LoadedPack,
) -> None:
    session = QuizSession(mini)
    answer_all(session, ["state_media", "state_media", "independent_fact", "independent_fact"])
    assert session.summary().tallies == [
        CategoryTally("state_media", found=1, accepted=0, total=1),
        CategoryTally("government_allegation", found=0, accepted=1, total=1),
        CategoryTally("denial", found=0, accepted=0, total=1),
        CategoryTally("independent_fact", found=1, accepted=0, total=1),
    ]


def test_partial_summary_counts_only_answered_items(mini: LoadedPack) -> None:
    session = QuizSession(mini)
    session.answer("state_media")
    summary = session.summary()
    assert (summary.score, summary.answered, summary.total) == (1.0, 1, 4)
    assert summary.percent == 100
    assert not session.finished


def test_summary_of_an_unanswered_session_is_zero_without_dividing_by_zero(
    mini: LoadedPack,
) -> None:
    summary = QuizSession(mini).summary()
    assert (summary.score, summary.answered, summary.percent) == (0, 0, 0)
    assert summary.missed == []


# --- the confusion sentence -------------------------------------------------------------------


def state_media_pack(tmp_path: Path, count: int) -> LoadedPack:
    sentences = [f"State media said parade {n} was big, KCNA reported." for n in range(count)]
    items = [item(f"claim-{n}", s, "state_media", "KCNA reported") for n, s in enumerate(sentences)]
    return write_pack(tmp_path, " ".join(sentences), items)


def test_state_media_claims_answered_as_facts_make_the_confusion_sentence(
    tmp_path: Path,
) -> None:
    session = QuizSession(state_media_pack(tmp_path, 3))
    answer_all(session, ["independent_fact"] * 3)
    summary = session.summary()
    assert summary.confusions == [Confusion("state_media", "independent_fact", 3)]
    assert session.confusion_sentence(summary) == (
        "You read 3 state-media claims as independently reported facts."
    )


def test_a_single_confusion_is_told_in_the_singular_with_the_right_article(
    mini: LoadedPack,
) -> None:
    session = QuizSession(mini, QuizOptions(item_ids=("sanctions",)))
    session.answer("government_allegation")
    assert session.confusion_sentence() == (
        "You read an independently reported fact as a government allegation."
    )


def test_denial_answered_as_fact_counts_in_confusion_matrix(mini: LoadedPack) -> None:
    session = QuizSession(mini)
    answer_all(session, ["state_media", "government_allegation", "independent_fact",
                         "independent_fact"])
    assert session.summary().confusions == [Confusion("denial", "independent_fact", 1)]


def test_most_common_confusion_comes_first(tmp_path: Path) -> None:
    session = QuizSession(state_media_pack(tmp_path, 3))
    answer_all(session, ["denial", "independent_fact", "independent_fact"])
    confusions = session.summary().confusions
    assert confusions == [Confusion("state_media", "independent_fact", 2),
                          Confusion("state_media", "denial", 1)]


def test_accepted_alternatives_are_not_confusions(mini: LoadedPack) -> None:
    session = QuizSession(mini, QuizOptions(item_ids=("accusation",)))
    session.answer("state_media")
    assert session.summary().confusions == []
    assert session.confusion_sentence() is None


# --- order ------------------------------------------------------------------------------------


def test_article_order_follows_the_article_not_the_pack_file(tmp_path: Path) -> None:
    article = "The ministry accused the neighbours. The neighbours denied it. KCNA reported a win."
    pack = write_pack(tmp_path, article, [
        item("third", "KCNA reported a win.", "state_media", "KCNA reported"),
        item("first", "The ministry accused the neighbours.", "government_allegation", "accused"),
        item("second", "The neighbours denied it.", "denial", "denied"),
    ])
    assert [i.id for i in QuizSession(pack).items] == ["first", "second", "third"]


def test_article_order_is_the_default(mini: LoadedPack) -> None:
    assert QuizOptions().order is Order.ARTICLE
    assert [i.id for i in QuizSession(mini).items] == ARTICLE_ORDER


def test_shuffle_with_a_seed_is_reproducible(mini: LoadedPack) -> None:
    options = QuizOptions(order=Order.SHUFFLE, seed=7)
    first = [i.id for i in select_items(mini, options)]
    second = [i.id for i in QuizSession(mini, options).items]
    assert first == second
    assert sorted(first) == sorted(ARTICLE_ORDER)


def test_different_seeds_give_different_orders(mini: LoadedPack) -> None:
    orders = {
        tuple(i.id for i in select_items(mini, QuizOptions(order=Order.SHUFFLE, seed=seed)))
        for seed in range(10)
    }
    assert len(orders) > 1


def test_a_seed_alone_does_not_shuffle_article_order(mini: LoadedPack) -> None:
    options = QuizOptions(order=Order.ARTICLE, seed=7)
    assert [i.id for i in select_items(mini, options)] == ARTICLE_ORDER


# --- filters ----------------------------------------------------------------------------------


def test_category_filter_keeps_items_whose_best_answer_is_that_category(
    mini: LoadedPack,
) -> None:
    options = QuizOptions(categories=("denial", "state_media"))
    assert [i.id for i in select_items(mini, options)] == ["launch", "denial"]


def test_difficulty_filter(mini: LoadedPack) -> None:
    assert [i.id for i in select_items(mini, QuizOptions(difficulties=(1,)))] == [
        "launch", "denial"]
    assert [i.id for i in select_items(mini, QuizOptions(difficulties=(2, 3)))] == [
        "accusation", "sanctions"]


def test_tag_filter_keeps_items_with_any_of_the_tags(mini: LoadedPack) -> None:
    assert [i.id for i in select_items(mini, QuizOptions(tags=("kcna", "sanctions")))] == [
        "launch", "sanctions"]


def test_count_takes_the_first_items_after_ordering(mini: LoadedPack) -> None:
    assert [i.id for i in select_items(mini, QuizOptions(count=2))] == ["launch", "accusation"]
    shuffled = [i.id for i in select_items(mini, QuizOptions(order=Order.SHUFFLE, seed=3))]
    assert [i.id for i in select_items(mini, QuizOptions(order=Order.SHUFFLE, seed=3,
                                                          count=2))] == shuffled[:2]


def test_count_larger_than_the_pack_asks_every_item(mini: LoadedPack) -> None:
    assert len(select_items(mini, QuizOptions(count=50))) == 4


def test_item_ids_keep_only_those_items_in_article_order(mini: LoadedPack) -> None:
    options = QuizOptions(item_ids=("sanctions", "launch"))
    assert [i.id for i in select_items(mini, options)] == ["launch", "sanctions"]


def test_filters_combine(mini: LoadedPack) -> None:
    options = QuizOptions(difficulties=(1,), categories=("denial",))
    assert [i.id for i in select_items(mini, options)] == ["denial"]


def test_filters_that_match_nothing_give_a_finished_session(mini: LoadedPack) -> None:
    session = QuizSession(mini, QuizOptions(tags=("no-such-tag",)))
    assert session.items == []
    assert session.finished
    with pytest.raises(SessionFinished):
        session.current


# --- offsets in the passage -------------------------------------------------------------------


def test_claim_and_cue_offsets_point_into_the_passage(tmp_path: Path) -> None:
    passage = "Kim hosted a lunch. Shoigu praised the army, according to KCNA."
    pack = write_pack(tmp_path, passage, [item(
        "lunch", passage, "state_media", "according to KCNA",
        claim="Shoigu praised the army, according to KCNA.",
    )])
    feedback = QuizSession(pack).answer("state_media")
    assert feedback.claim == Span(20, len(passage))
    assert passage[feedback.claim.start:feedback.claim.end] == (
        "Shoigu praised the army, according to KCNA.")
    assert passage[feedback.cue.start:feedback.cue.end] == "according to KCNA"


def test_mini_pack_cue_offsets(mini: LoadedPack) -> None:
    feedback = QuizSession(mini).answer("state_media")
    passage = mini.pack.items[0].passage
    assert feedback.claim == Span(0, len(passage))
    assert feedback.cue == Span(passage.index("KCNA reported"), passage.index("KCNA reported") + 13)


def test_an_item_without_a_cue_has_no_cue_span(tmp_path: Path) -> None:
    sentence = "Sanctions have applied since 2006."
    pack = write_pack(tmp_path, sentence, [item("record", sentence, "independent_fact", "")])
    assert QuizSession(pack).answer("independent_fact").cue is None


# --- time and hints ---------------------------------------------------------------------------


def test_time_per_item_is_measured_with_the_injected_clock(
    mini: LoadedPack, clock: ManualClock
) -> None:
    session = QuizSession(mini, clock=clock)
    clock.advance(4.5)
    assert session.answer("state_media").seconds == 4.5
    clock.advance(30)  # reading the feedback is not the next item's time
    session.advance()
    clock.advance(2)
    assert session.answer("government_allegation").seconds == 2


def test_restart_timer_starts_timing_when_the_item_is_shown(
    mini: LoadedPack, clock: ManualClock
) -> None:
    session = QuizSession(mini, clock=clock)
    clock.advance(10)  # e.g. the screen was still loading
    session.restart_timer()
    clock.advance(3)
    assert session.answer("state_media").seconds == 3


def test_a_clock_going_backwards_never_gives_negative_time(
    mini: LoadedPack, clock: ManualClock
) -> None:
    session = QuizSession(mini, clock=clock)
    clock.advance(-5)
    assert session.answer("state_media").seconds == 0


# Hints teach (issue 16): where to look, then the clause, and the cue only on the third press.


def test_first_hint_says_where_to_look_in_this_item_without_naming_a_kind(
    mini: LoadedPack,
) -> None:
    session = QuizSession(mini)
    hint = session.hint()
    assert hint.level == 1 and hint.span is None
    assert hint.text == ("Find the verb that introduces the claim (it is inside the highlighted "
                         "claim): who is speaking?")
    for category in mini.categories:
        assert category.label.lower() not in hint.text.lower()
    assert "KCNA" not in hint.text
    assert session.hints_used == 1


def test_second_hint_narrows_to_the_clause_and_only_the_third_names_the_cue(
    mini: LoadedPack,
) -> None:
    session = QuizSession(mini)
    passage = mini.pack.items[0].passage
    session.hint()
    clause = session.hint()
    assert clause.level == 2 and "KCNA reported" not in clause.text
    assert passage[clause.span.start:clause.span.end] == passage  # the whole short sentence
    cue = session.hint()
    assert cue.level == 3 and "KCNA reported" in cue.text
    assert passage[cue.span.start:cue.span.end] == "KCNA reported"


def test_a_long_passages_second_hint_is_the_clause_holding_the_cue(tmp_path: Path) -> None:
    sentence = ("The weapons were shown at a parade in the capital on Thursday evening, which "
                "lasted two hours, state television reported in its main news bulletin on Friday.")
    session = QuizSession(write_pack(tmp_path, sentence, [
        item("long", sentence, "state_media", "state television reported")]))
    session.hint()
    clause = session.hint()
    assert sentence[clause.span.start:clause.span.end] == ("state television reported in its "
                                                           "main news bulletin on Friday.")


def test_hint_without_a_cue_asks_where_the_outlet_could_know_it(tmp_path: Path) -> None:
    sentence = "Sanctions have applied since 2006."
    session = QuizSession(write_pack(tmp_path, sentence, [
        item("record", sentence, "independent_fact", "")]))
    first = session.hint()
    assert "is anyone named as the source" in first.text
    hint = session.hint()
    assert (hint.level, hint.span) == (2, None)
    assert "No one is named as the source" in hint.text
    assert session.hint().level == 2  # no cue to name: two hints only


def test_hints_are_recorded_in_the_feedback_and_reset_for_the_next_item(
    mini: LoadedPack,
) -> None:
    session = QuizSession(mini)
    for _ in range(4):
        session.hint()  # there are three levels; asking again does not count higher
    assert session.answer("state_media").hints == 3
    session.advance()
    assert session.hints_used == 0
    assert session.answer("government_allegation").hints == 0


def test_hint_after_answering_is_refused(mini: LoadedPack) -> None:
    session = QuizSession(mini)
    session.answer("state_media")
    with pytest.raises(ValueError):
        session.hint()


def test_confidence_is_recorded_and_must_be_one_to_three(mini: LoadedPack) -> None:
    session = QuizSession(mini)
    with pytest.raises(ValueError):
        session.answer("state_media", confidence=4)
    assert session.answer("state_media", confidence=3).confidence == 3


# --- errors -----------------------------------------------------------------------------------


def test_unknown_category_is_refused_and_nothing_is_recorded(mini: LoadedPack) -> None:
    session = QuizSession(mini)
    with pytest.raises(ValueError, match="unknown category 'opinion'"):
        session.answer("opinion")
    assert session.answers == []
    assert not session.current_answered


def test_answering_twice_is_refused(mini: LoadedPack) -> None:
    session = QuizSession(mini)
    session.answer("state_media")
    with pytest.raises(ValueError, match="already answered"):
        session.answer("denial")
    assert [f.choice for f in session.answers] == ["state_media"]


def test_advancing_an_unanswered_item_is_refused(mini: LoadedPack) -> None:
    session = QuizSession(mini)
    with pytest.raises(ValueError, match="answer the current item"):
        session.advance()
    assert session.index == 0


def test_answering_after_the_last_item_raises_session_finished(mini: LoadedPack) -> None:
    session = QuizSession(mini)
    answer_all(session, ["state_media"] * 4)
    assert session.finished
    assert session.progress == (4, 4)
    with pytest.raises(SessionFinished):
        session.answer("state_media")


def test_progress_counts_the_item_on_screen(mini: LoadedPack) -> None:
    session = QuizSession(mini)
    assert session.progress == (1, 4)
    session.answer("state_media")
    assert session.progress == (1, 4)
    session.advance()
    assert session.progress == (2, 4)


def test_mode_defaults_to_practice() -> None:
    assert QuizOptions().mode is Mode.PRACTICE


# --- typed answers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1", "state_media"),
        ("4", "independent_fact"),
        (" 2 ", "government_allegation"),
        ("denial", "denial"),
        ("STATE_MEDIA", "state_media"),
        ("State-media", "state_media"),
        ("government", "government_allegation"),
        ("Independently", "independent_fact"),
        ("independently reported fact", "independent_fact"),
        ("Denial", "denial"),
        # Any word of the label, or its start of three letters or more (issue 16).
        ("state", "state_media"),
        ("fact", "independent_fact"),
        ("allegation", "government_allegation"),
        ("gov", "government_allegation"),
        ("  Media ", "state_media"),
    ],
)
def test_parse_choice_accepts_number_id_or_first_word_of_the_label(
    mini: LoadedPack, typed: str, expected: str
) -> None:
    assert parse_choice(typed, mini.categories) == expected


@pytest.mark.parametrize("typed", ["", "   ", "0", "5", "-1", "1.5", "xyzzy", "[bold]x[/]",
                                   "de", "st", "a", "independently reported lie"])
def test_parse_choice_returns_none_for_anything_else(mini: LoadedPack, typed: str) -> None:
    assert parse_choice(typed, mini.categories) is None


def test_parse_choice_numbers_follow_the_packs_category_list(tmp_path: Path) -> None:
    sentence = "The UN spokesperson said talks should resume."
    pack = write_pack(
        tmp_path, sentence,
        [item("un", sentence, "official_statement", "The UN spokesperson said")],
        categories=[{"id": "official_statement", "label": "Official statement",
                     "definition": "What an international body says.", "cue_required": True}],
    )
    assert parse_choice("5", pack.categories) == "official_statement"
    assert parse_choice("official", pack.categories) == "official_statement"

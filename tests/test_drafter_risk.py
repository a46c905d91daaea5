"""Specification of the risk flags that tell where a draft is likely wrong on unseen text, the
joint calibration of their effects, and the replays that give the calibration wrong answers to
learn from (the held-out sets as drafted before they were released)."""

from __future__ import annotations

import pytest
import yaml
from drafting import CATEGORIES, DATA, RULES

from quiz.content.drafter.confidence import Outcome, best_threshold, calibrate
from quiz.content.drafter.crossval import replay_check
from quiz.content.drafter.draft import draft_article
from quiz.content.drafter.replay import REPLAYS
from quiz.content.drafter.rules import Decision, load_rules
from quiz.content.pack_files import load_pack


def flags(text: str, index: int = -1) -> tuple[str, ...]:
    return draft_article(text, RULES, CATEGORIES)[index].flags


# --- the flags -----------------------------------------------------------------------------------


def test_a_speaker_last_mentioned_several_sentences_back_is_a_far_reference():
    text = ("Estonia's foreign minister, Ida Holm, said the talks had failed. The border stayed "
            "shut on Monday. Trucks queued for 20 kilometres. Holm said talks would resume.")
    assert "resolved-far" in flags(text)
    near = "Estonia's foreign minister, Ida Holm, said the talks had failed. Holm said more."
    assert "resolved-far" not in flags(near)


def test_a_speaker_phrase_naming_two_kinds_of_party_is_mixed():
    text = ("“The ban is a message,” said Mara Voss, a Vienna-based analyst at the "
            "consultancy Danube Risk.")
    found = flags(text)
    assert "mixed-speaker" in found and "speaker-expert" in found and "quote-first" in found


def test_two_speakers_and_a_contrary_clause_are_flagged():
    found = flags("Norland said the drone was Tarvanian, but Tarvania denied sending it.")
    assert "two-speakers" in found and "contrary-clause" in found


def test_a_negated_subject_is_flagged():
    assert "negated-subject" in flags("Neither side has said who fired first.")


def test_words_that_negate_something_are_flagged_and_their_speaker_is_not():
    # A negation in what is said is where unrecognised denials hide (measured on the replays:
    # one in four such sentences was drafted wrong, against one in eight overall).
    assert "negation" in flags("The ministry said the boat had never left port.")
    assert "negation" not in flags("The ministry said the boat had left port.")
    assert "negation" not in flags("No official of the ministry said the boat had left port.")


def test_a_sentence_naming_a_government_with_no_attribution_is_flagged():
    assert "names-party-unattributed" in flags("Norland's navy went further on Tuesday.")


def test_the_sentence_after_a_denial_that_is_not_one_is_flagged():
    text = ("Norland accused Tarvania of the attack. Tarvania's defence ministry denied it. "
            "The ministry said its troops were on exercises.")
    assert "after-denial" in flags(text)


# --- the calibration -------------------------------------------------------------------------------


def test_flags_are_fitted_jointly_so_a_bystander_flag_is_not_charged_with_the_errors():
    decisions = [Decision(id="r", signal="no_signal", answer="independent_fact",
                          confidence=0.9, explain="x")]
    outcomes = ([Outcome("r", ("a", "b"), 0.0, False, False)] * 10
                + [Outcome("r", ("b",), 0.0, True, False)] * 30
                + [Outcome("r", (), 0.0, True, False)] * 60)
    fit = calibrate(outcomes, decisions)
    assert fit.adjustments["a"] < -0.3
    # Charged one flag at a time, a gets -0.45 and b -0.12 (its 10 wrong in 40): b would carry
    # a quarter of a's weight for errors that are a's. Fitted jointly, much less.
    assert fit.adjustments["a"] < 4 * fit.adjustments.get("b", 0.0)


def test_the_line_is_drawn_on_the_replays_when_there_are_any():
    tuned = [Outcome("safe", (), 0.0, True, False)] * 200
    replayed = ([Outcome("risky", (), 0.0, False, False, weight=3.0)] * 8
                + [Outcome("risky", (), 0.0, True, False, weight=3.0)] * 2
                + [Outcome("safe", (), 0.0, True, False, weight=3.0)] * 30)
    confidence = {"safe": 0.95, "risky": 0.85}
    # On the replays alone, 0.86 catches all 8 and flags 2 of 32 right answers.
    assert best_threshold(tuned + replayed, lambda o: confidence[o.rule]) > 0.85
    assert best_threshold(replayed, lambda o: confidence[o.rule]) > 0.85


def test_the_replay_check_never_fits_on_the_set_it_scores():
    guesses = load_rules(use_user_file=False, use_calibration=False)
    wrong = Outcome("government-speech", ("x",), 0.0, False, False, weight=3.0)
    right = Outcome("government-speech", (), 0.0, True, False, weight=3.0)
    # Set one's replay teaches that flag x means wrong; set two's holds x only on wrong answers
    # too, and is caught only by what set one taught.
    replays = {"one": [wrong] * 10 + [right] * 30, "two": [wrong] * 5 + [right] * 30}
    current = {"one": [right] * 20, "two": [right] * 20}
    found = replay_check(current, replays, guesses)
    assert found["two"][0] == (5, 5)
    alone = replay_check({"two": current["two"]}, {"two": replays["two"]}, guesses)
    assert set(alone) == {"two"}


# --- the recorded replays --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.stem for p in REPLAYS.glob("*.yaml")))
def test_each_replay_covers_every_item_of_its_set(name):
    recorded = yaml.safe_load((REPLAYS / f"{name}.yaml").read_text(encoding="utf-8"))
    for path in sorted((DATA / name).glob("*.yaml")):
        pack = load_pack(path).pack
        assert set(recorded["drafted"][pack.id]) == {item.id for item in pack.items}

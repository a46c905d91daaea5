"""The second reading (quiz/content/drafter/second.py): a model fitted on the replays that can
overrule the rules' answer, flagged, with an explanation that says so."""

from __future__ import annotations

import dataclasses
import json

import pytest

from quiz.content.drafter.confidence import Outcome
from quiz.content.drafter.draft import draft_article
from quiz.content.drafter.lexicon import RulesError
from quiz.content.drafter.rules import SECOND_READING_FILE, load_rules
from quiz.content.drafter.second import (
    SecondReading,
    SecondReadingError,
    examples_of,
    fit_second_reading,
    read_second_reading,
    reading_features,
)

KINDS = ("denial", "government_allegation", "independent_fact", "state_media")
RULES_ALONE = load_rules(use_user_file=False, use_second_reading=False)


def toy(word: str, kind: str, weight: float = 5.0) -> SecondReading:
    """A second reading that prefers `kind` wherever the sentence has `word`."""
    return SecondReading(KINDS, (0.0,) * 4,
                         {f"t:{word}": tuple(weight if k == kind else 0.0 for k in KINDS)})


def test_probabilities_sum_to_one_and_follow_the_weights():
    found = toy("hide", "denial").probabilities(["t:hide", "t:unknown"])
    assert sum(found.values()) == pytest.approx(1.0)
    assert max(found, key=found.get) == "denial"
    assert toy("hide", "denial").probabilities([])["denial"] == pytest.approx(0.25)


def test_another_kind_is_preferred_only_by_more_than_the_margin():
    model = toy("hide", "denial", weight=0.3)  # 0.31 against 0.23 for each other kind
    assert model.preferred("independent_fact", ["t:hide"]) is None
    wider = dataclasses.replace(model, margin=0.05)
    kind, probability = wider.preferred("independent_fact", ["t:hide"])
    assert kind == "denial" and probability == pytest.approx(0.3103, abs=1e-3)
    assert wider.preferred("denial", ["t:hide"]) is None  # already the rules' answer


def test_a_draft_takes_the_preferred_kind_flagged_with_the_rules_cue():
    text = "The ministry said it had nothing to hide."
    alone = draft_article(text, RULES_ALONE, [])[0]
    rules = dataclasses.replace(RULES_ALONE, second=toy("hide", "state_media", weight=9.0))
    second = draft_article(text, rules, [])[0]
    assert alone.answer != "state_media"
    assert (second.answer, second.decision.id) == ("state_media", "second-reading")
    assert "second-reading" in second.flags
    assert second.cue == alone.cue and second.cue in text  # the words that fired stay the cue
    assert second.also_accept == () and second.secondary == ()
    assert second.confidence == 0.99  # its own probability (0.9996), kept in 0.05-0.99


def test_its_probability_is_the_confidence_and_its_line_the_low_confidence_line():
    rules = load_rules(use_user_file=False)
    assert rules.second is not None and rules.low_confidence == rules.second.line
    toy_rules = dataclasses.replace(RULES_ALONE, second=dataclasses.replace(
        toy("hide", "denial", weight=9.0), line=0.7))
    plain = draft_article("The firm said it had nothing to hide.", toy_rules, [])[0]
    assert plain.answer == "denial" and plain.confidence == 0.99
    # A flag the labelled sets cannot measure (all capitals) still puts it below the line.
    shouted = draft_article("THE FIRM SAID IT HAD NOTHING TO HIDE AT ALL, AND NEVER WILL.",
                            toy_rules, [])[0]
    assert "all-caps" in shouted.flags
    assert shouted.confidence < toy_rules.low_confidence


def test_the_features_read_plain_words_whatever_the_case_and_apostrophe():
    names = reading_features("hedge", "independent_fact", ["long"], ["speaker:none"],
                             "Officials DIDN’T say")
    assert {"t:officials", "t:didn't", "t:say", "rule:hedge", "flag:long"} <= set(names)


def test_a_users_rules_file_turns_the_second_reading_off(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text("hedges: [word on the street]\n", encoding="utf-8")
    assert load_rules(use_user_file=False).second is not None
    assert load_rules([extra], use_user_file=False).second is None


def test_the_bundled_model_has_a_weight_per_kind(tmp_path):
    model = read_second_reading(SECOND_READING_FILE)
    assert model is not None and set(model.kinds) == set(KINDS)
    assert all(len(w) == 4 for w in model.weights.values())
    again = tmp_path / "again.json"
    again.write_text(model.to_json("test"), encoding="utf-8")
    assert read_second_reading(again) == model


@pytest.mark.parametrize("content", ["{", '{"kinds": ["a", "b"], "intercepts": [0], '
                                          '"weights": {}}', '["not", "an", "object"]'])
def test_a_broken_model_file_says_where_and_what_to_do(tmp_path, content):
    path = tmp_path / "second_reading.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SecondReadingError, match=r"second_reading\.json: .*calibrate"):
        read_second_reading(path)
    assert read_second_reading(tmp_path / "missing.json") is None


def test_the_rules_loader_reports_a_broken_model_as_a_rules_error(tmp_path, monkeypatch):
    from quiz.content.drafter import rules as rules_module
    path = tmp_path / "second_reading.json"
    path.write_text(json.dumps({"kinds": ["a"], "intercepts": [0, 1], "weights": {}}),
                    encoding="utf-8")
    monkeypatch.setattr(rules_module, "SECOND_READING_FILE", path)
    rules_module._second_reading.cache_clear()
    try:
        with pytest.raises(RulesError, match="one value per kind"):
            load_rules(use_user_file=False)
    finally:
        rules_module._second_reading.cache_clear()


def test_a_fit_learns_which_kind_the_labels_give_such_sentences():
    def outcome(text: str, label: str) -> Outcome:
        return Outcome("other-speech", (), 0.0, False, False, answer="independent_fact",
                       evidence=("speaker:civil",), accepted=(label,), text=text)

    outcomes = [outcome(f"The firm said the claim was false {i}.", "denial") for i in range(20)]
    outcomes += [outcome(f"The firm said sales rose {i}.", "independent_fact")
                 for i in range(20)]
    model = fit_second_reading(examples_of(outcomes))
    assert model is not None
    denial = reading_features("other-speech", "independent_fact", (), ("speaker:civil",),
                              "The firm said the claim was false.")
    assert model.preferred("independent_fact", denial)[0] == "denial"
    plain = reading_features("other-speech", "independent_fact", (), ("speaker:civil",),
                             "The firm said sales rose.")
    assert model.preferred("independent_fact", plain) is None
    assert fit_second_reading(examples_of(outcomes[20:])) is None  # one kind: nothing to fit

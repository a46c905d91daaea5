"""The second reading (quiz/content/drafter/second.py): models fitted on the replays, one per
kind, that can overrule the rules' answer, flagged, with an explanation that says so."""

from __future__ import annotations

import dataclasses
import json

import pytest

from quiz.content.drafter.confidence import Outcome
from quiz.content.drafter.draft import draft_article
from quiz.content.drafter.lexicon import RulesError
from quiz.content.drafter.rules import SECOND_READING_FILE, load_rules
from quiz.content.drafter.second import (
    FORM,
    SecondReading,
    SecondReadingError,
    examples_of,
    context_features,
    fit_second_reading,
    in_context,
    kept_rules,
    read_second_reading,
    reading_features,
)

KINDS = ("denial", "government_allegation", "independent_fact", "state_media")
RULES_ALONE = load_rules(use_user_file=False, use_second_reading=False)


def toy(word: str, kind: str, weight: float = 5.0) -> SecondReading:
    """A second reading that prefers `kind` wherever the sentence has `word` (a feature name
    when it has a colon)."""
    name = word if ":" in word else f"t:{word}"
    return SecondReading(KINDS, (0.0,) * 4,
                         {name: tuple(weight if k == kind else 0.0 for k in KINDS)})


def test_each_kind_has_its_own_chance_of_being_accepted():
    found = toy("hide", "denial").probabilities(["t:hide", "t:unknown"])
    assert found["denial"] == pytest.approx(0.9933, abs=1e-4)  # 1 / (1 + e^-5)
    assert found["state_media"] == pytest.approx(0.5)  # its own model saw nothing
    assert toy("hide", "denial").probabilities([]) == {k: pytest.approx(0.5) for k in KINDS}


def test_another_kind_is_preferred_only_by_more_than_the_margin():
    model = dataclasses.replace(toy("hide", "denial", weight=0.3), margin=0.1)  # 0.574 vs 0.5
    assert model.decide("independent_fact", ["t:hide"]) == ("independent_fact",
                                                             pytest.approx(0.5), False)
    wider = dataclasses.replace(model, margin=0.05)
    kind, probability, changed = wider.decide("independent_fact", ["t:hide"])
    assert (kind, changed) == ("denial", True)
    assert probability == pytest.approx(0.5744, abs=1e-3)
    assert wider.decide("denial", ["t:hide"])[2] is False  # already the rules' answer


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
    assert second.confidence == 0.99  # its own probability (0.9999), kept in 0.05-0.99


def test_it_reads_the_rules_answers_of_the_sentences_beside_it():
    text = ("The ministry denied the charge. The group said the talks went on. "
            "Officials met on Monday.")
    alone = draft_article(text, RULES_ALONE, [])
    assert alone[0].answer == "denial" and alone[1].answer != "state_media"
    rules = dataclasses.replace(RULES_ALONE, second=toy(f"{alone[1].answer}|prev:denial",
                                                        "state_media", 9.0))
    second = draft_article(text, rules, [])
    # Only the sentence after the denial has prev:denial; the rules' answers are its context,
    # so the changed second answer is not what the third one sees.
    assert [d.answer for d in second] == [alone[0].answer, "state_media", alone[2].answer]
    # Each is paired with the sentence's own answer: the context weighs for what it was drafted.
    assert context_features("denial", ("denial", "denial-verb"), None) == (
        "denial|prev:denial", "denial|prevrule:denial-verb")
    assert context_features("state_media", None, "independent_fact") == (
        "state_media|prev:none", "state_media|next:independent_fact")


MALTA = ("Libya accused Malta on Monday of sending trawlers into its waters. "
         "The Libyan coast guard said the boat was fishing illegally. "
         "Malta's foreign ministry said the crew had done nothing wrong. "
         "Foreign Minister Daniel Pace said the boat had been in international waters. "
         "Fishermen said the catch was poor.")


def test_it_reads_where_each_speaker_stands_in_the_articles_charges():
    sides = [tuple(e for e in d.evidence if e.startswith("side:"))
             for d in draft_article(MALTA, RULES_ALONE, [])]
    assert sides == [("side:accuser", "side:names-accused"),  # Libya, naming Malta
                     ("side:accuser",),  # the Libyan coast guard
                     ("side:accused",),  # Malta's ministry, answering
                     # a minister of no named side, in an article that charged one side
                     ("side:unknown", "side:unknown-one"),
                     ("side:none",)]  # no government, outlet or firm speaks


def test_a_side_weighs_in_the_second_reading_as_any_feature_does():
    alone = draft_article(MALTA, RULES_ALONE, [])
    assert alone[3].answer == "government_allegation"
    rules = dataclasses.replace(RULES_ALONE, second=toy("side:unknown-one", "denial", 9.0))
    assert [d.answer for d in draft_article(MALTA, rules, [])][3] == "denial"
    # paired with the rule that read it: from the accused side, a "government-speech" is
    # most often its denial
    names = reading_features("government-speech", "government_allegation", (),
                             ("side:accused", "speaker:government"), "He said so.")
    assert "government-speech|side:accused" in names and "side:accused" in names
    assert "government-speech|speaker:government" not in names  # only the sides are paired


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


def test_a_model_file_of_the_older_form_asks_to_calibrate_again(tmp_path):
    path = tmp_path / "second_reading.json"
    path.write_text(json.dumps({"kinds": list(KINDS), "intercepts": [0] * 4, "weights": {}}),
                    encoding="utf-8")  # the multinomial model of before: no "form"
    with pytest.raises(SecondReadingError, match="form None, expected 'accepted-per-kind'"):
        read_second_reading(path)


def test_the_rules_loader_reports_a_broken_model_as_a_rules_error(tmp_path, monkeypatch):
    from quiz.content.drafter import rules as rules_module
    path = tmp_path / "second_reading.json"
    path.write_text(json.dumps({"form": FORM, "kinds": ["a"], "intercepts": [0, 1],
                                "weights": {}}), encoding="utf-8")
    monkeypatch.setattr(rules_module, "SECOND_READING_FILE", path)
    rules_module._second_reading.cache_clear()
    try:
        with pytest.raises(RulesError, match="one value per kind"):
            load_rules(use_user_file=False)
    finally:
        rules_module._second_reading.cache_clear()


def outcome(text: str, *accepted: str, pack: str = "p") -> Outcome:
    return Outcome("other-speech", (), 0.0, False, False, answer="independent_fact",
                   evidence=("speaker:civil",), accepted=accepted, text=text, pack=pack)


def test_a_fit_learns_which_kinds_the_labels_accept_for_such_sentences():
    outcomes = [outcome(f"The firm said the claim was false {i}.", "denial")
                for i in range(20)]
    outcomes += [outcome(f"The firm said sales rose {i}.", "independent_fact")
                 for i in range(20)]
    model = fit_second_reading(examples_of([outcomes]))
    assert model is not None
    denial = reading_features("other-speech", "independent_fact", (), ("speaker:civil",),
                              "The firm said the claim was false.", ("prev:none",))
    assert model.decide("independent_fact", denial)[:3:2] == ("denial", True)
    plain = reading_features("other-speech", "independent_fact", (), ("speaker:civil",),
                             "The firm said sales rose.", ("prev:none",))
    assert model.decide("independent_fact", plain)[2] is False
    assert fit_second_reading(examples_of([outcomes[20:]])) is None  # one kind: nothing to fit


def test_a_kind_the_labels_also_accept_counts_as_accepted():
    # The labels' first answer is always denial; state_media is also accepted where the
    # sentence names the agency: only the state_media model learns the word.
    outcomes = [outcome(f"The agency said it was false {i}.", "denial", "state_media")
                for i in range(20)]
    outcomes += [outcome(f"The firm said it was false {i}.", "denial") for i in range(20)]
    model = fit_second_reading(examples_of([outcomes]))
    assert model is not None and "state_media" in model.kinds
    agency = model.probabilities(["t:agency"])
    assert agency["state_media"] > 0.6 > model.probabilities(["t:firm"])["state_media"]


def test_the_context_of_a_replayed_item_stops_at_its_pack():
    rows = in_context([outcome("A.", "denial", pack="one"), outcome("B.", "denial", pack="one"),
                       outcome("C.", "denial", pack="two")])
    contexts = [[n.split("|")[1] for n in names if n.startswith("independent_fact|p")
                 or n.startswith("independent_fact|n")] for _, names in rows]
    assert contexts == [["prev:none", "next:independent_fact"],
                        ["prev:independent_fact", "prevrule:other-speech"],
                        ["prev:none"]]


def test_a_kept_rules_answer_is_never_overruled():
    model = dataclasses.replace(toy("hide", "denial"), keeps=frozenset({"state-outlet"}))
    assert model.decide("state_media", ["t:hide"], "state-outlet") == (
        "state_media", pytest.approx(0.5), False)
    assert model.decide("state_media", ["t:hide"], "government-speech")[:3:2] == ("denial", True)


def test_rules_whose_left_out_changes_gained_little_are_kept():
    def row(rule: str, answer: str, kind: str, accepted: str):
        o = dataclasses.replace(outcome("A.", accepted), rule=rule, answer=answer)
        return (o, kind, 0.9, kind != answer)

    drafts = {"one": [row("state-outlet", "state_media", "independent_fact", "state_media"),
                      row("state-outlet", "state_media", "independent_fact", "independent_fact"),
                      row("government-speech", "independent_fact", "government_allegation",
                          "government_allegation")]}
    assert kept_rules(drafts) == {"state-outlet"}  # gained 0 of 2 changes; the other 1 of 1

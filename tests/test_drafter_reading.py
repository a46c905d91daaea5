"""Specification of how the drafter reads news: who is speaking in every sentence (the discourse
model), speech frames and their subjects, verb senses and refusals, outlets as papers write them,
and what a draft's confidence means."""

from __future__ import annotations

import pytest
from drafting import DATA, RULES, last, read

from quiz.cli import main
from quiz.content.drafter.confidence import (
    Outcome,
    best_threshold,
    calibrate,
    catch_rates,
)
from quiz.content.drafter.evaluate import combine, evaluate
from quiz.content.pack_files import load_pack

# --- the discourse model: who speaks, named earlier ----------------------------------------------


def test_a_surname_carries_the_role_given_earlier_and_the_source_names_both():
    results = read("Ana Moreno, the interior minister, said the border was closed.\n"
                   "Moreno said the closure would last a week.")
    assert [r.answer for r in results] == ["government_allegation"] * 2
    assert results[1].source.startswith("Ana Moreno, the interior minister")


def test_the_ministry_refers_to_the_ministry_cited_before():
    result = last("The state news agency Velnews, citing the defence ministry, said units had "
                  "fired first.\nThe ministry said its forces had returned fire.")
    assert result.answer == "government_allegation"
    assert "defence ministry" in result.source


def test_it_said_takes_the_entity_that_spoke_last():
    outlet = last("Merovian state television MTV aired footage of the launch. "
                  "It said the missile flew 900 km.")
    body = last("Merovia's coast guard said in a statement that it had expelled the boats. "
                "It said no one had been hurt.")
    assert outlet.answer == "state_media"
    assert body.answer in ("denial", "government_allegation")
    assert "coast guard" in body.source


def test_she_said_takes_the_person_who_spoke_last():
    result = last("Foreign Ministry spokeswoman Lena Varga told reporters the talks had "
                  "failed. She said the envoy would return home.")
    assert (result.answer, result.decision.id) == ("government_allegation", "continues-previous")
    assert "Lena Varga" in result.source


def test_a_quotation_with_no_attribution_keeps_the_speaker_before():
    results = read('"The allegation is completely false," the company said in a statement. '
                   '"The cargo was loaded legally and all documents are in order."')
    assert [r.answer for r in results] == ["denial", "denial"]
    assert results[1].decision.id == "continues-previous"


def test_a_company_chief_keeps_the_companys_denial_in_the_same_paragraph():
    results = read('Harbour Line Group denied that it relied on state money. "We are a '
                   'commercial company," chief executive Jon Ask told reporters.')
    assert [r.answer for r in results] == ["denial", "denial"]


# --- speech frames and their subjects ------------------------------------------------------------


def test_the_listener_of_told_is_not_the_speaker():
    result = only_one("Two Merovian officials told Reuters the boats had been rammed.")
    assert result.answer == "government_allegation"
    assert result.source.startswith("Two Merovian officials")


def only_one(text: str):
    [result] = read(text)
    return result


def test_a_statement_carried_by_a_state_outlet_is_the_speakers_with_state_media_accepted():
    result = only_one("Ri Pom, a spokesman for the General Staff of the army, said in a "
                      "statement carried by KCNA that the drills were a provocation.")
    assert result.answer == "government_allegation"
    assert "state_media" in result.also_accept
    assert result.source.startswith("Ri Pom")


def test_a_passive_report_by_state_television_is_a_state_media_claim():
    assert only_one("The arrests were first reported by state television, which showed "
                    "seized cash.").answer == "state_media"


def test_an_anonymous_official_who_spoke_on_condition_of_anonymity_speaks_for_a_government():
    result = only_one("A defence official, who spoke on condition of anonymity because he was "
                      "not authorised to brief the media, said the drills would go ahead.")
    assert result.answer == "government_allegation"


def test_the_accused_responding_to_an_indictment_is_the_speaker_of_the_denial():
    result = only_one("Merovia's embassy responded to the U.S. indictment on its Telegram "
                      "channel and said the charges were baseless.")
    assert result.answer == "denial"
    assert result.source.startswith("Merovia's embassy")


def test_is_false_from_the_accused_is_a_denial():
    assert only_one('"The claim is false," the ministry told a briefing.').answer == "denial"


def test_a_dateline_and_wire_credit_are_never_the_source():
    result = only_one("SEOUL, March 4 (Reuters) - The defence ministry said the drones had "
                      "crossed the border.")
    assert result.answer == "government_allegation"
    assert "Reuters" not in result.source


def test_a_trailing_state_outlet_is_accepted_but_the_party_speaks():
    result = only_one("Merovia accused its neighbour of flying drones over the capital, "
                      "state media reported.")
    assert (result.answer, result.also_accept) == ("government_allegation", ("state_media",))


# --- verb senses, negation and refusals ----------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Its forces carried out strikes on the port overnight.",
    "An AFP photographer was denied access to the port.",
    "A 2016 ruling found the claims had no legal basis, a decision Beijing rejects.",
    "Both countries claim the islands.",
    "The ships collided in disputed waters.",
], ids=["carried-out", "denied-access", "rejects-a-ruling", "claim-territory", "disputed"])
def test_verbs_in_another_sense_report_nothing(text):
    result = only_one(text)
    assert result.answer == "independent_fact"
    assert result.decision.id in ("no-attribution", "record")


@pytest.mark.parametrize("text", [
    "The ministry has never confirmed its interest, and it declined to comment on Thursday.",
    "The agency did not say when the footage was filmed.",
    "None of the reports could be independently confirmed.",
    "The embassy did not respond to a request for comment.",
    "The company could not be reached for comment.",
], ids=["never-confirmed", "did-not-say", "none-confirmed", "did-not-respond", "unreachable"])
def test_refusals_and_silence_are_the_outlets_own_voice(text):
    result = only_one(text)
    assert (result.answer, result.decision.id) == ("independent_fact", "refusal")


def test_a_government_announcing_its_own_act_is_a_fact_that_also_accepts_its_claim():
    result = only_one("The foreign ministry said it had summoned the Merovian ambassador to "
                      "lodge a protest.")
    assert (result.answer, result.decision.id) == ("independent_fact", "own-act")
    assert "government_allegation" in result.also_accept


def test_an_international_monitors_own_record_is_a_fact():
    result = only_one("A U.N. spokesperson said the organisation had recorded more than 150 "
                      "attacks on port facilities.")
    assert (result.answer, result.decision.id) == ("independent_fact", "finding")


def test_a_company_announcing_a_deal_is_a_fact():
    assert only_one("Harbour Line has agreed to buy a 60% stake in Nordport, the companies "
                    "said.").answer == "independent_fact"


# --- outlets as papers write them ----------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Russia's Tass news agency said the warehouses stored ammunition.",
    "China's Xinhua said the fishermen had ignored warnings.",
    "The state run agency said the talks had failed.",
    "Tass, the state-run agency, quoted a source as saying the charges were timed.",
    "The official IRNA news agency quoted the judge as saying the crew would be tried.",
], ids=["possessive-tass", "possessive-xinhua", "state-run-no-hyphen", "apposition", "official"])
def test_outlets_spelled_as_papers_spell_them_are_state_media(text):
    assert only_one(text).answer == "state_media"


def test_a_possessive_country_before_a_state_body_that_is_no_outlet_is_the_government():
    assert only_one("China's coast guard said it had expelled the boats.").answer == (
        "government_allegation")


def test_an_outlet_the_article_says_a_government_funds_is_learned():
    results = read("Vox Merovia, a network which is funded mainly by the Merovian "
                   "government, said the operation had succeeded.\n"
                   "Vox Merovia also aired footage of the ships.")
    assert [r.answer for r in results] == ["state_media", "state_media"]


def test_the_registry_records_ownership_by_country():
    entry = RULES.outlets.entry_for("Voice of America")
    assert (entry.country, entry.control) == ("United States", "state-funded")
    assert RULES.outlets.entry_for("KCNA").control == "state"
    assert RULES.outlets.entry_for("Sepah News").control == "state-body"


def test_an_outlet_that_is_only_the_topic_is_not_the_source():
    result = only_one("The figure could not be verified, and KCNA did not say where the "
                      "photographs were taken.")
    assert result.answer == "independent_fact"


# --- confidence that means something -------------------------------------------------------------


def test_the_tune_and_extra_sets_meet_the_accuracy_targets():
    for folder in ("tune", "extra"):
        evaluation = combine([evaluate(load_pack(p), RULES)
                              for p in sorted((DATA / folder).glob("*.yaml"))])
        (exact, total), (accepted, _) = evaluation.exact, evaluation.accuracy
        signalled, signalled_total = evaluation.signalled
        assert exact / total >= 0.80, folder
        assert accepted / total >= 0.95, folder
        assert signalled / signalled_total >= 0.95, folder


def test_calibration_measures_rates_and_picks_a_line_that_catches_the_wrong_answers():
    decisions = RULES.data.decisions
    outcomes = ([Outcome("hedge", (), 0.0, False, False)] * 4
                + [Outcome("hedge", (), 0.0, True, False)] * 2
                + [Outcome("state-outlet", (), 0.0, True, False)] * 40)
    result = calibrate(outcomes, decisions)
    assert result.confidence["hedge"] < result.low_confidence < result.confidence["state-outlet"]
    assert best_threshold(outcomes, result.value) == result.low_confidence


def test_catch_rates_count_the_wrong_answers_tagged_and_the_right_ones_flagged():
    outcomes = [Outcome("a", (), 0.2, False, True), Outcome("a", (), 0.9, False, False),
                Outcome("b", (), 0.3, True, True), Outcome("b", (), 0.9, True, False)]
    assert catch_rates(outcomes) == ((1, 2), (1, 2))


def test_evaluate_prints_exact_accuracy_and_the_confidence_table(capsys):
    code = main(["draft", "--evaluate", *map(str, sorted((DATA / "tune").glob("*.yaml")))])
    stdout = capsys.readouterr().out
    assert code == 0
    summary = stdout[stdout.index("all packs:"):]
    assert "exact (the pack's answer)" in summary
    assert "confidence: of the items drafted at each confidence, how many were right" in summary
    assert "low-confidence flags" in summary
    assert "confusion: rows = pack answer, columns = draft answer" in summary
    assert "cross-validated confidence (leave one article out, 11 articles" in summary


def test_every_item_carries_a_rule_a_confidence_and_low_confidence_where_it_is_risky():
    [hedged] = read("The ship is said to be carrying oil.")
    assert hedged.confidence < RULES.low_confidence
    # A state outlet named with its ownership; a bare "KCNA said" sits lower, as the replays
    # measured (8 of 47 state_media answers on "said" without an ownership word were wrong).
    [named] = read("North Korea's state news agency KCNA said the launch succeeded.")
    assert named.confidence >= RULES.low_confidence


def test_a_statement_from_a_body_is_that_bodys_word():
    result = only_one("A statement from the Merovian embassy said the report was wrong.")
    assert result.answer in ("government_allegation", "denial")
    assert result.source.startswith("the Merovian embassy")


def test_a_refusal_inside_the_description_of_the_speaker_does_not_silence_the_speaker():
    result = only_one("A senior diplomat, who spoke on condition of anonymity because the report "
                      "has not been made public, said the enrichment level had risen.")
    assert (result.answer, result.decision.id) == ("government_allegation", "government-speech")


def test_an_international_body_cited_with_according_to_is_its_published_record():
    result = only_one("Morocco is the largest producer of cannabis resin, according to the "
                      "U.N. Office on Drugs and Crime.")
    assert (result.answer, result.decision.id) == ("independent_fact", "finding")
    assert "Office on Drugs and Crime" in result.cue


def test_a_byline_is_not_a_speaker():
    assert read("By Omar Said\nThe ship sailed.")[0].decision.id != "other-speech"


# --- the speaker table is built once per rules ---------------------------------------------------


def test_every_article_read_with_the_same_rules_shares_one_compiled_speaker_table():
    # Compiling the table of every speaker phrase for each article cost a quarter of a second:
    # more than drafting a 30-sentence article takes.
    from quiz.content.drafter.entities import Lexicon
    from quiz.content.drafter.lexicon import SourceTable

    first = Lexicon(RULES, SourceTable("outlet"))
    second = Lexicon(RULES, SourceTable("outlet"))
    assert first.phrases.pattern is second.phrases.pattern
    assert first.phrases.meanings is second.phrases.meanings
    assert first.learned is not second.learned  # what an article teaches stays its own

"""Specification of the readings the newspaper set (tests/data/drafter/newspaper) showed were
missing: members and employees of a body named before, verbs that only look like speech, summaries
of what a side keeps saying, a body's own channel, and a researcher's place of work. The
sentences here are our own, written for these tests."""

from __future__ import annotations

from drafting import DATA, last, read

from quiz.content.drafter.confidence import FLAG_BUDGET, Outcome, best_threshold, calibrate
from quiz.content.drafter.crossval import cross_validate, scored
from quiz.content.drafter.rules import load_rules
from quiz.content.pack_files import load_pack

# --- members and employees of a body named before -----------------------------------------------


def test_one_of_a_group_named_before_speaks_for_the_group():
    result = last("Three Western diplomats said the board was drafting a resolution. One of "
                  "them said it could come to a vote within days.")
    assert result.answer == "government_allegation"
    assert "named earlier in the article" in result.source


def test_its_presenter_speaks_for_the_broadcaster_of_a_sentence_without_a_frame():
    result = last("Russian state television's evening news spent ten minutes on the arrests. "
                  "Its presenter said the detained men were saboteurs.")
    assert result.answer == "state_media"


def test_the_report_refers_to_the_body_that_published_it():
    result = last("The IAEA said in a report to member states that the samples had been "
                  "taken in May. The report said Iran had not explained their presence.")
    assert result.answer == "government_allegation"
    assert "IAEA" in result.source


# --- verbs that only look like speech ------------------------------------------------------------


def test_an_outlet_that_published_nothing_is_the_papers_own_voice():
    result = last("Belarus's state news agency BelTA reported the arrest. The agency published "
                  "no images of the seized drives.")
    assert (result.answer, result.decision.id) == ("independent_fact", "refusal")


def test_telling_a_different_story_reports_nothing_yet():
    result = last("The army, which has ruled since 2021, tells a different story.")
    assert result.answer == "independent_fact"


def test_an_outlet_that_repeated_and_printed_an_account_speaks():
    result = last("The Global New Light of Myanmar, the state-run daily, repeated the claim "
                  "and printed a list of arms it said had been seized.")
    assert result.answer == "state_media"
    assert "Global New Light of Myanmar" in result.source


def test_repeated_as_an_adjective_is_no_verb_of_speech():
    result = last("Cuba has suffered repeated blackouts since 2024.")
    assert result.answer == "independent_fact"


def test_a_military_owned_channel_carrying_remarks_is_a_state_outlet():
    result = last("His remarks were carried by the military-owned Tatmadaw Voice television "
                  "channel.")
    assert result.answer == "state_media"


# --- summaries of what a side keeps saying -------------------------------------------------------


def test_what_state_media_regularly_says_is_the_papers_summary():
    result = last("Since the rupture, each side's state media has regularly accused the other "
                  "of sabotage.")
    assert result.answer == "independent_fact"


def test_an_accusation_that_went_with_a_dated_act_is_background():
    results = read("The two states have had no relations since Algeria cut ties in August "
                   "2021, accusing Morocco of hostile acts, which Rabat denied. Their border "
                   "has been closed since 1994.")
    assert [r.answer for r in results] == ["independent_fact", "independent_fact"]


def test_the_accusation_itself_still_counts_when_a_government_makes_it_today():
    result = last("Algeria's foreign ministry on Tuesday accused Morocco of hostile acts.")
    assert result.answer == "government_allegation"


# --- a body's own channel, denials by correction, a researcher's place of work ---------------------


def test_a_video_posted_on_a_security_services_channel_is_that_government_speaking():
    result = last("In a video posted on the KGB's Telegram channel, a man identified as Ivo K. "
                  "is seen saying he photographed army trucks.")
    assert result.answer == "government_allegation"
    assert "KGB" in result.source


def test_a_quoted_correction_of_the_accusation_is_a_denial():
    result = last("Lithuania's foreign minister, Rita Vaitkutė, said the man was innocent. "
                  "“He is a retired teacher on holiday, not a spy,” said Vaitkutė.")
    assert result.answer == "denial"


def test_the_city_of_a_researchers_university_is_not_whom_she_speaks_for():
    results = read("Kim Min-ji, a missile researcher at a university in Seoul, said the rocket "
                   "was probably a modified design. She said tests would take weeks.")
    assert [r.answer for r in results] == ["independent_fact", "independent_fact"]


def test_politically_motivated_from_the_accused_is_a_denial():
    result = last("Iran's envoy to the agency called the findings politically motivated.")
    assert result.answer == "denial"


# --- confidence on unseen text -------------------------------------------------------------------


def test_the_low_confidence_line_spends_the_budget_of_flagged_right_answers():
    # One wrong answer at 0.6 is caught from 0.61 up; right answers sit at 0.7 (9 of 40) and
    # 0.9: every line from 0.61 to 0.90 catches it, and 0.90 flags 22.5%, within the budget.
    assert 9 / 40 <= FLAG_BUDGET < 10 / 40
    outcomes = ([Outcome("a", (), 0.0, False, False)]
                + [Outcome("b", (), 0.0, True, False)] * 9
                + [Outcome("c", (), 0.0, True, False)] * 31)
    confidence = {"a": 0.6, "b": 0.7, "c": 0.9}
    line = best_threshold(outcomes, lambda o: confidence[o.rule])
    assert 0.7 < line <= 0.9


def test_cross_validation_scores_each_article_with_a_calibration_that_never_saw_it():
    packs = [load_pack(p) for p in sorted((DATA / "newspaper").glob("*.yaml"))]
    guesses = load_rules(use_user_file=False, use_calibration=False)
    result = cross_validate(packs, guesses)
    assert result.articles == 6 and len(result.outcomes) == 110
    assert len(result.lines) == 6
    folded = scored(Outcome("hedge", ("all-caps",), 0.0, False, False),
                    calibrate([], guesses.data.decisions), frozenset({"all-caps"}))
    assert folded.low

"""Specification of the readings the fifth held-out set (tests/data/drafter/wire5) showed were
missing: existence denied ("there was no detention", "no such mission"), a company a government
charged answering for itself, the accuser answering the accused side's statement, words that
belong to an embedded speaker, a participle that describes the accused, and speakers found
behind a relative clause, a possessive role or a workplace. The sentences here are our own,
written for these tests."""

from __future__ import annotations

from drafting import last, read

CHARGE = ("India's army said on Monday that Chinese soldiers had detained two herders near "
          "Demchok. ")

# --- the accused answering -----------------------------------------------------------------------


def test_the_accused_side_saying_there_was_no_such_thing_is_a_denial():
    result = last(CHARGE + "“There was no detention of civilians,” Chinese foreign ministry "
                  "spokesman Tan Wei said.")
    assert result.answer == "denial"


def test_no_such_mission_from_the_accused_sides_diplomat_is_a_denial():
    result = last("Niger's military government said it had arrested a French spy. “There is no "
                  "such mission,” a French diplomatic source told AFP.")
    assert result.answer == "denial"


def test_a_company_charged_by_a_government_answering_with_a_negation_denies():
    result = last("Indonesia's mining ministry said Orient Ridge had under-declared the nickel "
                  "content of its exports. “There was no under-declaration of any "
                  "shipment,” the chief executive of Orient Ridge, Leo Tan, said.")
    assert result.answer == "denial"


def test_a_company_nobody_charged_is_not_denying():
    result = last("“There was no delay in building the plant,” the chief executive of Orient "
                  "Ridge, Leo Tan, said at its opening.")
    assert result.answer == "independent_fact"


def test_a_refusal_after_a_companys_denial_is_a_refusal():
    sentences = read("Indonesia's mining ministry said Orient Ridge had under-declared its "
                     "exports. Orient Ridge's chief executive, Leo Tan, rejected the "
                     "accusation. Tan declined to say how much nickel the smelter had shipped.")
    assert sentences[-1].answer == "independent_fact"


def test_the_accuser_answering_the_company_denial_is_still_alleging():
    result = last("Indonesia's mining ministry said Orient Ridge had under-declared its exports. "
                  "Orient Ridge denied it. A ministry official, Bambang Adi, said the company's "
                  "denial “does not change what the laboratory found”.")
    assert result.answer == "government_allegation"


def test_the_accuser_dismissing_the_accused_sides_statement_goes_on_accusing():
    result = last("Niger's military government said it had arrested a French spy. France said "
                  "the man was an aid worker. Government spokesman Colonel Ali Sanda dismissed "
                  "the French statement as “the usual script”.")
    assert result.answer == "government_allegation"


def test_an_embedded_speakers_dismissal_is_not_the_main_speakers_denial():
    result = last("Cuban authorities said Monday they had arrested nine people over a plot to "
                  "damage power stations, a charge the U.S. Embassy in Havana dismissed as "
                  "“absurd.”")
    assert result.answer == "government_allegation"
    assert "denial" in result.also_accept


# --- who speaks, and whether anyone does ---------------------------------------------------------


def test_a_participle_describing_the_accused_is_nobody_accusing():
    result = last("Court records show that a judge last month ordered the arrest of a man "
                  "accused of paying channel administrators to spread the posts.")
    assert result.answer == "independent_fact"


def test_the_subject_before_a_relative_clause_and_an_appositive_speaks():
    result = last("Orient Ridge, which owns 70 per cent of the smelter through a subsidiary, "
                  "PT Banggai Nickel, said in a filing to the Hong Kong stock exchange that it "
                  "had paid every royalty.")
    assert "Orient Ridge" in result.source


def test_a_person_introduced_by_a_possessive_role_is_found_again_by_surname():
    sentences = read("The Information and Security Service (SIS) said the break-in had been "
                     "traced to servers used by Russian military intelligence. Its deputy "
                     "director, Radu Moraru, told a news conference that two officials had "
                     "opened the emails. Speaking later, Moraru said the response was "
                     "“exactly what we expected”.")
    assert sentences[-1].answer == "government_allegation"
    assert "Radu Moraru" in sentences[-1].source
    assert "(SIS)" in sentences[-1].source


def test_an_analyst_at_a_brokerage_in_a_capital_is_no_official():
    result = last("Siti Rahma, a mining analyst at a Jakarta brokerage, said tighter checks "
                  "would slow shipments across the industry.")
    assert result.answer == "independent_fact"


def test_people_who_were_released_are_not_speaking():
    result = last("The herders were released late Monday after local commanders met, the "
                  "army's Leh-based Fire and Fury Corps said in a post on X.")
    assert result.answer == "government_allegation"


def test_a_speech_verb_inside_a_compound_word_is_no_frame():
    # "under-declared" is not "declared": the ministry's words run to the end of the sentence.
    sentences = read("Indonesia's mining ministry said Orient Ridge had under-declared the "
                     "nickel in its exports. “There was no under-declaration,” the chief "
                     "executive of Orient Ridge, Leo Tan, said.")
    assert sentences[0].answer == "government_allegation"
    assert sentences[1].answer == "denial"


def test_a_geological_survey_figure_is_a_record():
    result = last("The country produced about half of the world's mined nickel in 2023, "
                  "according to the US Geological Survey.")
    assert result.answer == "independent_fact"

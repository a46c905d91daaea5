"""Specification of the readings the fourth held-out set (tests/data/drafter/wire4) showed were
missing: the accused side's answers that carry no denial verb ("nothing to answer for", "without
any foundation", "we did not allow"), which only an article's memory of whom it accuses can tell
from a government's other negations, and speakers whose title or workplace sounds official
without their speaking for a government. The sentences here are our own, written for these
tests."""

from __future__ import annotations

from drafting import last, read

ACCUSATION = ("Algeria's defence ministry said on Monday that a Moroccan military drone had "
              "crossed into Algerian airspace near Tindouf. ")

# --- the accused answering -----------------------------------------------------------------------


def test_the_accused_side_answering_with_nothing_to_answer_for_is_a_denial():
    result = last(ACCUSATION + "Morocco's government spokesman told reporters that the kingdom "
                  "had “nothing to answer for”.")
    assert result.answer == "denial"
    assert result.decision.id == "accused-rebuttal"
    assert "Morocco" in result.source


def test_the_same_words_before_anyone_is_accused_are_no_denial():
    # Nothing in the article has charged Morocco: its spokesman is only speaking.
    result = last("Morocco's government spokesman told reporters that the kingdom had "
                  "“nothing to answer for”.")
    assert result.answer == "government_allegation"


def test_the_accused_side_saying_the_charge_has_no_foundation_is_a_denial():
    result = last("Venezuela's interior minister said on Tuesday that the armed men had been "
                  "trained at a Colombian army base. Colombia's defence ministry responded and "
                  "said it was “without any foundation”.")
    assert result.answer == "denial"


def test_the_accused_side_negating_its_own_act_in_a_quotation_is_a_denial():
    result = last("Pakistan's army said militants who attacked a checkpoint had crossed from "
                  "Afghanistan. “We did not allow anyone to use Afghan soil against Pakistan,” "
                  "Taliban spokesman Zabihullah Karimi said in a post on X.")
    assert result.answer == "denial"


def test_a_reply_from_a_spokesman_named_earlier_is_read_as_his_sides():
    sentences = read("Azerbaijan's security service said five men had spied for Iran. "
                     "Iran's foreign ministry spokesman, Reza Karimi, said the arrests were a "
                     "show. Asked whether the men had visited Iran, Karimi said he would not "
                     "comment on “fantasies”.")
    assert sentences[-1].answer == "denial"


def test_a_trailing_speaker_of_the_accused_side_denies_what_comes_before_it():
    result = last(ACCUSATION + "No drone of the Royal Armed Forces had been anywhere near "
                  "Tindouf, a Moroccan military source said, according to the state news "
                  "agency MAP.")
    assert result.answer == "denial"
    assert "state_media" in result.also_accept


def test_the_accuser_answering_a_denial_is_still_alleging():
    result = last(ACCUSATION + "Morocco's foreign ministry denied the report. Algeria's "
                  "communications minister said Morocco's denial changed nothing.")
    assert result.answer == "government_allegation"


def test_the_accused_side_stating_a_position_is_not_denying():
    result = last(ACCUSATION + "“We do not want war, but we will not accept aggression,” "
                  "Morocco's foreign minister said.")
    assert result.answer == "government_allegation"


def test_the_accused_side_saying_what_it_did_not_receive_is_not_denying():
    result = last("Venezuela's interior minister said the men were Colombian soldiers. "
                  "Colombia's foreign minister said her government had asked Caracas for the "
                  "men's names and had not received them.")
    assert result.answer == "government_allegation"


# --- who the speaker speaks for ------------------------------------------------------------------


def test_a_retired_officer_who_teaches_speaks_for_no_government():
    result = last("Hamid Saadi, a retired air force officer who now teaches at a university in "
                  "Oran, said the radars could detect a drone of that size.")
    assert result.answer == "independent_fact"


def test_a_hydrologist_at_a_university_named_mayor_is_no_official():
    result = last("Carla Rojas, a hydrologist at the Universidad Mayor de San Andrés in La Paz, "
                  "said pumping on that scale would show on satellite images.")
    assert result.answer == "independent_fact"


def test_a_spokesman_for_a_cooperative_speaks_for_the_cooperative():
    result = last("A spokesman for a cooperative of salt harvesters in the nearby village said "
                  "its members had complained since November.")
    assert result.answer == "independent_fact"


def test_a_rights_group_based_in_a_countrys_city_is_not_that_government():
    result = last("Frontera Libre, a rights group based in the Colombian city of Cúcuta, said "
                  "confessions had in the past been obtained under pressure.")
    assert result.answer == "independent_fact"


def test_the_energy_minister_is_a_minister_not_an_energy_company():
    result = last("Speaking on Bolivia TV, the state broadcaster, the energy minister, Marcelo "
                  "Arce, called the case “a lesson for anyone”.")
    assert result.answer == "government_allegation"

"""Specification of the readings the eleventh and twelfth sets (tests/data/drafter/wire11 and
wire12, the final never-seen figure of issue 12, released after it was measured) showed were
missing: verb senses with a gap ("denied ... medical care"), a source inside a named ministry,
a firm's chief executive officer answering, denial words papers use ("simply false",
"exaggerated", "dismissed the case out of hand"), the accused side correcting the charge's
description, and a lawyer who has not yet been allowed to see a client. The sentences here are
our own, written for these tests."""

from __future__ import annotations

from drafting import last


def test_denied_with_a_gap_before_its_object_is_no_denial():
    result = last("The Tunisian foreign ministry said detainees at the centre had been “beaten, "
                  "sedated without consent and denied medical care”.")
    assert result.answer == "government_allegation"


def test_sources_inside_a_ministry_in_a_capital_are_that_governments():
    result = last("Nepal accused India of moving boundary pillars. Sources in the Ministry of "
                  "External Affairs in New Delhi described the allegation as “factually "
                  "incorrect”.")
    assert result.answer == "denial"


def test_a_chief_executive_officer_answering_an_unnamed_charge_against_her_firm_denies():
    result = last("Paraguay's state power utility said Rio Verde Data had taken power without "
                  "a contract. “We have paid every invoice we were ever sent,” Chief Executive "
                  "Officer Renata Falco said in an emailed statement.")
    assert result.answer == "denial"


def test_simply_false_and_exaggerated_are_denial_words():
    assert last("“Any suggestion of abuse is simply false,” a ministry spokesperson "
                "said.").answer == "denial"
    assert last("South Sudan's foreign ministry said Kampala's account was "
                "“exaggerated”.").answer == "denial"


def test_dismissing_the_case_out_of_hand_is_a_denial():
    result = last("Latvia charged two teenagers with sabotage on behalf of Russia. Moscow "
                  "dismissed the case out of hand.")
    assert result.answer == "denial"


def test_the_accused_side_correcting_the_charges_description_denies():
    result = last("Togo said it had arrested Ghanaian gunrunners. “These are charcoal traders "
                  "from the Volta Region, not gunrunners,” Ghana's deputy foreign minister, "
                  "Abena Owusu, told DW.")
    assert result.answer == "denial"


def test_the_accused_side_saying_its_force_has_not_touched_a_pillar_denies():
    result = last("Nepal accused India's border force of moving pillars. “The SSB has not "
                  "touched any boundary pillar,” India's external affairs ministry said.")
    assert result.answer == "denial"


def test_a_lawyer_not_yet_allowed_to_see_her_clients_denies_nothing():
    result = last("A lawyer hired by the families, Afi Amedo, said she had not yet been allowed "
                  "to see her clients.")
    assert result.answer == "independent_fact"


def test_a_clan_leader_is_no_government_leader():
    result = last("A leader of one of the area's clans, who asked not to be named, told Al "
                  "Jazeera that the shelling had lasted an hour.")
    assert result.answer == "independent_fact"


def test_a_government_that_has_said_nothing_is_refusing():
    result = last("France, which withdrew its last soldiers from Chad in January 2025, has said "
                  "nothing publicly.")
    assert result.answer == "independent_fact"

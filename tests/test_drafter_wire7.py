"""Specification of the readings the seventh and eighth held-out sets (tests/data/drafter/wire7
and wire8: wire, broadcaster and newspaper copy) showed were missing: firms and their chief
executives answering a charge, the accuser's own negations, state utilities and regulators as
government bodies, a researcher or a blogger whose workplace or past names a country, history
told with "has since", an alias an outlet happens to share, and an inverted "said its managing
director". The sentences here are our own, written for these tests."""

from __future__ import annotations

from drafting import last, read

CHARGE = ("Laos's state power utility said Mekong Ridge Power had built the dam below agreed "
          "safety standards. ")


def test_an_unnamed_firms_chief_executive_answers_the_charge_against_it():
    result = last(CHARGE + "“It has run without a single incident since it opened,” chief "
                  "executive Somchai Wong said in a filing.")
    assert result.answer == "denial"


def test_a_chief_executive_in_an_article_that_charges_no_firm_is_not_denying():
    result = last("“It has run without a single incident since it opened,” chief executive "
                  "Somchai Wong said at the opening of the dam.")
    assert result.answer == "independent_fact"


def test_the_state_utility_speaks_for_the_government():
    sentences = read(CHARGE + "The utility said payments would stay frozen until an engineer "
                     "had inspected the site.")
    assert sentences[0].answer == "government_allegation"
    assert sentences[1].answer == "government_allegation"


def test_an_inverted_said_its_managing_director_is_a_speaker():
    result = last("Argentina's coast guard said the trawler Santa Rita had fished illegally. "
                  "“We have nothing to be ashamed of,” said its managing director, Ricardo "
                  "Olmo.")
    assert result.answer == "denial"


def test_the_accusers_own_negation_tells_its_case_and_denies_nothing():
    result = last("Estonia's Information System Authority said Russian military hackers had "
                  "broken into the tax board. Estonia's interior minister said no bank details "
                  "had been taken.")
    assert result.answer == "government_allegation"


def test_a_body_known_by_initials_an_outlet_shares_is_still_the_body():
    result = last("The country's Information System Authority, known by its Estonian initials "
                  "RIA, said the attackers had been inside the network for three weeks.")
    assert result.answer == "government_allegation"


def test_a_researcher_who_studies_at_a_university_in_a_capital_is_an_expert():
    result = last("Mari Ishida, who studies Japan-Myanmar relations at Tokyo's Meiwa University, "
                  "said the case would test Tokyo's policy.")
    assert result.answer == "independent_fact"


def test_a_blogger_who_fled_a_country_does_not_speak_for_it():
    result = last("Mr. Al-Amin, a blogger who fled Saudi Arabia in 2017 and was granted asylum "
                  "in Canada, said he had noticed the same car outside his building.")
    assert result.answer == "independent_fact"


def test_a_person_near_a_border_speaks_for_no_government():
    result = last("In the video, a woman in a school corridor in Petropavl, a city near the "
                  "Russian border, tells the camera that her son was punished.")
    assert result.answer != "government_allegation"


def test_what_a_government_has_since_announced_is_a_record():
    result = last("His government has since announced several foiled coup attempts, rarely "
                  "making any evidence public.")
    assert result.answer == "independent_fact"


def test_a_contrast_with_its_partner_from_the_accused_side_is_a_denial():
    result = last("Jordan's army said drones from Syria had carried explosives. “The Syrian "
                  "state is the first victim of this trade, not its partner,” ministry "
                  "spokesman Nour Haddad said.")
    assert result.answer == "denial"

"""Specification of readings the fifty-seventh to sixtieth sets (tests/data/drafter/wire57 to
wire60, measured once as the never-seen figure for 7e28331, then released) showed were missing:
whose side an official speaks for when the article never writes the country beside the name,
someone from a country who does not speak for its government, a speaker's own refusal, and the
accused side answering the charge in its own terms ("a routine patrol", "on our side of the
line"). The sentences here are our own, written for these tests."""

from __future__ import annotations

from drafting import RULES, last, read

from quiz.content.drafter.draft import _Article

# --- who stands for which side -------------------------------------------------------------------


def test_a_person_described_in_plain_words_does_not_speak_for_their_country():
    drafted = read("Chile's foreign ministry said Argentine troops had built a shelter on the "
                   "Chilean side of the ice field. Ana Rojas, a mountain guide who leads treks "
                   "from the Chilean side, said she had seen the shelter in March.")
    assert drafted[-1].answer == "independent_fact"
    assert "government" not in drafted[-1].decision.id


def test_a_member_of_parliament_is_still_an_official():
    result = last("Speaking on state television, Karim Hadi, a member of the Iraqi "
                  "parliament's security committee, said the strikes had killed three "
                  "civilians.")
    assert result.answer != "independent_fact"


def test_an_official_briefing_the_press_in_a_capital_speaks_for_that_side():
    drafted = read("The Cypriot government accused Turkish troops of building a post inside "
                   "the buffer zone. Rear Admiral Kemal Arslan, who briefs reporters for the "
                   "ministry each week in Ankara, said the post stood “on our side of the "
                   "line”.")
    assert drafted[-1].answer == "denial"


def test_an_acronym_in_a_title_gives_the_side_of_the_body_it_names():
    article = _Article("Taiwan's Coast Guard Administration (CGA) said it had detained a Chinese "
                       "fishing boat. “We found no injuries among the crew,” CGA Deputy "
                       "Director-General Chou Ming told reporters.", RULES)
    article.read()
    body, person = (r.speaker for r in article.readings)
    assert person is not body and person.person
    assert person.parties == body.parties != set()


def test_a_body_of_no_named_side_rejecting_the_charge_speaks_for_the_accused():
    drafted = read("China's foreign ministry accused Taipei of injuring two fishermen. "
                   "The Coast Guard Administration (CGA) rejected the accusation. “There was "
                   "no violence,” the CGA said.")
    assert drafted[1].answer == "denial"
    assert drafted[-1].answer == "denial"


# --- refusals --------------------------------------------------------------------------------------


def test_a_speaker_saying_they_will_not_release_names_asserts_nothing():
    result = last("Two men were detained near the consulate. Neither man has been charged, and "
                  "police said they would not release their names.")
    assert result.answer == "independent_fact"
    assert result.decision.id == "refusal"


# --- the accused answering in its own terms -------------------------------------------------------

ACCUSATION = ("The Maldives' defence ministry said an Indian coast guard ship had entered "
              "Maldivian waters without permission. ")


def test_the_accused_calling_its_act_routine_is_a_denial():
    result = last(ACCUSATION + "India's defence ministry said the ship had been on a routine "
                  "patrol.")
    assert result.answer == "denial"


def test_the_accuser_calling_its_own_act_routine_is_not():
    result = last("India's defence ministry said its ship had been on a routine patrol.")
    assert result.answer == "government_allegation"


def test_the_accused_saying_its_tests_found_nothing_is_a_denial():
    result = last("Saudi Arabia's food authority said samples of Qatari milk held aflatoxin "
                  "above permitted levels. Qatar's health ministry said its own tests on "
                  "samples from the same batches had found no aflatoxin above those levels.")
    assert result.answer == "denial"


def test_the_accused_saying_it_acted_in_accordance_with_the_law_is_a_denial():
    result = last("Morocco's interior ministry said Spanish guards had beaten migrants at the "
                  "fence. Spain's Civil Guard said its officers had acted in accordance with "
                  "the law.")
    assert result.answer == "denial"


def test_an_accusers_act_done_in_accordance_with_the_law_is_still_its_account():
    result = last("The Philippines said Chinese ships had blocked a resupply mission. China's "
                  "coast guard said it had expelled the boats in accordance with the law.")
    assert result.answer == "government_allegation"


# --- documents that speak for whoever issued them --------------------------------------------------


def test_the_post_said_is_the_body_that_posted_it():
    drafted = read("In a post on X, Argentina's foreign ministry said the licences were "
                   "illegitimate. “No licence granted by that administration can change our "
                   "claim,” the post said.")
    assert drafted[-1].answer == "government_allegation"
    assert "foreign ministry" in drafted[-1].source


def test_an_office_named_for_the_side_it_deals_with_does_not_speak_for_that_side():
    article = _Article("Beijing's Taiwan Affairs Office accused Taipei of injuring two "
                       "fishermen.", RULES)
    article.read()
    china = RULES.parties_in("Beijing")
    assert article.readings[0].speaker.parties == china
    assert article.discourse.is_accused(RULES.parties_in("Taipei"))


def test_a_dateline_with_a_colon_is_where_the_story_was_filed_not_who_speaks():
    result = read("DOHA: Shares in Lusail Meadows Dairy Company fell 6.3 percent on the Qatar "
                  "Stock Exchange on Sunday after Saudi Arabia’s food regulator suspended "
                  "imports of the company’s milk products, citing laboratory results it said "
                  "showed contamination.")[0]
    assert "DOHA" not in result.source
    assert result.answer == "independent_fact"


def test_a_long_standing_position_of_the_accused_side_is_not_an_answer_to_the_charge():
    result = last(ACCUSATION + "New Delhi has long maintained that its ships do not enter "
                  "the waters of any neighbour without notice.")
    assert result.answer == "government_allegation"


def test_rejecting_the_other_sides_version_of_events_is_a_denial():
    result = last("Costa Rica's foreign ministry said Nicaraguan soldiers had detained two "
                  "fishermen on the river. The Nicaraguan Army rejected Costa Rica's version "
                  "of events.")
    assert result.answer == "denial"


# --- state outlets introduced the newspaper way --------------------------------------------------


def test_a_state_outlet_introduced_by_its_common_noun_is_learned():
    for text in ("Belarusian state television channel Belarus-1 broadcast an interview with a "
                 "woman who said Polish soldiers had beaten her.",
                 "The state-owned daily, Cameroon Tribune, quoted a gendarmerie commander as "
                 "saying the fishermen had been treated well.",
                 "Honduras' state channel Canal 8 reported that the army had sent two platoons "
                 "to the border.",
                 "Chile’s state-owned Televisión Nacional de Chile (TVN) reported that the two "
                 "drivers had been released."):
        result = read(text)[0]
        assert result.answer == "state_media", text


def test_a_country_after_a_state_outlets_noun_is_not_learned_as_an_outlet():
    drafted = read("The minister spoke on the state channel Gabon 1ère on Sunday. Gabon’s "
                   "statement said Equatorial Guinea was acting as if force could settle the "
                   "matter.")
    assert drafted[-1].answer == "government_allegation"


def test_a_company_named_in_the_charge_saying_it_never_did_it_is_a_denial():
    drafted = read("Guatemala's environment ministry said wastewater from the Ingenio Santa "
                   "Rosa sugar mill had killed fish in the river. Ingenio Santa Rosa said in a "
                   "statement that its wastewater “never reaches the river”. A fisherman's "
                   "wife said the ministry never answered her letters.")
    assert drafted[1].answer == "denial"
    assert drafted[2].answer == "independent_fact"


def test_a_state_committee_is_a_government_body():
    for text in ("The State Committee for National Security said gunmen had fired on a border "
                 "post.",
                 "According to the Nghe An provincial People’s Committee, water from the dam "
                 "flooded 40 homes."):
        assert read(text)[0].answer == "government_allegation", text

"""Specification of the readings the twenty-first and twenty-second sets (tests/data/drafter/wire21
and wire22, measured once as this session's never-seen figure, then released) showed were
missing: a state body whose name begins with "State" is no outlet; what was done to a lawyer
("had been denied access") is no denial; "responded by closing" is an act; a title with its body
before the name; a company's own two quoted words ("it “strongly rejects” the findings"); a
quotation's first word is never a frame of its own. The sentences here are our own, written for
these tests."""

from __future__ import annotations

from drafting import CATEGORIES, RULES, last

from quiz.content.drafter.draft import draft_article


def test_a_state_security_service_with_an_acronym_is_the_government_not_an_outlet():
    result = last("Kazakhstan’s State Security Service (SGO) said on Friday it had detained a "
                  "foreign citizen on suspicion of spying.")
    assert result.answer == "government_allegation"
    later = last("Kazakhstan’s State Security Service (SGO) said on Friday it had detained a "
                 "foreign citizen. The SGO also alleged that he had photographed a base.")
    assert later.answer == "government_allegation"


def test_a_lawyer_who_had_been_denied_access_is_reporting_not_denying():
    result = last("Poland accused Belarus of holding the man without charge. Anna Kowalska, a "
                  "lawyer for the detained man, said she had been denied access to her client.")
    assert result.answer != "denial"


def test_responding_by_closing_a_border_is_an_act_not_speech():
    result = last("Chad responded by closing its border with Sudan.")
    assert (result.answer, result.decision.id) == ("independent_fact", "no-attribution")


def test_a_title_with_its_body_before_the_name_is_found_again_by_surname():
    drafted = draft_article(
        '"Nobody is above the law," Deputy Chairman of the Cabinet of Ministers Aibek Toktogulov '
        "told reporters. Toktogulov said the licence would be restored once the debts were "
        "paid.", RULES, CATEGORIES)
    assert drafted[-1].answer == "government_allegation"
    assert "Deputy Chairman of the Cabinet of Ministers" in drafted[-1].source


def test_a_firm_quoting_its_own_two_words_of_rejection_denies():
    result = last("The ministry accused Harbour Line Holdings of falsifying permits. Harbour "
                  "Line said in a filing that it “firmly rejects” the ministry's findings.")
    assert result.answer == "denial"


def test_a_quotations_first_word_is_not_a_frame_of_its_own():
    # Kept right while a closing quotation mark was allowed inside "rejects ... findings".
    result = last("Oman accused the embassy of directing the men. The Saudi Embassy said the "
                  "kingdom “categorically rejects” any suggestion that it directed them.")
    assert result.answer == "denial"


def test_a_role_then_a_titled_name_is_found_again_by_surname():
    drafted = draft_article("Venezuela's defence minister, Gen. Rafael Quintero, said the ship "
                            "had been seized. Quintero said the crew were safe.", RULES,
                            CATEGORIES)
    assert drafted[-1].answer == "government_allegation"
    assert drafted[-1].source.startswith("Gen. Rafael Quintero")


def test_a_body_named_for_what_it_is_is_found_again_by_its_noun():
    result = last("Belarus’s State Border Committee dismissed the accusation as “a fairy "
                  "tale”. The committee said Lithuania was using the balloons as a pretext.")
    assert result.answer == "government_allegation"
    assert "State Border Committee" in result.source


def test_a_firm_named_with_its_suffix_anywhere_is_that_firm_when_it_speaks():
    drafted = draft_article("The ministry said barges of a subsidiary of Harbour Line Holdings "
                            "had loaded sand. Harbour Line said every cargo had been cleared.",
                            RULES, CATEGORIES)
    assert drafted[-1].source.startswith("Harbour Line Holdings")
    assert "unknown-speaker" not in drafted[-1].flags


def test_an_inverted_speaker_with_a_possessive_role_speaks_for_the_firm():
    result = last("Indonesia accused Harbour Line Holdings of taking sand from a reserve. "
                  "“There is nothing irregular in our paperwork,” said Tan Mei, its chief "
                  "executive.")
    assert result.answer == "denial"


def test_a_common_word_is_no_firm_name_in_lower_case():
    result = last("“They took sand from where the fish breed,” Dimas Hartono, the ministry's "
                  "director-general for marine spatial management, told reporters.")
    assert result.answer == "government_allegation"


def test_a_named_analyst_of_a_forum_in_a_capital_is_still_the_analyst():
    result = last("Analyst Marie Kaneza of the Nairobi-based Great Lakes Policy Forum said both "
                  "governments had a habit of blaming the neighbour.")
    assert result.answer == "independent_fact"

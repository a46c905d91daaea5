"""Specification of the readings the second held-out set (tests/data/drafter/wire2) showed were
missing: a company's rebuttal without a denial word, a negated act by the accused side, an
analyst placed in a city, a pronoun for the sentence's own subject, the other side's denial
inside what is reported, past acts with their reasons, a bare possessive opening a fact. The
sentences here are our own, written for these tests."""

from __future__ import annotations

from drafting import last, read

# --- the accused answering -----------------------------------------------------------------------


def test_a_company_challenging_the_charge_denies_it_without_a_denial_word():
    result = last("Norland's trade ministry accused Velmar Tools of selling parts to the army. "
                  "“We have nothing to hide,” the company's founder, Ida Holm, told this "
                  "newspaper.")
    assert result.answer == "denial"


def test_asking_the_accuser_for_proof_is_a_rebuttal():
    result = last("Prosecutors said the shipping firm Orsa Lines had falsified its cargo papers. "
                  "“Let them produce one document,” the firm's lawyer, Piet Gram, said.")
    assert result.answer == "denial"


def test_the_accused_side_saying_its_forces_did_not_act_is_a_denial():
    result = last("Tarvania said Norland's troops had entered a border village on Sunday. "
                  "“Our soldiers did not cross the line at any point,” Norland's defence "
                  "ministry spokesman, Aron Vell, told reporters.")
    assert result.answer == "denial"


def test_we_do_not_want_is_still_not_a_denial():
    result = last("“We do not want a war with anyone,” Norland's defence minister, Aron Vell, "
                  "told reporters.")
    assert result.answer == "government_allegation"


# --- who is speaking -------------------------------------------------------------------------------


def test_a_city_an_analyst_works_in_is_not_a_government_speaking():
    result = last("“Sanctions like these are a message, not a policy,” said Mara Voss, a "
                  "Vienna-based analyst at the consultancy Danube Risk.")
    assert result.answer == "independent_fact"


def test_the_groups_spokesman_speaks_for_the_armed_group_named_before():
    result = last("The Houthis said they had fired missiles at a port. The group's military "
                  "spokesman said four missiles had been used.")
    assert result.answer == "government_allegation"


def test_the_companys_spokesman_still_speaks_for_a_company():
    result = last("Velmar Group said its plant would reopen on Monday. The group's spokesman "
                  "said orders had risen.")
    assert result.answer == "independent_fact"


def test_a_pronoun_inside_the_sentence_stands_for_its_own_subject():
    result = last("Norland's state-run news agency NNA said the drills were routine. Tarvania's "
                  "foreign ministry summoned Norland's ambassador over what it called a "
                  "“reckless provocation”.")
    assert result.answer != "state_media"
    assert "NNA" not in result.source


# --- what is reported, not said -------------------------------------------------------------------


def test_the_other_sides_denial_mentioned_in_a_report_is_not_the_speakers():
    result = last("UN investigators have said in reports since 2019 that Tarvania arms the "
                  "rebels, which Tarvania has always denied.")
    assert result.answer != "denial"


def test_a_past_act_with_the_reason_given_for_it_is_background():
    result = last("Norland is Tarvania's second-largest market, and Norland has previously "
                  "banned Tarvanian apples, citing fruit flies.")
    assert result.answer == "independent_fact"


def test_no_side_having_shown_evidence_is_the_outlets_own_voice():
    result = last("Neither government has released evidence of who fired the shell.")
    assert result.answer == "independent_fact"


def test_a_state_outlet_describing_in_an_editorial_is_the_outlet_speaking():
    result = last("Norland's state-owned daily Norland Tribune went further, describing the "
                  "dam in an editorial as “a knife at our throat”.")
    assert result.answer == "state_media"


def test_a_bare_possessive_after_a_denial_opens_a_fact_not_more_of_the_denial():
    drafted = read("Velmar Tools said the accusation was “groundless”. Its shares fell 8% on "
                   "Tuesday.")
    assert drafted[0].answer == "denial"
    assert drafted[1].answer == "independent_fact"


def test_a_bare_possessive_in_a_quotation_still_carries_the_speaker():
    drafted = read("The state news agency KCNA said the drills were a rehearsal for invasion. "
                   "“Its aim is plain: war.”")
    assert drafted[1].answer == "state_media"


def test_an_analysts_contrast_is_not_a_denial():
    result = last("“The ban is about politics, not pests,” said Ola Berg, an economist at "
                  "Tallinn University.")
    assert result.answer == "independent_fact"


def test_a_bare_possessive_after_a_report_goes_on_with_the_report():
    drafted = read("The parade included new missiles, the state news agency KCNA reported. "
                   "Their range is said to be thousands of kilometres.")
    assert drafted[1].answer == "state_media"


def test_a_surname_with_a_joined_particle_is_found_again_without_it():
    result = last("The agency quoted an interior ministry spokesman, Colonel Faisal al-Otaibi, "
                  "as saying the border was calm. Otaibi said patrols had been doubled.")
    assert "Faisal al-Otaibi" in result.source
    assert "named earlier in the article" in result.source

"""Specification of the readings the thirty-fifth and thirty-sixth sets (tests/data/drafter/wire35
and wire36, measured once as this session's never-seen figure, then released) showed were
missing. The sentences here are our own, written for these tests."""

from __future__ import annotations

from drafting import last, read


def test_and_said_after_an_act_speaks_with_the_subject_of_the_act():
    # "named ... and said": no reporting verb before "and said", yet the FSB speaks
    result = last("The FSB named the man as Ivars Ozols, 38, and said he had been \"caught "
                  "filming a bridge\" near the border.")
    assert result.answer == "government_allegation"
    assert "FSB" in result.source


def test_and_said_after_an_appositive_and_an_act_speaks_with_the_firm():
    result = last("Kora Gas Trading Corp., the state-owned importer that buys most of the gas, "
                  "rejected the figure and said it was \"fully compliant\" with its contract.")
    assert result.answer == "denial"
    assert "Kora Gas" in result.source


def test_a_person_released_somewhere_is_no_passive_source():
    drafted = read("According to the Border Police, officers detained a man on the riverbank. "
                   "The man was released in Mali Zvornik about six hours later, the police said.")
    assert "Zvornik" not in drafted[-1].source


def test_a_first_name_that_is_a_title_with_an_initial_is_a_person():
    # "Emir H.": a resident whose surname is withheld, not an emir
    result = last("Emir H., a resident who did not want his full name used, told BIRN that he "
                  "had seen a boat cross the river.")
    assert result.answer == "independent_fact"


def test_his_wife_is_the_she_who_speaks_next():
    drafted = read("A Dalian state security official said the man had been detained for spying. "
                   "His wife, who asked that her name not be used, told reporters that he had "
                   "worked in China for 20 years. \"He is not a spy,\" she said.")
    assert "wife" in drafted[-1].source
    assert drafted[-1].answer == "denial"


def test_an_independent_agency_citing_diplomatic_sources_relays_a_government():
    result = last("Kyodo News, citing diplomatic sources, reported that Tokyo was considering "
                  "raising the case with Beijing.")
    assert result.answer == "government_allegation"


def test_a_public_broadcaster_introduced_in_an_appositive_is_a_state_outlet():
    result = last("Radio Television of Serbia, RTS, the country’s public broadcaster, reported "
                  "that the man was “a known associate” of the smugglers.")
    assert result.answer == "state_media"


def test_a_charge_called_simply_wrong_is_denied():
    drafted = read("Turkmenistan's state gas company said Kora Gas owed it $1.2 billion. "
                   "\"Any claim of arrears is simply wrong,\" a Kora Gas spokesperson said.")
    assert drafted[-1].answer == "denial"


def test_a_ministry_spokesman_speaks_for_the_ministry_named_before():
    # Tanzania accuses; "Mozambique's ministry" answers; its spokesman is on the accused side,
    # so "there was no withdrawal" rebuts the charge.
    drafted = read("Tanzania's army said Mozambican troops had abandoned a border post before "
                   "the raid. Mozambique's Ministry of National Defence rejected the Tanzanian "
                   "account. It accused Malawi of letting the insurgents cross. “There was no "
                   "withdrawal from any post,” ministry spokesperson Colonel Armindo Mabunda "
                   "told reporters.")
    assert drafted[-1].answer == "denial"


def test_an_outlets_local_service_named_after_a_country_is_the_outlet():
    result = last("Sputnik Armenia cited an unnamed source at the base as saying the Armenian "
                  "side had been informed a week earlier.")
    assert result.answer == "state_media"


# --- wire33 and wire34 (measured once with ee84982, then released) --------------------------


def test_a_headlines_acronym_is_the_body_its_full_name_names_later():
    drafted = read("Russian guards remove river buoys again, PPA says\n\n"
                   "Russian border guards removed 17 buoys overnight, the Police and Border "
                   "Guard Board (PPA) said.")
    assert drafted[-1].answer == "government_allegation"


def test_a_person_placed_in_a_body_named_before_speaks_for_it():
    drafted = read("Estonia's Police and Border Guard Board (PPA) said the buoys were removed "
                   "overnight. \"Every buoy they lifted was on our side,\" Rainer Tamm, head of "
                   "border guarding at the PPA's East Prefecture, told ERR News.")
    assert drafted[-1].answer == "government_allegation"


def test_a_command_of_a_states_armed_forces_is_the_government():
    result = last("The Strategic Operational Command of the Bolivarian National Armed Forces "
                  "(CEOFANB) said the soldiers had been carrying maps.")
    assert result.answer == "government_allegation"


def test_a_body_introduced_with_its_initials_outside_a_speaker_speaks_later():
    drafted = read("A Ugandan army spokesman said soldiers of the South Sudan People's Defence "
                   "Forces (SSPDF) had crossed the border. The SSPDF, however, says it was "
                   "Ugandan troops who attacked its positions.")
    assert drafted[-1].answer in ("government_allegation", "denial")
    assert "SSPDF" in drafted[-1].source


def test_what_the_accused_left_unsaid_is_no_rebuttal():
    drafted = read("Poland accused Belarus of sending migrants across the fence. Belarus's KGB "
                   "said it had detained a Polish citizen near Grodno on suspicion of spying, "
                   "though it did not give his name.")
    assert drafted[-1].answer != "denial"


def test_an_accused_firm_opening_its_records_to_inspectors_denies():
    drafted = read("Indonesia's Environment Ministry said fires had burned for a week on a "
                   "concession run by Sawit Cahaya. “We practise zero burning, and our records "
                   "are open to the authorities,” Sawit Cahaya's managing director said.")
    assert drafted[-1].answer == "denial"


def test_dated_background_is_not_attributed_to_the_next_sentences_source():
    drafted = read("South Sudan became independent from Sudan in July 2011, and the two have "
                   "long disputed their border. Uganda hosts many South Sudanese refugees, "
                   "according to the UN refugee agency.")
    assert drafted[0].answer == "independent_fact"


# --- wire37 and wire38 (measured once with 40f4be5, then released) --------------------------


def test_a_ministry_whose_name_lists_its_portfolios_between_commas_is_one_speaker():
    result = last("The Ministry of Development, Industry, Trade and Services (MDIC) said "
                  "shipments were stuck at the border pending \"technical reviews\".")
    assert result.answer == "government_allegation"
    assert result.source.startswith("The Ministry of Development")


def test_a_negation_inside_a_condition_is_no_rebuttal():
    drafted = read("Brazil accused Argentina of holding its auto parts at the border. Argentina's "
                   "customs agency said Brazil would face penalties if the forms were not "
                   "corrected by the end of the month.")
    assert drafted[-1].answer != "denial"


def test_a_researcher_who_saw_no_evidence_denies_nothing():
    result = last("Afua Mensah, a researcher with Cocoa Price Watch, an independent group in "
                  "Accra, said her group had seen no evidence that officials were involved.")
    assert result.answer == "independent_fact"


def test_a_ruling_partys_magazine_is_a_state_outlet():
    result = last("Petir, the ruling People's Action Party's magazine, called the request \"an "
                  "old song with a new singer\".")
    assert result.answer == "state_media"


def test_kyemon_is_a_state_newspaper():
    result = last("Kyemon, the Burmese-language daily, called the Thai account “hasty”.")
    assert result.answer == "state_media"


def test_the_institutes_director_speaks_for_the_state_institute_named_before():
    drafted = read("Ecuador accused Colombia of letting a gang leader run killings from his cell. "
                   "Colombia's National Penitentiary and Prison Institute, INPEC, rejected the "
                   "claim. “There is no evidence that this prisoner has had a telephone,” the "
                   "institute's director, General Álvaro Rincón, told reporters.")
    assert drafted[-1].answer == "denial"


# --- wire39 and wire40 (measured once with ec31f90, then released) --------------------------


def test_an_inverted_speaker_with_a_possessive_role_speaks_for_that_government():
    result = last("\"We have options,\" said David Okello, Uganda's Minister of State for Trade.")
    assert result.answer == "government_allegation"


def test_rejecting_a_conclusion_is_a_denial():
    drafted = read("Moldova's defence ministry said the drone fragment was Ukrainian. Kyiv "
                   "rejected the ministry’s conclusion.")
    assert drafted[-1].answer == "denial"


def test_znbc_is_zambias_state_broadcaster():
    result = last("ZNBC News reported yesterday that the queue of trucks stretched 30 kilometres.")
    assert result.answer == "state_media"


def test_a_title_that_ends_on_a_name_is_found_again_by_the_surname():
    drafted = read("Zambia accused the DRC of blocking its copper lorries. But DRC Minister of "
                   "Foreign Trade Béatrice Kalala dismissed the accusations. \"There is no "
                   "blockade at the border,\" Ms Kalala told reporters.")
    assert "Kalala" in drafted[-1].source
    assert drafted[-1].answer == "denial"


def test_not_accusing_anyone_rejects_no_charge():
    result = last("“We are not accusing anyone of a deliberate act. We want an explanation,” "
                  "Defence Minister Sergiu Rusu told journalists.")
    assert result.answer == "government_allegation"


def test_a_bodys_media_office_stands_with_the_body():
    drafted = read("Chad accused fighters based in Libya of raiding a border post. The "
                   "eastern-based Libyan National Army (LNA) denied that any armed group "
                   "operated from its territory. \"There is no rebel presence in the south,\" "
                   "the LNA's media office said in a statement posted on Facebook.")
    assert drafted[-1].answer == "denial"


def test_a_statement_published_on_a_presidencys_website_is_the_presidency_speaking():
    result = last("A statement published on the Uruguayan presidency's website said the "
                  "dredging met every rule.")
    assert result.decision.id == "government-channel"
    assert not result.source.startswith("A statement")


# --- wire41 and wire42 (measured once with 41b553f, then released) --------------------------


def test_xinjiang_daily_and_radyo_pilipinas_are_in_the_registry():
    assert last("Xinjiang Daily reported that the trader had confessed.").answer == "state_media"
    assert last("Radyo Pilipinas aired an interview with a returnee, who said guards had beaten "
                "him.").answer == "state_media"

"""Specification of the readings the third held-out set (tests/data/drafter/wire3) showed were
missing: the accused party's rebuttals in their many forms (a standing rejection in the present
tense, a denial inside a quotation attributed after it, keeping to the law, nothing of any kind,
a corrected description), whom a speaker's title and an aside name, outlets and countries the
registry lacked, and what an outlet or a rights group does without a government speaking. The
sentences here are our own, written for these tests."""

from __future__ import annotations

from drafting import last, read

# --- the accused answering -----------------------------------------------------------------------


def test_a_standing_rejection_in_the_present_tense_is_a_denial():
    result = last("Officials in the capital reject suggestions that the tariff is a reprisal "
                  "for last year's quarrel over fishing rights.")
    assert result.answer == "denial"


def test_a_denial_verb_inside_a_quotation_attributed_after_it_belongs_to_the_speaker():
    result = last("“Norland has nothing to do with the fire at the depot. They need a pretext "
                  "and they have found one,” the ministry's spokesman, Ivo Lenk, said.")
    assert result.answer == "denial"


def test_a_denial_verb_quoted_after_the_speech_verb_is_still_someone_elses():
    result = last("The ministry said the reports had been “denied” by nobody it knew of.")
    assert result.answer == "government_allegation"


def test_the_accused_company_saying_it_kept_the_rules_denies_the_charge():
    result = last("Prosecutors accused the shipping firm Orsa Lines of dumping waste at sea. "
                  "“We have complied with every regulation,” the firm's chief executive, Lea "
                  "Dorn, said.")
    assert result.answer == "denial"


def test_nothing_of_any_kind_denies_the_thing_outright():
    result = last("“There are no training camps of any kind on our soil,” the foreign minister, "
                  "Mira Tal, told reporters.")
    assert result.answer == "denial"


def test_we_are_not_doing_it_to_anyone_is_a_denial():
    result = last("“We are not threatening anyone,” the defence minister, Aron Vell, said.")
    assert result.answer == "denial"


def test_a_plural_description_corrected_is_a_denial():
    result = last("An army spokesman said those killed were smugglers, not farmers.")
    assert result.answer == "denial"


def test_a_contrast_of_subjects_is_not_a_denial():
    result = last("The minister said the talks were about trade, not security.")
    assert result.answer == "government_allegation"


def test_defamatory_from_the_accused_is_a_denial():
    result = last("Velmar Tools said the ministry's report was defamatory and that it would sue.")
    assert result.answer == "denial"


# --- who is speaking -------------------------------------------------------------------------------


def test_an_aside_saying_whom_an_officer_spoke_to_does_not_hide_whom_he_serves():
    result = last("An army officer, speaking to Reuters on condition of anonymity, said the "
                  "convoy had turned back at the river.")
    assert result.answer == "government_allegation"


def test_the_offices_director_speaks_for_the_office_named_before():
    result = last("Armenia's Office for Border Affairs said the crossing would stay shut. "
                  "“Patrols will continue all week,” the office's director, Ivo Lenk, said.")
    assert result.answer == "government_allegation"
    assert "Office for Border Affairs" in result.source


def test_a_demonym_the_lexicon_knows_is_not_read_as_an_outlet_named_after_the_country():
    drafted = read("The official Mauritanian News Agency (AMI) said two boats had sunk. "
                   "A Mauritanian fishermen's union said nine crew were missing.")
    assert drafted[0].answer == "state_media"
    assert drafted[1].answer == "independent_fact"


def test_a_country_speaking_through_its_name_is_a_government():
    result = last("Costa Rica said on Monday it had closed two border crossings.")
    assert result.answer == "government_allegation"


# --- outlets ---------------------------------------------------------------------------------------


def test_thailands_government_news_bureau_is_a_state_outlet():
    result = last("The National News Bureau of Thailand reported that the crew were safe.")
    assert result.answer == "state_media"


def test_a_state_outlet_going_further_is_the_outlet_speaking():
    result = last("The state-run daily Norland Tribune went further.")
    assert result.answer == "state_media"


def test_an_outlet_relaying_a_statement_without_comment_is_the_reporters_account():
    result = last("The state news agency carried the ministry's statement in full but added no "
                  "comment.")
    assert result.answer == "independent_fact"


def test_an_outlet_relaying_a_statement_with_its_own_words_is_still_the_outlet():
    result = last("The state news agency carried the ministry's statement, calling the strike "
                  "an act of aggression.")
    assert result.answer == "state_media"


# --- acts and reports that are nobody's claim ------------------------------------------------------


def test_declaring_independence_is_an_act_on_the_record_not_speech():
    result = last("Eritrea declared independence from Ethiopia in 1993.")
    assert result.answer == "independent_fact"


def test_a_decree_published_on_a_day_is_not_a_speaker_denying():
    result = last("The rules, set out in a decree published on Friday, take effect in May and "
                  "do not apply to rail freight.")
    assert result.answer == "independent_fact"


def test_a_rights_group_accusing_is_no_government_alleging():
    result = last("Rights groups have accused the border police of beating migrants.")
    assert result.answer == "independent_fact"


def test_a_government_accusing_is_still_an_allegation():
    result = last("Norland's interior ministry has accused the border police of Tarvania of "
                  "beating migrants.")
    assert result.answer == "government_allegation"

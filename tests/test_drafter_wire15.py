"""Specification of the readings the fifteenth and sixteenth sets (tests/data/drafter/wire15
and wire16, measured once as a never-seen figure, then released) showed were missing: "the
statement said" after a speaker, the accused side's "were never in our custody" and "none had
been turned away", words that name the accused side when the speaker's own side is not known,
a passive agent that is not the speaker's side, a herder who gave only his first name, a
bystander's "has no income", dated history that the next sentence's source does not cover, a
correction inside quotation marks, and "fantasy". The sentences here are our own, written for
these tests."""

from __future__ import annotations

from drafting import last, read


def test_the_statement_said_is_the_statement_of_the_speaker_before():
    sentences = read("Djibouti's defence ministry said Eritrean troops had crossed the border. "
                     "Eritrea's information ministry rejected the charge. Eritrean troops had "
                     "not moved “a single metre”, the statement said.")
    assert sentences[-1].answer == "denial"


def test_were_never_in_our_custody_from_the_accused_side_is_a_denial():
    result = last("Sierra Leone accused Guinean soldiers of abducting two farmers. Reached by "
                  "phone, a Guinean army spokesman said the two men “were never in our "
                  "custody”.")
    assert result.answer == "denial"


def test_words_naming_the_accused_side_deny_when_the_speakers_side_is_unknown():
    sentences = read("The Gambia accused Senegalese customs officers of demanding bribes at the "
                     "border. The customs spokesman, Modou Thiam, said the checks were routine. “No "
                     "officer of the Senegalese customs has asked anyone for money,” he said.")
    assert sentences[-1].answer == "denial"


def test_the_agent_of_a_passive_is_not_the_speakers_side():
    result = last("Romania's intelligence service said a Russian firm ran the network. The "
                  "company named by Romania, Nevsky Media, said on its website that it had "
                  "“never worked for any client in Romania”.")
    assert result.answer == "denial"


def test_a_herder_who_gave_only_his_first_name_is_no_minister_of_that_name():
    sentences = read("Djibouti's defence minister, Hassan Ali, said the border was calm. A herder "
                     "who gave his name only as Ali told the BBC that soldiers had turned him "
                     "away from a well.")
    assert sentences[-1].answer == "independent_fact"


def test_a_bystanders_negation_rejects_nothing():
    result = last("“If it stays shut for a week, half the town has no income,” said Mokhtar, "
                  "a fuel seller who declined to give his family name.")
    assert result.answer == "independent_fact"


def test_dated_history_is_not_covered_by_the_next_sentences_source():
    sentences = read("In September 2023, the Dominican government closed its land border with "
                     "Haiti for several weeks. The closure ended in October, officials said.")
    assert sentences[0].answer == "independent_fact"


def test_a_correction_with_quotation_marks_from_the_accused_side_denies():
    result = last("Hungary accused Slovakia of cutting the Danube's flow. The Slovak environment "
                  "ministry said the low water was the result of “the worst drought in decades, "
                  "not of any decision taken in Gabcikovo”.")
    assert result.answer == "denial"


def test_a_fantasy_is_a_denial_word():
    result = last("The accusations were “another fantasy from Bucharest”, foreign ministry "
                  "spokeswoman Yelena Sorina said.")
    assert result.answer == "denial"


def test_not_ruling_something_out_is_no_denial():
    result = last("Slovakia denied cutting the flow. Hungary's foreign ministry said it would "
                  "raise the matter at the joint commission and did not rule out a return to "
                  "The Hague.")
    assert result.answer != "denial"

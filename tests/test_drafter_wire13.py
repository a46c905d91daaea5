"""Specification of the readings the thirteenth and fourteenth sets (tests/data/drafter/wire13
and wire14, measured once as a never-seen figure, then released) showed were missing: more of
the accused side's answers ("nobody was stopped", "followed procedure", "no decision ... has
been taken", "a fertile imagination", "a legal project"), a lawyer reporting the client's
denial, "tells a different story" from a government, contractions in refusals, dated acts, an
aid group's own record and "lies" as a verb. The sentences here are our own, written for these
tests."""

from __future__ import annotations

from drafting import last

CHARGE = ("Bulgaria's foreign ministry accused North Macedonia's border police of stopping "
          "Bulgarian historians at the border. ")


def test_nobody_was_stopped_from_the_accused_side_is_a_denial():
    result = last(CHARGE + "“Nobody was stopped because of their nationality,” North "
                  "Macedonia's interior ministry spokesman, Dimitar Stojan, told reporters in "
                  "Skopje.")
    assert result.answer == "denial"


def test_our_officers_followed_procedure_from_the_accused_side_is_a_denial():
    result = last("Greece accused Albanian police of beating its fishermen. “Our officers "
                  "followed procedure from start to finish,” Albanian police spokeswoman Elona "
                  "Hoxa said.")
    assert result.answer == "denial"


def test_a_long_subject_before_has_been_taken_still_denies():
    result = last("Spain accused Morocco of closing the Ceuta crossing to trade. In a statement "
                  "carried by MAP, Morocco's foreign ministry said “no decision to close the "
                  "crossing to commerce has been taken”.")
    assert result.answer == "denial"


def test_a_lawyer_reporting_that_his_client_denies_the_charges_is_a_denial():
    result = last("The man's lawyer, Johan Ek, said his client denied the charges.")
    assert result.answer == "denial"


def test_a_government_telling_a_different_story_answers_the_charge():
    assert last("Ankara tells a different story.").answer == "denial"
    assert last("The satellite data tells a different story.").answer != "denial"


def test_a_contracted_refusal_is_a_refusal():
    result = last("The ministry didn't say how it had traced the shipments.")
    assert result.answer == "independent_fact"


def test_a_dated_declaration_is_a_record():
    result = last("Zambia declared a national disaster over drought in February 2024.")
    assert result.answer == "independent_fact"


def test_a_red_cross_that_treated_people_reports_its_own_record():
    result = last("The Kenya Red Cross said its teams had treated 12 people for gunshot wounds.")
    assert result.answer == "independent_fact"


def test_lies_as_a_verb_is_no_denial_word():
    result = last("The UN force says only that the matter lies outside the buffer zone it "
                  "patrols.")
    assert result.answer != "denial"


def test_a_fertile_imagination_from_the_accused_side_is_a_denial():
    result = last("Cypriot officials said a Turkish frigate had locked its radar on the ship. "
                  "Turkey's foreign ministry replied that such claims were “the product of a "
                  "fertile imagination”.")
    assert result.answer == "denial"


def test_not_answering_calls_is_a_refusal():
    result = last("A spokesperson for the military government did not answer phone calls "
                  "seeking comment.")
    assert result.answer == "independent_fact"

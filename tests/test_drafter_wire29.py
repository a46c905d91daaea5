"""Specification of the readings the twenty-ninth and thirtieth sets (tests/data/drafter/wire29
and wire30, measured once as this session's never-seen figure, then released) showed were
missing: the accused side "rejected the Somali statement"; rejecting an agreement is a position,
not a denial; a body "which represents ... farmers" is not its country's government; "said X,
chief executive" without an article. The sentences here are our own, written for these
tests."""

from __future__ import annotations

from drafting import last


def test_the_accused_rejecting_the_accusers_statement_denies():
    result = last("Somalia accused Ethiopia of threatening its sovereignty. Ethiopian government "
                  "spokesman Dawit Bekele rejected the Somali statement, saying Addis Ababa "
                  "respects Somalia's borders.")
    assert result.answer == "denial"


def test_rejecting_an_agreement_is_a_position_not_a_denial():
    result = last("Somalia rejected the agreement as a violation of its sovereignty.")
    assert result.answer != "denial"


def test_a_body_which_represents_farmers_is_not_the_government():
    result = last("GrainGrowers Australia, which represents about 9000 grain farmers, said it "
                  "had written to the minister.")
    assert result.answer == "independent_fact"


def test_an_inverted_speaker_with_a_bare_role_speaks_for_the_firm():
    result = last("“Our grain left Vancouver clean,” said Marc Tremblay, chief executive.")
    assert result.decision.id == "company-speech"

"""Specification of the readings the twenty-fifth and twenty-sixth sets (tests/data/drafter/wire25
and wire26, measured once as this session's never-seen figure, then released) showed were
missing: a ruling party's newspaper named with the party between; an analyst "at the
independent ... Research Group" is an analyst, not a firm; an anonymous official opening on
"There was no ..." answers for the one side charged; a quoted "‘no connection’". The sentences
here are our own, written for these tests."""

from __future__ import annotations

from drafting import last


def test_a_ruling_partys_newspaper_named_with_the_party_is_a_state_outlet():
    result = last("Jiyu Shimpo, the ruling Liberal Democratic Party's newspaper, said in a "
                  "commentary that Seoul was punishing Japanese industry.")
    assert result.answer == "state_media"


def test_an_analyst_at_a_research_group_is_an_analyst_not_a_firm():
    result = last("Belarus denied that any drone had crossed the border. Andrei Paulau, an "
                  "analyst at the independent Baltic Defense Research Group, said both sides "
                  "had reasons to talk up the border. “That does not mean nothing happened,” "
                  "he said.")
    assert result.answer == "independent_fact"


def test_an_anonymous_official_opening_on_there_was_no_answers_the_charge():
    result = last("Morocco accused Spain of pushing migrants back into the sea. \"There "
                  "was no pushback. Our officers pulled people out of the water,\" a ministry "
                  "spokesman told Reuters, asking not to be named.")
    assert result.answer == "denial"


def test_the_accused_saying_it_had_a_quoted_no_connection_denies():
    result = last("Mongolia accused Chinese customs of slowing coal trucks on purpose. The "
                  "customs administration said the checks had ‘no connection whatsoever’ to "
                  "the dispute.")
    assert result.answer == "denial"

"""Specification of a reading the fifty-third to fifty-sixth sets (tests/data/drafter/wire53 to
wire56, measured once as this session's never-seen figure for c4e911b, then released) showed was
missing: a sentence whose source is hidden ("are believed to have", "were said to have") right
after a government's or a state outlet's account carries that account on (labelling rule 12),
while one after the outlet's own background stays a record. The sentences here are our own,
written for these tests."""

from __future__ import annotations

from drafting import read


def test_a_hidden_source_after_a_government_account_carries_it_on():
    drafted = read("Tajikistan's border service said gunmen fired on a post near the river. "
                   "The attackers are believed to have crossed on an inflatable boat.")
    assert drafted[-1].answer == "government_allegation"
    assert drafted[-1].decision.id == "hedge-carried"
    assert drafted[-1].also_accept == ("independent_fact",)
    assert drafted[-1].source == drafted[0].source
    assert "hidden-source" in drafted[-1].flags  # still a sentence a reviewer looks at


def test_a_hidden_source_after_a_state_outlet_is_the_outlet_speaking():
    drafted = read("The state-run news agency KCNA reported that 14 applications were pending. "
                   "Some of them were said to have been filed in January.")
    assert drafted[0].answer == "state_media"
    assert drafted[-1].answer == "state_media"


def test_a_hidden_source_after_the_outlets_own_background_stays_a_record():
    drafted = read("The two countries have disputed the islet since 1972. "
                   "The surrounding seabed is believed to hold oil and gas.")
    assert drafted[-1].answer == "independent_fact"
    assert drafted[-1].decision.id == "hedge"

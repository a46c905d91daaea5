"""Specification of a reading the fifty-third to fifty-sixth sets (tests/data/drafter/wire53 to
wire56, measured once as this session's never-seen figure for c4e911b, then released) showed was
missing: a sentence whose source is hidden ("are believed to have", "were said to have") right
after a government's or a state outlet's account carries that account on (labelling rule 12),
while one after the outlet's own background stays a record. The sentences here are our own,
written for these tests."""

from __future__ import annotations

import dataclasses

from drafting import CATEGORIES, RULES, read

from quiz.content.drafter.draft import draft_article
from quiz.content.drafter.second import SecondReading

KINDS = ("denial", "government_allegation", "independent_fact", "state_media")
TEXT = ("Tajikistan's border service said gunmen fired on a post near the river. "
        "The attackers are believed to have crossed on an inflatable boat.")


def test_a_hidden_source_after_a_government_account_carries_it_on():
    drafted = read(TEXT)
    assert drafted[-1].answer == "government_allegation"
    assert drafted[-1].decision.id == "hedge-carried"
    assert drafted[-1].also_accept == ("independent_fact",)
    assert drafted[-1].source == drafted[0].source
    assert "hidden-source" in drafted[-1].flags  # still a sentence a reviewer looks at
    # in one paragraph, the passage shows whose account it carries on
    assert drafted[-1].passage_start == drafted[0].sentence.start


def test_a_hidden_source_after_a_state_outlet_is_the_outlet_speaking():
    drafted = read("The state-run news agency KCNA reported that 14 applications were pending. "
                   "Some of them were said to have been filed in January.")
    assert drafted[0].answer == "state_media"
    assert drafted[-1].answer == "state_media"
    # a new paragraph: the passage is the sentence alone
    apart = read("The state-run news agency KCNA reported that 14 applications were pending.\n\n"
                 "Some of them were said to have been filed in January.")
    assert apart[-1].answer == "state_media"
    assert apart[-1].passage_start == apart[-1].sentence.start


def test_a_hidden_source_after_the_outlets_own_background_stays_a_record():
    drafted = read("The two countries have disputed the islet since 1972. "
                   "The surrounding seabed is believed to hold oil and gas.")
    assert drafted[-1].answer == "independent_fact"
    assert drafted[-1].decision.id == "hedge"


def test_the_second_reading_leaves_a_carried_hedge_alone():
    # It was fitted on replays that hold every hedge as a record: it must not read a carried
    # one again. A toy second reading that wants every "believed" sentence to be a record.
    prefers_record = SecondReading(KINDS, (0.0,) * 4, {"t:believed": tuple(
        9.0 if k == "independent_fact" else 0.0 for k in KINDS)})
    rules = dataclasses.replace(RULES, second=prefers_record)
    drafted = draft_article(TEXT, rules, CATEGORIES)
    assert drafted[-1].decision.id == "hedge-carried"
    assert drafted[-1].answer == "government_allegation"
    assert "second-reading" not in drafted[-1].flags
    # a hedge it was fitted on (the outlet's own voice before it) is read again as usual
    background = draft_article("The two countries have disputed the islet since 1972. The "
                               "surrounding seabed is believed to hold oil and gas.", rules,
                               CATEGORIES)
    assert background[-1].decision.id == "hedge"

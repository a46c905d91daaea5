"""Specification of the readings the twenty-third and twenty-fourth sets (tests/data/drafter/wire23
and wire24, measured once as this session's never-seen figure, then released) showed were
missing: "State" opening a state body's name; a name between commas after a description that
names nobody; "Neither ministry reported"; "rejects the idea"; a group whose name holds a
country; an outlet "funded from the state budget"; a person named after "the boat's owner".
The sentences here are our own, written for these tests."""

from __future__ import annotations

from drafting import CATEGORIES, RULES, last

from quiz.content.drafter.draft import draft_article


def test_a_state_body_named_state_something_is_the_government():
    result = last("Iraq accused Turkey of holding back water. Turkey's State Water Works (DSW) "
                  "said releases were normal and that there had been no cut.")
    assert result.answer == "denial"


def test_a_name_between_commas_after_a_description_is_the_person_found_later():
    drafted = draft_article("“We want an answer,” Paraguay's chief Yacyreta negotiator, Vice "
                            "Minister Luis Benitez, said on Wednesday. Benitez said Paraguay would not "
                            "accept the price.", RULES, CATEGORIES)
    assert drafted[-1].answer == "government_allegation"
    assert drafted[-1].source.startswith("Vice Minister Luis Benitez")


def test_neither_ministry_reporting_is_the_outlets_own_voice():
    result = last("Neither ministry reported casualties.")
    assert result.answer == "independent_fact"


def test_a_government_rejecting_the_idea_denies():
    result = last("Chile accused Argentina of breaking the contracts. Argentina's government "
                  "rejects the idea that it has broken anything.")
    assert result.answer == "denial"


def test_a_group_named_after_its_country_is_a_group_not_the_government():
    result = last("Press Watch Moldova, a Chisinau-based press freedom group, said expulsion "
                  "should not replace a criminal case.")
    assert result.answer == "independent_fact"


def test_a_broadcaster_funded_from_the_state_budget_is_a_state_outlet():
    result = last("Kosovo's public broadcaster RTK, which is funded from the state budget, "
                  "reported that hundreds had gathered in Podujevo.")
    assert result.answer == "state_media"


def test_he_after_a_named_boat_owner_is_the_owner_not_an_earlier_official():
    drafted = draft_article("“The boat violated our waters,” a coast guard spokesman said. The "
                            "boat's owner, Tran Van Minh, told VOA he had not heard from the "
                            "captain. “We only want the men home,” he said.", RULES, CATEGORIES)
    assert drafted[-1].answer == "independent_fact"
    assert "Tran Van Minh" in drafted[-1].source


def test_the_group_is_never_the_news_agency_that_spoke_last():
    result = last("The state news agency PNA said two ships had blocked the convoy. Tracking "
                  "data compiled by Harbor Monitor, a transparency project, showed six ships "
                  "near the shoal. The group said one ship had switched off its transponder.")
    assert result.answer == "independent_fact"


def test_a_government_declaring_or_announcing_on_the_record_is_an_act():
    declared = last("Ecuador's government declared an “internal armed conflict” against "
                    "criminal gangs in January 2024.")
    announced = last("In July 2024 the two governments announced a provisional understanding "
                     "on resupply missions.")
    assert declared.answer == announced.answer == "independent_fact"

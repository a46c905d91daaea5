"""Specification of the readings the sixth held-out set (tests/data/drafter/wire6, newspaper
copy) showed were missing: a charge answered by the side that also charged someone else, a
spokesperson of a body named before who speaks for its side, a source inside a ministry, an
unnamed firm a government report accused, a fake as the object of an accusation, a quoted
headline inside an aside, and verbs that refuse or deny access rather than deny a charge. The
sentences here are our own, written for these tests."""

from __future__ import annotations

from drafting import last, read


def test_a_side_that_charged_someone_still_denies_a_charge_against_itself():
    result = last("Iran's judiciary said a British-Iranian architect had been charged with "
                  "spying. Britain's foreign secretary accused Iran of holding him as a "
                  "bargaining chip. Iran's embassy in London said he had been treated “within "
                  "the law”.")
    assert result.answer == "denial"


def test_an_embassys_city_is_where_it_is_not_whom_it_speaks_for():
    # "in London" does not make Iran's embassy speak for Britain, the accuser.
    sentences = read("Britain's foreign secretary accused Iran of holding a British-Iranian "
                     "architect as a bargaining chip. Iran's embassy in London said there was "
                     "no truth in the claim.")
    assert sentences[-1].answer == "denial"


def test_the_spokesperson_of_a_body_named_before_speaks_for_its_side():
    result = last("India's coast guard said a Sri Lankan patrol boat had fired at Indian "
                  "trawlers. The Sri Lankan navy said its boat had only ordered them to leave. "
                  "Its spokesperson, Commander Ruwan Perera, said: “Not a single round was "
                  "fired.”")
    assert result.answer == "denial"


def test_a_source_inside_a_ministry_is_a_government_source():
    result = last("Finland's transport agency said Russian jammers had disrupted GPS over "
                  "Lapland. A source in the Russian defence ministry told the state news agency "
                  "RIA Novosti that the story had been “invented from start to finish”.")
    assert result.answer == "denial"
    assert "state_media" in result.also_accept


def test_a_firm_a_government_report_accused_denies_with_a_quoted_never():
    result = last("The Canadian report said several accounts had been run from the offices "
                  "of BrightPeak Digital, a marketing firm near New Delhi. In an email, "
                  "BrightPeak said it had “never worked for any government”.")
    assert result.answer == "denial"


def test_spreading_fabricated_stories_is_an_accusation_not_a_denial():
    result = last("Canada's foreign ministry said on Tuesday that a network of accounts had "
                  "spread fabricated stories about a candidate near Toronto.")
    assert result.answer == "government_allegation"


def test_calling_a_report_fabricated_is_still_a_denial():
    result = last("India's foreign ministry called the report fabricated.")
    assert result.answer == "denial"


def test_a_quoted_headline_in_an_aside_does_not_hide_the_subject():
    result = last("The government-owned Daily News, in an editorial headlined “Respect our "
                  "laws”, accused sections of the Kenyan media of treating Tanzania “as a "
                  "playground”.")
    assert result.answer == "state_media"


def test_a_thing_that_sells_to_a_country_does_not_speak_for_it():
    result = last("Burdekin Valley, which sells about a fifth of its output to China, said in "
                  "a filing that it had tested every batch before export.")
    assert result.answer != "government_allegation"


def test_denying_someone_access_is_no_denial():
    result = last("Kenya has demanded the release of a Kenyan journalist held in Tanzania, "
                  "accusing the authorities in Dodoma of denying him access to a lawyer.")
    assert result.answer == "government_allegation"


def test_rejecting_any_link_is_a_denial():
    result = last("Australia's trade minister said the ban was retaliation for a vote at the "
                  "WHO. Beijing rejected any link between the two decisions.")
    assert result.answer == "denial"


def test_investigators_who_could_not_establish_who_paid_are_refusing_nothing():
    result = last("Canadian officials said the network was run for India. But they said they "
                  "could not establish who had paid for the operation.")
    assert result.answer == "independent_fact"


# --- what the first answers on wire5 and wire6 put second ---------------------------------------


def test_a_dated_act_of_a_government_is_history_in_the_outlets_voice():
    result = last("In October 2024, the two governments announced an agreement on patrolling "
                  "arrangements along the border.")
    assert result.answer == "independent_fact"
    later = last("Turkey's parliament declared in 1995 that any extension of Greek waters would "
                 "be a cause for war.")
    assert later.answer == "independent_fact"


def test_a_statement_today_about_a_dated_event_is_still_the_governments():
    result = last("The ministry said on Tuesday that the drone had first crossed in 2021.")
    assert result.answer == "government_allegation"


def test_a_quotation_of_several_words_in_the_content_is_the_speakers_own_denial():
    result = last("Moldova said Russian hackers had forged the documents. In a statement, the "
                  "Russian embassy in Chisinau said Moscow “has nothing to do with the leak”.")
    assert result.answer == "denial"


def test_slamming_the_other_sides_protest_as_baseless_is_a_denial():
    result = last("Greece protested to Turkey over the drone flight. Turkey's foreign ministry "
                  "slammed the protest as “baseless and unacceptable”.")
    assert result.answer == "denial"


def test_slamming_the_other_side_is_still_an_accusation():
    result = last("Turkey's foreign ministry slammed Greece for militarising the islands.")
    assert result.answer == "government_allegation"


def test_the_accused_side_insisting_holds_to_its_account():
    result = last("India said Chinese troops had detained two herders. Chinese Foreign Ministry "
                  "spokesperson Tan Wei insisted that the troops had acted on their own side "
                  "of the line.")
    assert result.answer == "denial"


def test_the_accused_embassy_calling_it_hype_denies():
    result = last("Australia's trade minister said China's ban was retaliation. The Chinese "
                  "embassy in Canberra said Australian politicians were “hyping” the case.")
    assert result.answer == "denial"


def test_the_wife_of_someone_charged_answering_for_him_denies():
    result = last("Iran's judiciary said the architect had been charged with spying. “He has "
                  "never set foot near a military site,” his wife, Laleh Karimi, told the BBC.")
    assert result.answer == "denial"

"""Specification of the readings the ninth and tenth held-out sets (tests/data/drafter/wire9
and wire10) showed were missing: an outlet's own correspondent and a document the outlet has
seen, a listener that is no affiliation, an NGO named after its city, firms answering an
anti-fraud office or a ministry, a quotation running on with the denial, portfolios, and
denial verbs papers use ("brushed aside", "rejected what it called"). The sentences here are
our own, written for these tests."""

from __future__ import annotations

from drafting import last, read


def test_a_state_funded_outlets_own_correspondent_is_its_own_reporting():
    result = last("Reporting from Baghdad, Al Jazeera's Hoda Salem said the incident put the "
                  "government in a difficult position.")
    assert result.answer == "independent_fact"


def test_a_document_the_outlet_has_seen_is_its_own_reporting():
    result = last("A court document seen by DW shows the engineer has been charged with "
                  "currency smuggling.")
    assert result.answer == "independent_fact"


def test_the_outlet_that_reached_an_official_is_not_whom_the_official_speaks_for():
    result = last("An official at Turkmenistan's Foreign Ministry, reached by phone by DW, said "
                  "the foreign citizen had broken the law.")
    assert result.answer == "government_allegation"


def test_a_relative_telling_a_state_funded_outlet_is_no_state_media():
    result = last("Kaya's wife, Zeynep, told DW by phone that she had not heard from her "
                  "husband since the day he was detained.")
    assert result.answer == "independent_fact"


def test_an_ngo_named_after_its_city_is_no_government():
    result = last("The Budapest Procurement Watch, a small NGO that tracks public tenders, said "
                  "it had flagged the same contracts two years ago.")
    assert result.answer == "independent_fact"


def test_a_mining_ministry_is_a_ministry():
    result = last("Tests showed the concentrate held more copper than declared, Mongolia's "
                  "mining ministry said in a statement.")
    assert result.answer == "government_allegation"


def test_a_firm_an_anti_fraud_office_named_answers_it():
    result = last("The EU's anti-fraud office said in a report that Alfa Agrar had "
                  "won rigged tenders. “We have taken nothing that was not ours,” its chief "
                  "executive, Zsolt Hal, said.")
    assert result.answer == "denial"


def test_a_chief_executive_officer_is_a_companys_and_his_quotation_runs_on():
    sentences = read("Mongolia's mining ministry said Gobi Peak had under-declared its copper "
                     "exports. “Every shipment we export is weighed by a third party,” Chief "
                     "Executive Officer Sara Lind said. “There has been no underreporting.”")
    assert sentences[1].answer != "government_allegation"
    assert sentences[2].answer == "denial"


def test_a_firm_calling_the_ministrys_figures_simply_wrong_denies():
    result = last("Mongolia's mining ministry said Gobi Peak owed royalties. Gobi Peak said the "
                  "ministry's figures were “simply wrong.”")
    assert result.answer == "denial"


def test_brushing_criticism_aside_is_a_denial():
    result = last("Serbia accused Croatia of shielding the suspect. Zagreb has brushed the "
                  "criticism aside.")
    assert result.answer == "denial"


def test_rejecting_what_it_called_attempts_is_a_denial():
    result = last("The embassy rejected what it called “attempts to politicize an ordinary "
                  "criminal case”.")
    assert result.answer == "denial"

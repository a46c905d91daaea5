"""Specification of the readings the twenty-seventh and twenty-eighth sets (tests/data/drafter/
wire27 and wire28, measured once as this session's never-seen figure, then released) showed were
missing: an inverted speaker with a dotted title ("said Lt. Col. ..."); a firm named with "the
... company" found again as "it"; state outlets the registry lacked (Rupavahini, Togo-Presse,
Guinea Ecuatorial Press); a court rejecting a claim rules rather than denies. The sentences
here are our own, written for these tests."""

from __future__ import annotations

from drafting import last


def test_an_inverted_speaker_with_a_dotted_title_is_the_officer():
    result = last("“It is a pipeline of weapons into our cities,” said Lt. Col. Avi Peretz, a "
                  "spokesman for the military’s Southern Command.")
    assert result.answer == "government_allegation"
    assert "Avi Peretz" in result.source


def test_a_firm_named_as_the_company_is_it_in_the_next_sentence():
    result = last("Chile's Foreign Ministry said the wells were lawful. Andes Brine Minerals, "
                  "the Santiago-listed company that runs the project, said its wells draw on a "
                  "Chilean basin. It said its permits had been renewed last year.")
    assert result.answer == "independent_fact"
    assert result.source.startswith("Andes Brine Minerals")


def test_state_outlets_the_registry_lacked():
    aired = last("Footage aired by Rupavahini on Tuesday night showed two navy launches.")
    daily = last("Togo-Presse, the state-owned daily, published photographs of the coffins.")
    site = last("Guinea Ecuatorial Press published a navy statement calling the account "
                "“pure invention”.")
    assert aired.answer == daily.answer == site.answer == "state_media"


def test_a_court_rejecting_a_claim_rules_rather_than_denies():
    result = last("Four years earlier the same court rejected Bolivia's claim that Chile was "
                  "obliged to negotiate access to the sea.")
    assert result.answer == "independent_fact"

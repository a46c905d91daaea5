"""Specification of readings the sixty-first to sixty-eighth sets (tests/data/drafter/wire61 to
wire68, measured once as the never-seen figure for 8811415, then released) showed were missing:
the accused side answering in its own terms ("met every standard", "operated exclusively on
Senegalese territory"), a side of no name placing its act on its own ground, a capital
opening the sentence and an armed force named by its acronym. The sentences here are our own,
written for these tests."""

from __future__ import annotations

from drafting import last, read

# --- the accused side answering in its own terms -------------------------------------------------


def test_meeting_every_standard_answers_the_charge():
    drafted = read("Serbia's transport ministry accused Duna Roads of laying faulty asphalt on "
                   "the motorway. Duna Roads said the road had \"met every standard\" at the "
                   "handover inspection.")
    assert drafted[-1].answer == "denial"


def test_meeting_the_terms_of_a_contract_answers_the_charge():
    drafted = read("Laos's transport ministry accused Mekong Freight Lines of overcharging for "
                   "containers. “Every container we handled met the terms of the contract,” "
                   "Mekong Freight Lines said in a statement.")
    assert drafted[-1].answer == "denial"


def test_not_targeted_at_anyone_answers_the_charge_of_singling_out():
    drafted = read("Nigeria's foreign ministry accused Ghana of singling out Nigerian traders. "
                   "Ghana's trade ministry said the closures were \"not targeted at any "
                   "nationality.\"")
    assert drafted[-1].answer == "denial"


def test_the_accused_placing_its_own_act_on_its_own_ground_denies():
    drafted = read("Guinea-Bissau's government accused Senegalese troops of crossing the border "
                   "in pursuit of rebels. In a statement on its Facebook page, the Senegalese "
                   "army said its units had \"operated exclusively on Senegalese territory\".")
    assert drafted[-1].answer in ("denial",)


def test_the_accuser_placing_the_others_act_on_its_ground_still_accuses():
    drafted = read("Honduras accused Salvadoran sailors of seizing two boats. The Honduran "
                   "Foreign Ministry said the boats were fishing for shrimp in Honduran waters "
                   "when a Salvadoran patrol boat fired warning shots.")
    assert drafted[-1].answer == "government_allegation"


def test_a_side_of_no_name_placing_its_act_on_its_ground_is_that_side():
    drafted = read("Tanzania insists marine officers arrested Malawian fishermen in its waters. "
                   "The government has said its marine police officers were operating “within "
                   "Tanzanian waters” when they detained 14 Malawian fishermen, rejecting claims "
                   "by Lilongwe that the arrests took place on Malawi’s side of the lake. "
                   "Malawi’s foreign ministry said the fishermen had been seized from Malawian "
                   "waters. Tanzania's foreign minister, Dr Juma Mrisho, said "
                   "nobody had crossed into Malawi.")
    assert drafted[1].answer == "denial"
    assert drafted[-1].answer == "denial"


# --- whose side -------------------------------------------------------------------------------


def test_a_capital_opening_the_sentence_gives_the_speakers_side():
    drafted = read("Serbia accused Croatia of timing the indictment to the election campaign. "
                   "In Zagreb, government spokesman Tomislav Horvat said the timing had "
                   "“nothing to do with politics”.")
    assert drafted[-1].answer == "denial"


def test_an_armed_force_named_by_its_acronym_speaks_for_its_country():
    drafted = read("Timor-Leste accused Indonesian soldiers of crossing into Oecusse. The "
                   "commander of the TNI’s border task force, Lt. Col. Budi Santoso, said his "
                   "troops had “never crossed the line”.")
    assert drafted[-1].answer == "denial"

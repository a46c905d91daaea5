"""Specification of readings the sixty-ninth to seventy-sixth sets (tests/data/drafter/wire69 to
wire76, measured once as the never-seen figure for a389aa9, then released) showed were missing:
the accused side rejecting the other side's criticism, protest or complaint is a denial, as
rejecting its accusation is; and the ones after them (wire77 to wire84, measured once as the
never-seen figure for b7c1185): the accuser turning down the accused side's explanation is an
allegation, and the side that "responded to the charges" is the accused answering. The sentences here are our own, written for these tests."""

from __future__ import annotations

from drafting import read


def test_rejecting_the_criticism_is_a_denial():
    drafted = read("Norway's fisheries ministry accused Iceland of overfishing mackerel. "
                   "Iceland rejected the criticism.")
    assert drafted[-1].answer == "denial"


def test_rejecting_a_protest_while_saying_why_is_a_denial():
    drafted = read("Chad said on Monday that its troops had been shelled from across the border. "
                   "Niger on Tuesday rejected a protest by Chad over the shelling, saying its "
                   "artillery had fired only at targets inside Niger.")
    assert drafted[-1].answer == "denial"


def test_rejecting_a_complaint_is_a_denial():
    drafted = read("Peru complained that Bolivian trucks were smuggling quinoa across the lake. "
                   "Bolivia's trade ministry rejected the complaint in a short statement.")
    assert drafted[-1].answer == "denial"


# --- the accuser turning down the accused side's explanation (wire77 to wire84) ------------------


def test_rejecting_the_other_sides_explanation_is_the_accusers_allegation():
    drafted = read("Lithuania accused Latvia of moving border markers. Latvia said the markers "
                   "had been moved by a storm. Lithuanian Foreign Minister Rasa Vaitkute "
                   "rejected the explanation.")
    assert drafted[-1].answer == "government_allegation"


def test_dismissing_the_explanations_is_the_accusers_allegation_too():
    drafted = read("Chile accused Bolivia of letting smugglers cross at Pisiga. Bolivia said "
                   "the trucks had permits. The Chilean interior ministry dismissed Bolivia's "
                   "explanations on Friday.")
    assert drafted[-1].answer == "government_allegation"


def test_responding_to_the_charges_is_the_accused_answering_them():
    drafted = read("Tanzania's energy minister accused Uganda of overcharging for pipeline "
                   "capacity. Uganda's energy ministry responded to the minister's charges on "
                   "Friday and said every tariff had been agreed in 2021.")
    assert drafted[-1].answer == "denial"


def test_replying_to_the_accusations_is_the_accused_answering_them():
    drafted = read("Guyana accused Suriname of sending gunboats to the Corentyne. Suriname "
                   "replied to the accusations in a statement, saying its navy had stayed on "
                   "its own bank.")
    assert drafted[-1].answer == "denial"

"""Specification of readings the sixty-ninth to seventy-sixth sets (tests/data/drafter/wire69 to
wire76, measured once as the never-seen figure for a389aa9, then released) showed were missing:
the accused side rejecting the other side's criticism, protest or complaint is a denial, as
rejecting its accusation is; and the ones after them (wire77 to wire84, measured once as the
never-seen figure for b7c1185): the accuser turning down the accused side's explanation is an
allegation, and the side that "responded to the charges" is the accused answering. The sentences
here are our own, written for these tests."""

from __future__ import annotations

import pytest
from drafting import read

# (what the last sentence shows, the article, the last sentence's answer)
CASES = [
    ("rejecting the criticism is a denial",
     "Norway's fisheries ministry accused Iceland of overfishing mackerel. "
     "Iceland rejected the criticism.", "denial"),
    ("rejecting a protest while saying why is a denial",
     "Chad said on Monday that its troops had been shelled from across the border. "
     "Niger on Tuesday rejected a protest by Chad over the shelling, saying its "
     "artillery had fired only at targets inside Niger.", "denial"),
    ("rejecting a complaint is a denial",
     "Peru complained that Bolivian trucks were smuggling quinoa across the lake. "
     "Bolivia's trade ministry rejected the complaint in a short statement.", "denial"),
    # the accuser turning down the accused side's explanation (wire77 to wire84)
    ("rejecting the other side's explanation is the accuser's allegation",
     "Lithuania accused Latvia of moving border markers. Latvia said the markers "
     "had been moved by a storm. Lithuanian Foreign Minister Rasa Vaitkute "
     "rejected the explanation.", "government_allegation"),
    ("dismissing the explanations is the accuser's allegation too",
     "Chile accused Bolivia of letting smugglers cross at Pisiga. Bolivia said "
     "the trucks had permits. The Chilean interior ministry dismissed Bolivia's "
     "explanations on Friday.", "government_allegation"),
    # the side that answers the charge it was named in
    ("responding to the charges is the accused answering them",
     "Tanzania's energy minister accused Uganda of overcharging for pipeline "
     "capacity. Uganda's energy ministry responded to the minister's charges on "
     "Friday and said every tariff had been agreed in 2021.", "denial"),
    ("replying to the accusations is the accused answering them",
     "Guyana accused Suriname of sending gunboats to the Corentyne. Suriname "
     "replied to the accusations in a statement, saying its navy had stayed on "
     "its own bank.", "denial"),
]


@pytest.mark.parametrize(("shows", "article", "answer"), CASES, ids=[c[0] for c in CASES])
def test_the_last_sentence_reads_as_the_side_answering_or_accusing(shows, article, answer):
    assert read(article)[-1].answer == answer

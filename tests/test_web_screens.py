"""The participant page's HTML without a browser (quiz.workshop.web_screens): text from packs,
the store and participants escaped and its control characters made visible, the claim and the
cue marked, and before the reveal nothing of an item's answer in the screen, for every item of
every bundled pack."""

from __future__ import annotations

import html
import random
from pathlib import Path

import pytest

from quiz.content.pack_files import bundled_pack_files, load_pack
from quiz.core.engine import Span
from quiz.core.packs import LoadedPack
from quiz.core.workshop_records import Pace, Phase, State
from quiz.storage.store import Store
from quiz.workshop.model import Workshop
from quiz.workshop.participant_view import ParticipantView, Question, participant_view
from quiz.workshop.web_screens import _passage, join_form, participant_screen, waiting_screen

HOSTILE = '<img src=x onerror="alert(1)">&\x1b[31m'


@pytest.fixture
def mini(mini_pack_path: Path) -> LoadedPack:
    return load_pack(mini_pack_path)


def test_names_and_titles_are_escaped_with_control_characters_made_visible(
    mini: LoadedPack
):
    with Store(":memory:") as store:
        workshop = Workshop.create(store, mini, title=HOSTILE, code_rng=random.Random(1))
        person = workshop.join(HOSTILE.replace("\x1b", ""), workshop.info().code)
        workshop.start()
        screen = participant_screen(participant_view(workshop, person.id), mini, HOSTILE)
    assert "<img" not in screen.html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" \
        in screen.html
    assert "\x1b" not in screen.html and "\\x1b[31m" in screen.html
    for form in (join_form(title=HOSTILE, code=HOSTILE, name=HOSTILE, error=HOSTILE),
                 waiting_screen(HOSTILE).html):
        assert "<img" not in form and "\x1b" not in form


def test_the_claim_is_marked_and_after_the_reveal_its_cue_wherever_it_lies():
    passage = "Officials said, KCNA reported, that <all> was well."
    claim = Span(passage.index("that"), len(passage) - 1)
    cue = Span(passage.index("KCNA"), passage.index("KCNA") + len("KCNA reported"))
    marked = _passage(passage, claim, cue)
    assert '<strong class="cue">KCNA reported</strong>' in marked
    assert '<mark class="claim">that &lt;all&gt; was well</mark>' in marked
    inside = _passage(passage, Span(0, len(passage)), cue)
    assert '<mark class="claim"><strong class="cue">KCNA reported</strong></mark>' in inside


@pytest.mark.parametrize("pack_file", bundled_pack_files() or [None])
def test_before_the_reveal_a_question_screen_holds_nothing_of_the_answer(pack_file, mini):
    pack = load_pack(pack_file) if pack_file else mini
    for number, item in enumerate(pack.pack.items, start=1):
        claim = item.passage.find(item.claim)
        question = Question(number - 1, number, len(pack.pack.items), Phase.DISCUSSION,
                            item.passage, Span(claim, claim + len(item.claim)))
        for chosen in (None, item.answer):
            view = ParticipantView(1, State.QUESTION, Pace.FACILITATOR, "T", 3, question,
                                   chosen, None, False)
            page = participant_screen(view, pack, "Ana").html
            secrets = [item.explanation, item.source, *(item.why_not or {}).values()]
            if item.discussion:
                secrets.append(item.discussion)
            for secret in secrets:
                assert html.escape(" ".join(secret.split())[:60]) not in page, item.id
            assert 'class="cue"' not in page and "Correct" not in page

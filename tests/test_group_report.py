"""The group report: every figure against values worked out by hand, the words for figures that
cannot be computed, tallies, every format, hostile names, and `quiz workshop report/list/simulate`.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from statistics import NormalDist

import jsonschema
import pytest

from quiz.cli import main
from quiz.content.pack_files import load_pack
from quiz.core.packs import LoadedPack
from quiz.core.workshop_records import Audience, Phase
from quiz.reports.figures import d_prime
from quiz.reports.group import GROUP_FORMATS, build_group_report, render_group
from quiz.reports.group_report import GroupReport
from quiz.reports.render_group_json import group_report_json_schema, load_group_report_schema
from quiz.reports.report import Withheld
from quiz.reports.statistics import cronbach_alpha, discrimination_index
from quiz.storage.store import Store
from quiz.workshop.model import Workshop

SM, GA, DE, FA = "state_media", "government_allegation", "denial", "independent_fact"


@pytest.fixture
def mini(mini_pack_path: Path) -> LoadedPack:
    return load_pack(mini_pack_path)


def run_workshop(store: Store, pack: LoadedPack, answers: dict[str, list[str]], **options):
    """Participants answer the items in order (one list per name, None = no answer); every
    discussion item is revealed. Returns the finished workshop."""
    workshop = Workshop.create(store, pack, **options)
    code = workshop.info().code
    people = {name: workshop.join(name, code).id for name in answers}
    workshop.start()
    for position, step in enumerate(workshop.steps()):
        for name, chosen in answers.items():
            if position < len(chosen) and chosen[position] is not None:
                workshop.answer(people[name], chosen[position])
        if not step.phase.is_check:
            workshop.reveal()
        workshop.next()
    return workshop


def report_of(workshop: Workshop, pack: LoadedPack | None, **options) -> GroupReport:
    return build_group_report(workshop.record(), pack, **options)


# Three items with no accepted alternatives (launch: state media, denial: denial, sanctions:
# independent fact) and four readers in a Guttman pattern: Ann all right, Bo the first two,
# Cy the first, Di none. Scores x (rows Ann..Di, columns items):
#   1 1 1 | 3
#   1 1 0 | 2
#   1 0 0 | 1
#   0 0 0 | 0
GUTTMAN = {
    "Ann": [SM, DE, FA],
    "Bo": [SM, DE, SM],
    "Cy": [SM, GA, GA],
    "Di": [FA, GA, SM],
}


@pytest.fixture
def guttman(store: Store, mini: LoadedPack) -> GroupReport:
    items = [i for i in mini.pack.items if i.id in ("launch", "denial", "sanctions")]
    return report_of(run_workshop(store, mini, GUTTMAN, items=items), mini)


def test_facility_is_the_share_of_credit_on_each_item(guttman: GroupReport):
    assert [i.facility for i in guttman.items] == [0.75, 0.5, 0.25]


def test_discrimination_correlates_each_item_with_the_rest_of_the_session(guttman: GroupReport):
    # Item 1: x = 1,1,1,0 and rest = 2,1,0,0: Sxy = 0.75, Sxx = 0.75, Syy = 2.75.
    # Item 2: x = 1,1,0,0 and rest = 2,1,1,0: Sxy = 1, Sxx = 1, Syy = 2.
    # Item 3: x = 1,0,0,0 and rest = 2,2,1,0: Sxy = 0.75, Sxx = 0.75, Syy = 2.75.
    expected = [0.75 / math.sqrt(0.75 * 2.75), 1 / math.sqrt(2), 0.75 / math.sqrt(0.75 * 2.75)]
    assert [i.discrimination for i in guttman.items] == pytest.approx(expected)
    assert guttman.items[1].discrimination == pytest.approx(0.7071, abs=1e-4)


def test_cronbach_alpha_of_the_guttman_pattern_is_three_quarters(guttman: GroupReport):
    # Item variances (n - 1): 0.25, 1/3, 0.25, sum 5/6; totals 3,2,1,0: variance 5/3.
    # alpha = 3/2 * (1 - (5/6) / (5/3)) = 0.75.
    assert guttman.reliability.alpha == pytest.approx(0.75)
    assert guttman.reliability.participants == 4 and guttman.reliability.left_out == 0
    assert "0.75 over 3 items and 4 participants" in guttman.reliability.sentence


def test_participants_scores_and_the_ranking_hardest_first(guttman: GroupReport):
    assert [(p.name, p.score.points, p.answered) for p in guttman.participants] == [
        ("Ann", 3, 3), ("Bo", 2, 3), ("Cy", 1, 3), ("Di", 0, 3)]
    assert [i.item_id for i in guttman.hardest] == ["sanctions", "denial", "launch"]
    assert guttman.hardest[-1].discussion == "How could anyone check a launch?"


def test_the_distribution_of_chosen_categories_per_item(guttman: GroupReport):
    assert [c.id for c in guttman.categories] == [SM, GA, DE, FA]
    assert [i.distribution for i in guttman.items] == [(3, 0, 0, 1), (0, 2, 2, 0), (2, 1, 0, 1)]


def test_the_group_confusion_matrix_and_d_prime(guttman: GroupReport):
    assert guttman.confusion.counts == (
        (3, 0, 0, 1),
        (0, 0, 0, 0),
        (0, 2, 2, 0),
        (2, 1, 0, 1),
    )
    state_media = guttman.per_category[0]
    # hits 3 of 4 launch answers; false alarms 2 of the 8 other answers; log-linear correction.
    z = NormalDist().inv_cdf
    assert d_prime(guttman.confusion, SM) == pytest.approx(z(3.5 / 5) - z(2.5 / 9))
    # Issue 16: 4 answers of the kind are fewer than d′ needs, so the report says so instead.
    assert state_media.d_prime is None and state_media.d_prime_withheld is Withheld.FEW_ITEMS
    assert guttman.per_category[1].d_prime is None  # no item of that kind was asked
    assert guttman.per_category[1].d_prime_withheld is Withheld.NO_ITEMS


def test_partial_credit_counts_in_facility(store: Store, mini: LoadedPack):
    # The accusation accepts state media for half credit: 1 + 0.5 + 0 + 1 = 2.5 of 4.
    accusation = [i for i in mini.pack.items if i.id == "accusation"]
    workshop = run_workshop(store, mini, {"A": [GA], "B": [SM], "C": [DE], "D": [GA]},
                            items=accusation)
    item = report_of(workshop, mini).items[0]
    assert item.facility == pytest.approx(0.625)
    assert item.best_share == 0.5


def test_when_everyone_answers_alike_alpha_and_discrimination_are_said_to_be_undefined(
    store: Store, mini: LoadedPack
):
    alike = {name: [SM, GA, DE, FA] for name in ("Ann", "Bo", "Cy")}
    report = report_of(run_workshop(store, mini, alike), mini)

    assert report.reliability.alpha is None
    assert "cannot be computed: every participant had the same total score" in \
        report.reliability.sentence
    assert all(i.discrimination is None for i in report.items)
    assert report.items[0].discrimination_note.startswith("everyone answered it alike")
    for fmt in GROUP_FORMATS:
        assert not re.search(r"\b(nan|inf|infinity)\b", render_group(report, fmt), re.I), fmt
    assert "everyone answered it alike" in render_group(report, "text")
    assert json.loads(render_group(report, "json"))["reliability"]["alpha"] is None


def test_an_item_everyone_got_right_has_no_discrimination_but_alpha_still_holds(
    store: Store, mini: LoadedPack
):
    answers = {name: [SM, *row] for name, row in
               {"Ann": [DE, FA], "Bo": [DE, SM], "Cy": [GA, GA]}.items()}
    items = [i for i in mini.pack.items if i.id in ("launch", "denial", "sanctions")]
    report = report_of(run_workshop(store, mini, answers, items=items), mini)

    assert report.items[0].discrimination is None
    assert "everyone answered it alike" in report.items[0].discrimination_note
    # Item variances 0, 1/3, 1/3; totals 3, 2, 1: variance 1. alpha = 3/2 * (1 - 2/3) = 0.5.
    assert report.reliability.alpha == pytest.approx(0.5)


def test_discrimination_and_alpha_use_only_participants_who_answered_every_item(
    store: Store, mini: LoadedPack
):
    answers = {**GUTTMAN, "Late": [None, None, FA]}
    items = [i for i in mini.pack.items if i.id in ("launch", "denial", "sanctions")]
    report = report_of(run_workshop(store, mini, answers, items=items), mini)

    assert report.reliability.alpha == pytest.approx(0.75)
    assert report.reliability.left_out == 1
    assert "1 who missed some is left out" in report.reliability.sentence
    assert report.items[2].facility == pytest.approx(2 / 5)  # facility counts everyone


def test_the_formulas_on_their_own():
    assert cronbach_alpha([[1, 1], [0, 0]]) == pytest.approx(1.0)
    assert cronbach_alpha([[1, 0], [1, 0]]) is None  # same totals
    assert cronbach_alpha([[1, 1, 1]]) is None  # one participant
    assert discrimination_index([[1, 1], [0, 0], [1, 0]], 0) == pytest.approx(0.5)
    assert discrimination_index([[1, 1], [1, 0]], 0) is None


# -- before and after --------------------------------------------------------------------------


def credit_pattern(pack: LoadedPack, workshop_steps, wanted: dict[Phase, list[bool]]):
    """Choices that are right or wrong (never an accepted alternative) per phase, in order."""
    by_id = {i.id: i for i in pack.pack.items}
    seen: dict[Phase, int] = {}
    choices = []
    for step in workshop_steps:
        item = by_id[step.item_id]
        n = seen.get(step.phase, 0)
        seen[step.phase] = n + 1
        right = wanted.get(step.phase, [True] * 9)[n]
        wrong = next(c for c in pack.category_ids if c != item.answer and c not in item.also_accept)
        choices.append(item.answer if right else wrong)
    return choices


def test_the_gain_from_before_to_after_with_its_spread(store: Store, mini: LoadedPack):
    plan = Workshop.create(store, mini, check=True, seed=4).steps()
    patterns = {
        "P1": {Phase.BEFORE: [False, False], Phase.AFTER: [True, True]},  # 0% -> 100%
        "P2": {Phase.BEFORE: [True, False], Phase.AFTER: [False, True]},  # 50% -> 50%
        "P3": {Phase.BEFORE: [False, True], Phase.AFTER: [True, True]},  # 50% -> 100%
    }
    answers = {name: credit_pattern(mini, plan, wanted) for name, wanted in patterns.items()}
    report = report_of(run_workshop(store, mini, answers, check=True, seed=4), mini)
    gain = report.gain

    assert [(p.before, p.after, p.gain) for p in report.participants] == [
        (0.0, 1.0, 1.0), (0.5, 0.5, 0.0), (0.5, 1.0, 0.5)]
    assert gain.before == pytest.approx(1 / 3) and gain.after == pytest.approx(5 / 6)
    assert gain.mean == pytest.approx(0.5)
    # Gains 1, 0, 0.5 around 0.5: sample variance (0.25 + 0.25 + 0) / 2 = 0.25.
    assert gain.spread == pytest.approx(0.5)
    assert (gain.minimum, gain.maximum, gain.participants) == (0.0, 1.0, 3)
    assert gain.normalized == pytest.approx(0.75)  # (5/6 - 1/3) / (1 - 1/3)
    assert "mean gain is +50 points, standard deviation 50 points" in gain.sentence


def test_without_a_check_there_is_no_gain(guttman: GroupReport):
    assert guttman.gain is None


# -- from tallies ------------------------------------------------------------------------------


def tallied_room(store: Store, pack: LoadedPack, tallies: list[dict | None], **options):
    room = Workshop.create(store, pack, audience=Audience.ROOM, room_size=10, **options)
    room.start()
    for step, counts in zip(room.steps(), tallies):
        room.record_tally(counts)
        if not step.phase.is_check:
            room.reveal()
        room.next()
    return room


def test_from_tallies_the_report_gives_what_hands_allow_and_says_what_they_cannot(
    store: Store, mini: LoadedPack
):
    room = tallied_room(store, mini, [
        {SM: 6, GA: 2, FA: 2},  # launch: 6 of 10 right
        {GA: 4, SM: 4, DE: 2},  # accusation: 4 right, 4 accepted at half credit
        None,  # denial: tally skipped
        {FA: 5},
    ])
    report = report_of(room, mini)

    assert report.from_tallies and report.participants == () and report.reliability is None
    assert [i.facility for i in report.items] == [0.6, pytest.approx(0.6), None, 1.0]
    assert report.items[1].best_share == 0.4
    assert report.items[0].distribution == (6, 2, 0, 2)
    assert report.confusion.count(SM, SM) == 6 and report.confusion.count(GA, SM) == 4
    assert report.items[0].discrimination is None
    assert "not from tallies" in report.items[0].discrimination_note
    assert any("Cronbach's alpha" in line for line in report.unavailable)
    assert "1 skipped" in " ".join(report.notes)
    assert "What a show of hands cannot tell" in render_group(report, "text")


def test_the_rooms_gain_from_tallies_has_no_spread(store: Store, mini: LoadedPack):
    plan = Workshop.create(store, mini, audience=Audience.ROOM, check=True, seed=4).steps()
    by_id = {i.id: i for i in mini.pack.items}
    tallies = []
    for step in plan:
        best = by_id[step.item_id].answer
        wrong = next(c for c in mini.category_ids
                     if c != best and c not in by_id[step.item_id].also_accept)
        right = 4 if step.phase is Phase.BEFORE else 8
        tallies.append({best: right, wrong: 10 - right})
    report = report_of(tallied_room(store, mini, tallies, check=True, seed=4), mini)

    assert report.gain.before == pytest.approx(0.4) and report.gain.after == pytest.approx(0.8)
    assert report.gain.mean == pytest.approx(0.4)
    assert report.gain.spread is None and report.gain.participants is None
    assert "how much each person gained, and so the spread, is not known" in report.gain.sentence


# -- notes -------------------------------------------------------------------------------------


def test_an_early_end_and_unreached_items_are_noted(store: Store, mini: LoadedPack):
    workshop = Workshop.create(store, mini)
    ann = workshop.join("Ann", workshop.info().code).id
    workshop.start()
    workshop.answer(ann, SM)
    workshop.reveal()
    workshop.end()
    report = report_of(workshop, mini)

    # Issue 16's wording: no "0 of 1 items".
    assert "ended early: it showed 1 of its 4 items." in " ".join(report.notes)
    assert report.items[1].note.startswith("Not reached")
    assert [i.item_id for i in report.hardest] == ["launch"]


def test_without_its_pack_the_report_still_scores_and_says_why_claims_are_missing(
    store: Store, mini: LoadedPack
):
    report = report_of(run_workshop(store, mini, {"Ann": [SM, SM, DE, FA]}), None)
    assert report.items[0].claim is None and report.items[0].facility == 1.0
    assert report.items[1].facility == 0.5  # the accepted alternative, from the stored rule
    assert "could not be loaded" in report.notes[0]
    assert report.label(SM) == SM


# -- formats and safety ------------------------------------------------------------------------

HOSTILE = {
    "=HYPERLINK(\"http://x\")": [SM, GA, DE, FA],
    "<script>alert(1)</script>": [FA, SM, DE, FA],
    "[bold red]Zoë[/] | *x*": [SM, SM, GA, SM],
}


@pytest.fixture
def hostile(store: Store, mini: LoadedPack) -> GroupReport:
    return report_of(run_workshop(store, mini, HOSTILE), mini)


def test_every_format_renders(hostile: GroupReport):
    for fmt in GROUP_FORMATS:
        assert render_group(hostile, fmt)
    with pytest.raises(ValueError, match="unknown report format 'pdf'"):
        render_group(hostile, "pdf")


def test_json_follows_the_shipped_schema_and_the_schema_follows_the_models(hostile: GroupReport):
    assert load_group_report_schema() == group_report_json_schema()
    document = json.loads(render_group(hostile, "json"))
    jsonschema.validate(document, load_group_report_schema())
    assert document["items"][0]["facility"] == pytest.approx(2 / 3)
    assert document["hardest"] == [item.number for item in hostile.hardest]


def test_names_are_text_in_every_format(hostile: GroupReport):
    text = render_group(hostile, "text")
    assert "[bold red]Zoë[/] | *x*" in text

    html = render_group(hostile, "html")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    ElementTree.fromstring(html.removeprefix("<!DOCTYPE html>\n"))
    assert "http://" not in html.replace("http://x", "")  # nothing fetched

    markdown = render_group(hostile, "md")
    assert "\\[bold red\\]Zoë\\[/\\] \\| \\*x\\*" in markdown

    rows = list(csv.DictReader(io.StringIO(render_group(hostile, "csv"))))
    assert {r["participant"] for r in rows} >= {"'=HYPERLINK(\"http://x\")"}
    assert len(rows) == 3 * 4


def test_anonymized_reports_name_no_participant(store: Store, mini: LoadedPack):
    report = report_of(run_workshop(store, mini, HOSTILE), mini, anonymize=True)
    for fmt in GROUP_FORMATS:
        rendered = render_group(report, fmt)
        assert "Zoë" not in rendered and "HYPERLINK" not in rendered and "alert" not in rendered
    assert [p.name for p in report.participants] == ["Participant 1", "Participant 2",
                                                     "Participant 3"]


def test_the_csv_has_one_row_per_answer_or_tally_option(store: Store, mini: LoadedPack):
    room = tallied_room(store, mini, [{SM: 6, GA: 2}, None, None, None])
    rows = list(csv.DictReader(io.StringIO(render_group(report_of(room, mini), "csv"))))
    assert [(r["participant"], r["chosen"], r["count"], r["verdict"]) for r in rows] == [
        ("(room)", SM, "6", "correct"), ("(room)", GA, "2", "wrong"),
        ("(room)", DE, "0", "wrong"), ("(room)", FA, "0", "wrong")]


# -- the command line --------------------------------------------------------------------------


def test_simulate_list_and_report_from_the_command_line(tmp_path: Path, capsys, mini_pack_path):
    assert main(["workshop", "simulate", "--participants", "6", "--seed", "2", "--pack",
                 str(mini_pack_path), "--check"]) == 0
    assert "Simulated workshop 1" in capsys.readouterr().out
    assert main(["workshop", "list"]) == 0
    assert "6 participants" in capsys.readouterr().out

    out = tmp_path / "report.html"
    assert main(["workshop", "report", "--format", "html", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["workshop", "report", "1", "--format", "json", "--anonymize"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["anonymized"] and len(document["participants"]) == 6
    assert document["gain"]["participants"] == 6

    # A CSV written to a file starts with the byte-order mark a spreadsheet needs, whatever
    # the file is called (the format says it is CSV, not the name).
    sheet = tmp_path / "group-report.txt"
    assert main(["workshop", "report", "--format", "csv", "--out", str(sheet)]) == 0
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbf")


def test_an_unknown_session_lists_the_ones_that_exist(capsys, mini_pack_path):
    assert main(["workshop", "report", "7"]) == 2
    assert "there are no workshops yet" in capsys.readouterr().err
    main(["workshop", "simulate", "--participants", "3", "--pack", str(mini_pack_path)])
    capsys.readouterr()
    assert main(["workshop", "report", "7", "--format", "text"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "no workshop '7'; the workshops are: 1 (" in error


def test_bad_simulation_options_are_one_line_usage_errors(capsys, mini_pack_path):
    assert main(["workshop", "simulate", "--participants", "3", "--items", "9", "--pack",
                 str(mini_pack_path)]) == 2
    assert "--items must be 1 to 4" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["workshop", "simulate", "--participants", "0"])
    assert exit_.value.code == 2
    assert "expected 1 or more" in capsys.readouterr().err

"""Specification of reviewing a drafted pack without a screen (quiz.content.review): the order,
the one-key accept, re-drafted texts for a new answer, checks that block accepting a wrong item,
undo, dropping, saving that never overwrites a file changed on disk, and `quiz review` in plain
and summary mode.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
from helpers import REPO, REVIEW_ARTICLE, drafted_for_review, learner_env, quiz

from quiz.cli import main
from quiz.content.checks import check_pack, located
from quiz.content.drafter.draft import redrafted_text
from quiz.content.drafter.rules import load_rules
from quiz.content.review.session import (
    ChangedOnDisk,
    EditRefused,
    ReviewError,
    ReviewSession,
)
from quiz.content.review.words import Selection, Span

ARTICLE = REVIEW_ARTICLE


def drafted(folder: Path) -> Path:
    """`quiz draft` on the maritime article: 16 draft items, three of them low-confidence."""
    return drafted_for_review(folder)


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return drafted(tmp_path / "packs")


@pytest.fixture
def session(pack: Path) -> ReviewSession:
    return ReviewSession.open(pack)


def blocks(text: str) -> dict[str, str]:
    """Each item's lines, by id, as written (from its `- id:` line to the next)."""
    found, current = {}, None
    for line in text.splitlines(keepends=True):
        if line.startswith("- id: "):
            current = line[len("- id: "):].strip()
            found[current] = ""
        elif not line.startswith((" ", "-")):
            current = None
        if current is not None:
            found[current] += line
    return found


def test_low_confidence_items_come_first_then_article_order(session):
    order = [session.entries[i] for i in session.queue]
    low = [e for e in order if e.low_confidence]
    assert order[:len(low)] == low and len(low) == 3
    rest = [e.article_at for e in order[len(low):]]
    assert rest == sorted(rest)


def test_accepting_clears_the_draft_flag_and_leaves_every_other_line_as_it_was(session, pack):
    original = pack.read_text(encoding="utf-8")
    first = session.current
    session.accept()
    session.save()
    saved = pack.read_text(encoding="utf-8")
    assert saved == original.replace(blocks(original)[first.id],
                                     blocks(original)[first.id].replace("  draft: true\n", ""))
    assert session.current is not first


def test_a_new_answer_redrafts_the_texts_with_the_drafters_templates_and_undo_restores(session):
    entry = session.entries[session.queue[3]]  # s002: "Kestria's coast guard said ..."
    session.position = 3
    before = dict(entry.fields)
    session.set_answer("denial")
    explanation, lines = redrafted_text(
        "denial", claim=entry.text("claim"), cue=entry.text("cue") or "…",
        source=entry.text("source"), also_accept=[], rules=session.rules,
        categories=session.categories.models)
    assert entry.fields["answer"] == "denial"
    assert entry.fields["explanation"].startswith("Draft (rule denial-verb):")
    assert entry.fields["explanation"] == explanation
    assert set(entry.fields["why_not"]) == {"state_media", "government_allegation",
                                            "independent_fact"} == set(lines)
    session.undo()
    assert entry.fields == before


def test_picking_the_cue_redrafts_text_the_drafter_wrote_but_never_a_persons(session):
    session.position = 3
    entry = session.current
    passage = entry.text("passage")
    selection = Selection.over(passage).home().extend(2)  # "Kestria's coast guard"
    session.set_cue(selection.span)
    assert entry.fields["cue"] == "Kestria's coast guard"
    assert '"Kestria\'s coast guard" gives the words' in entry.fields["explanation"]
    session.set_texts({"explanation": "My own words. Two sentences."})
    session.set_cue(Selection.over(passage).covering(Span(0, 30)).span)
    assert entry.fields["explanation"] == "My own words. Two sentences."


def test_an_item_that_does_not_validate_cannot_be_accepted_and_says_where(session):
    entry = session.current  # an independent fact without a cue
    session.set_answer("state_media")  # needs a cue; the passage names no state outlet
    assert not entry.fields.get("cue")
    assert any("cue is empty" in p.message for p in entry.problems)
    with pytest.raises(EditRefused, match=r"cannot accept .*: line \d+ col \d+: cue is empty"):
        session.accept()
    session.set_texts({"explanation": "One sentence only"})
    assert any("explanation has 1 sentence" in p.message for p in entry.problems)


def test_dropping_moves_the_sentence_to_skipped_with_its_reason(session, pack):
    entry = session.current
    sentence = entry.text("claim")
    session.drop("Not a claim worth asking about.")
    session.save()
    loaded, problems = check_pack(pack)
    assert loaded is not None
    assert entry.id not in [item.id for item in loaded.pack.items]
    assert [(s.sentence, s.reason) for s in loaded.pack.skipped] == [
        (sentence, "Not a claim worth asking about.")]
    assert not any("neither an item's claim nor skipped" in p.message for p in problems)


def test_a_pack_changed_on_disk_is_never_overwritten(session, pack):
    session.accept()
    pack.write_text(pack.read_text(encoding="utf-8") + "# edited elsewhere\n", encoding="utf-8")
    with pytest.raises(ChangedOnDisk, match="changed on disk"):
        session.save()
    assert pack.read_text(encoding="utf-8").endswith("# edited elsewhere\n")
    copy = session.save_copy()
    assert copy.name == "maritime-incident.reviewed.yaml" and copy.exists()


def test_a_read_only_pack_opens_read_only_and_says_why(pack, monkeypatch):
    # Root may write any file, so the permission check itself is what is replaced here.
    monkeypatch.setattr("quiz.content.review.session.read_only_reason",
                        lambda path: f"{path} is read-only (no permission to write it)")
    session = ReviewSession.open(pack)
    assert "read-only" in session.read_only
    with pytest.raises(EditRefused, match="read-only"):
        session.accept()


def test_a_pack_that_fails_validation_opens_with_the_failing_items_first(tmp_path):
    pack = drafted(tmp_path)
    text = pack.read_text(encoding="utf-8")
    broken = "Valdoria has recalled its ambassador"
    pack.write_text(text.replace(broken, "Valdoria has recalled an ambassador", 1),
                    encoding="utf-8")
    session = ReviewSession.open(pack)
    first = session.current
    assert broken.replace("its", "an") in first.text("passage")
    assert any("not in the article verbatim" in p.message for p in first.errors)
    assert session.summary().failing == 1


def test_text_is_kept_as_typed_markup_included(session, pack):
    session.position = 3
    entry = session.current
    session.set_texts({"explanation": "[bold]Loud[/] <b>red</b>. Second sentence."})
    session.accept()
    session.save()
    loaded, _ = check_pack(pack)
    item = next(i for i in loaded.pack.items if i.id == entry.id)
    assert item.explanation == "[bold]Loud[/] <b>red</b>. Second sentence."


def test_a_control_character_typed_into_text_is_refused_at_accept_as_validate_would(session):
    """quiz validate refuses control characters in pack text (issue 15), so the review does."""
    session.position = 3
    session.set_texts({"explanation": "Loud \x1b[31mred. Second sentence."})
    with pytest.raises(EditRefused, match="U\\+001B .escape., a control character"):
        session.accept()


def test_the_drafters_own_explanation_is_recognised_as_its_template(session):
    rules = load_rules()
    for entry in session.entries:
        assert session.drafting.template_state(entry) is not None, entry.id
    assert rules.data.decisions


def test_words_selection_moves_by_word_clause_and_mouse():
    text = 'The ministry said, "we reject it," in Pyongyang.'
    selection = Selection.over(text)
    assert selection.selected == "The"
    assert selection.extend(2).selected == "The ministry said"
    assert selection.clause(1).selected == "we"
    assert selection.pressed(text.index("reject")).dragged(text.index("it")).selected == \
        "reject it"


# -- the command ---------------------------------------------------------------------------------


def test_plain_review_accepts_with_an_empty_line_and_saves(pack, tmp_path):
    env = learner_env(tmp_path / "data", tmp_path / "cache")
    result = quiz(env, "review", str(pack), "--plain", answers="\n\nq\n")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.count("accepted s0") == 2
    assert "saved maritime-incident.yaml" in result.stdout
    assert pack.read_text(encoding="utf-8").count("\n  draft: true") == 14


def test_summary_counts_reviewed_drafts_low_confidence_and_problems(pack, tmp_path):
    env = learner_env(tmp_path / "data", tmp_path / "cache")
    result = quiz(env, "review", str(pack), "--summary")
    assert result.returncode == 0, result.stderr
    assert "16 items: 0 reviewed, 16 draft(s) (3 low-confidence), 0 failing" in result.stdout
    assert "problems: 0 error(s)" in result.stdout


def test_a_pack_with_no_drafts_says_so_and_offers_to_play(tmp_path):
    folder = tmp_path / "mini"
    shutil.copytree(REPO / "tests" / "data" / "mini", folder)
    env = learner_env(tmp_path / "data", tmp_path / "cache")
    result = quiz(env, "review", str(folder / "mini.yaml"), "--plain")
    assert result.returncode == 0
    assert "No drafts to review" in result.stdout and "quiz play --pack" in result.stdout


def test_a_file_that_is_not_a_pack_is_one_line_naming_it(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("items: [\n", encoding="utf-8")
    env = learner_env(tmp_path / "data", tmp_path / "cache")
    result = quiz(env, "review", str(bad), "--summary")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "bad.yaml:" in result.stderr


@pytest.mark.parametrize("change", [
    lambda text: text,
    lambda text: text.replace("items:", "colour: red\nitems:", 1),  # a schema error
    lambda text: text.replace("answer: state_media", 'answer: "state\\vmedia"', 1),  # a control char
])
def test_checking_a_text_twice_shares_its_document_and_leaves_it_as_loaded(change):
    path = REPO / "tests" / "data" / "mini" / "mini.yaml"
    source = change(path.read_text(encoding="utf-8"))
    document = located(source)
    loaded = copy.deepcopy(document.data)
    first = check_pack(path, source=source)[1]
    assert bool(first) == (source != path.read_text(encoding="utf-8"))
    assert check_pack(path, source=source)[1] == first
    assert located(source) is document and document.data == loaded


# A pack from a stranger cannot make the review read a file its author could not have shipped
# with it (issue 15's rule, as `quiz validate` has it).


def test_reviewing_a_pack_whose_article_lies_outside_its_folder_never_reads_it(tmp_path):
    folder = tmp_path / "pack"
    shutil.copytree(REPO / "tests" / "data" / "mini", folder)
    secret = tmp_path / "secret.txt"
    secret.write_text("The password is swordfish. " + (folder / "article.txt").read_text(
        encoding="utf-8"), encoding="utf-8")
    path = folder / "mini.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "article: article.txt", "article: ../secret.txt"), encoding="utf-8")
    session = ReviewSession.open(path)
    assert session.article is None
    assert any("article '../secret.txt' is outside the pack's folder" in str(p)
               for p in session.pack_problems)


def test_reviewing_a_pack_whose_taxonomy_lies_outside_its_folder_says_so_and_never_reads_it(
        tmp_path):
    folder = tmp_path / "pack"
    shutil.copytree(REPO / "tests" / "data" / "mini", folder)
    (tmp_path / "secret.yaml").write_text("password: swordfish\n", encoding="utf-8")
    path = folder / "mini.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "article: article.txt", "article: article.txt\ntaxonomy: ../secret.yaml"),
        encoding="utf-8")
    with pytest.raises(ReviewError) as raised:
        ReviewSession.open(path)
    assert "taxonomy '../secret.yaml' is outside the pack's folder" in str(raised.value)
    assert "swordfish" not in str(raised.value)


def test_tab_steps_through_the_answers_likely_cues_first_then_the_others(session):
    text = "North Korea has been under UN sanctions for its missile programmes since 2006."
    cues = session.cues
    stops = [text[s.start:s.end] for s in
             cues.stops(text, "independent_fact", session.categories.ids, Span(0, len(text)))]
    # The answer's, ranked as its suggested cue is (the first), then the rest in text order.
    ranked = cues.ranked(text, "independent_fact", Span(0, len(text)))
    assert stops[:2] == [text[s.start:s.end] for s in ranked] == ["under UN sanctions",
                                                                  "since 2006"]
    assert stops[2:] == ["North Korea", "UN"]


def test_the_next_likely_cue_cycles_in_order_and_starts_at_the_first():
    text = "The ministry said on Monday that the launch failed, officials said."
    selection = Selection.over(text)
    candidates = [Span(text.index("officials said"), len(text) - 1),
                  Span(4, 17), Span(4, 17),  # the same words twice are one stop
                  Span(text.index("on Monday"), text.index(" that"))]
    seen = [(selection := selection.next_of(candidates)).selected for _ in range(4)]
    assert seen == ["officials said", "ministry said", "on Monday", "officials said"]
    assert selection.next_of(candidates, -1).selected == "on Monday"
    assert Selection.over(text).next_of(candidates, -1).selected == "on Monday"
    assert Selection.over(text).next_of([]).selected == "The"

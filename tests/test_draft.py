"""Specification of `quiz draft`: reading articles, each rule class, rules as data, the written
pack, and the drafter measured against labelled packs."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from quiz import locations
from quiz.cli import main
from quiz.content.article import ArticleError, read_article
from quiz.content.drafter.article_source import normalise_article
from quiz.content.drafter.draft import draft_article
from quiz.content.drafter.evaluate import evaluate, format_evaluation, is_signalled
from quiz.content.drafter.rules import BUNDLED_RULES_DIR, RulesError, load_rules, read_rules_file
from quiz.content.format import TaxonomyModel
from quiz.content.pack_files import check_pack, load_pack
from quiz.content.yamlsafe import load_located, read_text

ROOT = Path(__file__).parents[1]
BUNDLED = ROOT / "content" / "nk-victory-day-2023.yaml"
EVAL = ROOT / "tests" / "data" / "eval"
EVAL_PACKS = sorted(EVAL.glob("*.yaml"))
CATEGORIES = TaxonomyModel.model_validate(
    load_located(read_text(locations.default_taxonomy_path())).data).categories
# The rules' own reading: the second reading (second.py) is tested on its own.
RULES = load_rules(use_user_file=False, use_second_reading=False)


@pytest.fixture(autouse=True)
def private_data(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZ_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(tmp_path / "cache"))


def drafted(text: str, rules=RULES):
    return draft_article(text, rules, CATEGORIES)


def only(text: str, rules=RULES):
    [result] = drafted(text, rules)
    return result


# --- reading articles ---------------------------------------------------------------------------


def test_an_empty_article_is_refused_with_what_would_work(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("  \n", encoding="utf-8")
    with pytest.raises(ArticleError) as error:
        read_article(path)
    assert str(error.value) == (f"{path}: the file is empty; give a news article as UTF-8 text "
                                "or Markdown")


def test_a_binary_file_is_refused_naming_the_nul_byte(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(ArticleError) as error:
        read_article(path)
    assert str(error.value) == (f"{path}: looks like a binary file (NUL byte at offset 8), not "
                                "text; give a news article as UTF-8 text or Markdown")


def test_latin1_text_names_the_byte_line_and_column_and_the_conversion(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("First line.\nThe café opened.\n".encode("latin-1"))
    with pytest.raises(ArticleError) as error:
        read_article(path)
    assert str(error.value) == (f"{path}:2:8: not UTF-8: byte 0xe9 at line 2, col 8; save as "
                                "UTF-8 or convert with iconv -f latin1 -t utf-8")


def test_windows_1252_text_is_recognised_by_its_curly_quotes(tmp_path):
    path = tmp_path / "cp1252.txt"
    path.write_bytes("He said \u201cno\u201d.".encode("cp1252"))
    with pytest.raises(ArticleError, match=r"iconv -f windows-1252 -t utf-8$"):
        read_article(path)


def test_utf16_text_is_named_as_such(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_text("It rained.", encoding="utf-16")
    with pytest.raises(ArticleError, match="UTF-16 text, not UTF-8; convert with iconv"):
        read_article(path)


def test_normalising_keeps_the_dateline_as_metadata_and_one_paragraph_per_line():
    source = normalise_article("Sept. 5, 2023\n\nFirst line of a\nwrapped paragraph.\n\nSecond.\n")
    assert source.date == dt.date(2023, 9, 5)
    assert source.text == "Sept. 5, 2023\nFirst line of a wrapped paragraph.\nSecond.\n"


def test_markdown_heading_becomes_the_title_and_marks_are_dropped():
    source = normalise_article(
        "# Talks *collapse*\n\nBy Staff Reporter\n\nThe **ministry** said [talks](http://x) "
        "failed.\n\n- A list item.\n", markdown=True)
    assert source.title == "Talks collapse"
    assert source.text == "The ministry said talks failed.\nA list item.\n"


# --- each rule class ----------------------------------------------------------------------------


def test_denial_verb_drafts_a_denial_naming_the_party():
    result = only("North Korea and Russia have denied conducting any arms transactions.")
    assert (result.answer, result.decision.id, result.cue) == ("denial", "denial-verb", "denied")
    assert result.source == "North Korea and Russia"


def test_adjective_disputed_is_not_a_denial():
    assert only("The ships collided in disputed waters.").answer == "independent_fact"


def test_accusation_verb_drafts_a_government_allegation():
    result = only("The US alleged North Korea of providing weapons to Moscow.")
    assert (result.answer, result.cue) == ("government_allegation", "alleged")


@pytest.mark.parametrize("outlet", ["KCNA", "Xinhua", "TASS", "IRNA", "SANA", "state media"])
def test_a_named_state_outlet_drafts_a_state_media_claim(outlet):
    result = only(f"The launch succeeded, {outlet} reported.")
    assert result.answer == "state_media"
    assert result.cue == f"{outlet} reported"


def test_acronyms_match_only_in_capitals():
    assert only("The rt of the matter is unclear.").answer == "independent_fact"


def test_an_outlet_the_article_introduces_is_learned_for_the_rest_of_it():
    results = drafted("The crew are held in Lorn, the state-run Kestrian Central Broadcasting "
                      "(KCB) reported.\nKCB aired footage of the damaged bow.")
    assert [r.answer for r in results] == ["state_media", "state_media"]
    assert results[1].cue == "KCB aired"


def test_government_speaker_with_neutral_verb_is_a_government_allegation():
    result = only("State Department deputy spokesperson Vedant Patel said Thursday that the "
                  "talks would resume.")
    assert (result.answer, result.decision.id) == ("government_allegation", "government-speech")
    assert result.source.startswith("State Department deputy spokesperson Vedant Patel")


def test_international_body_speaking_is_an_allegation_that_also_accepts_a_fact():
    result = only("A UN spokesperson said all members share the same responsibility.")
    assert (result.answer, result.also_accept) == ("government_allegation",
                                                    ("independent_fact",))
    assert result.decision.id == "international-speech"


def test_attribution_at_the_end_of_the_next_sentence_covers_this_one():
    text = ("Kim hosted a reception and vowed solidarity. Shoigu praised the military, "
            "according to KCNA.")
    first, second = drafted(text)
    assert (first.answer, first.decision.id, first.cue) == ("state_media", "attribution-next",
                                                            "according to KCNA")
    assert text[first.passage_start:first.passage_end] == text  # both sentences
    assert second.decision.id == "state-outlet"


def test_it_said_carries_the_source_of_the_sentence_before():
    results = drafted("The parade featured drones, KCNA reported.\nIt said the drones were new.")
    assert (results[1].answer, results[1].decision.id, results[1].cue) == (
        "state_media", "continues-previous", "It said")


def test_a_pronoun_speaker_after_a_quotation_carries_the_speaker_before():
    results = drafted('The prime minister blamed the hackers. "It is clear," she told parliament.')
    assert (results[1].answer, results[1].cue) == ("government_allegation", "she told")


def test_an_accusation_inside_a_state_outlet_report_keeps_the_report_first():
    result = only("The official news agency MNA said bank staff had been warned months earlier.")
    assert result.answer == "state_media"
    assert "government_allegation" in result.also_accept


def test_a_denial_carried_by_state_media_is_a_denial_that_also_accepts_state_media():
    result = only("Kestria's defence ministry denied using a water cannon, KCB reported, "
                  "according to the state-run Kestrian Central Broadcasting (KCB).")
    assert (result.answer, result.also_accept) == ("denial", ("state_media",))


def test_hedge_hides_the_source_and_is_low_confidence():
    result = only("The ship is said to be carrying oil.")
    assert (result.decision.id, result.cue) == ("hedge", "is said to be")
    assert result.confidence < RULES.low_confidence


def test_a_record_in_the_outlets_own_voice_is_an_independent_fact():
    result = only("North Korea has been under UN sanctions since 2006.")
    assert (result.answer, result.decision.id) == ("independent_fact", "record")


def test_a_document_as_source_is_a_record_not_a_speaker():
    result = only("Fuel made up 40 percent of exports, according to World Bank figures.")
    assert (result.decision.id, result.cue) == ("record", "according to World Bank figures")


def test_unknown_speaker_is_drafted_with_low_confidence():
    # "Shipping analysts" would be an expert, whose words the labelled sets read as
    # independently reported far more often than not; a bare name says nothing of its role.
    result = only("Mr Tanaka said costs could rise.")
    assert (result.decision.id, result.source) == ("other-speech", "Mr Tanaka")
    assert result.confidence < RULES.low_confidence


# --- rules as data ------------------------------------------------------------------------------


def write_rules(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "my-rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_user_rules_file_adds_an_outlet(tmp_path):
    path = write_rules(tmp_path, "state_outlets:\n  - name: Voice of Merovia\n"
                                 "    says: Merovia's state radio\n    match: [Voice of Merovia]\n")
    assert only("The talks failed, Voice of Merovia said.").answer == "independent_fact"
    rules = load_rules([path], use_user_file=False)
    assert only("The talks failed, Voice of Merovia said.", rules).answer == "state_media"


def test_the_user_rules_file_in_the_data_folder_is_read(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    (data / "draft-rules.yaml").write_text("hedges: [word on the street]\n", encoding="utf-8")
    rules = load_rules()
    assert only("Word on the street is that it sank.", rules).decision.id == "hedge"


def test_a_decision_with_an_existing_id_replaces_it_in_place(tmp_path):
    path = write_rules(tmp_path, "decisions:\n  - id: hedge\n    signal: hedge\n"
                                 "    answer: state_media\n    confidence: 0.2\n"
                                 "    explain: '\"{cue}\" hides the source. Check it.'\n")
    rules = load_rules([path], use_user_file=False)
    assert [d.id for d in rules.data.decisions] == [d.id for d in RULES.data.decisions]
    assert only("The ship is said to be old.", rules).answer == "state_media"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hedges: [a, b\n", "my-rules.yaml:2:1: YAML syntax: expected ',' or ']', but got "
                            "'<stream end>'"),
        ("hedge: [reportedly]\n", "my-rules.yaml:1:1: unknown key 'hedge'"),
        ("records: ['(unclosed']\n", "my-rules.yaml:1:11: records[0] is not a valid regular "
                                     "expression: missing ), unterminated subpattern at "
                                     "position 0"),
        ("decisions:\n  - id: x\n    signal: hedge\n    confidence: 0.5\n"
         "    explain: 'See {speaker}.'\n",
         "my-rules.yaml:5:14: template uses unknown field(s) {speaker}; known: {cue}, {label}, "
         "{rule}, {source}"),
        ("decisions:\n  - id: x\n    signal: gossip\n    confidence: 0.5\n    explain: E.\n",
         "my-rules.yaml:3:13: decisions.0.signal: input should be 'denial_verb', "),
    ],
    ids=["yaml-syntax", "unknown-key", "bad-regex", "unknown-template-field", "unknown-signal"],
)
def test_rules_file_errors_are_positioned(tmp_path, monkeypatch, text, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RulesError) as error:
        read_rules_file(write_rules(tmp_path, text))
    assert error.value.problems[0].startswith(message)


def test_a_decision_naming_an_unknown_category_is_refused_at_its_place(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write_rules(tmp_path, "decisions:\n  - id: odd\n    signal: hedge\n"
                                 "    answer: rumour\n    confidence: 0.5\n    explain: A. B.\n")
    rules = load_rules([path], use_user_file=False)
    with pytest.raises(RulesError) as error:
        rules.check_categories([c.id for c in CATEGORIES])
    assert error.value.problems == [
        "my-rules.yaml:2:9: decision 'odd' names unknown category 'rumour' (known: "
        "state_media, government_allegation, denial, independent_fact)"
    ]


def test_category_ids_live_only_in_the_rules_data(tmp_path):
    renamed = {"state_media": "kind_a", "government_allegation": "kind_b", "denial": "kind_c",
               "independent_fact": "kind_d"}
    files = []
    for path in sorted(BUNDLED_RULES_DIR.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        head, _, why_not = text.partition("\nwhy_not:")
        for old, new in renamed.items():
            head = head.replace(f"answer: {old}", f"answer: {new}")
            head = head.replace(f"[{old}]", f"[{new}]")
            why_not = why_not.replace(f"  {old}:", f"  {new}:")
        text = head + ("\nwhy_not:" + why_not if why_not else "")
        files.append(tmp_path / path.name)
        files[-1].write_text(text, encoding="utf-8")
    rules = load_rules(files, use_user_file=False, use_bundled=False)
    categories = [c.model_copy(update={"id": renamed[c.id]}) for c in CATEGORIES]
    rules.check_categories([c.id for c in categories])
    results = draft_article("The launch failed, KCNA reported. They denied it.", rules,
                            categories)
    assert [r.answer for r in results] == ["kind_a", "kind_c"]


# --- the written pack ---------------------------------------------------------------------------


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_drafting_the_bundled_article_writes_a_pack_validate_accepts(tmp_path, capsys):
    out = tmp_path / "out"
    code, stdout, _ = run_cli(capsys, "draft", str(ROOT / "seeds" / "000_f7f876ef5ca5828a.txt"),
                              "--title", "Parade draft", "--out", str(out))
    assert code == 0, stdout
    pack_path = out / "parade-draft.yaml"
    text = pack_path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    loaded, problems = check_pack(pack_path)
    assert loaded is not None, [str(p) for p in problems]
    assert loaded.pack.date == dt.date(2023, 7, 28)
    assert len(loaded.pack.items) == 20 and all(item.draft for item in loaded.pack.items)
    assert {p.message for p in problems} == {
        "item is a draft: review it, then remove `draft: true`"}
    assert all(any(t.startswith("confidence-") for t in i.tags) for i in loaded.pack.items)
    assert all(i.explanation.startswith("Draft (rule ") for i in loaded.pack.items)


def test_an_article_with_no_attributions_is_drafted_whole_and_flagged(tmp_path, capsys):
    article = tmp_path / "plain.md"
    article.write_text("# Harbour news\n\nThe harbour opened. Boats came in. It was sunny.\n",
                       encoding="utf-8")
    code, stdout, _ = run_cli(capsys, "draft", str(article), "--out", str(tmp_path))
    assert code == 0
    pack = load_pack(tmp_path / "harbour-news.yaml").pack
    assert [i.answer for i in pack.items] == ["independent_fact"] * 3
    assert all("low-confidence" in i.tags for i in pack.items)
    assert "3 item(s) have low confidence" in stdout
    assert "no attributions found" in stdout


def test_draft_refuses_to_overwrite_without_force(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("It rained.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli(capsys, "draft", str(article), "--out", str(out))[0] == 0
    code, _, stderr = run_cli(capsys, "draft", str(article), "--out", str(out))
    assert code == 2
    assert stderr == (f"quiz draft: {out / 'a.yaml'} exists; pass --force to overwrite "
                      "it, or choose another folder with --out DIR\n")
    assert run_cli(capsys, "draft", str(article), "--out", str(out), "--force")[0] == 0


def test_draft_never_writes_its_copy_over_the_article_it_reads(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("It rained.\n", encoding="utf-8")
    code, _, stderr = run_cli(capsys, "draft", str(article), "--out", str(tmp_path))
    assert code == 2 and "exists" in stderr
    assert article.read_text(encoding="utf-8") == "It rained.\n"


def test_bad_article_is_one_line_and_exit_2(tmp_path, capsys):
    article = tmp_path / "empty.txt"
    article.write_bytes(b"")
    code, stdout, stderr = run_cli(capsys, "draft", str(article))
    assert (code, stdout) == (2, "")
    assert stderr == (f"quiz draft: {article}: the file is empty; give a news article as UTF-8 "
                      "text or Markdown\n")


def test_a_bad_date_option_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["draft", "a.txt", "--date", "28/07/2023"])
    assert exit_.value.code == 2
    assert "expected a date as YYYY-MM-DD, got '28/07/2023'" in capsys.readouterr().err


def test_a_broken_rules_option_stops_the_draft_with_its_position(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rules = write_rules(tmp_path, "hedge: []\n")
    article = tmp_path / "a.txt"
    article.write_text("It rained.\n", encoding="utf-8")
    code, _, stderr = run_cli(capsys, "draft", str(article), "--rules", str(rules))
    assert (code, stderr) == (2, "quiz draft: my-rules.yaml:1:1: unknown key 'hedge'\n")


# --- measuring the drafter ----------------------------------------------------------------------


def test_signalled_means_the_labelled_cue_holds_a_rule_phrase():
    assert is_signalled("KCNA reported", RULES)
    assert is_signalled("is said to be", RULES)
    assert is_signalled("It said", RULES)
    assert not is_signalled("since 2006", RULES)
    assert not is_signalled("opposed US-led efforts", RULES)  # a country says who, not how
    assert not is_signalled("has recalled its ambassador", RULES)  # "Its" counts only first
    assert not is_signalled("", RULES)


def test_drafter_scores_at_least_90_percent_on_the_bundled_pack():
    evaluation = evaluate(load_pack(BUNDLED), RULES)
    right, total = evaluation.accuracy
    assert total == 22 and right / total >= 0.9
    right, total = evaluation.signalled
    assert total >= 10 and right == total


@pytest.mark.parametrize("path", EVAL_PACKS, ids=lambda p: p.stem)
def test_evaluation_packs_validate_cleanly(path):
    loaded, problems = check_pack(path)
    assert loaded is not None and problems == []


@pytest.mark.parametrize("path", EVAL_PACKS, ids=lambda p: p.stem)
def test_drafter_reaches_85_percent_on_signalled_items_of_each_evaluation_pack(path):
    evaluation = evaluate(load_pack(path), RULES)
    right, total = evaluation.signalled
    assert total >= 8 and right / total >= 0.85
    right, total = evaluation.accuracy
    assert right / total >= 0.85


def test_evaluation_counts_also_accept_as_right_and_reports_the_confusion():
    evaluation = evaluate(load_pack(BUNDLED), RULES)
    # Off the diagonal but accepted: Shoigu reading Putin's letter, drafted as government words
    # where the pack prefers the state outlet the paragraph before cites, and allows both.
    putin = next(r for r in evaluation.results if r.item_id == "putin-warm-letter")
    assert (putin.expected, putin.drafted, putin.right) == (
        "state_media", "government_allegation", True)
    assert evaluation.confusion()[("state_media", "government_allegation")] == 1
    assert evaluation.recall("denial") == (1, 1)
    report = format_evaluation(evaluation)
    assert "exact (the pack's answer)          19/22   86.4%" in report
    assert "accuracy (answer or also_accept)   22/22  100.0%" in report
    assert "confusion: rows = pack answer, columns = draft answer" in report


def test_evaluate_command_prints_each_pack_and_the_total(capsys):
    code, stdout, _ = run_cli(capsys, "draft", "--evaluate", str(BUNDLED), *map(str, EVAL_PACKS))
    assert code == 0
    assert stdout.count("accuracy (answer or also_accept)") == len(EVAL_PACKS) + 2
    assert "all packs:" in stdout


def test_evaluate_needs_packs_not_an_article(tmp_path, capsys):
    code, _, stderr = run_cli(capsys, "draft", "--evaluate", "no-such-pack")
    assert code == 2 and "no pack file or bundled pack named 'no-such-pack'" in stderr


def test_drafted_copy_of_an_evaluation_text_validates_with_no_errors(tmp_path, capsys):
    shutil.copy(EVAL / "maritime-incident.txt", tmp_path / "maritime.txt")
    out = tmp_path / "out"
    code, _, _ = run_cli(capsys, "draft", str(tmp_path / "maritime.txt"), "--out", str(out))
    assert code == 0
    loaded, problems = check_pack(out / "maritime.yaml")
    assert loaded is not None
    assert all(p.severity == "warning" for p in problems)


# -- an article longer than a quiz ------------------------------------------------------------

LONG_LINE = " ".join([
    "The state-run KCNA news agency said the test was a success.",
    "Officials in Seoul accused Pyongyang of violating U.N. resolutions.",
    "A ministry spokesperson denied the report, calling it groundless.",
    "The parade took place in Kim Il Sung Square on July 27, 2023.",
] * 120)  # 480 sentences on one line


def test_drafting_only_the_start_of_an_article_drafts_it_as_the_whole_would():
    """A long article is drafted from its start: what is said later never changes who speaks
    earlier, so the first items are the same as when every sentence is drafted."""
    whole = draft_article(LONG_LINE, RULES, CATEGORIES)
    start = draft_article(LONG_LINE, RULES, CATEGORIES, limit=50)
    assert len(start) == 50
    assert [(d.answer, d.confidence, d.source, d.cue) for d in start] == [
        (d.answer, d.confidence, d.source, d.cue) for d in whole[:50]]


def test_a_draft_holds_at_most_a_quizs_worth_of_items_and_says_what_it_left(tmp_path, capsys):
    """A 5 MB article on one line (a pasted web page) made a 64 MB pack that `quiz validate`
    refuses to read, after a minute of drafting: a draft now holds MAX_DRAFT_ITEMS items."""
    from quiz.content.drafter.draft import MAX_DRAFT_ITEMS

    article = tmp_path / "long.txt"
    article.write_text(LONG_LINE + "\n", encoding="utf-8")
    code, stdout, _ = run_cli(capsys, "draft", str(article), "--out", str(tmp_path / "pack"))
    assert code == 0
    assert f"the draft holds the article's first {MAX_DRAFT_ITEMS} sentences; the other " \
           f"{480 - MAX_DRAFT_ITEMS} were not drafted" in stdout
    pack = load_pack(tmp_path / "pack" / "long.yaml")
    assert len(pack.pack.items) == MAX_DRAFT_ITEMS

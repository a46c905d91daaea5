"""`quiz draft` with input from strangers: it never writes over the article it reads, writes
atomically, says bad paths in one line, stays linear on hostile Markdown, and still drafts
articles with no punctuation, all capitals, mixed quotes or a quotation never closed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from quiz import locations
from quiz.cli import main
from quiz.content.drafter.article_source import _markdown_inline, normalise_article
from quiz.content.drafter.draft import draft_article
from quiz.content.drafter.rules import load_rules
from quiz.content.format import TaxonomyModel
from quiz.content.pack_files import check_pack
from quiz.content.yamlsafe import load_located, read_text

CATEGORIES = TaxonomyModel.model_validate(
    load_located(read_text(locations.default_taxonomy_path())).data).categories
RULES = load_rules(use_user_file=False)
MINI_PACK = """id: labelled
title: Labelled
article: {article}
version: "1"
items:
  - id: a
    passage: It rained.
    claim: It rained.
    answer: independent_fact
    source: The outlet
    explanation: A test item. It has two sentences.
"""


@pytest.fixture(autouse=True)
def private_data(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZ_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(tmp_path / "cache"))


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- never over the input, always atomic ---------------------------------------------------------


def test_force_in_the_articles_own_folder_refuses_instead_of_overwriting_it(
        tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "a.txt"
    original = "It  rained\nhard today.\n\nThen it stopped.\n"  # normalising would change it
    article.write_text(original, encoding="utf-8")
    code, stdout, stderr = run_cli(capsys, "draft", "a.txt", "--force")
    assert (code, stdout) == (2, "")
    assert stderr == ("quiz draft: a.txt exists and is the article being drafted; the draft "
                      "writes its normalised copy of the article there, so choose another "
                      "folder with --out DIR (or another name with --title)\n")
    assert article.read_text(encoding="utf-8") == original
    assert not (tmp_path / "a.yaml").exists()


def test_the_draft_is_written_through_a_temporary_file_and_rename(tmp_path, capsys,
                                                                  monkeypatch):
    article = tmp_path / "a.txt"
    article.write_text("It rained.\n", encoding="utf-8")
    renamed: list[str] = []
    real_replace = os.replace

    def spy(source, target):
        if Path(target).parent == tmp_path / "out":
            renamed.append(Path(target).name)
        return real_replace(source, target)

    monkeypatch.setattr(os, "replace", spy)
    assert run_cli(capsys, "draft", str(article), "--out", str(tmp_path / "out"))[0] == 0
    assert sorted(renamed) == ["a.txt", "a.yaml"]
    assert not list((tmp_path / "out").glob("*.tmp"))


# --- one-line errors -----------------------------------------------------------------------------


def test_a_folder_as_the_article_is_one_line(tmp_path, capsys):
    code, _, stderr = run_cli(capsys, "draft", str(tmp_path))
    assert code == 2
    assert stderr == f"quiz draft: {tmp_path}: is a folder; give the article's text file\n"


def test_bytes_that_are_not_utf8_in_the_title_are_one_line(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("It rained.\n", encoding="utf-8")
    title = os.fsdecode(b"caf\xe9")  # how the shell hands Python a Latin-1 byte
    code, _, stderr = run_cli(capsys, "draft", str(article), "--title", title, "--out",
                              str(tmp_path / "out"))
    assert code == 2
    assert stderr == "quiz draft: --title 'caf\ufffd' is not valid UTF-8 text; give it as UTF-8\n"


def test_a_file_name_that_is_not_utf8_is_shown_without_a_traceback(tmp_path, capsys):
    name = os.fsdecode(b"caf\xe9.txt")
    code, _, stderr = run_cli(capsys, "draft", str(tmp_path / name))
    assert code == 2
    assert stderr.endswith("caf\ufffd.txt: file not found\n")


@pytest.mark.parametrize(
    ("article", "message"),
    [
        ('"a\\0b.txt"', "its article path 'a\\x00b.txt' is not a usable file name"),
        ('"."', "is a folder; give the article's text file"),
        ("/dev/zero", "is not a regular file; give the article's text file"),
        ("missing.txt", "is not found; give the article's text file"),
    ],
    ids=["nul", "folder", "device", "missing"],
)
def test_evaluate_says_an_absurd_article_path_in_one_line(tmp_path, capsys, article, message):
    pack = tmp_path / "labelled.yaml"
    pack.write_text(MINI_PACK.format(article=article), encoding="utf-8")
    code, stdout, stderr = run_cli(capsys, "draft", "--evaluate", str(pack))
    assert (code, stdout) == (2, "")
    assert stderr.count("\n") == 1 and message in stderr
    assert stderr.startswith(f"quiz draft --evaluate: {pack}: ")


# --- hostile input stays fast ---------------------------------------------------------------------


def test_markdown_link_stripping_is_linear_on_open_brackets():
    started = time.perf_counter()
    text = _markdown_inline("[" * 20_000 + "](" + "(" * 20_000)
    assert time.perf_counter() - started < 2.0  # the quadratic version needed minutes
    assert text.startswith("[[[")


def test_markdown_links_and_emphasis_still_become_plain_text():
    assert _markdown_inline("The **ministry** said [talks](http://x) *failed*.") == (
        "The ministry said talks failed.")


def test_drafting_a_long_single_line_article_is_linear():
    text = "The ministry said the talks failed. KCNA reported a launch. " * 3000  # 180 KB
    started = time.perf_counter()
    drafted = draft_article(text, RULES, CATEGORIES)
    assert time.perf_counter() - started < 10.0  # about a second; quadratic was minutes
    assert len(drafted) == 6000


# --- bad input still gets a draft, flagged ----------------------------------------------------------


def draft_cli(tmp_path, capsys, text: str, name: str = "article.txt"):
    article = tmp_path / name
    article.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, stderr = run_cli(capsys, "draft", str(article), "--out", str(out))
    assert code == 0, stderr
    [pack_path] = out.glob("*.yaml")
    loaded, problems = check_pack(pack_path)
    assert loaded is not None, [str(p) for p in problems]
    assert all(p.severity == "warning" for p in problems), [str(p) for p in problems]
    return loaded.pack.items, stdout


def test_an_article_with_no_sentence_punctuation_is_drafted_and_flagged(tmp_path, capsys):
    text = ("the ministry said the ship had sailed and state media reported that the crew "
            "were safe and officials said more talks would follow " * 20).strip() + "\n"
    items, stdout = draft_cli(tmp_path, capsys, text)
    assert len(items) == 1
    assert "low-confidence" in items[0].tags
    assert "very long" in stdout


def test_all_capitals_wire_copy_is_drafted_and_flagged(tmp_path, capsys):
    text = ("SEOUL, MARCH 4 (REUTERS) - NORTH KOREA ACCUSED SOUTH KOREA OF FLYING DRONES, "
            "STATE MEDIA REPORTED. THE MINISTRY DENIED IT.\n")
    items, _ = draft_cli(tmp_path, capsys, text)
    assert len(items) == 2
    assert all("low-confidence" in item.tags for item in items)


def test_curly_and_straight_quotes_mixed_are_drafted(tmp_path, capsys):
    text = ('“It failed," the minister said. "We will try again,” she added.\n'
            "KCNA said the launch succeeded.\n")
    items, _ = draft_cli(tmp_path, capsys, text)
    assert items[-1].answer == "state_media"


def test_a_quotation_never_closed_is_drafted_and_flagged(tmp_path, capsys):
    text = ("The minister spoke for an hour. “We will never give up the islands, she said. "
            "The talks ended.\nKCNA reported the talks.\n")
    items, stdout = draft_cli(tmp_path, capsys, text)
    assert len(items) == 4
    assert "low-confidence" in items[1].tags
    assert "never closed" in stdout


def test_normalising_markdown_with_hostile_brackets_keeps_the_words():
    source = normalise_article("# T\n\nThe [[[agency](((x said it. Then ]]] more.\n",
                               markdown=True)
    assert "agency" in source.text and "more." in source.text

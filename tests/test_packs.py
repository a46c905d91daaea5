"""Specification of pack loading and `quiz validate`: every problem is reported at file:line:col."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from quiz.content.pack_files import bundled_pack_files, check_pack, load_pack, pack_json_schema
from quiz.content.problems import PackError, Problem
from quiz.content.yamlsafe import MAX_BYTES

MINI = Path(__file__).parent / "data" / "mini"
MINI_YAML = (MINI / "mini.yaml").read_text(encoding="utf-8")


def position_of(text: str, needle: str, occurrence: int = 1, shift: int = 0) -> tuple[int, int]:
    """1-based (line, col) of the start of the n-th `needle` in `text`, plus `shift` characters."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    index += shift
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def write_pack(tmp_path: Path, text: str, name: str = "pack.yaml") -> Path:
    shutil.copy(MINI / "article.txt", tmp_path / "article.txt")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def broken(tmp_path: Path, old: str, new: str, occurrence: int = 1) -> tuple[Path, str]:
    """The mini pack with the n-th `old` replaced by `new`."""
    parts = MINI_YAML.split(old)
    assert len(parts) > occurrence, f"{old!r} occurs fewer than {occurrence} times"
    text = old.join(parts[:occurrence]) + new + old.join(parts[occurrence:])
    return write_pack(tmp_path, text), text


def errors(path: Path) -> list[Problem]:
    return [p for p in check_pack(path)[1] if p.severity == "error"]


def only_error(path: Path) -> Problem:
    found = errors(path)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


# --- the happy path -------------------------------------------------------------------------


def test_mini_pack_is_valid_with_no_problems(tmp_path):
    loaded, problems = check_pack(write_pack(tmp_path, MINI_YAML))
    assert problems == []
    assert loaded is not None
    assert [c.id for c in loaded.categories] == [
        "state_media", "government_allegation", "denial", "independent_fact"
    ]
    assert loaded.article_text.startswith("March 3, 2024\n")


def test_problem_prints_as_path_line_col_severity_message():
    problem = Problem("a/pack.yaml", 3, 7, "claim is not part of the passage verbatim")
    assert str(problem) == "a/pack.yaml:3:7: error: claim is not part of the passage verbatim"


# --- one broken pack per error class ----------------------------------------------------------


def test_yaml_syntax_error_is_positioned(tmp_path):
    path, text = broken(tmp_path, "tags: [kcna]", "tags: [kcna")
    problem = only_error(path)
    assert problem.message.startswith("YAML syntax: expected ',' or ']'")
    assert problem.line == position_of(text, "  - id: accusation")[0]


def test_misspelt_key_names_the_key_and_suggests_the_right_one(tmp_path):
    path, text = broken(tmp_path, "    explanation: The word \"accused\"", "    explaination: The word \"accused\"")
    found = [str(p) for p in errors(path)]
    line, col = position_of(text, "explaination")
    assert f"{path.name}:{line}:{col}: error: unknown key 'explaination'; did you mean 'explanation'?" in [
        s.split("/")[-1] for s in found
    ]


def test_missing_required_key_points_at_the_item(tmp_path):
    path, text = broken(tmp_path, "    source: The neighbours\n", "")
    problem = only_error(path)
    assert problem.message == "missing required key 'source'"
    assert (problem.line, problem.col) == position_of(text, "id: denial")


def test_out_of_range_difficulty_says_what_is_allowed(tmp_path):
    path, text = broken(tmp_path, "difficulty: 3", "difficulty: 5")
    problem = only_error(path)
    assert problem.message == "items.3.difficulty: input should be less than or equal to 3 (got 5)"
    assert (problem.line, problem.col) == position_of(text, "5", shift=0, occurrence=text.count("5"))


def test_duplicate_item_id_names_the_first(tmp_path):
    path, text = broken(tmp_path, "id: denial", "id: launch")
    problem = only_error(path)
    first_line = position_of(text, "id: launch")[0]
    assert problem.message == f"duplicate item id 'launch' (first at line {first_line})"
    assert (problem.line, problem.col) == position_of(text, "id: launch", occurrence=2, shift=4)


def test_straight_apostrophe_where_article_has_curly_one_is_pinpointed(tmp_path):
    article = "The minister’s speech was long. It ended at noon."
    text = MINI_YAML.replace("article: article.txt", "article: curly.txt")
    path = write_pack(tmp_path, text)
    (tmp_path / "curly.txt").write_text(article, encoding="utf-8")
    text = text.replace(
        "    passage: The country has been under sanctions since 2006.\n"
        "    claim: The country has been under sanctions since 2006.",
        "    passage: The minister's speech was long.\n"
        "    claim: The minister's speech was long.",
    )
    path.write_text(text, encoding="utf-8")
    messages = {p.message: p for p in errors(path)}
    wanted = (
        "passage is not in the article verbatim: at character 13 the pack has \"'\" (apostrophe) "
        "where the source has '’' (right single quotation mark); closest article text: "
        "'The minister’s speech was long.'"
    )
    assert wanted in messages
    assert (messages[wanted].line, messages[wanted].col) == position_of(
        text, "The minister's", shift=12
    )


def test_passage_that_starts_mid_sentence_is_rejected(tmp_path):
    path, text = broken(
        tmp_path,
        "    passage: The neighbours denied the accusation.",
        "    passage: neighbours denied the accusation.",
    )
    text_errors = [p for p in errors(path) if p.message.startswith("passage")]
    assert [p.message for p in text_errors] == [
        "passage must be whole sentences of one paragraph; it starts inside the sentence "
        "'The neighbours denied the accusation.'"
    ]
    assert (text_errors[0].line, text_errors[0].col) == position_of(text, "neighbours denied", shift=0)


def test_claim_outside_the_passage_is_pinpointed(tmp_path):
    path, text = broken(
        tmp_path,
        "    claim: The ministry accused the neighbours of provocation.",
        "    claim: The ministry accused the neighbors of provocation.",
    )
    problem = only_error(path)
    assert problem.message == (
        "claim is not part of the passage verbatim: at character 33 the pack has "
        "'r' (latin small letter r) where the source has 'u' (latin small letter u)"
    )
    assert (problem.line, problem.col) == position_of(text, "neighbors", shift=7)


def test_cue_outside_the_passage_is_rejected(tmp_path):
    path, _ = broken(tmp_path, "cue: denied", "cue: rejected")
    assert only_error(path).message.startswith("cue is not part of the passage verbatim")


def test_empty_cue_is_allowed_only_where_the_category_needs_none(tmp_path):
    path, text = broken(tmp_path, "cue: KCNA reported", 'cue: ""')
    problem = only_error(path)
    assert problem.message == (
        "cue is empty; a 'State-media claim' item must quote the words that signal it"
    )
    assert (problem.line, problem.col) == position_of(text, '""')
    fine, _ = broken(tmp_path, "cue: since 2006", 'cue: ""')
    assert errors(fine) == []


def test_unknown_answer_suggests_the_nearest_category(tmp_path):
    path, text = broken(tmp_path, "answer: denial", "answer: denail")
    problem = only_error(path)
    assert problem.message == "unknown category 'denail'; did you mean 'denial'?"
    assert (problem.line, problem.col) == position_of(text, "denail")


def test_also_accept_repeating_the_answer_is_an_error(tmp_path):
    path, _ = broken(tmp_path, "also_accept: [state_media]", "also_accept: [government_allegation]")
    assert only_error(path).message == "also_accept repeats the answer 'government_allegation'"


def test_why_not_for_the_answer_itself_is_an_error_and_gaps_are_warnings(tmp_path):
    path, text = broken(
        tmp_path,
        "      denial: Nothing is being rejected.\n",
        "      state_media: Not this.\n",
        occurrence=2,
    )
    problems = check_pack(path)[1]
    messages = [(p.severity, p.message) for p in problems]
    assert ("error", "why_not has an entry for the answer 'state_media'; it is for the other "
            "categories") not in messages  # this item's answer is independent_fact
    assert any(p.severity == "error" and "duplicate key 'state_media'" in p.message
               for p in problems)

    path, _ = broken(tmp_path, "      denial: Nothing is being rejected.\n", "", occurrence=2)
    warnings = [p for p in check_pack(path)[1] if p.severity == "warning"]
    assert [w.message for w in warnings] == ["why_not has no line for: denial"]


def test_explanation_must_have_two_to_five_sentences(tmp_path):
    path, _ = broken(
        tmp_path,
        'explanation: The word "denied" marks a denial. It tells us the neighbours\' position, '
        "not what happened.",
        'explanation: The word "denied" marks a denial.',
    )
    assert only_error(path).message == "explanation has 1 sentence(s); write 2 to 5"


def test_missing_article_is_a_positioned_error_not_a_traceback(tmp_path):
    path, text = broken(tmp_path, "article: article.txt", "article: gone.txt")
    problem = only_error(path)
    assert problem.message.startswith("article 'gone.txt': file not found:")
    assert (problem.line, problem.col) == position_of(text, "gone.txt")


def test_python_tags_are_refused_before_anything_runs(tmp_path):
    path, text = broken(tmp_path, 'version: "1"', "version: !!python/object/apply:os.system [echo hi]")
    problem = only_error(path)
    assert problem.message.startswith("tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed")
    assert (problem.line, problem.col) == position_of(text, "!!python")


def test_alias_bomb_is_refused_quickly(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    path = write_pack(tmp_path, bomb)
    problem = only_error(path)
    assert "aliases are not allowed" in problem.message


def test_oversized_file_is_refused_with_the_limit(tmp_path):
    path = write_pack(tmp_path, "# " + "x" * MAX_BYTES + "\n")
    problem = only_error(path)
    assert problem.message == "file is 4.0 MB; content files are limited to 4 MB"


def test_non_utf8_file_names_the_byte(tmp_path):
    path = write_pack(tmp_path, "")
    path.write_bytes(b"id: mini\ntitle: caf\xe9\n")
    problem = only_error(path)
    assert problem.message.startswith("not UTF-8 text: byte 0xe9")
    assert (problem.line, problem.col) == (2, 11)


def test_uncovered_article_sentences_are_listed_in_a_warning(tmp_path):
    start = MINI_YAML.index("  - id: sanctions")
    path = write_pack(tmp_path, MINI_YAML[:start])
    warnings = [p for p in check_pack(path)[1] if p.severity == "warning"]
    assert [w.message for w in warnings] == [
        "1 article sentence(s) are neither an item's claim nor skipped: "
        "line 3: 'The country has been under sanctions since 2006.'"
    ]


def test_skipped_sentence_counts_as_covered(tmp_path):
    start = MINI_YAML.index("  - id: sanctions")
    text = MINI_YAML[:start] + (
        "skipped:\n  - sentence: The country has been under sanctions since 2006.\n"
        "    reason: Background only.\n"
    )
    assert check_pack(write_pack(tmp_path, text))[1] == []


def test_load_pack_raises_pack_error_with_every_problem(tmp_path):
    path, _ = broken(tmp_path, "answer: denial", "answer: denail")
    with pytest.raises(PackError) as raised:
        load_pack(path, use_cache=False)
    assert "unknown category 'denail'" in str(raised.value)


def test_cached_pack_is_rechecked_when_the_article_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(tmp_path / "cache"))
    path = write_pack(tmp_path, MINI_YAML)
    assert load_pack(path).pack.id == "mini"
    assert list((tmp_path / "cache").rglob("*.json")), "the checked pack was not cached"
    (tmp_path / "article.txt").write_text("Something else entirely.", encoding="utf-8")
    with pytest.raises(PackError):
        load_pack(path)


# --- the bundled pack and the schema ---------------------------------------------------------


def test_bundled_pack_validates_with_no_problems_at_all():
    files = bundled_pack_files()
    assert files, "no bundled pack found"
    for path in files:
        loaded, problems = check_pack(path)
        assert [str(p) for p in problems] == []
        assert loaded is not None
        assert 18 <= len(loaded.pack.items) <= 24


def test_bundled_pack_gives_every_item_a_why_not_for_every_other_category():
    for path in bundled_pack_files():
        loaded, _ = check_pack(path)
        ids = set(loaded.category_ids)
        for item in loaded.pack.items:
            assert set(item.why_not) == ids - {item.answer}, item.id


def test_bundled_packs_point_editors_at_the_schema():
    for path in bundled_pack_files():
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert first_line == "# yaml-language-server: $schema=pack.schema.json"


def test_shipped_schema_file_matches_the_model():
    shipped = Path(__file__).parents[1] / "content" / "pack.schema.json"
    assert json.loads(shipped.read_text(encoding="utf-8")) == pack_json_schema(), (
        "content/pack.schema.json is stale: run `quiz schema > content/pack.schema.json`"
    )


# --- the play-time classes mirror the file format ---------------------------------------------


@pytest.mark.parametrize("name", ["Category", "Item", "Skipped", "Pack"])
def test_play_time_classes_have_exactly_the_file_formats_fields_and_defaults(name):
    import dataclasses

    from pydantic_core import PydanticUndefined

    from quiz.content import format as pack_format
    from quiz.core import packs

    model = getattr(pack_format, name + "Model")
    runtime = getattr(packs, name)
    runtime_fields = {f.name: f for f in dataclasses.fields(runtime)}
    assert set(runtime_fields) == set(model.model_fields)
    for field_name, info in model.model_fields.items():
        played = runtime_fields[field_name]
        if info.default_factory is not None:
            assert played.default_factory() == info.default_factory(), field_name
        elif info.default is PydanticUndefined:
            assert played.default is dataclasses.MISSING, field_name
        else:
            assert played.default == info.default, field_name


def test_loaded_pack_survives_the_cache_round_trip_unchanged(tmp_path):
    from quiz.core.packs import LoadedPack

    loaded = load_pack(write_pack(tmp_path, MINI_YAML), use_cache=False)
    assert LoadedPack.from_dict(json.loads(json.dumps(loaded.to_dict()))) == loaded


def test_playing_a_cached_pack_imports_neither_pydantic_nor_yaml(tmp_path):
    import subprocess
    import sys

    path = write_pack(tmp_path, MINI_YAML)
    code = (
        "import sys; from pathlib import Path; from quiz.content.pack_files import load_pack\n"
        "import quiz.core.engine, quiz.core.records\n"
        f"load_pack(Path({str(path)!r}))\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'yaml'}))\n"
    )
    env = {**__import__("os").environ, "QUIZ_CACHE_DIR": str(tmp_path / "cache")}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert first.stdout.strip() == "['pydantic', 'yaml']", first.stderr  # checked once
    assert again.stdout.strip() == "[]", again.stderr  # then read from the cache

"""Fuzzing what strangers hand the app (issue 15): mutated pack files, mutated spreadsheets, random
YAML documents and random plain-mode answers never raise, each input within two seconds, and
every problem is one positioned line.

Bounded for CI (derandomized, a few hundred inputs in all, under a minute); set QUIZ_FUZZ_EXAMPLES
to run many more, e.g. QUIZ_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz.py.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
from pathlib import Path

import yaml
from helpers import MINI_PATH
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.content.csv_import import import_csv
from quiz.content.export import to_csv
from quiz.content.pack_files import check_pack, load_pack
from quiz.core.engine import QuizOptions, parse_choice
from quiz.plain import run_plain

EXAMPLES = int(os.environ.get("QUIZ_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=EXAMPLES or 120,
    deadline=2000,  # milliseconds: no input may take longer (issue 15)
    derandomize=not EXAMPLES,  # the same inputs on every CI run; random when asked for more
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    database=None,
)

PACK_TEXT = MINI_PATH.read_text(encoding="utf-8")
ARTICLE = (MINI_PATH.parent / "article.txt").read_text(encoding="utf-8")
SHEET = to_csv(load_pack(MINI_PATH))
PROBLEM_LINE = re.compile(r"^.+:\d+:\d+: (error|warning): .+", re.DOTALL)

# Characters that have broken parsers before: quotes, YAML indicators, control and format
# characters, surrogate-adjacent and wide characters, CSV separators.
NASTY = st.sampled_from(list("\"'`:{}[]&*!|>%@#,;\t\r\n\\\x00\x0b\x0c\x1b\x85\u2028\u202e\u200b"
                             "\ufeff\uffff\U0001f600é中") + ["- ", "? ", "---", "...", "\r\n",
                                                              "[" * 40, "{" * 40, "a" * 5000])


@st.composite
def mutated(draw, text: str) -> str:
    """`text` with a few insertions, deletions and replacements, some of them nasty."""
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "cut", "double"]))
        piece = draw(st.one_of(NASTY, st.text(max_size=12)))
        if action == "insert":
            text = text[:at] + piece + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 30)):]
        elif action == "replace":
            text = text[:at] + piece + text[at + len(piece):]
        elif action == "cut":
            text = text[:at]
        else:
            line_start = text.rfind("\n", 0, at) + 1
            line_end = text.find("\n", at)
            line = text[line_start: line_end if line_end >= 0 else len(text)]
            text = text[:line_start] + line + "\n" + text[line_start:]
    return text


def check_text(text: str) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pack.yaml"
        shutil.copy(MINI_PATH.parent / "article.txt", Path(folder) / "article.txt")
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        loaded, problems = check_pack(path)
    shown = [str(problem) for problem in problems]
    assert loaded is not None or any(": error: " in line for line in shown)
    return shown


@FUZZ
@given(mutated(PACK_TEXT))
def test_a_mutated_pack_is_checked_never_raises(text):
    for line in check_text(text):
        assert PROBLEM_LINE.match(line), line


plain_data = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=30,
)


@FUZZ
@given(st.dictionaries(st.sampled_from(["id", "title", "article", "version", "items", "date",
                                        "taxonomy", "categories", "skipped", "language",
                                        "alternative_credit", "extra"]), plain_data))
def test_any_yaml_document_of_plain_data_is_checked_never_raises(data):
    text = yaml.safe_dump(data, allow_unicode=True)
    for line in check_text(text):
        assert PROBLEM_LINE.match(line), line


@FUZZ
@given(mutated(SHEET))
def test_a_mutated_spreadsheet_is_imported_or_refused_never_raises(text):
    result = import_csv(text, "sheet.csv", base=MINI_PATH.parent, article_text=ARTICLE)
    assert result.pack is not None or result.errors
    for problem in result.problems:
        assert PROBLEM_LINE.match(str(problem)), problem


@FUZZ
@given(st.one_of(st.text(max_size=30), NASTY, st.from_regex(r"\d{1,6000}", fullmatch=True)))
def test_any_typed_answer_is_a_category_or_none(typed):
    choice = parse_choice(typed, load_pack(MINI_PATH).categories)
    assert choice is None or choice in load_pack(MINI_PATH).category_ids


@FUZZ
@given(st.lists(st.one_of(st.text(max_size=20), NASTY, st.sampled_from(["1", "2", "h", "?"])),
                max_size=12))
def test_plain_mode_answers_anything_typed_without_raising(lines):
    typed = "\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines) + "\n"
    out = io.StringIO()
    code = run_plain(load_pack(MINI_PATH), QuizOptions(), input_stream=io.StringIO(typed),
                     output_stream=out, confidence=True)
    assert code == 0
    assert "\x1b" not in out.getvalue()

"""Property: excerpts cut at sentence boundaries validate; any one-character change is caught."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.content.article import Article
from quiz.content.pack_files import check_pack
from quiz.content.sentences import split_sentences

SEED = Path(__file__).parents[1] / "seeds" / "000_f7f876ef5ca5828a.txt"
ARTICLE_TEXT = SEED.read_text(encoding="utf-8")
SENTENCES = split_sentences(ARTICLE_TEXT)

# Runs of consecutive sentences within one paragraph: the only legal passages.
EXCERPTS = [
    ARTICLE_TEXT[SENTENCES[i].start : SENTENCES[j].end]
    for i in range(len(SENTENCES))
    for j in range(i, len(SENTENCES))
    if SENTENCES[i].line == SENTENCES[j].line
]
REPLACEMENTS = "'’\"“”-–—.,; xXa0é"


def pack_text(passage: str) -> str:
    pack = {
        "id": "prop",
        "title": "Property pack",
        "article": SEED.name,  # a pack names only files beside it (issue 15)
        "version": "1",
        "items": [{
            "id": "only",
            "passage": passage,
            "claim": passage,
            "answer": "independent_fact",
            "source": "The outlet",
            "explanation": "A test item. It has two sentences.",
        }],
    }
    return yaml.safe_dump(pack, allow_unicode=True, width=10**6, sort_keys=False)


def problems_for(passage: str):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "prop.yaml"
        (Path(folder) / SEED.name).write_text(ARTICLE_TEXT, encoding="utf-8")
        text = pack_text(passage)
        path.write_text(text, encoding="utf-8")
        return text, check_pack(path)[1]


def test_there_are_excerpts_to_draw_from():
    assert len(SENTENCES) == 20
    assert len(EXCERPTS) > len(SENTENCES)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(EXCERPTS))
def test_any_excerpt_at_sentence_boundaries_validates(excerpt):
    _, problems = problems_for(excerpt)
    assert [p for p in problems if p.severity == "error"] == []


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(EXCERPTS), st.data())
def test_any_single_character_change_is_rejected_at_its_position(excerpt, data):
    index = data.draw(st.integers(0, len(excerpt) - 1), label="index")
    replacement = data.draw(
        st.sampled_from([c for c in REPLACEMENTS if c != excerpt[index]]), label="replacement"
    )
    changed = excerpt[:index] + replacement + excerpt[index + 1 :]
    text, problems = problems_for(changed)
    rejected = [p for p in problems if p.message.startswith("passage is not in the article verbatim")]
    assert len(rejected) == 1, [str(p) for p in problems]
    problem = rejected[0]
    assert f"at character {index + 1} " in problem.message

    # Where the value is written on one line without escapes, the column is the changed character.
    passage_line = next(n for n, line in enumerate(text.splitlines(), 1) if "  passage: " in line)
    assert problem.line == passage_line
    raw = text.splitlines()[passage_line - 1]
    value_start = raw.index("passage: ") + len("passage: ")
    quoted = raw[value_start] in "'\""
    if not ("\\" in raw or "''" in raw):
        assert problem.col == value_start + (1 if quoted else 0) + index + 1


def test_closest_text_is_reported_for_a_curly_quote_slip():
    article = Article(ARTICLE_TEXT)
    passage = "The parade included North Korea’s latest Hwasong-17"
    difference = article.closest(passage)
    assert difference.offset == passage.index("’")
    assert difference.expected == "'"

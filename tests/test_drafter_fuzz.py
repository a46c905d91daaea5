"""Fuzzing the drafter: generated articles (random unicode, long lines, runs of dots, quotes,
Markdown brackets, capitals, no punctuation, attribution words) never end in a traceback, take
under 2 s each, and always give a pack that `quiz validate` accepts: every passage verbatim and
made of whole sentences.

Bounded for CI: about 80 examples in all, well under a minute. The 2 s bound is on drafting
(normalising, drafting, writing the YAML); validating a large pack is the validator's own time.
"""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz import locations
from quiz.content.article import ArticleError
from quiz.content.drafter.article_source import normalise_article
from quiz.content.drafter.draft import draft_pack
from quiz.content.drafter.rules import load_rules
from quiz.content.export import pack_to_yaml
from quiz.content.format import TaxonomyModel
from quiz.content.pack_files import check_pack
from quiz.content.yamlsafe import load_located, read_text

CATEGORIES = TaxonomyModel.model_validate(
    load_located(read_text(locations.default_taxonomy_path())).data).categories
RULES = load_rules(use_user_file=False)
PER_INPUT_SECONDS = 2.0

WORDS = ["KCNA", "said", "the ministry", "denied", "accused", "according to", "Xinhua",
         "state media", "reported", "she", "It said", "declined to comment", "U.S.", "Gen.",
         "Co.", "No.", "officials", "“", "”", '"', "'", "(AP) —", "SEOUL, March 4 (Reuters) -",
         "[", "](", "(", ")", "**", "*", "`", "#", "...", "…", "!", "?", ",", ";", ":",
         "Ri Song Chol, a spokesman,", "the agency", "was reported by", "who spoke on",
         "since 2006", "baseless", "no one had been hurt", "\t", "  "]

fragment = st.one_of(
    st.sampled_from(WORDS),
    st.text(min_size=1, max_size=30),
    st.text(alphabet="ABCDEFGHIJ KLMNOP.", min_size=1, max_size=40),
    st.builds(lambda n: "." * n, st.integers(1, 400)),
    st.builds(lambda n: "[" * n + "](" + "(" * n, st.integers(1, 300)),
    st.builds(lambda n: "word " * n, st.integers(1, 200)),
)
paragraph = st.lists(fragment, min_size=1, max_size=25).map(" ".join)
article = st.one_of(
    st.lists(paragraph, min_size=1, max_size=8).map("\n\n".join),
    st.lists(paragraph, min_size=1, max_size=8).map("\n".join),
    paragraph.map(str.upper),
    st.text(max_size=400),
)


def draft_and_validate(text: str, folder: Path, *, markdown: bool) -> None:
    started = time.perf_counter()
    source = normalise_article(text, markdown=markdown)
    try:
        draft = draft_pack(source, pack_id="fuzz", title="Fuzz", article_name="fuzz.txt",
                           rules=RULES, categories=CATEGORIES)
    except ArticleError:
        return  # nothing left to draft: the command says so in one line
    pack_text = pack_to_yaml(draft.pack, schema="pack.schema.json")
    assert time.perf_counter() - started < PER_INPUT_SECONDS
    (folder / "fuzz.txt").write_text(draft.article_text, encoding="utf-8")
    pack_path = folder / "fuzz.yaml"
    pack_path.write_text(pack_text, encoding="utf-8")
    loaded, problems = check_pack(pack_path)
    errors = [str(p) for p in problems if p.severity == "error"]
    assert loaded is not None and errors == [], errors
    for item in draft.pack.items:
        assert item.passage in draft.article_text
        assert item.claim in item.passage


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=article, markdown=st.booleans())
def test_any_generated_article_drafts_to_a_pack_that_validates(tmp_path, text, markdown):
    draft_and_validate(text, tmp_path, markdown=markdown)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(unit=st.sampled_from(["The ministry said it. ", "KCNA... ", "“A. B,” he said. ",
                             "[x](y) ", "NO PUNCTUATION HERE ", "said said said "]),
       repeat=st.integers(100, 600))
def test_long_single_lines_draft_quickly(tmp_path, unit, repeat):
    draft_and_validate(unit * repeat, tmp_path, markdown=False)

"""Sentence splitting stays linear in the text: long single lines, runs of dots, runs of quotes
and long words (each took seconds to minutes before the splitter was made linear)."""

from __future__ import annotations

import time

import pytest

from quiz.content.sentences import split_sentences

# Generous: each input splits in well under a tenth of this; the quadratic splitter needed 16 s
# to 60 s and more for the first one.
BOUND_SECONDS = 2.0


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("The ship sailed. " * 12_000, 12_000),
        ("It ended" + "." * 200_000 + "x", 1),
        ("It ended" + "." * 200_000 + " Then more.", 2),
        ("“" * 100_000 + "It ended. Then more.", 2),
        ("x" * 300_000 + ". Then more.", 2),
        ("A. " * 100_000, 1),
    ],
    ids=["200kb-line", "dots-in-a-word", "dots-then-a-sentence", "open-quotes", "long-word",
         "initials"],
)
def test_a_long_line_splits_in_linear_time(text, count):
    started = time.perf_counter()
    sentences = split_sentences(text)
    elapsed = time.perf_counter() - started
    assert len(sentences) == count
    assert all(text[s.start:s.end] == s.text for s in sentences)
    assert elapsed < BOUND_SECONDS, f"{elapsed:.1f} s"


def test_a_company_abbreviation_ends_a_sentence_when_a_sentence_opener_follows():
    assert [s.text for s in split_sentences(
        "They closed the deal with Pitt, Briggs & Co. It closed yesterday.")] == [
        "They closed the deal with Pitt, Briggs & Co.", "It closed yesterday."]
    assert len(split_sentences("They closed the deal with Pitt, Briggs & Co. at noon.")) == 1
    assert len(split_sentences("Shares of Acme Inc. Holdings rose.")) == 1

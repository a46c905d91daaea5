"""Specification of sentence splitting: abbreviations, initials and quotations do not end
sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.content.sentences import is_date_line, split_sentences

SEED = Path(__file__).parents[1] / "seeds" / "000_f7f876ef5ca5828a.txt"


def texts(source: str) -> list[str]:
    return [s.text for s in split_sentences(source)]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("The U.S. Navy said it was ready. Gen. Kim agreed.",
         ["The U.S. Navy said it was ready.", "Gen. Kim agreed."]),
        ("Talks began on Sept. 5 in Geneva. They failed.",
         ["Talks began on Sept. 5 in Geneva.", "They failed."]),
        ("John F. Kennedy spoke first. Lt. Col. Ana Ruiz spoke next.",
         ["John F. Kennedy spoke first.", "Lt. Col. Ana Ruiz spoke next."]),
        ("Officials in the U.N. mission said so. The U.S. Later it did.",
         ["Officials in the U.N. mission said so.", "The U.S.", "Later it did."]),
        ("It left at 3 p.m. The crew stayed.", ["It left at 3 p.m.", "The crew stayed."]),
        ("He is the No. 2 official. He said no. Ships left St. Petersburg.",
         ["He is the No. 2 official.", "He said no.", "Ships left St. Petersburg."]),
    ],
    ids=["us-and-gen", "sept", "initials-and-ranks", "dotted-acronyms", "a-m", "no-and-st"],
)
def test_abbreviations_and_initials_do_not_end_sentences(source, expected):
    assert texts(source) == expected


def test_a_full_stop_inside_a_quotation_does_not_end_the_sentence_that_carries_it():
    source = '"The launch failed. We will try again," the official said. Then he left.'
    assert texts(source) == [
        '"The launch failed. We will try again," the official said.', "Then he left."
    ]


def test_curly_quotations_are_kept_whole_and_close_their_sentence():
    source = "He said: “It is over. We go home.” Nobody replied."
    assert texts(source) == ["He said: “It is over. We go home.”", "Nobody replied."]


def test_a_quotation_left_open_for_the_next_paragraph_does_not_swallow_sentences():
    source = "He said: “It is over. We go home. Nobody replied."
    assert texts(source) == ["He said: “It is over.", "We go home.", "Nobody replied."]


def test_a_question_mark_before_a_lowercase_word_continues_the_sentence():
    assert texts('Is it war? he asked. “No!” she said.') == ["Is it war? he asked.",
                                                             "“No!” she said."]


def test_sentences_are_exact_slices_of_the_source_with_their_line():
    source = "March 3, 2024\nFirst one. Second one.\n\nThird on line four."
    sentences = split_sentences(source)
    assert [(s.line, s.text) for s in sentences] == [
        (2, "First one."), (2, "Second one."), (4, "Third on line four.")
    ]
    assert all(source[s.start:s.end] == s.text for s in sentences)


def test_a_leading_date_line_is_metadata_unless_asked_for():
    assert is_date_line("July 28, 2023") and is_date_line("2023-07-28")
    assert not is_date_line("July was hot.")
    assert texts("July 28, 2023\nIt rained.") == ["It rained."]
    assert [s.text for s in split_sentences("July 28, 2023\nIt rained.",
                                            skip_date_line=False)][0] == "July 28, 2023"


def test_the_bundled_article_splits_into_its_twenty_sentences():
    sentences = texts(SEED.read_text(encoding="utf-8"))
    assert len(sentences) == 20
    assert sentences[9].startswith("Kim hosted a reception")
    assert sentences[-1].startswith("UN spokesperson Stephane Dujarric said:")

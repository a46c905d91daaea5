"""Specification of writing a reviewed pack back (quiz.content.roundtrip): untouched parts byte for
byte, and in changed items their comments, key order, quoting and folded text kept.
"""

from __future__ import annotations

from helpers import REPO

from quiz.content.roundtrip import PackText
from quiz.content.yamlsafe import load_located

PACKS = [REPO / "content" / "nk-victory-day-2023.yaml", REPO / "tests" / "data" / "mini" /
         "mini.yaml", *sorted((REPO / "tests" / "data" / "eval").glob("*.yaml"))]

HAND_WRITTEN = """\
# A pack a person wrote: comments, quoting and order are theirs.
id: hand
title: "Hand-written"   # quoted on purpose
article: article.txt
version: '1'
items:
  # The first one.
  - id: one
    passage: >-
      First sentence here.
    claim: 'First sentence here.'
    answer: state_media   # checked
    source: KCNA
    explanation: Two. Sentences.
    draft: true
  # Between the items: this comment belongs to neither.

  - id: two
    passage: Second.
    claim: Second.
    answer: denial
    source: "Them"
    explanation: >-
      Folded by
      hand. Two.
    draft: true
"""


def test_every_pack_in_the_repository_reads_back_unchanged():
    for path in PACKS:
        source = path.read_text(encoding="utf-8")
        assert PackText(source).render() == source, path


def test_removing_draft_true_keeps_comments_quotes_and_the_other_item_byte_for_byte():
    text = PackText(HAND_WRITTEN)
    fields = dict(text.original_plain[0])
    del fields["draft"]
    text.set_item(0, fields)
    out = text.checked_render()
    assert out == HAND_WRITTEN.replace("    explanation: Two. Sentences.\n    draft: true\n",
                                       "    explanation: Two. Sentences.\n", 1)
    assert "# Between the items: this comment belongs to neither." in out


def test_a_changed_value_keeps_its_quoting_and_new_long_text_is_folded():
    text = PackText(HAND_WRITTEN)
    fields = dict(text.original_plain[1])
    fields["source"] = "Their ministry"
    fields["explanation"] = ("A much longer explanation that a reviewer typed in the editor, "
                             "long enough to be folded. It has two sentences.")
    fields["cue"] = "Second"
    text.set_item(1, fields)
    out = text.checked_render()
    assert '    source: "Their ministry"\n' in out
    assert "    explanation: >-\n      A much longer explanation" in out
    lines = out.split("- id: two")[1].splitlines()
    keys = [line.split(":")[0].strip() for line in lines if line.startswith("    ")
            and not line.startswith("      ")]
    assert keys == ["passage", "claim", "answer", "source", "cue", "explanation", "draft"]
    assert out.split("- id: two")[0] == HAND_WRITTEN.split("- id: two")[0]
    assert load_located(out).data["items"][1]["explanation"] == fields["explanation"]


def test_a_dropped_item_goes_and_skipped_is_added_at_the_end():
    text = PackText(HAND_WRITTEN)
    text.drop_item(0)
    text.set_skipped([{"sentence": "First sentence here.", "reason": "Not a claim."}])
    out = text.checked_render()
    data = load_located(out).data
    assert [i["id"] for i in data["items"]] == ["two"]
    assert data["skipped"] == [{"sentence": "First sentence here.", "reason": "Not a claim."}]
    assert out.startswith(HAND_WRITTEN.split("  - id: one")[0])


def test_putting_the_original_values_back_gives_the_original_file():
    text = PackText(HAND_WRITTEN)
    fields = dict(text.original_plain[0], answer="denial")
    text.set_item(0, fields)
    assert text.render() != HAND_WRITTEN
    text.set_item(0, text.original_plain[0])
    assert text.render() == HAND_WRITTEN

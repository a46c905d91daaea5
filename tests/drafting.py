"""What the drafter's tests share: the bundled taxonomy's categories, the bundled rules (without
the user's), the labelled sets' folder, and drafting a text with them. The data and cache
folders are private to each test already (conftest.private_folders)."""

from __future__ import annotations

from pathlib import Path

from quiz import locations
from quiz.content.drafter.draft import DraftedSentence, draft_article
from quiz.content.drafter.rules import load_rules
from quiz.content.format import TaxonomyModel
from quiz.content.yamlsafe import load_located, read_text

CATEGORIES = TaxonomyModel.model_validate(
    load_located(read_text(locations.default_taxonomy_path())).data).categories
# The rules' own reading: the second reading (second.py) is tested on its own.
RULES = load_rules(use_user_file=False, use_second_reading=False)
DATA = Path(__file__).parent / "data" / "drafter"


def read(text: str) -> list[DraftedSentence]:
    """Every sentence of `text` as the bundled rules draft it."""
    return draft_article(text, RULES, CATEGORIES)


def last(text: str) -> DraftedSentence:
    """The last sentence of `text` as drafted: the one a test is about, after its context."""
    return read(text)[-1]

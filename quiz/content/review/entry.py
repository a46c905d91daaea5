"""The items of a review as the review holds them, its kinds of statement, one undoable change,
the counts `quiz review --summary` prints, and the errors a review raises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quiz import locations
from quiz.content.checks import companion, outside_message
from quiz.content.format import CategoryModel, TaxonomyModel
from quiz.content.problems import Problem
from quiz.content.yamlsafe import YamlLoadError, load_located, read_text

LOW_CONFIDENCE = "low-confidence"
RULE_TAG = "rule-"
CONFIDENCE_TAG = "confidence-"


class ReviewError(Exception):
    """A pack that cannot be reviewed at all; the message is one line naming the place."""


class EditRefused(Exception):
    """An edit that would make the item wrong, or cannot be made now; says why in one line."""


class ChangedOnDisk(Exception):
    """The pack file changed since the review read it: it is not overwritten."""


@dataclass
class Entry:
    """One item of the pack as the review has it now."""

    index: int  # in the file's items list, as read
    fields: dict[str, Any]
    original: dict[str, Any]
    article_at: int  # where its claim is in the article (for the order); -1 when not found
    dropped: str | None = None  # the reason, once dropped
    problems: list[Problem] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.fields.get("id", f"item {self.index + 1}"))

    @property
    def draft(self) -> bool:
        return self.fields.get("draft") is True

    @property
    def tags(self) -> list[str]:
        tags = self.fields.get("tags")
        return [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []

    @property
    def low_confidence(self) -> bool:
        return LOW_CONFIDENCE in self.tags

    @property
    def rule(self) -> str | None:
        """The drafter's rule that fired (tag `rule-<id>`)."""
        return next((t[len(RULE_TAG):] for t in self.tags if t.startswith(RULE_TAG)), None)

    @property
    def confidence(self) -> int | None:
        """How sure the drafter was, 0-100 (tag `confidence-<n>`)."""
        for tag in self.tags:
            if tag.startswith(CONFIDENCE_TAG) and tag[len(CONFIDENCE_TAG):].isdigit():
                return int(tag[len(CONFIDENCE_TAG):])
        return None

    @property
    def drafter_notes(self) -> list[str]:
        """What the drafter's tags say, in words: "rule state-outlet", "85% sure", "low
        confidence" (those present)."""
        notes = [f"rule {self.rule}"] if self.rule else []
        if self.confidence is not None:
            notes.append(f"{self.confidence}% sure")
        if self.low_confidence:
            notes.append("low confidence")
        return notes

    def text(self, name: str) -> str:
        """A field as text: "why_not.<id>" for a why_not line; "" when missing."""
        if name.startswith("why_not."):
            lines = self.fields.get("why_not")
            value = lines.get(name[len("why_not."):]) if isinstance(lines, dict) else None
        else:
            value = self.fields.get(name)
        return value if isinstance(value, str) else ""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def valid(self) -> bool:
        """Nothing `quiz validate` would report for it once accepted."""
        return not self.problems


@dataclass(frozen=True)
class Change:
    """One undoable edit: the entry before and after, and where the review was."""

    summary: str
    index: int
    before: tuple[dict[str, Any], str | None]
    after: tuple[dict[str, Any], str | None]
    position: int


@dataclass(frozen=True)
class Summary:
    """What `quiz review --summary` prints."""

    items: int
    reviewed: int
    drafts: int
    low_confidence: int
    failing: int
    problems: list[Problem]


@dataclass(frozen=True)
class Categories:
    """The pack's kinds of statement (taxonomy, then the pack's own), for templates and keys."""

    models: list[CategoryModel]

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.models]

    def label(self, category: str) -> str:
        return next((c.label for c in self.models if c.id == category), category)

    def cue_required(self, category: str) -> bool:
        return next((c.cue_required for c in self.models if c.id == category), True)


def read_categories(path: Path, data: dict[str, Any]) -> Categories:
    """The taxonomy's categories and the pack's own (those that are well formed)."""
    taxonomy = data.get("taxonomy")
    if isinstance(taxonomy, str):
        found = companion(path.parent, taxonomy)
        if found is None:  # never read: a pack names only files it could ship with
            raise ReviewError(f"{path}: {outside_message('taxonomy', taxonomy)}")
        taxonomy_path = found
    else:
        taxonomy_path = locations.default_taxonomy_path()
    try:
        models = list(TaxonomyModel.model_validate(
            load_located(read_text(taxonomy_path)).data).categories)
    except (YamlLoadError, ValueError) as error:
        raise ReviewError(f"{taxonomy_path}: the taxonomy cannot be read: "
                          f"{getattr(error, 'message', error)}") from None
    for extra in data.get("categories") or []:
        try:
            model = CategoryModel.model_validate(extra)
        except ValueError:
            continue
        if model.id not in {m.id for m in models}:
            models.append(model)
    return Categories(models)

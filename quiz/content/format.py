"""The content-pack file format: pydantic models of a pack file and its taxonomy, and the JSON
Schema `quiz schema` prints. The checks `quiz validate` makes are quiz.content.checks.

Only checking, drafting, importing and exporting import this module; playing reads checked packs
through quiz.content.pack_files, which keeps pydantic off the start-up path. The models are
named ...Model so they are never confused with the packs as played (quiz.core.packs).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import GenerateJsonSchema

from quiz.core import packs

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)]
Text = Annotated[str, Field(min_length=1)]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _titled(title: str) -> ConfigDict:
    # The JSON Schema names each model as the file knows it ("Item"), not as the code does.
    return ConfigDict(extra="forbid", frozen=True, title=title)


class _SchemaNames(GenerateJsonSchema):
    """Definitions named "Item", "Pack" ... in the schema, as the pack file calls them."""

    def normalize_name(self, name: str) -> str:
        return super().normalize_name(name).removesuffix("Model")


class CategoryModel(StrictModel):
    """One kind of statement the reader is asked to recognise."""

    model_config = _titled('Category')

    id: Slug
    label: Text
    definition: Text = Field(description="Reader-facing definition.")
    cues: list[str] = Field(default_factory=list, description="Typical words in the text.")
    cue_required: bool = Field(
        True, description="Whether items of this kind must name a cue in the passage."
    )


class TaxonomyModel(StrictModel):
    model_config = _titled('Taxonomy')

    categories: list[CategoryModel] = Field(min_length=2)


class ItemModel(StrictModel):
    """One question: a passage, the claim in it, and why it is the kind of statement it is."""

    model_config = _titled('Item')

    id: Slug = Field(description="Stable slug; answers are stored under it.")
    passage: Text = Field(description="One or more whole sentences of the article, verbatim.")
    claim: Text = Field(description="Verbatim span inside the passage that the question is about.")
    answer: Slug = Field(description="Category id of the best answer.")
    also_accept: list[Slug] = Field(
        default_factory=list, description="Other defensible categories, for debatable items."
    )
    source: Text = Field(description="Who is speaking, in plain words.")
    cue: str = Field(
        "", description="Verbatim span in the passage that signals the category; may be empty "
        "only for categories with cue_required false."
    )
    explanation: Text = Field(description="2 to 5 sentences: verdict, source, what to check.")
    why_not: dict[Slug, Text] = Field(
        default_factory=dict,
        description="For each other category, one sentence for a reader who chose it.",
    )
    discussion: str | None = Field(None, description="A prompt for workshop discussion.")
    difficulty: int = Field(2, ge=1, le=3)
    tags: list[Slug] = Field(default_factory=list)
    draft: bool = Field(
        False, description="Written by `quiz draft` and not yet reviewed by a person."
    )


class SkippedModel(StrictModel):
    """An article sentence deliberately not asked about."""

    model_config = _titled('Skipped')

    sentence: Text
    reason: Text


class PackModel(StrictModel):
    """A content pack file."""

    model_config = _titled('Pack')

    id: Slug
    title: Text
    article: Text = Field(description="Path of the article text, relative to the pack file.")
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")] = "en"
    version: Text
    date: dt.date | None = Field(None, description="Publication date of the article.")
    alternative_credit: float = Field(
        0.5, ge=0, le=1, description="Credit for an also_accept answer (best answer: 1)."
    )
    taxonomy: str | None = Field(
        None, description="Path of a taxonomy file relative to the pack; default: the bundled one."
    )
    categories: list[CategoryModel] = Field(
        default_factory=list, description="Categories this pack adds to the taxonomy."
    )
    items: list[ItemModel] = Field(min_length=1)
    skipped: list[SkippedModel] = Field(default_factory=list)


def pack_json_schema() -> dict:
    schema = PackModel.model_json_schema(schema_generator=_SchemaNames)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Quiz content pack"
    return schema


def to_model(pack: packs.Pack) -> PackModel:
    """The validated file-format model of a loaded pack (for exports)."""
    return PackModel.model_validate(pack.to_dict())

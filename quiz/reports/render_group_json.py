"""The group report as JSON: pydantic models define the document, and its JSON Schema ships beside
this module as group_report.schema.json (a test keeps the shipped file equal to the models).

The parts a learner report has too (pack, categories, score, confusion matrix, per-category
figures) use the learner report's models, so a reader of both parses them once. Fractions are
0..1; a figure that cannot be computed is null, never NaN, and the sentence beside it says why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from quiz.core.scoring import Verdict
from quiz.core.workshop_records import Audience, Phase
from quiz.reports.group_report import GroupReport
from quiz.reports.render_json import (
    CategoryDoc,
    CategoryFiguresDoc,
    ConfusionDoc,
    PackDoc,
    ScoreDoc,
    document_config,
    read_schema,
    write_schema,
)

SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("group_report.schema.json")
SCHEMA_ID = "quiz-group-report.schema.json"


class _Document(BaseModel):
    model_config = ConfigDict(extra="forbid", from_attributes=True)


class WorkshopDoc(_Document):
    id: int
    code: str = Field(description="The join code.")
    title: str
    facilitator: str
    audience: Audience = Field(description="participants: one answer each; room: show-of-hands "
                                           "tallies.")
    pace: str = Field(description="facilitator or self.")
    state: str = Field(description="lobby, question, revealed or done.")
    created_at: str = Field(description="ISO 8601.")
    started_at: str | None
    finished_at: str | None
    ended_early: bool
    has_check: bool = Field(description="Whether a before/after check was run.")
    items_planned: int = Field(description="Items in the running order (an item asked in two "
                                           "phases counts twice).")
    items_shown: int


class ParticipantDoc(_Document):
    number: int = Field(description="In order of joining, from 1.")
    name: str = Field(description="'Participant N' when anonymized.")
    answered: int
    asked: int = Field(description="Items shown while the workshop ran.")
    score: ScoreDoc
    changes: int = Field(description="Answers changed before a reveal.")
    before: float | None = Field(description="Share of credit on the before check.")
    after: float | None = Field(description="Share of credit on the after check.")
    gain: float | None = Field(description="after - before, as a fraction.")


class ItemDoc(_Document):
    position: int = Field(description="0-based place in the running order.")
    number: int = Field(description="1-based, as shown in the room.")
    phase: Phase
    item_id: str
    claim: str | None = Field(description="null when the pack no longer has the item.")
    passage: str | None
    best: str = Field(description="Category id of the best answer.")
    best_label: str
    responses: int = Field(description="Answers, or hands in a tally.")
    facility: float | None = Field(description="Mean credit; null without responses.")
    best_share: float | None = Field(description="Share of responses that were the best answer.")
    discrimination: float | None = Field(
        description="r(item score, rest-of-session score) over participants who answered every "
                    "item (Moodle's discrimination index / 100); null when undefined."
    )
    discrimination_note: str = Field(description="The index in words, or why there is none.")
    distribution: list[int] = Field(description="Responses per category, in `categories` order.")
    changes: int
    discussion: str | None
    note: str | None


class ReliabilityDoc(_Document):
    alpha: float | None = Field(description="Cronbach's alpha; null when undefined.")
    participants: int = Field(description="Participants who answered every item (used).")
    left_out: int
    items: int
    sentence: str


class GainDoc(_Document):
    source: Audience
    before_items: int
    after_items: int
    before: float | None
    after: float | None
    mean: float | None = Field(description="Mean individual gain (participants) or after - "
                                           "before (room), as a fraction.")
    spread: float | None = Field(description="Sample standard deviation of individual gains; "
                                             "null for tallies or a single participant.")
    minimum: float | None
    maximum: float | None
    participants: int | None = Field(description="Participants who took both checks.")
    normalized: float | None = Field(description="Hake's <g> = (after - before) / (1 - before).")
    sentence: str


class ResponseDoc(_Document):
    participant: str = Field(description="'(room)' for a show-of-hands tally.")
    position: int
    phase: Phase
    item_id: str
    best: str
    chosen: str
    verdict: Verdict
    credit: float
    count: int = Field(description="1 for an answer; hands for a tally.")
    changes: int
    seconds: float | None
    answered_at: str


class GroupReportDocument(_Document):
    """A workshop's group report."""

    model_config = document_config("Quiz workshop group report", SCHEMA_ID)

    schema_version: Literal[1] = Field(SCHEMA_VERSION, description="Bumped on breaking changes.")
    generated_at: str = Field(description="ISO 8601, UTC.")
    date: str = Field(description="The day the workshop started, YYYY-MM-DD.")
    workshop: WorkshopDoc
    pack: PackDoc
    anonymized: bool
    from_tallies: bool
    categories: list[CategoryDoc] = Field(description="Taxonomy order.")
    participants: list[ParticipantDoc] = Field(description="Empty for tallies.")
    overall: ScoreDoc = Field(description="Every latest answer (or hand) together.")
    items: list[ItemDoc] = Field(description="In the order asked.")
    hardest: list[int] = Field(description="Item numbers with responses, lowest facility first.")
    confusion: ConfusionDoc
    per_category: list[CategoryFiguresDoc]
    balanced_accuracy: float | None
    reliability: ReliabilityDoc | None = Field(description="null for tallies.")
    gain: GainDoc | None = Field(description="null without a before/after check.")
    unavailable: list[str] = Field(description="Figures this report cannot give, and why.")
    notes: list[str]
    responses: list[ResponseDoc]


def to_document(report: GroupReport) -> GroupReportDocument:
    return GroupReportDocument.model_validate({
        "generated_at": report.generated_at,
        "date": report.date,
        "workshop": report.info,
        "pack": report.pack,
        "anonymized": report.anonymized,
        "from_tallies": report.from_tallies,
        "categories": report.categories,
        "participants": report.participants,
        "overall": report.overall,
        "items": report.items,
        "hardest": [item.number for item in report.hardest],
        "confusion": report.confusion,
        "per_category": report.per_category,
        "balanced_accuracy": report.balanced_accuracy,
        "reliability": report.reliability,
        "gain": report.gain,
        "unavailable": report.unavailable,
        "notes": report.notes,
        "responses": report.responses,
    })


def render(report: GroupReport) -> str:
    """The report as indented JSON (non-ASCII kept as is)."""
    return to_document(report).model_dump_json(indent=2) + "\n"


def group_report_json_schema() -> dict:
    """The JSON Schema of `render`'s output, as shipped in group_report.schema.json."""
    return GroupReportDocument.model_json_schema(mode="serialization")


def write_group_report_schema(path: Path = SCHEMA_PATH) -> Path:
    """Regenerate the shipped schema after changing the models (and bump SCHEMA_VERSION if the
    change breaks readers)."""
    return write_schema(group_report_json_schema(), path)


def load_group_report_schema() -> dict:
    return read_schema(SCHEMA_PATH)

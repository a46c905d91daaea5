"""The score report as JSON: pydantic models define the document, and its JSON Schema ships beside
this module as report.schema.json (a test keeps the shipped file equal to the models).

schema_version changes whenever a field is removed, renamed or changes meaning; adding an optional
field keeps it. Fractions (recall, precision, accuracy) are 0..1; a figure with nothing to measure
is null, never NaN.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from quiz.content.files import write_text
from quiz.core.history import Run
from quiz.core.scoring import Verdict
from quiz.reports.report import Report, Withheld
from quiz.reports.wording import d_prime_notes

# 2: totals leave out retry runs, `change` compares full runs like the latest one, d_prime is
# null where it would mislead (with d_prime_withheld), the matrix counts accepted answers apart.
SCHEMA_VERSION = 2
SCHEMA_PATH = Path(__file__).with_name("report.schema.json")
SCHEMA_ID = "quiz-report.schema.json"


class _Document(BaseModel):
    # from_attributes: the models read the figures' dataclasses field by field.
    model_config = ConfigDict(extra="forbid", from_attributes=True)


class CategoryDoc(_Document):
    id: str
    label: str = Field(description="The pack's label for the category.")
    in_pack: bool = Field(description="False for a category the pack no longer has.")


class PackDoc(_Document):
    id: str
    title: str
    version: str = Field(description="The version(s) the sessions were played with.")
    current_version: str | None = Field(description="The pack's version now; null if missing.")


class SessionDoc(_Document):
    id: int
    mode: str = Field(description="practice, check or study; empty when unknown.")
    started_at: str = Field(description="ISO 8601.")
    finished_at: str | None
    pack_version: str
    asked: int = Field(description="Items in the session.")
    answered: int
    run: Run = Field(Run.FULL, description="full: every item asked was answered; unfinished: "
                     "stopped early; retry: only the items a run missed, right after seeing "
                     "its answers. Only full runs of one mode and choice of items are compared; "
                     "retry runs are left out of a history's totals.")
    selection: str = Field("", description="The filters the run was started with (kinds, "
                           "difficulties, tags, a count), in words; empty for the whole pack.")


class ScoreDoc(_Document):
    points: float = Field(description="Sum of credit: best answer 1, accepted alternative the "
                                      "pack's alternative_credit, else 0.")
    answered: int
    correct: int = Field(description="Answers that were the best answer.")
    accepted: int = Field(description="Answers that were an accepted alternative.")
    wrong: int
    percent: float | None = Field(description="100 * points / answered; null with no answers.")


class OverallDoc(_Document):
    score: ScoreDoc
    total_seconds: float
    mean_seconds: float | None
    hints_used: int
    items_with_hints: int


class CategoryFiguresDoc(_Document):
    category: str
    label: str
    items: int = Field(description="Answers whose best answer is this category (signal trials).")
    found: int = Field(description="Of those, answered with this category (hits).")
    accepted: int = Field(description="Of those, answered with an accepted alternative.")
    uses: int = Field(description="Times this category was chosen.")
    false_alarms: int = Field(description="Uses on items of another kind.")
    other_items: int = Field(description="Answers whose best answer is another category.")
    recall: float | None = Field(description="found / items; null with no items.")
    precision: float | None = Field(description="(uses - false_alarms) / uses; null if unused.")
    d_prime: float | None = Field(
        description="z(H) - z(F), H = (found + 0.5) / (items + 1), F = (false_alarms + 0.5) / "
                    "(other_items + 1); null where it would not mean anything (see "
                    "d_prime_withheld)."
    )
    d_prime_withheld: Withheld | None = Field(
        None, description="Why d_prime is null: no-items, no-other-items, never-used (the label "
        "was never chosen), always-used (chosen for every item), few-items / few-other-items "
        "(fewer than 5 of the kind / of the others); null when d_prime is given."
    )


class ConfusionDoc(_Document):
    categories: list[str] = Field(description="Category ids, the order of rows and columns.")
    counts: list[list[int]] = Field(
        description="counts[t][c]: answers whose best answer was categories[t], choice "
                    "categories[c]."
    )
    accepted: list[list[int]] = Field(
        default_factory=list,
        description="accepted[t][c]: of counts[t][c], the accepted alternatives (credit, not "
                    "the best answer, not a confusion); the confusions are counts - accepted "
                    "off the diagonal."
    )


class BiasDoc(_Document):
    category: str
    label: str
    chosen: int
    true_count: int
    excess: int


class CalibrationDoc(_Document):
    level: int = Field(ge=1, le=3)
    answered: int
    correct: int
    accuracy: float | None


class SessionFiguresDoc(_Document):
    session: SessionDoc
    score: ScoreDoc
    balanced_accuracy: float | None
    categories: list[CategoryFiguresDoc]


class RecallChangeDoc(_Document):
    category: str
    label: str
    first: float | None
    last: float | None
    change: float | None


class ChangeDoc(_Document):
    first_session: int
    last_session: int
    first_started_at: str
    percent: float | None = Field(description="Change of the score, in percentage points.")
    balanced_accuracy: float | None = Field(description="Change, as a fraction.")
    recall: list[RecallChangeDoc]
    mode: str = Field("", description="The mode of the full runs compared.")
    selection: str = Field("", description="Their choice of items, in words; empty for all.")
    runs: int = Field(2, description="How many full runs like these the history has.")


class MissedItemDoc(_Document):
    item_id: str
    best: str
    best_label: str
    chosen: str = Field(description="The latest miss's choice.")
    chosen_label: str
    verdict: Verdict
    times_missed: int
    passage: str | None = Field(description="null when the item is no longer in the pack.")
    claim: str | None
    explanation: str | None
    why_not: str | None
    note: str | None


class AnswerDoc(_Document):
    session_id: int
    item_id: str
    item_hash: str
    actual: str = Field(description="The item's best answer (category id).")
    also_accept: list[str]
    chosen: str
    verdict: Verdict
    credit: float
    seconds: float
    hints: int
    confidence: int | None = Field(ge=1, le=3)
    answered_at: str


def document_config(title: str, schema_id: str) -> ConfigDict:
    """The configuration of a whole report document, whose JSON Schema ships as `schema_id`."""
    return ConfigDict(
        extra="forbid", from_attributes=True,
        # The schema describes documents as written, where every field (schema_version too) is
        # always present.
        json_schema_serialization_defaults_required=True,
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema",
                           "$id": schema_id},
        title=title,
    )


class ReportDocument(_Document):
    """A score report: one learner, one pack, one or more sessions."""

    model_config = document_config("Quiz score report", SCHEMA_ID)

    schema_version: Literal[2] = Field(SCHEMA_VERSION, description="Bumped on breaking changes.")
    learner: str
    display_name: str | None = Field(None, description="The name printed on the report "
                                     "(--name); null: the learner's.")
    group: str | None = Field(None, description="The class or group line (--group).")
    generated_at: str = Field(description="ISO 8601, UTC.")
    date: str = Field(description="The date the report is about (latest session), YYYY-MM-DD.")
    pack: PackDoc
    sessions: list[SessionDoc] = Field(description="Oldest first.")
    categories: list[CategoryDoc] = Field(description="Taxonomy order.")
    overall: OverallDoc
    per_category: list[CategoryFiguresDoc]
    confusion: ConfusionDoc
    balanced_accuracy: float | None = Field(description="Mean recall over categories present.")
    bias: BiasDoc | None = Field(description="The label chosen most beyond its true share.")
    bias_sentence: str
    calibration: list[CalibrationDoc] | None = Field(description="null when no answer was rated.")
    history: list[SessionFiguresDoc] = Field(description="Per session, oldest first.")
    change: ChangeDoc | None = Field(description="Latest minus first full run of the same mode "
                                     "and choice of items; null with fewer than two.")
    change_sentence: str | None = Field(description="The change in words; for a history "
                                        "without one, why not.")
    left_out: str | None = Field(None, description="What the totals leave out (retry runs), "
                                 "in words; null when they cover every answer.")
    d_prime_notes: list[str] = Field(default_factory=list, description="Why each d′ not given "
                                     "is left out, in words.")
    missed: list[MissedItemDoc]
    practice_next: str
    answers: list[AnswerDoc]


def to_document(report: Report) -> ReportDocument:
    document = ReportDocument.model_validate(report)
    return document.model_copy(update={"d_prime_notes": d_prime_notes(report.per_category)})


def render(report: Report) -> str:
    """The report as indented JSON (non-ASCII kept as is)."""
    return to_document(report).model_dump_json(indent=2) + "\n"


def report_json_schema() -> dict:
    """The JSON Schema of `render`'s output, as shipped in report.schema.json."""
    return ReportDocument.model_json_schema(mode="serialization")


def write_report_schema(path: Path = SCHEMA_PATH) -> Path:
    """Regenerate the shipped schema after changing the models (and bump SCHEMA_VERSION if the
    change breaks readers)."""
    return write_schema(report_json_schema(), path)


def load_report_schema() -> dict:
    """The shipped schema file, for validators."""
    return read_schema(SCHEMA_PATH)


def write_schema(schema: dict, path: Path) -> Path:
    return write_text(path, json.dumps(schema, indent=2) + "\n")


def read_schema(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))

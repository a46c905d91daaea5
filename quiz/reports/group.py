"""The group report of a workshop: item analysis (facility, discrimination), reliability, the
group's confusion matrix and d', the before/after gain, and the words that explain them.

Plain Python (no rich, no textual); `render_group` loads one renderer (quiz/reports/render_group_*).

The figures, for participants p = 1..n and scored items (slots) i = 1..k of the workshop, where
x_pi is participant p's credit on item i (best answer 1, accepted alternative the pack's
alternative_credit, else 0; the latest answer counts, changed ones do not) and X_p = sum_i x_pi:

- Facility index F_i = mean of x_pi over the participants who answered item i (Moodle's facility
  index: the average score on the item as a share of its maximum). From a show of hands:
  sum over categories of hands_c * credit_c / all hands.
- Discrimination index D_i = r(x_i, X - x_i): the Pearson correlation, over participants, of the
  item's score with the score on the rest of the session, as Moodle's quiz statistics compute it:
  D_i = Cov(x_i, X - x_i) / sqrt(Var(x_i) Var(X - x_i)). Moodle prints it times 100.
- Cronbach's alpha = k / (k - 1) * (1 - sum_i Var(x_i) / Var(X)) (with 0/1 scores this is KR-20,
  Moodle's "coefficient of internal consistency"). Sample variances (n - 1); the ratio does not
  depend on the choice.
- Discrimination and alpha need every participant's score on every item, so they are computed
  over the participants who answered every item that anyone answered (the report says how many
  were left out: late arrivals, early leavers).
- Before/after gain, per participant with answers in both checks: the share of credit on the
  after check minus that on the before check (each over the items they answered), then the mean,
  the sample standard deviation, the range, and Hake's normalised gain of the means
  <g> = (after - before) / (1 - before). From tallies: the room's after facility minus its before
  facility, without a spread.
- The confusion matrix, recall, precision and d' follow quiz.reports.figures (a hit is the best
  answer; an accepted alternative sits off the diagonal), over every latest answer (or hand).
- A figure that cannot be computed is None, never NaN; each comes with a sentence saying why
  (everyone answered alike, too few participants, tallies have no names, ...).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from quiz.core.packs import Item, LoadedPack
from quiz.core.records import AnswerRecord, item_hash
from quiz.core.scoring import Verdict, score_answer
from quiz.core.workshop_records import Audience, Phase, Step, WorkshopRecord
from quiz.reports.figures import (
    balanced_accuracy,
    category_figures,
    category_refs,
    confusion_matrix,
    overall_score,
)
from quiz.reports.formats import render_in, write_rendered
from quiz.reports.group_report import (
    Gain,
    GroupInfo,
    GroupReport,
    ItemAnalysis,
    ParticipantScore,
    Reliability,
    Response,
    describe_alpha,
    describe_discrimination,
    describe_gain,
)
from quiz.reports.report import CategoryRef, PackInfo
from quiz.reports.statistics import cronbach_alpha, discrimination_index, mean, standard_deviation

GROUP_FORMATS: dict[str, str] = {
    "text": "quiz.reports.render_group_text",
    "md": "quiz.reports.render_group_md",
    "html": "quiz.reports.render_group_html",
    "json": "quiz.reports.render_group_json",
    "csv": "quiz.reports.render_group_csv",
}

ROOM = "(room)"  # the participant column of a show of hands in per-response exports


# --- building the report -----------------------------------------------------------------------


def build_group_report(
    record: WorkshopRecord,
    pack: LoadedPack | None,
    *,
    anonymize: bool = False,
    generated_at: dt.datetime | None = None,
) -> GroupReport:
    """All figures of one workshop. `pack` supplies labels, claims and discussion prompts; with
    None (the pack file is gone) categories are labelled by id and the report says so."""
    info = record.info
    items = {item.id: item for item in pack.pack.items} if pack else {}
    steps = record.steps
    shown = [s for s in steps if s.opened_at is not None]
    from_tallies = info.audience is Audience.ROOM
    names = _names(record, anonymize)
    placed = _tally_records(record) if from_tallies else _answer_records(record, names)
    answers = [answer for _, _, answer in placed]
    categories = category_refs(pack.categories if pack else (), answers)
    ids = [c.id for c in categories]
    matrix = confusion_matrix(answers, ids)
    by_step: dict[int, list[AnswerRecord]] = {}
    for position, _, answer in placed:
        by_step.setdefault(position, []).append(answer)

    analysed = [s for s in steps if by_step.get(s.position)]
    scores, complete, left_out = _score_matrix(record, analysed) if not from_tallies else ([], 0, 0)
    analyses = []
    for step in steps:
        rows = by_step.get(step.position, [])
        column = next((n for n, s in enumerate(analysed) if s.position == step.position), None)
        value, reason = _discrimination(scores, column, from_tallies, complete, rows)
        item = items.get(step.item_id)
        counts = {c: 0 for c in ids}
        for row in rows:
            counts[row.chosen] += 1
        analyses.append(ItemAnalysis(
            position=step.position, number=step.position + 1, phase=step.phase,
            item_id=step.item_id, claim=item.claim if item else None,
            passage=item.passage if item else None, best=step.actual,
            best_label=_label(categories, step.actual), responses=len(rows),
            facility=mean([r.credit for r in rows]),
            best_share=(sum(r.verdict is Verdict.CORRECT for r in rows) / len(rows)
                        if rows else None),
            discrimination=value, discrimination_note=describe_discrimination(value, reason),
            distribution=tuple(counts[c] for c in ids),
            changes=_changes(record, step.position),
            discussion=item.discussion if item else None,
            note=_item_note(step, item, pack, step.opened_at is not None),
        ))
    hardest = tuple(sorted((a for a in analyses if a.responses),
                           key=lambda a: (a.facility, -(a.discrimination or 0), a.position)))
    reliability = None
    if not from_tallies:
        alpha = cronbach_alpha(scores) if scores else None
        reason = _alpha_reason(alpha, scores, len(analysed), complete)
        reliability = Reliability(alpha, complete, left_out, len(analysed),
                                  describe_alpha(alpha, complete, left_out, len(analysed), reason))
    gain = _gain(record, by_step) if info.has_check else None
    participants = () if from_tallies else _participant_scores(record, names, placed, len(shown))
    moment = generated_at or dt.datetime.now(dt.UTC)
    return GroupReport(
        info=GroupInfo(
            id=info.id, code=info.code, title=info.title, facilitator=info.facilitator,
            audience=info.audience, pace=str(info.pace), state=str(info.state),
            created_at=info.created_at, started_at=info.started_at,
            finished_at=info.finished_at, ended_early=info.ended_early,
            has_check=info.has_check, items_planned=len(steps), items_shown=len(shown),
        ),
        pack=PackInfo(info.pack_id, pack.pack.title if pack else info.pack_id,
                      info.pack_version, pack.pack.version if pack else None),
        generated_at=moment.astimezone(dt.UTC).isoformat(timespec="seconds"),
        anonymized=anonymize and not from_tallies,
        categories=categories,
        participants=participants,
        overall=overall_score(answers),
        items=tuple(analyses),
        hardest=hardest,
        confusion=matrix,
        per_category=category_figures(answers, categories, matrix),
        balanced_accuracy=balanced_accuracy(matrix),
        reliability=reliability,
        gain=gain,
        unavailable=_unavailable(from_tallies, info.has_check),
        notes=_notes(record, pack, len(shown)),
        responses=_responses(record, names, steps),
    )


def _names(record: WorkshopRecord, anonymize: bool) -> dict[int, str]:
    return {p.id: (f"Participant {n}" if anonymize else p.name)
            for n, p in enumerate(record.participants, start=1)}


# (step position, participant id or None for the room, the answer as the learner figures read it)
Placed = tuple[int, int | None, AnswerRecord]


def _answer_records(record: WorkshopRecord, names: Mapping[int, str]) -> list[Placed]:
    return [
        (a.position, a.participant_id, AnswerRecord(
            session_id=record.info.id, learner=names.get(a.participant_id, a.participant),
            pack_id=record.info.pack_id, item_id=a.item_id, item_hash=a.item_hash,
            actual=a.actual, also_accept=a.also_accept, chosen=a.chosen, verdict=a.verdict,
            credit=a.credit, seconds=a.seconds, hints=0, confidence=None,
            answered_at=a.answered_at,
        ))
        for a in record.answers
    ]


def _tally_records(record: WorkshopRecord) -> list[Placed]:
    """One record per raised hand, scored like an answer, so a room's tallies feed the same
    figures as individual answers (about 60 records per item: cheap)."""
    steps = {s.position: s for s in record.steps}
    credit_rule = record.info.alternative_credit
    rows = []
    for tally in record.tallies:
        step = steps.get(tally.position)
        if step is None or not tally.counts:
            continue
        for chosen, hands in tally.counts.items():
            verdict, credit = score_answer(chosen, step.actual, step.also_accept, credit_rule)
            hand = AnswerRecord(
                session_id=record.info.id, learner=ROOM, pack_id=record.info.pack_id,
                item_id=step.item_id, item_hash=step.item_hash, actual=step.actual,
                also_accept=step.also_accept, chosen=chosen, verdict=verdict, credit=credit,
                seconds=0.0, hints=0, confidence=None, answered_at=tally.recorded_at,
            )
            rows.extend([(step.position, None, hand)] * hands)
    return rows


def _score_matrix(
    record: WorkshopRecord, analysed: Sequence[Step]
) -> tuple[list[list[float]], int, int]:
    """Rows of credits (participants who answered every analysed step, in joining order), the
    number of such participants and the number left out (answered some but not all)."""
    columns = {step.position: n for n, step in enumerate(analysed)}
    rows: dict[int, list[float | None]] = {}
    for answer in record.answers:
        if answer.position in columns:
            row = rows.setdefault(answer.participant_id, [None] * len(columns))
            row[columns[answer.position]] = answer.credit
    complete = [[float(v) for v in rows[p.id]] for p in record.participants
                if p.id in rows and all(v is not None for v in rows[p.id])]
    return complete, len(complete), len(rows) - len(complete)


def _discrimination(
    scores: list[list[float]], column: int | None, from_tallies: bool, complete: int,
    rows: Sequence[AnswerRecord],
) -> tuple[float | None, str | None]:
    if from_tallies:
        return None, "not from tallies: it needs each person's answers"
    if column is None or not rows:
        return None, "no answers"
    if complete < 2:
        return None, "needs at least 2 participants who answered every item"
    if len(scores[0]) < 2:
        return None, "needs at least 2 items: there is no rest of the session to compare with"
    value = discrimination_index(scores, column)
    if value is not None:
        return value, None
    item_scores = {row[column] for row in scores}
    if len(item_scores) == 1:
        return None, "everyone answered it alike, so it cannot separate stronger from weaker"
    return None, "everyone scored the same on the rest of the session"


def _alpha_reason(alpha: float | None, scores: list[list[float]], items: int,
                  complete: int) -> str | None:
    if alpha is not None:
        return None
    if items < 2:
        return "it needs at least 2 items with answers"
    if complete < 2:
        return "it needs at least 2 participants who answered every item"
    return "every participant had the same total score (everyone answered alike)"


def _changes(record: WorkshopRecord, position: int) -> int:
    return sum(a.changes for a in record.answers if a.position == position)


def _label(categories: Iterable[CategoryRef], category: str) -> str:
    return next((c.label for c in categories if c.id == category), category)


def _item_note(step: Step, item: Item | None, pack: LoadedPack | None, shown: bool) -> str | None:
    if not shown:
        return "Not reached: the workshop ended before this item."
    if item is None:
        return (f"Item {step.item_id!r} is no longer in the pack, so its claim cannot be shown."
                if pack else None)
    if item_hash(item) != step.item_hash:
        return "This item has been edited since the workshop; it is shown as it is now."
    return None


def _gain(record: WorkshopRecord, by_step: Mapping[int, list[AnswerRecord]]) -> Gain:
    phases = {s.position: s.phase for s in record.steps}
    before_items = sum(p is Phase.BEFORE for p in phases.values())
    after_items = sum(p is Phase.AFTER for p in phases.values())
    if record.info.audience is Audience.ROOM:
        before = mean([r.credit for pos, rows in by_step.items() if phases[pos] is Phase.BEFORE
                       for r in rows])
        after = mean([r.credit for pos, rows in by_step.items() if phases[pos] is Phase.AFTER
                      for r in rows])
        change = None if before is None or after is None else after - before
        gain = Gain(Audience.ROOM, before_items, after_items, before, after, change, None, None,
                    None, None, _normalized(before, after), "")
        return _with_sentence(gain)
    per_person: dict[int, dict[Phase, list[float]]] = {}
    for answer in record.answers:
        phase = phases.get(answer.position)
        if phase in (Phase.BEFORE, Phase.AFTER):
            per_person.setdefault(answer.participant_id, {}).setdefault(phase, []).append(
                answer.credit)
    both = [(mean(p[Phase.BEFORE]), mean(p[Phase.AFTER])) for p in per_person.values()
            if p.get(Phase.BEFORE) and p.get(Phase.AFTER)]
    gains = [after - before for before, after in both]  # type: ignore[operator]
    before = mean([b for b, _ in both])  # type: ignore[misc]
    after = mean([a for _, a in both])  # type: ignore[misc]
    gain = Gain(
        Audience.PARTICIPANTS, before_items, after_items, before, after, mean(gains),
        standard_deviation(gains), min(gains, default=None), max(gains, default=None),
        len(both), _normalized(before, after), "",
    )
    return _with_sentence(gain)


def _normalized(before: float | None, after: float | None) -> float | None:
    if before is None or after is None or before >= 1:
        return None
    return (after - before) / (1 - before)


def _with_sentence(gain: Gain) -> Gain:
    return dataclasses.replace(gain, sentence=describe_gain(gain))


def _participant_scores(
    record: WorkshopRecord, names: Mapping[int, str], placed: Sequence[Placed], asked: int
) -> tuple[ParticipantScore, ...]:
    phases = {s.position: s.phase for s in record.steps}
    mine: dict[int | None, list[tuple[int, AnswerRecord]]] = {}
    for position, participant_id, answer in placed:
        mine.setdefault(participant_id, []).append((position, answer))
    changes: dict[int, int] = {}
    for answer in record.answers:
        changes[answer.participant_id] = changes.get(answer.participant_id, 0) + answer.changes
    scores = []
    for number, person in enumerate(record.participants, start=1):
        rows = mine.get(person.id, [])
        before = mean([r.credit for pos, r in rows if phases.get(pos) is Phase.BEFORE])
        after = mean([r.credit for pos, r in rows if phases.get(pos) is Phase.AFTER])
        scores.append(ParticipantScore(
            number=number, name=names[person.id], answered=len(rows), asked=asked,
            score=overall_score([r for _, r in rows]), changes=changes.get(person.id, 0), before=before,
            after=after, gain=None if before is None or after is None else after - before,
        ))
    return tuple(scores)


def _unavailable(from_tallies: bool, has_check: bool) -> tuple[str, ...]:
    if not from_tallies:
        return ()
    missing = [
        "Participants and their scores: a show of hands has no names.",
        "Discrimination index: it compares each person's answer with their other answers.",
        "Cronbach's alpha: it needs each person's score on every item.",
        "Changed answers: hands are counted once, after any change of mind.",
    ]
    if has_check:
        missing.append("The spread of the before/after gain: only the room's averages are known.")
    return tuple(missing)


def _notes(record: WorkshopRecord, pack: LoadedPack | None, shown: int) -> tuple[str, ...]:
    info = record.info
    notes = []
    if pack is None:
        notes.append(f"The pack {info.pack_id!r} could not be loaded: categories are shown by id "
                     "and claims are missing.")
    elif pack.pack.version != info.pack_version:
        notes.append(f"The workshop used version {info.pack_version} of the pack; it is now at "
                     f"version {pack.pack.version}.")
    if info.state == "done" and info.ended_early:
        planned = len(record.steps)
        notes.append(f"The workshop ended early: it showed {shown} of its {planned} "
                     f"item{'s' if planned != 1 else ''}.")
    elif info.state != "done":
        notes.append(f"The workshop has not ended yet ({info.state}): the figures are so far.")
    if info.audience is Audience.ROOM:
        skipped = sum(t.counts is None for t in record.tallies)
        counted = sum(t.counts is not None for t in record.tallies)
        notes.append(f"From show-of-hands tallies: {counted} item{'s' if counted != 1 else ''} "
                     f"counted, {skipped} skipped.")
    return tuple(notes)


def _responses(
    record: WorkshopRecord, names: Mapping[int, str], steps: Sequence[Step]
) -> tuple[Response, ...]:
    by_position = {s.position: s for s in steps}
    rows = [
        Response(
            participant=names.get(a.participant_id, a.participant), position=a.position,
            phase=by_position[a.position].phase, item_id=a.item_id, best=a.actual,
            chosen=a.chosen, verdict=a.verdict, credit=a.credit, count=1, changes=a.changes,
            seconds=a.seconds, answered_at=a.answered_at,
        )
        for a in record.answers if a.position in by_position
    ]
    credit_rule = record.info.alternative_credit
    for tally in record.tallies:
        step = by_position.get(tally.position)
        if step is None or not tally.counts:
            continue
        for chosen, hands in tally.counts.items():
            verdict, credit = score_answer(chosen, step.actual, step.also_accept, credit_rule)
            rows.append(Response(ROOM, step.position, step.phase, step.item_id, step.actual,
                                 chosen, verdict, credit, hands, tally.changes, None,
                                 tally.recorded_at))
    rows.sort(key=lambda r: (r.position, r.participant != ROOM, r.participant))
    return tuple(rows)


# --- rendering ---------------------------------------------------------------------------------


def render_group(report: GroupReport, fmt: str) -> str:
    """The report in format `fmt` (one of GROUP_FORMATS); ValueError names the known formats."""
    return render_in(GROUP_FORMATS, report, fmt)


def write_group_report(report: GroupReport, fmt: str, path: Path) -> Path:
    """Render and write to `path` (UTF-8; CSV with the newlines the csv module chose)."""
    return write_rendered(render_group(report, fmt), path, fmt)

"""Building a score report: every figure (quiz.reports.figures) and sentence (quiz.reports.wording)
for one learner's answers in one pack, over one session or a history of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from quiz.core.packs import LoadedPack
from quiz.core.records import AnswerRecord, SessionRecord
from quiz.reports.figures import (
    balanced_accuracy,
    calibration,
    category_figures,
    category_refs,
    change_since_first,
    compared_runs,
    confusion_matrix,
    counted_answers,
    missed_items,
    overall,
    response_bias,
    session_history,
)
from quiz.reports.report import PackInfo, Report
from quiz.reports.wording import (
    describe_bias,
    describe_change,
    describe_left_out,
    describe_no_change,
    practice_next,
)


def build_report(
    answers: Sequence[AnswerRecord],
    sessions: Sequence[SessionRecord],
    pack: LoadedPack | None,
    *,
    learner: str | None = None,
    generated_at: dt.datetime | None = None,
    display_name: str | None = None,
    group: str | None = None,
) -> Report:
    """All figures for `answers` (one learner, one pack), covering `sessions`.

    One session gives a session report; several give a history (per-session figures, and the
    change from the first full run to the latest one like it). Over a history the totals leave
    out retry runs (`figures.counted_answers`). `pack` supplies category labels and the missed
    items' passages; with None (the pack file is gone) categories are labelled by id and missed
    items carry a note. `display_name` and `group` are printed on top instead of the learner's
    stored name and under it. Raises ValueError when an answer or session belongs to another pack
    than `pack`.
    """
    answers = tuple(answers)
    sessions = tuple(sorted(sessions, key=lambda s: (s.started_at, s.id)))
    if pack is not None:
        foreign = {a.pack_id for a in answers} | {s.pack_id for s in sessions}
        foreign.discard(pack.pack.id)
        if foreign:
            raise ValueError(
                f"build_report: records of pack(s) {sorted(foreign)} given with pack "
                f"{pack.pack.id!r}; a report covers one pack"
            )
    categories = category_refs(pack.categories if pack else (), answers)
    history = session_history(answers, sessions, categories)
    infos = tuple(figure.session for figure in history)
    counted = counted_answers(answers, infos)
    matrix = confusion_matrix(counted, [c.id for c in categories])
    change = change_since_first(history)
    figures = overall(counted)
    bias = response_bias(matrix, categories)
    moment = generated_at or dt.datetime.now(dt.UTC)
    change_sentence = describe_change(change, history)
    if change_sentence is None and len(history) > 1:
        change_sentence = describe_no_change(compared_runs(history), history)
    return Report(
        learner=learner if learner is not None else _learner(answers, sessions),
        generated_at=moment.astimezone(dt.UTC).isoformat(timespec="seconds"),
        pack=_pack_info(pack, answers, sessions),
        sessions=infos,
        categories=categories,
        overall=figures,
        per_category=category_figures(counted, categories, matrix),
        confusion=matrix,
        balanced_accuracy=balanced_accuracy(matrix),
        bias=bias,
        bias_sentence=describe_bias(bias, figures.answered),
        calibration=calibration(counted),
        history=history,
        change=change,
        change_sentence=change_sentence,
        missed=missed_items(counted, pack if pack else {}, categories),
        practice_next=practice_next(counted, categories),
        answers=answers,
        left_out=describe_left_out(answers, counted, infos),
        display_name=display_name or None,
        group=group or None,
    )


def report_for_sessions(
    sessions: Sequence[SessionRecord], pack: LoadedPack | None, **options
) -> Report:
    """`build_report` over the answers the session records carry (as the store's `session(id)`
    and `sessions(..., with_answers=True)` return them), oldest session first."""
    ordered = sorted(sessions, key=lambda s: (s.started_at, s.id))
    return build_report([a for s in ordered for a in s.answers], ordered, pack, **options)


def _learner(answers: Sequence[AnswerRecord], sessions: Sequence[SessionRecord]) -> str:
    names = list(dict.fromkeys([s.learner for s in sessions] + [a.learner for a in answers]))
    return ", ".join(names)


def _pack_info(
    pack: LoadedPack | None, answers: Sequence[AnswerRecord], sessions: Sequence[SessionRecord]
) -> PackInfo:
    played = list(dict.fromkeys(s.pack_version for s in sessions if s.pack_version))
    if pack is not None:
        return PackInfo(
            pack.pack.id, pack.pack.title, ", ".join(played) or pack.pack.version, pack.pack.version
        )
    pack_id = next(iter([s.pack_id for s in sessions] + [a.pack_id for a in answers]), "")
    return PackInfo(pack_id, pack_id, ", ".join(played), None)

"""What a participant may see of a workshop: the view their screen shows, read from the store,
and their own score report to take home.

Before the reveal the view carries the passage, the claim and their own answer, and nothing else
about the item: no best answer, no explanation, no room distribution. The web host renders each
page from this view alone (quiz.workshop.web_screens), so what the view leaves out never leaves
the host.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from quiz.core.engine import Feedback, Span, feedback_for, span_in
from quiz.core.records import AnswerRecord, SessionRecord
from quiz.core.workshop_records import Pace, Phase, State
from quiz.workshop import queries
from quiz.workshop.model import Workshop
from quiz.workshop.plan import WorkshopError

# --- what a participant sees -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Question:
    """An item as a participant sees it before the reveal: passage and claim, nothing else."""

    position: int
    number: int  # 1-based, among the workshop's steps
    total: int
    phase: Phase
    passage: str
    claim: Span


@dataclass(frozen=True, slots=True)
class Reveal:
    """What the reveal shows: the feedback on the participant's answer (when they gave none,
    the feedback an answer of the best category would get, with `answered` False) and how the
    room answered (category id -> answers)."""

    feedback: Feedback
    answered: bool
    room: dict[str, int]


@dataclass(frozen=True, slots=True)
class ParticipantView:
    """Everything one participant's screen shows, at one revision of the workshop."""

    revision: int
    state: State
    pace: Pace
    title: str
    joined: int
    question: Question | None  # None in the lobby and once the participant has finished
    chosen: str | None  # their latest answer to `question`
    reveal: Reveal | None  # None until `question` is revealed (to everyone or, self paced, to them)
    finished: bool  # nothing left to answer: the workshop ended, or (self pace) they are done

    @property
    def can_answer(self) -> bool:
        return self.question is not None and self.reveal is None and self.state is State.QUESTION

    @property
    def can_reveal(self) -> bool:
        """Self pace: a discussion item, answered and not yet revealed."""
        return (self.pace is Pace.SELF and self.can_answer and self.chosen is not None
                and not self.question.phase.is_check)

    @property
    def can_move_on(self) -> bool:
        """Self pace: the item is answered (and revealed, unless it is a check item)."""
        if self.pace is not Pace.SELF or self.question is None or self.chosen is None:
            return False
        return self.question.phase.is_check or self.reveal is not None


def participant_view(workshop: Workshop, participant_id: int) -> ParticipantView:
    """What participant `participant_id` sees now (WorkshopError if they are not in it)."""
    return participant_views(workshop, [participant_id])[participant_id]


def participant_views(
    workshop: Workshop, participant_ids: Iterable[int]
) -> dict[int, ParticipantView]:
    """What each of these participants sees now, read in one transaction (so every view is of
    one revision), the parts they share read once: the web host pushes a move to the whole
    room with this. A participant who is not in the workshop (removed, unknown) raises
    WorkshopError."""
    wanted = list(dict.fromkeys(participant_ids))
    with queries.consistent_read(workshop.store) as db:
        info = queries.info(db, workshop.id)
        steps = queries.steps(db, workshop.id)
        people = {p.id: p for p in queries.participants(db, workshop.id)}
        missing = [i for i in wanted if i not in people]
        if missing:
            raise WorkshopError(f"no participant {missing[0]} in this workshop: join first")
        running = info.state in (State.QUESTION, State.REVEALED)
        answers: dict[int, dict[int, tuple[str, float]]] = {}  # position -> participant -> answer
        rooms: dict[int, dict[str, int]] = {}

        def answers_at(position: int) -> dict[int, tuple[str, float]]:
            if position not in answers:
                answers[position] = queries.chosen_at(db, workshop.id, position)
            return answers[position]

        def room_at(position: int) -> dict[str, int]:
            if position not in rooms:
                rooms[position] = queries.distribution(db, workshop.id, position,
                                                       workshop.pack.category_ids)
            return rooms[position]

        views = {}
        for participant_id in wanted:
            person = people[participant_id]
            step, revealed, finished = None, False, info.state is State.DONE
            if running and info.pace is Pace.FACILITATOR:
                step, revealed = steps[info.position], info.state is State.REVEALED
            elif running and person.position < len(steps):
                step, revealed = steps[person.position], person.revealed
            elif running:
                finished = True
            question = chosen = reveal = None
            if step is not None:
                item = workshop.item(step)
                answer = answers_at(step.position).get(participant_id)
                chosen = answer[0] if answer else None
                question = Question(step.position, step.number, len(steps), step.phase,
                                    item.passage, span_in(item.passage, item.claim)
                                    or Span(0, len(item.passage)))
                if revealed and not step.phase.is_check:
                    feedback = feedback_for(workshop.pack, item, chosen or item.answer,
                                            seconds=answer[1] if answer else 0.0)
                    reveal = Reveal(feedback, answer is not None, room_at(step.position))
            views[participant_id] = ParticipantView(
                info.revision, info.state, info.pace, info.title, len(people), question,
                chosen, reveal, finished)
    return views


# --- a participant's own report --------------------------------------------------------------


def participant_report(workshop: Workshop, participant_id: int, *,
                       generated_at: dt.datetime | None = None):
    """The learner report (quiz.reports.Report) of one participant's latest answers. With a
    before/after check each phase is a session of its own, so the report shows the change from
    the before check to the after check."""
    # only here: the report modules load when a participant finishes, not as every app starts
    from quiz.reports import build_report

    # Their own answers only, in one read: the whole room's record would cost the host a
    # tenth of a second per participant as 300 pages reach the end together.
    with queries.consistent_read(workshop.store) as db:
        info = queries.info(db, workshop.id)
        steps = queries.steps(db, workshop.id)
        person = queries.participant(db, workshop.id, participant_id)
        own = queries.latest_answers_of(db, workshop.id, participant_id)
    phases = list(dict.fromkeys(step.phase for step in steps))
    number = {phase: n for n, phase in enumerate(phases, start=1)}
    started = info.started_at or info.created_at
    sessions = [
        SessionRecord(
            id=number[phase], learner=person.name, pack_id=info.pack_id,
            pack_version=info.pack_version, pack_path=info.pack_path,
            mode=phase.title if info.has_check else "workshop",
            item_ids=tuple(s.item_id for s in steps if s.phase is phase),
            started_at=started, finished_at=info.finished_at,
        )
        for phase in phases
    ]
    phase_of = {step.position: step.phase for step in steps}
    answers = [
        AnswerRecord.of_workshop_answer(a, session_id=number[phase_of[a.position]],
                                        learner=person.name, pack_id=info.pack_id)
        for a in own
    ]
    answered = {a.session_id for a in answers}
    covered = [s for s in sessions if s.id in answered] or sessions[:1]
    return build_report(answers, covered, workshop.pack, learner=person.name,
                        generated_at=generated_at)


def report_filename(workshop_id: int, name: str) -> str:
    """E.g. "workshop-12-ana-maria-report.html": ASCII letters and digits only (accents dropped),
    so any browser saves it under that name (it travels in an HTTP header unquoted)."""
    letters = unicodedata.normalize("NFKD", name.casefold()).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", letters).strip("-")
    return f"workshop-{int(workshop_id)}-{slug[:30] or 'participant'}-report.html"

"""`quiz study`: what is due today, how far each kind is mastered, then a study run in plain mode.

The scheduling is quiz.core.schedule's (FSRS); this module only says it and asks what to do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TextIO

from quiz.commands.common import (
    PROG,
    CommandError,
    check_after_use,
    guarded,
    plain_reason,
    prepare_plain_streams,
    quiz_store,
    resume_how,
    store_choice,
)
from quiz.commands.play import play_recorded
from quiz.content.pack_files import load_pack, resolve_pack
from quiz.content.problems import PackError
from quiz.core.engine import Mode, QuizOptions, QuizSession
from quiz.core.packs import LoadedPack
from quiz.core.schedule import NEW_ITEMS_PER_RUN, StudyOverview, due_text
from quiz.core.text import visible
from quiz.core.wording import counted
from quiz.plain import EndOfInput, Lines, offer_resume
from quiz.storage.progress import due_items, new_items, overview
from quiz.storage.settings import read_settings


@guarded
def run_study(
    args: argparse.Namespace,
    *,
    now: dt.datetime | None = None,
    input_stream: TextIO | None = None,
    output_stream: TextIO | None = None,
) -> int:
    """Study in the app, or in plain mode without a terminal or with --plain; `now` is for tests."""
    choice = store_choice(args)
    pack = _load(getattr(args, "pack", None), choice.data_dir)
    if not getattr(args, "plain", False):
        reason = plain_reason()
        if reason is None:
            return _run_app(args, choice, pack)
        print(f"{PROG} study: using plain mode because {reason}", file=sys.stderr)
    if input_stream is None:
        prepare_plain_streams()
    with quiz_store(choice) as store:
        input_stream = input_stream or sys.stdin
        return study_plain(store, choice.learner, pack, now=now,
                           confidence=bool(getattr(args, "confidence", False)),
                           input_stream=input_stream,
                           output_stream=output_stream or sys.stdout,
                           how=resume_how(args, input_stream))


def study_plain(
    store,
    learner: str,
    pack: LoadedPack,
    *,
    now: dt.datetime | None,
    confidence: bool,
    input_stream: TextIO,
    output_stream: TextIO,
    how: str = "ask",
) -> int:
    """Offer an interrupted study run first (`how`: see quiz.plain.offer_resume); else say
    what is due and study it (or, when nothing is, offer what else: on a terminal it asks,
    otherwise it learns new items, or runs a practice run when none are left, and says so)."""
    lines = Lines(input_stream, output_stream)
    streams = {"input_stream": input_stream, "output_stream": output_stream}
    try:
        plan = offer_resume(store, learner, pack, lines, how=how, mode=Mode.STUDY)
        if plan is not None:
            return play_recorded(store, learner, pack, plan.options, confidence=confidence,
                                 mode=plan.session.mode, plan=plan, **streams)
        now = now or dt.datetime.now(dt.timezone.utc)
        figures = overview(store, learner, pack, now)
        for line in overview_lines(figures, pack, learner, now):
            lines.say(line)
        due = due_items(store, learner, pack, now)
        fresh = new_items(store, learner, pack, NEW_ITEMS_PER_RUN)
        if due:
            items, mode = due + fresh, Mode.STUDY
            heading = (f"Study: {counted(len(due), 'item')} due for review"
                       + (f", then {counted(len(fresh), 'new item')}." if fresh else "."))
        else:
            choices = {"p": "practice"}
            prompt = "Nothing is due for review. Type p for a full practice run"
            if fresh:
                choices = {"n": "new", **choices}
                prompt = (f"Nothing is due for review. Type n to learn "
                          f"{counted(len(fresh), 'new item')}, p for a full practice run")
            if how == "ask":
                picked = lines.ask_choice(f"{prompt}, q to quit: ", choices)
            else:  # a script cannot expect this question: the first choice, said
                picked = "new" if fresh else "practice"
                lines.say("Nothing is due for review: "
                          + (f"learning {counted(len(fresh), 'new item')}." if fresh
                             else "a full practice run."))
            if picked == "practice":
                return play_recorded(store, learner, pack, QuizOptions(), confidence=confidence,
                                     mode="practice", **streams)
            items, mode = fresh, Mode.STUDY
            heading = f"Study: {counted(len(fresh), 'new item')}."
    except EndOfInput:
        return 0
    # Schedule order (the longest overdue first), which select_items would re-sort by article.
    session = QuizSession.resume(pack, [item.id for item in items], [], QuizOptions())
    return play_recorded(store, learner, pack, session.options, confidence=confidence,
                         mode=mode, session=session, heading=heading, **streams)


def overview_lines(
    figures: StudyOverview, pack: LoadedPack, learner: str, now: dt.datetime
) -> list[str]:
    """What study mode says first: due now and today, new items, mastery per kind."""
    lines = [f"Study for {visible(learner)!r}, pack {visible(pack.pack.title)!r}.",
             f"Due now: {figures.due_now}. Due today: {figures.due_today}. "
             f"New (never answered): {figures.new}."]
    if not figures.due_now and figures.next_due is not None:
        lines.append(f"Next review: {due_text(figures.next_due, now)}.")
    lines.append("Mastery by kind (mastered: FSRS expects you to recall it a week from now):")
    for entry in figures.mastery:
        if not entry.total:
            continue
        label = visible(pack.category(entry.category).label)
        lines.append(f"  {label}: {entry.mastered} of {entry.total} mastered "
                     f"({entry.seen} seen)")
    return lines


def _load(name: str | None, data) -> LoadedPack:
    try:
        path = resolve_pack(name, data)
    except LookupError as error:
        raise CommandError(str(error)) from None
    try:
        return load_pack(path)
    except PackError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        raise CommandError(f"cannot study {path}: fix the problems above "
                           f"(check with 'quiz validate {path}')", 1) from None


def _run_app(args: argparse.Namespace, choice, pack: LoadedPack) -> int:
    """The app, opened on its study mode."""
    from quiz.ui.app import QuizApp  # only here: Textual loads only when the app runs

    settings = read_settings(choice.data_dir)
    confidence = getattr(args, "confidence", None)
    app = QuizApp(pack_path=Path(pack.path), study=True, data_dir=choice.data_dir,
                  learner=choice.learner, settings=settings,
                  confidence=bool(settings.confidence) if confidence is None else confidence)
    app.run()
    check_after_use(choice)
    return app.return_code or 0

"""`quiz play` (and bare `quiz`): find and check the pack, turn the options into QuizOptions, start.

Starts the Textual app on a terminal, plain line mode otherwise (recording every answer in the
store and offering to resume an interrupted run); a bad option ends in one line.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from typing import TextIO

from quiz.commands.common import (
    PACK_PROBLEMS_EXIT,
    StoreChoice,
    check_after_use,
    guarded,
    load_pack_or_explain,
    plain_reason,
    prepare_plain_streams,
    quiz_store,
    resume_how,
    store_choice,
    usage_error,
)
from quiz.content.pack_files import resolve_pack
from quiz.core.engine import Mode, Order, QuizOptions, QuizSession, select_items
from quiz.core.packs import LoadedPack
from quiz.core.text import visible
from quiz.plain import EndOfInput, Lines, offer_resume, run_plain
from quiz.storage.recording import SessionRecorder, resumed_recorder
from quiz.storage.resume import ResumePlan
from quiz.storage.settings import Settings, read_settings
from quiz.storage.store import Store

PROG = "quiz"


class UsageError(Exception):
    """A bad option value: reported as one line, exit code 2."""


@guarded
def run(args: argparse.Namespace) -> int:
    """Play a quiz as the parsed command line asks; returns the exit code."""
    choice = store_choice(args)
    try:
        pack_path = resolve_pack(getattr(args, "pack", None), choice.data_dir)
    except LookupError as error:
        return usage_error(PROG, str(error))
    pack = load_pack_or_explain(pack_path, prog=PROG, verb="play")
    if pack is None:
        return PACK_PROBLEMS_EXIT
    try:
        options = quiz_options(args, pack.category_ids)
        _require_items(pack, options)
    except UsageError as error:
        return usage_error(PROG, str(error))

    no_app = plain_reason()
    if getattr(args, "plain", False) or no_app:
        if no_app and not getattr(args, "plain", False):
            print(f"{PROG}: using plain mode because {no_app}", file=sys.stderr)
        return _run_plain(pack, options, confidence=bool(getattr(args, "confidence", False)),
                          choice=choice, how=resume_how(args, sys.stdin))

    from quiz.ui.app import QuizApp  # only here: Textual loads only when the app runs

    settings = read_settings(choice.data_dir)
    options, confidence, study = app_start(args, options, settings)
    app = QuizApp(pack_path=pack_path, options=options, confidence=confidence, study=study,
                  data_dir=choice.data_dir, learner=choice.learner, settings=settings)
    app.run()
    # The full integrity check reads the whole file, so it runs after the quiz, not before.
    check_after_use(choice)
    return app.return_code or 0


def app_start(
    args: argparse.Namespace, options: QuizOptions, settings: Settings
) -> tuple[QuizOptions, bool, bool]:
    """The app's options, "how sure?" setting and whether it opens in Study mode: what the
    command line says, else what was used last (plain mode, for scripts, uses only the command
    line)."""
    mode = getattr(args, "mode", None)
    if mode is None and settings.mode in (Mode.PRACTICE, Mode.CHECK):
        options = dataclasses.replace(options, mode=Mode(settings.mode))
    confidence = getattr(args, "confidence", None)
    if confidence is None:
        confidence = bool(settings.confidence)
    return options, confidence, mode is None and settings.mode == Mode.STUDY


def quiz_options(args: argparse.Namespace, category_ids: list[str]) -> QuizOptions:
    """QuizOptions from the play options; UsageError names a bad value and what would be right."""
    categories = tuple(getattr(args, "category", None) or ())
    for category in categories:
        if category not in category_ids:
            raise UsageError(f"argument --category: unknown category {category!r} "
                             f"(valid: {', '.join(category_ids)})")
    count = getattr(args, "count", None)
    if count is not None and count < 1:
        raise UsageError(f"argument --count: must be at least 1 (got {count})")
    seed = getattr(args, "seed", None)
    # A seed only means something for a shuffled order, so giving one asks for shuffling.
    shuffle = getattr(args, "shuffle", False) or seed is not None
    return QuizOptions(
        mode=Mode(getattr(args, "mode", None) or Mode.PRACTICE),
        order=Order.SHUFFLE if shuffle else Order.ARTICLE,
        seed=seed,
        categories=categories,
        difficulties=tuple(getattr(args, "difficulty", None) or ()),
        tags=tuple(getattr(args, "tag", None) or ()),
        count=count,
    )


def _require_items(pack: LoadedPack, options: QuizOptions) -> None:
    if not select_items(pack, options):
        asked = [f"--category {c}" for c in options.categories]
        asked += [f"--difficulty {d}" for d in options.difficulties]
        asked += [f"--tag {t}" for t in options.tags]
        raise UsageError(f"no items in pack {pack.pack.id!r} match {' '.join(asked)}")


def _run_plain(
    pack: LoadedPack, options: QuizOptions, *, confidence: bool, choice: StoreChoice, how: str
) -> int:
    prepare_plain_streams()
    with quiz_store(choice) as store:
        try:
            plan = offer_resume(store, choice.learner, pack, Lines(sys.stdin, sys.stdout),
                                how=how, mode=str(options.mode))
        except EndOfInput:
            return 0
        return play_recorded(store, choice.learner, pack, options, confidence=confidence,
                             plan=plan, mode=str(options.mode))


def play_recorded(
    store: Store,
    learner: str,
    pack: LoadedPack,
    options: QuizOptions,
    *,
    confidence: bool,
    mode: str,
    plan: ResumePlan | None = None,
    session: QuizSession | None = None,
    heading: str | None = None,
    input_stream: TextIO | None = None,
    output_stream: TextIO | None = None,
) -> int:
    """Play in plain mode with every answer committed to `store` as it is given.

    With `plan`, the interrupted session continues under its own id and options; otherwise
    `session` (or a new one from `options`) is recorded as a new session of `mode`.
    """
    input_stream = input_stream or sys.stdin
    output_stream = output_stream or sys.stdout
    resumed = resumed_recorder(store, plan.session.id) if plan is not None else None
    if plan is not None and resumed is None:
        print("That run is being played in another window, so it stays there; starting a new "
              "run here.", file=output_stream)
    if plan is not None and resumed is not None:
        session = plan.quiz_session(pack)
        recorder = resumed
        confidence = bool(plan.session.options.get("confidence", confidence))
        heading = None
    else:
        session = session or QuizSession(pack, options)
        recorder = SessionRecorder.for_new_run(store, learner, session, mode=mode,
                                               extra={"confidence": confidence})
    code = run_plain(pack, session.options, input_stream=input_stream,
                     output_stream=output_stream, confidence=confidence, recorder=recorder,
                     session=session, heading=heading)
    saved = recorder.session_id is not None
    if saved and not session.finished:
        print(f"Your answers are saved for {visible_name(learner)}: start this pack again to "
              "continue where you left off.", file=output_stream)
        output_stream.flush()
    return code


def visible_name(name: str) -> str:
    return repr(visible(name))

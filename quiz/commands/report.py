"""`quiz report`: choose the sessions (latest, --session ID, --all), build the report, write it.

The figures are quiz.reports'; this module picks the records, finds the pack and the output, and
says on standard error which session it chose and why (standard output stays the report).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from quiz.commands.common import (
    PROG,
    CommandError,
    StoreChoice,
    guarded,
    open_store,
    say_damaged,
    store_choice,
)
from quiz.content.pack_files import pack_for, pack_id_for
from quiz.core.history import Run, run_label, run_of, selection_of
from quiz.core.records import SessionRecord
from quiz.core.text import visible, visible_fields
from quiz.core.wording import counted, local_time
from quiz.storage.store import Store

# How many sessions an unknown --session id lists (the most recent ones).
LISTED_SESSIONS = 20
# The default report skips a session that stopped with fewer answers than this: a run left after
# one or two items says nothing about the kinds (the per-kind rates need 5 items,
# quiz.reports.figures). A run with every item answered is never skipped, however short (a
# 3-item retry).
MIN_DEFAULT_ANSWERS = 5
# How far back the default looks for a session with enough answers.
DEFAULT_LOOKBACK = 20


@guarded
def run_report(args: argparse.Namespace) -> int:
    """Build and print or write the report the options ask for; returns the exit code."""
    # only here: `quiz --help` stays instant
    from quiz.reports import render, report_for_sessions, write_report

    choice = store_choice(args)
    pack_id = pack_id_for(args.pack, choice.data_dir)[0] if getattr(args, "pack", None) else None
    store = open_store(choice, read_only=True)  # it only reads: a read-only folder is fine
    notes: list[str] = []
    try:
        sessions = chosen_sessions(store, choice, args, pack_id, notes)
    finally:
        store.close()
        say_damaged(store)
    pack = pack_for(sessions[-1], choice.data_dir)
    report = report_for_sessions(sessions, pack, learner=sessions[-1].learner,
                                 display_name=_option(args, "name"),
                                 group=_option(args, "group"))
    fmt = args.format
    if args.out:
        out = Path(args.out).expanduser()
        try:
            write_report(report, fmt, out)
        except OSError as error:
            raise CommandError(f"argument --out: cannot write {out}: "
                               f"{error.strerror or error}") from None
        _say(notes)
        print(f"Report written to {out}", file=sys.stderr)
        return 0
    if fmt == "text" and colour_terminal():
        from rich.console import Console  # only here: rich loads only on a terminal

        from quiz.reports.render_text import print_report

        # Rich passes control characters through: every text of the report is made visible.
        print_report(visible_fields(report), Console(highlight=False, emoji=False))
        _say(notes)
        return 0
    sys.stdout.write(render(report, fmt))
    sys.stdout.flush()
    _say(notes)
    return 0


def _say(notes: list[str]) -> None:
    # After the report, so an error stays the one line it is, and a terminal shows the choice
    # last, where the reader looks.
    for note in notes:
        print(f"{PROG} report: {note}", file=sys.stderr)


def chosen_sessions(
    store: Store, choice: StoreChoice, args: argparse.Namespace, pack_id: str | None,
    notes: list[str] | None = None,
) -> list[SessionRecord]:
    """The sessions the report covers, oldest first, each with its answers; for the default (the
    latest), `notes` gets which one was chosen and why.

    CommandError: exit 2 for an unknown --session (listing the ones there are), exit 1 when the
    learner has no sessions yet.
    """
    if args.session is not None:
        if args.all:
            raise CommandError("argument --all: not allowed with --session (a report covers "
                               "one session, or --all of them)")
        record = store.session(args.session)
        # A session id names one session whoever played it (a teacher may pass any), unless
        # --learner says whose it must be.
        if record is not None and args.learner is not None and record.learner != choice.learner:
            record = None
        if record is None:
            raise CommandError(unknown_session_message(store, choice, args.session, pack_id))
        return [record]
    if args.all:
        latest = store.sessions(choice.learner, pack_id=pack_id, limit=1)
        if not latest:
            raise _no_sessions(choice, pack_id)
        # A report covers one pack: the pack of the latest session unless --pack chose one.
        one_pack = pack_id or latest[-1].pack_id
        others = {s.pack_id for s in store.sessions(choice.learner)} - {one_pack}
        if others and pack_id is None:
            print(f"{PROG} report: the report covers pack {one_pack!r}, the latest played; "
                  f"for {', '.join(sorted(map(repr, others)))} add --pack", file=sys.stderr)
        return store.sessions(choice.learner, pack_id=one_pack, with_answers=True)
    recent = store.sessions(choice.learner, pack_id=pack_id, limit=DEFAULT_LOOKBACK,
                            with_answers=True)
    if not recent:
        raise _no_sessions(choice, pack_id)
    chosen, why = default_session(recent)
    if notes is not None:
        notes.append(why)
    return [chosen]


def enough_answers(session: SessionRecord) -> bool:
    """Whether the default report may cover `session`: every item it asked answered, or at
    least MIN_DEFAULT_ANSWERS answers."""
    return run_of(session) != Run.UNFINISHED or len(session.answers) >= MIN_DEFAULT_ANSWERS


def default_session(recent: list[SessionRecord]) -> tuple[SessionRecord, str]:
    """The latest of `recent` (oldest first, with answers) with enough answers, and why it was
    chosen, in words; the latest one when none has enough (and that is said)."""
    latest = recent[-1]
    chosen = next((s for s in reversed(recent) if enough_answers(s)), None)
    if chosen is latest:
        return latest, f"session {describe(latest)}, your latest."
    if chosen is None:
        return latest, (f"session {describe(latest)}, your latest, though it has fewer than "
                        f"{MIN_DEFAULT_ANSWERS} answers: no recent session has more.")
    skipped = list(reversed(recent[recent.index(chosen) + 1:]))
    listed = "; ".join(describe(s) for s in skipped[:3]) + ("; ..." if len(skipped) > 3 else "")
    which = "session" if len(skipped) == 1 else "sessions"
    return chosen, (
        f"session {describe(chosen)}, your latest with enough answers to report on (every "
        f"item, or at least {MIN_DEFAULT_ANSWERS}). Skipped the later {which} {listed}: "
        f"--session {skipped[0].id} reports {'it' if len(skipped) == 1 else 'one'} anyway.")


def describe(session: SessionRecord) -> str:
    """E.g. "12 (2024-05-01 09:00, practice, 22 of 22 answered)"."""
    label = run_label(session.mode, run_of(session), selection_of(session.options))
    answered = f"{len(session.answers)} of {counted(len(session.item_ids), 'item')} answered"
    return f"{session.id} ({local_time(session.started_at)}, {visible(label)}, {answered})"


def _option(args: argparse.Namespace, name: str) -> str | None:
    # --name and --group: a name for the page, so it is stripped and never an empty line.
    value = getattr(args, name, None)
    return value.strip() or None if isinstance(value, str) else None


def unknown_session_message(
    store: Store, choice: StoreChoice, session_id: int, pack_id: str | None
) -> str:
    """Names the id, and lists the learner's sessions (the most recent LISTED_SESSIONS)."""
    recent = store.sessions(choice.learner, pack_id=pack_id, limit=LISTED_SESSIONS)
    whose = f"of learner {choice.learner!r}"
    if not recent:
        return f"argument --session: no session {session_id} {whose}, who has no sessions yet"
    listed = "; ".join(session_summary(s) for s in reversed(recent))
    more = " (the most recent)" if len(recent) == LISTED_SESSIONS else ""
    return f"argument --session: no session {session_id} {whose}; sessions{more}: {listed}"


def session_summary(session: SessionRecord) -> str:
    return (f"{session.id} ({local_time(session.started_at)}, {session.pack_id}, "
            f"{session.mode})")


def _no_sessions(choice: StoreChoice, pack_id: str | None) -> CommandError:
    where = f" with pack {pack_id!r}" if pack_id else ""
    return CommandError(f"no sessions for learner {choice.learner!r}{where} yet: play a quiz "
                        "first ('quiz play'), then ask for its report", exit_code=1,
                        is_error=False)


def colour_terminal(environ: Mapping[str, str] | None = None) -> bool:
    """Colour only on a terminal, and never with NO_COLOR set (https://no-color.org)."""
    environ = os.environ if environ is None else environ
    try:
        on_terminal = sys.stdout.isatty()
    except (AttributeError, ValueError):
        on_terminal = False
    return on_terminal and not environ.get("NO_COLOR")

"""`quiz review PACK`: review a drafted pack in the app, as numbered prompts (`--plain`), or count
what is left (`--summary`); then, if asked, play it.

The review itself is quiz.content.review.session's; this module reads the options, prints one
line per problem and starts the app (imported only when it runs) or the prompts.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TextIO

from quiz.commands.common import (
    PACK_PROBLEMS_EXIT,
    CommandError,
    guarded,
    plain_reason,
    prepare_plain_streams,
    store_choice,
)
from quiz.content.pack_files import resolve_pack
from quiz.content.review.session import (
    ChangedOnDisk,
    EditRefused,
    Entry,
    ReviewError,
    ReviewSession,
)
from quiz.core.text import visible

PROG = "quiz review"
PLAIN_HELP = (
    "Keys: empty line accepts | 1-{n} answer | a N also accept | c WORDS cue | n WORDS claim | "
    "e explanation|source|discussion TEXT | e why N TEXT | s skip | x [REASON] drop | u undo | "
    "w write a copy | q quit"
)


@guarded
def run(args: argparse.Namespace) -> int:
    """Review the pack the command line names; returns the exit code."""
    choice = store_choice(args)
    try:
        path = resolve_pack(args.pack, choice.data_dir)
    except LookupError as error:
        raise CommandError(str(error)) from None
    try:
        session = ReviewSession.open(path)
    except ReviewError as error:
        raise CommandError(f"cannot review: {error}", PACK_PROBLEMS_EXIT) from None
    if args.summary:
        return print_summary(session, sys.stdout)
    no_app = plain_reason()
    if args.plain or no_app:
        if no_app and not args.plain:
            print(f"{PROG}: using plain mode because {no_app}", file=sys.stderr)
        prepare_plain_streams()
        return review_plain(session, sys.stdin, sys.stdout)

    from quiz.ui.review.app import (
        ReviewApp,  # only here: Textual loads only when the app runs
    )

    app = ReviewApp(session, report=lambda pack: first_players_report(args, pack))
    app.run()
    if app.return_value == "play":
        from quiz.ui.app import QuizApp  # only here: as above

        QuizApp(pack_path=path, data_dir=choice.data_dir, learner=choice.learner).run()
    return 0


def first_players_report(args: argparse.Namespace, pack) -> str:
    """The HTML report of the sessions played with `pack` on this computer; what happened."""
    from quiz.commands.common import open_store
    from quiz.reports import report_for_sessions, suggested_filename, write_report

    choice = store_choice(args)
    store = open_store(choice)
    try:
        sessions = store.sessions(choice.learner, pack_id=pack.pack.id, with_answers=True)
    finally:
        store.close()
    sessions = [s for s in sessions if s.answers]
    if not sessions:
        return (f"Nobody has played {pack.pack.id} as {choice.learner} yet: play it (p) or "
                "run a workshop with it, then its report is here.")
    report = report_for_sessions(sessions, pack, learner=choice.learner)
    folder = choice.data_dir / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    path = write_report(report, "html", folder / suggested_filename(report, "html"))
    return f"Report of {len(sessions)} session(s) saved: {path}"


# -- --summary ----------------------------------------------------------------------------------


def print_summary(session: ReviewSession, out: TextIO) -> int:
    """Counts, then each problem as file:line:col; exit 1 when any is an error."""
    summary = session.summary()
    print(f"{session.path}: {summary.items} items: {summary.reviewed} reviewed, "
          f"{summary.drafts} draft(s) ({summary.low_confidence} low-confidence), "
          f"{summary.failing} failing the checks", file=out)
    for problem in summary.problems:
        print(visible(str(problem)), file=out)
    errors = sum(p.severity == "error" for p in summary.problems)
    warnings = len(summary.problems) - errors
    print(f"problems: {errors} error(s), {warnings} warning(s)", file=out)
    if session.read_only:
        print(f"read-only: {visible(session.read_only)}", file=out)
    return 1 if errors else 0


# -- --plain ------------------------------------------------------------------------------------


def describe(session: ReviewSession, entry: Entry) -> list[str]:
    """The item as lines: its article context, passage, claim, answer, cue, texts, checks."""
    labels = session.categories
    before, after = session.context(entry)
    passage, claim = entry.text("passage"), entry.text("claim")
    lines = []
    if before:
        lines.append(f"Before:  {before}")
    lines.append(f"Passage: {passage}")
    if after:
        lines.append(f"After:   {after}")
    lines.append("Claim:   " + ("the whole passage" if claim == passage else claim))
    answer = str(entry.fields.get("answer", ""))
    number = labels.ids.index(answer) + 1 if answer in labels.ids else "?"
    drafted = entry.drafter_notes
    lines.append(f"Answer:  {number} {labels.label(answer)}"
                 + (f" (drafter: {', '.join(drafted)})" if drafted else ""))
    also = [labels.label(a) for a in entry.fields.get("also_accept") or []]
    if also:
        lines.append(f"Also accepted: {', '.join(also)}")
    lines.append(f"Cue:     {entry.text('cue') or '(none)'}")
    lines.append(f"Source:  {entry.text('source')}")
    lines.append(f"Explanation: {entry.text('explanation')}")
    for n, category in enumerate(labels.ids, 1):
        if category != answer and entry.text(f"why_not.{category}"):
            lines.append(f"  why not {n} {labels.label(category)}: "
                         f"{entry.text(f'why_not.{category}')}")
    if entry.text("discussion"):
        lines.append(f"Discussion: {entry.text('discussion')}")
    if entry.problems:
        lines += [f"Problem: line {p.line} col {p.col}: {p.severity}: {p.message}"
                  for p in entry.problems]
    else:
        lines.append("Checks: pass (accept with an empty line)")
    return [visible(line) for line in lines]


def _words_span(entry: Entry, words: str):
    from quiz.content.review.words import Span

    passage = entry.text("passage")
    at = passage.find(words)
    if not words or at < 0:
        raise EditRefused(f"{words!r} is not in the passage as written (type its words exactly)")
    return Span(at, at + len(words))


def _edit(session: ReviewSession, rest: str) -> str:
    name, _, text = rest.partition(" ")
    if name == "why":
        number, _, text = text.partition(" ")
        ids = session.categories.ids
        if not number.isdigit() or not 1 <= int(number) <= len(ids):
            raise EditRefused(f"e why N TEXT: N is 1-{len(ids)}")
        return session.set_texts({f"why_not.{ids[int(number) - 1]}": text})
    if name not in ("explanation", "source", "discussion"):
        raise EditRefused("e explanation|source|discussion TEXT, or e why N TEXT")
    return session.set_texts({name: text})


def _category(session: ReviewSession, typed: str) -> str:
    ids = session.categories.ids
    if typed.isdigit() and 1 <= int(typed) <= len(ids):
        return ids[int(typed) - 1]
    raise EditRefused(f"give a number 1-{len(ids)}")


def plain_step(session: ReviewSession, typed: str) -> str | None:
    """Carry out one typed line; returns what happened (None: quit)."""
    command, _, rest = typed.strip().partition(" ")
    rest = rest.strip()
    entry = session.current
    assert entry is not None
    actions: dict[str, Callable[[], str]] = {
        "": session.accept,
        "a": lambda: session.toggle_also(_category(session, rest)),
        "c": lambda: session.set_cue(_words_span(entry, rest)),
        "n": lambda: session.narrow_claim(_words_span(entry, rest)),
        "e": lambda: _edit(session, rest),
        "s": session.skip,
        "x": lambda: session.drop(rest) if rest else session.drop(),
        "u": session.undo,
        "w": lambda: f"wrote {session.save_copy()}",
    }
    if command in ("q", "quit"):
        return None
    if command.isdigit():
        return session.set_answer(_category(session, command))
    if command not in actions:
        raise EditRefused(f"unknown command {command!r}; " + PLAIN_HELP.format(
            n=len(session.categories.ids)))
    return actions[command]()


def review_plain(session: ReviewSession, stdin: TextIO, out: TextIO) -> int:
    """The review as numbered prompts: saved after each accepted or dropped item and at the end."""
    def say(line: str = "") -> None:
        print(line, file=out)

    say(visible(f"Reviewing {session.path}: {session.total} items, {session.drafts_left} "
                f"draft(s); low-confidence items first."))
    if session.read_only:
        say(visible(f"Read-only: {session.read_only}. You can read the items; nothing is "
                    "saved."))
    for problem in session.pack_problems:
        say(visible(f"Pack problem: {problem}"))
    if session.done:
        say("No drafts to review: every item is reviewed. Play it with: "
            f"quiz play --pack {session.path}")
        return 0
    say(PLAIN_HELP.format(n=len(session.categories.ids)))
    echo = not stdin.isatty() if hasattr(stdin, "isatty") else True
    shown: Entry | None = None
    code = 0
    while not session.done:
        entry = session.current
        assert entry is not None
        if entry is not shown:
            say()
            say(f"---- {session.position + 1} of {len(session.queue)} in review · "
                f"{session.reviewed} of {session.total} reviewed · {entry.id} ----")
            for line in describe(session, entry):
                say(line)
            shown = entry
        out.write("review> ")
        out.flush()
        line = stdin.readline()
        if not line:
            say()
            break
        typed = line.rstrip("\r\n")
        if echo:
            say(visible(typed))
        try:
            outcome = plain_step(session, typed)
        except EditRefused as error:
            say(visible(f"Not done: {error}"))
            continue
        if outcome is None:
            break
        say(visible(outcome))
        shown = None  # show the item again as it now is (or the next one)
        if typed.strip()[:1] in ("", "x"):
            code = _save(session, say) or code
    if session.unsaved:
        code = _save(session, say) or code
    if session.done:
        say(f"No drafts left: {session.reviewed} of {session.total} items reviewed. Play it "
            f"with: quiz play --pack {session.path}")
    return code


def _save(session: ReviewSession, say: Callable[[str], None]) -> int:
    if session.read_only or not session.unsaved:
        return 0
    try:
        say(visible(session.save()))
    except (ChangedOnDisk, EditRefused) as error:
        say(visible(f"Not saved: {error}"))
        return 1
    return 0


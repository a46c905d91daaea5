"""The command line's parser: `quiz` opens the app; subcommands validate packs, play in plain
mode, and more. Each command's work is its module's in quiz.commands.

Heavy imports (Textual, pydantic) happen inside the commands so `quiz --help` stays instant.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys
from typing import TextIO

from quiz import __version__
from quiz.core.text import visible

EXAMPLES = {
    "play": "quiz play --plain --seed 7",
    "validate": "quiz validate content/my-pack.yaml",
    "schema": "quiz schema > pack.schema.json",
    "draft": "quiz draft article.txt --out packs/",
    "review": "quiz review packs/article.yaml --plain",
    "export": "quiz export nk-victory-day-2023 --format moodle-xml --out quiz.xml",
    "import": "quiz import sheet.csv --out packs/sheet.yaml",
    "study": "quiz study --learner Ana",
    "history": "quiz history --learner Ana",
    "report": "quiz report --format html --out report.html",
    "locate": "quiz locate --data-dir ~/quiz-data",
    "workshop": "quiz workshop room --check --countdown 30",
}


class _Parser(argparse.ArgumentParser):
    """argparse that fails with one line and exit 2, never a usage dump or traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _add_play_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pack", metavar="PACK", help="pack file or bundled pack name")
    parser.add_argument("--plain", action="store_true",
                        help="line-by-line prompts for screen readers, dumb terminals and scripts")
    parser.add_argument("--mode", choices=["practice", "check"],
                        help="practice: feedback after each item; check: feedback at the end "
                             "(default: the mode used last, else practice)")
    parser.add_argument("--shuffle", action="store_true",
                        help="ask the items in random order (default: article order)")
    parser.add_argument("--seed", type=int, metavar="N",
                        help="shuffle the items reproducibly with this seed")
    parser.add_argument("--category", action="append", metavar="ID",
                        help="only items whose answer is this category (repeatable)")
    parser.add_argument("--difficulty", action="append", type=int, choices=[1, 2, 3],
                        help="only items of this difficulty (repeatable)")
    parser.add_argument("--tag", action="append", metavar="TAG",
                        help="only items with this tag (repeatable)")
    parser.add_argument("--count", type=int, metavar="N", help="ask at most N items")
    parser.add_argument("--confidence", action="store_true", default=None,
                        help="after each answer, rate how sure you were (1-3) (default: as "
                             "last time)")


def _add_resume_options(parser: argparse.ArgumentParser) -> None:
    """--resume / --fresh: what to do with an unfinished run without being asked (a pipe or a
    script cannot answer "Continue where you left off?"; without a terminal it is not asked)."""
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--resume", action="store_true",
                        help="continue the unfinished run of this pack, if there is one")
    choice.add_argument("--fresh", action="store_true",
                        help="start a new run; an unfinished one is closed (kept in history)")


def _add_store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", metavar="DIR",
                        help="folder for the progress database and your packs "
                             "(default: $QUIZ_DATA_DIR, else the platform's data folder)")
    parser.add_argument("--learner", metavar="NAME",
                        help="whose progress to use (default: $QUIZ_LEARNER, else your user name)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="quiz",
        description="Media-literacy trainer: who says so, and how would anyone check?",
        epilog="Run 'quiz' with no command to open the quiz on the bundled article.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"quiz {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, summary: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name, help=f"{summary}  e.g. {EXAMPLES[name]}", description=summary,
            epilog=f"example: {EXAMPLES[name]}",
        )

    play = command("play", "Take a quiz (full-screen app, or --plain line mode).")
    _add_play_options(play)
    _add_resume_options(play)
    _add_store_options(play)
    _add_store_commands(command)

    validate = command("validate", "Check content packs; print file:line:col for each problem.")
    validate.add_argument("targets", nargs="*", metavar="PACK_OR_DIR",
                          help="pack files or folders (default: every bundled pack)")

    command("schema", "Print the JSON Schema of the pack format.")
    _add_draft_commands(command)
    _add_workshop_commands(command)
    return parser


def _add_store_commands(command) -> None:
    study = command("study", "Review what is due (spaced repetition), then new items.")
    study.add_argument("--pack", metavar="PACK", help="pack file or bundled pack name")
    study.add_argument("--plain", action="store_true", help="line-by-line prompts")
    study.add_argument("--confidence", action="store_true", default=None,
                       help="after each answer, rate how sure you were (1-3)")
    _add_resume_options(study)
    _add_store_options(study)

    history = command("history", "List your past sessions, with a trend per kind of statement.")
    history.add_argument("--pack", metavar="PACK", help="only sessions of this pack")
    _add_store_options(history)

    report = command("report", "Score report: what you spot, what still fools you.")
    report.add_argument("--session", type=int, metavar="ID", help="this session (default: latest)")
    report.add_argument("--all", action="store_true",
                        help="every session of the pack, with the change since the first")
    report.add_argument("--pack", metavar="PACK", help="only sessions of this pack")
    report.add_argument("--format", default="text", choices=["text", "md", "html", "json", "csv"])
    report.add_argument("--out", metavar="FILE", help="write to FILE (default: standard output)")
    report.add_argument("--name", metavar="NAME",
                        help="the name printed on the report (default: the learner's)")
    report.add_argument("--group", metavar="TEXT", help="a class or group line under the name")
    _add_store_options(report)

    locate = command("locate", "Print where progress, your packs and the cache are kept.")
    _add_store_options(locate)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def _add_workshop_commands(command) -> None:
    """`quiz workshop room|host|report|list|simulate` (run by quiz.commands.workshop.run)."""
    workshop = command("workshop", "Run a workshop for a room, and report on it.")
    actions = workshop.add_subparsers(dest="workshop_command", metavar="ACTION",
                                      parser_class=_Parser)

    def action(name: str, summary: str) -> argparse.ArgumentParser:
        parser = actions.add_parser(name, help=summary, description=summary)
        parser.add_argument("--data-dir", metavar="DIR",
                            help="folder for the progress database "
                                 "(default: $QUIZ_DATA_DIR, else the platform's data folder)")
        return parser

    room = action("room", "One screen for a projector: the room answers by show of hands.")
    room.add_argument("--pack", metavar="PACK", help="pack file or bundled pack name")
    room.add_argument("--check", action="store_true",
                      help="a before check on half the items and an after check on the other "
                           "half, around the discussion")
    room.add_argument("--countdown", type=_positive_int, metavar="SECONDS",
                      help="show a countdown of SECONDS on each item")
    room.add_argument("--room-size", type=_positive_int, metavar="N",
                      help="people in the room: the most hands a tally can count (default 60)")
    room.add_argument("--seed", type=int, metavar="N", help="how the check's halves are drawn")
    room.add_argument("--facilitator", metavar="NAME", default="Facilitator",
                      help="your name, shown in the report")

    host = action("host", "Serve the workshop to browsers (this computer, or the local "
                          "network with --host 0.0.0.0) and lead it from a dashboard here.")
    host.add_argument("--pack", metavar="PACK", help="pack file or bundled pack name")
    host.add_argument("--host", default="127.0.0.1", metavar="ADDRESS",
                      help="address to listen on (default 127.0.0.1: this computer only; "
                           "0.0.0.0: every network it is on, with a warning)")
    host.add_argument("--port", type=_positive_int, default=8000, metavar="PORT",
                      help="port to listen on (default 8000)")
    host.add_argument("--pace", choices=["facilitator", "self"], default="facilitator",
                      help="facilitator: everyone on your item (default); self: each at their "
                           "own speed")
    host.add_argument("--max", type=_positive_int, default=60, metavar="N",
                      dest="max_participants", help="at most N participants (default 60)")
    host.add_argument("--check", action="store_true",
                      help="a before check on half the items and an after check on the other "
                           "half, around the discussion")
    host.add_argument("--countdown", type=_positive_int, metavar="SECONDS",
                      help="start a countdown of SECONDS on each item (t starts one anyway)")
    host.add_argument("--seed", type=int, metavar="N", help="how the check's halves are drawn")
    host.add_argument("--facilitator", metavar="NAME", default="Facilitator",
                      help="your name, shown in the report")
    host.add_argument("--hide-counts", action="store_true",
                      help="hide the answers' counts on the dashboard until each reveal "
                           "(h shows or hides them)")
    again = host.add_mutually_exclusive_group()
    again.add_argument("--continue", dest="resume", action="store_const", const="continue",
                       help="continue the last unfinished workshop (after a crash or a pause) "
                            "without asking: same code, same item, same pace")
    again.add_argument("--new", dest="resume", action="store_const", const="new",
                       help="start a new workshop without asking; one left unfinished is ended")

    report = action("report", "The group report of a workshop (default: the most recent).")
    report.add_argument("session", nargs="?", metavar="SESSION",
                        help="workshop id or join code (see 'quiz workshop list')")
    report.add_argument("--format", default="text", choices=["text", "md", "html", "json", "csv"])
    report.add_argument("--out", metavar="FILE", help="write to FILE (default: standard output)")
    report.add_argument("--anonymize", action="store_true",
                        help="name participants Participant 1, 2, ... instead")

    action("list", "List the workshops, the most recent first.")

    simulate = action("simulate",
                      "Create a finished workshop of simulated readers, to preview the report.")
    simulate.add_argument("--participants", type=_positive_int, required=True, metavar="N")
    simulate.add_argument("--seed", type=int, metavar="S", help="the same seed, the same answers")
    simulate.add_argument("--items", type=_positive_int, metavar="K",
                          help="only the first K items of the pack")
    simulate.add_argument("--pack", metavar="PACK", help="pack file or bundled pack name")
    simulate.add_argument("--check", action="store_true", help="with a before/after check")


def _iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {value!r}") from None


def _add_draft_commands(command) -> None:
    draft = command("draft", "Draft a pack from a news article (or --evaluate the drafter).")
    draft.add_argument("article", nargs="?", metavar="ARTICLE",
                       help="UTF-8 text or Markdown; a leading date line becomes the pack date")
    draft.add_argument("--title", help="pack title (default: the Markdown heading or file name)")
    draft.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD",
                       help="publication date (default: the article's date line)")
    draft.add_argument("--out", metavar="DIR", help="folder for the pack and article copy (.)")
    draft.add_argument("--rules", action="append", metavar="FILE",
                       help="extra rules file, read after the bundled and user rules (repeatable)")
    draft.add_argument("--force", action="store_true", help="overwrite existing files")
    draft.add_argument("--evaluate", nargs="+", metavar="PACK",
                       help="score the drafter against labelled packs instead of drafting")

    review = command("review", "Review a drafted pack item by item: one key accepts, 1-4 changes "
                               "the answer; saved as you go.")
    review.add_argument("pack", metavar="PACK", help="pack file or bundled pack name")
    shown = review.add_mutually_exclusive_group()
    shown.add_argument("--plain", action="store_true",
                       help="numbered prompts instead of the app (an empty line accepts)")
    shown.add_argument("--summary", action="store_true",
                       help="print how many items are reviewed, drafts, low-confidence, problems")
    _add_store_options(review)

    export = command("export", "Write a pack as GIFT, Moodle XML, CSV or JSON.")
    export.add_argument("pack", metavar="PACK", help="pack file or bundled pack name")
    export.add_argument("--format", required=True, choices=["gift", "moodle-xml", "csv", "json"])
    export.add_argument("--out", metavar="FILE", help="output file (default: standard output)")

    imported = command("import", "Turn a spreadsheet (CSV, as export writes it) into a pack.")
    imported.add_argument("csv", metavar="CSV", help="the sheet, saved as CSV (UTF-8)")
    imported.add_argument("--out", metavar="FILE", help="pack file to write (default: CSV.yaml)")
    imported.add_argument("--article", metavar="FILE",
                          help="the article text; passages are checked against it")
    imported.add_argument("--id", help="pack id when the sheet has no pack_id column")
    imported.add_argument("--title", help="pack title when the sheet has no pack_title column")
    imported.add_argument("--version", help="pack version when the sheet has none (default 1)")
    imported.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD",
                          help="publication date when the sheet has no pack_date column")
    imported.add_argument("--force", action="store_true", help="overwrite an existing pack")


# Each command's run() lives in quiz.commands, imported when the command runs, so `quiz --help`
# imports nothing but argparse: command name -> (module in quiz.commands, function).
HANDLERS = {
    "play": ("play", "run"),
    "study": ("study", "run_study"),
    "history": ("history", "run_history"),
    "report": ("report", "run_report"),
    "locate": ("locate", "run_locate"),
    "validate": ("packs", "run_validate"),
    "schema": ("packs", "run_schema"),
    "export": ("packs", "run_export"),
    "import": ("packs", "run_import"),
    "draft": ("draft", "run"),
    "review": ("review", "run"),
    "workshop": ("workshop", "run"),
}


class _ShownErrors:
    """Standard error with every message made visible (quiz.core.text): an error line may quote
    a value typed, a name or a file's text, and none of it may drive the terminal."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(visible(text))

    def __getattr__(self, name: str) -> object:  # flush, isatty, fileno, encoding ...
        return getattr(self._stream, name)


def main(argv: list[str] | None = None) -> int:
    errors, sys.stderr = sys.stderr, _ShownErrors(sys.stderr)  # type: ignore[assignment]
    try:
        return _main(argv)
    finally:
        sys.stderr = errors


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv = ["play", *argv]
    args = parser.parse_args(argv)
    module, function = HANDLERS[args.command]
    try:
        run = getattr(importlib.import_module(f"quiz.commands.{module}"), function)
        return run(args)
    except KeyboardInterrupt:
        return 130

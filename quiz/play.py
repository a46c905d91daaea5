"""`quiz play` (and bare `quiz`): find and check the pack, turn the options into QuizOptions, start.

Starts the Textual app on a terminal, plain line mode otherwise; a bad option ends in one line.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from quiz.engine import Mode, Order, QuizOptions, select_items
from quiz.packs import LoadedPack, PackError, load_pack, resolve_pack

PROG = "quiz"


class UsageError(Exception):
    """A bad option value: reported as one line, exit code 2."""


def run(args: argparse.Namespace) -> int:
    """Play a quiz as the parsed command line asks; returns the exit code."""
    try:
        data = getattr(args, "data_dir", None)
        pack_path = resolve_pack(getattr(args, "pack", None), Path(data) if data else None)
    except LookupError as error:
        return _usage_error(str(error))
    try:
        pack = load_pack(pack_path)
    except PackError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{PROG}: error: cannot play {pack_path}: fix the problems above "
              f"(check with 'quiz validate {pack_path}')", file=sys.stderr)
        return 1
    try:
        options = quiz_options(args, pack.category_ids)
        _require_items(pack, options)
    except UsageError as error:
        return _usage_error(str(error))

    plain_reason = _plain_reason()
    if getattr(args, "plain", False) or plain_reason:
        if plain_reason and not getattr(args, "plain", False):
            print(f"{PROG}: using plain mode because {plain_reason}", file=sys.stderr)
        return _run_plain(pack, options, confidence=getattr(args, "confidence", False))

    from quiz.ui.app import QuizApp

    app = QuizApp(pack_path=pack_path, options=options,
                  confidence=getattr(args, "confidence", False))
    app.run()
    return app.return_code or 0


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


def _usage_error(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 2


def _plain_reason() -> str | None:
    """Why the full-screen app cannot run here, or None when it can."""
    if not _isatty(sys.stdin) or not _isatty(sys.stdout):
        return "there is no terminal (input or output is redirected)"
    if os.environ.get("TERM") == "dumb":
        return "the terminal is a dumb terminal (TERM=dumb)"
    return None


def _isatty(stream) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):
        return False


def _run_plain(pack: LoadedPack, options: QuizOptions, *, confidence: bool) -> int:
    from quiz.plain import run_plain

    # Content is Unicode (curly quotes, names); a terminal that cannot show a character should
    # get a replacement mark, not a crash halfway through a quiz.
    for stream in (sys.stdin, sys.stdout):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    return run_plain(pack, options, input_stream=sys.stdin, output_stream=sys.stdout,
                     confidence=confidence)

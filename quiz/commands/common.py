"""The commands' side of the progress store: which data folder and learner (and which override
chose each), opening the store with one-line errors, recording plain runs, `locate` and `history`.

Rich is imported only inside the terminal renderer, so importing this module stays domain-clean.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from quiz import locations
from quiz.content.pack_files import load_pack
from quiz.content.problems import PackError
from quiz.core.names import clean_learner_name, default_learner_name
from quiz.core.packs import LoadedPack
from quiz.core.text import visible
from quiz.storage.database import DB_FILENAME, StoreError
from quiz.storage.settings import SETTINGS_FILENAME, read_settings
from quiz.storage.store import Store

PROG = "quiz"
# Exit code for a store that cannot be used (read-only or uncreatable folder, a newer schema):
# like a bad option value, it is fixed by choosing another --data-dir, so it is a usage error.
STORE_ERROR_EXIT = 2


class CommandError(Exception):
    """Ends a command with one line on stderr and `exit_code`.

    `is_error` False is for an answer rather than a failure ("no sessions yet"): the line then
    reads "quiz: ..." instead of "quiz: error: ...".
    """

    def __init__(self, message: str, exit_code: int = 2, *, is_error: bool = True) -> None:
        super().__init__(message)
        self.exit_code = exit_code
        self.is_error = is_error

    def line(self) -> str:
        """The line to print: a message may quote a name or a value, so it is made visible."""
        text = visible(str(self))
        return f"{PROG}: error: {text}" if self.is_error else f"{PROG}: {text}"


def guarded(body: Callable[..., int]) -> Callable[..., int]:
    """Run a command body; CommandError and StoreError become one line and an exit code."""

    @functools.wraps(body)
    def run(args: argparse.Namespace, **options) -> int:
        try:
            return body(args, **options)
        except CommandError as error:
            print(error.line(), file=sys.stderr)
            return error.exit_code
        except StoreError as error:  # raised while the store is in use (e.g. the disk filled)
            print(f"{PROG}: error: {visible(str(error))}", file=sys.stderr)
            return STORE_ERROR_EXIT
        except BrokenPipeError:
            return stop_writing_to_closed_pipe()

    return run


def usage_error(prog: str, message: str) -> int:
    """Say a bad option or setting in one line, "PROG: error: MESSAGE"; returns exit code 2."""
    print(f"{prog}: error: {message}", file=sys.stderr)
    return 2


def stop_writing_to_closed_pipe() -> int:
    """The reader of our output went away (`quiz history | head`): end quietly, exit 1.

    Python would complain again when it flushes stdout at exit, so stdout is pointed at devnull.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 1


# -- where and who ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoreChoice:
    """The data folder and learner a command uses, and which setting chose each."""

    data_dir: Path
    data_dir_source: str  # "--data-dir", "QUIZ_DATA_DIR" or "the platform default"
    learner: str
    # "--learner", "QUIZ_LEARNER", "the last learner (settings.json)" or "the computer's user name"
    learner_source: str

    @property
    def database(self) -> Path:
        return self.data_dir / DB_FILENAME


def store_choice(args: argparse.Namespace, environ: Mapping[str, str] | None = None) -> StoreChoice:
    """Data folder and learner from --data-dir/--learner, the environment, then the defaults.

    CommandError (exit 2) names the option or variable holding an unusable learner name.
    """
    environ = os.environ if environ is None else environ
    given_dir = getattr(args, "data_dir", None)
    if given_dir is not None and not given_dir.strip():
        raise CommandError("argument --data-dir: expected a folder, got an empty value")
    if given_dir:
        data_dir, data_source = Path(given_dir).expanduser(), "--data-dir"
    elif environ.get("QUIZ_DATA_DIR"):
        data_dir, data_source = Path(environ["QUIZ_DATA_DIR"]).expanduser(), "QUIZ_DATA_DIR"
    else:
        data_dir, data_source = locations.data_dir(), "the platform default"

    given_name = getattr(args, "learner", None)
    if given_name is not None:
        learner, learner_source = _learner_name(given_name, "argument --learner"), "--learner"
    elif environ.get("QUIZ_LEARNER", "").strip():
        learner = _learner_name(environ["QUIZ_LEARNER"], "QUIZ_LEARNER")
        learner_source = "QUIZ_LEARNER"
    else:
        learner, learner_source = default_learner_name({}), "the computer's user name"
        remembered = read_settings(data_dir).learner
        if remembered:  # whoever used the app last, unless the command line says otherwise
            try:
                learner = clean_learner_name(remembered)
                learner_source = f"the last learner ({SETTINGS_FILENAME})"
            except ValueError:
                pass
    return StoreChoice(data_dir, data_source, learner, learner_source)


def _learner_name(name: str, where: str) -> str:
    try:
        return clean_learner_name(name)
    except ValueError as error:
        raise CommandError(f"{where}: {error}") from None


def open_store(
    choice: StoreChoice, notices: TextIO | None = None, *, read_only: bool = False
) -> Store:
    """The store in the chosen folder; a damaged file's notice goes to `notices` (stderr).
    `read_only` for commands that only read: a read-only data folder is fine then.

    CommandError (exit STORE_ERROR_EXIT) when the folder or file cannot be used: the store's
    message names the path and the override, and this adds which setting chose the folder.

    SQLite's integrity check reads the whole file (about 35 ms for 100,000 answers), which would
    make start-up grow with the learners' record, so it is not run here: a file that is not a
    database at all is still found at once (its header cannot be read) and moved aside; damage
    deeper inside shows as one error line when a damaged page is read, and `quiz_store` runs the
    full check once a quiz is over.
    """
    try:
        store = Store.open(choice.data_dir, check=False, read_only=read_only)
    except StoreError as error:
        raise CommandError(f"{error} (this data folder is {_chosen_by(choice)})",
                           STORE_ERROR_EXIT) from None
    _say_notice(store, notices)
    return store


def check_after_use(choice: StoreChoice, notices: TextIO | None = None) -> None:
    """SQLite's full integrity check; a damaged file is moved aside now (with a notice), so the
    next start begins with a healthy one."""
    try:
        store = Store.open(choice.data_dir, check=True)
    except StoreError as error:
        print(f"{PROG}: note: {error}", file=notices or sys.stderr)
        return
    _say_notice(store, notices)
    store.close()


@contextmanager
def quiz_store(choice: StoreChoice) -> Iterator[Store]:
    """The store for one quiz run: opened quickly, closed and fully checked when the run ends,
    also when it ends in a store error (so a damaged file is moved aside for the next start)."""
    store = open_store(choice)
    try:
        yield store
    except StoreError:
        store.close()
        check_after_use(choice)
        raise
    store.close()
    check_after_use(choice)


def say_damaged(store: Store, notices: TextIO | None = None) -> None:
    """One note per stored row that did not parse and was left out of what was shown."""
    for problem in store.damaged:
        print(f"{PROG}: note: left out a damaged row of the progress file: {problem}",
              file=notices or sys.stderr)


def _say_notice(store: Store, notices: TextIO | None) -> None:
    if store.notice:
        print(f"{PROG}: note: {store.notice}", file=notices or sys.stderr)


def _chosen_by(choice: StoreChoice) -> str:
    if choice.data_dir_source == "the platform default":
        return "the platform default"
    return f"set by {choice.data_dir_source}"


# -- quiz locate --------------------------------------------------------------------------------


# -- quiz history -------------------------------------------------------------------------------


def isatty(stream) -> bool:
    """Whether `stream` is a terminal (False for a closed or missing stream)."""
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):
        return False


# -- loading the chosen pack ------------------------------------------------------------------

# Exit code for a pack with problems: not a usage error, the file itself needs fixing.
PACK_PROBLEMS_EXIT = 1


def load_pack_or_explain(pack_path: Path, *, prog: str, verb: str) -> LoadedPack | None:
    """The loaded pack, or None after printing its problems and "PROG: error: cannot VERB PATH"."""
    try:
        return load_pack(pack_path)
    except PackError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{prog}: error: cannot {verb} {pack_path}: fix the problems above "
              f"(check with 'quiz validate {pack_path}')", file=sys.stderr)
        return None


def resume_how(args: argparse.Namespace, input_stream: TextIO) -> str:
    """What plain mode does with an unfinished run (quiz.plain.offer_resume's `how`): --resume
    and --fresh say; on a terminal it asks; a pipe cannot answer a question it cannot expect,
    so without a terminal a new run starts and the unfinished one is kept for later."""
    if getattr(args, "resume", False):
        return "resume"
    if getattr(args, "fresh", False):
        return "fresh"
    return "ask" if isatty(input_stream) else "keep"


def plain_reason() -> str | None:
    """Why the full-screen app cannot run here, or None when it can."""
    if not isatty(sys.stdin) or not isatty(sys.stdout):
        return "there is no terminal (input or output is redirected)"
    if os.environ.get("TERM") == "dumb":
        return "the terminal is a dumb terminal (TERM=dumb)"
    return None


def prepare_plain_streams() -> None:
    # Content is Unicode (curly quotes, names); a terminal that cannot show a character should
    # get a replacement mark, not a crash halfway through a quiz.
    for stream in (sys.stdin, sys.stdout):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")

"""The commands' side of the progress store: which data folder and learner (and which override
chose each), opening the store with one-line errors, recording plain runs, `locate` and `history`.

Rich is imported only inside the terminal renderer, so importing this module stays domain-clean.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from quiz import locations
from quiz.content.pack_files import load_pack, resolve_pack
from quiz.content.problems import PackError
from quiz.core.history import HISTORY_LIMIT, History, SessionRow, build_history
from quiz.core.names import clean_learner_name, default_learner_name
from quiz.core.packs import LoadedPack
from quiz.core.records import SessionRecord
from quiz.storage.database import DB_FILENAME, StoreError
from quiz.storage.resume import ResumePlan
from quiz.storage.store import Store

PROG = "quiz"
# Exit code for a store that cannot be used (read-only or uncreatable folder, a newer schema):
# like a bad option value, it is fixed by choosing another --data-dir, so it is a usage error.
STORE_ERROR_EXIT = 2
SPARK_BARS = "▁▂▃▄▅▆▇█"


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
        return f"{PROG}: error: {self}" if self.is_error else f"{PROG}: {self}"


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
            print(f"{PROG}: error: {error}", file=sys.stderr)
            return STORE_ERROR_EXIT
        except BrokenPipeError:
            return stop_writing_to_closed_pipe()

    return run


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
    learner_source: str  # "--learner", "QUIZ_LEARNER" or "the computer's user name"

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
    return StoreChoice(data_dir, data_source, learner, learner_source)


def _learner_name(name: str, where: str) -> str:
    try:
        return clean_learner_name(name)
    except ValueError as error:
        raise CommandError(f"{where}: {error}") from None


def open_store(choice: StoreChoice, notices: TextIO | None = None) -> Store:
    """The store in the chosen folder; a damaged file's notice goes to `notices` (stderr).

    CommandError (exit STORE_ERROR_EXIT) when the folder or file cannot be used: the store's
    message names the path and the override, and this adds which setting chose the folder.

    SQLite's integrity check reads the whole file (about 35 ms for 100,000 answers), which would
    make start-up grow with the learners' record, so it is not run here: a file that is not a
    database at all is still found at once (its header cannot be read) and moved aside; damage
    deeper inside shows as one error line when a damaged page is read, and `quiz_store` runs the
    full check once a quiz is over.
    """
    try:
        store = Store.open(choice.data_dir, check=False)
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


def _say_notice(store: Store, notices: TextIO | None) -> None:
    if store.notice:
        print(f"{PROG}: note: {store.notice}", file=notices or sys.stderr)


def _chosen_by(choice: StoreChoice) -> str:
    if choice.data_dir_source == "the platform default":
        return "the platform default"
    return f"set by {choice.data_dir_source}"


def offer_resume(store: Store, learner: str, pack: LoadedPack, lines) -> ResumePlan | None:
    """Ask "Continue where you left off, 7 / 20? [Y/n]" when there is an interrupted run.

    Returns the plan on yes; on no the old session is finished so it is not offered again.
    `lines` is a quiz.plain.Lines; EndOfInput (end of input or q) passes through.
    """
    plan = store.resume_offer(learner, pack)
    if plan is None:
        return None
    from quiz.core.text import visible

    answered, total = plan.progress
    started = _local_time(plan.session.started_at)
    lines.say(f"You have an unfinished {plan.session.mode} session of "
              f"{visible(pack.pack.title)!r}, started {started}.")
    if plan.changed:
        lines.say(f"{_count(len(plan.changed), 'item')} changed since you answered, and will be "
                  "asked again.")
    if plan.dropped:
        lines.say(f"{_count(len(plan.dropped), 'item')} no longer in the pack will be skipped.")
    if lines.ask_yes_no(f"Continue where you left off, {answered} / {total}?"):
        return plan
    store.finish_session(plan.session.id)
    lines.say("Starting afresh; the unfinished session stays in your history.")
    return None


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def _local_time(stamp: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


# -- quiz locate --------------------------------------------------------------------------------


OVERRIDES = ("--data-dir", "--learner", "QUIZ_DATA_DIR", "QUIZ_LEARNER", "QUIZ_CACHE_DIR")


def locate_lines(choice: StoreChoice, environ: Mapping[str, str] | None = None) -> list[str]:
    """`quiz locate`: each path in use, whether it exists yet, and which setting chose it."""
    environ = os.environ if environ is None else environ
    data_from = _chosen(choice.data_dir_source)
    packs = locations.user_content_dir(choice.data_dir)
    cache_from = _chosen("QUIZ_CACHE_DIR" if environ.get("QUIZ_CACHE_DIR")
                         else "the platform default")
    rows = [
        ("data folder", str(choice.data_dir), data_from),
        ("database", str(choice.database), f"{_exists(choice.database)}; {data_from}"),
        ("user packs", str(packs), f"{_exists(packs)}; {data_from}"),
        ("cache folder", str(locations.cache_dir()), cache_from),
        ("learner", choice.learner, _chosen(choice.learner_source)),
    ]
    width = max(len(name) for name, _, _ in rows) + 1
    return [f"{name + ':':<{width}} {value}  ({source})" for name, value, source in rows]


def _chosen(source: str) -> str:
    """ "from --data-dir" for an override; a default ("the platform default") as it is."""
    return f"from {source}" if source in OVERRIDES else source


def _exists(path: Path) -> str:
    return "exists" if path.exists() else "not created yet"


@guarded
def run_locate(args: argparse.Namespace) -> int:
    """Print the paths in use; nothing is created."""
    for line in locate_lines(store_choice(args)):
        print(line)
    return 0


# -- quiz history -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Labels:
    """Category labels for the history, from the packs the sessions were played with."""

    by_id: dict[str, str]
    order: tuple[str, ...]

    def __call__(self, category: str) -> str:
        return self.by_id.get(category, category)


def pack_id_for(value: str, data: Path | None) -> tuple[str, LoadedPack | None]:
    """A --pack value as a pack id (and the pack, when it can be loaded).

    A name or path that no longer resolves is taken as the id of a pack played in the past,
    so the history of a removed pack can still be asked for.
    """
    try:
        path = resolve_pack(value, data)
    except LookupError:
        return value, None
    try:
        pack = load_pack(path)
    except PackError:
        return Path(value).stem, None
    return pack.pack.id, pack


def pack_for(session: SessionRecord, data: Path | None) -> LoadedPack | None:
    """The pack a session was played with, as it is now: from the path it was played from,
    else by its id among the available packs; None when it is gone or broken (reports then
    label kinds by id)."""
    candidates: list[Path] = []
    if session.pack_path:
        candidates.append(Path(session.pack_path))
    try:
        candidates.append(resolve_pack(session.pack_id, data))
    except LookupError:
        pass
    for path in candidates:
        try:
            pack = load_pack(path)
        except (PackError, OSError):
            continue
        if pack.pack.id == session.pack_id:
            return pack
    return None


def labels_for(packs: list[LoadedPack]) -> Labels:
    """Category labels and order from `packs` (the first pack to name a category wins)."""
    by_id: dict[str, str] = {}
    for pack in packs:
        for category in pack.categories:
            by_id.setdefault(category.id, category.label)
    return Labels(by_id, tuple(by_id))


def packs_played(sessions: list[SessionRecord], data: Path | None) -> list[LoadedPack]:
    """The packs of these sessions that can still be loaded, the most recently played first."""
    packs: dict[str, LoadedPack | None] = {}
    for session in reversed(sessions):
        if session.pack_id not in packs:
            packs[session.pack_id] = pack_for(session, data)
    return [pack for pack in packs.values() if pack is not None]


def sparkline(values: list[float]) -> str:
    """Accuracies 0-1 as block characters on a fixed scale (a full bar is 100%)."""
    top = len(SPARK_BARS) - 1
    return "".join(SPARK_BARS[round(min(max(v, 0.0), 1.0) * top)] for v in values)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{round(100 * value)}%"


def _points(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}".rstrip("0")


def row_cells(row: SessionRow, categories: tuple[str, ...]) -> list[str]:
    """One history row as text cells: date, pack, mode, answered, score, then each kind."""
    mode = row.mode if row.finished else f"{row.mode} (unfinished)"
    score = (f"{_points(row.score)} / {row.answered} ({_percent(row.score / row.answered)})"
             if row.answered else "-")
    cells = [row.started_at.astimezone().strftime("%Y-%m-%d %H:%M"), row.pack_id, mode,
             f"{row.answered} of {row.total}", score]
    for category in categories:
        accuracy = row.category(category)
        cells.append("-" if accuracy is None
                     else f"{accuracy.found}/{accuracy.total} ({_percent(accuracy.accuracy)})")
    return cells


def trend_lines(record: History, labels: Labels) -> list[tuple[str, str, str]]:
    """Per category: label, sparkline, and the first and latest accuracy in words."""
    result = []
    for category in record.categories:
        series = record.trends.get(category, [])
        if not series:
            continue
        if len(series) == 1:
            words = f"{_percent(series[0])} in 1 session"
        else:
            words = (f"{_percent(series[0])} first, {_percent(series[-1])} latest, "
                     f"over {len(series)} sessions")
        result.append((labels(category), sparkline(series), words))
    return result


HISTORY_HEADINGS = ["Date", "Pack", "Mode", "Answered", "Score"]


def history_text(record: History, labels: Labels) -> str:
    """The history as plain text (for pipes, files and screen readers)."""
    from quiz.core.text import visible

    headings = HISTORY_HEADINGS + [labels(c) for c in record.categories]
    rows = [row_cells(row, record.categories) for row in record.rows]
    widths = [max(len(visible(cell)) for cell in column) for column in zip(headings, *rows)]

    def line(cells: list[str]) -> str:
        return "  ".join(visible(cell).ljust(width) for cell, width in zip(cells, widths)).rstrip()

    out = [f"History of {visible(record.learner)}: {_count(len(record.rows), 'session')}"
           " (oldest first)", "", line(headings)]
    out += [line(cells) for cells in rows]
    trends = trend_lines(record, labels)
    if trends:
        out += ["", "Accuracy per kind, session by session (a full bar is 100%):"]
        label_width = max(len(visible(label)) for label, _, _ in trends)
        for label, spark, words in trends:
            out.append(f"  {visible(label).ljust(label_width)}  {spark}  {words}")
    return "\n".join(out) + "\n"


def print_history_rich(record: History, labels: Labels, console) -> None:
    """The history as a rich table and sparklines; every name and label is Text, never markup."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, title=Text(f"History of {record.learner}"),
                  title_justify="left")
    for heading in HISTORY_HEADINGS:
        table.add_column(Text(heading), no_wrap=heading == "Date")
    for category in record.categories:
        table.add_column(Text(labels(category)), justify="right")
    for row in record.rows:
        table.add_row(*(Text(cell) for cell in row_cells(row, record.categories)))
    console.print(table)
    trends = trend_lines(record, labels)
    if trends:
        chart = Table(box=None, show_header=False, title=Text(
            "Accuracy per kind, session by session (a full bar is 100%)"), title_justify="left")
        chart.add_column()
        chart.add_column(style="cyan")
        chart.add_column(style="dim")
        for label, spark, words in trends:
            chart.add_row(Text(label), Text(spark), Text(words))
        console.print(chart)


@guarded
def run_history(args: argparse.Namespace) -> int:
    """`quiz history`: the learner's past sessions, with a trend per kind."""
    choice = store_choice(args)
    pack_id, pack = (pack_id_for(args.pack, choice.data_dir) if getattr(args, "pack", None)
                     else (None, None))
    store = open_store(choice)
    try:
        sessions = store.sessions(choice.learner, pack_id=pack_id, limit=HISTORY_LIMIT,
                                  with_answers=True)
    finally:
        store.close()
    if not sessions:
        where = f" with pack {pack_id!r}" if pack_id else ""
        raise CommandError(f"no sessions for learner {choice.learner!r}{where} yet: play a quiz "
                           "first ('quiz play')", 1, is_error=False)
    labels = labels_for([pack] if pack else packs_played(sessions, choice.data_dir))
    record = build_history(choice.learner, sessions, labels.order)
    if _isatty(sys.stdout):
        from rich.console import Console

        print_history_rich(record, labels, Console(highlight=False, emoji=False))
    else:
        sys.stdout.write(history_text(record, labels))
    return 0


def _isatty(stream) -> bool:
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

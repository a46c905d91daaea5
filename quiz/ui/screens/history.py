"""The history screen: a learner's past sessions with one pack (date, mode, score, accuracy per
kind), a sparkline per kind, and the score report over all of them; s saves that report.

The figures are quiz.core.history's and quiz.reports'; this screen lays them out. The sparklines are
drawn on a fixed 0-100% scale, as `quiz history` draws them: Textual's Sparkline widget scales
each chart to its own lowest and highest value, so a steady 100% would show as the lowest bar.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from quiz.core.history import HISTORY_LIMIT, History, SessionRow, build_history, labels_for
from quiz.core.packs import LoadedPack
from quiz.core.text import visible
from quiz.reports import Report, report_for_sessions
from quiz.reports.history import trend_heading, trend_lines
from quiz.storage.store import Store
from quiz.ui import messages
from quiz.ui.text import shown
from quiz.ui.widgets.bars import KeyBar, TitleBar
from quiz.ui.widgets.report_figures import ReportFigures

# Sessions drawn in a sparkline (one bar each): the latest ones, so it fits a narrow terminal.
SPARK_SESSIONS = 20


@dataclass(frozen=True)
class HistoryView:
    """What the history screen shows, read from the store in one go."""

    learner: str
    pack: LoadedPack
    history: History
    report: Report | None

    @classmethod
    def read(cls, store: Store, learner: str, pack: LoadedPack) -> HistoryView:
        """The learner's latest sessions with `pack` (StoreError when the store fails)."""
        sessions = store.sessions(learner, pack_id=pack.pack.id, limit=HISTORY_LIMIT,
                                  with_answers=True)
        history = build_history(learner, sessions, pack.category_ids)
        answered = [session for session in sessions if session.answers]
        report = report_for_sessions(answered, pack, learner=learner) if answered else None
        return cls(learner, pack, history, report)


def percent(value: float | None) -> str:
    return "-" if value is None else f"{round(100 * value)}%"


def points(value: float) -> str:
    return f"{value:g}"


def short_labels(pack: LoadedPack, categories: tuple[str, ...]) -> dict[str, str]:
    """Column headings: each label's first word, unless two kinds would then look alike."""
    labels = {category: pack.category(category).label if category in pack.category_ids
              else category for category in categories}
    first = {category: label.split()[0] if label.split() else label
             for category, label in labels.items()}
    return first if len(set(first.values())) == len(first) else labels


def row_cells(row: SessionRow, categories: tuple[str, ...]) -> list[Text]:
    """Date, mode, answered, score, then found / total (accuracy) per kind, as text."""
    mode = row.label  # "practice, retry": the kind of run, as the report names it
    score = (f"{points(row.score)}/{row.answered} ({row.percent}%)" if row.answered else "-")
    cells = [Text(row.started_at.astimezone().strftime("%Y-%m-%d %H:%M")), Text(visible(mode)),
             Text(f"{row.answered} of {row.total}", justify="right"), Text(score, justify="right")]
    for category in categories:
        accuracy = row.category(category)
        cells.append(Text("-" if accuracy is None else
                          f"{accuracy.found}/{accuracy.total} ({percent(accuracy.accuracy)})",
                          justify="right"))
    return cells


class HistoryScreen(Screen):
    """Past sessions, trends per kind and the report over all sessions with one pack."""

    DEFAULT_CSS = """
    HistoryScreen { align-horizontal: center; }
    HistoryScreen #history-body { max-width: 110; height: 1fr; padding: 0 2; }
    HistoryScreen .history-title { margin: 1 0 0 0; text-style: bold; color: $text-primary; }
    HistoryScreen #sessions { height: auto; max-height: 12; margin: 1 0 0 0; }
    HistoryScreen .trend { height: 1; }
    HistoryScreen .trend-label { width: 29; }
    HistoryScreen .sparkline { width: auto; margin: 0 2 0 0; color: $accent; }
    HistoryScreen .trend-words { width: 1fr; color: $text-muted; }
    HistoryScreen #figures { margin: 1 0 0 0; }
    """

    BINDINGS = [
        Binding("s", "save_report", "Save report"),
        Binding("escape", "app.pop_screen", "Back"),
    ]
    AUTO_FOCUS = "#history-body"

    def __init__(self, view: HistoryView) -> None:
        super().__init__()
        self.view = view
        self.sub_title = "History"

    @property
    def report(self) -> Report | None:
        return self.view.report

    def compose(self) -> ComposeResult:
        view = self.view
        rows = view.history.rows
        yield TitleBar()
        with VerticalScroll(id="history-body"):
            yield Static(Content.assemble(
                "History of ", shown(view.learner).stylize("bold"), " with ",
                shown(view.pack.pack.title).stylize("bold"),
                f": {len(rows)} session{'s' if len(rows) != 1 else ''}"
                + (" (oldest first)" if len(rows) > 1 else ""),
            ), id="history-heading", classes="history-title")
            if not rows:
                yield Static(Content("No sessions yet: play a quiz with this pack, and every "
                                     "answer will show up here."), id="no-history")
                return
            yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
            history = view.history
            lines = trend_lines(history, labels_for([view.pack]))
            if lines:
                yield Static(Content(trend_heading(history.groups[-1])),
                             classes="history-title")
                for label, chart, words in lines:
                    with Horizontal(classes="trend"):
                        yield Static(shown(label), classes="trend-label")
                        # one bar per run: the latest ones, so it fits a narrow terminal
                        yield Static(Content(chart[-SPARK_SESSIONS:]), classes="sparkline")
                        yield Static(Content(words), classes="trend-words")
            if view.history.apart_note:
                yield Static(Content(view.history.apart_note), id="apart-note")
            if view.report is not None:
                yield Static(Content("Over these sessions"), classes="history-title")
                yield ReportFigures(view.report, id="figures")
        yield KeyBar()

    def on_mount(self) -> None:
        history = self.view.history
        if not history.rows:
            return
        table = self.query_one("#sessions", DataTable)
        headings = short_labels(self.view.pack, history.categories)
        # Text, not str: DataTable would read a str heading as markup.
        table.add_columns(Text("Date"), Text("Mode"), Text("Answered"), Text("Score"),
                          *(Text(visible(headings[c])) for c in history.categories))
        for row in history.rows:
            table.add_row(*row_cells(row, history.categories))
        table.move_cursor(row=len(history.rows) - 1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save_report":
            return True if self.view.report is not None else None
        return True

    def action_save_report(self) -> None:
        """Save the report over these sessions as an HTML file; the path is shown."""
        if self.view.report is not None:
            self.post_message(messages.SaveReport(self.view.report))

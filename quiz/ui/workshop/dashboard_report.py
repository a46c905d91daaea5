"""The group report on the facilitator's dashboard (the terminal renderer of quiz.reports.group),
one key away once the workshop has ended, and saved as HTML with one more.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Group
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from quiz.reports.group import write_group_report
from quiz.reports.group_report import GroupReport
from quiz.reports.render_group_text import renderables
from quiz.ui.text import shown


class GroupReportScreen(Screen):
    """The group report; w writes it as HTML to `folder` (the current folder by default)."""

    BINDINGS = [
        Binding("escape,g", "close", "Back"),
        Binding("w", "write", "Save as HTML"),
    ]

    def __init__(self, report: GroupReport, *, folder: Path | None = None) -> None:
        super().__init__()
        self.report = report
        self.folder = folder

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="group-scroll"):
            yield Static(Group(*renderables(self.report)), id="group-report")
        yield Static(id="dash-message")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss()

    def action_write(self) -> None:
        """w: the report as an HTML file, named after the workshop."""
        folder = self.folder or Path.cwd()
        path = folder / f"workshop-{self.report.info.id}-report.html"
        message = self.query_one("#dash-message", Static)
        try:
            write_group_report(self.report, "html", path)
        except OSError as error:
            message.update(shown(f"Cannot write {path}: {error.strerror or error}"))
            message.add_class("-error")
            return
        message.update(shown(f"Saved the group report to {path}"))
        message.remove_class("-error")

"""The home screen: choose a pack and a mode, turn the confidence question on or off, start.

Packs other than the chosen one are checked in a background thread: start-up never waits for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Header,
    OptionList,
    RadioButton,
    RadioSet,
    Static,
)
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from quiz import locations
from quiz.engine import Mode
from quiz.packs import LoadedPack, PackError, available_pack_files, load_pack
from quiz.plain import visible
from quiz.ui import messages
from quiz.ui.screens.how_it_works import HowItWorksScreen
from quiz.ui.text import shown


@dataclass
class PackChoice:
    """One pack file offered on the home screen, and what became of loading it."""

    path: Path
    from_user_folder: bool = False
    pack: LoadedPack | None = None
    problem: str | None = None

    def load(self) -> LoadedPack | None:
        """Load and check the pack once; afterwards `pack` or `problem` is set."""
        if self.pack is None and self.problem is None:
            try:
                self.pack = load_pack(self.path)
            except PackError as error:
                self.problem = str(error)
            except OSError as error:
                self.problem = f"cannot read {self.path}: {error.strerror or error}"
        return self.pack

    def label(self) -> Content:
        if self.pack is not None:
            count = len(self.pack.pack.items)
            details = f"  ·  {count} item{'s' if count != 1 else ''}"
            if self.from_user_folder:
                details += "  ·  your pack"
            return Content.assemble(
                shown(self.pack.pack.title).stylize("bold"), Content(details).stylize("dim")
            )
        if self.problem is not None:
            return Content.assemble(
                shown(self.path.name), Content("  cannot be used: ").stylize("bold"),
                shown(self.problem),
            )
        return Content.assemble(shown(self.path.stem), Content("  (checking…)").stylize("dim"))


def pack_choices(first: Path | None, data_dir: Path | None = None) -> list[PackChoice]:
    """The packs to offer: bundled, then the user's; `first` leads when it is not among them."""
    user_folder = locations.user_content_dir(data_dir).resolve()
    choices = [
        PackChoice(path, from_user_folder=path.resolve().parent == user_folder)
        for path in available_pack_files(data_dir)
    ]
    if first is not None and not any(c.path.resolve() == first.resolve() for c in choices):
        choices.insert(0, PackChoice(first))
    return choices


class HomeScreen(Screen):
    """Pick a pack and a mode, then start (or read how it works)."""

    BINDINGS = [
        Binding("s", "start", "Start"),
        # Shown beside their widgets rather than in the footer, which has no room at 60 columns.
        Binding("m", "toggle_mode", "Mode", show=False),
        Binding("c", "toggle_confidence", "How sure", show=False),
        Binding("question_mark", "how_it_works", "How it works", key_display="?"),
    ]
    # Up and down choose the pack, enter starts: the quickest way in is the pack list.
    AUTO_FOCUS = "#packs"

    def __init__(
        self, first: Path | None, *, mode: Mode, confidence: bool, data_dir: Path | None = None
    ) -> None:
        super().__init__()
        self.choices = pack_choices(first, data_dir)
        self.selected = next(
            (i for i, c in enumerate(self.choices)
             if first is not None and c.path.resolve() == first.resolve()),
            0,
        )
        self.mode = mode
        self.confidence = confidence

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="home-body"):
            yield Static(Content(
                "Who says so, and how would anyone check? Read passages of a real news article "
                "and decide what kind of statement each highlighted claim is."
            ), id="tagline")
            yield Static(Content("Article"), classes="section-title")
            if self.choices:
                yield OptionList(
                    *[Option(choice.label(), id=f"pack-{index}")
                      for index, choice in enumerate(self.choices)],
                    id="packs", compact=True,
                )
            else:
                yield Static(shown(
                    f"No packs found. Add pack files to {locations.user_content_dir()}."
                ), id="no-packs")
            yield Static(Content.assemble("Mode", ("  (m)", "dim not bold")),
                         classes="section-title")
            with RadioSet(id="mode", compact=True):
                yield RadioButton(Content("Practice: feedback after each item"), id="practice",
                                  value=self.mode is Mode.PRACTICE)
                yield RadioButton(Content("Check: feedback only at the end"), id="check",
                                  value=self.mode is Mode.CHECK)
            yield Checkbox(
                Content.assemble("After each answer, ask how sure I am (1-3)", ("  (c)", "dim")),
                id="confidence", value=self.confidence, compact=True,
            )
            with Horizontal(id="home-actions"):
                yield Button(Content("Start"), id="start", variant="primary")
                yield Button(Content("How it works"), id="how")
        yield Footer()

    def on_mount(self) -> None:
        if not self.choices:
            return
        packs = self.query_one("#packs", OptionList)
        packs.highlighted = self.selected
        self.choices[self.selected].load()
        packs.replace_option_prompt_at_index(self.selected, self.choices[self.selected].label())
        self.check_other_packs()

    @work(thread=True, exclusive=True, group="packs")
    def check_other_packs(self) -> None:
        """Load the remaining packs for their titles, off the event loop (cold loads parse YAML)."""
        worker = get_current_worker()
        for index, choice in enumerate(self.choices):
            if worker.is_cancelled:
                return
            if choice.pack is None and choice.problem is None:
                choice.load()
                if worker.is_cancelled:
                    return
                try:
                    self.app.call_from_thread(self.show_pack_label, index)
                except RuntimeError:  # the app closed while this pack was loading
                    return

    def show_pack_label(self, index: int) -> None:
        self.query_one("#packs", OptionList).replace_option_prompt_at_index(
            index, self.choices[index].label()
        )

    # -- what the reader has chosen -------------------------------------------------------------

    @property
    def chosen_mode(self) -> Mode:
        return Mode.CHECK if self.query_one("#check", RadioButton).value else Mode.PRACTICE

    @property
    def chosen_confidence(self) -> bool:
        return self.query_one("#confidence", Checkbox).value

    def chosen_pack(self) -> LoadedPack | None:
        """The highlighted pack, loaded; None (with a message) when it cannot be used."""
        if not self.choices:
            self.notify("No packs are installed.", severity="error", markup=False)
            return None
        choice = self.choices[self.selected]
        pack = choice.load()
        if pack is None:
            self.notify(visible(f"{choice.path.name} cannot be used: {choice.problem}"),
                        severity="error", markup=False)
        return pack

    @on(OptionList.OptionHighlighted, "#packs")
    def pack_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Moving through the list chooses the pack."""
        self.selected = event.option_index

    @on(OptionList.OptionSelected, "#packs")
    def pack_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a pack starts the quiz with it."""
        self.selected = event.option_index
        self.action_start()

    # -- actions ------------------------------------------------------------------------------

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        """Start the quiz with the chosen pack, mode and confidence setting."""
        pack = self.chosen_pack()
        if pack is not None:
            self.post_message(messages.StartQuiz(pack, self.chosen_mode, self.chosen_confidence))

    @on(Button.Pressed, "#how")
    def action_how_it_works(self) -> None:
        """Explain the kinds of statement of the chosen pack."""
        pack = self.chosen_pack()
        if pack is not None:
            self.app.push_screen(HowItWorksScreen(pack))

    def action_toggle_mode(self) -> None:
        """Switch between Practice and Check."""
        target = "#practice" if self.chosen_mode is Mode.CHECK else "#check"
        self.query_one(target, RadioButton).value = True

    def action_toggle_confidence(self) -> None:
        """Turn the "how sure?" question on or off."""
        self.query_one("#confidence", Checkbox).toggle()

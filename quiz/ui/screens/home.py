"""The home screen: who is learning, which pack, which mode (Practice, Check or Study), the
"how sure?" setting; then start, or look at the history.

It is the first screen, so it stays small: the study figures are read only once Study mode is
chosen, and packs other than the chosen one are checked in a background thread after the first
paint, never competing with start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from quiz import locations
from quiz.content.pack_files import available_pack_files, load_pack
from quiz.content.problems import PackError
from quiz.core.engine import Mode
from quiz.core.packs import LoadedPack
from quiz.core.text import visible
from quiz.ui import messages
from quiz.ui.screens.base import StyledOnceScreen
from quiz.ui.text import shown
from quiz.ui.widgets.bars import KeyBar, TitleBar
from quiz.ui.widgets.key_button import KeyButton

if TYPE_CHECKING:
    from quiz.core.schedule import StudyOverview
    from quiz.ui.app import QuizApp

    StudyFigures = Callable[[LoadedPack], tuple[StudyOverview, str | None] | None]

MODES = (Mode.PRACTICE, Mode.CHECK, Mode.STUDY)
MODE_NAMES = {Mode.PRACTICE: "Practice", Mode.CHECK: "Check", Mode.STUDY: "Study"}
MODE_HELP = {
    Mode.PRACTICE: "feedback after each item",
    Mode.CHECK: "feedback only at the end",
    Mode.STUDY: "what is due for review, then new items",
}


class PackChoice:
    """One pack file offered on the home screen, and what became of loading it."""

    def __init__(self, path: Path, from_user_folder: bool = False) -> None:
        self.path = path
        self.from_user_folder = from_user_folder
        self.pack: LoadedPack | None = None
        self.problem: str | None = None

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


def learner_line(name: str) -> Content:
    return Content.assemble(("Learner: ", "bold"), shown(name), ("   l to change", "dim"))


def confidence_line(ask: bool) -> Content:
    if ask:
        return Content.assemble(("How sure? ", "bold"), "asked after each answer (1-3)",
                                ("   c to stop asking", "dim"))
    return Content.assemble(("How sure? ", "bold"), "not asked",
                            ("   c to ask after each answer (1-3)", "dim"))


def study_text(figures: StudyOverview, pack: LoadedPack, now_text: str | None) -> Content:
    """What Study mode says before starting: due today, new, what Start will do, mastery."""
    from quiz.core.schedule import (
        NEW_ITEMS_PER_RUN,  # only here: fsrs loads with Study mode
    )

    lines = [Content.assemble(
        ("Due now: ", "bold"), f"{figures.due_now}   ",
        ("Due today: ", "bold"), f"{figures.due_today}   ",
        ("New: ", "bold"), f"{figures.new}",
    )]
    if figures.due_now:
        then = f", then up to {min(figures.new, NEW_ITEMS_PER_RUN)} new" if figures.new else ""
        lines.append(Content(f"Start reviews the {figures.due_now} due item"
                             f"{'s' if figures.due_now != 1 else ''}{then}."))
    elif figures.new:
        lines.append(Content(
            "Nothing is due for review" + (f" (next: {now_text})" if now_text else "")
            + f". Start learns new items; p starts a full practice run."))
    else:
        lines.append(Content(
            "Nothing is due and every item has been seen"
            + (f" (next review: {now_text})" if now_text else "")
            + ". Start (or p) runs a full practice run."))
    lines.append(Content("Mastered (FSRS expects you to recall it a week from now):").stylize(
        "bold"))
    width = max((len(pack.category(m.category).label) for m in figures.mastery if m.total),
                default=0)
    for entry in figures.mastery:
        if not entry.total:
            continue
        label = pack.category(entry.category).label
        lines.append(Content.assemble(
            "  ", shown(label.ljust(width)), "  ", mastery_bar(entry.mastered, entry.total),
            f"  {entry.mastered} of {entry.total}",
            (f" ({entry.seen} seen)", "dim"),
        ))
    return Content("\n").join(lines)


def mastery_bar(mastered: int, total: int, width: int = 10) -> Content:
    filled = round(width * mastered / total) if total else 0
    return Content.assemble(("█" * filled, "$success"), ("░" * (width - filled), "dim"))


class ModeLine(Widget):
    """'● Practice  ○ Check  ○ Study' and what the chosen mode does; a click chooses.

    One widget of text: a RadioSet would be four widgets, each restyled as it starts.
    """

    DEFAULT_CSS = """
    ModeLine { height: 2; }
    """

    class Chosen(Message):
        def __init__(self, mode: Mode) -> None:
            super().__init__()
            self.mode = mode

    def __init__(self, mode: Mode, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mode = mode
        self.allowed = set(MODES)
        self.hit_areas: list[tuple[int, int, str]] = []

    def show(self, mode: Mode, allowed: set[Mode]) -> None:
        self.mode, self.allowed = mode, allowed
        self.refresh()

    def render(self) -> Content:
        pieces: list[Content] = []
        areas = []
        x = 0
        for mode in MODES:
            piece = Content.assemble("● " if mode == self.mode else "○ ", MODE_NAMES[mode])
            if mode == self.mode:
                piece = piece.stylize("bold")
            elif mode not in self.allowed:
                piece = piece.stylize("dim")
            areas.append((x, x + len(piece.plain), mode))
            pieces += [piece, Content("   ")]
            x += len(piece.plain) + 3
        self.hit_areas = areas
        return Content.assemble(*pieces, "\n", (MODE_HELP[self.mode], "dim"))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y != 0:
            return
        for start, end, mode in self.hit_areas:
            if start <= offset.x < end and mode in self.allowed:
                self.post_message(self.Chosen(mode))


class HomeScreen(StyledOnceScreen):
    """Pick a learner, a pack and a mode, then start (or read how it works, or the history)."""

    BINDINGS = [
        Binding("s", "start", "Start"),
        Binding("p", "practice_all", "Practice"),
        Binding("h", "history", "History"),
        # Only for a pack with drafts (check_action hides it otherwise).
        Binding("r", "review", "Review drafts"),
        # Shown beside their widgets rather than in the footer, which has no room at 60 columns.
        Binding("m", "toggle_mode", "Mode", show=False),
        Binding("c", "toggle_confidence", "How sure", show=False),
        Binding("l", "app.change_learner", "Learner", show=False),
        Binding("question_mark", "how_it_works", "How it works", key_display="?"),
    ]
    # Up and down choose the pack, enter starts: the quickest way in is the pack list.
    AUTO_FOCUS = "#packs"

    app: QuizApp

    def __init__(
        self,
        first: Path | None,
        *,
        mode: Mode,
        confidence: bool,
        data_dir: Path | None = None,
        read_figures: StudyFigures | None = None,
    ) -> None:
        """`read_figures(pack)` reads the Study panel's figures (and when the next review is
        due, in words), or None when there are none to show; the app passes its own."""
        super().__init__()
        self.read_figures: StudyFigures = read_figures or (lambda pack: None)
        self.choices = pack_choices(first, data_dir)
        self.selected = next(
            (i for i, c in enumerate(self.choices)
             if first is not None and c.path.resolve() == first.resolve()),
            0,
        )
        self.mode = Mode(mode) if mode in MODES else Mode.PRACTICE
        self.confidence = confidence
        # What the app last read for Study mode (figures, next review in words); None: ask.
        self.study_figures: tuple[StudyOverview, str | None] | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="home-body"):
            yield Static(Content(
                "Who says so, and how would anyone check? Read passages of a real news article "
                "and decide what kind of statement each highlighted claim is."
            ), id="tagline")
            yield Static(learner_line(self.app.learner), id="learner")
            # #store-problem (progress cannot be saved) and #study-panel are mounted when there
            # is something to say: the first screen builds only what it shows.
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
            yield ModeLine(self.mode, id="mode")
            yield Static(confidence_line(self.confidence), id="confidence")
            with Horizontal(id="home-actions"):
                yield KeyButton(Content("Start"), id="start", primary=True)
                yield KeyButton(Content("History"), id="history")
                yield KeyButton(Content("How it works"), id="how")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_store_state()
        if not self.choices:
            return
        packs = self.query_one("#packs", OptionList)
        packs.highlighted = self.selected
        pack = self.choices[self.selected].load()
        packs.replace_option_prompt_at_index(self.selected, self.choices[self.selected].label())
        if any(choice.pack is None and choice.problem is None for choice in self.choices):
            # After the first paint: start-up never waits for (or shares the GIL with) them.
            self.call_after_refresh(self.start_checking_packs)
        if pack is not None:
            self.call_after_refresh(self.post_message, messages.OfferResume(pack))

    def start_checking_packs(self) -> None:
        if self.is_attached:  # not when the app closed before its first paint
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

    def show_store_state(self) -> None:
        """The learner's name, whether progress is saved, and (in Study mode) the figures."""
        self.query_one("#learner", Static).update(learner_line(self.app.learner))
        if self.app.store_problem is not None:
            self.part("store-problem", after="#learner").update(Content.assemble(
                ("Progress is not being saved: ", "bold"), shown(self.app.store_problem),
            ))
        if self.mode is Mode.STUDY and not self.app.saving:
            self.mode = Mode.PRACTICE
        self.query_one(ModeLine).show(self.mode, self.allowed_modes())
        self.study_figures = None
        self.show_study_panel()
        self.refresh_bindings()

    # -- what the reader has chosen -------------------------------------------------------------

    @property
    def chosen_mode(self) -> Mode:
        return self.mode

    @property
    def chosen_confidence(self) -> bool:
        return self.confidence

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
        if event.option_index != self.selected:
            self.selected = event.option_index
            self.study_figures = None
            self.show_study_panel()
            self.refresh_bindings()

    @on(OptionList.OptionSelected, "#packs")
    def pack_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a pack starts the quiz with it."""
        self.selected = event.option_index
        self.action_start()

    @on(ModeLine.Chosen)
    def mode_clicked(self, message: ModeLine.Chosen) -> None:
        """A click on a mode chooses it."""
        self.choose_mode(message.mode)

    def allowed_modes(self) -> set[Mode]:
        """Study needs saved progress; the other modes are always there."""
        return {mode for mode in MODES if mode is not Mode.STUDY or self.app.saving}

    def choose_mode(self, mode: Mode) -> None:
        self.mode = mode
        self.query_one(ModeLine).show(mode, self.allowed_modes())
        self.show_study_panel()
        self.refresh_bindings()

    # -- study ------------------------------------------------------------------------------------

    def show_study_panel(self) -> None:
        """In Study mode: what is due, what is new, mastery per kind (read by `read_figures`,
        which the app gives the screen)."""
        pack = self.chosen_pack_quietly()
        if self.mode is not Mode.STUDY or pack is None or not self.app.saving:
            for panel in self.query("#study-panel"):
                panel.display = False
            return
        if self.study_figures is None:
            self.study_figures = self.read_figures(pack)
        if self.study_figures is None:
            return
        figures, later = self.study_figures
        panel = self.part("study-panel", after="#mode")
        panel.update(study_text(figures, pack, later))
        panel.display = True


    def part(self, name: str, *, after: str) -> Static:
        """The Static #`name` of the home body, mounted `after` the first time it is needed."""
        found = self.query(f"#{name}")
        if found:
            return found.first(Static)
        part = Static(id=name)
        self.query_one("#home-body").mount(part, after=after)
        return part

    def chosen_pack_quietly(self) -> LoadedPack | None:
        return self.choices[self.selected].load() if self.choices else None

    # -- actions ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "review":
            pack = self.choices[self.selected].pack if self.choices else None
            return pack is not None and any(item.draft for item in pack.pack.items)
        if action == "practice_all":
            return self.mode is Mode.STUDY
        if action == "history":
            return True if self.app.saving else None
        return True

    @on(KeyButton.Pressed, "#start")
    def action_start(self) -> None:
        """Start: a quiz in the chosen mode, or a study run (the app runs a practice run when
        nothing is left to study)."""
        pack = self.chosen_pack()
        if pack is None:
            return
        if self.chosen_mode is Mode.STUDY:
            self.study_figures = None  # the run changes them: read again when back
            self.post_message(messages.StartStudy(pack, self.chosen_confidence))
            return
        self.post_message(messages.StartQuiz(pack, self.chosen_mode, self.chosen_confidence))

    def action_practice_all(self) -> None:
        """In Study mode: a full practice run of the pack instead."""
        pack = self.chosen_pack()
        if pack is not None:
            self.study_figures = None
            self.post_message(messages.StartQuiz(pack, Mode.PRACTICE, self.chosen_confidence))

    @on(KeyButton.Pressed, "#history")
    def action_history(self) -> None:
        """The learner's past sessions with the chosen pack."""
        pack = self.chosen_pack()
        if pack is not None:
            self.post_message(messages.ShowHistory(pack))

    @on(KeyButton.Pressed, "#how")
    def action_how_it_works(self) -> None:
        """Explain the kinds of statement of the chosen pack."""
        pack = self.chosen_pack()
        if pack is not None:
            self.post_message(messages.ShowHowItWorks(pack))

    def action_review(self) -> None:
        """Review the chosen pack's drafts."""
        pack = self.chosen_pack()
        if pack is not None:
            self.post_message(messages.ReviewPack(pack.path))

    def pack_reviewed(self) -> None:
        """The chosen pack's file was reviewed: load it again for its new items."""
        if self.choices:
            old = self.choices[self.selected]
            self.choices[self.selected] = PackChoice(old.path, old.from_user_folder)
            self.choices[self.selected].load()
            self.show_pack_label(self.selected)
            self.refresh_bindings()

    def action_toggle_mode(self) -> None:
        """Practice, then Check, then Study (when progress is saved), then Practice again."""
        modes = [mode for mode in MODES if mode in self.allowed_modes()]
        self.choose_mode(modes[(modes.index(self.mode) + 1) % len(modes)])

    def action_toggle_confidence(self) -> None:
        """Turn the "how sure?" question on or off."""
        self.confidence = not self.confidence
        self.query_one("#confidence", Static).update(confidence_line(self.confidence))

    def on_click(self, event) -> None:
        """A click on the learner or the "how sure?" line changes it."""
        widget_id = event.widget.id if event.widget is not None else None
        if widget_id == "learner":
            self.post_message(messages.ChangeLearner())
        elif widget_id == "confidence":
            self.action_toggle_confidence()

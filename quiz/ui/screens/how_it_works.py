"""'How it works': the pack's kinds of statement, each with its definition and typical cue words.

All of it comes from the pack's taxonomy data, so a pack that adds a category explains it too.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from quiz.core.packs import LoadedPack
from quiz.core.wording import credit_text
from quiz.ui.text import shown
from quiz.ui.widgets.bars import KeyBar, TitleBar


def cue_line(cues: list[str]) -> Content:
    """'Typical words: “KCNA reported” · “according to KCNA”'."""
    quoted = " · ".join(f"“{cue}”" for cue in cues)
    return Content.assemble(("Typical words: ", "italic"), shown(quoted))


class HowItWorksScreen(Screen):
    """The categories, their definitions and cues, and how answers are scored."""

    DEFAULT_CSS = """
    HowItWorksScreen { align-horizontal: center; }
    HowItWorksScreen #how-body { max-width: 110; padding: 0 2; }
    HowItWorksScreen .intro { margin: 1 0 0 0; }
    HowItWorksScreen .category-title { margin: 1 0 0 0; color: $text-primary; }
    HowItWorksScreen .category-definition { padding: 0 0 0 3; }
    HowItWorksScreen .category-cues { padding: 0 0 0 3; color: $text-muted; }
    """

    BINDINGS = [Binding("escape,question_mark", "app.pop_screen", "Back")]
    AUTO_FOCUS = "#how-body"

    def __init__(self, pack: LoadedPack) -> None:
        super().__init__()
        self.pack = pack

    def compose(self) -> ComposeResult:
        pack = self.pack
        count = len(pack.categories)
        yield TitleBar()
        with VerticalScroll(id="how-body"):
            yield Static(Content(
                "For each highlighted claim, ask: who says so, and how would anyone check? "
                f"Then choose one of these {count} kinds of statement (press its number):"
            ), classes="intro")
            for number, category in enumerate(pack.categories, start=1):
                yield Static(
                    Content.assemble((f"{number}  ", "bold"),
                                     shown(category.label).stylize("bold")),
                    classes="category-title",
                )
                yield Static(shown(category.definition.strip()), classes="category-definition")
                if category.cues:
                    yield Static(cue_line(category.cues), classes="category-cues")
            credit = credit_text(pack.pack.alternative_credit)
            yield Static(Content(
                "Scoring: the best answer earns 1 point. Some claims can fairly be read two ways; "
                f"the other defensible answer earns {credit}."
            ), classes="intro")
            yield Static(Content(
                "Practice mode explains each answer straight away; Check mode saves all the "
                "feedback for the end. Press h on a question for a hint."
            ), classes="intro")
        yield KeyBar()

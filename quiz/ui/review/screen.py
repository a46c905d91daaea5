"""The review screen: one drafted item at a time, in its article, with what the drafter proposed
and whether it passes the checks; one key accepts it, a few fix it; then play, export or report.

Keys act on the review session (quiz.content.review.session) and the screen shows the result at
once; the edit's check and the saving run in threads afterwards (quiz.ui.review.background), so
a key is answered in one repaint. Accepting runs a check not yet done before it decides. When
the review is over the screen dismisses with "play" or "quit" (a screen of QuizApp, or of the
review app, which acts on it).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from quiz.content import files
from quiz.content.review.session import (
    EditRefused,
    Entry,
    ReviewSession,
)
from quiz.content.review.words import Selection
from quiz.core.packs import LoadedPack
from quiz.ui.review.background import InThreads
from quiz.ui.review.dialogs import DropScreen, EditScreen
from quiz.ui.review.widgets import (
    PassagePicker,
    answer_line,
    checks_line,
    drafter_line,
    field_line,
    progress_line,
    why_not_lines,
)
from quiz.ui.text import shown
from quiz.ui.textual_internals import bind_key
from quiz.ui.widgets.bars import KeyBar, TitleBar

MAX_NUMBER_KEYS = 9
EXPORTS = (("gift", "GIFT", ".gift.txt"), ("moodle-xml", "Moodle XML", ".moodle.xml"),
           ("csv", "CSV", ".csv"), ("json", "JSON", ".json"))
HELP = ("←→ word · ctrl+←→ phrase · with shift: more words, phrases · shift+home/end to the "
        "clause's edge · tab the answer's likely cues, then others · c the selection is the "
        "cue · n it is the claim · a+N also accept · e edit texts · pgup/pgdn other items · "
        "w save a copy · q quit")


class Body(VerticalScroll, can_focus=False):
    """The item's lines; it scrolls with ↑↓ and the wheel but never takes the other keys."""


class ReviewScreen(InThreads, Screen[str]):
    """Review `session`; `report(pack)` makes the report of the pack's first players and says
    where it is (None: not offered)."""

    DEFAULT_CSS = """
    ReviewScreen { align-horizontal: center; }
    ReviewScreen #progress { padding: 0 1; background: $boost; max-width: 120; }
    ReviewScreen #banner { padding: 0 1; color: $text-error; max-width: 120; display: none; }
    ReviewScreen Body { max-width: 120; padding: 0 1; }
    ReviewScreen #passage { margin: 1 0 0 0; }
    ReviewScreen #texts, ReviewScreen #checks { margin: 1 0 0 0; }
    ReviewScreen #checks { padding: 0 1; border-left: thick $accent; }
    ReviewScreen #notice { margin: 1 0 0 0; color: $text-accent; }
    ReviewScreen #help { margin: 1 0 0 0; color: $text-muted; }
    ReviewScreen #done { margin: 1 0; padding: 1 2; border: round $success; display: none; }
    """
    BINDINGS = [
        Binding("enter", "accept", "Accept", key_display="⏎"),
        Binding("c", "cue", "Cue"),
        Binding("e", "edit", "Edit"),
        Binding("s", "skip", "Skip"),
        Binding("x", "drop", "Drop"),
        Binding("u", "undo", "Undo"),
        Binding("q", "quit_review", "Quit"),
        Binding("p", "play", "Play"),
        Binding("r", "report", "Report"),
        Binding("n", "claim", "Claim", show=False),
        Binding("a", "also", "Also accept", show=False),
        Binding("w", "save_copy", "Save a copy", show=False),
        Binding("left", "word(-1)", "Word", show=False),
        Binding("right", "word(1)", "Word", show=False),
        Binding("shift+left", "extend(-1)", "More words", show=False),
        Binding("shift+right", "extend(1)", "More words", show=False),
        Binding("ctrl+left", "phrase(-1)", "Phrase", show=False),
        Binding("ctrl+right", "phrase(1)", "Phrase", show=False),
        Binding("ctrl+shift+left", "phrase(-1, True)", "More phrases", show=False),
        Binding("ctrl+shift+right", "phrase(1, True)", "More phrases", show=False),
        Binding("shift+home", "clause_edge(0)", "To the clause's start", show=False),
        Binding("shift+end", "clause_edge(1)", "To the clause's end", show=False),
        Binding("tab", "likely(1)", "Likely cue", show=False),
        Binding("shift+tab", "likely(-1)", "Likely cue", show=False),
        Binding("home", "edge(0)", "First word", show=False),
        Binding("end", "edge(1)", "Last word", show=False),
        Binding("pageup", "item(-1)", "Previous item", show=False),
        Binding("pagedown", "item(1)", "Next item", show=False),
        Binding("up", "scroll(-1)", "Scroll", show=False),
        Binding("down", "scroll(1)", "Scroll", show=False),
        Binding("escape", "cancel", "Cancel", show=False),
    ]

    def __init__(self, session: ReviewSession, *,
                 report: Callable[[LoadedPack], str] | None = None) -> None:
        super().__init__()
        self.session = session
        session.checks.defer = True  # run in a thread after the paint (start_check)
        self.report = report
        self.selection: Selection | None = None
        self.shown_entry: Entry | None = None
        self.pending: str | None = None  # "also" or "export": the next number chooses
        self.notice: str = ""
        self.save_lock = threading.Lock()
        self.save_number = 0
        self.saved_number = 0
        self.save_problem: str | None = None
        self.shown_lines: dict[str, Content] = {}
        self.checks_of: Entry | None = None  # whose problems the checks line shows
        self.was_done: bool | None = None
        self.sub_title = f"Review: {session.header.get('title', session.path.name)}"
        keys = min(len(session.categories.ids), MAX_NUMBER_KEYS)
        for number in range(1, keys + 1):
            bind_key(self, str(number), f"number({number})", "Answer", show=number == 1,
                     key_display=f"1-{keys}")

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="progress")
        yield Static(id="banner")
        with Body(id="body"):
            yield PassagePicker(id="passage")
            # A few widgets of several lines each: every widget costs layout and paint on each
            # new item, whatever its length.
            yield Static(id="facts")  # claim; answer, drafter, cue, source
            yield Static(id="texts")  # explanation; why_not lines, discussion
            yield Static(id="checks")
            yield Static(id="notice")
            yield Static(Content(HELP), id="help")
            yield Static(id="done")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_banner()
        self.show()
        if not self.app.is_headless:
            # The session (the pack's round-trip YAML, checked documents) and the screen live as
            # long as the review: frozen after the first paint, the collector stops walking
            # them, which took up to 150 ms a key. Not headless: tests run many apps in one
            # process, and would freeze each other's garbage.
            self.call_after_refresh(gc.freeze)
        if self.session.done and not any(e.draft for e in self.session.entries):
            self.say("This pack has no drafts: every item is reviewed. p plays it.")

    # -- showing ------------------------------------------------------------------------------

    def show_banner(self) -> None:
        lines = []
        if self.session.read_only:
            lines.append(f"Read-only: {self.session.read_only}. You can look; nothing is saved.")
        if self.save_problem:
            lines.append(self.save_problem)
        errors = [p for p in self.session.pack_problems if p.severity == "error"]
        lines += [f"Pack problem: line {p.line} col {p.col}: {p.message}" for p in errors]
        banner = self.query_one("#banner", Static)
        banner.update(shown("\n".join(lines)))
        banner.display = bool(lines)

    def show(self) -> None:
        """Everything on screen from the session as it is now."""
        session = self.session
        self.put("#progress", progress_line(session))
        entry = session.current
        item_parts = ("#passage", "#facts", "#texts", "#checks", "#help")
        if self.was_done is not session.done:
            for selector in item_parts:
                self.query_one(selector).display = entry is not None
            self.query_one("#done").display = entry is None
        if entry is None:
            self.show_done()
        else:
            self.show_entry(entry)
        self.put("#notice", shown(self.notice))
        if self.was_done is not session.done:
            self.was_done = session.done
            self.refresh_bindings()

    def show_entry(self, entry: Entry) -> None:
        session = self.session
        passage = entry.text("passage")
        if self.selection is None or entry is not self.shown_entry \
                or self.selection.text != passage:
            self.selection = session.selection(entry)
            self.shown_entry = entry
        before, after = session.context(entry)
        claim = session.claim_span(entry)
        self.query_one(PassagePicker).show(before, self.selection, claim,
                                           session.cue_span(entry), after)
        whole = claim is not None and claim.start == 0 and claim.end == len(passage)
        self.put("#facts", Content("\n").join([
            field_line("Claim", "the whole passage" if whole else entry.text("claim")),
            Content(""),
            answer_line(session, entry, self.pending == "also"),
            drafter_line(entry),
            field_line("Cue", entry.text("cue"), missing="(none)"),
            field_line("Source", entry.text("source")),
        ]))
        texts = [field_line("Explanation", entry.text("explanation")), Content(""),
                 why_not_lines(session, entry)]
        if entry.text("discussion"):
            texts.append(field_line("Discussion", entry.text("discussion")))
        self.put("#texts", Content("\n").join(texts))
        if entry.index not in session.checks.unchecked:
            self.put("#checks", checks_line(entry.problems))
            self.checks_of = entry
        elif self.checks_of is not entry:
            self.put("#checks", checks_line([], checking=True))
            self.checks_of = None
        # Else the line keeps the item's last result until the check of the edit is back, a
        # few milliseconds later (show_checking says so if it takes longer): no flicker.

    def show_done(self) -> None:
        session = self.session
        lines = [Content(f"No draft left: {session.reviewed} of {session.total} items "
                         "reviewed.").stylize("bold")]
        if self.pending == "export":
            lines.append(Content("Export as: " + "   ".join(
                f"{n} {label}" for n, (_, label, _) in enumerate(EXPORTS, 1))
                + "   (escape: back)"))
        else:
            lines.append(Content("p play it · e export it (GIFT, Moodle XML, CSV, JSON)"
                                 + (" · r the report of its first players" if self.report
                                    else "") + " · pgup go back · q quit"))
        warnings = [p for p in session.summary().problems if p.severity == "warning"]
        lines += [Content.assemble(("! ", "$text-warning"),
                                   shown(f"line {p.line} col {p.col}: {p.message}"))
                  for p in warnings[:5]]
        self.put("#done", Content("\n").join(lines))

    def put(self, selector: str, content: Content) -> None:
        """Update a line only when its text changed: each update lays the body out again."""
        if self.shown_lines.get(selector) != content:
            self.shown_lines[selector] = content
            self.query_one(selector, Static).update(content)

    def say(self, notice: str) -> None:
        self.notice = notice
        self.put("#notice", shown(notice))

    # -- acting ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        done = self.session.done
        if action in ("play", "report"):
            return done and (action == "play" or self.report is not None)
        if action in ("edit", "quit_review", "item", "scroll", "cancel", "number", "save_copy"):
            return True
        return not done

    def act(self, step: Callable[[], str], *, save: bool = False) -> None:
        """Run one edit of the session, say what happened (or why not), show the result."""
        try:
            self.notice = step()
        except EditRefused as error:
            self.notice = f"Not done: {error}"
            self.app.bell()
        self.pending = None
        self.show()
        self.call_after_refresh(self.start_check)
        if save:
            self.call_after_refresh(self.save_now)

    def action_accept(self) -> None:
        """Accept the item as it stands (no longer a draft), then on to the next."""
        self.act(self.session.accept, save=True)

    def action_number(self, number: int) -> None:
        """1-N: the answer; after `a`, toggle that kind as also accepted; at the end, export."""
        ids = self.session.categories.ids
        if self.pending == "export":
            if number <= len(EXPORTS):
                self.export(EXPORTS[number - 1])
            return
        if number > len(ids) or self.session.done:
            return
        category = ids[number - 1]
        if self.pending == "also":
            self.act(lambda: self.session.toggle_also(category))
            return
        entry = self.session.current
        cue = self.session.cue_span(entry) if entry is not None else None
        self.act(lambda: self.session.set_answer(category))
        if entry is not None and self.session.cue_span(entry) != cue:
            # The cue moved to the new kind's words (or went): the selection starts there.
            self.selection = self.session.selection(entry)
            self.show_entry(entry)

    def action_also(self) -> None:
        """`a`, then a number: that kind is also accepted (or no longer)."""
        self.pending = "also"
        self.say("Also accept which kind? Press its number (escape: never mind).")
        self.show_entry(self.session.current)

    def action_cancel(self) -> None:
        self.pending = None
        self.say("")
        self.show()

    def move(self, selection: Selection | None) -> None:
        if selection is None or self.session.current is None:
            return
        self.selection = selection
        entry = self.session.current
        before, after = self.session.context(entry)
        self.query_one(PassagePicker).show(before, selection, self.session.claim_span(entry),
                                           self.session.cue_span(entry), after)

    def action_word(self, delta: int) -> None:
        """The word before or after."""
        self.move(self.selection and self.selection.move(delta))

    def action_extend(self, delta: int) -> None:
        """One more (or one fewer) word in the selection."""
        self.move(self.selection and self.selection.extend(delta))

    def action_phrase(self, delta: int, extend: bool = False) -> None:
        """The next (or previous) phrase; with shift, the selection grows by a phrase."""
        self.move(self.selection and self.selection.phrase(delta, extend=extend))

    def action_clause_edge(self, end: int) -> None:
        """The selection grows to the end (or start) of its clause."""
        self.move(self.selection and self.selection.clause_edge(bool(end)))

    def action_edge(self, end: int) -> None:
        self.move(self.selection and (self.selection.end() if end else self.selection.home()))

    def action_likely(self, delta: int) -> None:
        """The next phrase that signals some kind (from the drafter's rules and the taxonomy):
        the answer's likeliest first, so after a new answer a tab or two finds its cue."""
        entry = self.session.current
        if entry is not None and self.selection is not None:
            self.move(self.selection.next_of(self.session.likely_cues(entry), delta))

    @on(PassagePicker.Pressed)
    def picked(self, message: PassagePicker.Pressed) -> None:
        """A click selects a word, a double click its phrase; shift+click or a drag selects up
        to it."""
        if self.selection is None:
            return
        span = self.selection.spans[message.word] if message.word < len(
            self.selection.spans) else None
        if span is None:
            return
        if message.phrase:
            self.move(self.selection.double_pressed(span.start))
        elif message.extend or message.drag:
            self.move(self.selection.dragged(span.start))
        else:
            self.move(self.selection.pressed(span.start))

    def action_cue(self) -> None:
        """The selected words become the cue."""
        if self.selection is not None and self.selection.span is not None:
            span = self.selection.span
            self.act(lambda: self.session.set_cue(span))

    def action_claim(self) -> None:
        """The claim becomes the selected words."""
        if self.selection is not None and self.selection.span is not None:
            span = self.selection.span
            self.act(lambda: self.session.narrow_claim(span))

    def action_skip(self) -> None:
        self.act(self.session.skip)

    def action_undo(self) -> None:
        self.act(self.session.undo, save=True)

    def action_item(self, delta: int) -> None:
        self.session.go(delta)
        self.notice = ""
        self.show()

    def action_scroll(self, delta: int) -> None:
        body = self.query_one(Body)
        (body.scroll_down if delta > 0 else body.scroll_up)(animate=False)

    def action_edit(self) -> None:
        """The explanation (or source, discussion, a why_not line) in a text editor."""
        entry = self.session.current
        if entry is None:
            self.pending = "export"
            self.show()
            return
        labels = self.session.categories
        fields = [("explanation", "Explanation", entry.text("explanation")),
                  ("source", "Source", entry.text("source")),
                  ("discussion", "Discussion prompt", entry.text("discussion"))]
        fields += [(f"why_not.{c}", f"Why not {n}: {labels.label(c)}", entry.text(f"why_not.{c}"))
                   for n, c in enumerate(labels.ids, 1) if c != entry.fields.get("answer")]

        def edited(texts: dict[str, str] | None) -> None:
            if texts:
                self.act(lambda: self.session.set_texts(texts))

        self.app.push_screen(EditScreen(f"Edit {entry.id}", fields), callback=edited)

    def action_drop(self) -> None:
        """Drop the item: its sentence goes to the skipped list, with a reason."""
        entry = self.session.current
        if entry is None:
            return
        if self.session.read_only:
            self.act(lambda: self.session.drop())
            return

        def dropped(reason: str | None) -> None:
            if reason is not None:
                self.act(lambda: self.session.drop(reason), save=True)

        from quiz.content.review.session import DROP_REASON

        self.app.push_screen(DropScreen(entry.id, DROP_REASON), callback=dropped)

    # -- the end ----------------------------------------------------------------------------------

    def action_quit_review(self) -> None:
        """Save, then leave; when saving fails, a second q leaves anyway."""
        if not self.save_before_leaving() and self.notice != "quit?":
            self.notice = "quit?"
            self.say("The review is not saved (see above): w writes a copy; q again quits "
                     "without saving.")
            self.notice = "quit?"
            return
        self.finish("quit")

    def action_play(self) -> None:
        if self.save_before_leaving():
            self.finish("play")

    def finish(self, choice: str) -> None:
        self.dismiss(choice)

    def loaded_pack(self) -> LoadedPack | None:
        from quiz.content.pack_files import load_pack
        from quiz.content.problems import PackError

        try:
            return load_pack(self.session.path, use_cache=False)
        except PackError as error:
            self.say(f"The pack does not pass its checks yet: {error}")
        except OSError as error:
            self.say(f"Cannot read {self.session.path}: {error.strerror or error}")
        return None

    def export(self, choice: tuple[str, str, str]) -> None:
        """Write the pack in one of `quiz export`'s formats beside it (never over a file)."""
        from quiz.content.export import export

        fmt, label, suffix = choice
        self.pending = None
        pack = self.loaded_pack()
        if pack is None:
            self.show()
            return
        folder = self.session.path.parent
        target = folder / f"{self.session.path.stem}{suffix}"
        number = 2
        while target.exists():
            target = folder / f"{self.session.path.stem}-{number}{suffix}"
            number += 1
        try:
            files.write_text(target, export(pack, fmt),
                             encoding="utf-8-sig" if fmt == "csv" else "utf-8",
                             inputs=[self.session.path])
        except OSError as error:
            self.notice = f"Not exported: cannot write {target}: {error.strerror or error}"
        else:
            self.notice = f"Exported as {label}: {target}"
        self.show()

    def action_report(self) -> None:
        if self.report is None:
            return
        pack = self.loaded_pack()
        if pack is not None:
            self.say(self.report(pack))


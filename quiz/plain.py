"""Plain mode: the quiz as numbered line prompts for screen readers, dumb terminals and scripts.

Plain text only: content is printed as written, its control characters shown, never sent.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
import time
from collections.abc import Callable
from typing import TextIO

from quiz.content.context import passage_context
from quiz.core.engine import (
    Clock,
    Feedback,
    Mode,
    QuizOptions,
    QuizSession,
    Recorder,
    Summary,
    hint_levels,
    parse_choice,
)
from quiz.core.packs import Item, LoadedPack
from quiz.core.scoring import Verdict
from quiz.core.text import visible
from quiz.core.wording import counted, credit_text, date_text, local_time
from quiz.storage.resume import ResumePlan
from quiz.storage.store import Store

HINT_WORDS = ("h", "?")
CONTEXT_WORDS = ("c", "context")
QUIT_WORDS = ("q", "quit")
RULE = "-" * 40


class EndOfInput(Exception):
    """The reader closed the input or asked to quit: end with the score so far."""


class Lines:
    """Line prompts on a pair of streams: what plain mode and its questions before a quiz share."""

    def __init__(self, input_stream: TextIO, output_stream: TextIO) -> None:
        self.input = input_stream
        self.output = output_stream
        # Piped answers are not echoed by a terminal; echo them so a transcript reads in order.
        self.echo = not _isatty(input_stream)
        self.width = shutil.get_terminal_size().columns - 1 if _isatty(output_stream) else 0

    def say(self, line: str = "") -> None:
        """One line, wrapped to the terminal's width when the output is one (a pipe or file
        gets the line whole, as scripts and screen readers want it)."""
        if self.width and len(line) > self.width and line == RULE:
            line = RULE[: self.width]
        elif self.width and len(line) > self.width:
            indent = line[: len(line) - len(line.lstrip(" "))]
            line = textwrap.fill(line, self.width, subsequent_indent=indent,
                                 break_long_words=False, break_on_hyphens=False)
        print(line, file=self.output)

    def ask(self, prompt: str) -> str:
        """One line of input, without its newline; raises EndOfInput at end of input or "q"."""
        self.output.write(prompt)
        self.output.flush()
        line = self.input.readline()
        if not line:
            self.say()
            raise EndOfInput
        answer = line.rstrip("\r\n")
        if self.echo:
            self.say(visible(answer))
        if answer.strip().lower() in QUIT_WORDS:
            raise EndOfInput
        return answer

    def ask_yes_no(self, question: str, *, default: bool = True) -> bool:
        """ "question [Y/n] " until y, yes, n, no or an empty line (the default) is typed."""
        prompt = f"{question} {'[Y/n]' if default else '[y/N]'} "
        while True:
            typed = self.ask(prompt).strip().lower()
            if not typed:
                return default
            if typed in ("y", "yes"):
                return True
            if typed in ("n", "no"):
                return False
            self.say("Type y for yes or n for no (or q to quit).")

    def ask_choice(self, prompt: str, choices: dict[str, str]) -> str:
        """One of `choices` (typed key -> value) by its key, asked until one is typed."""
        while True:
            typed = self.ask(prompt).strip().lower()
            if typed in choices:
                return choices[typed]
            self.say(f"Type {', '.join(choices)} or q to quit.")


class PlainQuiz:
    """One plain-mode run: prompts on `output`, answers from `input`."""

    def __init__(
        self,
        pack: LoadedPack,
        options: QuizOptions,
        *,
        input_stream: TextIO,
        output_stream: TextIO,
        clock: Clock,
        confidence: bool,
        recorder: Recorder | None,
        session: QuizSession | None = None,
        heading: str | None = None,
        study: bool = False,
    ) -> None:
        self.pack = pack
        self.study = study  # a study run: the summary says how hints count for the schedule
        # A session rebuilt from the store (resumed, or a study run in schedule order) brings its
        # own items, answers and options.
        self.session = session if session is not None else QuizSession(pack, options, clock=clock)
        self.options = self.session.options
        self.lines = Lines(input_stream, output_stream)
        self.input = input_stream
        self.output = output_stream
        self.confidence = confidence
        self.recorder = recorder
        self.heading = heading

    # -- output -------------------------------------------------------------------------------

    def say(self, line: str = "") -> None:
        self.lines.say(line)

    def ask(self, prompt: str) -> str:
        """One line of input, without its newline; raises EndOfInput at end of input or "q"."""
        return self.lines.ask(prompt)

    def label(self, category_id: str) -> str:
        return visible(self.pack.category(category_id).label)

    # -- the run ------------------------------------------------------------------------------

    def run(self) -> int:
        self.introduce()
        try:
            while not self.session.finished:
                self.ask_item()
                self.session.advance()
        except EndOfInput:
            self.say("Quiz ended before the last item.")
        self.finish()
        return 0

    def introduce(self) -> None:
        pack = self.pack
        when = date_text(pack.pack.date)
        self.say(f"Article: {visible(pack.article_title)}" + (f" ({when})" if when else ""))
        if pack.article_title != pack.pack.title:
            self.say(f"Pack: {visible(pack.pack.title)}")
        if self.heading:
            self.say(self.heading)
        total = len(self.session.items)
        mode = ("Practice mode: feedback after each answer."
                if self.options.mode is Mode.PRACTICE
                else "Check mode: feedback for every item at the end.")
        self.say(f"{mode} {total} item{'s' if total != 1 else ''}.")
        done = len(self.session.answers)
        if done:
            self.say(f"Continuing: {done} of {total} already answered.")
        self.say("For each claim, decide what kind of statement it is: who says so, and how "
                 "would anyone check?")
        self.say(f"Answer with {self.accepted_answers()}.")

    def accepted_answers(self) -> str:
        count = len(self.pack.categories)
        return (f"a number 1-{count} or a word of its name (state, allegation, denial, fact); "
                "h or ? for a hint; c for the article around it; q to quit")

    def show_item(self, item: Item) -> None:
        number, total = self.session.progress
        self.say()
        self.say(RULE)
        self.say(f"Item {number} of {total}")
        self.say("Passage:")
        self.say(visible(item.passage.strip()))
        if item.claim.strip() == item.passage.strip():
            self.say("Claim: the whole passage.")
        else:
            self.say(f"Claim: {visible(item.claim.strip())}")
        self.say("What kind of statement is the claim?")
        for key, category in enumerate(self.pack.categories, start=1):
            self.say(f"  {key}. {visible(category.label)}")

    def ask_item(self) -> None:
        item = self.session.current
        self.show_item(item)
        self.session.restart_timer()
        count = len(self.pack.categories)
        while True:
            typed = self.ask(f"Your answer (1-{count}, h for a hint, c for context, q to quit): ")
            if typed.strip().lower() in HINT_WORDS:
                self.show_hint()
                continue
            if typed.strip().lower() in CONTEXT_WORDS:
                self.show_context(item)
                continue
            choice = parse_choice(typed, self.pack.categories)
            if choice is not None:
                break
            shown = visible(typed.strip())
            self.say(f'Not an answer: "{shown}". Type {self.accepted_answers()}.' if shown
                     else f"Type {self.accepted_answers()}.")
        confidence = self.ask_confidence() if self.confidence else None
        feedback = self.session.answer(choice, confidence)
        if self.recorder is not None:
            self.recorder.answered(item, feedback)
        if self.options.mode is Mode.PRACTICE:
            self.say()
            self.show_feedback(item, feedback)
        else:
            self.say("Answer recorded.")

    def show_hint(self) -> None:
        before = self.session.hints_used
        hint = self.session.hint()
        item = self.session.current
        if hint.level == before:
            self.say("That was the last hint. Here it is again:")
        self.say(f"Hint {hint.level} of {hint_levels(item)}:")
        self.say(visible(hint.text))
        if hint.span is not None and hint.level < hint_levels(item):
            self.say(f"  “{visible(item.passage[hint.span.start:hint.span.end])}”")

    def show_context(self, item: Item) -> None:
        """c: the sentences around the passage, the passage marked between » and «."""
        found = passage_context(self.pack.article_text, item.passage, before=2, after=2)
        if not found.found:
            self.say("The passage is not in the article as it is now.")
            return
        self.say("The article around it:")
        self.say(visible(" ".join(f"{found.before.strip()} » {item.passage.strip()} « "
                                  f"{found.after.strip()}".split())))

    def ask_confidence(self) -> int:
        while True:
            typed = self.ask("How sure? 1 guessing, 2 fairly sure, 3 certain: ").strip()
            if typed in ("1", "2", "3"):
                return int(typed)
            self.say("Type 1, 2 or 3 (or q to quit).")

    def show_feedback(self, item: Item, feedback: Feedback) -> None:
        best = self.label(feedback.best)
        if feedback.verdict is Verdict.CORRECT:
            self.say(f"Correct: {best}.")
        elif feedback.verdict is Verdict.ACCEPTED:
            self.say(f"Accepted ({credit_text(feedback.credit)} of 1 point): you chose "
                     f"{self.label(feedback.choice)}; the best answer is {best}.")
        else:
            self.say(f"Not quite: you chose {self.label(feedback.choice)}; "
                     f"the best answer is {best}.")
        also = [self.label(c) for c in feedback.accepted if c != feedback.choice]
        if also:
            self.say(f"Also accepted: {', '.join(also)}.")
        if feedback.cue is not None:
            cue = item.passage[feedback.cue.start:feedback.cue.end]
            self.say(f'The words that show it: "{visible(cue)}"')
        self.say(f"Source: {visible(feedback.source.strip())}")
        self.say(f"Why: {visible(feedback.explanation.strip())}")
        if feedback.why_not:
            self.say(f"Why not {self.label(feedback.choice)}: {visible(feedback.why_not.strip())}")
        if feedback.discussion:
            self.say(f"To discuss: {visible(feedback.discussion.strip())}")

    # -- the end ------------------------------------------------------------------------------

    def finish(self) -> None:
        session = self.session
        summary = session.summary()
        if self.options.mode is Mode.CHECK and session.answers:
            self.say()
            self.say(RULE)
            self.say("Your answers, with feedback:")
            by_id = {item.id: item for item in session.items}
            for number, feedback in enumerate(session.answers, start=1):
                item = by_id[feedback.item_id]
                self.say()
                self.say(f"Item {number} of {summary.total}")
                self.say(f"Claim: {visible(item.claim.strip())}")
                self.show_feedback(item, feedback)
        self.say()
        self.say(RULE)
        self.say(self.score_line(summary))
        found = [t for t in summary.tallies if t.total]
        if found:
            self.say("Found, by kind:")
            for tally in found:
                accepted = f" (and {tally.accepted} accepted)" if tally.accepted else ""
                self.say(f"  {self.label(tally.category)}: {tally.found} of {tally.total}"
                         f"{accepted}")
        sentence = session.confusion_sentence(summary)
        if sentence:
            self.say(f"Most common confusion: {visible(sentence)}")
        hints = summary.hints_note(study=self.study)
        if hints:
            self.say(hints)
        if summary.missed:
            self.say("Missed items (look at these again):")
            numbers = {item.id: n for n, item in enumerate(session.items, start=1)}
            claims = {item.id: item.claim for item in session.items}
            for item_id in summary.missed:
                self.say(f"  {numbers[item_id]}. “{visible(first_words(claims[item_id]))}”")
        elif summary.answered:
            self.say("Missed items: none.")
        self.output.flush()
        if self.recorder is not None:
            self.recorder.finished(summary)

    @staticmethod
    def score_line(summary: Summary) -> str:
        if not summary.answered:
            return summary.score_words + "."
        score = (f"Score: {credit_text(summary.score)} of {summary.answered} "
                 f"({summary.percent}%)")
        if summary.answered < summary.total:
            return f"{score}; answered {summary.answered} of {summary.total} items."
        return score + "."


def first_words(text: str, words: int = 8) -> str:
    """The first `words` words of a claim, "..." when there are more: how a missed item is
    named (its id means nothing to a learner)."""
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")


def _isatty(stream: TextIO) -> bool:
    isatty: Callable[[], bool] | None = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def run_plain(
    pack: LoadedPack,
    options: QuizOptions,
    *,
    input_stream: TextIO,
    output_stream: TextIO,
    clock: Clock = time.monotonic,
    confidence: bool = False,
    recorder: Recorder | None = None,
    session: QuizSession | None = None,
    heading: str | None = None,
    study: bool = False,
) -> int:
    """Play `pack` as line prompts; returns the exit code (0, also when the input ends early).

    `recorder.answered(item, feedback)` is called after each answer and `recorder.finished(summary)`
    once at the end, also when the quiz ends early (then `summary.answered < summary.total`).
    With `session` (e.g. a resumed one), that session is played from where it stands and
    `options` are ignored for its own; `heading` is one line said after the article's title.
    """
    return PlainQuiz(
        pack, options, input_stream=input_stream, output_stream=output_stream, clock=clock,
        confidence=confidence, recorder=recorder, session=session, heading=heading,
        study=study,
    ).run()


def offer_resume(
    store: Store,
    learner: str,
    pack: LoadedPack,
    lines: Lines,
    *,
    how: str = "ask",
    mode: str | None = None,
    notes: TextIO | None = None,
) -> ResumePlan | None:
    """What to do with an interrupted run of `pack` (of `mode`, if given), `how` the command
    line says: "ask" ("Continue where you left off, 7 / 20? [Y/n]", on a terminal), "resume"
    (--resume), "fresh" (--fresh: a new run; the old one is closed and no longer offered), or
    "keep" (without a terminal: a new run, the old one kept for later, said on `notes`).

    Returns the plan to continue, or None. EndOfInput (end of input or q) passes through.
    """
    plan = store.resume_offer(learner, pack, mode)
    if plan is None:
        return None
    answered, total = plan.progress
    if how == "keep":
        print(f"quiz: your unfinished {plan.session.mode} session of {visible(pack.pack.title)!r}"
              f" ({answered} / {total}) is kept; run again with --resume to continue it, or "
              "--fresh to close it", file=notes or sys.stderr)
        return None
    if how == "fresh":
        store.finish_session(plan.session.id)
        lines.say("Starting afresh; the unfinished session stays in your history.")
        return None
    started = local_time(plan.session.started_at)
    lines.say(f"You have an unfinished {plan.session.mode} session of "
              f"{visible(pack.pack.title)!r}, started {started}.")
    if plan.changed:
        lines.say(f"{counted(len(plan.changed), 'item')} changed since you answered, and will be "
                  "asked again.")
    if plan.dropped:
        lines.say(f"{counted(len(plan.dropped), 'item')} no longer in the pack will be skipped.")
    if how == "resume" or lines.ask_yes_no(f"Continue where you left off, {answered} / {total}?"):
        return plan
    store.finish_session(plan.session.id)
    lines.say("Starting afresh; the unfinished session stays in your history.")
    return None

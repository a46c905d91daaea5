"""One review of a pack file: its items in review order (failing, then low-confidence, then article
order), every edit checked as `quiz validate` checks it, undo, and saving that never overwrites a
file changed on disk since it was read.

No screen: the Textual review (quiz.ui.review) and `quiz review --plain` both drive this.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from quiz.content import files
from quiz.content.article import MAX_ARTICLE_BYTES, Article
from quiz.content.checks import companion, located
from quiz.content.drafter.rules import Rules, RulesError, load_rules
from quiz.content.problems import Problem
from quiz.content.review.checking import Found, ItemChecks, PendingCheck, accepted
from quiz.content.review.cues import CueFinder
from quiz.content.review.entry import (
    Categories,
    Change,
    ChangedOnDisk,
    EditRefused,
    Entry,
    ReviewError,
    Summary,
    read_categories,
)
from quiz.content.review.texts import Drafting
from quiz.content.review.words import Selection, Span
from quiz.content.roundtrip import PackText, Rendering, RoundTripError
from quiz.content.yamlsafe import YamlLoadError, load_located, read_text

# What `e` edits besides the why_not lines ("why_not.<category>").
TEXT_FIELDS = ("explanation", "source", "discussion")
DROP_REASON = "Dropped in review: not worth a question."


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_only_reason(path: Path) -> str | None:
    """Why `path` cannot be replaced safely (the review then only shows it), or None."""
    if not os.access(path, os.W_OK):
        return f"{path} is read-only (no permission to write it)"
    folder = path.parent if str(path.parent) else Path(".")
    if not os.access(folder, os.W_OK | os.X_OK):
        return (f"the folder {folder} cannot be written, and a pack is saved by writing a new "
                "file beside it")
    return None


class ReviewSession:
    """The review of one pack file. Open it with `ReviewSession.open(path)`."""

    def __init__(self, path: Path, source: str, *, rules: Rules, categories: Categories,
                 article: Article | None, read_only: str | None = None) -> None:
        self.path = Path(path)
        self.source = source
        self.disk_digest = _digest(source.encode("utf-8"))
        self.rules = rules
        self.categories = categories
        self.article = article
        self.read_only = read_only
        try:
            self.text = PackText(source)
        except RoundTripError as error:
            raise ReviewError(f"{self.path}: cannot be edited in place: {error}") from None
        try:
            data = load_located(source).data
        except YamlLoadError as error:
            raise ReviewError(f"{self.path}:{error.position.line}:{error.position.col}: "
                              f"{error.message}") from None
        self.header = {k: v for k, v in data.items() if k != "items"}
        self.skipped_original = list(self.text.original_skipped)
        self.entries = [
            Entry(i, dict(item), dict(item), self._article_at(item))
            for i, item in enumerate(data["items"]) if isinstance(item, dict)
        ]
        if len(self.entries) != len(self.text.items):
            raise ReviewError(f"{self.path}: every item must be a mapping of keys")
        self.drafting = Drafting(rules, categories)
        self.cues = CueFinder(rules, {c.id: list(c.cues) for c in categories.models})
        self.history: list[Change] = []
        self.redone: list[Change] = []
        self.drop_order: list[int] = []
        self.edits = 0  # edits applied (undo is one too); saved_edits of them are on disk
        self.saved_edits = 0
        self.checks = ItemChecks(self.path, self.text, self.entries)
        self.pack_problems = self.checks.whole(source)
        self.queue = sorted(
            (e.index for e in self.entries if e.draft or e.errors),
            key=lambda i: (not self.entries[i].errors, not self.entries[i].low_confidence,
                           self.entries[i].article_at < 0, self.entries[i].article_at, i),
        )
        self.position = 0

    @classmethod
    def open(cls, path: Path, *, rules: Rules | None = None) -> ReviewSession:
        """Read and check the pack file; ReviewError (one line) when it cannot be reviewed."""
        path = Path(path)
        try:
            source = read_text(path)
        except YamlLoadError as error:
            raise ReviewError(f"{path}:{error.position.line}:{error.position.col}: "
                              f"{error.message}") from None
        try:
            data = load_located(source).data
        except YamlLoadError as error:
            raise ReviewError(f"{path}:{error.position.line}:{error.position.col}: "
                              f"{error.message}") from None
        if not isinstance(data, dict) or not isinstance(data.get("items"), list) \
                or not data["items"]:
            raise ReviewError(f"{path}: not a pack file: it needs an `items:` list")
        categories = read_categories(path, data)
        try:
            rules = rules or load_rules()
        except RulesError as error:
            raise ReviewError(f"the drafter's rules cannot be read: {error}") from None
        article = None
        found = companion(path.parent, data["article"]) \
            if isinstance(data.get("article"), str) else None
        if found is not None:  # one outside the pack's folder is never read (the check says so)
            try:
                article = Article(read_text(found, MAX_ARTICLE_BYTES))
            except YamlLoadError:
                article = None  # the check names it as the pack's problem
        return cls(path, source, rules=rules, categories=categories, article=article,
                   read_only=read_only_reason(path))

    # -- what is on screen ------------------------------------------------------------------------

    @property
    def current(self) -> Entry | None:
        """The item under review; None when the queue is done."""
        if 0 <= self.position < len(self.queue):
            return self.entries[self.queue[self.position]]
        return None

    @property
    def total(self) -> int:
        return len(self.entries)

    @property
    def reviewed(self) -> int:
        """Items no longer drafts: accepted, dropped, or reviewed before."""
        return sum(1 for e in self.entries if e.dropped is not None or not e.draft)

    @property
    def drafts_left(self) -> int:
        return sum(1 for e in self.entries if e.dropped is None and e.draft)

    @property
    def done(self) -> bool:
        return self.current is None

    @property
    def unsaved(self) -> bool:
        return self.saved_edits != self.edits

    def context(self, entry: Entry) -> tuple[str, str]:
        """The article sentences just before and after the entry's passage ("" when none)."""
        if self.article is None:
            return "", ""
        passage = entry.text("passage")
        start = self.article.find(passage)
        if start < 0:
            return "", ""
        end = start + len(passage)
        before = [s for s in self.article.sentences if s.end <= start]
        after = [s for s in self.article.sentences if s.start >= end]
        return (before[-1].text if before else ""), (after[0].text if after else "")

    def claim_span(self, entry: Entry) -> Span | None:
        passage, claim = entry.text("passage"), entry.text("claim")
        at = passage.find(claim) if claim else -1
        return Span(at, at + len(claim)) if at >= 0 else None

    def cue_span(self, entry: Entry) -> Span | None:
        passage, cue = entry.text("passage"), entry.text("cue")
        if not cue:
            return None
        claim = self.claim_span(entry)
        # The cue inside the claim when it is there too, as the quiz highlights it.
        at = passage.find(cue, claim.start) if claim else -1
        if at < 0 or (claim and at + len(cue) > claim.end):
            at = passage.find(cue)
        return Span(at, at + len(cue)) if at >= 0 else None

    def selection(self, entry: Entry) -> Selection:
        """The words selected when the item comes on screen: its cue, else the claim's first
        word; phrases begin at the rules data's reporting verbs too."""
        passage = entry.text("passage")
        selection = Selection.over(passage, verbs=self.cues.verbs)
        start = self.cue_span(entry)
        claim = self.claim_span(entry)
        if start is None and claim is not None:
            first = selection.covering(claim).span
            start = Span(first.start, first.start + 1) if first else None
        return selection.covering(start) if start is not None else selection

    def likely_cues(self, entry: Entry) -> list[Span]:
        """Phrases of the passage that signal some kind, in the order tab steps through them
        (CueFinder.stops): the answer's likeliest first."""
        return self.cues.stops(entry.text("passage"), entry.fields.get("answer"),
                               self.categories.ids, self.claim_span(entry))

    def summary(self) -> Summary:
        failing = [e for e in self.entries if e.dropped is None and e.errors]
        problems = [p for e in self.entries if e.dropped is None for p in e.problems]
        return Summary(
            items=self.total, reviewed=self.reviewed, drafts=self.drafts_left,
            low_confidence=sum(1 for e in self.entries
                               if e.dropped is None and e.draft and e.low_confidence),
            failing=len(failing), problems=self.pack_problems + problems,
        )

    # -- moving ---------------------------------------------------------------------------------

    def skip(self) -> str:
        """On to the next draft; this one stays a draft."""
        entry = self._require_current()
        self._advance()
        if self.current is entry:
            return f"{entry.id} is the last draft left"
        return f"skipped {entry.id}: it stays a draft"

    def go(self, delta: int) -> None:
        """The previous or next item of the review, reviewed or not."""
        if not self.queue:
            return
        self.position = (self.position + delta) % len(self.queue) if self.current else (
            len(self.queue) - 1 if delta < 0 else 0)

    def _advance(self) -> None:
        """To the next draft after the current position, wrapping round; past the end if none."""
        count = len(self.queue)
        start = self.position if self.current else -1
        for step in range(1, count + 1):
            position = (start + step) % count
            entry = self.entries[self.queue[position]]
            if entry.dropped is None and (entry.draft or entry.errors):
                self.position = position
                return
        self.position = count

    def _require_current(self) -> Entry:
        entry = self.current
        if entry is None:
            raise EditRefused("no draft is left to review")
        return entry

    # -- edits ----------------------------------------------------------------------------------

    def _change(self, entry: Entry, fields: dict[str, Any], summary: str,
                dropped: str | None = None, *, advance: bool = False) -> str:
        if self.read_only:
            raise EditRefused(f"read-only: {self.read_only}; nothing can be changed")
        change = Change(summary, entry.index, (entry.fields, entry.dropped), (fields, dropped),
                        self.position)
        self._apply(entry, fields, dropped)
        self.history.append(change)
        self.redone.clear()
        if advance:
            self._advance()
        return summary

    def _apply(self, entry: Entry, fields: dict[str, Any], dropped: str | None) -> None:
        was_dropped = entry.dropped is not None
        entry.fields, entry.dropped = fields, dropped
        if dropped is not None and not was_dropped:
            self.drop_order.append(entry.index)
            self.text.drop_item(entry.index)
        elif dropped is None:
            if was_dropped:
                self.drop_order.remove(entry.index)
            self.text.set_item(entry.index, fields)
        self.text.set_skipped(self.skipped_entries())
        self.edits += 1
        self.checks.update(entry)

    def accept(self) -> str:
        """The item as it stands: no longer a draft. Refused while it does not validate."""
        entry = self._require_current()
        fields = accepted(entry.fields)
        problems = self.check(entry, fields)  # run here if its check has not been yet
        self.checks.update(entry)
        if problems:
            first = problems[0]
            raise EditRefused(f"cannot accept {entry.id}: line {first.line} col {first.col}: "
                              f"{first.message}")
        return self._change(entry, fields, f"accepted {entry.id}", advance=True)

    def set_answer(self, category: str) -> str:
        """A new best answer; the explanation and why_not lines are drafted again for it, and
        the cue moves to the words that signal it when the passage has them."""
        entry = self._require_current()
        if category not in self.categories.ids:
            raise EditRefused(f"unknown category {category!r}")
        if category == entry.fields.get("answer"):
            return f"the answer already is {self.categories.label(category)}"
        fields = dict(entry.fields)
        fields["answer"] = category
        also = [a for a in fields.get("also_accept") or [] if a != category]
        if "also_accept" in fields or also:
            fields["also_accept"] = also
        suggestion = self.suggested_cue(entry, category)
        if suggestion is not None:
            fields["cue"] = entry.text("passage")[suggestion.start:suggestion.end]
        elif not self.categories.cue_required(category):
            fields.pop("cue", None)
        self.drafting.redraft(entry, fields, everything=True)
        return self._change(entry, fields, f"answer of {entry.id}: "
                                           f"{self.categories.label(category)}")

    def suggested_cue(self, entry: Entry, category: str) -> Span | None:
        """The words of the passage that most likely signal `category`, inside the claim when
        possible."""
        return next(iter(self.cues.ranked(entry.text("passage"), category,
                                          self.claim_span(entry))), None)

    def toggle_also(self, category: str) -> str:
        entry = self._require_current()
        if category not in self.categories.ids:
            raise EditRefused(f"unknown category {category!r}")
        if category == entry.fields.get("answer"):
            raise EditRefused(f"{self.categories.label(category)} is the answer; also_accept is "
                              "for the other defensible kinds")
        fields = dict(entry.fields)
        also = list(fields.get("also_accept") or [])
        added = category not in also
        also = also + [category] if added else [a for a in also if a != category]
        fields["also_accept"] = also
        self.drafting.redraft(entry, fields)
        verb = "also accepts" if added else "no longer accepts"
        return self._change(entry, fields, f"{entry.id} {verb} {self.categories.label(category)}")

    def set_cue(self, span: Span) -> str:
        entry = self._require_current()
        cue = entry.text("passage")[span.start:span.end]
        if not cue.strip():
            raise EditRefused("select the words of the cue first")
        fields = dict(entry.fields, cue=cue)
        self.drafting.redraft(entry, fields)
        return self._change(entry, fields, f"cue of {entry.id}: “{cue}”")

    def narrow_claim(self, span: Span) -> str:
        """The claim becomes the selected words of the passage."""
        entry = self._require_current()
        claim = entry.text("passage")[span.start:span.end]
        if not claim.strip():
            raise EditRefused("select the words of the claim first")
        fields = dict(entry.fields, claim=claim)
        self.drafting.redraft(entry, fields)
        return self._change(entry, fields, f"claim of {entry.id} narrowed")

    def set_texts(self, texts: dict[str, str]) -> str:
        """Explanation, source, discussion or why_not lines ("why_not.<id>") as typed: one
        paragraph each (line breaks become spaces); an empty discussion or line is removed."""
        entry = self._require_current()
        fields = dict(entry.fields)
        changed = []
        for name, typed in texts.items():
            text = " ".join(typed.split())
            if text == entry.text(name):
                continue
            changed.append(name.replace("why_not.", "why not: "))
            if name.startswith("why_not."):
                lines = dict(fields.get("why_not") or {})
                category = name[len("why_not."):]
                if text:
                    lines[category] = text
                else:
                    lines.pop(category, None)
                fields["why_not"] = lines
            elif name in TEXT_FIELDS:
                if text or name != "discussion":
                    fields[name] = text
                else:
                    fields.pop(name, None)
            else:
                raise EditRefused(f"{name} cannot be edited as text")
        if not changed:
            return "nothing changed"
        if "source" in texts:
            self.drafting.redraft(entry, fields)
        return self._change(entry, fields, f"{entry.id}: {', '.join(changed)} edited")

    def drop(self, reason: str = DROP_REASON) -> str:
        """The item leaves the pack; its sentence goes to `skipped` with `reason`."""
        entry = self._require_current()
        reason = " ".join(reason.split()) or DROP_REASON
        if sum(1 for e in self.entries if e.dropped is None) <= 1:
            raise EditRefused("a pack needs at least one item; this is the last one")
        if self._sentence_of(entry) is None:
            raise EditRefused(f"{entry.id}: its claim is not in the article, so there is no "
                              "sentence to list as skipped; fix the claim first")
        return self._change(entry, dict(entry.fields), f"dropped {entry.id}", reason,
                            advance=True)

    def undo(self) -> str:
        if not self.history:
            raise EditRefused("nothing to undo")
        if self.read_only:
            raise EditRefused(f"read-only: {self.read_only}")
        change = self.history.pop()
        entry = self.entries[change.index]
        self._apply(entry, *change.before)
        self.redone.append(change)
        if entry.index in self.queue:
            self.position = self.queue.index(entry.index)
        return f"undone: {change.summary}"

    # -- checking -------------------------------------------------------------------------------

    def check(self, entry: Entry, fields: dict[str, Any] | None = None) -> list[Problem]:
        """What `quiz validate` reports for the entry once accepted (its fields, or `fields`),
        at its line and column in the file as it will be saved; the pack's own errors too."""
        return self.checks.problems(entry, fields)

    def pending_check(self) -> PendingCheck | None:
        """The check the item on screen waits for (after an edit, with checks.defer), or None;
        `checked` takes its result."""
        return self.checks.pending(self.current)

    def checked(self, pending: PendingCheck, found: Found) -> bool:
        """True when the entry's problems are now those `found` (its fields are the same)."""
        return self.checks.record(pending, found)

    # -- saving ---------------------------------------------------------------------------------

    def skipped_entries(self) -> list[dict[str, str]]:
        added = []
        for index in self.drop_order:
            entry = self.entries[index]
            sentence = self._sentence_of(entry)
            if sentence is not None:
                added.append({"sentence": sentence, "reason": entry.dropped or DROP_REASON})
        return self.skipped_original + added

    def _sentence_of(self, entry: Entry) -> str | None:
        """The whole article sentences the entry's claim is in."""
        if self.article is None:
            return None
        passage, claim = entry.text("passage"), entry.text("claim")
        start = self.article.find(passage)
        offset = passage.find(claim) if claim else -1
        if start < 0 or offset < 0:
            return None
        inside = self.article.sentences_within(start + offset, start + offset + len(claim))
        if not inside:
            return None
        return self.article.text[inside[0].start:inside[-1].end]

    def rendering(self) -> Rendering:
        """The file's new text, to be verified (Rendering.verified) before it is saved; the
        items' texts were read when they were checked, and are not read again."""
        return self.text.rendering(load=located)

    def rendered(self) -> str:
        """The file's new text (checked to read back as intended)."""
        try:
            return self.text.checked_render()
        except RoundTripError as error:
            raise EditRefused(str(error)) from None

    def save(self, text: str | None = None, *, edits: int | None = None,
             writer: Callable[..., Path] = files.write_text) -> str:
        """Write the review to the pack file; ChangedOnDisk when the file changed since it was
        read (or last saved), EditRefused when it cannot be written. `text` is the file as it
        was after `edits` edits (a thread saves it while the review goes on); default: now."""
        if self.read_only:
            raise EditRefused(f"read-only: {self.read_only}")
        if text is None:
            text, edits = self.rendered(), self.edits
        elif edits is None:
            edits = self.edits
        try:
            on_disk = self.path.read_bytes()
        except FileNotFoundError:
            raise ChangedOnDisk(f"{self.path} was removed since the review opened it; not "
                                "saved (w writes the review to a new file)") from None
        except OSError as error:
            raise EditRefused(f"cannot read {self.path}: {error.strerror}") from None
        if _digest(on_disk) != self.disk_digest:
            raise ChangedOnDisk(f"{self.path} changed on disk since the review opened it; not "
                                "overwritten (w writes the review to a new file beside it)")
        try:
            writer(self.path, text)
        except OSError as error:
            raise EditRefused(f"cannot write {self.path}: {error.strerror or error}") from None
        self.disk_digest = _digest(text.encode("utf-8"))
        self.saved_edits = edits
        return f"saved {self.path.name}"

    def save_copy(self, writer: Callable[..., Path] = files.write_text) -> Path:
        """Write the review to a new file beside the pack (never over an existing one)."""
        text = self.rendered()
        for number in range(1, 1000):
            suffix = "" if number == 1 else f"-{number}"
            target = self.path.with_name(f"{self.path.stem}.reviewed{suffix}{self.path.suffix}")
            if not target.exists():
                break
        else:
            raise EditRefused(f"too many reviewed copies of {self.path.name} already")
        try:
            writer(target, text)
        except OSError as error:
            raise EditRefused(f"cannot write {target}: {error.strerror or error}") from None
        return target

    def _article_at(self, item: dict[str, Any]) -> int:
        passage, claim = item.get("passage"), item.get("claim")
        if self.article is None or not isinstance(passage, str):
            return -1
        start = self.article.find(passage)
        offset = passage.find(claim) if isinstance(claim, str) and claim else 0
        return start + max(offset, 0) if start >= 0 else -1

"""A pack file edited as a person wrote it: ruamel.yaml's round trip writes the items a review
changed (their comments, key order, quoting and block styles kept); every other line is copied.

ruamel.yaml keeps comments and styles but normalises indentation and may re-wrap, so only the
changed parts of the file come from it: the file is cut at its top-level keys and its items, and
an untouched part is written back byte for byte. Every result is read back and compared with the
intended data before it may be saved: the whole file by libyaml and each changed part, in its
place, by the pack loader (quiz.content.yamlsafe), or when either differs, the whole file by the
pack loader.
"""

from __future__ import annotations

import copy
import io
import textwrap
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from quiz.content.yamlsafe import LocatedDocument, YamlLoadError, load_located

# The item keys in the order the format lists them (quiz.content.format.ItemModel): a key the
# review adds goes after the keys that come before it here.
ITEM_KEYS = ("id", "passage", "claim", "answer", "also_accept", "source", "cue", "explanation",
             "why_not", "discussion", "difficulty", "tags", "draft")
# libyaml reads a whole pack in a few milliseconds where the pure-Python loader takes a tenth of a
# second; the pack loader then reads only the parts a review changed.
_FAST_LOADER = getattr(pyyaml, "CSafeLoader", None)
_UNREADABLE = object()
# New long text is folded as `quiz draft` writes it (quiz.content.export.pack_to_yaml).
FOLD_OVER = 70
WIDTH = 96


class RoundTripError(Exception):
    """A pack file this module cannot edit in place (flow style, no `items` list, ...)."""


@dataclass(frozen=True)
class Rendering:
    """A pack file's new text and the data it must read back as. `verified()` uses nothing of
    the PackText it came from, so a thread may run it while the review goes on."""

    text: str
    expected: dict
    # Each changed part of the file in its place (the lines before the items, then the part),
    # and the data it must read back as.
    parts: tuple[tuple[str, Any], ...]
    read: dict[str, Any]  # what parts read back as, shared by a PackText's renderings
    load: Callable[[str], LocatedDocument] = load_located  # the pack loader (or a cache of it)

    def verified(self) -> bool:
        """Whether the text reads back as intended."""
        if _FAST_LOADER is not None and self._parts_read_back() and self._reads_fast():
            return True
        return _loads_as(self.text, self.expected)  # the pack loader has the last word

    def _parts_read_back(self) -> bool:
        for text, data in self.parts:
            if text not in self.read:
                try:
                    self.read[text] = self.load(text).data
                except YamlLoadError:
                    self.read[text] = _UNREADABLE
            if self.read[text] != data:
                return False
        return True

    def _reads_fast(self) -> bool:
        try:
            return pyyaml.load(self.text, Loader=_FAST_LOADER) == self.expected
        except pyyaml.YAMLError:
            return False


@dataclass(frozen=True)
class _Segment:
    """Lines [start, end) of the source; `trailer` of them are comments and blank lines after
    the content, which belong to no key (ruamel would hang them on the last key)."""

    start: int
    end: int
    trailer: int = 0


def plain(value: Any) -> Any:
    """ruamel's round-trip data as plain dicts, lists and scalars (as the safe loader gives)."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool | None):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


class PackText:
    """One pack file's text and its round-trip document; items are edited by index into the
    file's `items` list, as read."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.newline = "\r\n" if "\r\n" in source else "\n"
        self.lines = source.splitlines(keepends=True)
        self.yaml = _yaml()
        self._thread = threading.get_ident()
        self._local = threading.local()  # a YAML object per other thread: one is not shared
        try:
            self.data = self.yaml.load(source)
        except YAMLError as error:
            raise RoundTripError(f"YAML syntax: {error}") from None
        if not isinstance(self.data, CommentedMap):
            raise RoundTripError("the file is not a mapping of pack keys")
        items = self.data.get("items")
        if not isinstance(items, CommentedSeq) or not items or items.fa.flow_style():
            raise RoundTripError("the pack's items are not a block list (`- id: ...` lines)")
        self._set_indent(items)
        self.original_items: list[CommentedMap] = [copy.deepcopy(item) for item in items]
        self.original_plain = [plain(item) for item in items]
        self.original_skipped = plain(self.data.get("skipped", []))
        self._skipped_original = copy.deepcopy(self.data.get("skipped"))
        self.items: list[CommentedMap | None] = [item for item in items]  # None: dropped
        self._changed: set[int] = set()
        self._skipped: list[dict] | None = None  # the desired list, once changed
        # The lines of an item with given fields, once dumped: (index, fields_key) -> text.
        # Written by whichever thread dumps first; the text for a key never changes.
        self._dumped: dict[tuple[int, str], str] = {}
        self._keys: dict[int, str] = {}  # fields_key of each changed item
        self._read: dict[str, Any] = {}  # for Rendering.parts
        self._cut()

    # -- reading the layout -------------------------------------------------------------------

    def _set_indent(self, items: CommentedSeq) -> None:
        line, key_col = items.lc.item(0)
        dash = self._dash_line(line)
        dash_col = len(self.lines[dash]) - len(self.lines[dash].lstrip(" "))
        mapping = 2
        for item in items:
            for key, value in item.items():
                if isinstance(value, CommentedMap) and value:
                    first = next(iter(value))
                    mapping = value.lc.key(first)[1] - item.lc.key(key)[1]
                    break
            else:
                continue
            break
        self.indent = {"mapping": max(mapping, 1), "sequence": max(key_col, dash_col + 2),
                       "offset": dash_col}
        self.yaml.indent(**self.indent)
        self.key_col = key_col

    def _dash_line(self, line: int) -> int:
        """The line of the `-` that opens the item whose first key is on `line`."""
        while line > 0 and not self.lines[line].lstrip(" ").startswith("-"):
            line -= 1
        return line

    def _cut(self) -> None:
        keys = list(self.data)
        starts = [self.data.lc.key(k)[0] for k in keys]
        if starts != sorted(starts) or len(set(starts)) != len(starts):
            raise RoundTripError("top-level keys share lines (flow style)")
        self.header = _Segment(0, starts[0])
        self.top: dict[str, _Segment] = {}
        for index, key in enumerate(keys):
            end = starts[index + 1] if index + 1 < len(keys) else len(self.lines)
            self.top[key] = _Segment(starts[index], end, self._trailer(starts[index], end, 0))
        items = self.data["items"]
        item_starts = [self._dash_line(items.lc.item(i)[0]) for i in range(len(items))]
        if item_starts != sorted(item_starts) or len(set(item_starts)) != len(item_starts):
            raise RoundTripError("items share lines (flow style)")
        whole = self.top["items"]
        self.items_head = _Segment(whole.start, item_starts[0])
        self.item_segments = []
        for index, start in enumerate(item_starts):
            end = item_starts[index + 1] if index + 1 < len(item_starts) else whole.end
            self.item_segments.append(_Segment(start, end, self._trailer(start, end,
                                                                         self.key_col)))

    def _trailer(self, start: int, end: int, deepest: int) -> int:
        """How many of lines [start, end) at the end are blank, or comments no deeper than
        `deepest` (a deeper `#` line may be the text of a block scalar)."""
        count = 0
        for line in reversed(self.lines[start + 1:end]):
            stripped = line.strip()
            indent = len(line) - len(line.lstrip(" "))
            if stripped and not (stripped.startswith("#") and indent <= deepest):
                break
            count += 1
        return count

    def _text(self, segment: _Segment) -> str:
        return "".join(self.lines[segment.start:segment.end])

    # -- editing ------------------------------------------------------------------------------

    def set_item(self, index: int, fields: Mapping[str, Any]) -> None:
        """Make item `index` hold exactly `fields` (plain values): values equal to what the file
        had keep their written form, new ones take the style the old value had."""
        if dict(fields) == self.original_plain[index]:
            self.items[index] = self.original_items[index]
            self._changed.discard(index)
            return
        self.items[index] = self._build(index, fields)
        self._keys[index] = fields_key(fields)
        self._changed.add(index)

    def preview_item(self, index: int, fields: Mapping[str, Any]) -> str:
        """The lines item `index` would have with `fields`, changing nothing."""
        return self.item_preview(index, fields)()

    def item_preview(self, index: int, fields: Mapping[str, Any]) -> Callable[[], str]:
        """A function giving the lines item `index` would have with `fields`, changing
        nothing; another thread may call it (the costly part, the dump, happens then)."""
        if dict(fields) == self.original_plain[index]:
            text = self._text(self.item_segments[index])
            return lambda: text
        key = (index, fields_key(fields))
        if key in self._dumped:
            text = self._dumped[key]
            return lambda: text
        item = self._build(index, fields)

        def dump() -> str:
            self._dumped[key] = self._item_lines(index, item)
            return self._dumped[key]

        return dump

    def _build(self, index: int, fields: Mapping[str, Any]) -> CommentedMap:
        original = self.original_items[index]
        fields = dict(fields)
        item = copy.deepcopy(original)
        for key in [k for k in item if k not in fields]:
            del item[key]
        for key, value in fields.items():
            old = original.get(key)
            if key in original and plain(old) == value:
                styled = copy.deepcopy(old)
            else:
                styled = _styled(value, old, indent=self.key_col + 2)
            if key in item:
                item[key] = styled
            else:
                item.insert(_position(item, key, original), key, styled)
        return item

    def drop_item(self, index: int) -> None:
        self.items[index] = None
        self._changed.add(index)

    def set_skipped(self, entries: Iterable[Mapping[str, str]]) -> None:
        """The pack's `skipped` list should be `entries` (the entries it had come first)."""
        entries = [dict(e) for e in entries]
        self._skipped = None if entries == self.original_skipped else entries

    # -- writing ------------------------------------------------------------------------------

    def changed(self) -> bool:
        return bool(self._changed) or self._skipped is not None

    def item_text(self, index: int) -> str:
        """The lines item `index` will have in the file (its comments after it included)."""
        segment = self.item_segments[index]
        if index not in self._changed:
            return self._text(segment)
        key = (index, self._keys[index])
        if key not in self._dumped:
            item = self.items[index]
            assert item is not None
            self._dumped[key] = self._item_lines(index, item)
        return self._dumped[key]

    def _item_lines(self, index: int, item: CommentedMap) -> str:
        segment = self.item_segments[index]
        body = self._dump(CommentedMap([("items", CommentedSeq([item]))]))
        body = body.split("\n", 1)[1]  # the `items:` line
        trailer = "".join(self.lines[segment.end - segment.trailer:segment.end])
        return _strip_trailer(body) + trailer

    def head_text(self) -> str:
        """Every line before the first item (comments, top-level keys, `items:`)."""
        before = [k for k in self.data if self.top[k].start < self.top["items"].start]
        return (self._text(self.header)
                + "".join(self._top_text(k) for k in before)
                + self._text(self.items_head))

    def _top_text(self, key: str) -> str:
        if key == "skipped" and self._skipped is not None:
            return self._skipped_text(self.top[key])
        return self._text(self.top[key])

    def _skipped_text(self, segment: _Segment | None) -> str:
        seq = copy.deepcopy(self._skipped_original)
        if not isinstance(seq, CommentedSeq):
            seq = CommentedSeq()
        del seq[len(self._skipped):]
        for entry in self._skipped[len(seq):]:
            seq.append(CommentedMap(
                (k, _styled(v, None, indent=self.key_col + 2)) for k, v in entry.items()))
        seq.fa.set_block_style()
        body = self._dump(CommentedMap([("skipped", seq)]))
        if segment is None:
            return body
        trailer = "".join(self.lines[segment.end - segment.trailer:segment.end])
        return _strip_trailer(body) + trailer

    def render(self) -> str:
        """The whole file: untouched parts as they were, changed items from ruamel.yaml."""
        parts = [self.head_text()]
        for index, item in enumerate(self.items):
            if item is not None:
                parts.append(self.item_text(index))
        after = [k for k in self.data if self.top[k].start > self.top["items"].start]
        parts += [self._top_text(k) for k in after]
        if self._skipped is not None and "skipped" not in self.data:
            if parts and not parts[-1].endswith("\n"):
                parts.append(self.newline)
            parts.append(self._skipped_text(None))
        return "".join(parts)

    def expected(self) -> dict:
        """The data the rendered file must load as."""
        data = {k: plain(v) for k, v in self.data.items()}
        data["items"] = [plain(item) for item in self.items if item is not None]
        if self._skipped is not None:
            data["skipped"] = self._skipped
        return data

    def rendering(self, load: Callable[[str], LocatedDocument] = load_located) -> Rendering:
        """`render()` with what it must read back as, to be verified (in a thread, perhaps);
        `load` reads the changed parts as the pack loader does."""
        expected = self.expected()
        head = self.head_text()
        before = {k: expected[k] for k in self.data
                  if self.top[k].start < self.top["items"].start}
        parts: list[tuple[str, Any]] = [(head, {**before, "items": None})]
        for index in sorted(self._changed):
            item = self.items[index]
            if item is not None:
                parts.append((head + self.item_text(index), {**before, "items": [plain(item)]}))
        if self._skipped is not None:
            after = "skipped" in self.data and self.top["skipped"].start > self.top["items"].start
            if after or "skipped" not in self.data:
                text = self._top_text("skipped") if after else self._skipped_text(None)
                parts.append((text, {"skipped": self._skipped}))
        return Rendering(self.render(), expected, tuple(parts), self._read, load)

    def checked_render(self) -> str:
        """`render()`, read back as `Rendering.verified` reads it; when that differs from the
        intended data, ruamel.yaml's own dump of the whole file (read back by the pack loader).

        Raises RoundTripError when neither reads back as intended.
        """
        rendering = self.rendering()
        if rendering.verified():
            return rendering.text
        expected = rendering.expected
        whole = copy.copy(self.data)
        whole["items"] = CommentedSeq(item for item in self.items if item is not None)
        if self._skipped is not None:
            whole["skipped"] = CommentedSeq(self._skipped)
        text = self._dump(whole)
        if _loads_as(text, expected):
            return text
        raise RoundTripError("the edited pack would not read back as intended; nothing written")

    def _dump(self, data: Any) -> str:
        if threading.get_ident() == self._thread:
            yaml = self.yaml
        else:
            yaml = getattr(self._local, "yaml", None)
            if yaml is None:
                yaml = self._local.yaml = _yaml()
                yaml.indent(**self.indent)
        out = io.StringIO()
        yaml.dump(data, out)
        text = out.getvalue()
        return text.replace("\n", self.newline) if self.newline != "\n" else text


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a line a person wrote
    return yaml


def fields_key(fields: Mapping[str, Any]) -> str:
    """Equal for fields that are written the same (their values and key order)."""
    return repr(list(fields.items()))


def _loads_as(text: str, expected: dict) -> bool:
    try:
        return load_located(text).data == expected
    except YamlLoadError:
        return False


def _strip_trailer(body: str) -> str:
    """`body` without the comments and blank lines ruamel.yaml hung after its last key."""
    lines = body.splitlines(keepends=True)
    while len(lines) > 1 and (not lines[-1].strip() or lines[-1].lstrip().startswith("#")):
        lines.pop()
    return "".join(lines)


def _position(item: CommentedMap, key: str, original: CommentedMap) -> int:
    """Where `key` goes back or in: after the keys the file put before it, or for a key the
    file did not have, after the keys the format lists before it."""
    order = list(original) if key in original else list(ITEM_KEYS)
    if key not in order:
        return len(item)
    before = set(order[:order.index(key)])
    positions = [i for i, k in enumerate(item) if k in before]
    return positions[-1] + 1 if positions else 0


def _styled(value: Any, old: Any, *, indent: int) -> Any:
    """`value` written as `old` was (quoted, folded, a block list), or as `quiz draft` would."""
    if isinstance(value, Mapping):
        result = CommentedMap()
        for k, v in value.items():
            previous = old.get(k) if isinstance(old, Mapping) else None
            result[k] = _styled(v, previous, indent=indent + 2)
        return result
    if isinstance(value, list):
        seq = CommentedSeq(_styled(v, None, indent=indent + 2) for v in value)
        if isinstance(old, CommentedSeq) and old.fa.flow_style():
            seq.fa.set_flow_style()
        elif isinstance(old, CommentedSeq):
            seq.fa.set_block_style()
        else:
            seq.fa.set_flow_style()  # tags: [a, b] and also_accept: [x], as drafted
        return seq
    if not isinstance(value, str):
        return value
    if not value.replace("\n", "").isprintable():
        return DoubleQuotedScalarString(value)  # the only style that can escape them
    if isinstance(old, LiteralScalarString) and "\n" in value:
        return LiteralScalarString(value)
    if isinstance(old, DoubleQuotedScalarString):
        return DoubleQuotedScalarString(value)
    if isinstance(old, SingleQuotedScalarString) and "\n" not in value:
        return SingleQuotedScalarString(value)
    foldable = (len(value) > FOLD_OVER and "\n" not in value and value == value.strip()
                and "  " not in value and value.isprintable())
    if foldable and isinstance(old, FoldedScalarString) and not getattr(old, "fold_pos", None):
        return _folded(value, None)  # the file writes its folded text on one line
    if foldable and not isinstance(old, (DoubleQuotedScalarString, SingleQuotedScalarString)):
        return _folded(value, WIDTH - indent)
    return value


def _folded(text: str, width: int | None) -> FoldedScalarString:
    """A `>-` block scalar of `text`, its lines broken at spaces to fit `width` columns (None:
    one line)."""
    folded = FoldedScalarString(text)
    if width is None:
        return folded
    positions, offset = [], 0
    lines = textwrap.wrap(text, max(width, 40), break_long_words=False, break_on_hyphens=False)
    for line in lines[:-1]:
        offset += len(line)
        positions.append(offset)
        offset += 1
    folded.fold_pos = positions
    return folded

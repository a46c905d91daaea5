"""Safe YAML loading that remembers where every value came from.

Content packs come from strangers: no tags beyond plain data, no aliases, a size cap, and every
problem reported as `file:line:col` (1-based) instead of a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from quiz.content.files import MB, UnreadableFile, read_capped

MAX_BYTES = 4 * 1024 * 1024

# Plain data only: anything else (e.g. !!python/object) is refused before construction.
_ALLOWED_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)

Path_ = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Position:
    """1-based line and column in a source file."""

    line: int
    col: int


class YamlLoadError(Exception):
    """A file that cannot be read as pack data, with the place to look."""

    def __init__(self, message: str, position: Position = Position(1, 1)) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


@dataclass
class LocatedDocument:
    """Plain Python data plus the YAML nodes it came from, addressable by path."""

    data: Any
    source: str
    values: dict[Path_, yaml.Node] = field(default_factory=dict)
    keys: dict[Path_, yaml.Node] = field(default_factory=dict)

    def position(self, path: Path_, *, key: bool = False) -> Position:
        """Where `path` is written; the nearest written ancestor when it is missing."""
        path = tuple(path)
        while path:
            table = self.keys if key else self.values
            node = table.get(path) or self.values.get(path)
            if node is not None:
                return _position(node.start_mark)
            path = path[:-1]
            key = False
        root = self.values.get(())
        return _position(root.start_mark) if root is not None else Position(1, 1)

    def position_in_scalar(self, path: Path_, offset: int) -> Position:
        """Where character `offset` of the string at `path` is written, as well as we can tell.

        Exact for plain, quoted (without escapes) and block scalars, whose lines join with one
        character; falls back to the start of the value.
        """
        node = self.values.get(tuple(path))
        if not isinstance(node, yaml.ScalarNode):
            return self.position(path)
        raw = self.source[node.start_mark.index : node.end_mark.index]
        if node.style in ("|", ">"):
            header_end = raw.find("\n") + 1
            raw_lines = raw[header_end:].split("\n")
            first_line = node.start_mark.line + 1
        else:
            if node.style in ('"', "'"):
                raw = raw[1:-1]
                if "\\" in raw or "''" in raw:
                    return self.position(path)
            raw_lines = raw.split("\n")
            first_line = node.start_mark.line
        remaining = offset
        for index, raw_line in enumerate(raw_lines):
            if index == 0 and node.style not in ("|", ">"):
                indent = 0
                column0 = node.start_mark.column + (1 if node.style in ('"', "'") else 0)
            else:
                indent = len(raw_line) - len(raw_line.lstrip(" "))
                column0 = 0
            content = raw_line[indent:].rstrip(" ")
            if remaining <= len(content):
                return Position(first_line + index + 1, column0 + indent + remaining + 1)
            remaining -= len(content) + 1  # the newline or folded space
        return self.position(path)


def _position(mark: yaml.Mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def read_text(path: Path, limit: int = MAX_BYTES) -> str:
    """Read a UTF-8 regular file under the size cap (`limit` bytes; articles may be larger than
    pack files), naming the byte where decoding fails."""
    try:
        data = read_capped(path, limit)
    except UnreadableFile as error:
        if error.kind == UnreadableFile.MISSING:
            raise YamlLoadError(f"file not found: {path}") from None
        if error.kind == UnreadableFile.TOO_BIG:
            raise YamlLoadError(f"file is {error.size / MB:.1f} MB; content files are limited "
                                f"to {limit // MB} MB") from None
        raise YamlLoadError(f"cannot read {path}: {error}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        col = error.start - (before.rfind(b"\n") + 1) + 1
        raise YamlLoadError(
            f"not UTF-8 text: byte 0x{data[error.start]:02x} cannot be decoded; "
            "save the file as UTF-8",
            Position(line, col),
        ) from None


# A pack is a few levels deep; nesting far beyond that is a mistake or an attack, and PyYAML
# composes recursively (about 500 levels is a RecursionError).
MAX_DEPTH = 32


def _check_depth(source: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH, at the place it gets too deep (the event stream is
    read without recursion)."""
    depth = 0
    for event in yaml.parse(source, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlLoadError(f"lists and mappings are nested more than {MAX_DEPTH} levels "
                                    "deep; a pack needs only a few",
                                    _position(event.start_mark))
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def load_located(source: str) -> LocatedDocument:
    """Parse one YAML document of plain data, recording the node of every value and key."""
    try:
        _check_depth(source)
        root = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or "invalid YAML"
        position = _position(mark) if mark else Position(1, 1)
        raise YamlLoadError(f"YAML syntax: {problem}", position) from None
    except yaml.YAMLError as error:
        raise YamlLoadError(f"YAML syntax: {error}") from None
    document = LocatedDocument(data=None, source=source)
    if root is None:
        raise YamlLoadError("the file is empty")
    document.data = _construct(root, (), document, set())
    return document


def _construct(node: yaml.Node, path: Path_, document: LocatedDocument, seen: set[int]) -> Any:
    # An alias makes the composer reuse a node object; refusing reuse refuses every alias,
    # which also makes "billion laughs" documents impossible.
    if id(node) in seen:
        raise YamlLoadError(
            "this value is reused through an alias (*name); aliases are not allowed in "
            "content files: write the value out each time",
            _position(node.start_mark),
        )
    seen.add(id(node))
    if node.tag not in _ALLOWED_TAGS:
        raise YamlLoadError(
            f"tag {node.tag!r} is not allowed; content files hold plain text, numbers, lists "
            "and mappings",
            _position(node.start_mark),
        )
    document.values[path] = node
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlLoadError("mapping keys must be plain text", _position(key_node.start_mark))
            key = _scalar(key_node)
            if key in result:
                first = document.keys[path + (key,)].start_mark
                raise YamlLoadError(
                    f"duplicate key {key!r} (first written at line {first.line + 1})",
                    _position(key_node.start_mark),
                )
            document.keys[path + (key,)] = key_node
            result[key] = _construct(value_node, path + (key,), document, seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(item, path + (index,), document, seen)
            for index, item in enumerate(node.value)
        ]
    return _scalar(node)


_SCALARS = yaml.SafeLoader("")


def _scalar(node: yaml.ScalarNode) -> Any:
    try:
        return _SCALARS.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError) as error:
        raise YamlLoadError(f"cannot read value: {error}", _position(node.start_mark)) from None

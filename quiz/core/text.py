"""Text from packs, learners and the store, made safe to show: the one sanitiser every renderer,
screen and message uses before such text reaches a terminal, a page or a file.

Shown visibly instead of passed through: C0 and C1 control characters (ESC among them, so no
escape sequence can drive a terminal: no clipboard writes, title changes, links or clearing),
bidirectional overrides and isolates (text that displays as something else), zero-width and
invisible characters, and line and paragraph separators. Tab and newline stay as they are.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TypeVar

# Bidirectional embeddings, overrides, isolates and marks: they can make text display reversed
# or a name look like another.
BIDI_CONTROLS = frozenset({0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)})
# Characters that take no space: a name or claim with them reads the same but is not. (Zero-width
# joiner and non-joiner stay: Persian, Indic scripts and emoji need them.)
INVISIBLE = frozenset({0x00AD, 0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x200B,
                       *range(0x2060, 0x2065), 0x3164, 0xFEFF, 0xFFA0})
LINE_SEPARATORS = frozenset({0x2028, 0x2029})

_SHOWN: dict[int, str] = {
    **{code: f"\\x{code:02x}" for code in [*range(0x00, 0x20), *range(0x7F, 0xA0)]
       if chr(code) not in "\t\n"},
    **{code: f"\\u{code:04x}" for code in BIDI_CONTROLS | INVISIBLE | LINE_SEPARATORS},
}

T = TypeVar("T")


def hidden_characters(text: str) -> list[tuple[int, str]]:
    """(index, character) of each character `visible` would show escaped."""
    return [(index, char) for index, char in enumerate(text) if ord(char) in _SHOWN]


def visible(text: str) -> str:
    """Text safe to print: control, bidirectional and invisible characters shown as \\xNN or
    \\uNNNN, nothing interpreted."""
    return text.translate(_SHOWN)


def visible_fields(value: T) -> T:
    """`value` with `visible` applied to every string inside it (dataclasses, tuples, lists,
    dicts, in and out): for renderers that hand whole records to a library such as Rich."""
    if isinstance(value, str):
        return visible(value)  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: visible_fields(getattr(value, f.name))
                   for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)  # type: ignore[return-value]
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(visible_fields(item) for item in value)  # type: ignore[return-value]
    if isinstance(value, list):
        return [visible_fields(item) for item in value]  # type: ignore[return-value]
    if isinstance(value, Mapping):
        return {visible_fields(k): visible_fields(v)  # type: ignore[return-value]
                for k, v in value.items()}
    return value


def json_safe(text: str) -> str:
    """Serialised JSON with every character `visible` would escape written as a \\uNNNN escape:
    the same data, but nothing a terminal or a viewer would act on (json.dumps leaves C1
    controls, bidirectional and invisible characters raw)."""
    return "".join(f"\\u{ord(c):04x}" if ord(c) in _SHOWN else c for c in text)

"""Text from packs, learners and the store, made safe to show: control characters made visible.

Every renderer and message that prints such text passes it through `visible` first.
"""

from __future__ import annotations

# C0 and C1 control characters (ESC among them) except tab and newline, shown as \xNN instead.
_VISIBLE_CONTROLS = {
    code: f"\\x{code:02x}"
    for code in [*range(0x00, 0x20), *range(0x7F, 0xA0)]
    if chr(code) not in "\t\n"
}


def visible(text: str) -> str:
    """Content text safe to print: control characters shown as \\xNN, nothing interpreted."""
    return text.translate(_VISIBLE_CONTROLS)

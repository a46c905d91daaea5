"""How text from packs and users reaches the screen: as written, never parsed as markup, and
with control characters shown as \\xNN (an escape sequence in a pack must not drive the terminal).
"""

from __future__ import annotations

from textual.content import Content

from quiz.core.text import visible


def shown(text: str) -> Content:
    """Content for a string from a pack or a user."""
    return Content(visible(text))

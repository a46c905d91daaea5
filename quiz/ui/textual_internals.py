"""Every use of Textual's private API, in one place, each checked against textual==8.2.8 (pinned in
pyproject.toml): on an upgrade, compare each with the new textual/dom.py.
"""

from __future__ import annotations

from textual.dom import DOMNode


def bind_key(
    node: DOMNode, key: str, action: str, description: str, *, show: bool, key_display: str
) -> None:
    """Add a key binding to one screen or widget instance (BINDINGS is per class).

    Private: DOMNode._bindings (a BindingsMap) and its bind(), as in textual 8.2.8. Used so
    the item screen binds as many number keys as the pack has categories.
    """
    node._bindings.bind(key, action, description, show=show, key_display=key_display)

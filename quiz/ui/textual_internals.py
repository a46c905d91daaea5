"""Every use of Textual's private API, in one place, each checked against textual==8.2.8 (pinned in
pyproject.toml): on an upgrade, compare each with the new textual/dom.py, driver.py,
drivers/web_driver.py and drivers/_input_reader*.py.
"""

from __future__ import annotations

from textual.app import App
from textual.dom import DOMNode
from textual.driver import Driver

# textual 8.2.8: a private module; InputReader(timeout) reads stdin, waking every `timeout` s.
from textual.drivers._input_reader import InputReader
from textual.drivers.web_driver import WebDriver


def bind_key(
    node: DOMNode, key: str, action: str, description: str, *, show: bool, key_display: str
) -> None:
    """Add a key binding to one screen or widget instance (BINDINGS is per class).

    Private: DOMNode._bindings (a BindingsMap) and its bind(), as in textual 8.2.8. Used so
    the item screen binds as many number keys as the pack has categories.
    """
    node._bindings.bind(key, action, description, show=show, key_display=key_display)


def set_input_timeout(driver: WebDriver, seconds: float) -> None:
    """Make the web driver's input thread wake every `seconds` rather than 0.1 s when no input
    comes. Call in the driver's __init__, before its input thread starts."""
    # textual 8.2.8: WebDriver.__init__ sets the private `_input_reader`, which run_input_thread
    # iterates and close_input closes; a reader with a longer timeout replaces it.
    driver._input_reader = InputReader(timeout=seconds)


def driver_app(driver: Driver) -> App:
    """The app a driver serves."""
    # textual 8.2.8: Driver.__init__ keeps it as the private `_app`; there is no public accessor.
    return driver._app

"""How participants get in, drawn for the projector: the join URL, the code in large digits and
a QR code of the URL with the code in it (segno), which a phone's camera opens directly.

The QR code is drawn with half blocks in fixed black and white, whatever the terminal's theme,
so cameras read it; every line is one row of modules and never wraps.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Digits, Static

from quiz.ui.text import shown
from quiz.workshop.plan import format_code, is_numeric_code

DARK = "#000000"
LIGHT = "#ffffff"
# Modules of quiet zone around the code: scanners need some; two are enough on a screen.
QUIET_ZONE = 2


def code_url(url: str, code: str) -> str:
    """The join URL with the code filled in: what the QR code opens."""
    return f"{url.rstrip('/')}/?code={code}"


def qr_content(text: str) -> Content:
    """`text` as a QR code, two rows of modules per line of text."""
    # only here: segno loads when the host's dashboard first draws its join panel
    import segno

    rows = [list(row) for row in segno.make(text, error="m").matrix_iter(border=QUIET_ZONE)]
    if len(rows) % 2:
        rows.append([0] * len(rows[0]))
    lines = []
    for top, bottom in zip(rows[0::2], rows[1::2]):
        runs: list[tuple[str, str]] = []
        for upper, lower in zip(top, bottom):
            style = f"{DARK if upper else LIGHT} on {DARK if lower else LIGHT}"
            if runs and runs[-1][1] == style:
                runs[-1] = (runs[-1][0] + "▀", style)
            else:
                runs.append(("▀", style))
        lines.append(Content.assemble(*runs))
    return Content("\n").join(lines)


class JoinPanel(Vertical):
    """The URL, the code and the QR code, one under the other."""

    def __init__(self, url: str, code: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.url = url
        self.code = code

    def compose(self) -> ComposeResult:
        yield Static("Join at", classes="join-label")
        yield Static(Content.assemble((self.url, "bold")), id="join-url")
        yield Static("with the code", classes="join-label")
        if is_numeric_code(self.code):
            yield Digits(format_code(self.code), id="join-code")
        else:  # a workshop made before codes were digits: its letters, as large as text goes
            yield Static(Content.assemble((format_code(self.code), "bold reverse")),
                         id="join-code-text")
        yield Static(qr_content(code_url(self.url, self.code)), id="join-qr")
        yield Static(shown("or scan this: the page opens with the code filled in"),
                     classes="join-label")

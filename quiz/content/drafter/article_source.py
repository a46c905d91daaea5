"""An article as the drafter reads it: the file (UTF-8 text or Markdown, checked and size-capped),
its title and date line, and its text normalised to the paragraphs a pack's passages quote.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from quiz.content.sentences import is_date_line

# --- reading an article -------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleSource:
    """An article made plain: one paragraph per line, a leading dateline kept as metadata."""

    text: str  # what the pack's article copy holds
    title: str | None
    date: dt.date | None


# Neither a link's text nor its address may hold another bracket, so each "[" or "(" is tried
# once: '[[[...](((' stays linear instead of rescanning the line from every bracket.
_MD_LINK = re.compile(r"!\[[^\[\]]*\]\([^()]*\)|\[([^\[\]]+)\]\([^()]*\)")
# Emphasis spans a bounded stretch, for the same reason.
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(?=\S)([^\n]{1,400}?)(?<=\S)\1")
_EMPHASIS_PASSES = 3  # "***bold italic***" needs two
_MD_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_MD_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
# Invisible characters pasted with office text: C0 and C1 controls, bidi overrides and
# isolates, zero-width spaces. The article copy leaves them out (whitespace controls become
# spaces when the lines are joined), so passages hold only what a reader sees.
_INVISIBLE = {code: None for code in [*range(0x00, 0x09), *range(0x0E, 0x1C),
                                      *range(0x7F, 0x85), *range(0x86, 0xA0),
                                      *range(0x202A, 0x202F), *range(0x2066, 0x206A),
                                      0x200B, 0xFEFF]}
_BYLINE_CHARS = 120
_BYLINE = re.compile(r"^\s*By\s+[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){0,5}\s*$")
_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%Y-%m-%d",
                 "%A, %B %d, %Y", "%A %B %d, %Y", "%A, %d %B %Y")


def parse_date_line(line: str) -> dt.date | None:
    """The date of a dateline such as 'July 28, 2023', 'Sept. 5, 2023' or '2023-07-28'."""
    cleaned = " ".join(line.replace(".", " ").split())
    cleaned = re.sub(r"\bSept\b", "Sep", cleaned)
    cleaned = re.sub(r" ,", ",", cleaned)
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def normalise_article(text: str, *, markdown: bool = False) -> ArticleSource:
    """One paragraph per line; Markdown marks, headings, rules and bylines left out.

    Paragraphs are separated by blank lines when the text has any (hard-wrapped lines are
    joined), otherwise every line is a paragraph.
    """
    text = text.translate(_INVISIBLE)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[0].strip() == "---":  # Markdown front matter
        closing = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), None)
        if closing is not None:
            lines = lines[closing + 1 :]
    markdown = markdown or next((ln for ln in lines if ln.strip()), "").startswith("# ")
    blank_separated = any(not ln.strip() for ln in lines[1:-1]) and any(
        lines[i].strip() and lines[i + 1].strip() for i in range(len(lines) - 1)
    )
    title: str | None = None
    date: dt.date | None = None
    date_line: str | None = None
    paragraphs: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if block:
            paragraphs.append(" ".join(block))
            block.clear()

    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            flush()
            continue
        if not paragraphs and not block and date_line is None and is_date_line(line):
            date_line, date = line, parse_date_line(line)
            continue
        if markdown:
            if line.startswith("#"):
                flush()
                if title is None and line.startswith("# "):
                    title = _markdown_inline(line[2:]).strip()
                continue
            if _MD_RULE.match(line):
                flush()
                continue
            if _MD_BULLET.match(line):
                flush()
                line = _MD_BULLET.sub("", line)
            line = _markdown_inline(line.lstrip("> ").strip())
            if not line:
                continue
        if not paragraphs and not block and len(line) <= _BYLINE_CHARS and _BYLINE.match(line):
            continue
        block.append(line)
        if not blank_separated:
            flush()
    flush()
    body = "\n".join(paragraphs)
    copy = f"{date_line}\n{body}\n" if date_line else f"{body}\n"
    return ArticleSource(text=copy, title=title, date=date)


def _markdown_inline(text: str) -> str:
    text = _MD_LINK.sub(lambda m: m.group(1) or "", text)
    for _ in range(_EMPHASIS_PASSES):
        previous, text = text, _MD_EMPHASIS.sub(r"\2", text)
        if text == previous:
            break
    return " ".join(text.split())

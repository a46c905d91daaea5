"""Small pieces of wording every screen, line and report shares: numbers of things, points,
dates, and a category's label in a sentence.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quiz.core.packs import Category


def counted(number: int, noun: str) -> str:
    """'1 item', '3 items'."""
    return f"{number} {noun}{'s' if number != 1 else ''}"


def credit_text(value: float) -> str:
    """2, 2.5 or 2.25: no trailing zeros."""
    return f"{value:g}"


def date_text(date: dt.date | None) -> str:
    # Spelled out so a screen reader says "28 July 2023" instead of digits and dashes.
    return f"{date.day} {date:%B %Y}" if date else ""


def plural(category: Category) -> str:
    """'state-media claims' from the label 'State-media claim'."""
    label = category.label.lower()
    return label[:-1] + "ies" if label.endswith("y") else label + "s"


def with_article(noun_phrase: str) -> str:
    """'a denial', 'an independently reported fact'."""
    return ("an " if noun_phrase[:1] in "aeiou" else "a ") + noun_phrase


def local_time(stamp: str) -> str:
    """A stored ISO time as the computer's local time, '2024-03-14 09:05' (as given if not one)."""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")

"""Content packs as the quiz plays them: plain, immutable data (categories, items, the pack and
the loaded pack with its article).

The file format and its checks are quiz.content's (pydantic); a pack reaches play only after
passing them, and quiz.content.pack_files reads the checked result from a cache without pydantic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, fields
from typing import Any

# The classes below mirror the pydantic models of quiz.content.format field for field (a test
# checks they agree); they exist because importing pydantic alone costs a third of the
# start-up budget (benchmarks/bench_startup.py).


@dataclass(frozen=True, slots=True)
class Category:
    """One kind of statement the reader is asked to recognise."""

    id: str
    label: str
    definition: str
    cues: list[str] = field(default_factory=list)
    cue_required: bool = True


@dataclass(frozen=True, slots=True)
class Item:
    """One question: a passage, the claim in it, and why it is the kind of statement it is."""

    id: str
    passage: str
    claim: str
    answer: str
    source: str
    explanation: str
    also_accept: list[str] = field(default_factory=list)
    cue: str = ""
    why_not: dict[str, str] = field(default_factory=dict)
    discussion: str | None = None
    difficulty: int = 2
    tags: list[str] = field(default_factory=list)
    draft: bool = False


@dataclass(frozen=True, slots=True)
class Skipped:
    """An article sentence deliberately not asked about."""

    sentence: str
    reason: str


@dataclass(frozen=True, slots=True)
class Pack:
    """A checked content pack."""

    id: str
    title: str
    article: str
    version: str
    items: list[Item]
    language: str = "en"
    date: dt.date | None = None
    alternative_credit: float = 0.5
    taxonomy: str | None = None
    categories: list[Category] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Pack:
        date = data.get("date")
        return cls(**{
            **data,
            "date": dt.date.fromisoformat(date) if isinstance(date, str) else date,
            "items": [Item(**i) for i in data["items"]],
            "categories": [Category(**c) for c in data.get("categories", [])],
            "skipped": [Skipped(**s) for s in data.get("skipped", [])],
        })

    def to_dict(self) -> dict[str, Any]:
        """Plain data in the file format's shape (dates as ISO text)."""
        data = asdict(self)
        data["date"] = self.date.isoformat() if self.date else None
        return data


@dataclass(frozen=True, slots=True)
class LoadedPack:
    """A checked pack with everything needed to run it: categories, article text, origin."""

    pack: Pack
    categories: list[Category]
    article_text: str
    article_title: str
    path: str

    def category(self, category_id: str) -> Category:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)

    @property
    def category_ids(self) -> list[str]:
        return [c.id for c in self.categories]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LoadedPack:
        return cls(
            pack=Pack.from_dict(data["pack"]),
            categories=[Category(**c) for c in data["categories"]],
            article_text=data["article_text"],
            article_title=data["article_title"],
            path=data["path"],
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "pack": self.pack.to_dict(),
            "categories": [asdict(c) for c in self.categories],
            **{f.name: getattr(self, f.name) for f in fields(self)
               if f.name not in ("pack", "categories")},
        }


# --- loading for use, with a cache of checked packs ------------------------------------------



"""Content packs as the quiz plays them: plain, immutable data, loaded fast from a checked cache.

The file format and its checks live in quiz.content.format (pydantic); a pack reaches play only
after passing them, and start-up reads the checked result without importing pydantic or YAML.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

from quiz import __version__, locations

PACK_SUFFIXES = (".yaml", ".yml")


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


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int
    col: int
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"


class PackError(Exception):
    """A pack that cannot be used; `problems` say where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"] or problems
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{errors[0]}{more}")


def check_pack(path: Path) -> tuple[LoadedPack | None, list[Problem]]:
    """Run every check on a pack file (see quiz.content.format.check_pack)."""
    from quiz.content.format import check_pack as check

    return check(Path(path))


def pack_json_schema() -> dict:
    from quiz.content.format import pack_json_schema as schema

    return schema()


# --- loading for use, with a cache of checked packs ------------------------------------------


def _dependencies(loaded: LoadedPack) -> list[Path]:
    pack_path = Path(loaded.path)
    article = (pack_path.parent / loaded.pack.article).resolve()
    taxonomy = (
        (pack_path.parent / loaded.pack.taxonomy).resolve()
        if loaded.pack.taxonomy else locations.default_taxonomy_path()
    )
    return [pack_path, article, taxonomy, article.with_suffix(".meta.yaml")]


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def _cache_file(path: Path) -> Path:
    key = hashlib.sha256(f"{__version__}\0{path.resolve()}".encode()).hexdigest()[:24]
    return locations.cache_dir() / "packs" / f"{key}.json"


def _read_cache(path: Path) -> LoadedPack | None:
    try:
        raw = json.loads(_cache_file(path).read_text(encoding="utf-8"))
        if any(_digest(Path(p)) != digest for p, digest in raw["dependencies"].items()):
            return None
        return LoadedPack.from_dict(raw["pack"])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a stale or damaged cache only means checking the pack again


def _write_cache(path: Path, loaded: LoadedPack) -> None:
    target = _cache_file(path)
    payload = {
        "dependencies": {str(p): _digest(p) for p in _dependencies(loaded)},
        "pack": loaded.to_dict(),
    }
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(payload), encoding="utf-8")
        temporary.replace(target)
    except OSError:
        pass  # a cache we cannot write only costs start-up time


def load_pack(path: Path, *, use_cache: bool = True) -> LoadedPack:
    """A checked pack ready to play; raises PackError naming each problem.

    The checked result is cached, keyed by the content of every file it was built from, so an
    edit to the pack, its article or its taxonomy is always re-checked.
    """
    path = Path(path)
    if use_cache and (cached := _read_cache(path)) is not None:
        return cached
    loaded, problems = check_pack(path)
    if loaded is None:
        raise PackError(problems)
    if use_cache:
        _write_cache(path, loaded)
    return loaded


def find_pack_files(target: Path) -> list[Path]:
    """Pack files in a folder (not its taxonomy), or the file itself."""
    if target.is_dir():
        return sorted(
            p for p in target.iterdir()
            if p.suffix in PACK_SUFFIXES and p.is_file() and not p.name.startswith("taxonomy.")
        )
    return [target]


def bundled_pack_files() -> list[Path]:
    return find_pack_files(locations.bundled_content_dir())


def available_pack_files(data: Path | None = None) -> list[Path]:
    """Bundled packs, then packs in the user's content folder."""
    user = locations.user_content_dir(data)
    return bundled_pack_files() + (find_pack_files(user) if user.is_dir() else [])


def resolve_pack(name_or_path: str | None, data: Path | None = None) -> Path:
    """A pack by path, or by id/file stem among the available packs; the first bundled by default.

    Raises LookupError with a message that lists what exists.
    """
    candidates = available_pack_files(data)
    if name_or_path is None:
        if not candidates:
            raise LookupError("no packs are installed")
        return candidates[0]
    direct = Path(name_or_path).expanduser()
    if direct.is_file():
        return direct
    for candidate in candidates:
        if candidate.stem == name_or_path:
            return candidate
    names = ", ".join(c.stem for c in candidates) or "none"
    raise LookupError(f"no pack file or bundled pack named {name_or_path!r} (available: {names})")

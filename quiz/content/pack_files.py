"""Pack files on disk: finding them (bundled, the user's folder, by name), and loading one for
play through a cache of checked packs, so start-up reads JSON instead of parsing and checking YAML.

Only a pack that passed every check (quiz.content.checks) reaches the cache; the cache is keyed
by the content of every file the pack was built from, so an edit is always checked again.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from quiz import __version__, locations
from quiz.content.files import write_text
from quiz.content.problems import PackError, Problem
from quiz.core.packs import LoadedPack
from quiz.core.records import SessionRecord

PACK_SUFFIXES = (".yaml", ".yml")


def check_pack(path: Path) -> tuple[LoadedPack | None, list[Problem]]:
    """Run every check on a pack file (see quiz.content.checks.check_pack)."""
    from quiz.content.checks import (
        check_pack as check,  # only here: pydantic is slow to load
    )

    return check(Path(path))


def pack_json_schema() -> dict:
    from quiz.content.format import pack_json_schema as schema  # only here: as above

    return schema()


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
        write_text(target, json.dumps(payload))
    except OSError:
        pass  # a cache we cannot write only costs start-up time (and leaves nothing behind)


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


def pack_id_for(value: str, data: Path | None) -> tuple[str, LoadedPack | None]:
    """A --pack value as a pack id (and the pack, when it can be loaded).

    A name or path that no longer resolves is taken as the id of a pack played in the past,
    so the history of a removed pack can still be asked for.
    """
    try:
        path = resolve_pack(value, data)
    except LookupError:
        return value, None
    try:
        pack = load_pack(path)
    except PackError:
        return Path(value).stem, None
    return pack.pack.id, pack


def pack_played(pack_id: str, pack_path: str, data: Path | None = None) -> LoadedPack | None:
    """The pack a session or workshop was played with, as it is now: from the path it was
    played from, else by its id among the available packs; None when it is gone, broken or now
    another pack (reports then label kinds by id)."""
    candidates: list[Path] = []
    if pack_path:
        candidates.append(Path(pack_path))
    try:
        candidates.append(resolve_pack(pack_id, data))
    except LookupError:
        pass
    for path in candidates:
        try:
            if not path.is_file():
                continue
            pack = load_pack(path)
        except (PackError, OSError):
            continue
        if pack.pack.id == pack_id:
            return pack
    return None


def pack_for(session: SessionRecord, data: Path | None) -> LoadedPack | None:
    """The pack `session` was played with, as it is now (see pack_played)."""
    return pack_played(session.pack_id, session.pack_path, data)


def packs_played(sessions: list[SessionRecord], data: Path | None) -> list[LoadedPack]:
    """The packs of these sessions that can still be loaded, the most recently played first."""
    packs: dict[str, LoadedPack | None] = {}
    for session in reversed(sessions):
        if session.pack_id not in packs:
            packs[session.pack_id] = pack_for(session, data)
    return [pack for pack in packs.values() if pack is not None]

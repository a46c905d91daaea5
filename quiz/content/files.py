"""Files in and out, the one way: reading a file a stranger named (a regular file only, under a
size cap applied while reading) and writing one (to a temporary file in the same folder, flushed
to disk, then renamed over the target, so a full disk or a crash leaves the old file whole).

Reports, exports, drafts, imports, the review's save and the pack cache all write through
`write_text` / `write_bytes`; none of them may write over a file they read (`inputs`). Packs,
their articles and taxonomies, rules and spreadsheets are all read through `read_capped`.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

MB = 1_048_576


class UnreadableFile(Exception):
    """A file that cannot be read as asked; the message says why without naming the path.
    `kind` says which case it is (MISSING, FOLDER, TOO_BIG, or OTHER), and for TOO_BIG `size`
    is the file's size in bytes, so a caller words its own message without parsing this one."""

    MISSING, FOLDER, TOO_BIG, OTHER = "missing", "folder", "too big", "other"

    def __init__(self, message: str, kind: str = OTHER, size: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.size = size


def read_capped(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them.

    Raises UnreadableFile for a path with a NUL or a character no file name can hold, a file
    that is missing, a folder, a device, pipe or socket (/dev/zero has no size to check first,
    so the cap is applied while reading too), or a file over the cap.
    """
    name = str(path)
    if "\0" in name:
        raise UnreadableFile("the path contains a NUL character")
    try:
        os.fsencode(name)
    except UnicodeEncodeError:
        raise UnreadableFile("the path contains a character no file name can hold") from None
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise UnreadableFile("file not found", UnreadableFile.MISSING) from None
    except OSError as error:
        raise UnreadableFile(f"cannot read it: {error.strerror or error}") from None
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFile("is a folder, not a file", UnreadableFile.FOLDER)
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile("is not a regular file (a device, pipe or socket)")
    if info.st_size > limit:
        raise UnreadableFile(f"file is {info.st_size / MB:.1f} MB; the limit is {limit // MB} MB",
                             UnreadableFile.TOO_BIG, info.st_size)
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise UnreadableFile(f"cannot read it: {error.strerror or error}") from None
    if len(data) > limit:
        raise UnreadableFile(f"file grew past the limit of {limit // MB} MB while being read")
    return data


def within(path: Path, folders: Iterable[Path]) -> bool:
    """Whether `path`, with every link followed, lies inside one of `folders`."""
    try:
        real = Path(os.path.realpath(path))
        return any(real.is_relative_to(os.path.realpath(folder)) for folder in folders)
    except (OSError, ValueError):
        return False


# The process's umask, read once at import (reading it means setting it, which is not thread-safe).
_UMASK = os.umask(0o022)
os.umask(_UMASK)


class WriteRefused(OSError):
    """The target is one of the files the command reads: writing it would destroy its input."""


def write_bytes(path: Path, data: bytes, *, inputs: Iterable[Path] = ()) -> Path:
    """Write `data` to `path` atomically (the old file stays whole if anything fails).

    Raises WriteRefused when `path` is one of `inputs` (the same file, by any name), and
    OSError (strerror set) when the folder cannot be written or the disk is full; the
    temporary file is removed in every case.
    """
    path = Path(path)
    for source in inputs:
        if _same_file(path, Path(source)):
            raise WriteRefused(0, f"{path} is the file being read; choose another output", str(path))
    folder = path.parent if str(path.parent) else Path(".")
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600): keep the replaced file's mode, or give a new
        # file the mode open() would have.
        try:
            mode = os.stat(path).st_mode & 0o7777
        except OSError:
            mode = 0o666 & ~_UMASK
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return path


def write_text(
    path: Path,
    text: str,
    *,
    encoding: str = "utf-8",
    newline: str | None = None,
    inputs: Iterable[Path] = (),
) -> Path:
    """`write_bytes` of `text` encoded; `newline` as open() takes it (None: "\\n" as written)."""
    if newline not in (None, "", "\n"):
        text = text.replace("\n", newline)
    return write_bytes(path, text.encode(encoding), inputs=inputs)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False

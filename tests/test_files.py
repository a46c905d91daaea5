"""Every file is written to a temporary file beside it and renamed over it: a failed write leaves
the old file whole and nothing behind, and no command writes over the file it reads."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from quiz.content import files
from quiz.content.files import WriteRefused, write_bytes, write_text


def test_a_write_replaces_the_file_and_leaves_no_temporary_file(tmp_path: Path):
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")
    write_text(target, "new <b>report</b>\n")
    assert target.read_text(encoding="utf-8") == "new <b>report</b>\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_a_write_that_fails_midway_leaves_the_old_file_whole(tmp_path: Path, monkeypatch):
    target = tmp_path / "pack.yaml"
    target.write_text("a hand-written pack\n", encoding="utf-8")

    def disk_full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        write_text(target, "x" * 10_000)
    assert target.read_text(encoding="utf-8") == "a hand-written pack\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack.yaml"]


def test_writing_over_an_input_file_is_refused_by_any_of_its_names(tmp_path: Path):
    article = tmp_path / "article.txt"
    article.write_text("The article.\n", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(article)
    for name in (article, tmp_path / "link.txt", tmp_path / "." / "article.txt"):
        with pytest.raises(WriteRefused, match="is the file being read"):
            write_text(name, "normalised", inputs=[article])
    assert article.read_text(encoding="utf-8") == "The article.\n"


def test_a_new_file_gets_the_usual_mode_and_a_replaced_file_keeps_its_own(tmp_path: Path):
    fresh = write_bytes(tmp_path / "new.csv", b"a,b\n")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~files._UMASK
    kept = tmp_path / "kept.txt"
    kept.write_text("x", encoding="utf-8")
    os.chmod(kept, 0o640)
    write_text(kept, "y")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640


def test_newlines_are_written_as_asked(tmp_path: Path):
    target = write_text(tmp_path / "t.csv", "a\nb\n", newline="\r\n")
    assert target.read_bytes() == b"a\r\nb\r\n"
    assert write_text(tmp_path / "u.txt", "a\r\nb\n", newline="").read_bytes() == b"a\r\nb\n"

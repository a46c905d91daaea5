"""`quiz locate`: where progress, the learner's packs and the cache are kept, whether each exists
yet, and which setting chose it. Nothing is created.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from pathlib import Path

from quiz import locations
from quiz.commands.common import StoreChoice, guarded, store_choice

OVERRIDES = ("--data-dir", "--learner", "QUIZ_DATA_DIR", "QUIZ_LEARNER", "QUIZ_CACHE_DIR")


def locate_lines(choice: StoreChoice, environ: Mapping[str, str] | None = None) -> list[str]:
    """`quiz locate`: each path in use, whether it exists yet, and which setting chose it."""
    environ = os.environ if environ is None else environ
    data_from = _chosen(choice.data_dir_source)
    packs = locations.user_content_dir(choice.data_dir)
    cache_from = _chosen("QUIZ_CACHE_DIR" if environ.get("QUIZ_CACHE_DIR")
                         else "the platform default")
    rows = [
        ("data folder", str(choice.data_dir), data_from),
        ("database", str(choice.database), f"{_exists(choice.database)}; {data_from}"),
        ("user packs", str(packs), f"{_exists(packs)}; {data_from}"),
        ("cache folder", str(locations.cache_dir()), cache_from),
        ("learner", choice.learner, _chosen(choice.learner_source)),
    ]
    width = max(len(name) for name, _, _ in rows) + 1
    return [f"{name + ':':<{width}} {value}  ({source})" for name, value, source in rows]


def _chosen(source: str) -> str:
    """ "from --data-dir" for an override; a default ("the platform default") as it is."""
    return f"from {source}" if source in OVERRIDES else source


def _exists(path: Path) -> str:
    return "exists" if path.exists() else "not created yet"


@guarded
def run_locate(args: argparse.Namespace) -> int:
    """Print the paths in use; nothing is created."""
    for line in locate_lines(store_choice(args)):
        print(line)
    return 0

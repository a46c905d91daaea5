"""The commands' side of packs: loading the chosen pack and, when it has problems, printing each
one and a last line that says what to do.
"""

from __future__ import annotations

import sys
from pathlib import Path

from quiz.packs import LoadedPack, PackError, load_pack

# Exit code for a pack with problems: not a usage error, the file itself needs fixing.
PACK_PROBLEMS_EXIT = 1


def load_pack_or_explain(pack_path: Path, *, prog: str, verb: str) -> LoadedPack | None:
    """The loaded pack, or None after printing its problems and "PROG: error: cannot VERB PATH"."""
    try:
        return load_pack(pack_path)
    except PackError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"{prog}: error: cannot {verb} {pack_path}: fix the problems above "
              f"(check with 'quiz validate {pack_path}')", file=sys.stderr)
        return None

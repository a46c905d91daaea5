"""The names people give themselves: a learner's name and a workshop participant's display name.

One rule for both (`clean_name`): NFC, stripped, a length limit and no character that would
garble the lists, reports and screens a name appears in; each kind of name sets its own limit.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Mapping

MAX_NAME_LENGTH = 60  # a learner's name
MAX_DISPLAY_NAME = 40  # a workshop participant's (it is projected, so shorter)

# Control characters and line breaks would garble every list and report a name appears in.
_CONTROL_CATEGORIES = ("Cc", "Zl", "Zp")
# Bidirectional overrides and isolates can make a name display as something else.
_BIDI_CONTROLS = {*range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def clean_name(
    name: object,
    what: str,
    limit: int,
    *,
    refuse_bidi: bool = False,
    error: type[ValueError] = ValueError,
) -> str:
    """`name` as stored: NFC, stripped, 1 to `limit` characters, no control characters or line
    breaks (nor bidirectional controls with `refuse_bidi`). Raises `error` naming `what` ("a
    learner name") and the reason."""
    cleaned = unicodedata.normalize("NFC", name if isinstance(name, str) else "").strip()
    if not cleaned:
        raise error(f"{what} needs at least one character that is not a space")
    if len(cleaned) > limit:
        raise error(f"{what} has at most {limit} characters (this one has {len(cleaned)})")
    for character in cleaned:
        if (unicodedata.category(character) in _CONTROL_CATEGORIES
                or (refuse_bidi and ord(character) in _BIDI_CONTROLS)):
            raise error(f"{what} cannot contain control characters or line breaks "
                        f"(found U+{ord(character):04X})")
    return cleaned


def clean_learner_name(name: str) -> str:
    """A learner's name as stored: NFC, stripped, 1-60 characters, no control characters
    (ValueError)."""
    return clean_name(name, "a learner name", MAX_NAME_LENGTH)


def default_learner_name(environ: Mapping[str, str] | None = None) -> str:
    """$QUIZ_LEARNER, else the operating system's user name, else "learner"."""
    environ = os.environ if environ is None else environ
    candidates = [environ.get("QUIZ_LEARNER", "")]
    try:
        import getpass  # only here: a name is looked up only when none was given

        candidates.append(getpass.getuser())
    except Exception:  # no user name on this system (e.g. a container without a passwd entry)
        pass
    for candidate in candidates:
        try:
            return clean_learner_name(candidate or "")
        except ValueError:
            continue
    return "learner"

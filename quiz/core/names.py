"""The names people give themselves: a learner's name and a workshop participant's display name,
and the key that tells whether two display names would be taken for one another.

One rule for both (`clean_name`): normalised, stripped, a length limit and no character that would
garble the lists, reports and screens a name appears in; each kind of name sets its own limit.
`name_key` folds case, compatibility forms and look-alike letters (Latin "Ana", Cyrillic "Аna"),
so a room cannot hold two names that read the same on the projector.
"""

from __future__ import annotations

import functools
import os
import string
import unicodedata
from collections.abc import Mapping

MAX_NAME_LENGTH = 60  # a learner's name
MAX_DISPLAY_NAME = 40  # a workshop participant's (it is projected, so shorter)

# Control characters and line breaks would garble every list and report a name appears in.
_CONTROL_CATEGORIES = ("Cc", "Zl", "Zp")
# Bidirectional overrides and isolates can make a name display as something else; invisible
# characters (zero-width spaces, the soft hyphen, word joiners) make two names look alike. The
# zero-width joiner and non-joiner stay: Persian, Indic scripts and emoji need them.
_BIDI_CONTROLS = {*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C}
_INVISIBLE = {0x00AD, 0x034F, 0x180E, 0x200B, *range(0x2060, 0x2065), 0xFEFF}


def clean_name(
    name: object,
    what: str,
    limit: int,
    *,
    refuse_bidi: bool = False,
    form: str = "NFC",
    error: type[ValueError] = ValueError,
) -> str:
    """`name` as stored: normalised (`form`, NFC unless asked), stripped, 1 to `limit`
    characters, no control characters or line breaks (nor bidirectional controls and invisible
    characters with `refuse_bidi`). Raises `error` naming `what` ("a learner name") and the
    reason."""
    cleaned = unicodedata.normalize(form, name if isinstance(name, str) else "").strip()
    if not cleaned:
        raise error(f"{what} needs at least one character that is not a space")
    if len(cleaned) > limit:
        raise error(f"{what} has at most {limit} characters (this one has {len(cleaned)})")
    for character in cleaned:
        if (unicodedata.category(character) in _CONTROL_CATEGORIES
                or (refuse_bidi and ord(character) in _BIDI_CONTROLS)):
            raise error(f"{what} cannot contain control characters or line breaks "
                        f"(found U+{ord(character):04X})")
        if refuse_bidi and ord(character) in _INVISIBLE:
            raise error(f"{what} cannot contain invisible characters "
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


def name_key(name: str) -> str:
    """What two display names are compared by: compatibility forms folded (NFKC: "Ａｎａ" is
    "Ana"), case folded, spaces collapsed, format characters dropped, and every letter that looks
    like another mapped to one of them (Unicode's confusables: Cyrillic "а" is Latin "a", "l" is
    "1"). Two names with the same key would be read as one name."""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = " ".join(text.split())
    prototypes = _prototypes()
    # Capitals first: Cyrillic "т" looks like nothing Latin, but its capital "Т" is "T".
    text = "".join(prototypes.get(ch, ch) for ch in text.upper()).casefold()
    return "".join(prototypes.get(ch, ch) for ch in text)


@functools.cache
def _prototypes() -> dict[str, str]:
    """Each character that Unicode lists as confusable -> the one character its group is
    compared by: the lowest code point among every single character linked to it, directly or
    through others (the table lists "I" with "l", and "l" with "1"), a letter's capital and
    small forms linked for the Latin alphabet (so "I" still meets "l" once names are
    case-folded)."""
    # only here: the table (900 kB of JSON) loads when a display name is first compared
    from confusable_homoglyphs.utils import load

    parent: dict[str, str] = {}

    def root(char: str) -> str:
        while parent.get(char, char) != char:
            parent[char] = parent.get(parent[char], parent[char])
            char = parent[char]
        return char

    def link(first: str, second: str) -> None:
        first, second = root(first), root(second)
        if first != second:
            low, high = sorted((first, second))
            parent[high] = low

    for char, glyphs in load("confusables.json").items():
        if len(char) != 1:
            continue
        for glyph in glyphs:
            if len(glyph["c"]) == 1:
                link(char, glyph["c"])
    for capital in string.ascii_uppercase:
        link(capital, capital.lower())
    return {char: root(char) for char in parent if root(char) != char}

"""The rules of a workshop that need no store: its limits, errors, names, join codes, a new
workshop's settings and items, the room's tallies, and the running order with its check halves.

quiz.workshop.model applies these to the stored workshop; everything here is a pure function of
its arguments (the randomness is passed in or seeded).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import random
import secrets
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from quiz.core.engine import QuizOptions, select_items
from quiz.core.names import MAX_DISPLAY_NAME, clean_name
from quiz.core.names import name_key as _name_key
from quiz.core.packs import Item, LoadedPack
from quiz.core.workshop_records import Audience, Pace, Phase, State, WorkshopInfo

DEFAULT_MAX_PARTICIPANTS = 60
DEFAULT_ROOM_SIZE = 60
# Hard ceilings, so a typo such as --max 6000 is refused rather than planned for.
MAX_PARTICIPANTS_LIMIT = 500
MAX_ROOM_SIZE = 1000
# Join codes are digits: a phone shows its number pad for them, the dashboard draws them in
# large digits, and a digit is never read as another letter. Six digits are a million codes;
# guessing is what the host's join limits are for (quiz.workshop.limits: about 20 wrong codes
# a minute from one address). Workshops made before kept their letters, and still join.
CODE_ALPHABET = "0123456789"
CODE_LENGTH = 6
# Names a participant may not take: whoever has them on the projector would seem to speak for
# the workshop. Compared by name_key, so "FACILITATOR" and look-alikes are refused too.
RESERVED_NAMES = ("Facilitator", "Host", "Admin", "Administrator", "Moderator", "Teacher",
                  "Trainer", "Presenter", "Organiser", "Organizer", "System", "Server", "Quiz",
                  "Everyone", "Nobody", "Anonymous")
# Leftover items (one per odd category x difficulty group) are balanced by trying every split
# up to this many; beyond it a greedy split is used (2^12 = 4096 candidates at most).
EXHAUSTIVE_SPLIT_LIMIT = 12


# --- errors, and whether the workshop is running ---------------------------------------------


class WorkshopError(ValueError):
    """An action the workshop's state does not allow, or a bad value; the message says which."""


class WorkshopFull(WorkshopError):
    """A newcomer past the participant limit."""


class WrongCode(WorkshopError):
    """The join code does not match."""


class NameTaken(WorkshopError):
    """Someone has this name already (or one that reads the same), and the rejoin secret given
    is not theirs: the participant (`participant_id`) may continue on this device only with the
    facilitator's approval (Workshop.hand_over)."""

    def __init__(self, message: str, participant_id: int, name: str) -> None:
        super().__init__(message)
        self.participant_id = participant_id
        self.name = name


class UnknownSecret(WorkshopError):
    """No participant of this workshop holds that rejoin secret (or they were removed)."""


class RemovedParticipant(UnknownSecret):
    """The participant holding that secret was removed by the facilitator."""


class DamagedRow(WorkshopError):
    """A row of the workshop tables holds a value this version cannot read; the message names
    the table, the row and the value."""


class UnknownWorkshop(LookupError):
    """No workshop with that id or code; the message lists the ones that exist."""


def require_running(info: WorkshopInfo, doing: str) -> None:
    """WorkshopError unless the workshop has started and not ended: it cannot `doing` now."""
    if info.state is State.LOBBY:
        raise WorkshopError(f"the workshop has not started yet: cannot {doing}")
    if info.state is State.DONE:
        raise WorkshopError(f"the workshop has ended: cannot {doing}")


# --- names -----------------------------------------------------------------------------------


def clean_display_name(name: str) -> str:
    """A participant's or facilitator's name as stored: NFKC (a phone's full-width "Ａｎａ" is
    "Ana"), stripped, 1-40 characters, no control, bidirectional or invisible characters
    (WorkshopError)."""
    return clean_name(name, "a display name", MAX_DISPLAY_NAME, refuse_bidi=True, form="NFKC",
                      error=WorkshopError)


def name_key(name: str) -> str:
    """Names that read the same are one participant: "ann", "ANN" and Cyrillic "Аnn" are
    "Ann" (quiz.core.names.name_key)."""
    return _name_key(clean_display_name(name))


def refuse_reserved(name: str, facilitator: str) -> None:
    """WorkshopError when a participant's name is one of RESERVED_NAMES or reads as the
    facilitator's."""
    key = name_key(name)
    if key == name_key(facilitator):
        raise WorkshopError(f"{name!r} is the facilitator's name: choose another")
    for reserved in RESERVED_NAMES:
        if key == _name_key(reserved):
            raise WorkshopError(f"{reserved!r} is kept for whoever leads the workshop: choose "
                                "another name")


# --- rejoin secrets --------------------------------------------------------------------------


def new_secret() -> str:
    """A participant's rejoin secret: 32 random characters, kept by their browser only."""
    return secrets.token_urlsafe(24)


def secret_hash(secret: str) -> str:
    """What the store keeps of a secret. The secret is 192 random bits, so a plain hash is
    enough: there is nothing to guess from it."""
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


# --- a new workshop's settings ---------------------------------------------------------------


def checked_room_size(
    audience: Audience, pace: Pace, max_participants: int, room_size: int | None
) -> int | None:
    """The room size a new workshop stores (None for participants), once its settings are
    within the limits; WorkshopError names the one that is not."""
    if not 1 <= max_participants <= MAX_PARTICIPANTS_LIMIT:
        raise WorkshopError(f"the participant limit is 1 to {MAX_PARTICIPANTS_LIMIT} "
                            f"(got {max_participants})")
    if audience is Audience.ROOM:
        room_size = DEFAULT_ROOM_SIZE if room_size is None else room_size
        if not 1 <= room_size <= MAX_ROOM_SIZE:
            raise WorkshopError(f"the room size is 1 to {MAX_ROOM_SIZE} people "
                                f"(got {room_size})")
        if pace is Pace.SELF:
            raise WorkshopError("a room moves together: room mode has facilitator pace only")
        return room_size
    return None


def article_order(pack: LoadedPack) -> list[Item]:
    """Every item of the pack in article order: a workshop's items unless it is given others."""
    return select_items(pack, QuizOptions())


def workshop_items(pack: LoadedPack, items: Sequence[Item] | None) -> list[Item]:
    """The items a new workshop goes through: `items` (all of them the pack's), by default the
    pack's in article order."""
    chosen = list(items) if items is not None else article_order(pack)
    if not chosen:
        raise WorkshopError("a workshop needs at least one item")
    unknown = [item.id for item in chosen if item.id not in {i.id for i in pack.pack.items}]
    if unknown:
        raise WorkshopError(f"items not in pack {pack.pack.id!r}: {', '.join(unknown)}")
    return chosen


# --- join codes, tallies and the running order -----------------------------------------------


def new_join_code(rng: random.Random | None = None) -> str:
    """Six characters of CODE_ALPHABET, from the system's secure source unless `rng` is given."""
    choose = rng.choice if rng is not None else secrets.choice
    return "".join(choose(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str:
    """A typed code as stored: compatibility forms folded (a phone's full-width "４８２"), upper
    case, spaces, dots and dashes dropped ("482-915" -> "482915", "k7p 4qx" -> "K7P4QX")."""
    folded = unicodedata.normalize("NFKC", str(text)).upper()
    return "".join(ch for ch in folded if ch not in " -.\t\u00a0")


def is_numeric_code(code: str) -> bool:
    """A code of digits only (every new one): typed on a phone's number pad."""
    return code.isascii() and code.isdigit()


def format_code(code: str) -> str:
    """"482915" -> "482 915": two groups of three are easier to read out and copy."""
    return f"{code[:3]} {code[3:]}" if len(code) == CODE_LENGTH else code


def parse_tally(text: str, room_size: int | None) -> int:
    """One typed count of hands: a whole number from 0 to the room size (WorkshopError)."""
    typed = str(text).strip()
    if not typed:
        return 0
    if not typed.isascii() or not typed.isdigit():
        raise WorkshopError(f"a tally is a whole number of hands, 0 or more (got {typed!r})")
    value = int(typed)
    limit = room_size if room_size is not None else MAX_ROOM_SIZE
    if value > limit:
        raise WorkshopError(f"a tally cannot be more than the room size, {limit} (got {value})")
    return value


def clean_counts(
    counts: Mapping[str, int], categories: Sequence[str], room_size: int | None
) -> dict[str, int]:
    """A room's show of hands as stored: every category, a left-out one counting 0; whole
    numbers adding up to at most the room size (WorkshopError)."""
    cleaned = {category: 0 for category in categories}
    for category, value in counts.items():
        if category not in cleaned:
            raise WorkshopError(f"unknown category {category!r} in the tally "
                                f"(valid: {', '.join(categories)})")
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise WorkshopError(f"a tally is a whole number of hands, 0 or more "
                                f"(got {value!r} for {category})")
        cleaned[category] = value
    total = sum(cleaned.values())
    if room_size is not None and total > room_size:
        raise WorkshopError(f"the tally adds up to {total} hands, more than the room size "
                            f"of {room_size}")
    return cleaned


def answer_seconds(shown_at: str | None, answered_at: str) -> float:
    """How long an answer took, from when its item was shown (0 when that is not known)."""
    if not shown_at:
        return 0.0
    return max(0.0, (dt.datetime.fromisoformat(answered_at)
                     - dt.datetime.fromisoformat(shown_at)).total_seconds())


@dataclass(frozen=True, slots=True)
class CheckSplit:
    """The two parallel halves of a before/after check, each in the order given."""

    before: tuple[Item, ...]
    after: tuple[Item, ...]


def split_check(items: Sequence[Item], seed: int | None = None) -> CheckSplit:
    """Split `items` into two halves balanced by category (best answer) and difficulty.

    Items are grouped by (category, difficulty); each group is shuffled (seeded) and dealt in
    pairs, one to each half, so every group differs by at most one. The odd item of each group
    is then placed so that, in this order of importance, the halves' sizes, their counts per
    category and their counts per difficulty differ as little as possible (every placement is
    tried when there are at most EXHAUSTIVE_SPLIT_LIMIT such items; ties are broken by the seed).
    The same items and seed always give the same halves.
    """
    rng = random.Random(seed)
    groups: dict[tuple[str, int], list[Item]] = {}
    for item in items:
        groups.setdefault((item.answer, item.difficulty), []).append(item)
    halves: tuple[list[Item], list[Item]] = ([], [])
    leftovers: list[Item] = []
    for group in groups.values():
        rng.shuffle(group)
        for first, second in zip(group[0::2], group[1::2]):
            pair = [first, second]
            rng.shuffle(pair)
            halves[0].append(pair[0])
            halves[1].append(pair[1])
        if len(group) % 2:
            leftovers.append(group[-1])

    def imbalance(sides: Sequence[int]) -> tuple[int, int, int, int]:
        before = halves[0] + [item for item, side in zip(leftovers, sides) if side == 0]
        after = halves[1] + [item for item, side in zip(leftovers, sides) if side == 1]
        categories = Counter(i.answer for i in before)
        categories.subtract(i.answer for i in after)
        difficulties = Counter(i.difficulty for i in before)
        difficulties.subtract(i.difficulty for i in after)
        spread = [abs(n) for n in categories.values()] + [abs(n) for n in difficulties.values()]
        return (abs(len(before) - len(after)),
                max((abs(n) for n in categories.values()), default=0),
                max((abs(n) for n in difficulties.values()), default=0),
                sum(spread))

    if len(leftovers) <= EXHAUSTIVE_SPLIT_LIMIT:
        candidates = list(itertools.product((0, 1), repeat=len(leftovers)))
        best = min(imbalance(sides) for sides in candidates)
        sides = rng.choice([s for s in candidates if imbalance(s) == best])
    else:
        chosen: list[int] = []
        for index in range(len(leftovers)):
            options = [0, 1]
            rng.shuffle(options)
            chosen.append(min(options, key=lambda side: imbalance(
                chosen + [side] + [2] * (len(leftovers) - index - 1))))
        sides = tuple(chosen)
    for item, side in zip(leftovers, sides):
        halves[side].append(item)
    order = {item.id: n for n, item in enumerate(items)}
    before, after = (tuple(sorted(half, key=lambda i: order[i.id])) for half in halves)
    return CheckSplit(before, after)


def plan_steps(
    items: Sequence[Item], *, check: bool = False, seed: int | None = None
) -> list[tuple[Phase, Item]]:
    """The running order. Without a check, every item is discussed. With one, the before check
    asks one half, the discussion goes through that same half (the room has just met those
    items, so it argues from its own answers), and the after check asks the parallel half,
    which nobody has seen: the gain measures the habit, not memory of the discussed items."""
    if not check:
        return [(Phase.DISCUSSION, item) for item in items]
    if len(items) < 2:
        raise WorkshopError("a before/after check needs at least 2 items")
    halves = split_check(items, seed)
    return ([(Phase.BEFORE, item) for item in halves.before]
            + [(Phase.DISCUSSION, item) for item in halves.before]
            + [(Phase.AFTER, item) for item in halves.after])


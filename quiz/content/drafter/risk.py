"""What makes a drafted reading likely to be wrong on text the rules were never tuned on: features
of the speaker, of the frames and of the neighbours, as risk flags that confidence calibrates.

Measured on replays (a held-out set drafted by the rules as they were before it was released):
which rule fired says little there; how the speaker was found and what else the sentence holds
says more.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from quiz.content.drafter.entities import Hit
from quiz.content.drafter.frames import Frame, SentenceFrames
from quiz.content.drafter.speakers import Speaker

# A clause that turns against what comes before: the sentence holds two stances.
_CONTRARY = re.compile(r"\b(?:but|while|whereas|although|though|however|yet)\b|,\s*which\s",
                       re.IGNORECASE)
_NEGATED_SUBJECT = re.compile(r"[\s\"“‘']*(?:neither|no|none|nobody|nothing)\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:no|not|never|nothing|none|nobody|without|neither|nor)\b|n['’]t\b",
                       re.IGNORECASE)
_PARTY_KINDS = frozenset({"government", "company", "expert", "civil", "international"})
LONG_SPEAKER_WORDS = 7
FAR_BACK = 2  # sentences between a speaker's last mention and a reference to it


def reading_risks(frames: SentenceFrames, spoken: Sequence[tuple[Frame, Speaker]],
                  main: tuple[Frame, Speaker] | None, hits: Sequence[Hit],
                  sentence: int) -> set[str]:
    """Risk flags of one sentence as read: `hits` are the lexicon's phrases in it, `sentence`
    its index in the article (for how far back a resolved speaker was last mentioned)."""
    text = frames.text
    flags: set[str] = set()
    if _NEGATED_SUBJECT.match(text, frames.body):
        flags.add("negated-subject")
    if main is None:
        named = {h.kind for h in hits if not h.role}
        if named & {"government", "outlet", "channel"}:
            flags.add("names-party-unattributed")  # "Egypt's state-owned Al-Ahram went further"
        return flags
    frame, speaker = main
    entity = speaker.entity
    if speaker.resolved:
        back = sentence - entity.previous_seen if entity.previous_seen >= 0 else 0
        if back >= FAR_BACK:
            flags.add("resolved-far")
    if entity.kind in ("company", "expert", "civil"):
        flags.add(f"speaker-{entity.kind}")
    phrase = [h for h in hits if speaker.start <= h.start and h.end <= speaker.end]
    phrase += [h for a, b in frame.extras for h in hits if a <= h.start and h.end <= b]
    if len({h.kind for h in phrase} & _PARTY_KINDS) >= 2:
        flags.add("mixed-speaker")  # "a Singapore-based analyst", "the group's spokesman"
    if len(text[speaker.start:speaker.end].split()) >= LONG_SPEAKER_WORDS:
        flags.add("long-speaker")
    others = {id(s.entity) for f, s in spoken if s.entity is not entity}
    if others:
        flags.add("two-speakers")
    if _CONTRARY.search(text, frames.body):
        flags.add("contrary-clause")
    if frames.opens_with_quote and frame.verb[0] > frames.quotes[0][1]:
        flags.add("quote-first")
    start, end = frame.content
    if _NEGATION.search(text, start, end):
        flags.add("negation")  # what is said negates something: often a denial the rules missed
    return flags

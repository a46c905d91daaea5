"""What the reading of one sentence found, whatever was decided: the signals that fired, the
answers they point to, who speaks, where the sentence sits. The confidence model
(confidence.py) learns from these how likely the decided answer is to be wrong.

This module imports nothing of the package on purpose: `replay.py` runs the same function
inside an old checkout's drafter, so that a replayed set's features come from the drafter that
answered it, not from today's (which was tuned on that set since).
"""

from __future__ import annotations

import re

SHORT_WORDS = 15
LONG_WORDS = 35
# Plain words of the sentence, whatever the rules read in it: generic on purpose (not the rules'
# lexicons, which change from checkout to checkout), so that a feature means the same in the
# replays as in today's drafts. Chosen once, before fitting: left out, the model catches 70% of
# the replays' wrong answers at the same share of right ones flagged; with them, 77%.
WORDS = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in {
    "deny": r"\b(?:den(?:y|ies|ied)|reject\w*|dismiss\w*|refut\w*)\b",
    "falsehood": r"\b(?:false|baseless|fabricat\w*|untrue|lies?|groundless|unfounded|nonsense"
                 r"|propaganda)\b",
    "accuse": r"\b(?:accus\w*|alleg\w*|blam\w*|charg\w*)\b",
    "said": r"\b(?:said|says|told|stated|added)\b",
    "according": r"\baccording to\b",
    "state": r"\bstate(?:-| )(?:run|owned|media|television|tv|news|broadcaster|agency)\b"
             r"|\bofficial (?:news )?agency\b",
    "negation": r"\b(?:no|not|never|nothing|none)\b|n['’]t\b",
    "could-not": r"\b(?:could not|cannot|can['’]t|declined|did not|has not|have not|had not)\b",
    "quote": r"[\"“”]",
    "number": r"\d",
    "report": r"\breport\w*\b",
    "bystander": r"\b(?:analyst|researcher|expert|professor|lawyer|relative|wife|brother|group"
                 r"|monitor)s?\b",
    # A speaker of no government: a university, an institute, a rights body, a cooperative,
    # someone who studies or teaches; and papers "seen by" a newspaper.
    "scholar": r"\b(?:universit\w*|institute|observatory|cooperative|association|foundation"
               r"|union|who (?:studies|researches|teaches))\b",
    "seen-by": r"\b(?:seen|reviewed|obtained) by\b",
    # What an accused side says of itself without denying: "exaggerated", "in full
    # compliance", "lawful", "ordinary traders", "without any foundation", "not guilty".
    "rebut": r"\b(?:exaggerat\w*|complian\w*|lawful|legitimate|ordinary|innocent|guilty"
             r"|retract\w*|foundation|distort\w*|mislead\w*|slander\w*|smear\w*"
             r"|provocat\w*)\b",
}.items()}
# Words one of which each pattern needs (in lower case): a cheap test before the search, which
# keeps the evidence of a 1 MB article to a tenth of a second.
_NEEDLES = {
    "deny": ("den", "reject", "dismiss", "refut"),
    "falsehood": ("false", "baseless", "fabricat", "untrue", "lie", "groundless", "unfounded",
                  "nonsense", "propaganda"),
    "accuse": ("accus", "alleg", "blam", "charg"),
    "said": ("said", "says", "told", "stated", "added"),
    "according": ("according to",),
    "state": ("state", "official"),
    "could-not": ("not", "cannot", "can't", "can’t", "declined"),
    "report": ("report",),
    "bystander": ("analyst", "researcher", "expert", "professor", "lawyer", "relative", "wife",
                  "brother", "group", "monitor"),
    "scholar": ("universit", "institute", "observatory", "cooperative", "association",
                "foundation", "union", "who "),
    "seen-by": (" by",),
    "rebut": ("exaggerat", "complian", "lawful", "legitimate", "ordinary", "innocent", "guilty",
              "retract", "foundation", "distort", "mislead", "slander", "smear", "provocat"),
}
_NEEDED = {name: re.compile("|".join(map(re.escape, words))) for name, words in _NEEDLES.items()}


def evidence(article, index: int, fired) -> tuple[str, ...]:
    """Feature names of sentence `index` of a drafter `article` (its sentences, readings and
    paragraphs), given the decisions `fired` there in rank order as (decision, signal, answer)."""
    reading = article.readings[index]
    text = article.sentences[index].text
    found = {f"signal:{s.kind}" for s in reading.signals}
    found.add(f"top:{fired[0][1].kind}")
    answers: list[str] = []
    for _, _, answer in fired:
        if answer not in answers:
            answers.append(answer)
    found.add(f"answers:{min(len(answers), 3)}")
    found.update(f"runner:{other}" for other in answers[1:2])
    speaker = reading.speaker
    found.add(f"speaker:{speaker.kind if speaker is not None else 'none'}")
    if index == 0:
        found.add("first")
    elif article.paragraphs[index - 1] != article.paragraphs[index]:
        found.add("paragraph-start")
    words = len(text.split())
    found.add("words:short" if words < SHORT_WORDS else
              "words:long" if words > LONG_WORDS else "words:mid")
    for name in ("quoted", "has_head", "explicit", "dated"):
        if getattr(reading, name, False):
            found.add(name.replace("_", "-"))
    if getattr(reading, "trailing", None) is not None:
        found.add("trailing")
    lowered = text.lower()
    found.update(f"w:{name}" for name, pattern in WORDS.items()
                 if (name not in _NEEDED or _NEEDED[name].search(lowered))
                 and pattern.search(text))
    return tuple(sorted(found))


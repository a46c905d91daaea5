"""The second reading: logistic models, fitted on how earlier drafters answered held-out sets
they had never seen (the replays), that read a drafted sentence's rule, answer, flags, evidence,
plain words and the rules' answers of the sentences around it, and say for each kind how likely
the labels are to accept it. Where another kind is more likely accepted than the rules' answer
by more than MARGIN, the draft takes that kind and says so. The chance that the kind drafted is
accepted is the item's confidence, below `line` low-confidence (the line its replay check draws:
the most wrong answers caught within confidence.FLAG_BUDGET).

Kept in data/calibration/second_reading.json, written by `calibrate` (scikit-learn fits it;
drafting only adds weights). Measured by leaving each replayed set out in turn: see calibrate.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.content.drafter.model import features

if TYPE_CHECKING:  # only its fields are read
    from quiz.content.drafter.confidence import Outcome

# How much more likely to be accepted the preferred kind must be than the rules' answer. Chosen
# on the 48 replays of the time, each left out in turn (0.0, 0.05 and 0.1 tried: 5,410, 5,396
# and 5,375 of 5,752 accepted).
MARGIN = 0.0
MODEL_C = 0.3  # the fits' regularisation (0.2, 0.3, 0.5 and 1.0 tried; 0.3 best)
# A rule whose overruled answers gained less than this share of the changes is kept (kept_rules).
KEEP_GAIN = 0.1
MIN_COUNT = 2  # a feature seen in fewer labelled sentences than this is left out of the file
# What the file's models say: per kind, the chance the labels accept it (an older file held
# one multinomial model of the labels' first answer, which reads differently).
FORM = "accepted-per-kind"
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def reading_features(rule: str, answer: str, flags: Iterable[str], evidence: Iterable[str],
                     text: str, context: Iterable[str] = ()) -> tuple[str, ...]:
    """The confidence model's features of a reading, each plain word of the sentence and each
    pair of words running (left out by turns, the replays gain 15 accepted answers of 5,752
    with the pairs, and the line catches 10 more wrong ones), and its `context`
    (context_features)."""
    words = _WORD.findall(text.casefold().replace("’", "'"))
    found = {f"t:{w}" for w in words} | {f"b:{a}_{b}" for a, b in zip(words, words[1:])}
    # Where the speaker stands, paired with the rule that read it: a "government-speech" from
    # the side accused first is most often its denial. Seven groups of the 84 replays left out
    # by turns: 10,051 of 10,667 accepted without sides, 10,116 with them, 10,129 paired too.
    found |= {f"{rule}|{e}" for e in evidence if e.startswith("side:")}
    return (*features(rule, answer, flags, evidence), *sorted(found), *context)


def context_features(answer: str, previous: tuple[str, str] | None, following: str | None
                     ) -> tuple[str, ...]:
    """The rules' reading around a sentence, each paired with its own `answer`: the sentence
    before's answer and rule (answer, rule), the sentence after's answer. Left out by turns,
    the replays gain 33 accepted answers of 5,752 with them over the per-kind models alone (a
    sentence after a denial, inside a run of allegations). Paired, they weigh for what this
    sentence was drafted as: unpaired, a record before pulled a plain "KCNA said ..." toward
    a record."""
    found = (f"prev:{previous[0]}", f"prevrule:{previous[1]}") if previous else ("prev:none",)
    found += (f"next:{following}",) if following is not None else ()
    return tuple(f"{answer}|{name}" for name in found)


@dataclass(frozen=True)
class SecondReading:
    """Fitted logistic models over reading features, one per kind: its intercept and weights
    give the chance that the labels accept that kind for the sentence."""

    kinds: tuple[str, ...]
    intercepts: tuple[float, ...]
    weights: Mapping[str, Sequence[float]] = field(default_factory=dict)
    margin: float = MARGIN
    line: float = 0.5  # below it, an item is low-confidence
    keeps: frozenset[str] = frozenset()  # rules whose answers it never overrules (kept_rules)

    def decide(self, answer: str, names: Iterable[str], rule: str = "", *,
               may_change: bool = True) -> tuple[str, float, bool]:
        """The kind to draft (the rules' `answer`, by `rule`, or the one preferred unless not
        `may_change`), its chance of being accepted, and whether it was changed."""
        return choose(answer, self.probabilities(names), self.margin,
                      may_change and rule not in self.keeps)

    def probabilities(self, names: Iterable[str]) -> dict[str, float]:
        """Each kind's chance of being among the accepted answers (they need not sum to 1)."""
        found = [w for w in map(self.weights.get, names) if w is not None]
        scores = [b + sum(column) for b, column in zip(self.intercepts, zip(*found))] \
            if found else list(self.intercepts)
        return {kind: 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, s))))
                for kind, s in zip(self.kinds, scores)}

    def to_json(self, measured_on: str) -> str:
        return json.dumps({"measured_on": measured_on, "form": FORM, "margin": self.margin,
                           "low_confidence": self.line, "keeps": sorted(self.keeps),
                           "kinds": list(self.kinds), "intercepts": list(self.intercepts),
                           "weights": dict(sorted(self.weights.items()))},
                          indent=0, ensure_ascii=False) + "\n"


class SecondReadingError(ValueError):
    pass


def read_second_reading(path: Path) -> SecondReading | None:
    """The fitted models in `path`; None when there is no file."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("form") != FORM:
            raise ValueError(f"form {data.get('form')!r}, expected {FORM!r}")
        kinds = tuple(str(k) for k in data["kinds"])
        intercepts = tuple(float(v) for v in data["intercepts"])
        weights = {str(name): tuple(float(v) for v in values)
                   for name, values in data["weights"].items()}
        margin = float(data.get("margin", MARGIN))
        line = float(data.get("low_confidence", 0.5))
        keeps = frozenset(str(rule) for rule in data.get("keeps", ()))
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise SecondReadingError(f"{path}: not a second-reading model ({error}); write it "
                                 "again with python -m quiz.content.drafter.calibrate") from None
    if len(intercepts) != len(kinds) or any(len(w) != len(kinds) for w in weights.values()):
        raise SecondReadingError(f"{path}: every weight needs one value per kind "
                                 f"({len(kinds)}); write it again with calibrate")
    return SecondReading(kinds, intercepts, weights, margin, line, keeps)


def choose(answer: str, found: Mapping[str, float], margin: float, may_change: bool = True
           ) -> tuple[str, float, bool]:
    """The kind to draft given each kind's chance of being accepted: another kind where it is
    likelier than `answer` by more than `margin` (and `may_change`), its chance, and whether
    it was changed."""
    best = max(found, key=found.__getitem__)
    if may_change and best != answer and found[best] - found.get(answer, 0.0) > margin:
        return best, found[best], True
    return answer, found.get(answer, 0.0), False


def in_context(outcomes: Sequence[Outcome]) -> list[tuple[Outcome, tuple[str, ...]]]:
    """Each replayed outcome with a label (in article order, as replay_outcomes gives them)
    and its reading features, the rules' answers of the items beside it in its pack included."""
    found = []
    for index, o in enumerate(outcomes):
        if not o.accepted:
            continue
        before = outcomes[index - 1] if index and outcomes[index - 1].pack == o.pack else None
        after = outcomes[index + 1] if index + 1 < len(outcomes) and \
            outcomes[index + 1].pack == o.pack else None
        context = context_features(o.answer, before and (before.answer, before.rule),
                                   after.answer if after else None)
        found.append((o, reading_features(o.rule, o.answer, o.flags, o.evidence, o.text,
                                          context)))
    return found


def examples_of(groups: Iterable[Sequence[Outcome]]
                ) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(features, the pack's accepted answers) of each outcome of each replayed set."""
    return [(names, o.accepted) for group in groups for o, names in in_context(group)]


Redrafted = dict[str, list[tuple["Outcome", dict[str, float]]]]


def left_out(replays: Mapping[str, Sequence[Outcome]]) -> Redrafted:
    """Each replayed set read again by a second reading fitted without it: per outcome, each
    kind's chance of being accepted (empty where nothing could be fitted)."""
    found = {}
    for held, outcomes in replays.items():
        model = fit_second_reading(examples_of(
            group for name, group in replays.items() if name != held))
        found[held] = [(o, model.probabilities(names) if model else {})
                       for o, names in in_context(outcomes)]
    return found


def redrafted(read: Redrafted, margin: float = MARGIN, keeps: frozenset[str] = frozenset()
              ) -> dict[str, list[tuple[Outcome, str, float, bool]]]:
    """The left-out readings as drafts: per outcome the kind drafted, its chance of being
    accepted and whether the rules' answer was changed (never for a rule in `keeps`)."""
    return {held: [(o, *(choose(o.answer, found, margin, o.rule not in keeps) if found
                         else (o.answer, 0.0, False))) for o, found in rows]
            for held, rows in read.items()}


def kept_rules(drafts: Mapping[str, Sequence[tuple[Outcome, str, float, bool]]]
               ) -> frozenset[str]:
    """The rules whose answers, overruled on the left-out redrafts, gained less than a tenth of
    the changes made (right after, less right before): the second reading leaves their answers
    alone. State-outlet, 97% right on the replays, gained 2 of the 25 it changed, and the
    plain "KCNA said ..." sentences too short for their words to weigh were among its losses."""
    changes: dict[str, list[int]] = {}
    for rows in drafts.values():
        for o, kind, _, changed in rows:
            if changed:
                changes.setdefault(o.rule, []).append((kind in o.accepted) -
                                                      (o.answer in o.accepted))
    return frozenset(rule for rule, gains in changes.items()
                     if sum(gains) < KEEP_GAIN * len(gains))


def left_out_check(drafted: Mapping[str, Sequence[tuple[Outcome, str, float, bool]]]
                   ) -> dict[str, tuple[int, int, int, int, int]]:
    """Per set of `redrafted`: items, right as the rules answered, right after the second
    reading, answers changed, and of those the ones right after the change."""
    found = {}
    for held, rows in drafted.items():
        found[held] = (len(rows), sum(o.answer in o.accepted for o, *_ in rows),
                       sum(kind in o.accepted for o, kind, _, _ in rows),
                       sum(changed for *_, changed in rows),
                       sum(changed and kind in o.accepted for o, kind, _, changed in rows))
    return found


def fit_second_reading(examples: Sequence[tuple[Sequence[str], Sequence[str]]],
                       c: float = MODEL_C, min_count: int = MIN_COUNT) -> SecondReading | None:
    """Fit one model per kind on (features, the pack's accepted answers) pairs; None when no
    kind is both accepted and not accepted somewhere (nothing to learn)."""
    kinds = sorted({k for _, accepted in examples for k in accepted})
    labels = {k: [k in accepted for _, accepted in examples] for k in kinds}
    kinds = [k for k in kinds if 0 < sum(labels[k]) < len(examples)]
    if not kinds:
        return None
    from sklearn.feature_extraction import DictVectorizer  # only calibrating needs it
    from sklearn.linear_model import LogisticRegression

    counts: dict[str, int] = {}
    for names, _ in examples:
        for name in set(names):
            counts[name] = counts.get(name, 0) + 1
    kept = [{n: 1 for n in names if counts[n] >= min_count} for names, _ in examples]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(kept)
    fits = [LogisticRegression(C=c, max_iter=5000).fit(matrix, labels[k]) for k in kinds]
    rows = zip(*(fit.coef_[0] for fit in fits))
    weights = {str(name): tuple(round(float(w), 3) for w in row)
               for name, row in zip(vectorizer.get_feature_names_out(), rows)
               if max(abs(w) for w in row) >= 0.0005}
    return SecondReading(tuple(kinds), tuple(round(float(f.intercept_[0]), 3) for f in fits),
                         weights)

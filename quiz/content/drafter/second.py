"""The second reading: a logistic model, fitted on how earlier drafters answered held-out sets
they had never seen (the replays), that reads a drafted sentence's rule, answer, flags,
evidence and plain words and says which kind the labels most often gave such a sentence.
Where it prefers another kind by more than MARGIN, the draft takes that kind and says so.
Its probability of the kind drafted is the item's confidence, below `line` low-confidence (the
line its replay check draws: the most wrong answers caught within confidence.FLAG_BUDGET).

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

# How much more likely the preferred kind must be than the rules' answer. Chosen on the
# replays, each left out in turn (0.0 to 0.5 tried: 4,893, 4,894, 4,886, 4,886, 4,867 and
# 4,847 of 5,257 accepted); 0.2 kept, as it overrules fewer right answers of the hand-tuned
# packs (the bundled article and the first evaluation packs: 60 of 64 right, 58 at 0.1).
MARGIN = 0.2
MODEL_C = 0.3  # the fit's regularisation (0.1, 0.3 and 1.0 tried; 0.3 best)
MIN_COUNT = 2  # a feature seen in fewer labelled sentences than this is left out of the file
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def reading_features(rule: str, answer: str, flags: Iterable[str], evidence: Iterable[str],
                     text: str) -> tuple[str, ...]:
    """The confidence model's features of a reading, and each plain word of the sentence."""
    words = {f"t:{w}" for w in _WORD.findall(text.casefold().replace("’", "'"))}
    return (*features(rule, answer, flags, evidence), *sorted(words))


@dataclass(frozen=True)
class SecondReading:
    """A fitted multinomial logistic model over reading features: one weight per kind."""

    kinds: tuple[str, ...]
    intercepts: tuple[float, ...]
    weights: Mapping[str, Sequence[float]] = field(default_factory=dict)
    margin: float = MARGIN
    line: float = 0.5  # below it, an item is low-confidence

    def decide(self, answer: str, names: Iterable[str]) -> tuple[str, float, bool]:
        """The kind to draft (the rules' `answer` or the one preferred), its probability, and
        whether it was changed."""
        found = self.probabilities(names)
        best = max(found, key=found.__getitem__)
        if best != answer and found[best] - found.get(answer, 0.0) > self.margin:
            return best, found[best], True
        return answer, found.get(answer, 0.0), False

    def probabilities(self, names: Iterable[str]) -> dict[str, float]:
        scores = list(self.intercepts)
        for name in names:
            found = self.weights.get(name)
            if found is not None:
                scores = [s + w for s, w in zip(scores, found)]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {kind: e / total for kind, e in zip(self.kinds, exps)}

    def preferred(self, answer: str, names: Iterable[str]) -> tuple[str, float] | None:
        """The kind to draft instead of `answer` and its probability, or None to keep it."""
        kind, probability, changed = self.decide(answer, names)
        return (kind, probability) if changed else None

    def to_json(self, measured_on: str) -> str:
        return json.dumps({"measured_on": measured_on, "margin": self.margin,
                           "low_confidence": self.line,
                           "kinds": list(self.kinds), "intercepts": list(self.intercepts),
                           "weights": dict(sorted(self.weights.items()))},
                          indent=0, ensure_ascii=False) + "\n"


class SecondReadingError(ValueError):
    pass


def read_second_reading(path: Path) -> SecondReading | None:
    """The fitted model in `path`; None when there is no file."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        kinds = tuple(str(k) for k in data["kinds"])
        intercepts = tuple(float(v) for v in data["intercepts"])
        weights = {str(name): tuple(float(v) for v in values)
                   for name, values in data["weights"].items()}
        margin = float(data.get("margin", MARGIN))
        line = float(data.get("low_confidence", 0.5))
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise SecondReadingError(f"{path}: not a second-reading model ({error}); write it "
                                 "again with python -m quiz.content.drafter.calibrate") from None
    if len(intercepts) != len(kinds) or any(len(w) != len(kinds) for w in weights.values()):
        raise SecondReadingError(f"{path}: every weight needs one value per kind "
                                 f"({len(kinds)}); write it again with calibrate")
    return SecondReading(kinds, intercepts, weights, margin, line)


def examples_of(outcomes: Iterable[Outcome]) -> list[tuple[tuple[str, ...], str]]:
    """(features, the pack's answer) of each replayed outcome (confidence.Outcome)."""
    return [(reading_features(o.rule, o.answer, o.flags, o.evidence, o.text), o.accepted[0])
            for o in outcomes if o.accepted]


def left_out(replays: Mapping[str, Sequence[Outcome]]
             ) -> dict[str, list[tuple[Outcome, str, float, bool]]]:
    """Each replayed set drafted again by a second reading fitted without it: per outcome, the
    kind drafted, its probability and whether the rules' answer was changed."""
    found = {}
    for held, outcomes in replays.items():
        model = fit_second_reading(examples_of(
            o for name, group in replays.items() if name != held for o in group))
        found[held] = [(o, *(model.decide(o.answer, reading_features(
            o.rule, o.answer, o.flags, o.evidence, o.text)) if model else (o.answer, 0.0, False)))
            for o in outcomes if o.accepted]
    return found


def left_out_check(drafted: Mapping[str, Sequence[tuple[Outcome, str, float, bool]]]
                   ) -> dict[str, tuple[int, int, int, int, int]]:
    """Per set of `left_out`: items, right as the rules answered, right after the second
    reading, answers changed, and of those the ones right after the change."""
    found = {}
    for held, rows in drafted.items():
        found[held] = (len(rows), sum(o.answer in o.accepted for o, *_ in rows),
                       sum(kind in o.accepted for o, kind, _, _ in rows),
                       sum(changed for *_, changed in rows),
                       sum(changed and kind in o.accepted for o, kind, _, changed in rows))
    return found


def fit_second_reading(examples: Sequence[tuple[Sequence[str], str]], c: float = MODEL_C,
                       min_count: int = MIN_COUNT) -> SecondReading | None:
    """Fit on (features, the pack's answer) pairs; None with fewer than two kinds."""
    if len({label for _, label in examples}) < 2:
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
    fitted = LogisticRegression(C=c, max_iter=5000).fit(matrix, [label for _, label in examples])
    kinds = tuple(str(k) for k in fitted.classes_)
    if len(kinds) == 2:  # a binary fit keeps one row: the second kind's score against the first
        rows = [[-w / 2, w / 2] for w in fitted.coef_[0]]
        intercepts = (-fitted.intercept_[0] / 2, fitted.intercept_[0] / 2)
    else:
        rows = fitted.coef_.T.tolist()
        intercepts = tuple(fitted.intercept_)
    weights = {str(name): tuple(round(float(w), 3) for w in row)
               for name, row in zip(vectorizer.get_feature_names_out(), rows)
               if max(abs(w) for w in row) >= 0.0005}
    return SecondReading(kinds, tuple(round(float(v), 3) for v in intercepts), weights)

"""Confidence measured as it will be on unseen text: leave-one-article-out cross-validation of
the calibration (calibrate on every other labelled article, score the one left out, pool).

The calibration's own figures are measured on the packs it was fitted to; these are not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from quiz.content.drafter.confidence import (
    Calibrated,
    Outcome,
    calibrate,
    can_fit_model,
    catch_rates,
    format_reliability,
)
from quiz.content.drafter.evaluate import evaluate
from quiz.content.drafter.lexicon import Rules
from quiz.core.packs import LoadedPack


@dataclass(frozen=True)
class CrossValidation:
    """Every labelled sentence scored by a calibration that never saw its article."""

    outcomes: tuple[Outcome, ...]
    articles: int
    lines: tuple[float, ...]  # the low-confidence line chosen in each fold
    modelled: bool = True  # False: scikit-learn is missing, the folds use the rates alone

    @property
    def caught(self) -> tuple[int, int]:
        return catch_rates(self.outcomes)[0]

    @property
    def flagged(self) -> tuple[int, int]:
        return catch_rates(self.outcomes)[1]


def scored(outcome: Outcome, calibrated: Calibrated, forced: frozenset[str]) -> Outcome:
    """The outcome with the confidence and the low-confidence tag this calibration gives it
    (the same arithmetic as confidence.confidence_for)."""
    value = calibrated.value(outcome, forced)
    return replace(outcome, confidence=value, low=value < calibrated.low_confidence)


def cross_validate(packs: Sequence[LoadedPack], guesses: Rules) -> CrossValidation:
    """Leave each article out in turn. `guesses` are the rules without a calibration: what a
    sentence is drafted as does not depend on confidence, only how sure the draft says it is."""
    by_article: dict[str, list[Outcome]] = {}
    for loaded in packs:
        outcomes = [r.outcome() for r in evaluate(loaded, guesses).results]
        by_article.setdefault(loaded.article_text, []).extend(outcomes)
    forced = frozenset(guesses.data.low_confidence_flags)
    pooled: list[Outcome] = []
    lines: list[float] = []
    groups = list(by_article.values())
    modelled = can_fit_model()
    for index, held_out in enumerate(groups):
        others = [o for j, group in enumerate(groups) if j != index for o in group]
        fold = calibrate(others, guesses.data.decisions, prior_adjustments=guesses.adjustments,
                         forced=forced, model=modelled)
        lines.append(fold.low_confidence)
        pooled += [scored(o, fold, forced) for o in held_out]
    return CrossValidation(tuple(pooled), len(groups), tuple(lines), modelled)


def format_cross_validation(result: CrossValidation) -> list[str]:
    lines = [f"cross-validated confidence (leave one article out, {result.articles} articles: "
             "each article scored by a calibration fitted to the others)"]
    if not result.modelled:
        lines.append("  (scikit-learn is not installed, so the folds use each rule's rate and "
                     "the flags' effects, not the confidence model: pip install -e '.[calibrate]')")
    if result.lines:
        low, high = min(result.lines), max(result.lines)
        span = f"{low:.2f}" if low == high else f"{low:.2f}-{high:.2f}"
        lines.append(f"  low-confidence line chosen in the folds: {span}")
    lines += format_reliability(result.outcomes)
    return lines


def replay_check(current: dict[str, list[Outcome]], replays: dict[str, list[Outcome]],
                 guesses: Rules, *, model: bool = True
                 ) -> dict[str, tuple[tuple[int, int], tuple[int, int], float]]:
    """The honest figure for unseen text: each replayed set (drafted by the rules before it was
    released) scored by a calibration fitted without that set, neither its labelled packs nor
    its replay. Per set: (caught, wrong), (flagged, right) and the line used. `model`: false
    for the additive calibration alone (the baseline the model is compared with)."""
    forced = frozenset(guesses.data.low_confidence_flags)
    found = {}
    for held, replayed in replays.items():
        train = [o for name, group in current.items() if name != held for o in group]
        train += [o for name, group in replays.items() if name != held for o in group]
        fit = calibrate(train, guesses.data.decisions, prior_adjustments=guesses.adjustments,
                        forced=forced, model=model)
        caught, flagged = catch_rates([scored(o, fit, forced) for o in replayed])
        found[held] = (caught, flagged, fit.low_confidence)
    return found

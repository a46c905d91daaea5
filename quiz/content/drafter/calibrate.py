"""Calibrating the drafter's confidence on labelled packs: each bundled decision's measured rate
of right answers, each risk flag's effect and the low-confidence line, written to
data/calibration/confidence.yaml.

Run from the repository: python -m quiz.content.drafter.calibrate [PACK.yaml ...] [--check]
(default: every labelled pack in the repository). --check prints without writing.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
from pathlib import Path

import yaml

from quiz.content.drafter.confidence import (
    Outcome,
    best_threshold,
    calibrate,
    can_fit_model,
    catch_rates,
    format_reliability,
)
from quiz.content.drafter.crossval import replay_check
from quiz.content.drafter.evaluate import evaluate
from quiz.content.drafter.replay import REPLAYS, load_replay, replay_outcomes, sides_today
from quiz.content.drafter.rules import CALIBRATION_FILE, SECOND_READING_FILE, load_rules
from quiz.content.drafter.second import (
    examples_of,
    fit_second_reading,
    kept_rules,
    left_out,
    left_out_check,
    redrafted,
)
from quiz.content.files import write_text
from quiz.content.pack_files import load_pack
from quiz.content.problems import PackError

REPO = Path(__file__).resolve().parents[3]
# Every labelled pack in the repository: the tune set, the extra and newspaper texts, each
# released held-out set (wire2, wire3, ...), the first evaluation packs and the bundled pack.
LABELLED = REPO / "tests" / "data" / "drafter"
DEFAULT_PACKS = [*sorted((LABELLED / "tune").glob("*.yaml")),
                 *sorted((LABELLED / "extra").glob("*.yaml")),
                 *sorted((LABELLED / "newspaper").glob("*.yaml")),
                 *sorted(p for d in sorted(LABELLED.glob("wire*")) for p in d.glob("*.yaml")),
                 *sorted((REPO / "tests" / "data" / "eval").glob("*.yaml")),
                 REPO / "content" / "nk-victory-day-2023.yaml"]


def outcomes_for(packs: list[Path], rules) -> list[Outcome]:
    found: list[Outcome] = []
    for path in packs:
        evaluation = evaluate(load_pack(path, use_cache=False), rules)
        found += [r.outcome() for r in evaluation.results]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("packs", nargs="*", type=Path, help="labelled packs (default: all)")
    parser.add_argument("--check", action="store_true", help="print, do not write")
    args = parser.parse_args(argv)
    if not can_fit_model():
        print("calibrate: fitting the confidence model needs scikit-learn: "
              "pip install -e '.[calibrate]'", file=sys.stderr)
        return 2
    packs = args.packs or DEFAULT_PACKS
    # Measure with the starting guesses, never with a previous calibration.
    guesses = load_rules(use_user_file=False, use_calibration=False)
    try:
        measured = outcomes_for(packs, guesses)
    except PackError as error:
        print(f"calibrate: {str(error).splitlines()[0]}", file=sys.stderr)
        return 2
    replays = {}
    if not args.packs:
        # The held-out sets as drafted before they were released: how the drafter errs on text
        # it was never tuned on, which the tuned packs cannot show.
        for path in sorted(REPLAYS.glob("*.yaml")):
            set_packs = [p for p in packs if p.parent.name == path.stem]
            replays[path.stem] = replay_outcomes(set_packs, load_replay(path.stem),
                                                 sides_today(set_packs, guesses))
        measured += [o for group in replays.values() for o in group]
    result = calibrate(measured, guesses.data.decisions, prior_adjustments=guesses.adjustments,
                       forced=guesses.data.low_confidence_flags)
    document = {
        "measured_on": f"{len(measured)} labelled sentences in {len(packs)} packs "
                       f"(replays: {', '.join(replays) or 'none'}), "
                       f"{dt.date.today().isoformat()}",
        "confidence": result.confidence,
        "adjustments": result.adjustments,
        "low_confidence": result.low_confidence,
    }
    if result.model is not None:
        document["model"] = {"intercept": result.model.intercept,
                             "decisions": sorted(result.model.decisions),
                             "weights": dict(result.model.weights)}
    header = ("# Written by `python -m quiz.content.drafter.calibrate`: do not edit by hand.\n"
              "# confidence: each decision's rate of right answers (the answer or also_accept)\n"
              "# on the labelled packs, smoothed toward its starting guess in signals.yaml;\n"
              "# adjustments: how much each risk flag lowered the rate (both used only without\n"
              "# a model); low_confidence: the line below which items are tagged\n"
              "# low-confidence; model: the logistic confidence model (confidence.py), its\n"
              "# weight per feature of a reading.\n")
    text = header + yaml.safe_dump(document, sort_keys=False, width=100)
    shown = header + yaml.safe_dump({k: v for k, v in document.items() if k != "model"},
                                    sort_keys=False, width=100)
    if result.model is not None:
        shown += f"model: {len(result.model.weights)} weights (in the file)\n"
    second = fit_second_reading(examples_of(replays.values()))
    drafts, scored = {}, []
    if second is not None:
        read = left_out(replays)
        # Rules its left-out changes did not help are kept; the line is where the left-out
        # redrafts catch the most wrong answers within the budget.
        keeps = kept_rules(redrafted(read, second.margin))
        drafts = redrafted(read, second.margin, keeps)
        scored = [dataclasses.replace(o, right=kind in o.accepted, confidence=probability)
                  for rows in drafts.values() for o, kind, probability, _ in rows]
        second = dataclasses.replace(second, keeps=keeps, line=best_threshold(
            scored, lambda o: o.confidence, frozenset(guesses.data.low_confidence_flags)))
    if not args.check:
        CALIBRATION_FILE.parent.mkdir(parents=True, exist_ok=True)
        write_text(CALIBRATION_FILE, text)
        if second is not None:
            write_text(SECOND_READING_FILE, second.to_json(
                f"{sum(map(len, replays.values()))} replayed sentences in {len(replays)} sets, "
                f"{dt.date.today().isoformat()}"))
    calibrated = load_rules(use_user_file=False) if not args.check else None
    print(shown)
    if calibrated is not None:
        after = outcomes_for(packs, calibrated)
        print("\n".join(format_reliability(after)))
        (caught, wrong), (flagged, right) = catch_rates(after)
        print(f"wrong {wrong}, caught {caught}; right {right}, flagged {flagged}")
    if replays:
        current: dict[str, list[Outcome]] = {}
        for path in packs:
            current.setdefault(path.parent.name, []).extend(outcomes_for([path], guesses))
        print("replayed held-out sets, each scored by a calibration fitted without it "
              "(the model, and beside it the rates and flag effects alone):")
        modelled = replay_check(current, replays, guesses)
        additive = replay_check(current, replays, guesses, model=False)
        print(f"  {'set':<10} {'caught (model)':>16} {'flagged (model)':>17}   "
              f"{'caught (rates)':>16} {'flagged (rates)':>17}")
        totals = [0] * 8
        for name in modelled:
            row = [*modelled[name][0], *modelled[name][1], *additive[name][0],
                   *additive[name][1]]
            totals = [t + v for t, v in zip(totals, row)]
            print(f"  {name:<10} " + _row(row))
        print(f"  {'all':<10} " + _row(totals))
        print("\nthe second reading, each replayed set scored by one fitted without it:")
        print(f"  {'set':<10} {'items':>6} {'rules right':>12} {'after':>6} {'changed':>8} "
              f"{'changed right':>14}")
        sums = [0] * 5
        for name, row in left_out_check(drafts).items():
            sums = [t + v for t, v in zip(sums, row)]
            print(f"  {name:<10} " + " ".join(f"{v:>{w}}" for v, w in zip(row, (6, 12, 6, 8, 14))))
        print(f"  {'all':<10} " + " ".join(f"{v:>{w}}" for v, w in zip(sums, (6, 12, 6, 8, 14))))
        if second is not None:
            forced = frozenset(guesses.data.low_confidence_flags)
            (caught, wrong), (flagged, right) = catch_rates([dataclasses.replace(
                o, low=o.confidence < second.line or bool(forced & set(o.flags)))
                for o in scored])
            print(f"  its low-confidence line {second.line}: caught {caught}/{wrong} "
                  f"wrong, flagged {flagged}/{right} right")
            print(f"  rules it leaves alone: {', '.join(sorted(second.keeps)) or 'none'}")
            print(f"second reading: {len(second.weights)} weights, margin {second.margin}"
                  + ("" if args.check else f", written to {SECOND_READING_FILE.name}"))
    return 0


def _row(values: list[int]) -> str:
    """caught/wrong and flagged/right, for the model and then for the rates alone."""
    cells = [f"{part:>4}/{whole:<4} ({100 * part / max(whole, 1):3.0f}%)"
             for part, whole in zip(values[::2], values[1::2])]
    return f"{cells[0]} {cells[1]}   {cells[2]} {cells[3]}"


if __name__ == "__main__":
    sys.exit(main())

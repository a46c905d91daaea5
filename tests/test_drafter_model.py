"""Specification of the confidence model: a logistic model over named features of each reading,
fitted on the replays (how the drafter erred on text it had never seen), read as plain weights
when drafting, and the replays recording the old drafter's own flags and evidence."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from drafting import RULES, last

from quiz.content.drafter import evidence as evidence_module
from quiz.content.drafter.confidence import (
    MIN_MEASURED,
    Outcome,
    calibrate,
    confidence_for,
    fit_model,
)
from quiz.content.drafter.model import Model, features
from quiz.content.drafter.replay import REPLAYS, load_replay, replay_outcomes, sides_today
from quiz.content.drafter.rules import Decision

ROOT = Path(__file__).resolve().parents[1]


def _outcomes(rule: str, evidence: tuple[str, ...], right: int, wrong: int) -> list[Outcome]:
    one = Outcome(rule, (), 0.0, True, False, weight=3.0, answer="denial", evidence=evidence)
    return [one] * right + [Outcome(rule, (), 0.0, False, False, weight=3.0, answer="denial",
                                    evidence=evidence)] * wrong


def test_the_model_learns_that_a_competing_signal_makes_an_answer_riskier():
    outcomes = (_outcomes("denial-verb", ("answers:1", "signal:denial_verb"), 60, 2)
                + _outcomes("denial-verb", ("answers:2", "runner:government_allegation",
                                            "signal:denial_verb"), 10, 10))
    model = fit_model(outcomes)
    plain = model.probability(features("denial-verb", "denial", (), ("answers:1",
                                                                     "signal:denial_verb")))
    contested = model.probability(features("denial-verb", "denial", (), (
        "answers:2", "runner:government_allegation", "signal:denial_verb")))
    assert plain > 0.9 and contested < 0.75
    assert model.decisions == frozenset({"denial-verb"})


def test_a_decision_too_rare_to_measure_keeps_its_rate_not_the_models_guess():
    outcomes = (_outcomes("denial-verb", ("answers:1",), 40, 5)
                + _outcomes("hedge", ("answers:1",), MIN_MEASURED - 1, 0))
    fit = calibrate(outcomes, RULES.data.decisions)
    assert "hedge" not in fit.model.decisions and "denial-verb" in fit.model.decisions
    rare = Outcome("hedge", (), 0.0, True, False, answer="independent_fact",
                   evidence=("answers:1",))
    assert fit.value(rare) == round(fit.confidence["hedge"], 2)


def test_drafting_reads_the_weights_and_needs_no_scikit_learn():
    code = ("import sys\n"
            "from quiz.content.drafter.rules import load_rules\n"
            "from quiz.content.drafter.draft import draft_article\n"
            "rules = load_rules(use_user_file=False)\n"
            "assert rules.model is not None and rules.model.weights\n"
            "draft_article('KCNA said the launch succeeded.', rules, [])\n"
            "assert not any(m.startswith('sklearn') for m in sys.modules), 'sklearn imported'\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_an_item_gets_the_models_probability_for_its_features():
    drafted = last("The foreign ministry denied the report.")
    model = RULES.model
    expected = model.probability(features(drafted.decision.id, drafted.answer, drafted.flags,
                                          drafted.evidence))
    assert drafted.confidence == round(min(0.99, max(0.05, expected)), 2)
    # Without a model the rate and the flags' effects stand in, as before.
    bare = type(RULES)(data=RULES.data, adjustments={"negation": -0.2})
    decision = Decision(id="x", signal="no_signal", answer="denial", confidence=0.8,
                        explain="x")
    assert confidence_for(decision, {"negation"}, bare) == 0.6


def test_a_model_outside_its_range_stays_a_probability():
    assert 0.0 < Model(-100.0).probability([]) < 1e-9
    assert 1.0 - 1e-9 < Model(100.0).probability([]) <= 1.0


def test_evidence_imports_nothing_of_the_package_so_an_old_checkout_can_run_it():
    tree = ast.parse(Path(evidence_module.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= {"__future__", "re"}


@pytest.mark.parametrize("name", sorted(p.stem for p in REPLAYS.glob("*.yaml")))
def test_each_replay_records_the_old_drafters_own_flags_and_evidence(name):
    recorded = yaml.safe_load((REPLAYS / f"{name}.yaml").read_text(encoding="utf-8"))
    for items in recorded["drafted"].values():
        for answer, rule, flags, evidence in items.values():
            assert answer and rule and isinstance(flags, str)
            assert any(e.startswith("speaker:") for e in evidence.split())


def test_evaluating_articles_without_scikit_learn_still_cross_validates(monkeypatch, capsys):
    # `pip install -e .` has no scikit-learn: the cross-validated table falls back to the rates
    # and says so, rather than stopping on an import error.
    from drafting import DATA

    from quiz.cli import main

    monkeypatch.setitem(sys.modules, "sklearn", None)
    packs = sorted((DATA / "wire31").glob("*.yaml"))[:3]
    assert main(["draft", "--evaluate", *map(str, packs)]) == 0
    out = capsys.readouterr().out
    assert "cross-validated confidence" in out and "scikit-learn is not installed" in out


def test_the_maintainer_commands_say_what_is_wrong_in_one_line(tmp_path, capsys):
    from quiz.content.drafter import calibrate, replay

    missing = tmp_path / "missing.yaml"
    assert calibrate.main(["--check", str(missing)]) == 2
    assert replay.main([str(tmp_path / "nowhere"), str(tmp_path)]) == 2
    assert replay.main([str(ROOT), str(tmp_path)]) == 2  # a checkout, but no packs
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"calibrate: {missing}:1:1: error: file not found: {missing}"
    assert err[1].startswith("replay: ") and "not a checkout" in err[1]
    assert err[2] == f"replay: {tmp_path}: no labelled packs (*.yaml) in it"


def test_a_replay_borrows_only_todays_sides_and_keeps_its_old_answers():
    from drafting import DATA

    packs = sorted((DATA / "wire84").glob("*.yaml"))[:1]
    old = replay_outcomes(packs, load_replay("wire84"))
    sides = sides_today(packs, RULES)
    borrowed = replay_outcomes(packs, load_replay("wire84"), sides)
    assert [o.answer for o in borrowed] == [o.answer for o in old]
    assert [o.rule for o in borrowed] == [o.rule for o in old]
    assert not any(e.startswith("side:") for o in old for e in o.evidence)
    for before, after in zip(old, borrowed):
        added = [e for e in after.evidence if e not in before.evidence]
        assert added and all(e.startswith("side:") for e in added)
    assert any("side:accused" in o.evidence for o in borrowed)

"""Replays: a held-out set as the drafter drafted it before the set was released (its answers
and rules, recorded from an old checkout), the only honest sample of how the drafter errs on text
it was never tuned on, for calibrating and checking the low-confidence line.

Record: python -m quiz.content.drafter.replay CHECKOUT SET_DIR (writes replays/SET.yaml beside
the labelled sets); CHECKOUT is a worktree of the last commit before SET_DIR was tuned on.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import yaml

from quiz.content.article import Article
from quiz.content.drafter.confidence import Outcome
from quiz.content.drafter.draft import draft_article
from quiz.content.drafter.lexicon import Rules
from quiz.content.files import write_text
from quiz.content.pack_files import load_pack

# A replayed sentence stands for unseen text, where the drafter errs; a sentence of a set the
# rules were tuned on is right by construction. Measured: at 1 the line learns too little from
# the replays, at 5 it flags more than a quarter of the right answers.
REPLAY_WEIGHT = 3.0
REPLAYS = Path(__file__).resolve().parents[3] / "tests" / "data" / "replays"

# Run with the old checkout first on the path: its drafter, its rules, its calibration. The
# evidence of each sentence is read by this checkout's evidence.py (its source is passed in),
# run over the old drafter's own reading (its rules', without a second reading).
_RECORDER = """
import json, sys
from pathlib import Path
from quiz.content.article import Article
from quiz.content.drafter import draft
from quiz.content.drafter.rules import load_rules
from quiz.content.pack_files import load_pack
space = {}
exec(sys.argv[1], space)
found_evidence = {}
decide = draft._decide
def recording(article, index, fired, rules, categories):
    decided = decide(article, index, fired, rules, categories)
    found_evidence[decided.sentence.start] = space["evidence"](article, index, fired)
    return decided
draft._decide = recording
try:  # the rules' own reading: what the second reading learns to read again
    rules = load_rules(use_user_file=False, use_second_reading=False)
except TypeError:  # a checkout from before the second reading
    rules = load_rules(use_user_file=False)
found = {}
for path in sys.argv[2:]:
    loaded = load_pack(Path(path), use_cache=False)
    found_evidence.clear()
    text = loaded.article_text
    drafted = draft.draft_article(text, rules, loaded.categories)
    article = Article(text)
    answers = {}
    for item in loaded.pack.items:
        at = article.find(item.passage) + item.passage.find(item.claim)
        match = next((d for d in drafted if d.sentence.start <= at < d.sentence.end), None)
        answers[item.id] = [match.answer, match.decision.id, " ".join(match.flags),
                            " ".join(found_evidence[match.sentence.start])]
    found[loaded.pack.id] = answers
print(json.dumps(found))
"""
EVIDENCE_SOURCE = Path(__file__).with_name("evidence.py")


def record(checkout: Path, packs: Sequence[Path]) -> dict[str, dict[str, list[str]]]:
    """Each pack's items as `checkout`'s drafter answered them: {pack id: {item id: [answer,
    rule, flags, evidence]}} (flags and evidence: space-separated names)."""
    with tempfile.TemporaryDirectory(prefix="quiz-replay-") as folder:
        env = {"PYTHONPATH": str(checkout), "PATH": "/usr/bin:/bin",
               "QUIZ_DATA_DIR": f"{folder}/data", "QUIZ_CACHE_DIR": f"{folder}/cache",
               "PYTHONHASHSEED": "0"}
        source = EVIDENCE_SOURCE.read_text(encoding="utf-8")
        done = subprocess.run([sys.executable, "-c", _RECORDER, source, *map(str, packs)],
                              env=env,
                              capture_output=True, text=True, check=True, cwd=checkout)
    return json.loads(done.stdout)


def load_replay(name: str) -> dict[str, dict[str, list[str]]]:
    path = REPLAYS / f"{name}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["drafted"]


def sides_today(packs: Sequence[Path], rules: Rules) -> dict[str, dict[str, tuple[str, ...]]]:
    """Each item's "side:" evidence as today's reader finds it (where its speaker stands in the
    article's charges, Accusations.side_of): {pack id: {item id: names}}. Old checkouts kept no
    such memory, so their replays borrow it; only the side is borrowed, never an answer."""
    found: dict[str, dict[str, tuple[str, ...]]] = {}
    for path in packs:
        loaded = load_pack(path, use_cache=False)
        text = loaded.article_text
        drafted = draft_article(text, rules, loaded.categories)
        article = Article(text)
        sides = found.setdefault(loaded.pack.id, {})
        for item in loaded.pack.items:
            at = article.find(item.passage) + item.passage.find(item.claim)
            match = next((d for d in drafted if d.sentence.start <= at < d.sentence.end), None)
            sides[item.id] = tuple(e for e in (match.evidence if match else ())
                                   if e.startswith("side:"))
    return found


def replay_outcomes(packs: Sequence[Path], drafted: dict[str, dict[str, list[str]]],
                    sides: dict[str, dict[str, tuple[str, ...]]] | None = None
                    ) -> list[Outcome]:
    """The replayed answers, scored against the labels, with the risk flags and evidence the old
    drafter found in each sentence (today's reader was tuned on these sentences since: its
    flags would know where the old answers went wrong), and each item's `sides` (sides_today)
    added to its evidence."""
    outcomes = []
    for path in packs:
        loaded = load_pack(path, use_cache=False)
        old = drafted[loaded.pack.id]
        borrowed = (sides or {}).get(loaded.pack.id, {})
        for item in loaded.pack.items:
            answer, rule, flags, evidence = old[item.id]
            evidence = " ".join((evidence, *borrowed.get(item.id, ())))
            outcomes.append(Outcome(rule, tuple(flags.split()), 0.0,
                                    answer in (item.answer, *item.also_accept), False,
                                    weight=REPLAY_WEIGHT, answer=answer,
                                    evidence=tuple(evidence.split()),
                                    accepted=(item.answer, *item.also_accept),
                                    text=item.claim, pack=loaded.pack.id))
    return outcomes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkout", type=Path, help="a worktree of the commit before tuning")
    parser.add_argument("set_dir", type=Path, help="the labelled set, e.g. tests/data/drafter/wire2")
    args = parser.parse_args(argv)
    if not (args.checkout / "quiz" / "content" / "drafter").is_dir():
        return _fail(f"{args.checkout}: not a checkout of this project (no quiz/content/drafter)")
    packs = sorted(args.set_dir.glob("*.yaml"))
    if not packs:
        return _fail(f"{args.set_dir}: no labelled packs (*.yaml) in it")
    commit = subprocess.run(["git", "-C", str(args.checkout), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    try:
        drafted = record(args.checkout.resolve(), [p.resolve() for p in packs])
    except subprocess.CalledProcessError as error:
        last = (error.stderr or "").strip().splitlines()[-1:] or ["no message"]
        return _fail(f"{args.checkout}: its drafter could not draft {args.set_dir}: {last[0]}")
    document = {"set": args.set_dir.name, "drafted_by": commit or str(args.checkout),
                "drafted": drafted}
    header = (f"# Written by `python -m quiz.content.drafter.replay`: the {args.set_dir.name} "
              "set as the drafter\n# of the commit before it was released answered it "
              "([answer, rule, flags, evidence] per item).\n")
    REPLAYS.mkdir(parents=True, exist_ok=True)
    write_text(REPLAYS / f"{args.set_dir.name}.yaml",
               header + yaml.safe_dump(document, sort_keys=False, width=100))
    return 0


def _fail(message: str) -> int:
    print(f"replay: {message}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())

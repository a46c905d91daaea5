"""How long `quiz draft` takes on a 1 MB article, next to just splitting it into sentences.

Run: /work/venv/bin/python benchmarks/bench_draft.py [--mb 1.0] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from quiz import locations
from quiz.content.drafter.article_source import normalise_article
from quiz.content.drafter.draft import draft_article, draft_pack
from quiz.content.drafter.rules import load_rules
from quiz.content.export import pack_to_yaml
from quiz.content.format import TaxonomyModel
from quiz.content.sentences import is_date_line, split_sentences
from quiz.content.yamlsafe import load_located, read_text

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "seeds" / "000_f7f876ef5ca5828a.txt",
           *sorted((ROOT / "tests" / "data" / "eval").glob("*.txt"))]


def big_article(megabytes: float) -> str:
    """Real wire-copy paragraphs repeated up to the size, with one dateline on top."""
    paragraphs = [
        line for path in SOURCES
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not is_date_line(line)
    ]
    target = int(megabytes * 1_048_576)
    lines, size = ["July 28, 2023"], 0
    while size < target:
        for paragraph in paragraphs:
            lines.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 1
    return "\n".join(lines) + "\n"


def best_of(repeat: int, work: Callable[[], object]) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="article size in MB (1.0)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step (3)")
    args = parser.parse_args()

    text = big_article(args.mb)
    rules = load_rules(use_user_file=False)
    categories = TaxonomyModel.model_validate(
        load_located(read_text(locations.default_taxonomy_path())).data).categories
    source = normalise_article(text)
    sentences = len(split_sentences(source.text))

    def whole_command() -> str:
        draft = draft_pack(source, pack_id="bench", title="Benchmark", article_name="bench.txt",
                           rules=rules, categories=categories)
        return pack_to_yaml(draft.pack, schema="pack.schema.json")

    steps = [
        ("split sentences (baseline)", lambda: split_sentences(source.text)),
        ("normalise article", lambda: normalise_article(text)),
        ("draft: decide every sentence", lambda: draft_article(source.text, rules, categories)),
        ("draft + pack model + YAML", whole_command),
    ]
    print(f"article: {len(text.encode('utf-8')) / 1_048_576:.2f} MB, {sentences} sentences; "
          f"best and median of {args.repeat} runs")
    print(f"{'step':<30} {'best s':>8} {'median s':>9} {'x baseline':>11}")
    baseline = None
    for name, work in steps:
        best, median = best_of(args.repeat, work)
        baseline = baseline or best
        print(f"{name:<30} {best:>8.2f} {median:>9.2f} {best / baseline:>11.1f}")


if __name__ == "__main__":
    main()

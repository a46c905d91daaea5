"""Measuring the drafter on labelled packs: accuracy (exact and among the accepted answers), on
the sentences whose kind the text signals, per category, the confusions, and how well its
confidence predicts a right answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from quiz.content.article import Article
from quiz.content.drafter.confidence import Outcome, format_reliability
from quiz.content.drafter.draft import draft_article
from quiz.content.drafter.lexicon import Rules, SourceTable
from quiz.content.drafter.speakers import learned_outlets
from quiz.core.packs import LoadedPack

# --- measuring the drafter on labelled packs ----------------------------------------------------


@dataclass(frozen=True)
class ItemResult:
    item_id: str
    expected: str
    accepted: tuple[str, ...]  # the answer and also_accept
    drafted: str
    rule: str
    signalled: bool
    confidence: float = 0.0
    low: bool = False
    flags: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()

    @property
    def right(self) -> bool:
        return self.drafted in self.accepted

    @property
    def exact(self) -> bool:
        return self.drafted == self.expected

    def outcome(self) -> Outcome:
        return Outcome(self.rule, self.flags, self.confidence, self.right, self.low,
                       answer=self.drafted, evidence=self.evidence)


@dataclass(frozen=True)
class Evaluation:
    """How the drafter's answers compare with a labelled pack's, item by item."""

    name: str
    categories: tuple[str, ...]
    results: tuple[ItemResult, ...]
    sentences: int

    @staticmethod
    def rate(results: Sequence[ItemResult]) -> tuple[int, int]:
        return sum(r.right for r in results), len(results)

    @property
    def accuracy(self) -> tuple[int, int]:
        return self.rate(self.results)

    @property
    def exact(self) -> tuple[int, int]:
        return sum(r.exact for r in self.results), len(self.results)

    @property
    def signalled(self) -> tuple[int, int]:
        return self.rate([r for r in self.results if r.signalled])

    @property
    def unsignalled(self) -> tuple[int, int]:
        return self.rate([r for r in self.results if not r.signalled])

    def precision(self, category: str) -> tuple[int, int]:
        """Of the items drafted as `category`, how many the pack accepts."""
        return self.rate([r for r in self.results if r.drafted == category])

    def recall(self, category: str) -> tuple[int, int]:
        """Of the items whose best answer is `category`, how many the draft got right."""
        return self.rate([r for r in self.results if r.expected == category])

    def confusion(self) -> dict[tuple[str, str], int]:
        counts: dict[tuple[str, str], int] = {}
        for r in self.results:
            counts[(r.expected, r.drafted)] = counts.get((r.expected, r.drafted), 0) + 1
        return counts


def is_signalled(cue: str, rules: Rules, tables: Sequence[SourceTable] = ()) -> bool:
    """Whether a labelled cue contains a phrase of the drafter's attribution lexicons.

    This is the evaluation's definition of 'the text itself signals the kind': the pack author's
    cue names a state outlet, or holds a reporting verb, a hedge or a continuation opener.
    Empty cues, and cues naming only a record or a country ("since 2006", "US-led"), are not.
    """
    if not cue:
        return False
    patterns = [(p, at_start) for _, p, at_start in rules.signal_patterns()]
    patterns += [(t.pattern, False) for t in tables]
    opening = len(cue) - len(cue.lstrip("\"“‘'( "))
    return any(
        p is not None and (p.match(cue, opening) if at_start else p.search(cue))
        for p, at_start in patterns
    )


def evaluate(loaded: LoadedPack, rules: Rules, name: str | None = None) -> Evaluation:
    """Draft the pack's article and score the draft against every item's answer."""
    text = loaded.article_text
    drafted = draft_article(text, rules, loaded.categories)
    learned = learned_outlets(text, rules)
    article = Article(text)
    results = []
    for item in loaded.pack.items:
        claim_at = article.find(item.passage) + item.passage.find(item.claim)
        match = next((d for d in drafted
                      if d.sentence.start <= claim_at < d.sentence.end), None)
        results.append(ItemResult(
            item_id=item.id, expected=item.answer,
            accepted=(item.answer, *item.also_accept),
            drafted=match.answer if match else "",
            rule=match.decision.id if match else "",
            signalled=is_signalled(item.cue, rules, [learned]),
            confidence=match.confidence if match else 0.0,
            low=bool(match) and match.confidence < rules.low_confidence,
            flags=match.flags if match else (),
            evidence=match.evidence if match else (),
        ))
    return Evaluation(name=name or loaded.pack.id, categories=tuple(loaded.category_ids),
                      results=tuple(results), sentences=len(drafted))


def combine(evaluations: Sequence[Evaluation]) -> Evaluation:
    categories: list[str] = []
    for evaluation in evaluations:
        categories += [c for c in evaluation.categories if c not in categories]
    return Evaluation(name="all packs", categories=tuple(categories),
                      results=tuple(r for e in evaluations for r in e.results),
                      sentences=sum(e.sentences for e in evaluations))


def _percent(rate: tuple[int, int]) -> str:
    right, total = rate
    if not total:
        return f"{'-':>3}/0   {'-':>6}"
    return f"{right:>3}/{total:<3} {100 * right / total:5.1f}%"


def format_evaluation(evaluation: Evaluation, *, misses: bool = True) -> str:
    """Plain-text report: accuracy, per-category precision and recall, confusion matrix."""
    lines = [f"{evaluation.name}: {len(evaluation.results)} items, "
             f"{evaluation.sentences} sentences drafted",
             f"  exact (the pack's answer)         {_percent(evaluation.exact)}",
             f"  accuracy (answer or also_accept)  {_percent(evaluation.accuracy)}",
             f"  signalled items                   {_percent(evaluation.signalled)}",
             f"  unsignalled items                 {_percent(evaluation.unsignalled)}",
             ""]
    width = max(len(c) for c in evaluation.categories)
    lines.append(f"  {'category':<{width}}  {'precision':>15}  {'recall':>15}")
    for category in evaluation.categories:
        lines.append(f"  {category:<{width}}  {_percent(evaluation.precision(category)):>15}  "
                     f"{_percent(evaluation.recall(category)):>15}")
    lines.append("")
    lines.append("  confusion: rows = pack answer, columns = draft answer")
    lines.append("  (a cell off the diagonal may still be right: the pack's also_accept)")
    short = {c: c[:12] for c in evaluation.categories}
    column = max(5, *(len(s) for s in short.values()))
    names = evaluation.categories
    lines.append(f"  {'':<{width}}  " + "  ".join(f"{short[c]:>{column}}" for c in names))
    counts = evaluation.confusion()
    for expected in names:
        cells = "  ".join(f"{counts.get((expected, d), 0):>{column}}" for d in names)
        lines.append(f"  {expected:<{width}}  {cells}")
    lines.append("")
    lines.append("  confidence: of the items drafted at each confidence, how many were right")
    lines += format_reliability([r.outcome() for r in evaluation.results])
    wrong = [r for r in evaluation.results if not r.right]
    if misses and wrong:
        lines.append("")
        lines.append("  misses:")
        for r in wrong:
            mark = "signalled" if r.signalled else "unsignalled"
            low = ", low-confidence" if r.low else ""
            lines.append(f"    {r.item_id}: pack {'/'.join(r.accepted)}, draft {r.drafted} "
                         f"(rule {r.rule}; {mark}{low})")
    return "\n".join(lines)

"""`quiz draft ARTICLE`: a first pack from a news article, written beside a normalised copy of the
article; `quiz draft --evaluate PACK...`: the drafter scored against labelled packs.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from quiz import locations
from quiz.content.article import ArticleError, read_article
from quiz.content.drafter.article_source import normalise_article
from quiz.content.drafter.draft import draft_pack, slug
from quiz.content.drafter.evaluate import combine, evaluate, format_evaluation
from quiz.content.drafter.rules import Rules, RulesError, load_rules
from quiz.content.export import pack_to_yaml, schema_reference
from quiz.content.format import CategoryModel, TaxonomyModel
from quiz.content.pack_files import load_pack, resolve_pack
from quiz.content.problems import PackError
from quiz.content.yamlsafe import MAX_BYTES, load_located, read_text


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _title_from(path: Path) -> str:
    words = re.sub(r"[_\s-]+", " ", path.stem).strip()
    return (words[:1].upper() + words[1:]) or "Drafted pack"


def _load_rules_for(args, categories: Sequence[CategoryModel]) -> Rules | None:
    try:
        rules = load_rules([Path(p) for p in args.rules or []])
        rules.check_categories([c.id for c in categories])
    except RulesError as error:
        for problem in error.problems:
            _say(f"quiz draft: {problem}")
        return None
    return rules


def run_evaluate(args) -> int:
    """`quiz draft --evaluate PACK...`: the drafter's accuracy against labelled packs."""
    evaluations = []
    for name in args.evaluate:
        try:
            loaded = load_pack(resolve_pack(name))
        except LookupError as error:
            _say(f"quiz draft --evaluate: {error}")
            return 2
        except PackError as error:
            for problem in error.problems:
                _say(str(problem))
            return 1
        rules = _load_rules_for(args, loaded.categories)
        if rules is None:
            return 2
        evaluations.append(evaluate(loaded, rules, f"{loaded.pack.id} ({name})"))
    for evaluation in evaluations:
        print(format_evaluation(evaluation))
        print()
    if len(evaluations) > 1:
        print(format_evaluation(combine(evaluations), misses=False))
    return 0


def run(args) -> int:
    """`quiz draft ARTICLE` and `quiz draft --evaluate PACK...`."""
    if args.evaluate:
        if args.article:
            _say("quiz draft: give an ARTICLE to draft or --evaluate PACK..., not both")
            return 2
        return run_evaluate(args)
    if not args.article:
        _say("quiz draft: give the ARTICLE file to draft (see 'quiz draft --help')")
        return 2
    categories = TaxonomyModel.model_validate(
        load_located(read_text(locations.default_taxonomy_path())).data).categories
    rules = _load_rules_for(args, categories)
    if rules is None:
        return 2
    path = Path(args.article)
    try:
        source = normalise_article(read_article(path),
                                   markdown=path.suffix.lower() in (".md", ".markdown"))
    except ArticleError as error:
        _say(f"quiz draft: {error}")
        return 2
    title = args.title or source.title or _title_from(path)
    pack_id = slug(title, 60) if slug(title, 60) != "item" else "draft"
    out = Path(args.out or ".")
    pack_path, article_path = out / f"{pack_id}.yaml", out / f"{pack_id}.txt"
    existing = [p for p in (pack_path, article_path) if p.exists()]
    if existing and not args.force:
        _say(f"quiz draft: {existing[0]} exists; pass --force to overwrite it, or choose "
             "another folder with --out DIR")
        return 2
    try:
        draft = draft_pack(source, pack_id=pack_id, title=title, article_name=article_path.name,
                           rules=rules, categories=categories, date=args.date)
    except ArticleError as error:
        _say(f"quiz draft: {path}: {error}")
        return 2
    comments = [
        f"Drafted by `quiz draft` from {path.name} on {dt.date.today().isoformat()}.",
        "Every item is a draft: check it, rewrite the explanation, then remove `draft: true`.",
        "Tags: rule-<id> is the rule that fired; confidence-<0..100>; low-confidence.",
    ]
    text = pack_to_yaml(draft.pack, schema=schema_reference(out), comments=comments)
    try:
        out.mkdir(parents=True, exist_ok=True)
        article_path.write_text(draft.article_text, encoding="utf-8")
        pack_path.write_text(text, encoding="utf-8")
    except OSError as error:
        _say(f"quiz draft: cannot write to {out}: {error.strerror}")
        return 2
    counts: dict[str, int] = {}
    for drafted in draft.drafted:
        counts[drafted.answer] = counts.get(drafted.answer, 0) + 1
    summary = ", ".join(f"{n} {c}" for c, n in counts.items())
    print(f"drafted {len(draft.drafted)} items from {path} ({summary})")
    print(f"wrote {pack_path} and {article_path}")
    if draft.low_confidence:
        print(f"{draft.low_confidence} item(s) have low confidence (tag low-confidence): "
              "review those first")
    quiet = {"no_signal", "record"}
    if all(d.decision.signal in quiet for d in draft.drafted):
        print("no attributions found: every sentence was drafted as the outlet's own voice, "
              "with low confidence")
    if len(text.encode("utf-8")) > MAX_BYTES:
        print(f"note: the pack is {len(text) / 1_048_576:.1f} MB; quiz validate reads at most "
              f"{MAX_BYTES // 1_048_576} MB, so split the article into smaller packs")
    print(f"next: review the items, then run: quiz validate {pack_path}")
    return 0

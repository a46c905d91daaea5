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
from quiz.content.drafter.crossval import cross_validate, format_cross_validation
from quiz.content.drafter.evaluate import combine, evaluate, format_evaluation
from quiz.content.drafter.rules import Rules, RulesError, load_rules
from quiz.content.export import pack_to_yaml, schema_reference
from quiz.content.files import WriteRefused, write_text
from quiz.content.format import CategoryModel, TaxonomyModel
from quiz.content.pack_files import load_pack, resolve_pack
from quiz.content.problems import PackError
from quiz.content.yamlsafe import MAX_BYTES, YamlLoadError, load_located, read_text
from quiz.core.text import visible


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def shown(value: object) -> str:
    """A path or option as it can be printed: bytes that are not UTF-8 (they reach Python as
    lone surrogates) become U+FFFD, control characters become visible."""
    text = str(value).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return visible(text)


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


def _title_from(path: Path) -> str:
    words = re.sub(r"[_\s-]+", " ", shown(path.stem)).strip()
    return (words[:1].upper() + words[1:]) or "Drafted pack"


def _load_rules_for(args, categories: Sequence[CategoryModel]) -> Rules | None:
    try:
        rules = load_rules([Path(p) for p in args.rules or []])
        rules.check_categories([c.id for c in categories])
    except RulesError as error:
        for problem in error.problems:
            _say(f"quiz draft: {shown(problem)}")
        return None
    return rules


def _article_problem(pack_path: Path) -> str | None:
    """Why a labelled pack's `article:` cannot be read, before the loader tries: a folder, a
    device, a missing file or a NUL in the name would otherwise end in a traceback or a hang."""
    try:
        data = load_located(read_text(pack_path)).data
    except (YamlLoadError, OSError, ValueError):
        return None  # the loader reports the pack's own problems with their positions
    article = data.get("article") if isinstance(data, dict) else None
    if not isinstance(article, str):
        return None
    if "\0" in article or _has_surrogate(article):
        return f"its article path '{shown(article)}' is not a usable file name"
    target = pack_path.parent / article
    try:
        if not target.is_file():
            what = "a folder" if target.is_dir() else (
                "not a regular file" if target.exists() else "not found")
            return f"its article {shown(target)} is {what}; give the article's text file"
    except OSError as error:
        return f"its article {shown(target)} cannot be read: {error.strerror}"
    return None


def run_evaluate(args) -> int:
    """`quiz draft --evaluate PACK...`: the drafter's accuracy against labelled packs."""
    evaluations = []
    packs = []
    for name in args.evaluate:
        try:
            pack_path = resolve_pack(name)
        except LookupError as error:
            _say(f"quiz draft --evaluate: {shown(error)}")
            return 2
        except (OSError, ValueError) as error:
            _say(f"quiz draft --evaluate: {shown(name)}: cannot read: {shown(error)}")
            return 2
        problem = _article_problem(pack_path)
        if problem:
            _say(f"quiz draft --evaluate: {shown(pack_path)}: {problem}")
            return 2
        try:
            loaded = load_pack(pack_path)
        except PackError as error:
            for pack_problem in error.problems:
                _say(shown(pack_problem))
            return 1
        except (OSError, ValueError) as error:
            _say(f"quiz draft --evaluate: {shown(pack_path)}: cannot read: "
                 f"{shown(getattr(error, 'strerror', None) or error)}")
            return 2
        rules = _load_rules_for(args, loaded.categories)
        if rules is None:
            return 2
        evaluations.append(evaluate(loaded, rules, f"{loaded.pack.id} ({shown(name)})"))
        packs.append(loaded)
    for evaluation in evaluations:
        print(format_evaluation(evaluation))
        print()
    if len(evaluations) > 1:
        print(format_evaluation(combine(evaluations), misses=False))
    if len({loaded.article_text for loaded in packs}) >= 3:
        # The figures above use a calibration fitted to these very packs; this one does not.
        guesses = load_rules([Path(p) for p in args.rules or []], use_calibration=False)
        print()
        print("\n".join(format_cross_validation(cross_validate(packs, guesses))))
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
    for option, value in (("--title", args.title), ("--out", args.out)):
        if value and (_has_surrogate(value) or "\0" in value):
            _say(f"quiz draft: {option} '{shown(value)}' is not valid UTF-8 text; "
                 "give it as UTF-8")
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
        _say(f"quiz draft: {shown(error)}")
        return 2
    except (OSError, ValueError) as error:
        _say(f"quiz draft: {shown(path)}: cannot read: {shown(error)}")
        return 2
    title = args.title or source.title or _title_from(path)
    pack_id = slug(title, 60) if slug(title, 60) != "item" else "draft"
    out = Path(args.out or ".")
    pack_path, article_path = out / f"{pack_id}.yaml", out / f"{pack_id}.txt"
    same = [p for p in (article_path, pack_path) if _same_file(p, path)]
    if same:
        _say(f"quiz draft: {shown(same[0])} exists and is the article being drafted; the draft "
             "writes its normalised copy of the article there, so choose another folder with "
             "--out DIR (or another name with --title)")
        return 2
    existing = [p for p in (pack_path, article_path) if p.exists()]
    if existing and not args.force:
        _say(f"quiz draft: {shown(existing[0])} exists; pass --force to overwrite it, or choose "
             "another folder with --out DIR")
        return 2
    try:
        draft = draft_pack(source, pack_id=pack_id, title=title, article_name=article_path.name,
                           rules=rules, categories=categories, date=args.date)
    except ArticleError as error:
        _say(f"quiz draft: {shown(path)}: {shown(error)}")
        return 2
    comments = [
        f"Drafted by `quiz draft` from {shown(path.name)} on {dt.date.today().isoformat()}.",
        "Every item is a draft: check it, rewrite the explanation, then remove `draft: true`.",
        "Tags: rule-<id> is the rule that fired; confidence-<0..100> is how often that rule "
        "was right on the evaluation set; low-confidence marks the items to review first.",
    ]
    text = pack_to_yaml(draft.pack, schema=schema_reference(out), comments=comments)
    try:
        out.mkdir(parents=True, exist_ok=True)
        write_text(article_path, draft.article_text, inputs=[path])
        write_text(pack_path, text, inputs=[path])
    except WriteRefused:
        _say(f"quiz draft: {shown(article_path)} is the article being drafted; choose another "
             "folder with --out DIR")
        return 2
    except (OSError, ValueError) as error:
        _say(f"quiz draft: cannot write to {shown(out)}: "
             f"{shown(getattr(error, 'strerror', None) or error)}")
        return 2
    _summary(draft, path, pack_path, article_path, text)
    return 0


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def _summary(draft, path: Path, pack_path: Path, article_path: Path, text: str) -> None:
    counts: dict[str, int] = {}
    for drafted in draft.drafted:
        counts[drafted.answer] = counts.get(drafted.answer, 0) + 1
    summary = ", ".join(f"{n} {c}" for c, n in counts.items())
    print(f"drafted {len(draft.drafted)} items from {shown(path)} ({summary})")
    print(f"wrote {shown(pack_path)} and {shown(article_path)}")
    if draft.low_confidence:
        print(f"{draft.low_confidence} item(s) have low confidence (tag low-confidence): "
              "review those first")
    if draft.not_drafted:
        print(f"note: the draft holds the article's first {len(draft.drafted) + draft.left_out} "
              f"sentences; the other {draft.not_drafted} were not drafted (a pack is a quiz, "
              "not a whole website: draft a part of the article to quiz the rest)")
    if draft.left_out:
        print(f"note: {draft.left_out} sentence(s) repeat words that appear earlier inside a "
              "longer sentence, so quiz validate could not place them; they were left out")
    quiet = {"no_signal", "record"}
    if all(d.decision.signal in quiet for d in draft.drafted):
        print("no attributions found: every sentence was drafted as the outlet's own voice, "
              "with low confidence")
    flagged = {flag for d in draft.drafted for flag in d.flags}
    if "long-sentence" in flagged:
        print("note: some sentences are very long (the article may lack sentence punctuation); "
              "their items are marked low-confidence")
    if "unclosed-quote" in flagged:
        print("note: a quotation is never closed; check who speaks in the items after it")
    if len(text.encode("utf-8")) > MAX_BYTES:
        print(f"note: the pack is {len(text) / 1_048_576:.1f} MB; quiz validate reads at most "
              f"{MAX_BYTES // 1_048_576} MB, so split the article into smaller packs")
    print(f"next: review the items, then run: quiz validate {shown(pack_path)}")

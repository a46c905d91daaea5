"""The pack commands: `quiz validate` and `quiz schema` check packs, `quiz export` writes one as
GIFT, Moodle XML, CSV or JSON, and `quiz import` turns a spreadsheet into one.

The formats and checks are quiz.content's; these functions read the options, write the files and
print one line per problem.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from quiz.content.article import ArticleError, read_article
from quiz.content.checks import companion
from quiz.content.csv_import import PackDefaults, import_csv, read_sheet
from quiz.content.export import export, pack_to_yaml, schema_reference
from quiz.content.files import write_text
from quiz.content.pack_files import (
    bundled_pack_files,
    check_pack,
    find_pack_files,
    load_pack,
    pack_json_schema,
    resolve_pack,
)
from quiz.content.problems import PackError, Problem
from quiz.content.yamlsafe import YamlLoadError, load_located, read_text


def run_export(args) -> int:
    """`quiz export PACK --format FORMAT [--out FILE]`."""
    try:
        loaded = load_pack(resolve_pack(args.pack))
    except LookupError as error:
        print(f"quiz export: {error}", file=sys.stderr)
        return 2
    except PackError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    text = export(loaded, args.format)
    if not args.out or args.out == "-":
        sys.stdout.write(text)
        return 0
    out = Path(args.out)
    # Spreadsheet programs read a CSV as UTF-8 only when it starts with a byte-order mark.
    encoding = "utf-8-sig" if args.format == "csv" else "utf-8"
    inputs = [Path(loaded.path), Path(loaded.path).parent / loaded.pack.article]
    try:
        write_text(out, text, encoding=encoding, newline="", inputs=inputs)
    except OSError as error:
        print(f"quiz export: cannot write {out}: {error.strerror or error}", file=sys.stderr)
        return 2
    print(f"wrote {out} ({len(loaded.pack.items)} questions, {args.format})", file=sys.stderr)
    return 0


def run_import(args) -> int:
    """`quiz import CSV [--out FILE] [--article FILE] [--id ... --title ...]`."""
    source = Path(args.csv)
    out = Path(args.out) if args.out else source.with_suffix(".yaml")
    if out.exists() and not args.force:
        print(f"quiz import: {out} exists; pass --force to overwrite it, or --out FILE",
              file=sys.stderr)
        return 2
    try:
        text = read_sheet(source)
    except ArticleError as error:
        print(f"quiz import: {error}", file=sys.stderr)
        return 2
    out_dir = out.parent if str(out.parent) else Path(".")
    defaults = PackDefaults(id=args.id, title=args.title, version=args.version, date=args.date)
    if args.article:
        defaults.article = Path(os.path.relpath(Path(args.article).resolve(),
                                                out_dir.resolve())).as_posix()
    result = import_csv(text, str(source), defaults=defaults, base=out_dir)
    article_problem = None
    if result.pack is not None:
        # --article is the user's own choice; a sheet's pack_article is a stranger's, and names
        # only a file in the pack's folder (or seeds/ beside it), as a pack file may.
        candidates = [Path(args.article)] if args.article else [
            found for found in (companion(out_dir, result.pack.article),
                                companion(source.parent, result.pack.article)) if found]
        found = next((c for c in candidates if c.is_file()), None)
        if found is None:
            article_problem = Problem(str(source), 1, 1, f"article {result.pack.article!r} is not "
                                      f"next to {out}; passages were not checked against it",
                                      "warning")
        else:
            try:
                article_text = read_article(found)
            except ArticleError as error:
                print(f"quiz import: {error}", file=sys.stderr)
                return 2
            result = import_csv(text, str(source), defaults=defaults, base=out_dir,
                                article_text=article_text)
    problems = result.problems + ([article_problem] if article_problem else [])
    for problem in problems:
        print(problem, file=sys.stderr)
    if result.pack is None:
        errors = sum(p.severity == "error" for p in problems)
        print(f"quiz import: {errors} error(s); no pack written", file=sys.stderr)
        return 1
    munged = _version_turned_into_a_number(out, result.pack.version)
    if munged:
        print(f"{source}:2:1: warning: {munged}", file=sys.stderr)
    comments = [f"Imported by `quiz import` from {source.name}."]
    try:
        write_text(out, pack_to_yaml(result.pack, schema=schema_reference(out_dir),
                                     comments=comments),
                   inputs=[source] + ([Path(args.article)] if args.article else []))
    except OSError as error:
        print(f"quiz import: cannot write {out}: {error.strerror or error}", file=sys.stderr)
        return 2
    print(f"wrote {out} ({len(result.pack.items)} items); check it with: quiz validate {out}",
          file=sys.stderr)
    return 0


def _version_turned_into_a_number(out: Path, version: str) -> str | None:
    """When the pack being replaced had version "1.0" and the sheet says "1": what a
    spreadsheet does to a number-like cell, said so the version is not lost silently."""
    try:
        previous = load_located(read_text(out)).data.get("version") if out.is_file() else None
        same_number = previous is not None and float(str(previous)) == float(version)
    except (YamlLoadError, AttributeError, ValueError):
        return None
    if same_number and str(previous) != version:
        return (f"the sheet's version {version!r} replaces {str(previous)!r}: a spreadsheet turns "
                f"{previous} into {version}; format the pack_version cell as text to keep it")
    return None


def run_validate(args: argparse.Namespace) -> int:
    """`quiz validate [PACK_OR_DIR...]`: every problem as file:line:col, exit 1 on any error."""
    targets = [Path(t) for t in args.targets] or None
    files = bundled_pack_files() if targets is None else [
        f for target in targets for f in find_pack_files(target)
    ]
    if not files:
        print("quiz validate: no pack files found", file=sys.stderr)
        return 1
    errors = warnings = 0
    for path in files:
        _, problems = check_pack(path)
        for problem in problems:
            print(problem)
        errors += sum(p.severity == "error" for p in problems)
        warnings += sum(p.severity == "warning" for p in problems)
    summary = f"{len(files)} pack(s) checked: {errors} error(s), {warnings} warning(s)"
    print(summary, file=sys.stderr)
    return 1 if errors else 0


def run_schema(args: argparse.Namespace) -> int:
    """`quiz schema`: the JSON Schema of the pack format."""
    print(json.dumps(pack_json_schema(), indent=2))
    return 0

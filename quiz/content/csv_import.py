"""Turning a spreadsheet (CSV, the columns `quiz export --format csv` writes) into a pack.

Every problem is reported as `file.csv:row:col` with rows and columns counted as a spreadsheet does.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from quiz import locations
from quiz.content.article import Article, ArticleError, first_difference, read_article
from quiz.content.export import (
    ITEM_COLUMNS,
    ITEM_TAIL_COLUMNS,
    LIST_SEPARATOR,
    PACK_COLUMNS,
    WHY_NOT_PREFIX,
    formula_unsafe,
)
from quiz.content.format import CategoryModel, ItemModel, PackModel, TaxonomyModel
from quiz.content.problems import Problem
from quiz.content.yamlsafe import YamlLoadError, load_located, read_text

REQUIRED_ITEM_COLUMNS = ("id", "passage", "answer", "source", "explanation")
_TRUE = {"true", "yes", "y", "1", "x"}
_FALSE = {"false", "no", "n", "0", ""}


@dataclass
class PackDefaults:
    """Pack metadata from command-line options; a pack_* column in the sheet wins."""

    id: str | None = None
    title: str | None = None
    article: str | None = None
    version: str | None = None
    date: dt.date | None = None


@dataclass
class CsvImport:
    """The result of reading a sheet: the pack when there were no errors, and every problem."""

    pack: PackModel | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


class _Sheet:
    def __init__(self, shown: str, header: list[str]) -> None:
        self.shown = shown
        self.header = header
        self.problems: list[Problem] = []

    def col(self, name: str) -> int:
        return self.header.index(name) + 1 if name in self.header else len(self.header) + 1

    def error(self, row: int, col: int, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.shown, row, col, message, severity))


def _read_rows(text: str) -> list[list[str]]:
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line:  # spreadsheets in some locales save with ';' or tabs
        delimiter = max(";\t", key=first_line.count) if any(d in first_line for d in ";\t") else ","
    # newline="" as the csv docs ask: only \r and \n end a row, not U+2028 inside a cell.
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]


def _categories(sheet: _Sheet, pack_cells: dict[str, tuple[str, int]], base: Path
                ) -> list[CategoryModel]:
    taxonomy_path = locations.default_taxonomy_path()
    taxonomy_cell = pack_cells.get("pack_taxonomy", ("", 0))
    if taxonomy_cell[0]:
        taxonomy_path = (base / taxonomy_cell[0]).resolve()
    try:
        categories = list(TaxonomyModel.model_validate(
            load_located(read_text(taxonomy_path)).data).categories)
    except (YamlLoadError, ValidationError) as error:
        message = getattr(error, "message", str(error).splitlines()[0])
        sheet.error(taxonomy_cell[1] or 1, sheet.col("pack_taxonomy"),
                    f"taxonomy {str(taxonomy_path)!r} cannot be used: {message}")
        return []
    extra, row = pack_cells.get("pack_categories", ("", 0))
    if extra:
        try:
            categories += [CategoryModel.model_validate(c) for c in json.loads(extra)]
        except (ValueError, ValidationError, TypeError) as error:
            sheet.error(row, sheet.col("pack_categories"),
                        f"pack_categories must be a JSON list of categories: "
                        f"{str(error).splitlines()[0]}")
    return categories


def _category_message(value: str, known: list[str]) -> str:
    hint = difflib.get_close_matches(value, known, n=1)
    return (f"unknown category {value!r}; did you mean {hint[0]!r}?" if hint
            else f"unknown category {value!r}; known: {', '.join(known)}")


def _check_header(sheet: _Sheet, known_ids: list[str], defaults: PackDefaults) -> bool:
    allowed = [*ITEM_COLUMNS, *ITEM_TAIL_COLUMNS, *PACK_COLUMNS]
    ok = True
    seen: set[str] = set()
    for index, name in enumerate(sheet.header, start=1):
        if name in seen:
            sheet.error(1, index, f"column {name!r} appears twice")
            ok = False
        seen.add(name)
        if name.startswith(WHY_NOT_PREFIX):
            category = name[len(WHY_NOT_PREFIX):]
            if known_ids and category not in known_ids:
                sheet.error(1, index, f"column {name!r}: " + _category_message(category, known_ids))
                ok = False
        elif name not in allowed:
            hint = difflib.get_close_matches(name, allowed, n=1)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
            sheet.error(1, index, f"unknown column {name!r}{suggestion}")
            ok = False
    for name in REQUIRED_ITEM_COLUMNS:
        if name not in seen:
            sheet.error(1, len(sheet.header) + 1,
                        f"missing column {name!r} (required: {', '.join(REQUIRED_ITEM_COLUMNS)})")
            ok = False
    if "pack_article" not in seen and not defaults.article:
        sheet.error(1, len(sheet.header) + 1,
                    "no article: add a pack_article column or pass --article FILE")
        ok = False
    return ok


def _item_fields(sheet: _Sheet, row_number: int, cells: dict[str, str], known: list[str]) -> dict:
    data: dict = {}
    for name in ("id", "passage", "claim", "answer", "source", "cue", "explanation"):
        if name in cells:
            data[name] = cells[name]
    if not cells.get("claim"):
        data["claim"] = cells.get("passage", "")
    data["also_accept"] = _split_list(cells.get("also_accept", ""))
    data["tags"] = _split_list(cells.get("tags", ""))
    data["why_not"] = {
        name[len(WHY_NOT_PREFIX):]: value
        for name, value in cells.items() if name.startswith(WHY_NOT_PREFIX) and value
    }
    if cells.get("discussion"):
        data["discussion"] = cells["discussion"]
    difficulty = cells.get("difficulty", "").strip()
    if difficulty:
        if difficulty.isdigit():
            data["difficulty"] = int(difficulty)
        else:
            sheet.error(row_number, sheet.col("difficulty"),
                        f"difficulty must be 1, 2 or 3 (got {difficulty!r})")
    draft = cells.get("draft", "").strip().lower()
    if draft in _TRUE:
        data["draft"] = True
    elif draft not in _FALSE:
        sheet.error(row_number, sheet.col("draft"), f"draft must be true or false (got {draft!r})")
    if known:
        if data.get("answer") and data["answer"] not in known:
            sheet.error(row_number, sheet.col("answer"),
                        "column 'answer': " + _category_message(data["answer"], known))
        for other in data["also_accept"]:
            if other not in known:
                sheet.error(row_number, sheet.col("also_accept"),
                            "column 'also_accept': " + _category_message(other, known))
    return data


def _validation_problems(sheet: _Sheet, row_number: int, error: ValidationError) -> None:
    for detail in error.errors():
        loc = detail["loc"]
        column = str(loc[0]) if loc else "id"
        if column == "why_not" and len(loc) > 1:
            column = WHY_NOT_PREFIX + str(loc[1])
        message = detail["msg"][0].lower() + detail["msg"][1:]
        shown = detail.get("input")
        got = f" (got {shown!r})" if isinstance(shown, str) and len(shown) < 60 else ""
        if detail["type"] == "missing":
            message = "is empty"
        sheet.error(row_number, sheet.col(column), f"column {column!r}: {message}{got}")


def _check_text(sheet: _Sheet, row_number: int, item: ItemModel, article: Article) -> None:
    start = article.find(item.passage)
    if start < 0:
        difference = article.closest(item.passage)
        sheet.error(row_number, sheet.col("passage"),
                    "passage is not in the article verbatim: " + difference.describe()
                    + f"; closest article text: {difference.closest[:80]!r}")
    elif not article.is_whole_sentences(start, start + len(item.passage)):
        sheet.error(row_number, sheet.col("passage"),
                    "passage must be whole sentences of one paragraph of the article")
    for name in ("claim", "cue"):
        span = getattr(item, name)
        if span and span not in item.passage:
            difference = first_difference(span, item.passage)
            sheet.error(row_number, sheet.col(name),
                        f"{name} is not part of the passage verbatim: {difference.describe()}")


def import_csv(text: str, shown: str, *, defaults: PackDefaults | None = None,
               base: Path | None = None, article_text: str | None = None) -> CsvImport:
    """Read a sheet into a pack. `base` is the folder relative paths in the sheet start from;
    with `article_text`, passages, claims and cues are checked against the article."""
    defaults = defaults or PackDefaults()
    base = base or Path.cwd()
    rows = _read_rows(text.removeprefix("\ufeff"))
    if not rows or not any(cell.strip() for cell in rows[0]):
        result = CsvImport(None)
        result.problems.append(Problem(shown, 1, 1, "no header row: the first row must name the "
                                       "columns (id, passage, claim, answer, ...)"))
        return result
    sheet = _Sheet(shown, [formula_unsafe(c).strip() for c in rows[0]])
    body = [(number, row) for number, row in enumerate(rows[1:], start=2)
            if any(cell.strip() for cell in row)]

    pack_cells: dict[str, tuple[str, int]] = {}
    for number, row in body:
        for index, name in enumerate(sheet.header):
            if name in PACK_COLUMNS and index < len(row) and row[index].strip():
                value = formula_unsafe(row[index])
                if name in pack_cells and pack_cells[name][0] != value:
                    sheet.error(number, index + 1,
                                f"{name} differs from row {pack_cells[name][1]}; pack settings "
                                "go in the first row only")
                pack_cells.setdefault(name, (value, number))

    categories = _categories(sheet, pack_cells, base)
    known = [c.id for c in categories]
    if not _check_header(sheet, known, defaults):
        return CsvImport(None, sheet.problems)
    if not body:
        sheet.error(2, 1, "no item rows: the sheet has a header but no questions")
        return CsvImport(None, sheet.problems)

    article = Article(article_text) if article_text is not None else None
    items: list[ItemModel] = []
    first_row: dict[str, int] = {}
    for number, row in body:
        if len(row) > len(sheet.header):
            sheet.error(number, len(sheet.header) + 1,
                        f"row has {len(row)} cells but the header names {len(sheet.header)} "
                        "columns")
            continue
        cells = {name: formula_unsafe(row[i]) if i < len(row) else ""
                 for i, name in enumerate(sheet.header)}
        before = len(sheet.problems)
        data = _item_fields(sheet, number, cells, known)
        try:
            item = ItemModel.model_validate(data)
        except ValidationError as error:
            _validation_problems(sheet, number, error)
            continue
        if len(sheet.problems) > before:
            continue
        if item.id in first_row:
            sheet.error(number, sheet.col("id"),
                        f"duplicate item id {item.id!r} (first in row {first_row[item.id]})")
            continue
        first_row[item.id] = number
        if article is not None:
            _check_text(sheet, number, item, article)
        items.append(item)

    pack = _build_pack(sheet, pack_cells, defaults, items)
    if any(p.severity == "error" for p in sheet.problems):
        return CsvImport(None, sheet.problems)
    return CsvImport(pack, sheet.problems)


def _build_pack(sheet: _Sheet, cells: dict[str, tuple[str, int]], defaults: PackDefaults,
                items: list[ItemModel]) -> PackModel | None:
    def value(name: str, default: object = None) -> object:
        return cells[name][0] if name in cells else default

    data = {
        "id": value("pack_id", defaults.id),
        "title": value("pack_title", defaults.title),
        "article": value("pack_article", defaults.article),
        "version": value("pack_version", defaults.version or "1"),
        "items": items,
    }
    for column, key in (("pack_language", "language"), ("pack_date", "date"),
                        ("pack_alternative_credit", "alternative_credit"),
                        ("pack_taxonomy", "taxonomy")):
        if column in cells:
            data[key] = cells[column][0]
    if "date" not in data and defaults.date:
        data["date"] = defaults.date
    for column, key in (("pack_categories", "categories"), ("pack_skipped", "skipped")):
        if column in cells:
            try:
                data[key] = json.loads(cells[column][0])
            except ValueError as error:
                sheet.error(cells[column][1], sheet.col(column),
                            f"{column} must be JSON: {error}")
                return None
    if not items:
        return None
    try:
        return PackModel.model_validate(data)
    except ValidationError as error:
        for detail in error.errors():
            key = str(detail["loc"][0])
            column = "pack_" + key
            row = cells[column][1] if column in cells else 2
            message = detail["msg"][0].lower() + detail["msg"][1:]
            if detail["type"] in ("missing", "string_type") and detail.get("input") is None:
                message = f"no {key}: add a {column} column or pass --{key}"
            sheet.error(row, sheet.col(column), f"{column}: {message}")
        return None


def read_sheet(path: Path) -> str:
    """A CSV file's text; raises ArticleError (same checks and messages as articles)."""
    return read_article(path, "a spreadsheet saved as CSV (UTF-8)")


__all__ = ["ArticleError", "CsvImport", "PackDefaults", "import_csv", "read_sheet"]



"""Turning a spreadsheet (CSV, the columns `quiz export --format csv` writes) into a pack.

Every problem is reported as `file.csv:row:col` with rows and columns counted as a spreadsheet does.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from quiz import locations
from quiz.content.article import MAX_ARTICLE_BYTES, Article, ArticleError, read_article
from quiz.content.checks import Checker, check_coverage, check_items, companion
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
from quiz.content.yamlsafe import Position, YamlLoadError, load_located, read_text

REQUIRED_ITEM_COLUMNS = ("id", "passage", "answer", "source", "explanation")
# Booleans as spreadsheets in several languages write them (Excel and LibreOffice translate
# TRUE/FALSE: WAHR/FALSCH, VRAI/FAUX, VERDADERO/FALSO, VERO/FALSO, WAAR/ONWAAR, VERDADEIRO ...).
_TRUE = {"true", "yes", "y", "1", "x", "wahr", "ja", "vrai", "oui", "verdadero", "sí", "si",
         "vero", "waar", "verdadeiro", "sim", "prawda", "tak", "sant", "doğru", "evet"}
_FALSE = {"false", "no", "n", "0", "", "falsch", "nein", "faux", "non", "falso", "onwaar",
          "nee", "não", "nao", "fałsz", "nie", "falskt", "usant", "yanlış", "hayır"}
# A sheet is at most as large as an article file; the csv module's own cap (131,072 characters
# a cell) would turn a long cell into a traceback.
csv.field_size_limit(MAX_ARTICLE_BYTES)
# Cells where a line break belongs (prose); elsewhere it is refused, as in a pack file.
_PROSE_COLUMNS = ("explanation", "discussion", "passage")
# Office programs write a line break inside a cell as a vertical tab or form feed.
_OFFICE_BREAKS = "\x0b\x0c"


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
    """The rows of a sheet; csv.Error (a NUL byte, a broken quote) passes through."""
    # The header ends at the first \r or \n: a file saved with CR line ends (old Mac Excel) is
    # one "line" to a \n split, and its commas would outvote its semicolons.
    first_line = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
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
        found = companion(base, taxonomy_cell[0])
        if found is None:
            sheet.error(taxonomy_cell[1], sheet.col("pack_taxonomy"),
                        f"taxonomy {taxonomy_cell[0]!r} is outside the pack's folder: a pack may "
                        "name only files in its own folder or in a seeds/ folder beside it")
            return []
        taxonomy_path = found
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
        except RecursionError:
            sheet.error(row, sheet.col("pack_categories"),
                        "pack_categories is nested too deeply to be a list of categories")
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
        elif not name:
            continue  # an empty column, or notes without a heading: see _unnamed_columns
        elif name not in allowed:
            hint = difflib.get_close_matches(name, allowed, n=1)
            if hint:  # a misspelt column would otherwise be dropped unnoticed
                sheet.error(1, index, f"unknown column {name!r}; did you mean {hint[0]!r}?")
                ok = False
            else:  # a teacher's own column (notes, a mark scheme): said, then ignored
                sheet.error(1, index, f"column {name!r} is not one quiz reads, so it is ignored",
                            "warning")
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


def import_csv(text: str, shown: str, *, defaults: PackDefaults | None = None,
               base: Path | None = None, article_text: str | None = None) -> CsvImport:
    """Read a sheet into a pack. `base` is the folder relative paths in the sheet start from;
    with `article_text`, every check `quiz validate` makes on items runs too (passages, claims
    and cues against the article, explanations, cues, why_not lines), at the sheet's cells."""
    defaults = defaults or PackDefaults()
    base = base or Path.cwd()
    try:
        rows = _read_rows(text.removeprefix("\ufeff"))
    except csv.Error as error:
        return CsvImport(None, [Problem(shown, _csv_error_row(error, text), 1,
                                        f"not a readable CSV sheet: {error}")])
    if not rows or not any(cell.strip() for cell in rows[0]):
        result = CsvImport(None)
        result.problems.append(Problem(shown, 1, 1, "no header row: the first row must name the "
                                       "columns (id, passage, claim, answer, ...)"))
        return result
    sheet = _Sheet(shown, [formula_unsafe(c).strip() for c in rows[0]])
    body = [(number, row) for number, row in enumerate(rows[1:], start=2)
            if any(cell.strip() for cell in row)]
    _unnamed_columns(sheet, body)

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
    if defaults.article and "pack_article" in pack_cells:
        written, row = pack_cells.pop("pack_article")
        if written != defaults.article:
            sheet.error(row, sheet.col("pack_article"),
                        f"pack_article {written!r} is replaced by --article ({defaults.article})",
                        "warning")

    categories = _categories(sheet, pack_cells, base)
    known = [c.id for c in categories]
    if not _check_header(sheet, known, defaults):
        return CsvImport(None, sheet.problems)
    if not body:
        sheet.error(2, 1, "no item rows: the sheet has a header but no questions")
        return CsvImport(None, sheet.problems)

    items: list[ItemModel] = []
    item_rows: list[int] = []
    first_row: dict[str, int] = {}
    for number, row in body:
        extra = row[len(sheet.header):]
        if any(cell.strip() for cell in extra):
            sheet.error(number, len(sheet.header) + 1,
                        f"row has {len(row)} cells but the header names {len(sheet.header)} "
                        "columns")
            continue
        cells = {name: _office_text(sheet, number, name, formula_unsafe(row[i]))
                 if i < len(row) else "" for i, name in enumerate(sheet.header) if name}
        before = len(sheet.problems)
        data = _item_fields(sheet, number, cells, known)
        try:
            item = ItemModel.model_validate(data)
        except ValidationError as error:
            _validation_problems(sheet, number, error)
            continue
        if _errors_since(sheet, before):
            continue
        if item.id in first_row:
            sheet.error(number, sheet.col("id"),
                        f"duplicate item id {item.id!r} (first in row {first_row[item.id]})")
            continue
        first_row[item.id] = number
        items.append(item)
        item_rows.append(number)

    pack = _build_pack(sheet, pack_cells, defaults, items)
    if pack is not None and article_text is not None and categories:
        # The errors `quiz validate` would find, at their cells (its warnings are for
        # `quiz validate` to say: an import that succeeds gives a pack that validates).
        checker = _SheetChecker(sheet, item_rows, pack_cells)
        article = Article(article_text)
        check_coverage(checker, pack, article, check_items(checker, pack, categories, article))
        sheet.problems[:] = [p for p in sheet.problems if p not in checker.warnings]
    if any(p.severity == "error" for p in sheet.problems):
        return CsvImport(None, sheet.problems)
    return CsvImport(pack, sheet.problems)


def _errors_since(sheet: _Sheet, before: int) -> bool:
    return any(p.severity == "error" for p in sheet.problems[before:])


def _csv_error_row(error: csv.Error, text: str) -> int:
    """The row a csv.Error is on, when the message says (else the first)."""
    found = re.search(r"line (\d+)", str(error))
    return int(found.group(1)) if found else 1


def _unnamed_columns(sheet: _Sheet, body: list[tuple[int, list[str]]]) -> None:
    """A column with cells but no heading is a teacher's notes: said once, then ignored."""
    for index, name in enumerate(sheet.header):
        if not name and any(index < len(row) and row[index].strip() for _, row in body):
            sheet.error(1, index + 1, "this column has no heading, so its cells are ignored",
                        "warning")


def _office_text(sheet: _Sheet, row: int, name: str, value: str) -> str:
    """A cell's text with an office program's line break (a vertical tab or form feed) read as
    one: a line break in prose, a space elsewhere; said as a warning at the cell."""
    if not any(char in value for char in _OFFICE_BREAKS):
        return value
    prose = name in _PROSE_COLUMNS or name.startswith(WHY_NOT_PREFIX)
    sheet.error(row, sheet.col(name), f"column {name!r}: an office line break (vertical tab or "
                f"form feed) read as {'a line break' if prose else 'a space'}", "warning")
    return value.translate(dict.fromkeys(map(ord, _OFFICE_BREAKS), "\n" if prose else " "))


class _SheetChecker(Checker):
    """The checks of `quiz validate`, placed at the sheet's cells: a pack path such as
    ("items", 3, "cue") is the cue column of the fourth item's row."""

    def __init__(self, sheet: _Sheet, item_rows: list[int],
                 pack_cells: dict[str, tuple[str, int]]) -> None:
        self.sheet = sheet
        self.item_rows = item_rows
        self.pack_cells = pack_cells
        self.problems = sheet.problems
        self.warnings: list[Problem] = []

    def _cell(self, path: tuple) -> tuple[int, int]:
        if len(path) >= 2 and path[0] == "items" and isinstance(path[1], int):
            row = self.item_rows[path[1]]
            if len(path) < 3:
                return row, self.sheet.col("id")
            column = str(path[2])
            if column == "why_not" and len(path) > 3:
                column = WHY_NOT_PREFIX + str(path[3])
            return row, self.sheet.col(column)
        column = "pack_" + str(path[0]) if path else "pack_id"
        return self.pack_cells.get(column, ("", 2))[1], self.sheet.col(column)

    def at(self, position: Position, message: str, severity: str = "error") -> None:
        self._add(position.line, position.col, message, severity)

    def at_path(self, path: tuple, message: str, severity: str = "error", *, key: bool = False):
        self._add(*self._cell(path), message, severity)

    def in_scalar(self, path: tuple, offset: int, message: str, severity: str = "error") -> None:
        self._add(*self._cell(path), message, severity)

    def _add(self, row: int, col: int, message: str, severity: str) -> None:
        self.sheet.error(row, col, message, severity)
        if severity == "warning":
            self.warnings.append(self.sheet.problems[-1])

    def place(self, path: tuple) -> str:
        return f"row {self._cell(path)[0]}"

    def has_key(self, path: tuple, key: str) -> bool:
        return key in self.sheet.header


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
    credit = data.get("alternative_credit")
    if isinstance(credit, str) and re.fullmatch(r"\s*\d+,\d+\s*", credit):
        data["alternative_credit"] = credit.replace(",", ".")  # a decimal comma, as many locales
    if "date" not in data and defaults.date:
        data["date"] = defaults.date
    for column, key in (("pack_categories", "categories"), ("pack_skipped", "skipped")):
        if column in cells:
            try:
                data[key] = json.loads(cells[column][0])
            except (ValueError, RecursionError) as error:
                reason = "it is nested too deeply" if isinstance(error, RecursionError) else error
                sheet.error(cells[column][1], sheet.col(column),
                            f"{column} must be JSON: {reason}")
                return None
    try:
        pack = PackModel.model_validate(data)
    except ValidationError as error:
        for detail in error.errors():
            key = str(detail["loc"][0])
            if key == "items":  # no usable rows: already said at each row
                continue
            column = "pack_" + key
            row = cells[column][1] if column in cells else 2
            message = detail["msg"][0].lower() + detail["msg"][1:]
            if detail["type"] in ("missing", "string_type") and detail.get("input") is None:
                message = f"no {key}: add a {column} column or pass --{key}"
            elif key == "date":
                message = (f"expected a date as YYYY-MM-DD (such as 2024-03-14), got "
                           f"{detail.get('input')!r}")
            sheet.error(row, sheet.col(column), f"{column}: {message}")
        return None
    return pack if items else None


def read_sheet(path: Path) -> str:
    """A CSV file's text; raises ArticleError (same checks and messages as articles)."""
    return read_article(path, "a spreadsheet saved as CSV (UTF-8)")


__all__ = ["ArticleError", "CsvImport", "PackDefaults", "import_csv", "read_sheet"]



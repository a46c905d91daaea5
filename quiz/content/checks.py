"""Every check `quiz validate` makes on a pack file, each problem at its line and column: the
format (quiz.content.format), the taxonomy, the article's own words, sentence coverage.

`check_pack` returns the pack as played (quiz.core.packs) when nothing is an error.
"""

from __future__ import annotations

import difflib
import unicodedata
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ValidationError

from quiz import locations
from quiz.content.article import MAX_ARTICLE_BYTES, Article, first_difference
from quiz.content.files import within
from quiz.content.format import CategoryModel, PackModel, TaxonomyModel
from quiz.content.problems import Problem
from quiz.content.sentences import split_sentences
from quiz.content.yamlsafe import (
    LocatedDocument,
    Position,
    YamlLoadError,
    load_located,
    read_text,
)
from quiz.core import packs
from quiz.core.packs import LoadedPack


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class Checker:
    """Collects positioned problems for one pack file. The item checks (check_items) ask it only
    where a value is (at_path, in_scalar, place, has_key), so a spreadsheet import runs the same
    checks with its own rows and columns (quiz.content.csv_import)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.shown = _display(path)
        self.problems: list[Problem] = []
        self.document: LocatedDocument | None = None

    def at(self, position: Position, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.shown, position.line, position.col, message, severity))

    def at_path(self, path: tuple, message: str, severity: str = "error", *, key: bool = False):
        assert self.document is not None
        self.at(self.document.position(path, key=key), message, severity)

    def in_scalar(self, path: tuple, offset: int, message: str, severity: str = "error") -> None:
        assert self.document is not None
        self.at(self.document.position_in_scalar(path, offset), message, severity)

    def place(self, path: tuple) -> str:
        """Where a value is, in words: "line 12"."""
        assert self.document is not None
        return f"line {self.document.position(path).line}"

    def has_key(self, path: tuple, key: str) -> bool:
        """Whether the mapping at `path` has `key` written out."""
        assert self.document is not None
        found = _dig(self.document.data, path)
        return isinstance(found, dict) and key in found

    @property
    def failed(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


def _schema_message(error: dict, data: object) -> tuple[tuple, str, bool]:
    """Turn one pydantic error into (path, message, points-at-key)."""
    loc = tuple(error["loc"])
    kind = error["type"]
    field = ".".join(str(part) for part in loc) or "pack"
    if kind == "extra_forbidden":
        parent = _dig(data, loc[:-1])
        allowed = _allowed_keys(loc[:-1])
        hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
        known = f" (known keys: {', '.join(allowed)})" if allowed and not hint else ""
        del parent
        return loc, f"unknown key {loc[-1]!r}{suggestion}{known}", True
    if kind == "missing":
        return loc, f"missing required key {loc[-1]!r}", False
    message = error["msg"]
    message = message[0].lower() + message[1:]
    shown = error.get("input")
    if isinstance(shown, bool) and kind == "string_type":
        return loc, (f"{field}: {message}: YAML reads an unquoted no, yes, on, off, true or "
                     f"false as {str(shown).lower()}; put the text in quotes, e.g. 'no'"), False
    if isinstance(shown, str | int | float) and not isinstance(shown, bool):
        value = repr(shown) if len(repr(shown)) <= 60 else repr(shown)[:57] + "..."
        return loc, f"{field}: {message} (got {value})", False
    return loc, f"{field}: {message}", False


# Text a pack may hold: no control characters (a vertical tab from pasted office text makes a
# Moodle XML export that Moodle refuses whole, and an HTML report with a forbidden code point),
# no line break where one line is expected (a title with one breaks the GIFT header).
_ONE_LINE_KEYS = frozenset({"id", "title", "article", "language", "version", "taxonomy", "label",
                            "answer", "source", "claim", "cue"})
_BIDI_OVERRIDES = frozenset({*range(0x202A, 0x202F), *range(0x2066, 0x206A)})


def _check_characters(checker: Checker, data: object, path: tuple = ()) -> None:
    """Every string of the pack file: control characters refused, line breaks only in prose,
    bidirectional overrides warned of, each at the character's line and column."""
    if isinstance(data, dict):
        for key, value in data.items():
            _check_characters(checker, value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _check_characters(checker, value, path + (index,))
    elif isinstance(data, str):
        key = next((part for part in reversed(path) if isinstance(part, str)), "")
        for offset, char in enumerate(data):
            code = ord(char)
            if char == "\n" and key in _ONE_LINE_KEYS:
                checker.in_scalar(path, offset, f"{key} has a line break; write it on one line")
            elif (code < 0x20 and char not in "\t\n") or 0x7F <= code < 0xA0:
                hint = (" (office text carries one for a line break)" if char in "\x0b\x0c"
                        else "")
                checker.in_scalar(path, offset, f"{key or 'text'} contains {_char_name(char)}, "
                                  f"a control character{hint}: remove it")
            elif code in _BIDI_OVERRIDES:
                checker.in_scalar(path, offset, f"{key or 'text'} contains {_char_name(char)}, "
                                  "which makes text display differently from what it says",
                                  "warning")


# Unicode gives control characters no names; these are the ones pasted text brings.
_CONTROL_NAMES = {0x00: "null", 0x07: "bell", 0x08: "backspace", 0x0B: "line tabulation",
                  0x0C: "form feed", 0x0D: "carriage return", 0x1B: "escape", 0x7F: "delete",
                  0x85: "next line"}


def _char_name(char: str) -> str:
    name = unicodedata.name(char, "").lower() or _CONTROL_NAMES.get(ord(char), "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def _dig(data: object, loc: tuple) -> object:
    for part in loc:
        try:
            data = data[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _allowed_keys(loc: tuple) -> list[str]:
    model: type[BaseModel] = PackModel
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[part].annotation
        inner = getattr(annotation, "__args__", (annotation,))[0]
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            model = inner
        else:
            return []
    return list(model.model_fields)


def companion_folders(pack_dir: Path) -> tuple[Path, Path]:
    """Where a pack's article and taxonomy may be: the pack's own folder, or a seeds/ folder
    beside it (the bundled layout: content/pack.yaml names ../seeds/article.txt)."""
    return pack_dir, pack_dir.parent / "seeds"


def companion(pack_dir: Path, name: str) -> Path | None:
    """The file a pack names as `name` (its article or taxonomy), resolved; None when it lies
    (links followed) outside companion_folders: a pack from a stranger cannot make the app read
    a file its author could not have shipped with it."""
    path = pack_dir / name
    return path.resolve() if within(path, companion_folders(pack_dir)) else None


def outside_message(what: str, name: str) -> str:
    """Why a pack may not name `name` (its article or taxonomy) outside companion_folders."""
    return (f"{what} {name!r} is outside the pack's folder: a pack may name only files in its own "
            f"folder or in a seeds/ folder beside it; copy the {what} next to the pack")


# The review checks a pack after every edit: the taxonomy and the article it names are read
# each time (so a change on disk is seen) but parsed once per text.
@lru_cache(maxsize=8)
def _taxonomy_document(text: str) -> LocatedDocument:
    return load_located(text)


@lru_cache(maxsize=8)
def _article(text: str) -> Article:
    return Article(text)  # frozen; its sentences are split once


# A review checks an item as the pack's head plus the item, then reads the same text back
# before saving it: parsed once. Callers only read a document (check_pack, Rendering), so the
# cache may hand the same one out; a whole pack (up to MAX_BYTES) is not kept.
_CACHED_CHARS = 64 * 1024


@lru_cache(maxsize=64)
def _located(source: str) -> LocatedDocument:
    return load_located(source)


def located(source: str) -> LocatedDocument:
    """load_located, once per short text; the document is shared, so never change it."""
    return _located(source) if len(source) <= _CACHED_CHARS else load_located(source)


def _load_taxonomy(
    checker: Checker, pack: PackModel, pack_dir: Path
) -> tuple[list[CategoryModel], Path]:
    if pack.taxonomy:
        found = companion(pack_dir, pack.taxonomy)
        if found is None:
            checker.at_path(("taxonomy",), outside_message("taxonomy", pack.taxonomy))
            return [], pack_dir / pack.taxonomy
        taxonomy_path = found
        where = ("taxonomy",)
    else:
        taxonomy_path = locations.default_taxonomy_path()
        where = ()
    try:
        document = _taxonomy_document(read_text(taxonomy_path))
        taxonomy = TaxonomyModel.model_validate(document.data)
    except YamlLoadError as error:
        if where:
            checker.at_path(where, f"taxonomy {pack.taxonomy!r}: {error.message}")
        else:
            checker.problems.append(
                Problem(_display(taxonomy_path), error.position.line, error.position.col,
                        error.message)
            )
        return [], taxonomy_path
    except ValidationError as error:
        for detail in error.errors():
            loc, message, key = _schema_message(detail, document.data)
            position = document.position(loc, key=key)
            checker.problems.append(
                Problem(_display(taxonomy_path), position.line, position.col, message)
            )
        return [], taxonomy_path
    categories = list(taxonomy.categories) + list(pack.categories)
    seen: set[str] = set()
    for index, category in enumerate(categories):
        if category.id in seen:
            offset = index - len(taxonomy.categories)
            if offset >= 0:
                checker.at_path(("categories", offset, "id"),
                                f"category {category.id!r} is already defined")
            else:
                checker.at((Position(1, 1)), f"taxonomy defines {category.id!r} twice")
        seen.add(category.id)
    return categories, taxonomy_path


def _unknown_category(value: str, known: list[str]) -> str:
    hint = difflib.get_close_matches(value, known, n=1)
    suggestion = f"did you mean {hint[0]!r}?" if hint else f"known: {', '.join(known)}"
    return f"unknown category {value!r}; {suggestion}"


def _count_sentences(text: str) -> int:
    return len(split_sentences(text, skip_date_line=False))


def check_items(
    checker: Checker, pack: PackModel, categories: list[CategoryModel], article: Article
):
    by_id = {c.id: c for c in categories}
    known = list(by_id)
    first_seen: dict[str, int] = {}
    covered: list[tuple[int, int]] = []
    for index, item in enumerate(pack.items):
        here = ("items", index)
        if item.id in first_seen:
            first = checker.place(("items", first_seen[item.id], "id"))
            checker.at_path(here + ("id",), f"duplicate item id {item.id!r} (first at {first})")
        first_seen.setdefault(item.id, index)

        if item.answer not in by_id:
            checker.at_path(here + ("answer",), _unknown_category(item.answer, known))
        for n, other in enumerate(item.also_accept):
            if other not in by_id:
                checker.at_path(here + ("also_accept", n), _unknown_category(other, known))
            elif other == item.answer:
                checker.at_path(here + ("also_accept", n),
                                f"also_accept repeats the answer {other!r}")
        for key in item.why_not:
            if key not in by_id:
                checker.at_path(here + ("why_not", key), _unknown_category(key, known), key=True)
            elif key == item.answer:
                checker.at_path(here + ("why_not", key),
                                f"why_not has an entry for the answer {key!r}; it is for the "
                                "other categories", key=True)
        if item.draft:
            checker.at_path(here + ("draft",),
                            "item is a draft: review it, then remove `draft: true`", "warning")
        missing = [c for c in known if c != item.answer and c not in item.why_not]
        if missing and item.answer in by_id:
            checker.at_path(here + ("why_not",) if item.why_not else here + ("id",),
                            f"why_not has no line for: {', '.join(missing)}", "warning")

        sentences = _count_sentences(item.explanation)
        if not 2 <= sentences <= 5:
            checker.at_path(here + ("explanation",),
                            f"explanation has {sentences} sentence(s); write 2 to 5")

        start = article.find(item.passage)
        if start < 0:
            difference = article.closest(item.passage)
            checker.in_scalar(
                here + ("passage",), difference.offset,
                "passage is not in the article verbatim: " + difference.describe()
                + f"; closest article text: {difference.closest[:120]!r}",
            )
        elif not article.is_whole_sentences(start, start + len(item.passage)):
            checker.at_path(
                here + ("passage",),
                "passage must be whole sentences of one paragraph; it "
                + _where_it_breaks(article, start, start + len(item.passage)),
            )
        _check_span(checker, here, "claim", item.claim, item.passage)
        if item.cue:
            _check_span(checker, here, "cue", item.cue, item.passage)
        elif item.answer in by_id and by_id[item.answer].cue_required:
            checker.at_path(here + ("cue",) if checker.has_key(here, "cue") else here + ("id",),
                            f"cue is empty; a {by_id[item.answer].label!r} item must quote the "
                            "words that signal it")
        if start >= 0 and item.claim in item.passage:
            claim_start = start + item.passage.find(item.claim)
            covered.append((claim_start, claim_start + len(item.claim)))
    return covered


def _where_it_breaks(article: Article, start: int, end: int) -> str:
    inside = article.sentences_within(start, end)
    if inside and inside[0].start != start:
        return f"starts inside the sentence {inside[0].text[:60]!r}"
    if inside and inside[-1].end != end:
        return f"ends inside the sentence {inside[-1].text[:60]!r}"
    return "crosses a paragraph break"


def _check_span(checker: Checker, here: tuple, name: str, span: str, passage: str) -> None:
    if span in passage:
        return
    difference = first_difference(span, passage)
    checker.in_scalar(
        here + (name,), difference.offset,
        f"{name} is not part of the passage verbatim: {difference.describe()}",
    )


def check_coverage(checker: Checker, pack: PackModel, article: Article, covered: list) -> None:
    skipped_spans: list[tuple[int, int]] = []
    for index, skipped in enumerate(pack.skipped):
        start = article.find(skipped.sentence)
        if start < 0:
            difference = article.closest(skipped.sentence)
            checker.in_scalar(("skipped", index, "sentence"), difference.offset,
                              "skipped sentence is not in the article verbatim: "
                              + difference.describe())
        elif not article.is_whole_sentences(start, start + len(skipped.sentence)):
            checker.at_path(("skipped", index, "sentence"),
                            "skipped entries must be whole sentences of the article")
        else:
            skipped_spans.append((start, start + len(skipped.sentence)))
    uncovered = [
        s for s in article.sentences
        if not any(a < s.end and s.start < b for a, b in covered + skipped_spans)
    ]
    if uncovered:
        listing = "; ".join(f"line {s.line}: {s.text[:50]!r}" for s in uncovered)
        checker.at_path(("article",),
                        f"{len(uncovered)} article sentence(s) are neither an item's claim nor "
                        f"skipped: {listing}", "warning")


def check_pack(
    path: Path, *, source: str | None = None
) -> tuple[LoadedPack | None, list[Problem]]:
    """Run every check on a pack file. Returns the usable pack (None on errors) and problems.

    `source` checks that text as if it were the file at `path` (its article and taxonomy are
    found beside `path`): the review checks each edit before it is saved.
    """
    checker = Checker(path)
    try:
        checker.document = load_located(read_text(path)) if source is None else located(source)
    except YamlLoadError as error:
        checker.at(error.position, error.message)
        return None, checker.problems
    _check_characters(checker, checker.document.data)
    try:
        pack = PackModel.model_validate(checker.document.data)
    except ValidationError as error:
        for detail in error.errors():
            loc, message, key = _schema_message(detail, checker.document.data)
            checker.at_path(loc, message, key=key)
        return None, checker.problems

    categories, _ = _load_taxonomy(checker, pack, path.parent)
    if any(ord(char) < 0x20 for char in pack.article):  # said above, at the character
        return None, checker.problems
    found = companion(path.parent, pack.article)
    if found is None:
        checker.at_path(("article",), outside_message("article", pack.article))
        return None, checker.problems
    article_path = found
    try:
        article = _article(read_text(article_path, MAX_ARTICLE_BYTES))
    except YamlLoadError as error:
        checker.at_path(("article",), f"article {pack.article!r}: {error.message}")
        return None, checker.problems
    if not categories:
        return None, checker.problems
    covered = check_items(checker, pack, categories, article)
    check_coverage(checker, pack, article, covered)
    if checker.failed:
        return None, checker.problems
    loaded = LoadedPack(
        pack=packs.Pack.from_dict(pack.model_dump()),
        categories=[packs.Category(**c.model_dump()) for c in categories],
        article_text=article.text,
        article_title=_article_title(article_path) or pack.title,
        path=str(path.resolve()),
    )
    return loaded, checker.problems


def _article_title(article_path: Path) -> str | None:
    """The title in the article's `<name>.meta.yaml`, when there is one."""
    meta_path = article_path.with_suffix(".meta.yaml")
    try:
        meta = load_located(read_text(meta_path)).data
    except YamlLoadError:
        return None
    title = meta.get("title") if isinstance(meta, dict) else None
    return title if isinstance(title, str) else None

"""Writing a pack in other formats: YAML (the pack file itself), GIFT, Moodle XML, CSV and JSON.

GIFT and Moodle XML are what learning platforms import; CSV is for spreadsheets (see importer).
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

import yaml

from quiz import locations
from quiz.content.format import PackModel, to_model
from quiz.core.packs import Category, Item, LoadedPack, Pack

FORMATS = ("gift", "moodle-xml", "csv", "json")
QUESTION = "Which kind of statement is the claim?"

# --- YAML: the pack file ------------------------------------------------------------------------


class _PackDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Safe dumper that folds long text so a reviewer reads it without scrolling sideways."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if len(value) > 70 and "\n" not in value and value == value.strip() and "  " not in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=">")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_PackDumper.add_representer(str, _represent_str)

_STR, _INT, _BOOL, _NULL = (f"tag:yaml.org,2002:{t}" for t in ("str", "int", "bool", "null"))
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


def _node(value: object) -> yaml.Node:
    """The node the safe representer makes for plain pack data (with default_flow_style=None:
    a list or mapping of plain scalars goes in flow style), without its per-value dispatch and
    alias bookkeeping, which took most of the time writing the draft of a long article."""
    if isinstance(value, str):
        style = ">" if (len(value) > 70 and "\n" not in value and value == value.strip()
                        and "  " not in value) else None
        return yaml.ScalarNode(_STR, value, style=style)
    if isinstance(value, bool):
        return yaml.ScalarNode(_BOOL, "true" if value else "false")
    if isinstance(value, dict):
        pairs = [(_node(k), _node(v)) for k, v in value.items()]
        flow = all(isinstance(n, yaml.ScalarNode) and not n.style for pair in pairs for n in pair)
        return yaml.MappingNode(_MAP, pairs, flow_style=flow)
    if isinstance(value, list | tuple):
        items = [_node(v) for v in value]
        flow = all(isinstance(n, yaml.ScalarNode) and not n.style for n in items)
        return yaml.SequenceNode(_SEQ, items, flow_style=flow)
    if isinstance(value, int):
        return yaml.ScalarNode(_INT, str(value))
    if value is None:
        return yaml.ScalarNode(_NULL, "null")
    return _PackDumper(io.StringIO()).represent_data(value)  # dates and the rare rest


def schema_reference(pack_dir: Path) -> str:
    """The JSON Schema's path as seen from a pack's folder, for editors' YAML support."""
    schema = locations.bundled_content_dir() / "pack.schema.json"
    try:
        return Path(os.path.relpath(schema, pack_dir.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return schema.as_uri()


def pack_to_yaml(pack: PackModel, *, schema: str, comments: Sequence[str] = ()) -> str:
    """The pack as a YAML file that loads back into an equal model."""
    data = pack.model_dump(mode="python", exclude_defaults=True)
    data = {"id": data.pop("id"), **data}
    body = yaml.serialize(_node(data), Dumper=_PackDumper, allow_unicode=True, width=96)
    header = [f"# yaml-language-server: $schema={schema}"]
    header += [f"# {line}" if line else "#" for text in comments for line in text.split("\n")]
    return "\n".join(header) + "\n" + body


# --- GIFT ---------------------------------------------------------------------------------------

# Moodle accepts only these percentages for an answer; others are refused on import.
MOODLE_GRADES = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20,
                 16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0)


def moodle_percent(credit: float) -> float:
    """The Moodle grade nearest to a credit between 0 and 1."""
    return min(MOODLE_GRADES, key=lambda grade: abs(grade - credit * 100))


def _percent_text(percent: float) -> str:
    return f"{percent:g}"


def gift_escape(text: str) -> str:
    """Backslash before GIFT's special characters, so a passage imports as written."""
    out = text.replace("\\", "\\\\")
    for char in "~=#{}:":
        out = out.replace(char, "\\" + char)
    return out.replace("\n", "\\n")


def _html(text: str) -> str:
    return html.escape(text, quote=False)


def question_html(item: Item) -> str:
    """The question text: the passage, the claim when it is only part of it, the question."""
    parts = [f"<p>{_html(item.passage)}</p>"]
    if item.claim != item.passage:
        parts.append(f"<p><strong>Claim:</strong> {_html(item.claim)}</p>")
    parts.append(f"<p>{_html(QUESTION)}</p>")
    return "".join(parts)


def answer_choices(item: Item, categories: Sequence[Category],
                   alternative_credit: float) -> list[tuple[Category, float, str]]:
    """(category, Moodle percent, feedback) for every category, in taxonomy order."""
    choices = []
    for category in categories:
        if category.id == item.answer:
            choices.append((category, 100.0, item.explanation))
        elif category.id in item.also_accept:
            feedback = item.why_not.get(category.id, item.explanation)
            choices.append((category, moodle_percent(alternative_credit), feedback))
        else:
            choices.append((category, 0.0, item.why_not.get(category.id, "")))
    return choices


def to_gift(loaded: LoadedPack) -> str:
    pack = loaded.pack
    lines = [
        f"// {pack.title} ({pack.id}, version {pack.version}): {len(pack.items)} questions",
        "// exported by quiz; import in Moodle under Question bank > Import > GIFT format",
        f"$CATEGORY: $course$/quiz/{pack.id}",
        "",
    ]
    for item in pack.items:
        lines.append(f"::{gift_escape(item.id)}::[html]{gift_escape(question_html(item))}{{")
        for category, percent, feedback in answer_choices(item, loaded.categories,
                                                          pack.alternative_credit):
            if percent == 100:
                mark = "="
            elif percent:
                mark = f"~%{_percent_text(percent)}%"
            else:
                mark = "~"
            line = f"\t{mark}{gift_escape(_html(category.label))}"
            if feedback:
                line += f"#{gift_escape(_html(feedback))}"
            lines.append(line)
        lines.append(f"\t####{gift_escape(_html(item.explanation))}")
        lines.append("}")
        lines.append("")
    return "\n".join(lines)


# --- Moodle XML ---------------------------------------------------------------------------------


def _text_element(parent: ET.Element, tag: str, text: str, fmt: str | None = "html") -> None:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = text


def to_moodle_xml(loaded: LoadedPack) -> str:
    """Moodle XML multiple choice; content is HTML-escaped, then XML-escaped by ElementTree."""
    pack = loaded.pack
    quiz = ET.Element("quiz")
    category = ET.SubElement(quiz, "question", {"type": "category"})
    ET.SubElement(ET.SubElement(category, "category"), "text").text = (
        f"$course$/quiz/{pack.id}"
    )
    for item in pack.items:
        question = ET.SubElement(quiz, "question", {"type": "multichoice"})
        ET.SubElement(ET.SubElement(question, "name"), "text").text = item.id
        _text_element(question, "questiontext", question_html(item))
        _text_element(question, "generalfeedback", f"<p>{_html(item.explanation)}</p>")
        ET.SubElement(question, "defaultgrade").text = "1"
        ET.SubElement(question, "penalty").text = "0"
        ET.SubElement(question, "hidden").text = "0"
        ET.SubElement(question, "idnumber").text = item.id
        ET.SubElement(question, "single").text = "true"
        ET.SubElement(question, "shuffleanswers").text = "false"
        ET.SubElement(question, "answernumbering").text = "abc"
        for choice, percent, feedback in answer_choices(item, loaded.categories,
                                                        pack.alternative_credit):
            answer = ET.SubElement(question, "answer",
                                   {"fraction": _percent_text(percent), "format": "html"})
            ET.SubElement(answer, "text").text = _html(choice.label)
            _text_element(answer, "feedback", f"<p>{_html(feedback)}</p>" if feedback else "")
        if item.tags:
            tags = ET.SubElement(question, "tags")
            for tag in item.tags:
                ET.SubElement(ET.SubElement(tags, "tag"), "text").text = tag
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"


# --- CSV ----------------------------------------------------------------------------------------

ITEM_COLUMNS = ("id", "passage", "claim", "answer", "also_accept", "source", "cue",
                "explanation")
ITEM_TAIL_COLUMNS = ("discussion", "difficulty", "tags", "draft")
WHY_NOT_PREFIX = "why_not_"
PACK_COLUMNS = ("pack_id", "pack_title", "pack_article", "pack_version", "pack_language",
                "pack_date", "pack_alternative_credit", "pack_taxonomy", "pack_categories",
                "pack_skipped")
LIST_SEPARATOR = ";"
# A cell starting with one of these is a formula to a spreadsheet; an apostrophe in front makes
# it text. A leading apostrophe itself is doubled so that the importer can always strip one.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def formula_safe(value: str) -> str:
    """A cell as written (a validated pack has no control characters, so the round trip through
    a spreadsheet is exact), with a leading apostrophe when a spreadsheet would read it as a
    formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def formula_unsafe(value: str) -> str:
    """The importer's inverse of formula_safe."""
    if value.startswith("'") and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


def csv_columns(categories: Sequence[Category]) -> list[str]:
    return [*ITEM_COLUMNS, *(WHY_NOT_PREFIX + c.id for c in categories), *ITEM_TAIL_COLUMNS,
            *PACK_COLUMNS]


def _pack_cells(pack: Pack) -> dict[str, str]:
    return {
        "pack_id": pack.id,
        "pack_title": pack.title,
        "pack_article": pack.article,
        "pack_version": pack.version,
        "pack_language": pack.language,
        "pack_date": pack.date.isoformat() if pack.date else "",
        "pack_alternative_credit": f"{pack.alternative_credit:g}",
        "pack_taxonomy": pack.taxonomy or "",
        "pack_categories": json.dumps([asdict(c) for c in pack.categories],
                                      ensure_ascii=False) if pack.categories else "",
        "pack_skipped": json.dumps([asdict(s) for s in pack.skipped],
                                   ensure_ascii=False) if pack.skipped else "",
    }


def to_csv(loaded: LoadedPack) -> str:
    """One row per item; pack metadata in the pack_* columns of the first row."""
    pack = loaded.pack
    columns = csv_columns(loaded.categories)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for index, item in enumerate(pack.items):
        row = {
            "id": item.id, "passage": item.passage, "claim": item.claim, "answer": item.answer,
            "also_accept": f"{LIST_SEPARATOR} ".join(item.also_accept), "source": item.source,
            "cue": item.cue, "explanation": item.explanation,
            "discussion": item.discussion if item.discussion is not None else "",
            "difficulty": str(item.difficulty),
            "tags": f"{LIST_SEPARATOR} ".join(item.tags),
            "draft": "true" if item.draft else "false",
        }
        row.update({WHY_NOT_PREFIX + k: v for k, v in item.why_not.items()})
        if index == 0:
            row.update(_pack_cells(pack))
        writer.writerow([formula_safe(row.get(column, "")) for column in columns])
    return buffer.getvalue()


# --- JSON ---------------------------------------------------------------------------------------


def to_json(loaded: LoadedPack) -> str:
    """The validated pack model, as the JSON Schema of the pack format describes it."""
    return json.dumps(to_model(loaded.pack).model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def export(loaded: LoadedPack, fmt: str) -> str:
    writers = {"gift": to_gift, "moodle-xml": to_moodle_xml, "csv": to_csv, "json": to_json}
    return writers[fmt](loaded)



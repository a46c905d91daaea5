"""The drafter's rules as data: the file format (pydantic), loading with positions, and matching.

Rules ship as YAML in quiz/rules/; a user adds to them with a file in the data folder or --rules.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from quiz import locations
from quiz.content.yamlsafe import (
    LocatedDocument,
    Position,
    YamlLoadError,
    load_located,
    read_text,
)

BUNDLED_RULES_DIR = Path(__file__).resolve().parent / "data"
USER_RULES_NAME = "draft-rules.yaml"

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)]
Phrase = Annotated[str, Field(min_length=1, max_length=200)]

# The rule classes the drafter computes for a sentence. Which category each one proposes is
# data (a Decision); the code only knows how to detect them.
Signal = Literal[
    "denial_verb",  # "denied", "rejected ... as groundless"
    "accusation_verb",  # "accused", "alleged", "was concerned"
    "state_outlet",  # a state-controlled outlet is named: "KCNA reported", "state media said"
    "government_speech",  # a government actor with a neutral speech verb: "the ministry said"
    "international_speech",  # an international body speaks: "a UN spokesperson said"
    "attribution_next",  # the next sentence ends with "..., according to KCNA"
    "continues_previous",  # "It said ...", "Their range ...", "also": the source runs on
    "other_speech",  # someone unknown to the rules speaks: "analysts said"
    "hedge",  # the source is hidden: "is said to be", "reportedly"
    "record",  # a checkable record in the outlet's own voice: "since 2006"
    "no_signal",  # nothing the rules recognise
]
SIGNALS: tuple[str, ...] = Signal.__args__  # type: ignore[attr-defined]

TEMPLATE_FIELDS = frozenset({"rule", "cue", "source", "label"})


class RulesModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceEntry(RulesModel):
    """A speaker the rules recognise, and the phrases that name it."""

    name: str = Field(min_length=1, description="How the draft names it as a source.")
    says: str = Field("", description="A gloss for readers: \"North Korea's state news agency\".")
    match: list[Phrase] = Field(min_length=1, description="Phrases that name it in a text.")


class Verbs(RulesModel):
    """Reporting verbs grouped by what they signal."""

    denial: list[Phrase] = Field(default_factory=list)
    accusation: list[Phrase] = Field(default_factory=list)
    speech: list[Phrase] = Field(default_factory=list, description="Neutral speech verbs.")


class Continuation(RulesModel):
    """Words that carry the source over from the sentence before."""

    openers: list[Phrase] = Field(
        default_factory=list, description="Sentence openings: \"It said\", \"The agency added\"."
    )
    markers: list[Phrase] = Field(
        default_factory=list, description="Words near the start: \"also\", \"another\", \"Their\"."
    )
    within_words: int | None = Field(None, ge=1, le=20, description="How near the start.")


class Decision(RulesModel):
    """What to propose when a signal fires. Earlier decisions win; later ones that also fire
    add their answer to also_accept when `also_when_secondary`."""

    id: Slug
    signal: Signal
    answer: Slug | None = Field(
        None, description="Category id; empty for carried signals, which take the neighbour's."
    )
    also_accept: list[Slug] = Field(default_factory=list)
    also_when_secondary: bool = True
    confidence: float = Field(ge=0, le=1)
    explain: str = Field(min_length=1, description="Template: {rule} {cue} {source} {label}.")


class DraftRules(RulesModel):
    """One rules file. Every field is optional so a user file can add just a few phrases."""

    state_outlets: list[SourceEntry] = Field(default_factory=list)
    outlet_introducers: list[Phrase] = Field(
        default_factory=list,
        description="Words that introduce a state outlet the rules do not know: \"state-run\".",
    )
    outlet_nouns: list[Phrase] = Field(
        default_factory=list, description="Words in an outlet's name: Agency, Television, Daily."
    )
    government_actors: list[SourceEntry] = Field(default_factory=list)
    international_bodies: list[SourceEntry] = Field(default_factory=list)
    verbs: Verbs = Field(default_factory=Verbs)
    hedges: list[Phrase] = Field(default_factory=list)
    continuation: Continuation = Field(default_factory=Continuation)
    records: list[Phrase] = Field(
        default_factory=list, description="Regular expressions for checkable records."
    )
    record_nouns: list[Phrase] = Field(
        default_factory=list,
        description="Words after a source that make it a document: \"World Bank figures\".",
    )
    decisions: list[Decision] = Field(default_factory=list)
    why_not: dict[Slug, str] = Field(
        default_factory=dict, description="Per category: one line for a reader who chose it."
    )
    also_accepted_line: str | None = Field(
        None, description="why_not line for a category the draft also accepts: {rule} {cue}."
    )
    low_confidence: float | None = Field(None, ge=0, le=1)
    own_voice: str | None = Field(None, description="`source` when nobody is quoted.")
    hidden_source: str | None = Field(None, description="`source` behind a hedge.")


class RulesError(Exception):
    """A rules file that cannot be used; `problems` are `file:line:col: message` lines."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(problems[0] + more)


# --- phrase matching ----------------------------------------------------------------------

_GAP = r"(?:\s+\S+){0,6}?\s+"  # "called ... groundless": up to six words between


def _token_pattern(token: str) -> str:
    pattern = "".join("['’]" if c in "'’" else re.escape(c) for c in token)
    # An all-capitals token is an acronym: "UN" must not match "un", "RT" not "rt".
    if any(c.isalpha() for c in token) and token.upper() == token:
        return f"(?-i:{pattern})"
    return pattern


def phrase_pattern(phrase: str) -> str:
    """Regular expression for one rules phrase (without word boundaries): words in order,
    `...` for a short gap."""
    parts = []
    for index, token in enumerate(phrase.split()):
        if token == "...":
            parts.append(_GAP)
            continue
        if index and parts[-1] != _GAP:
            parts.append(r"\s+")
        parts.append(_token_pattern(token))
    return "".join(parts)


def compile_phrases(phrases: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive alternation of whole-word phrases, longest first so the longest
    match wins. The word boundaries sit outside the alternation, which lets the regex engine
    skip quickly over text where no phrase can start (15 times faster on long articles)."""
    unique = sorted(set(phrases), key=lambda p: (-len(p), p))
    if not unique:
        return None
    alternatives = "|".join(phrase_pattern(p) for p in unique)
    return re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])", re.IGNORECASE)


def phrase_key(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).casefold()


@dataclass
class SourceTable:
    """Phrases that name speakers of one kind, and which entry each phrase belongs to."""

    kind: str
    entries: dict[str, SourceEntry] = field(default_factory=dict)

    def add(self, entry: SourceEntry) -> None:
        for phrase in entry.match:
            self.entries.setdefault(phrase_key(phrase), entry)

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        return compile_phrases([p for e in self.entries.values() for p in e.match])

    def entry_for(self, matched: str) -> SourceEntry | None:
        return self.entries.get(phrase_key(matched))


# --- merged, compiled rules -----------------------------------------------------------------


@dataclass
class Rules:
    """All rules files merged, with the place each decision came from, ready to match."""

    data: DraftRules
    origins: dict[str, str] = field(default_factory=dict)  # decision id -> "file:line:col"
    files: list[str] = field(default_factory=list)

    @cached_property
    def outlets(self) -> SourceTable:
        table = SourceTable("outlet")
        for entry in self.data.state_outlets:
            table.add(entry)
        return table

    @cached_property
    def governments(self) -> SourceTable:
        table = SourceTable("government")
        for entry in self.data.government_actors:
            table.add(entry)
        return table

    @cached_property
    def internationals(self) -> SourceTable:
        table = SourceTable("international")
        for entry in self.data.international_bodies:
            table.add(entry)
        return table

    @cached_property
    def denial(self) -> re.Pattern[str] | None:
        return compile_phrases(self.data.verbs.denial)

    @cached_property
    def accusation(self) -> re.Pattern[str] | None:
        return compile_phrases(self.data.verbs.accusation)

    @cached_property
    def speech(self) -> re.Pattern[str] | None:
        return compile_phrases(self.data.verbs.speech)

    @cached_property
    def hedge(self) -> re.Pattern[str] | None:
        return compile_phrases(self.data.hedges)

    @cached_property
    def openers(self) -> re.Pattern[str] | None:
        return compile_phrases(self.data.continuation.openers)

    @cached_property
    def markers(self) -> re.Pattern[str] | None:
        return compile_phrases(self.data.continuation.markers)

    @cached_property
    def introducers(self) -> re.Pattern[str] | None:
        return compile_phrases(self.data.outlet_introducers)

    @cached_property
    def outlet_nouns(self) -> frozenset[str]:
        return frozenset(phrase_key(n) for n in self.data.outlet_nouns)

    @cached_property
    def records(self) -> re.Pattern[str] | None:
        if not self.data.records:
            return None
        return re.compile("|".join(f"(?:{r})" for r in self.data.records), re.IGNORECASE)

    @cached_property
    def record_nouns(self) -> re.Pattern[str] | None:
        return compile_phrases(self.data.record_nouns)

    @property
    def low_confidence(self) -> float:
        return 0.5 if self.data.low_confidence is None else self.data.low_confidence

    def decisions_for(self, signal: str) -> list[Decision]:
        return [d for d in self.data.decisions if d.signal == signal]

    def signal_patterns(self) -> list[tuple[str, re.Pattern[str] | None, bool]]:
        """(name, pattern, only at the start) for the lexicons whose words signal a kind by
        themselves: outlets, verbs, hedges, continuation openers.

        Naming a government or an international body is not enough: it says who, not how.
        """
        return [
            ("state outlet", self.outlets.pattern, False),
            ("denial verb", self.denial, False),
            ("accusation verb", self.accusation, False),
            ("speech verb", self.speech, False),
            ("hedge", self.hedge, False),
            ("continuation opener", self.openers, True),
        ]

    def check_categories(self, category_ids: list[str]) -> None:
        """Raise RulesError when a decision or why_not names a category the taxonomy lacks."""
        known = set(category_ids)
        problems = []
        for decision in self.data.decisions:
            for category in ([decision.answer] if decision.answer else []) + decision.also_accept:
                if category not in known:
                    where = self.origins.get(decision.id, "rules")
                    problems.append(f"{where}: decision {decision.id!r} names unknown category "
                                    f"{category!r} (known: {', '.join(category_ids)})")
        for category in self.data.why_not:
            if category not in known:
                problems.append(f"{self.files[0] if self.files else 'rules'}: why_not names "
                                f"unknown category {category!r}")
        if problems:
            raise RulesError(problems)


def _merge(base: DraftRules, extra: DraftRules) -> DraftRules:
    """Lists add up; a decision with an existing id replaces it in place; scalars override."""
    decisions = list(base.decisions)
    for decision in extra.decisions:
        index = next((i for i, d in enumerate(decisions) if d.id == decision.id), None)
        if index is None:
            decisions.append(decision)
        else:
            decisions[index] = decision
    return DraftRules(
        state_outlets=base.state_outlets + extra.state_outlets,
        outlet_introducers=base.outlet_introducers + extra.outlet_introducers,
        outlet_nouns=base.outlet_nouns + extra.outlet_nouns,
        government_actors=base.government_actors + extra.government_actors,
        international_bodies=base.international_bodies + extra.international_bodies,
        verbs=Verbs(
            denial=base.verbs.denial + extra.verbs.denial,
            accusation=base.verbs.accusation + extra.verbs.accusation,
            speech=base.verbs.speech + extra.verbs.speech,
        ),
        hedges=base.hedges + extra.hedges,
        continuation=Continuation(
            openers=base.continuation.openers + extra.continuation.openers,
            markers=base.continuation.markers + extra.continuation.markers,
            within_words=extra.continuation.within_words or base.continuation.within_words,
        ),
        records=base.records + extra.records,
        record_nouns=base.record_nouns + extra.record_nouns,
        decisions=decisions,
        why_not={**base.why_not, **extra.why_not},
        also_accepted_line=extra.also_accepted_line or base.also_accepted_line,
        low_confidence=(
            base.low_confidence if extra.low_confidence is None else extra.low_confidence
        ),
        own_voice=extra.own_voice or base.own_voice,
        hidden_source=extra.hidden_source or base.hidden_source,
    )


def _where(shown: str, position: Position) -> str:
    return f"{shown}:{position.line}:{position.col}"


def _check_file(document: LocatedDocument, rules: DraftRules, shown: str) -> list[str]:
    """Checks pydantic cannot make: regular expressions compile, templates use known fields."""
    problems = []
    for index, record in enumerate(rules.records):
        try:
            re.compile(record)
        except re.error as error:
            problems.append(f"{_where(shown, document.position(('records', index)))}: "
                            f"records[{index}] is not a valid regular expression: {error}")
    templates = [(("decisions", i, "explain"), d.explain) for i, d in enumerate(rules.decisions)]
    templates += [(("why_not", k), v) for k, v in rules.why_not.items()]
    if rules.also_accepted_line:
        templates.append((("also_accepted_line",), rules.also_accepted_line))
    for path, template in templates:
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        except ValueError as error:
            problems.append(f"{_where(shown, document.position(path))}: template: {error}")
            continue
        unknown = names - TEMPLATE_FIELDS
        if unknown:
            problems.append(
                f"{_where(shown, document.position(path))}: template uses unknown field(s) "
                f"{', '.join(sorted('{' + n + '}' for n in unknown))}; known: "
                f"{', '.join('{' + n + '}' for n in sorted(TEMPLATE_FIELDS))}"
            )
    for path, phrases in _phrase_lists(rules):
        for index, phrase in enumerate(phrases):
            if not phrase.replace("...", "").strip():
                problems.append(f"{_where(shown, document.position(path + (index,)))}: "
                                "a phrase needs at least one word besides '...'")
    return problems


def _phrase_lists(rules: DraftRules) -> list[tuple[tuple, list[str]]]:
    lists = [
        (("verbs", "denial"), rules.verbs.denial),
        (("verbs", "accusation"), rules.verbs.accusation),
        (("verbs", "speech"), rules.verbs.speech),
        (("hedges",), rules.hedges),
        (("continuation", "openers"), rules.continuation.openers),
        (("continuation", "markers"), rules.continuation.markers),
    ]
    for key in ("state_outlets", "government_actors", "international_bodies"):
        for index, entry in enumerate(getattr(rules, key)):
            lists.append(((key, index, "match"), entry.match))
    return lists


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_rules_file(path: Path) -> tuple[DraftRules, dict[str, str]]:
    """One rules file, checked; raises RulesError with `file:line:col` problems."""
    shown = _display(path)
    try:
        document = load_located(read_text(path))
    except YamlLoadError as error:
        raise RulesError([f"{_where(shown, error.position)}: {error.message}"]) from None
    try:
        rules = DraftRules.model_validate(document.data)
    except ValidationError as error:
        problems = []
        for detail in error.errors():
            loc = tuple(detail["loc"])
            field_name = ".".join(str(p) for p in loc) or "rules"
            key = detail["type"] == "extra_forbidden"
            message = (f"unknown key {loc[-1]!r}" if key
                       else f"{field_name}: {detail['msg'][0].lower()}{detail['msg'][1:]}")
            problems.append(f"{_where(shown, document.position(loc, key=key))}: {message}")
        raise RulesError(problems) from None
    problems = _check_file(document, rules, shown)
    if problems:
        raise RulesError(problems)
    origins = {
        d.id: _where(shown, document.position(("decisions", i, "id")))
        for i, d in enumerate(rules.decisions)
    }
    return rules, origins


def bundled_rules_files() -> list[Path]:
    return sorted(BUNDLED_RULES_DIR.glob("*.yaml"))


def user_rules_file(data: Path | None = None) -> Path:
    """The user's own additions, read after the bundled rules when the file exists."""
    return (data or locations.data_dir()) / USER_RULES_NAME


def load_rules(extra: list[Path] | None = None, *, data: Path | None = None,
               use_user_file: bool = True, use_bundled: bool = True) -> Rules:
    """Bundled rules, then the user's file in the data folder, then `extra` files in order."""
    paths = bundled_rules_files() if use_bundled else []
    user_file = user_rules_file(data)
    if use_user_file and user_file.is_file():
        paths.append(user_file)
    paths += list(extra or [])
    merged = DraftRules()
    origins: dict[str, str] = {}
    for path in paths:
        rules, where = read_rules_file(Path(path))
        merged = _merge(merged, rules)
        origins.update(where)
    return Rules(data=merged, origins=origins, files=[_display(Path(p)) for p in paths])

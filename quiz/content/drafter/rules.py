"""The drafter's rules as data: the file format (pydantic), reading files with positions, merging
them, and the calibrated confidences that go with the bundled decisions.

Rules ship as YAML in quiz/content/drafter/data/; a user adds to them with a file in the data
folder or --rules. Compiled, ready-to-match rules are `lexicon.Rules`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import string
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from quiz import __version__, locations
from quiz.content.drafter.lexicon import Rules, RulesError
from quiz.content.drafter.model import Model
from quiz.content.drafter.second import SecondReading, SecondReadingError, read_second_reading
from quiz.content.files import write_text
from quiz.content.yamlsafe import (
    LocatedDocument,
    Position,
    YamlLoadError,
    load_located,
    read_text,
)

# Rules and RulesError are re-exported: callers load rules and catch their errors here.
__all__ = ["Rules", "RulesError", "load_rules", "read_rules_file"]

BUNDLED_RULES_DIR = Path(__file__).resolve().parent / "data"
# Written by `python -m quiz.content.drafter.calibrate`; a subfolder, so it is not a rules file.
CALIBRATION_FILE = BUNDLED_RULES_DIR / "calibration" / "confidence.yaml"
SECOND_READING_FILE = BUNDLED_RULES_DIR / "calibration" / "second_reading.json"
USER_RULES_NAME = "draft-rules.yaml"

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)]
Phrase = Annotated[str, Field(min_length=1, max_length=200)]
# A regular expression: longer than a phrase, for the exceptions a lookahead lists.
Pattern = Annotated[str, Field(min_length=1, max_length=400)]

# The rule classes the drafter computes for a sentence. Which category each one proposes is
# data (a Decision); the code only knows how to detect them.
Signal = Literal[
    "denial_verb",  # "denied", "rejected ... as groundless", "called it baseless"
    "accusation_verb",  # "accused", "alleged", "was concerned"
    "state_outlet",  # a state-controlled outlet speaks: "KCNA reported", "state media said"
    "government_speech",  # a government actor with a neutral speech verb: "the ministry said"
    "international_speech",  # an international body speaks: "a UN spokesperson said"
    "attribution_next",  # the next sentence ends with "..., according to KCNA"
    "continues_previous",  # "It said", "she told", a quotation running on: the speaker before
    "other_speech",  # someone who is no government or outlet speaks: "analysts said"
    "hedge",  # the source is hidden: "is said to be", "reportedly"
    "carried_hedge",  # a hedge after a party's account: "The attackers are believed to have ..."
    "record",  # a checkable record in the outlet's own voice: "since 2006"
    "no_signal",  # nothing the rules recognise
    "refusal",  # not an assertion: "declined to comment", "did not say", "could not be verified"
    "second_reading",  # the second reading (second.py) prefers another kind: no words fire it
    "own_act",  # a government announcing its own checkable act: "summoned the ambassador"
    "finding",  # an international body's or monitor's own record: "had recorded 150 attacks"
    "company_speech",  # a company speaks for itself: "the companies said"
    "denial_content",  # what a party says rejects a claim without a denial verb: "no one was hurt"
    "government_channel",  # a government speaks on its own channel: "on its Telegram channel"
    "accused_rebuttal",  # the side accused earlier answers with a negation: "nothing to answer for"
]
SIGNALS: tuple[str, ...] = Signal.__args__  # type: ignore[attr-defined]

TEMPLATE_FIELDS = frozenset({"rule", "cue", "source", "label"})
# How an outlet is owned (what it is, not a judgement of what it publishes).
Control = Literal["state", "party", "state-funded", "semi-official", "state-body", "public-service"]


class RulesModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceEntry(RulesModel):
    """A speaker the rules recognise, and the phrases that name it."""

    name: str = Field(min_length=1, description="How the draft names it as a source.")
    says: str = Field("", description="A gloss for readers: \"North Korea's state news agency\".")
    match: list[Phrase] = Field(min_length=1, description="Phrases that name it in a text.")
    country: str | None = Field(None, description="The country it belongs to, for readers.")
    control: Control | None = Field(
        None, description="Outlets: who owns or runs it (state, party, state-funded, "
                          "semi-official, state-body: a ministry's or army's own site).")
    medium: str | None = Field(
        None, description="Outlets: agency, broadcaster, newspaper, website; lets 'the agency' "
                          "refer back to it.")


class Verbs(RulesModel):
    """Reporting verbs grouped by what they signal."""

    denial: list[Phrase] = Field(default_factory=list)
    accusation: list[Phrase] = Field(default_factory=list)
    speech: list[Phrase] = Field(default_factory=list, description="Neutral speech verbs.")
    acts: list[Phrase] = Field(
        default_factory=list,
        description="Speech acts reported by someone else: \"vowed\", \"praised\"; a source "
                    "named in the next sentence covers them.")
    outlet: list[Phrase] = Field(
        default_factory=list,
        description="Verbs that report only with an outlet as subject: \"aired\", \"published\".")


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
    """What to propose when a signal fires. The drafter ranks the signals of a sentence (the
    speech frame first); the first one with a decision gives the answer, later ones add theirs
    to also_accept when `also_when_secondary`."""

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
    outlet_ownership: list[Phrase] = Field(
        default_factory=list,
        description="How a paper says who runs an outlet: \"funded ... by the ... government\".")
    government_actors: list[SourceEntry] = Field(default_factory=list)
    international_bodies: list[SourceEntry] = Field(default_factory=list)
    independent_media: list[SourceEntry] = Field(
        default_factory=list, description="News organisations reporting in their own voice.")
    companies: list[Phrase] = Field(
        default_factory=list, description="Words that make a speaker a company: firm, operator.")
    experts: list[Phrase] = Field(
        default_factory=list, description="Speakers outside the dispute: analysts, researchers.")
    civil_society: list[Phrase] = Field(
        default_factory=list, description="Groups that are neither governments nor companies.")
    person_titles: list[Phrase] = Field(
        default_factory=list, description="Titles before a name: Col., Gen., Dr.")
    channels: list[Phrase] = Field(
        default_factory=list,
        description="A body's own channels: \"Telegram channel\", \"media wing\", \"website\".")
    reference_nouns: list[list[Phrase]] = Field(
        default_factory=list,
        description="Groups of nouns that refer back to one entity: [newspaper, paper, daily].")
    parties: list[list[Phrase]] = Field(
        default_factory=list,
        description="Names that stand for one party to a dispute: [Morocco, Moroccan, Rabat].")
    verbs: Verbs = Field(default_factory=Verbs)
    denial_words: list[Phrase] = Field(
        default_factory=list, description="Words that reject a claim: baseless, fabricated.")
    accusation_words: list[Phrase] = Field(
        default_factory=list, description="Words that accuse: provocation, aggression.")
    not_speech: list[Phrase] = Field(
        default_factory=list,
        description="Verb senses that report nothing: \"carried out\", \"denied access\".")
    refusals: list[Phrase] = Field(
        default_factory=list, description="Regular expressions: no assertion is made.")
    denial_content: list[Phrase] = Field(
        default_factory=list,
        description="Regular expressions for what rejects a claim: \"no one had been hurt\".")
    rebuttals: list[Pattern] = Field(
        default_factory=list,
        description="Regular expressions: what the accused side says that rejects the charge "
                    "without a denial verb: \"nothing to answer for\".")
    own_acts: list[Phrase] = Field(
        default_factory=list, description="A government's checkable acts: summoned, lodged.")
    findings: list[Phrase] = Field(
        default_factory=list, description="A monitor's own record: recorded, documented.")
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
    risk_flags: dict[Slug, float] = Field(
        default_factory=dict,
        description="Starting guesses of how much each risk flag lowers confidence; the "
                    "calibration measures them.")
    low_confidence_flags: list[Slug] = Field(
        default_factory=list,
        description="Flags that always make an item low-confidence: all-caps, long-sentence.")
    own_voice: str | None = Field(None, description="`source` when nobody is quoted.")
    hidden_source: str | None = Field(None, description="`source` behind a hedge.")


class ConfidenceModel(RulesModel):
    """The fitted logistic confidence model (confidence.Model)."""

    intercept: float
    decisions: list[Slug] = Field(default_factory=list,
                                  description="The decisions it was fitted on.")
    weights: dict[str, float] = Field(default_factory=dict)


class Calibration(RulesModel):
    """Confidences measured on the evaluation set, for the bundled decisions."""

    measured_on: str = ""
    confidence: dict[Slug, float] = Field(default_factory=dict)
    adjustments: dict[Slug, float] = Field(default_factory=dict)
    low_confidence: float | None = Field(None, ge=0, le=1)
    model: ConfidenceModel | None = None


# --- merging and checking -------------------------------------------------------------------

_REGEX_LISTS = ("records", "refusals", "denial_content", "rebuttals")


def _merge(base: DraftRules, extra: DraftRules) -> DraftRules:
    """Lists add up; a decision with an existing id replaces it in place; mappings merge;
    scalars set in `extra` override."""
    values = {}
    for name in DraftRules.model_fields:
        old, new = getattr(base, name), getattr(extra, name)
        if name == "decisions":
            decisions = list(old)
            for decision in new:
                index = next((i for i, d in enumerate(decisions) if d.id == decision.id), None)
                if index is None:
                    decisions.append(decision)
                else:
                    decisions[index] = decision
            values[name] = decisions
        elif isinstance(old, list):
            values[name] = old + new
        elif isinstance(old, dict):
            values[name] = {**old, **new}
        elif isinstance(old, RulesModel):
            values[name] = type(old)(**{
                key: (getattr(old, key) + getattr(new, key))
                if isinstance(getattr(old, key), list)
                else (getattr(new, key) if getattr(new, key) is not None else getattr(old, key))
                for key in type(old).model_fields})
        else:
            values[name] = old if new is None else new
    return DraftRules(**values)


def _where(shown: str, position: Position) -> str:
    return f"{shown}:{position.line}:{position.col}"


def _check_file(document: LocatedDocument, rules: DraftRules, shown: str) -> list[str]:
    """Checks pydantic cannot make: regular expressions compile, templates use known fields."""
    problems = []
    for key in _REGEX_LISTS:
        for index, pattern in enumerate(getattr(rules, key)):
            try:
                re.compile(pattern)
            except re.error as error:
                problems.append(f"{_where(shown, document.position((key, index)))}: "
                                f"{key}[{index}] is not a valid regular expression: {error}")
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
    lists: list[tuple[tuple, list[str]]] = []
    for group in ("verbs", "continuation"):
        model = getattr(rules, group)
        lists += [((group, key), getattr(model, key)) for key in type(model).model_fields
                  if isinstance(getattr(model, key), list)]
    for key in ("denial_words", "accusation_words", "hedges", "not_speech", "own_acts",
                "findings", "companies", "experts", "civil_society", "channels",
                "outlet_introducers", "outlet_ownership"):
        lists.append(((key,), getattr(rules, key)))
    for key in ("state_outlets", "government_actors", "international_bodies",
                "independent_media"):
        for index, entry in enumerate(getattr(rules, key)):
            lists.append(((key, index, "match"), entry.match))
    return lists


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)


def _validation_problems(error: ValidationError, document: LocatedDocument, shown: str) -> list[str]:
    problems = []
    for detail in error.errors():
        loc = tuple(detail["loc"])
        field_name = ".".join(str(p) for p in loc) or "rules"
        key = detail["type"] == "extra_forbidden"
        message = (f"unknown key {loc[-1]!r}" if key
                   else f"{field_name}: {detail['msg'][0].lower()}{detail['msg'][1:]}")
        problems.append(f"{_where(shown, document.position(loc, key=key))}: {message}")
    return problems


def _read_document(path: Path, shown: str) -> LocatedDocument:
    try:
        return load_located(read_text(path))
    except YamlLoadError as error:
        raise RulesError([f"{_where(shown, error.position)}: {error.message}"]) from None
    except (OSError, ValueError) as error:  # a folder, a NUL in the name, no permission
        reason = getattr(error, "strerror", None) or str(error)
        raise RulesError([f"{shown}: cannot read the rules file: {reason}"]) from None


def _cache_file(data: bytes) -> Path:
    key = hashlib.sha256(__version__.encode() + b"\0" + data).hexdigest()[:32]
    return locations.cache_dir() / "draft-rules" / f"{key}.json"


def _cached(path: Path) -> tuple[DraftRules, dict[str, str]] | None:
    """A rules file checked before, by its content: parsing YAML with positions is most of the
    time a draft of a short article takes, and rules files rarely change."""
    try:
        raw = json.loads(_cache_file(path.read_bytes()).read_text(encoding="utf-8"))
        return DraftRules.model_validate(raw["rules"]), dict(raw["origins"])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no cache, or a damaged one: read the file again


def _remember(path: Path, rules: DraftRules, origins: dict[str, str]) -> None:
    try:
        target = _cache_file(path.read_bytes())
        target.parent.mkdir(parents=True, exist_ok=True)
        write_text(target, json.dumps({"rules": rules.model_dump(mode="json"),
                                       "origins": origins}))
    except (OSError, ValueError):
        pass  # a cache we cannot write only costs time


def read_rules_file(path: Path, *, use_cache: bool = True) -> tuple[DraftRules, dict[str, str]]:
    """One rules file, checked; raises RulesError with `file:line:col` problems. A file seen
    before (same bytes, same quiz version) comes from the cache, already checked."""
    if use_cache and (cached := _cached(Path(path))) is not None:
        rules, origins = cached
        shown = _display(path)
        # The positions were recorded under the name the file was shown by then.
        return rules, {key: ":".join([shown, *where.rsplit(":", 2)[1:]])
                       for key, where in origins.items()}
    shown = _display(path)
    document = _read_document(path, shown)
    try:
        rules = DraftRules.model_validate(document.data)
    except ValidationError as error:
        raise RulesError(_validation_problems(error, document, shown)) from None
    problems = _check_file(document, rules, shown)
    if problems:
        raise RulesError(problems)
    origins = {
        d.id: _where(shown, document.position(("decisions", i, "id")))
        for i, d in enumerate(rules.decisions)
    }
    if use_cache:
        _remember(Path(path), rules, origins)
    return rules, origins


def read_calibration(path: Path = CALIBRATION_FILE) -> Calibration:
    """The measured confidences; none when the file is missing."""
    if not path.is_file():
        return Calibration()
    shown = _display(path)
    document = _read_document(path, shown)
    try:
        return Calibration.model_validate(document.data or {})
    except ValidationError as error:
        raise RulesError(_validation_problems(error, document, shown)) from None


def calibrated(rules: DraftRules, calibration: Calibration) -> DraftRules:
    """The bundled rules with their decisions' confidences replaced by the measured ones."""
    decisions = [d.model_copy(update={"confidence": calibration.confidence[d.id]})
                 if d.id in calibration.confidence else d for d in rules.decisions]
    update: dict = {"decisions": decisions}
    if calibration.low_confidence is not None:
        update["low_confidence"] = calibration.low_confidence
    return rules.model_copy(update=update)


def bundled_rules_files() -> list[Path]:
    return sorted(BUNDLED_RULES_DIR.glob("*.yaml"))


def user_rules_file(data: Path | None = None) -> Path:
    """The user's own additions, read after the bundled rules when the file exists."""
    return (data or locations.data_dir()) / USER_RULES_NAME


def load_rules(extra: list[Path] | None = None, *, data: Path | None = None,
               use_user_file: bool = True, use_bundled: bool = True,
               use_calibration: bool = True, use_second_reading: bool = True) -> Rules:
    """Bundled rules (with their calibrated confidences and the second reading), then the
    user's file in the data folder, then `extra` files in order. `use_second_reading`: false
    for the rules' own reading alone (what their tests pin down); a user's file or an extra
    file turns it off too, as it was fitted on the answers of the bundled rules alone."""
    merged = DraftRules()
    origins: dict[str, str] = {}
    paths: list[Path] = []
    adjustments: dict[str, float] = {}
    model: Model | None = None
    second: SecondReading | None = None
    if use_bundled:
        paths = bundled_rules_files()
        for path in paths:
            rules, where = read_rules_file(path)
            merged = _merge(merged, rules)
            origins.update(where)
        if use_calibration:
            calibration = read_calibration()
            merged = calibrated(merged, calibration)
            adjustments = dict(calibration.adjustments) if calibration.confidence else {}
            if calibration.model is not None:
                model = Model(calibration.model.intercept, dict(calibration.model.weights),
                              frozenset(calibration.model.decisions))
            second = _second_reading() if use_second_reading else None
    later = []
    user_file = user_rules_file(data)
    if use_user_file and user_file.is_file():
        later.append(user_file)
    later += [Path(p) for p in extra or []]
    for path in later:
        rules, where = read_rules_file(path)
        merged = _merge(merged, rules)
        origins.update(where)
    if later:  # fitted on the bundled rules' answers, it would overrule the user's own rules
        second = None
    if second is not None:  # its probabilities are the confidences: its line applies
        merged = merged.model_copy(update={"low_confidence": second.line})
    if not adjustments:
        adjustments = dict(merged.risk_flags)
    return Rules(data=merged, origins=origins, files=[_display(p) for p in paths + later],
                 adjustments=adjustments, model=model, second=second)


@functools.lru_cache(maxsize=1)
def _second_reading() -> SecondReading | None:
    try:
        return read_second_reading(SECOND_READING_FILE)
    except SecondReadingError as error:
        raise RulesError([str(error)]) from None

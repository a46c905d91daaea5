"""The drafter's texts during a review: which of its templates wrote an item's explanation, and
the explanation and why_not lines drafted again after a reviewer changed the answer, the cue,
the also-accepted kinds or the source. A person's own words are never replaced.

The templates and the rules data are the drafter's (quiz.content.drafter); nothing is copied.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quiz.content.drafter.draft import decision_for, redrafted_text
from quiz.content.drafter.rules import Decision, Rules
from quiz.content.review.entry import Categories, Entry


@dataclass(frozen=True)
class Drafting:
    """The drafter's templates for one review's items."""

    rules: Rules
    categories: Categories

    def decision(self, entry: Entry) -> Decision | None:
        rule = entry.rule
        return next((d for d in self.rules.data.decisions if d.id == rule), None)

    def drafted_for(self, fields: dict[str, Any], decision: Decision | None,
                    source: str) -> tuple[str, dict[str, str]]:
        answer, cue = str(fields.get("answer", "")), str(fields.get("cue", "") or "")
        decision = decision or decision_for(answer, self.rules, cue=cue)
        return redrafted_text(
            # An empty cue shows as a gap to fill, not as "" in the text.
            answer, claim=str(fields.get("claim", "")), cue=cue or "…", source=source,
            also_accept=[a for a in fields.get("also_accept") or [] if isinstance(a, str)],
            rules=self.rules, categories=self.categories.models, decision=decision)

    def template_state(self, entry: Entry) -> tuple[Decision | None, str] | None:
        """The decision and source with which the entry's explanation is the drafter's text as
        written (None when a person wrote it)."""
        fields = entry.fields
        source = str(fields.get("source", ""))
        decisions = [self.decision(entry)] if self.decision(entry) else []
        decisions.append(decision_for(str(fields.get("answer", "")), self.rules,
                                      cue=str(fields.get("cue", "") or "")))
        for decision in decisions:
            for variant in (source[:1].lower() + source[1:], source):
                explanation, _ = self.drafted_for(fields, decision, variant)
                if explanation == fields.get("explanation"):
                    return decision, variant
        return None

    def redraft(self, entry: Entry, fields: dict[str, Any], *, everything: bool = False) -> None:
        """Draft the texts again for the new `fields`: all of them after a new answer, else only
        those still as the drafter wrote them (a person's words are never replaced)."""
        state = self.template_state(entry)
        old_source = str(entry.fields.get("source", ""))
        new_source = str(fields.get("source", ""))
        old_decision = state[0] if state else self.decision(entry)
        old_variant = state[1] if state else old_source
        # The drafter fills {source} in lower case ("the ministry"); keep doing so while the
        # source is the one it wrote.
        source = old_variant if new_source == old_source else new_source
        old_explanation, old_lines = self.drafted_for(entry.fields, old_decision, old_variant)
        explanation, lines = self.drafted_for(fields, None if everything else old_decision,
                                              source)
        if everything or fields.get("explanation") == old_explanation:
            fields["explanation"] = explanation
        current = {} if everything else dict(fields.get("why_not") or {})
        for category, line in lines.items():
            if category not in current or current[category] == old_lines.get(category):
                current[category] = line
        current.pop(str(fields.get("answer", "")), None)
        if current or "why_not" in fields:
            fields["why_not"] = current

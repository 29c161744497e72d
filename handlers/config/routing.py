"""How a question's words choose its team: thresholds, negation, near-misspellings of team
names, and rules that settle a question whatever its phrases say.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from handlers.config.vocabulary import ConfigModel


class Negation(ConfigModel):
    """Words that say what follows is absent ("no chest pain"): a phrase after one is not
    counted, unless more than ``window`` words or a stop (a full stop, comma, "but") lie between."""

    words: list[str] = Field(default_factory=list)
    window: int = Field(default=3, ge=0, le=10)
    # Phrases that start like a negation but are not one: "not sure", "no longer".
    except_phrases: list[str] = Field(default_factory=list)


class MisspeltNames(ConfigModel):
    """How near a word must be to a team's name or alias to name the team: one letter wrong
    (missing, extra, changed or two swapped) from ``one_edit_from`` letters, two from
    ``two_edits_from``; shorter words must be spelt right."""

    one_edit_from: int = Field(default=6, ge=3)
    two_edits_from: int = Field(default=10, ge=4)


class RoutingRule(ConfigModel):
    """Context that settles where a question goes, whatever its other phrases say.

    The rule sends a question to ``to`` when one of ``when_any`` matches (and, if given, one of
    ``and_any`` too), or when ``age_under`` is set and the question gives an age below it; not
    when one of ``unless_any`` matches. When the question gives an age of ``age_under`` or more
    and none below, its ``when_any`` words alone do not apply the rule (a mother's baby).
    """

    to: str
    when_any: list[str] = Field(default_factory=list)
    and_any: list[str] = Field(default_factory=list)
    unless_any: list[str] = Field(default_factory=list)
    age_under: int | None = Field(default=None, ge=1, le=130)

    @model_validator(mode="after")
    def _has_condition(self) -> RoutingRule:
        if not self.when_any and self.age_under is None:
            raise ValueError("a rule needs when_any phrases or age_under")
        return self


class Routing(ConfigModel):
    min_score: float = Field(default=1.0, gt=0)
    min_share: float = Field(default=0.6, gt=0, le=1)
    # What a team's name or alias in the question weighs ("refer to gastro?").
    name_weight: float = Field(default=1.0, gt=0)
    # null: team names and aliases must be spelt exactly.
    misspelt_names: MisspeltNames | None = Field(default_factory=MisspeltNames)
    negation: Negation = Field(default_factory=Negation)
    # Tried in order before the phrases are weighed; the first that applies decides.
    rules: list[RoutingRule] = Field(default_factory=list)

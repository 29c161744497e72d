"""How the helpline reports: the trust's name on board papers, its Advice and Guidance codes,
and the red, amber, green thresholds per specialty.
"""

from __future__ import annotations

from pydantic import Field, field_validator, model_validator

from handlers.config.vocabulary import ConfigModel


class Trust(ConfigModel):
    """The organisation the helpline belongs to, as its board papers name it."""

    name: str = "GP Helpline"

    @field_validator("name")
    @classmethod
    def _named(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the trust's name must not be empty")
        return value.strip()


class OutcomeCodes(ConfigModel):
    """The trust's Advice and Guidance code for each outcome a GP records."""

    referral_avoided: str | None = None
    referral_made: str | None = None
    admission_avoided: str | None = None
    advice_only: str | None = None

    @field_validator("referral_avoided", "referral_made", "admission_avoided", "advice_only")
    @classmethod
    def _code(cls, value: str | None) -> str | None:
        if value is None:
            return None
        code = value.strip()
        if not code or len(code) > 40 or "\n" in code:
            raise ValueError(f"{value!r} is not a code; write it on one line, e.g. 'AG01'")
        return code

    def get(self, outcome: str) -> str | None:
        """The code of ``outcome``, if the trust mapped it."""
        value = getattr(self, outcome, None) if outcome in type(self).model_fields else None
        return value if isinstance(value, str) else None


class AdviceAndGuidance(ConfigModel):
    """How the helpline's outcomes read in the trust's Advice and Guidance returns."""

    outcome_codes: OutcomeCodes = Field(default_factory=OutcomeCodes)


class ShareThresholds(ConfigModel):
    """Shares at or above which a specialty is green, or at least amber."""

    green: float = Field(default=0.9, ge=0, le=1)
    amber: float = Field(default=0.8, ge=0, le=1)

    @model_validator(mode="after")
    def _order(self) -> ShareThresholds:
        if self.amber > self.green:
            raise ValueError(f"amber {self.amber} must not be above green {self.green}")
        return self


class BreachThresholds(ConfigModel):
    """Shares of questions breached at or above which a specialty is amber, or red."""

    amber: float = Field(default=0.1, gt=0, le=1)
    red: float = Field(default=0.2, gt=0, le=1)

    @model_validator(mode="after")
    def _order(self) -> BreachThresholds:
        if self.red < self.amber:
            raise ValueError(f"red {self.red} must not be below amber {self.amber}")
        return self


class RatingThresholds(ConfigModel):
    """Median ratings (1-5) at or above which a specialty is green, or at least amber."""

    green: float = Field(default=4.0, ge=1, le=5)
    amber: float = Field(default=3.0, ge=1, le=5)

    @model_validator(mode="after")
    def _order(self) -> RatingThresholds:
        if self.amber > self.green:
            raise ValueError(f"amber {self.amber} must not be above green {self.green}")
        return self


class Rag(ConfigModel):
    """Thresholds of the red, amber, green status per specialty."""

    within_target: ShareThresholds = Field(default_factory=ShareThresholds)
    breaches: BreachThresholds = Field(default_factory=BreachThresholds)
    median_rating: RatingThresholds = Field(default_factory=RatingThresholds)
    min_cases: int = Field(default=5, ge=1)

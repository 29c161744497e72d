"""The helpline configuration: what the trust sets in its YAML file, validated.

Platform identities are maps from a platform name (``slack``, ``teams``, ``console``) to that
platform's id, so one configured person or place can exist on several platforms at once.
"""

from __future__ import annotations

import re
from datetime import time, timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from handlers.engagement.recurrence import check_recurrence

PLATFORMS = ("slack", "teams", "console")
Platform = Literal["slack", "teams", "console"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Urgency = Literal["routine", "urgent"]
URGENCIES: tuple[Urgency, ...] = ("routine", "urgent")
Category = Literal["referral", "discharge", "pathway", "medication", "results", "other"]
CATEGORIES: tuple[Category, ...] = (
    "referral",
    "discharge",
    "pathway",
    "medication",
    "results",
    "other",
)

_WORKING = re.compile(r"^\s*(\d+(?:\.\d+)?)\s+working\s+(day|hour|minute)s?\s*$", re.IGNORECASE)
_OFFSET = re.compile(r"^\s*(\d+)\s*(d|h|m|w)\s*$", re.IGNORECASE)
_SPECIALTY_KEY = re.compile(r"^[a-z][a-z0-9-]*$")
_CLOCK = re.compile(r"^\s*([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?\s*$")
_SLACK_CHANNEL = re.compile(r"^[CG][A-Z0-9]{2,}$")  # public (C) and private (G) channels


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WorkingDuration(_Strict):
    """A span of working time such as ``2 working days``; a day is one configured working day."""

    amount: float
    unit: Literal["day", "hour", "minute"]

    @classmethod
    def parse(cls, text: str) -> WorkingDuration:
        """Parse ``N working days|hours|minutes``."""
        match = _WORKING.match(text)
        if not match:
            raise ValueError(
                f"{text!r} is not a working-time duration; write e.g. '2 working days', "
                "'4 working hours' or '30 working minutes'"
            )
        amount = float(match.group(1))
        if amount <= 0:
            raise ValueError(f"{text!r} must be more than zero")
        return cls.model_validate({"amount": amount, "unit": match.group(2).lower()})

    def seconds(self, working_day_seconds: int) -> int:
        """Length in working seconds, given the length of one working day."""
        if self.unit == "day":
            return round(self.amount * working_day_seconds)
        if self.unit == "hour":
            return round(self.amount * 3600)
        return round(self.amount * 60)

    def __str__(self) -> str:
        amount = int(self.amount) if self.amount == int(self.amount) else self.amount
        return f"{amount} working {self.unit}{'' if amount == 1 else 's'}"


def _working(value: object) -> object:
    # A bare number ("urgent: 4") would otherwise fail as "not a valid dictionary".
    if isinstance(value, str | int | float):
        return WorkingDuration.parse(str(value))
    return value


def _clock(value: object) -> object:
    """Accept a local wall-clock time written as ``HH:MM`` (or ``HH:MM:SS``)."""
    # pydantic alone would read 750 as seconds past midnight in UTC (what YAML 1.1 makes of an
    # unquoted 12:30), and an aware time then breaks comparisons with a TypeError.
    if isinstance(value, time) and value.tzinfo is None:
        return value
    if isinstance(value, str) and (match := _CLOCK.match(value)):
        return time(int(match.group(1)), int(match.group(2)), int(match.group(3) or 0))
    hint = "write it in quotes, e.g. '09:00'" if isinstance(value, int) else "write e.g. '09:00'"
    raise ValueError(f"{value!r} is not a time; {hint}")


def parse_offset(text: str) -> timedelta:
    """Parse a reminder offset such as ``7d``, ``1h``, ``30m`` or ``2w``."""
    match = _OFFSET.match(text)
    if not match:
        raise ValueError(f"{text!r} is not an offset; write e.g. '7d', '1d', '1h' or '30m'")
    n, unit = int(match.group(1)), match.group(2).lower()
    return {
        "w": timedelta(weeks=n),
        "d": timedelta(days=n),
        "h": timedelta(hours=n),
        "m": timedelta(minutes=n),
    }[unit]


class PlatformIds(_Strict):
    """One place or person, by platform."""

    slack: str | None = None
    teams: str | None = None
    console: str | None = None

    def get(self, platform: str) -> str | None:
        """The id on ``platform``, if configured."""
        value = getattr(self, platform, None)
        return value if isinstance(value, str) else None

    def items(self) -> list[tuple[str, str]]:
        """Every (platform, id) pair configured."""
        return [(p, v) for p in PLATFORMS if (v := self.get(p))]


def _slack_channel(value: str) -> str:
    if not _SLACK_CHANNEL.match(value):
        raise ValueError(
            f"{value!r} is not a Slack channel id; Slack ids look like C0123ABCD (in Slack: "
            "the channel's name, then About: the id is at the bottom)"
        )
    return value


SlackChannel = Annotated[str, AfterValidator(_slack_channel)]


class ChannelIds(PlatformIds):
    """One channel, by platform: on Slack its id (``C0123ABCD``), never its ``#name``."""

    slack: SlackChannel | None = None


class PlatformIdLists(_Strict):
    """A group of people, by platform."""

    slack: list[str] = Field(default_factory=list)
    teams: list[str] = Field(default_factory=list)
    console: list[str] = Field(default_factory=list)

    def on(self, platform: str) -> list[str]:
        """The ids on ``platform``."""
        value = getattr(self, platform, [])
        return list(value) if isinstance(value, list) else []

    def contains(self, platform: str, user_id: str) -> bool:
        """Whether (platform, user_id) is one of this group."""
        return user_id in self.on(platform)

    def items(self) -> list[tuple[str, str]]:
        """Every (platform, id) pair in the group."""
        return [(p, v) for p in PLATFORMS for v in self.on(p)]


class ChannelIdLists(PlatformIdLists):
    """Several channels, by platform."""

    slack: list[SlackChannel] = Field(default_factory=list)


def _some_place(name: str, value: PlatformIds) -> PlatformIds:
    if not value.items():
        raise ValueError(f"{name} needs at least one of slack, teams or console")
    return value


class WorkingHours(_Strict):
    days: list[Weekday] = Field(default_factory=lambda: list(WEEKDAYS[:5]))
    start: time = time(9, 0)
    end: time = time(17, 0)
    holidays: Literal["england", "none"] = "england"

    @field_validator("start", "end", mode="before")
    @classmethod
    def _time(cls, value: object) -> object:
        return _clock(value)

    @field_validator("days")
    @classmethod
    def _days(cls, days: list[Weekday]) -> list[Weekday]:
        if not days:
            raise ValueError("at least one working day is needed")
        if len(set(days)) != len(days):
            raise ValueError("a day is listed twice")
        return days

    @model_validator(mode="after")
    def _hours(self) -> WorkingHours:
        if self.end <= self.start:
            raise ValueError(f"end {self.end:%H:%M} must be after start {self.start:%H:%M}")
        return self

    @property
    def day_seconds(self) -> int:
        """Length of one working day in seconds."""
        start = self.start.hour * 3600 + self.start.minute * 60 + self.start.second
        end = self.end.hour * 3600 + self.end.minute * 60 + self.end.second
        return end - start


class Targets(_Strict):
    routine: WorkingDuration | None = None
    urgent: WorkingDuration | None = None

    @field_validator("routine", "urgent", mode="before")
    @classmethod
    def _parse(cls, value: object) -> object:
        return _working(value)


class RotaEntry(_Strict):
    who: PlatformIds
    days: list[Weekday] = Field(default_factory=lambda: list(WEEKDAYS))
    name: str | None = None


class Triage(ChannelIds):
    """The triage channel by platform, its own rota, and who is mentioned when nobody is on it."""

    rota: list[RotaEntry] = Field(default_factory=list)
    # Mentioned when nobody on the rota is on call that day; default: the engagement leads.
    fallback: PlatformIdLists | None = None


class Specialty(_Strict):
    name: str
    keywords: list[str] = Field(default_factory=list)
    synonyms: list[str] = Field(default_factory=list)
    weights: dict[str, float] = Field(default_factory=dict)
    # Other names GPs give the team ("gastro", "endo", "neurologist"): they name it, as its name
    # does, weighing routing.name_weight; near-misspellings of the longer ones count too.
    aliases: list[str] = Field(default_factory=list)
    channel: ChannelIds
    leads: PlatformIdLists = Field(default_factory=PlatformIdLists)
    targets: Targets = Field(default_factory=Targets)
    rota: list[RotaEntry] = Field(default_factory=list)
    # Clinicians of the team who are on no rota: they answer, claim, reroute and resolve too.
    members: PlatformIdLists = Field(default_factory=PlatformIdLists)
    # Mentioned when nobody on the rota is on call that day; default: the leads.
    fallback: PlatformIdLists | None = None
    # Phrases that make a question urgent and send the GP the trust's urgent route at once.
    red_flags: list[str] = Field(default_factory=list)

    @field_validator("red_flags")
    @classmethod
    def _red_flags(cls, phrases: list[str]) -> list[str]:
        seen: set[str] = set()
        for phrase in phrases:
            if not any(c.isalnum() for c in phrase):
                raise ValueError(f"red flag {phrase!r} has no words")
            if " ".join(phrase.lower().split()) in seen:
                raise ValueError(f"red flag {phrase!r} is listed twice")
            seen.add(" ".join(phrase.lower().split()))
        return phrases

    # Field checks, not a check of the whole model: each is reported even when others fail.
    @field_validator("channel")
    @classmethod
    def _has_place(cls, value: ChannelIds) -> ChannelIds:
        _some_place("channel", value)
        return value

    @field_validator("weights")
    @classmethod
    def _positive(cls, value: dict[str, float]) -> dict[str, float]:
        wrong = [phrase for phrase, weight in value.items() if weight <= 0]
        if wrong:
            which = ", ".join(repr(phrase) for phrase in wrong)
            raise ValueError(f"weight of {which} must be positive")
        return value


class Signposts(_Strict):
    """What the GP is told at once: the urgent route for a red flag, and the out-of-hours one."""

    urgent: str = (
        "This helpline is not an emergency service. For an emergency, use the trust's on-call "
        "routes through switchboard, or send the patient to the emergency department."
    )
    out_of_hours: str = (
        "The helpline is closed now and the team will answer when it is back. If the patient "
        "needs help before then, use the usual out-of-hours and on-call routes."
    )

    @field_validator("urgent", "out_of_hours")
    @classmethod
    def _said(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a signpost must say something: write the message the GP sees")
        return value.strip()


class Negation(_Strict):
    """Words that say what follows is absent ("no chest pain"): a phrase after one is not
    counted, unless more than ``window`` words or a stop (a full stop, comma, "but") lie between."""

    words: list[str] = Field(default_factory=list)
    window: int = Field(default=3, ge=0, le=10)
    # Phrases that start like a negation but are not one: "not sure", "no longer".
    except_phrases: list[str] = Field(default_factory=list)


class MisspeltNames(_Strict):
    """How near a word must be to a team's name or alias to name the team: one letter wrong
    (missing, extra, changed or two swapped) from ``one_edit_from`` letters, two from
    ``two_edits_from``; shorter words must be spelt right."""

    one_edit_from: int = Field(default=6, ge=3)
    two_edits_from: int = Field(default=10, ge=4)


class RoutingRule(_Strict):
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


class Routing(_Strict):
    min_score: float = Field(default=1.0, gt=0)
    min_share: float = Field(default=0.6, gt=0, le=1)
    # What a team's name or alias in the question weighs ("refer to gastro?").
    name_weight: float = Field(default=1.0, gt=0)
    # null: team names and aliases must be spelt exactly.
    misspelt_names: MisspeltNames | None = Field(default_factory=MisspeltNames)
    negation: Negation = Field(default_factory=Negation)
    # Tried in order before the phrases are weighed; the first that applies decides.
    rules: list[RoutingRule] = Field(default_factory=list)


class Closing(_Strict):
    quiet_period: WorkingDuration = WorkingDuration(amount=5, unit="day")

    @field_validator("quiet_period", mode="before")
    @classmethod
    def _parse(cls, value: object) -> object:
        return _working(value)


class OutcomeCodes(_Strict):
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


class AdviceAndGuidance(_Strict):
    """How the helpline's outcomes read in the trust's Advice and Guidance returns."""

    outcome_codes: OutcomeCodes = Field(default_factory=OutcomeCodes)


class Retention(_Strict):
    """How long question and answer texts are kept after a case is resolved (figures stay)."""

    texts_after_resolution: str = "180d"

    @field_validator("texts_after_resolution")
    @classmethod
    def _offset(cls, value: str) -> str:
        parse_offset(value)
        return value

    @property
    def texts_kept_for(self) -> timedelta:
        """How long texts stay after resolution."""
        return parse_offset(self.texts_after_resolution)


class Roles(_Strict):
    engagement_leads: PlatformIdLists = Field(default_factory=PlatformIdLists)
    # Off: only a specialty's members, rota and leads (and the engagement leads) speak for its
    # team. On: anyone who can post in the team's channel does, the platform's membership of the
    # channel being the team's list.
    channel_members_speak_for_team: bool = False


class Digest(_Strict):
    schedule: str = "0 9 1 1,4,7,10 *"
    channels: ChannelIdLists = Field(default_factory=ChannelIdLists)
    # The preview goes to the engagement leads this long before publication; while it waits
    # for approval a reminder follows on each working day at reminder_time (local).
    preview_before: WorkingDuration = WorkingDuration(amount=3, unit="day")
    reminder_time: time = time(9, 0)
    # A publication due on a bank holiday or another day that is not a working day goes out at
    # the same local time on the next working day (move), or on the day itself (keep).
    bank_holiday: Literal["move", "keep"] = "move"

    @field_validator("schedule")
    @classmethod
    def _cron(cls, value: str) -> str:
        if len(value.split()) != 5:
            raise ValueError(f"{value!r} is not a five-field cron expression")
        from handlers.engagement.cron import CronSchedule

        CronSchedule.parse(value)
        return value

    @field_validator("preview_before", mode="before")
    @classmethod
    def _preview(cls, value: object) -> object:
        return _working(value)

    @field_validator("reminder_time", mode="before")
    @classmethod
    def _reminder(cls, value: object) -> object:
        return _clock(value)


class Meeting(_Strict):
    name: str
    recurrence: str
    start: time
    duration: str = "60m"
    channel: ChannelIds
    remind_before: list[str] = Field(default_factory=lambda: ["7d", "1d", "1h"])
    # An occurrence on a bank holiday is flagged to the engagement leads a week ahead and kept,
    # skipped, or moved to the next working day.
    bank_holiday: Literal["keep", "skip", "move"] = "keep"
    # A reminder of a day or more that falls on a weekend or bank holiday goes on the next working
    # day at the same time (or when work starts there, if that is before the meeting): move; or
    # on the day itself: keep. Reminders of hours before the start are never moved.
    reminders_on_days_off: Literal["move", "keep"] = "move"
    # Agenda items are taken until this long before the start; the reminder sent at or after
    # the cutoff carries the final agenda.
    agenda_cutoff: str = "1d"
    # Who answers its reminders (attending, apologies), besides every specialty's leads and the
    # engagement leads, who are always invited.
    invitees: PlatformIdLists = Field(default_factory=PlatformIdLists)

    @field_validator("start", mode="before")
    @classmethod
    def _time(cls, value: object) -> object:
        return _clock(value)

    @field_validator("agenda_cutoff")
    @classmethod
    def _cutoff(cls, value: str) -> str:
        parse_offset(value)
        return value

    @field_validator("recurrence")
    @classmethod
    def _rrule(cls, value: str) -> str:
        return check_recurrence(value)

    @field_validator("duration")
    @classmethod
    def _duration(cls, value: str) -> str:
        parse_offset(value)
        return value

    @field_validator("remind_before")
    @classmethod
    def _offsets(cls, values: list[str]) -> list[str]:
        for value in values:
            parse_offset(value)
        return values


class Escalation(_Strict):
    """When the sweep warns about a question nobody has answered yet."""

    amber_share: float = Field(default=0.75, gt=0, lt=1)
    unclaimed_urgent_after: WorkingDuration | None = WorkingDuration(amount=1, unit="hour")

    @field_validator("unclaimed_urgent_after", mode="before")
    @classmethod
    def _parse(cls, value: object) -> object:
        return None if value is None else _working(value)


class ShareThresholds(_Strict):
    """Shares at or above which a specialty is green, or at least amber."""

    green: float = Field(default=0.9, ge=0, le=1)
    amber: float = Field(default=0.8, ge=0, le=1)

    @model_validator(mode="after")
    def _order(self) -> ShareThresholds:
        if self.amber > self.green:
            raise ValueError(f"amber {self.amber} must not be above green {self.green}")
        return self


class BreachThresholds(_Strict):
    """Shares of questions breached at or above which a specialty is amber, or red."""

    amber: float = Field(default=0.1, gt=0, le=1)
    red: float = Field(default=0.2, gt=0, le=1)

    @model_validator(mode="after")
    def _order(self) -> BreachThresholds:
        if self.red < self.amber:
            raise ValueError(f"red {self.red} must not be below amber {self.amber}")
        return self


class RatingThresholds(_Strict):
    """Median ratings (1-5) at or above which a specialty is green, or at least amber."""

    green: float = Field(default=4.0, ge=1, le=5)
    amber: float = Field(default=3.0, ge=1, le=5)

    @model_validator(mode="after")
    def _order(self) -> RatingThresholds:
        if self.amber > self.green:
            raise ValueError(f"amber {self.amber} must not be above green {self.green}")
        return self


class Rag(_Strict):
    """Thresholds of the red, amber, green status per specialty."""

    within_target: ShareThresholds = Field(default_factory=ShareThresholds)
    breaches: BreachThresholds = Field(default_factory=BreachThresholds)
    median_rating: RatingThresholds = Field(default_factory=RatingThresholds)
    min_cases: int = Field(default=5, ge=1)


class Operations(_Strict):
    """What operators are told about: an outbox backlog older than this alerts the leads."""

    backlog_alert_after: str = "15m"

    @field_validator("backlog_alert_after")
    @classmethod
    def _offset(cls, value: str) -> str:
        parse_offset(value)
        return value

    @property
    def backlog_alert_threshold(self) -> timedelta:
        """How old the oldest waiting message may get before the engagement leads are told."""
        return parse_offset(self.backlog_alert_after)


class Trust(_Strict):
    """The organisation the helpline belongs to, as its board papers name it."""

    name: str = "GP Helpline"

    @field_validator("name")
    @classmethod
    def _named(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the trust's name must not be empty")
        return value.strip()


class HelplineConfig(_Strict):
    """The whole helpline configuration."""

    trust: Trust = Field(default_factory=Trust)
    timezone: str = "Europe/London"
    working_hours: WorkingHours = Field(default_factory=WorkingHours)
    helpline: ChannelIds
    triage: Triage
    roles: Roles = Field(default_factory=Roles)
    targets: Targets = Field(
        default_factory=lambda: Targets(
            routine=WorkingDuration(amount=2, unit="day"),
            urgent=WorkingDuration(amount=4, unit="hour"),
        )
    )
    routing: Routing = Field(default_factory=Routing)
    signposts: Signposts = Field(default_factory=Signposts)
    closing: Closing = Field(default_factory=Closing)
    retention: Retention = Field(default_factory=Retention)
    advice_and_guidance: AdviceAndGuidance = Field(default_factory=AdviceAndGuidance)
    specialties: dict[str, Specialty]
    digest: Digest = Field(default_factory=Digest)
    meetings: dict[str, Meeting] = Field(default_factory=dict)
    escalation: Escalation = Field(default_factory=Escalation)
    rag: Rag = Field(default_factory=Rag)
    operations: Operations = Field(default_factory=Operations)

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a known time zone") from None
        return value

    @field_validator("specialties")
    @classmethod
    def _keys(cls, value: dict[str, Specialty]) -> dict[str, Specialty]:
        if not value:
            raise ValueError("at least one specialty is needed")
        for key in value:
            if not _SPECIALTY_KEY.match(key):
                raise ValueError(
                    f"specialty key {key!r} must be lower case letters, digits and hyphens"
                )
        return value

    @model_validator(mode="after")
    def _rule_targets(self) -> HelplineConfig:
        for i, rule in enumerate(self.routing.rules):
            if rule.to not in self.specialties:
                known = ", ".join(sorted(self.specialties))
                raise ValueError(
                    f"routing rule {i + 1} sends questions to {rule.to!r}, which is not a "
                    f"specialty; known: {known}"
                )
        return self

    @field_validator("targets")
    @classmethod
    def _both_targets(cls, value: Targets) -> Targets:
        if value.routine is None or value.urgent is None:
            raise ValueError("targets needs both routine and urgent")
        return value

    @field_validator("helpline", "triage")
    @classmethod
    def _has_place(cls, value: ChannelIds, info: ValidationInfo) -> ChannelIds:
        _some_place(str(info.field_name), value)
        return value

    @property
    def tz(self) -> ZoneInfo:
        """The helpline's local time zone."""
        return ZoneInfo(self.timezone)

    def rota_entries(self) -> list[RotaEntry]:
        """Every rota entry: each specialty's and triage's."""
        return [e for s in self.specialties.values() for e in s.rota] + list(self.triage.rota)

    def specialty_or_raise(self, key: str) -> Specialty:
        """The specialty configured under ``key``."""
        try:
            return self.specialties[key]
        except KeyError:
            raise UnknownSpecialty(key, sorted(self.specialties)) from None

    def target_for(self, specialty: str | None, urgency: str) -> WorkingDuration:
        """The response target for a specialty (or triage, when None) and urgency."""
        if specialty is not None and specialty in self.specialties:
            override = getattr(self.specialties[specialty].targets, urgency, None)
            if isinstance(override, WorkingDuration):
                return override
        default = getattr(self.targets, urgency)
        assert isinstance(default, WorkingDuration)
        return default

    def find_specialty(self, text: str) -> str | None:
        """The specialty key matching ``text`` by key or name, case-insensitively."""
        wanted = text.strip().lower()
        for key, spec in self.specialties.items():
            if wanted in (key, spec.name.lower()):
                return key
        return None

    def specialty_at(self, platform: str, channel: str) -> str | None:
        """The specialty whose channel is (platform, channel), if any."""
        for key, spec in self.specialties.items():
            if spec.channel.get(platform) == channel:
                return key
        return None

    def is_engagement_lead(self, platform: str, user_id: str) -> bool:
        """Whether this person may see every figure."""
        return self.roles.engagement_leads.contains(platform, user_id)

    def led_specialties(self, platform: str, user_id: str) -> list[str]:
        """The specialties this person leads."""
        return [k for k, s in self.specialties.items() if s.leads.contains(platform, user_id)]

    def is_invited(self, meeting_key: str, platform: str, user_id: str) -> bool:
        """Whether this person answers the reminders of meeting ``meeting_key``.

        A configured meeting (the Senior Clinical Leaders) invites its ``invitees``, every
        specialty's leads and the engagement leads; a meeting a lead created invites the channel
        the lead chose for it.
        """
        meeting = self.meetings.get(meeting_key)
        if meeting is None or meeting.invitees.contains(platform, user_id):
            return True
        return self.is_engagement_lead(platform, user_id) or bool(
            self.led_specialties(platform, user_id)
        )

    def clinician_specialties(self, platform: str, user_id: str) -> list[str]:
        """The specialties whose members, rota or leads include this person."""
        found = []
        for key, spec in self.specialties.items():
            on_rota = any(entry.who.get(platform) == user_id for entry in spec.rota)
            listed = spec.leads.contains(platform, user_id) or spec.members.contains(
                platform, user_id
            )
            if on_rota or listed:
                found.append(key)
        return found

    def speaks_for(self, platform: str, user_id: str, specialty: str | None) -> bool:
        """Whether this person may answer and act for ``specialty``'s team (None: triage).

        The engagement leads may on every case; triage is done by its own rota and fallback and by
        the clinicians of any team.
        """
        if self.is_engagement_lead(platform, user_id):
            return True
        if specialty is None and self.on_triage(platform, user_id):
            return True
        mine = self.clinician_specialties(platform, user_id)
        return bool(mine) if specialty is None else specialty in mine

    def on_triage(self, platform: str, user_id: str) -> bool:
        """Whether this person is on the triage rota or its fallback."""
        fallback = self.triage.fallback
        on_rota = any(entry.who.get(platform) == user_id for entry in self.triage.rota)
        return on_rota or (fallback is not None and fallback.contains(platform, user_id))


class UnknownSpecialty(ValueError):
    """A specialty name that the configuration does not have."""

    def __init__(self, key: str, known: list[str]) -> None:
        super().__init__(f"no specialty {key!r}; known: {', '.join(known)}")
        self.key = key
        self.known = known

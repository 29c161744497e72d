"""Who speaks for a case's team, and how they are named to the GP."""

from __future__ import annotations

from handlers.cases import notices
from handlers.config import HelplineConfig
from handlers.messages import Person, Place
from storage.models.cases import Case


def speaks_for_team(config: HelplineConfig, case: Case, person: Person, place: Place) -> bool:
    """Whether ``person``, writing in ``place``, answers and acts as the case's current team.

    The specialty's members, rota and leads and the engagement leads do (clinicians of any team
    for a case in triage); never the case's GP. Where the trust opts in
    (``roles.channel_members_speak_for_team``), so does anyone posting in the team's channel.
    """
    if person == notices.gp_person(case):
        return False
    if config.speaks_for(person.platform, person.user_id, case.specialty):
        return True
    in_channel = (place.platform, place.channel) == (case.team_platform, case.team_channel)
    return in_channel and config.roles.channel_members_speak_for_team


def speaker_team(config: HelplineConfig, case: Case, person: Person) -> str:
    """The team ``person`` is named by when they act on ``case``: their own ("Cardiology").

    A clinician of the case's specialty is its team; a clinician of another team (triaging, or a
    lead) is named by that team; an engagement lead by that role; anyone else admitted by the
    channel rule by the case's team.
    """
    mine = config.clinician_specialties(person.platform, person.user_id)
    if case.specialty is None and config.on_triage(person.platform, person.user_id):
        return "the triage team"
    if case.specialty is not None and case.specialty in mine:
        return config.specialties[case.specialty].name
    if mine:
        return config.specialties[mine[0]].name
    if config.is_engagement_lead(person.platform, person.user_id):
        return "the GP engagement team"
    return notices.team_name(config, case)


def speaker_label(config: HelplineConfig, case: Case, person: Person) -> str:
    """How a team-side message is labelled to the GP: "Cardiology team", "Triage team"."""
    team = speaker_team(config, case, person)
    if team.startswith("the "):
        team = team.removeprefix("the ")
        return team[0].upper() + team[1:]
    return f"{team} team"

"""Fuzzing the real endpoints: hypothesis-made Slack events, interactions and commands (signed as
Slack signs them) and Teams activities, with missing fields, wrong types, huge texts, unusual
Unicode and nested junk. Never a 5xx; and never a partial write: a refused request changes
nothing, and whatever is stored is whole (a case with its history, its team post and its
acknowledgement queued; a relayed message with its relay queued)."""

from __future__ import annotations

import asyncio
import copy
import http.client
import itertools
import json
import shutil
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from aiohttp import web
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import SecretStr
from sqlalchemy import Engine, func, select

from bot.bootstrap import Runtime, build
from bot.platforms import attach_platforms
from bot.server import make_app
from bot.settings import Settings
from storage.db import make_engine
from storage.models.cases import Base, Case, CaseEvent, CaseMessage, MessageRef, OutboxMessage
from tests.e2e.fake_connector import (
    BOT,
    CARDIO,
    GP,
    HELPLINE,
    LEAD,
    PATEL,
    FakeConnector,
    TeamsClient,
    thread_conversation,
)
from tests.e2e.fake_slack import FakeSlack
from tests.e2e.slack_requests import (
    FORM,
    SECRET,
    TEAM,
    TOKEN,
    block_actions,
    envelope,
    message,
    signed_headers,
    view_submission,
)
from tests.e2e.workers import CONFIG
from tests.fakes import FakeClock

pytestmark = pytest.mark.e2e

EXAMPLES = settings(
    max_examples=120,
    deadline=None,
    database=None,  # every run explores afresh; a failure prints its example
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


class ServerThread(threading.Thread):
    """The helpline (Slack and Teams over HTTP) with fake platform APIs, on its own loop."""

    def __init__(self, database: Path) -> None:
        super().__init__(name="fuzz-server", daemon=True)
        self.database = database
        self.port = 0
        self.connector_url = ""
        self.started = threading.Event()
        self.failure: BaseException | None = None
        self.runtime: Runtime | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._halt: asyncio.Event | None = None

    def run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as exc:  # reported to the test, which fails with it
            self.failure = exc
            self.started.set()

    async def _serve(self) -> None:
        self._loop, self._halt = asyncio.get_running_loop(), asyncio.Event()
        slack, connector = FakeSlack(), FakeConnector()
        await slack.start()
        self.connector_url = await connector.start()
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            database_url=f"sqlite:///{self.database}",
            helpline_config=CONFIG,
            slack_bot_token=SecretStr(TOKEN),
            slack_signing_secret=SecretStr(SECRET),
            slack_app_token=None,
            slack_api_url=slack.url,
            teams_auth_disabled=True,
        )
        runtime = self.runtime = build(settings, platforms=("slack", "teams"))
        app = make_app(runtime)
        await attach_platforms(
            runtime, app, ["slack", "teams"], socket_mode=False, host="127.0.0.1"
        )
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.started.set()
        try:
            await self._halt.wait()
        finally:
            await runner.cleanup()
            await connector.close()
            await slack.stop()
            runtime.engine.dispose()

    def deliver(self) -> None:
        """Deliver the outbox now, on the server's loop, and wait until it has."""
        assert self._loop is not None and self.runtime is not None
        runtime = self.runtime

        async def everything() -> None:
            for _ in range(20):
                if not await runtime.deliver():
                    return

        asyncio.run_coroutine_threadsafe(everything(), self._loop).result(timeout=60)

    def stop(self) -> None:
        if self._loop is not None and self._halt is not None:
            self._loop.call_soon_threadsafe(self._halt.set)
        self.join(timeout=30)


@dataclass
class Served:
    """The running server as the tests reach it, and the database it writes."""

    server: ServerThread
    engine: Engine

    @property
    def connector_url(self) -> str:
        return self.server.connector_url

    def deliver(self) -> None:
        """Deliver what the last request queued, so the next one may answer in its thread."""
        self.server.deliver()

    def post(self, path: str, body: bytes, headers: dict[str, str]) -> int:
        """POST ``body``; the HTTP status."""
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        try:
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[Served]:
    database = tmp_path_factory.mktemp("fuzz") / "helpline.sqlite3"
    shutil.copy(sqlite_template, database)
    server = ServerThread(database)
    server.start()
    engine = make_engine(f"sqlite:///{database}")
    try:
        assert server.started.wait(30), "the server did not start"
        if server.failure is not None:
            raise server.failure
        yield Served(server, engine)
    finally:
        server.stop()
        engine.dispose()
    assert server.failure is None, server.failure


# What is stored must be whole.


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            table.name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
            for table in Base.metadata.sorted_tables
        }


def broken_records(engine: Engine) -> list[str]:
    """Every way the stored state is not whole; empty when it is."""
    with engine.connect() as conn:
        cases = conn.execute(select(Case.id, Case.gp_thread)).all()
        steps = Counter(conn.execute(select(CaseEvent.case_id, CaseEvent.kind)).all())
        keys = set(conn.scalars(select(OutboxMessage.key)))
        refs = set(conn.execute(select(MessageRef.case_id, MessageRef.role)).all())
        relayed = conn.scalar(select(func.count()).select_from(CaseMessage))
    problems = []
    for case_id, gp_thread in cases:
        if steps[(case_id, "asked")] != 1:
            problems.append(f"case {case_id}: {steps[(case_id, 'asked')]} 'asked' steps")
        if steps[(case_id, "routed")] + steps[(case_id, "triaged")] != 1:
            problems.append(f"case {case_id}: not routed once")
        for key in (f"case:{case_id}:team_post:0", f"case:{case_id}:ack"):
            if key not in keys:
                problems.append(f"case {case_id}: {key} not queued")
        has_root = (case_id, "gp_root") in refs or f"case:{case_id}:gp_root" in keys
        if not has_root:
            problems.append(f"case {case_id} ({gp_thread}): no GP thread")
    if relayed != sum(1 for key in keys if key.startswith("relay:")):
        problems.append(f"{relayed} relayed messages, but not as many relays queued")
    return problems


# Every Teams activity teaches the bot where its conversation is and who is in it, whatever
# the activity asks: that is bookkeeping, not the request's effect.
BOOKKEEPING = ("teams_conversation_refs", "teams_members")


def check(served: Served, status: int, before: dict[str, int]) -> None:
    """Never a 5xx; a refused request stores nothing; what is stored is whole."""
    assert status < 500, f"answered {status}"
    assert status in (200, 201, 202) or 400 <= status < 500, f"answered {status}"
    if status >= 400:
        after = row_counts(served.engine)
        changed = {t for t in after if after[t] != before[t] and t not in BOOKKEEPING}
        assert not changed, f"{status} but {changed} changed"
    assert broken_records(served.engine) == []


# Payloads: real-shaped ones (as the tests' Slack and Teams builders make them) about a few
# shared messages, so that questions, replies, clicks and edits meet one another; then up to
# three mutations each: a field dropped, or replaced by junk of any JSON type or by odd text.

UNUSUAL = (
    "",
    " \t\n ",
    "\u202eelbisivni\u202c right-to-left",
    "zero\u200bwidth\u200djoin\ufeff",
    "👩🏽\u200d⚕️🫀🩺 emoji and skin tones",
    "e\u0301\u0301\u0301 combining marks",
    "𝕳𝖊𝖆𝖗𝖙 mathematical letters",
    "\U0010fffd private use",
    "line\u2028separator\u2029paragraph",
    "NUL \x00 and DEL \x7f",
    "&amp;&lt;&gt; <@U0LEAD> <#C0CARDIO|cardio> <https://nhs.uk|link> <!here>",
    "日本語のテキスト العربية עברית",
    "\ud83d a broken surrogate pair",
)
QUESTIONS = (
    "Chest pain and palpitations on exertion: refer to clinic?",
    "Asthma getting worse despite the inhaler: spirometry first?",
    "Bronchiolitis in a baby: admit or watch?",
    "Where do I send a query about a discharge letter?",
)
junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
texts = st.one_of(
    st.sampled_from(QUESTIONS),
    st.sampled_from(QUESTIONS),
    st.text(max_size=200),
    st.sampled_from(UNUSUAL),
    st.builds(
        lambda unit, n: unit * n,
        st.sampled_from(["a", "é", "🩺", "<@U0LEAD> ", "&amp;", "\u0301"]),
        st.integers(1000, 12000),
    ),
)
# GPs' messages, and the first posts the fake Web API makes (it numbers them in order).
GP_STAMPS = [f"1794218400.{n:06d}" for n in range(1, 5)]
POSTED = [f"{1794218400 + n}.{n:06d}" for n in range(1, 13)]
stamps = st.sampled_from(GP_STAMPS + POSTED)
gps = st.sampled_from(["U0GPSMITH", "U0GPSMITH", "U0GPSMITH", "U0GPJONES"])
clinicians = st.sampled_from(["U0PATEL", "U0CARDLEAD", "U0LEAD"])
team_channels = st.sampled_from(["C0CARDIO", "C0RESP", "C0TRIAGE"])
references = st.sampled_from(["GPH-000001", "GPH-000002", "GPH-000003", "gph-2", "GPH-99999"])


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value that a mutation can change."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[dict[str, Any]]) -> dict[str, Any]:
    """A real-shaped payload with up to three fields dropped or replaced."""
    payload = copy.deepcopy(draw(base))
    for _ in range(draw(st.integers(0, 3))):
        spots = paths(payload)
        if not spots:
            break
        *parents, last = draw(st.sampled_from(spots))
        holder = payload
        for key in parents:
            holder = holder[key]
        how = draw(st.sampled_from(["drop", "junk", "text"]))
        if how == "drop":
            del holder[last]
        else:
            holder[last] = draw(junk if how == "junk" else texts)
    return payload


@st.composite
def slack_events(draw: st.DrawFn) -> dict[str, Any]:
    ts, text = draw(stamps), draw(texts)
    kind = draw(st.integers(0, 4))
    if kind == 0:  # a GP asks in the helpline channel (or in a DM)
        event = message(draw(gps), "C0HELPLINE", text, ts)
        if draw(st.booleans()):
            event.update(channel="D0GPSMITH", channel_type="im")
    elif kind == 1:  # a reply in a thread: a GP's own, or a team post's
        channel = draw(st.sampled_from(["C0HELPLINE", "C0CARDIO", "C0RESP", "C0TRIAGE"]))
        who = draw(gps if channel == "C0HELPLINE" else clinicians)
        event = message(who, channel, text, draw(stamps), thread_ts=ts)
    elif kind == 2:  # an edit
        edited = message(draw(gps), "C0HELPLINE", text, ts)
        event = message("", "C0HELPLINE", "", draw(stamps), subtype="message_changed")
        event.update(message=edited, previous_message={**edited, "text": "before"})
    elif kind == 3:  # a deletion
        event = message("", "C0HELPLINE", "", draw(stamps), subtype="message_deleted")
        event.update(deleted_ts=ts, previous_message=message(draw(gps), "C0HELPLINE", "x", ts))
    else:  # a mention elsewhere
        event = {
            **message(draw(gps), "C0ELSEWHERE", f"<@U0HELPBOT> {text}", ts),
            "type": "app_mention",
        }
    return envelope(event, event_id=f"Ev{draw(st.integers(1, 10**9))}")


@st.composite
def slack_interactions(draw: st.DrawFn) -> dict[str, Any]:
    at, reference = draw(stamps), draw(references)
    kind = draw(st.integers(0, 3))
    if kind == 0:  # a button on a team post (or a GP's acknowledgement)
        action_id = draw(st.sampled_from(["claim", "resolve", "request_info", "share"]))
        action = {"action_id": action_id, "type": "button", "value": reference, "action_ts": at}
        return block_actions(
            draw(clinicians | gps), draw(team_channels), draw(stamps), action, at=at
        )
    if kind == 1:  # a select: reroute, or the GP's rating and outcome
        action_id, choice = draw(
            st.sampled_from([("reroute", "respiratory"), ("outcome", "advice_only"), ("rate", "4")])
        )
        option = {"text": {"type": "plain_text", "text": "x"}, "value": f"{reference}|{choice}"}
        action = {"action_id": action_id, "selected_option": option, "action_ts": at}
        return block_actions(
            draw(clinicians | gps), draw(team_channels), draw(stamps), action, at=at
        )
    if kind == 2:  # the question form
        values = {
            "question": {"text": {"type": "plain_text_input", "value": draw(texts)}},
            "specialty": {
                "choice": {
                    "selected_option": {"value": draw(st.sampled_from(["cardiology", "nope"]))}
                }
            },
            "practice": {"text": {"value": draw(st.sampled_from(["A81001", "??", ""]))}},
        }
        view_id = f"V{draw(st.integers(1, 10**6))}"
        return view_submission(draw(gps), "ask_question", values, view_id=view_id)
    metadata = json.dumps({"ref": reference, "channel": "C0CARDIO", "thread": draw(stamps)})
    values = {"info": {"text": {"value": draw(texts)}}}
    view_id = f"V{draw(st.integers(1, 10**6))}"
    return view_submission(
        draw(clinicians), "request_info", values, metadata=metadata, view_id=view_id
    )


@st.composite
def slack_commands(draw: st.DrawFn) -> dict[str, Any]:
    words = st.sampled_from(
        ["", "help", "ask", "status", "stats", "digest add", "agenda add", "meetings", "meeting"]
    )
    return {
        "command": "/helpline",
        "text": f"{draw(words)} {draw(texts)}".strip(),
        "user_id": draw(gps | clinicians),
        "channel_id": draw(st.sampled_from(["C0HELPLINE", "D0GPSMITH", "C0CARDIO"])),
        "team_id": TEAM,
        "trigger_id": f"trigger-{draw(st.integers(1, 10**6))}",
    }


def send_slack(served: Served, body: str, content_type: str) -> None:
    before = row_counts(served.engine)
    raw = body.encode("utf-8", "surrogatepass")
    headers = {"Content-Type": content_type, **signed_headers(raw)}
    check(served, served.post("/slack/events", raw, headers), before)
    served.deliver()


@EXAMPLES
@given(body=mutated(slack_events()))
def test_slack_events(served: Served, body: dict[str, Any]) -> None:
    send_slack(served, json.dumps(body), "application/json")


@EXAMPLES
@given(payload=mutated(slack_interactions()))
def test_slack_interactions(served: Served, payload: dict[str, Any]) -> None:
    send_slack(served, urlencode({"payload": json.dumps(payload)}), FORM)


@EXAMPLES
@given(fields=mutated(slack_commands()))
def test_slack_commands(served: Served, fields: dict[str, Any]) -> None:
    form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in fields.items()}
    # A lone surrogate goes as the bytes it would be (invalid UTF-8), as a form can carry.
    send_slack(served, urlencode(form, errors="surrogatepass"), FORM)


_words = itertools.count(1)


@settings(EXAMPLES, max_examples=60)
@given(
    text=st.text(
        alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00<>&@0123456789"),
        max_size=2000,
    )
)
def test_any_words_make_one_whole_case_or_a_note(served: Served, text: str) -> None:
    """Words without identifiers in the helpline channel: a case, or (blank) a private note."""
    n = next(_words)
    event = {"type": "message", "user": "U0GPWORDS", "channel": "C0HELPLINE", "text": text}
    body = {
        "type": "event_callback",
        "team_id": TEAM,
        "event_id": f"EvWords{n:06d}",
        "event": {**event, "ts": f"1794219000.{n:06d}"},
    }
    before = row_counts(served.engine)
    send_slack(served, json.dumps(body), "application/json")
    after = row_counts(served.engine)
    assert after["processed_events"] == before["processed_events"] + 1
    if text.strip():
        assert after["cases"] == before["cases"] + 1
    else:
        assert (after["cases"], after["outbox"]) == (before["cases"], before["outbox"] + 1)


@pytest.mark.parametrize("odd", ["\ud800", "\x00"], ids=["lone-surrogate", "nul"])
def test_text_no_database_can_store_is_refused_whole(served: Served, odd: str) -> None:
    """A lone surrogate or a NUL (JSON can escape both; no platform sends them) is a 4xx."""
    event = {"type": "message", "user": "U0GP", "channel": "C0HELPLINE", "ts": "1794219999.1"}
    body = {"type": "event_callback", "event_id": f"EvOdd{ord(odd)}", "event": event}
    body["event"]["text"] = f"Chest pain {odd} on exertion"
    before = row_counts(served.engine)
    raw = json.dumps(body).encode()
    headers = {"Content-Type": "application/json", **signed_headers(raw)}
    assert served.post("/slack/events", raw, headers) == 400
    activity = {
        "type": "message",
        "id": f"odd{ord(odd)}",
        "text": f"Chest pain {odd} on exertion",
        "from": {"id": "29:1gpSmithA1b2C3"},
        "conversation": {"id": "19:helpline0a1b2c3d@thread.tacv2", "conversationType": "channel"},
        "serviceUrl": served.connector_url,
        "channelId": "msteams",
        "recipient": BOT,
    }
    raw = json.dumps(activity).encode()
    assert served.post("/api/messages", raw, {"Content-Type": "application/json"}) == 400
    assert row_counts(served.engine) == before


# Teams: activities as the Bot Framework connector posts them (authentication is off locally).

TEAMS_ROOTS = [str(1731146300000 + n) for n in range(1, 9)] + [
    str(1731146400000 + n) for n in range(1, 25)
]


@st.composite
def teams_activities(draw: st.DrawFn, service_url: str) -> dict[str, Any]:
    teams = TeamsClient(service_url, FakeClock(datetime.now(UTC)))
    text, root = draw(texts), draw(st.sampled_from(TEAMS_ROOTS))
    gp = draw(st.sampled_from([GP, {**GP, "id": "29:1gpJonesA1b2C3", "name": "Dr Jo Jones"}]))
    kind = draw(st.integers(0, 5))
    if kind == 0:
        activity = teams.channel_message(HELPLINE, gp, text, mention=draw(st.booleans()))
    elif kind == 1:
        channel, who = draw(st.sampled_from([(HELPLINE, gp), (CARDIO, PATEL), (CARDIO, LEAD)]))
        activity = teams.channel_message(channel, who, text, root=root)
    elif kind == 2:
        activity = teams.personal_message(draw(st.sampled_from([gp, LEAD])), text)
    elif kind in (3, 4):
        data = {
            "action_id": draw(st.sampled_from(["claim", "resolve", "reroute", "rate", "ask"])),
            "reference": draw(references),
            "choice": draw(st.sampled_from(["respiratory", "4", ""])),
            "text": text,
        }
        conversation = thread_conversation(CARDIO, root)
        make = teams.submit if kind == 3 else teams.execute
        activity = make(conversation, draw(st.sampled_from([PATEL, gp])), data, root)
    else:
        original = teams.channel_message(HELPLINE, gp, "Chest pain: refer?", root=None)
        original["id"] = root
        edit = draw(st.booleans())
        activity = teams.edit(original, text) if edit else teams.delete(original)
    activity = draw(mutated(st.just(activity)))
    # The connector is always this loopback fake: the bot may call back the URL it is given.
    return {**activity, "serviceUrl": service_url}


@EXAMPLES
@given(data=st.data())
def test_teams_activities(served: Served, data: st.DataObject) -> None:
    activity = data.draw(teams_activities(served.connector_url))
    before = row_counts(served.engine)
    body = json.dumps(activity).encode("utf-8", "surrogatepass")
    status = served.post("/api/messages", body, {"Content-Type": "application/json"})
    if activity.get("type") == "invoke" and activity.get("name") != "adaptiveCard/action":
        # The Bot Framework's answer to an invoke the app does not offer (the Teams client shows
        # it as an error either way): 501 Not Implemented, and nothing done.
        after = row_counts(served.engine)
        assert status in (400, 501)
        assert {t for t in after if after[t] != before[t]} <= set(BOOKKEEPING)
    else:
        check(served, status, before)
    served.deliver()

"""Runs the local console: read a command, act, deliver what the helpline says."""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

from bot.bootstrap import Runtime
from bot.platforms.console.messenger import ConsoleMessenger
from bot.platforms.console.session import ConsoleSession


async def run_console(
    runtime: Runtime, *, stdin: TextIO | None = None, out: TextIO | None = None
) -> None:
    """Serve the console until the user quits or input ends."""
    stdin = stdin or sys.stdin
    out = out or sys.stdout
    messenger = ConsoleMessenger(out, runtime.helpline.config)
    runtime.add_messenger(messenger)
    session = ConsoleSession(runtime.helpline, out)
    session.say(session.introduce())
    loop = asyncio.get_running_loop()
    interactive = stdin.isatty()
    while True:
        if interactive:
            out.write(session.prompt())
            out.flush()
        line = await loop.run_in_executor(None, stdin.readline)
        if not line:
            break
        if not interactive and line.strip():
            out.write(f"{session.prompt()}{line.rstrip()}\n")
        if not session.handle(line):
            break
        await deliver_all(runtime, messenger, session)


async def deliver_all(
    runtime: Runtime, messenger: ConsoleMessenger, session: ConsoleSession
) -> None:
    """Deliver every due message, following the case the user last saw."""
    before = len(messenger.sent)
    while await runtime.deliver():
        pass
    for _, message in messenger.sent[before:]:
        if message.case_reference:
            session.current = message.case_reference
        if tip := session.tip_for(message):
            session.say(tip)

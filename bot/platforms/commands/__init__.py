"""Every chat command the helpline has, on every platform: one table (``table.py``).

Slack (`/helpline NAME ...`), Teams (a chat message that is a command's exact shape) and the
console (`/NAME ...`) each look a command up here, read its arguments with its one parser
(``args.py``), and carry it out with their own handler; each prints its help from here.
"""

from bot.platforms.commands.command import CONSOLE, PLATFORMS, SLACK, TEAMS, Command, Role, may_use
from bot.platforms.commands.table import COMMANDS, find, offered, split

__all__ = [
    "COMMANDS",
    "CONSOLE",
    "PLATFORMS",
    "SLACK",
    "TEAMS",
    "Command",
    "Role",
    "find",
    "may_use",
    "offered",
    "split",
]

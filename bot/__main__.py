"""`python -m bot` is the `helpline` command."""

from bot.cli import main

main()

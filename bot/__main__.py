"""`python -m bot` is the `helpline` command."""

from bot.cli.main import main

main()

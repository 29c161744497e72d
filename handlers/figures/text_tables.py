"""Plain-text tables for terminals and chat code blocks: columns as wide as their widest cell."""

from __future__ import annotations

import io
from collections.abc import Collection, Sequence
from typing import Literal


def text_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], *, left: Collection[int] = (0,)
) -> str:
    """``rows`` under ``headers``; the columns numbered in ``left`` aligned left, others right.

    Every cell is shown whole (never cut, never run into its neighbour), two spaces apart, in
    plain characters that a monospaced chat block shows as a terminal does.
    """
    from rich import box  # imported when a table is drawn: the CLI starts without it
    from rich.console import Console
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1))
    for index, header in enumerate(headers):
        justify: Literal["left", "right"] = "left" if index in left else "right"
        table.add_column(header, justify=justify, no_wrap=True, overflow="fold")
    for row in rows:
        table.add_row(*row)
    out = io.StringIO()
    widest = sum(max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers))
    console = Console(
        file=out,
        width=widest + 3 * len(headers) + 2,
        color_system=None,
        force_terminal=False,
        legacy_windows=False,
        highlight=False,
        emoji=False,
        markup=False,
    )
    console.print(table)
    return "\n".join(line.rstrip() for line in out.getvalue().splitlines() if line.strip())

"""Plain-text tables: every cell whole and set apart, whatever its width."""

from __future__ import annotations

from handlers.figures.text_tables import text_table


def test_long_cells_are_never_cut_or_run_together() -> None:
    text = text_table(
        ["Specialty", "Median", "90th"],
        [
            ["Gastroenterology and Hepatology", "2 h 50 min", "123 h 59 min"],
            ["Eye", "5 min", "-"],
        ],
    )
    header, rule, long, short = text.splitlines()
    assert "Gastroenterology and Hepatology" in long
    assert long.split() == [
        "Gastroenterology",
        "and",
        "Hepatology",
        "2",
        "h",
        "50",
        "min",
        "123",
        "h",
        "59",
        "min",
    ]
    assert "min  " in long and "2 h 50 min123" not in long  # apart from its neighbour
    assert set(rule) == {"─"}
    # Numbers line up on the right, names on the left.
    assert len(header) == len(long) and long.endswith("123 h 59 min") and short.endswith("-")
    assert short.startswith("Eye ")

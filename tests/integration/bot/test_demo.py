"""`helpline demo` tells a fortnight's story through the real core."""

from __future__ import annotations

import io

from bot.demo import run_demo


def test_demo_replays_a_fortnight_and_prints_the_figures() -> None:
    out = io.StringIO()
    run_demo(database_url="sqlite://", out=out)
    text = out.getvalue()
    assert text.count("asks a question") == 14
    assert "only gp-chen sees this" in text and "an NHS number" in text
    assert "5870" not in text.split("gp-chen asks a question", 2)[2]  # the rephrased one
    assert "has moved to *Rheumatology*" not in text  # bold is rendered for the console
    assert "has moved to Rheumatology" in text
    assert "The response clock is paused until you do." in text
    assert "was resolved by the helpline after a quiet period" in text
    assert "Received 13 · answered 12 · resolved 8 · open 5" in text
    assert "Diabetes and Endocrinology" in text.split("Figures for the fortnight")[1]

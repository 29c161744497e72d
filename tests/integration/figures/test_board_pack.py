"""The board pack checked the way a person would: the PDF rendered to pictures and read back as
text (poppler-utils), the HTML page printed and laid out by headless Chromium.

`make system-deps` installs the tools (`make test` runs it first); without them these tests are
skipped with the reason.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from PIL import Image
from sqlalchemy import Engine

from bot.cli.main import main
from handlers.core import Helpline
from tests.fakes import FakeClock
from tests.integration.history import QUESTION, Expected, play_2026
from tests.paths import FIXTURES

TRUST = "Northfield and District Hospitals NHS Foundation Trust"
PAGES = 8  # cover, summary, RAG, trends, time to answer, ratings and outcomes, triage, definitions
TOOLS = ("pdftoppm", "pdftotext", "pdfinfo", "chromium")
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]
pytestmark = pytest.mark.skipif(
    bool(MISSING), reason=f"needs {', '.join(MISSING)}: run `make system-deps`"
)
# Appended to a copy of the HTML page: after layout, the elements wider than their box.
OVERFLOW_CHECK = """<script>
window.addEventListener("load", () => {
  const wide = [...document.querySelectorAll("body *")]
    .filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).display !== "inline")
    .map((e) => e.tagName + ": " + e.textContent.slice(0, 60));
  const out = document.createElement("pre");
  out.id = "overflow";
  out.textContent = JSON.stringify(wide);
  document.body.appendChild(out);
});
</script>"""


def run(*command: str | Path) -> str:
    done = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout


def chromium(*args: str | Path) -> str:
    return run("chromium", "--headless", "--disable-gpu", "--no-sandbox", *args)


def pages_of(pdf: Path) -> int:
    match = re.search(r"^Pages:\s+(\d+)$", run("pdfinfo", pdf), re.MULTILINE)
    assert match, pdf
    return int(match.group(1))


def page_text(pdf: Path, page: int) -> str:
    """One page as text, runs of spaces made one, as a reader sees the words."""
    text = run("pdftotext", "-f", str(page), "-l", str(page), "-layout", pdf, "-")
    return re.sub(r"[ \t]+", " ", text)


@pytest.fixture
def cli(engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    config = tmp_path / "helpline.yaml"
    fixture = (FIXTURES / "helpline.test.yaml").read_text(encoding="utf-8")
    config.write_text(fixture + f"trust: {{name: {TRUST}}}\n", encoding="utf-8")
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("HELPLINE_CONFIG", str(config))
    return CliRunner()


@pytest.fixture
async def pack(
    cli: CliRunner, helpline: Helpline, clock: FakeClock, tmp_path: Path
) -> tuple[Path, dict[str, Any]]:
    """The half-year's report folder and the figures `helpline stats --format json` gives."""
    year: list[Expected] = await play_2026(helpline, clock)
    assert year
    out = tmp_path / "board"
    result = cli.invoke(main, ["report", "--period", "2026-H1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    stats = cli.invoke(main, ["stats", "--period", "2026-H1", "--format", "json"])
    assert stats.exit_code == 0, stats.output
    return out, json.loads(stats.output)


def _share(value: float | None) -> str:
    return "-" if value is None else f"{round(100 * value)}%"


async def test_the_pdf_has_its_pages_a_cover_and_the_figures_of_the_json(
    pack: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    out, data = pack
    pdf = out / "board-pack.pdf"
    assert pages_of(pdf) == PAGES

    run("pdftoppm", "-r", "50", "-png", pdf, tmp_path / "page")
    for picture in (tmp_path / f"page-{n}.png" for n in range(1, PAGES + 1)):
        with Image.open(picture) as image:
            assert image.size == (414, 585)  # A4 portrait at 50 dpi
            inked = sum(image.convert("L").histogram()[:200])
            assert inked > 0.01 * image.size[0] * image.size[1], picture.name  # not blank

    cover = page_text(pdf, 1)
    assert TRUST in " ".join(cover.split())  # a long name may wrap onto two lines
    assert "Questions asked 1 January to 30 June 2026" in cover
    total = data["total"]
    summary = page_text(pdf, 2)
    for line in (
        f"Questions received {total['received']}",
        f"Answered {total['answered']}",
        f"Resolved {total['resolved']}",
        f"Still open {total['open']}",
        f"Answered within target {_share(total['share_within_target'])}",
        f"Breaches {total['breaches']} ({total['answered_late']} answered late, "
        f"{total['open_past_target']} open past target)",
        f"Reroutes {total['reroutes']}",
        f"Ratings {total['ratings']['count']}, mean {total['ratings']['mean']:.1f} of 5",
    ):
        assert line + "\n" in summary, line
    statuses = page_text(pdf, 3)
    words = {"insufficient_data": "INSUFFICIENT DATA"}
    for group in data["by_specialty"]:
        status = group["rag"]["status"]
        assert f"{group['name']} {words.get(status, status.upper())}" in statuses
        assert group["rag"]["reasons"][0][:30] in statuses
    trends = page_text(pdf, 4)
    for month in data["by_month"]:
        name = {"2026-03": "March 2026", "2026-04": "April 2026"}[month["month"]]
        assert (
            f"{name} {month['received']} {month['answered']} "
            f"{_share(month['share_within_target'])}" in trends
        )
    triage = next(g for g in data["by_specialty"] if g["specialty"] is None)
    assert f"Questions that went to triage {triage['received']}\n" in page_text(pdf, 7)
    assert "Working time" in page_text(pdf, 8) and "Time to answer" in page_text(pdf, 8)
    for page in range(2, PAGES + 1):
        assert f"Page {page} of {PAGES}" in page_text(pdf, page)
    assert QUESTION not in run("pdftotext", pdf, "-")


async def test_no_word_of_the_pdf_runs_past_its_margins(
    pack: tuple[Path, dict[str, Any]],
) -> None:
    out, _ = pack
    boxes = run("pdftotext", "-bbox", out / "board-pack.pdf", "-")
    [(width, height)] = set(re.findall(r'<page width="([\d.]+)" height="([\d.]+)"', boxes))
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        boxes,
    )
    assert len(words) > 300
    margin = 0.05 * float(width)  # the text sits inside 9% margins
    for x0, y0, x1, y1, word in words:
        assert margin <= float(x0) and float(x1) <= float(width) - margin, word
        assert float(y0) >= 0 and float(y1) <= float(height), word


async def test_the_html_prints_on_the_same_pages_and_nothing_overflows(
    pack: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    out, data = pack
    html = out / "summary.html"
    printed = tmp_path / "printed.pdf"
    chromium("--no-pdf-header-footer", f"--print-to-pdf={printed}", html.as_uri())
    assert pages_of(printed) == PAGES
    assert f"Questions received {data['total']['received']}\n" in page_text(printed, 2)
    assert "Questions asked 1 January to 30 June 2026" in page_text(printed, 1)
    assert TRUST in " ".join(page_text(printed, 1).split())

    checked = out / "checked.html"
    checked.write_text(
        html.read_text(encoding="utf-8").replace("</body>", OVERFLOW_CHECK + "</body>"),
        encoding="utf-8",
    )
    dom = chromium("--virtual-time-budget=10000", "--dump-dom", checked.as_uri())
    match = re.search(r'<pre id="overflow">(.*?)</pre>', dom, re.DOTALL)
    assert match, "the page never finished loading"
    assert json.loads(match.group(1).replace("&quot;", '"')) == []
    for chart in ("volumes_by_month", "within_target_by_month", "response_times_by_specialty"):
        assert f'src="{chart}.png"' in dom

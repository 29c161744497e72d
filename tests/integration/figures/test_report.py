"""The board's report and the figures commands, read back as a lead would open them."""

from __future__ import annotations

import csv
import getpass
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from matplotlib.image import imread
from openpyxl import load_workbook
from sqlalchemy import Engine

from bot.cli.main import main
from bot.reports import build_report
from bot.reports.workbook import SHEETS
from handlers.core import Helpline
from handlers.figures.periods import parse_period
from handlers.governance.audit import entries
from handlers.messages import Person
from tests.fakes import FakeClock
from tests.integration.history import QUESTION, QUIET, Expected, play_2026
from tests.paths import FIXTURES

LEAD = Person("console", "lead-jones")
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
async def year(helpline: Helpline, clock: FakeClock) -> list[Expected]:
    return await play_2026(helpline, clock)


def _texts(path: Path) -> str:
    book = load_workbook(path)
    return "\n".join(
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    )


async def test_the_report_has_a_workbook_charts_and_a_summary_without_question_text(
    helpline: Helpline, year: list[Expected], tmp_path: Path
) -> None:
    period = parse_period("2026-H1", today=date(2027, 1, 20), tz=helpline.config.tz)
    files = build_report(helpline, LEAD, period=period, out=tmp_path / "board")
    assert files is not None

    book = load_workbook(files.workbook)
    assert book.sheetnames == list(SHEETS)
    cases = list(book["Cases"].iter_rows(values_only=True))
    header, rows = cases[0], cases[1:]
    first_half = [c for c in year if c.month < "2026-07"]
    assert sorted(r[0] for r in rows) == sorted(c.reference for c in first_half)
    record = dict(
        zip(header, next(r for r in rows if r[0] == first_half[3].reference), strict=True)
    )
    # C1: asked Thu 26 Mar 16:00 GMT, answered Mon 30 Mar 10:00 BST, local times in the sheet.
    assert record["Asked"] == datetime(2026, 3, 26, 16, 0)
    assert record["First response"] == datetime(2026, 3, 30, 10, 0)
    assert record["First response (working h)"] == 10.0
    assert record["First response (wall-clock h)"] == 89.0
    assert (record["Specialty"], record["Within target"], record["Rating"]) == (
        "Cardiology",
        "met",
        5,
    )
    specialties = [r[0] for r in book["By specialty"].iter_rows(min_row=2, values_only=True)]
    assert specialties == ["Cardiology", "Dermatology", "Respiratory Medicine", "Triage"]
    months = [r[0] for r in book["By month"].iter_rows(min_row=2, values_only=True)]
    assert months == ["Mar 2026", "Apr 2026"]
    # What a reader of the sheets sees: names that fit, filters, frozen headers, RAG in colour.
    by_specialty = book["By specialty"]
    assert by_specialty.column_dimensions["A"].width >= len("Respiratory Medicine")
    for sheet in ("By specialty", "By month", "Cases"):
        assert book[sheet].auto_filter.ref == book[sheet].dimensions
        assert book[sheet].freeze_panes == "B2"
    rag = by_specialty.cell(2, by_specialty.max_column)
    assert rag.value in ("GREEN", "AMBER", "RED", "INSUFFICIENT DATA")
    assert rag.fill.fill_type == "solid"
    terms = [r[0] for r in book["Definitions"].iter_rows(min_row=2, values_only=True)]
    assert {"Time to answer", "First response", "Working time", "RAG"} <= set(terms)
    everything = _texts(files.workbook)
    assert QUESTION not in everything and QUIET not in everything

    assert len(files.charts) == 4
    for chart in files.charts:
        assert chart.read_bytes()[:8] == PNG
        height, width, _ = imread(chart).shape
        assert height > 200 and width > 400
    html = files.summary.read_text(encoding="utf-8")
    for chart in files.charts:
        assert f'src="{chart.name}"' in html
    assert f'href="{files.workbook.name}"' in html
    assert "<td>Questions received</td><td>9</td>" in html
    assert "Questions asked 1 January to 30 June 2026;" in html  # as the CLI writes a period
    assert "<tr><th>Specialty</th><th>Status</th><th>Why</th></tr>" in html
    assert QUESTION not in html


async def test_every_format_has_the_time_to_answer_and_too_little_data_is_never_green(
    cli: CliRunner, helpline: Helpline, year: list[Expected], tmp_path: Path
) -> None:
    # C3 (Dermatology) was asked back after 4 working hours and answered at 8 (145 h wall).
    c3 = next(c for c in year if c.answer is not None).reference
    data = json.loads(cli.invoke(main, ["stats", "--period", "2026-Q2", "--format", "json"]).output)
    assert data["schema"] == 2
    derm = next(s for s in data["by_specialty"] if s["specialty"] == "dermatology")
    assert (derm["answered"], derm["responded"]) == (1, 1)
    assert derm["answer"]["working_seconds"] == {"median": 8 * 3600, "p90": 8 * 3600}
    assert derm["answer"]["wall_seconds"]["median"] == 145 * 3600
    assert derm["first_response"]["working_seconds"]["median"] == 4 * 3600
    # Two questions, one of them open past its target: too few to judge, the breach named.
    assert derm["rag"] == {
        "status": "insufficient_data",
        "reasons": ["too few questions to judge: 2 asked, 1 answered; 1 breach"],
        "text": "Dermatology: INSUFFICIENT DATA (too few questions to judge: 2 asked, "
        "1 answered; 1 breach)",
    }
    table = cli.invoke(main, ["stats", "--period", "2026-Q2"]).output
    assert "Time to answer (working time): median" in table
    assert "Dermatology: INSUFFICIENT DATA (" in table and "GREEN" not in table
    rows = list(csv.DictReader(io.StringIO(cli.invoke(
        main, ["stats", "--period", "2026-Q2", "--format", "csv"]
    ).output)))  # fmt: skip
    row = next(r for r in rows if r["key"] == "dermatology")
    assert (row["answer_working_seconds_median"], row["rag"]) == ("28800.0", "insufficient_data")
    export = list(
        csv.DictReader(io.StringIO(cli.invoke(main, ["export", "--period", "2026"]).output))
    )
    record = next(r for r in export if r["reference"] == c3)
    assert (record["first_response_working_hours"], record["answer_working_hours"]) == (
        "4.0",
        "8.0",
    )
    assert (record["answered"], record["answer_wall_hours"]) == ("2026-04-08 15:00", "145.0")

    period = parse_period("2026-Q2", today=date(2027, 1, 20), tz=helpline.config.tz)
    files = build_report(helpline, LEAD, period=period, out=tmp_path)
    assert files is not None
    book = load_workbook(files.workbook)
    by_specialty = list(book["By specialty"].iter_rows(values_only=True))
    header = by_specialty[0]
    at = next(i for i, r in enumerate(by_specialty) if r[0] == "Dermatology")
    derm_row = dict(zip(header, by_specialty[at], strict=True))
    assert "Median time to answer (working h)" in header
    assert (derm_row["Median time to answer (working h)"], derm_row["RAG"]) == (
        8.0,
        "INSUFFICIENT DATA",
    )
    rag_cell = book["By specialty"].cell(at + 1, len(header))
    assert rag_cell.fill.start_color.rgb.endswith("6B6B6B")
    html = files.summary.read_text(encoding="utf-8")
    assert "Median time to answer</td><td>4 h 38 min (working time)" in html  # C2 and C3
    assert 'style="background:#6b6b6b">INSUFFICIENT DATA</span>' in html
    # The time-to-answer chart draws Dermatology's box in the insufficient-data grey.
    pixels = imread(next(c for c in files.charts if c.name == "response_times_by_specialty.png"))
    grey = (abs(pixels[..., :3] - 0x6B / 255) < 0.01).all(axis=-1)
    assert grey.sum() > 50


async def test_a_gp_gets_no_report(helpline: Helpline, tmp_path: Path) -> None:
    period = parse_period("2026-H1", today=date(2027, 1, 20), tz=helpline.config.tz)
    assert (
        build_report(helpline, Person("console", "gp-smith"), period=period, out=tmp_path) is None
    )
    assert not (tmp_path / "responsiveness.xlsx").exists()


@pytest.fixture
def cli(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("HELPLINE_CONFIG", str(FIXTURES / "helpline.test.yaml"))
    return CliRunner()


async def test_stats_prints_a_table_json_and_csv(cli: CliRunner, year: list[Expected]) -> None:
    table = cli.invoke(main, ["stats", "--period", "2026"])
    assert table.exit_code == 0, table.output
    assert "Received 10 · answered 8 · resolved 6 · open 4" in table.output

    result = cli.invoke(main, ["stats", "--since", "2026-03-01", "--until", "2026-03-31",
                               "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["period"]["first_day"] == "2026-03-01"
    assert data["period"]["last_day"] == "2026-03-31"
    assert data["total"]["received"] == 6
    # Answered in March: 2 h, 2 h 20, 8 h, 10 h and 27 h of working time.
    assert data["total"]["first_response"]["working_seconds"]["median"] == 8 * 3600
    assert data["total"]["outcomes"]["admission_avoided"] == 1
    assert [s["name"] for s in data["by_specialty"]] == [
        "Cardiology",
        "Respiratory Medicine",
        "Triage",
    ]
    assert [m["month"] for m in data["by_month"]] == ["2026-03"]

    rows = list(csv.DictReader(io.StringIO(cli.invoke(
        main, ["stats", "--period", "2026", "--specialty", "Dermatology", "--format", "csv"]
    ).output)))  # fmt: skip
    assert [(r["group"], r["key"], r["received"]) for r in rows] == [
        ("total", "", "2"),
        ("specialty", "dermatology", "2"),
        ("month", "2026-04", "2"),
    ]
    assert rows[0]["open_past_target"] == "1"


async def test_export_writes_cases_never_their_text(
    cli: CliRunner, year: list[Expected], tmp_path: Path
) -> None:
    result = cli.invoke(main, ["export", "--period", "2026", "--practice", "A81001"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert sorted(r["reference"] for r in rows) == sorted(
        c.reference for c in year if c.practice == "A81001"
    )
    assert QUESTION not in result.output
    late = next(r for r in rows if r["target"] == "breached")
    assert (late["specialty"], late["first_response_working_hours"]) == (
        "Respiratory Medicine",
        "27.0",
    )
    out = tmp_path / "cases.xlsx"
    written = cli.invoke(
        main, ["export", "--period", "2026", "--format", "xlsx", "--out", str(out)]
    )
    assert written.exit_code == 0, written.output
    assert load_workbook(out)["Cases"].max_row == 11  # the header and ten cases


async def test_report_command_writes_the_folder(
    cli: CliRunner, year: list[Expected], tmp_path: Path
) -> None:
    result = cli.invoke(main, ["report", "--period", "2026-H1", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = {Path(line).name for line in result.output.split()}
    assert {"board-pack.pdf", "responsiveness.xlsx", "summary.html"} <= written
    assert len([n for n in written if n.endswith(".png")]) == 4


async def test_figures_from_the_shell_are_audited_as_the_operator(
    cli: CliRunner, helpline: Helpline, clock: FakeClock, tmp_path: Path
) -> None:
    for command in (
        ["stats", "--period", "2026"],
        ["export", "--period", "2026"],
        ["report", "--period", "2026-H1", "--out", str(tmp_path)],
    ):
        assert cli.invoke(main, command).exit_code == 0
    logged = [
        e
        for e in entries(helpline, since=datetime(2000, 1, 1, tzinfo=UTC))
        if e.action in ("viewed_figures", "exported")
    ]
    operator = f"cli:{getpass.getuser()}"
    assert [(e.actor, e.detail["scope"]) for e in logged] == [(operator, "everything")] * 5
    assert "lead-jones" not in {e.actor for e in logged}


def test_a_bad_period_is_explained(cli: CliRunner) -> None:
    result = cli.invoke(main, ["stats", "--period", "2026-Q5"])
    assert result.exit_code == 2
    assert "'2026-Q5' is not a period; write e.g. 2026, 2026-H1" in result.output


NEXT_YEAR = datetime.now(ZoneInfo("Europe/London")).year + 1


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (
            ["stats", "--period", "9999-Q4"],
            "'9999-Q4' is outside the years the figures cover; "
            f"write a year from 2000 to {NEXT_YEAR}",
        ),
        (["stats", "--period", "0000"], "'0000' is outside the years the figures cover"),
        (
            ["stats", "--since", "0001-01-01"],
            "0001-01-01 is outside the dates the figures cover; "
            f"choose dates from 2000-01-01 to {NEXT_YEAR}-12-31",
        ),
        (["export", "--period", "10000"], "'10000' is not a period"),
        (["report", "--period", "1999-H2", "--out", "{tmp}/report"], "'1999-H2' is outside"),
        (
            ["export", "--out", "{tmp}/missing/x.csv"],
            "cannot write {tmp}/missing/x.csv: there is no folder {tmp}/missing",
        ),
        (
            ["export", "--format", "xlsx", "--out", "{tmp}/missing/x.xlsx"],
            "cannot write {tmp}/missing/x.xlsx: there is no folder {tmp}/missing",
        ),
        (
            ["report", "--out", "{tmp}/a-file/report"],
            "cannot write {tmp}/a-file/report: {tmp}/a-file is not a folder",
        ),
    ],
)
def test_a_period_or_a_place_that_cannot_be_used_is_one_line_and_changes_nothing(
    cli: CliRunner, helpline: Helpline, tmp_path: Path, command: list[str], said: str
) -> None:
    (tmp_path / "a-file").write_text("")
    before = sorted(tmp_path.rglob("*"))
    result = cli.invoke(main, [part.format(tmp=tmp_path) for part in command])

    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()  # one line, no traceback
    assert line.startswith("Error: ") and said.format(tmp=tmp_path) in line
    assert result.stdout == ""
    assert sorted(tmp_path.rglob("*")) == before  # no file or folder written
    audited = entries(helpline, since=datetime(2000, 1, 1, tzinfo=UTC))
    assert [e for e in audited if e.action in ("viewed_figures", "exported")] == []


async def test_every_chart_names_its_months_and_trust_and_keeps_its_legend_off_the_plot(
    helpline: Helpline, year: list[Expected]
) -> None:
    from matplotlib.figure import Figure

    from bot.reports import charts, response_chart
    from handlers.figures.stats import export_rows, figures

    period = parse_period("2026-H1", today=date(2027, 1, 20), tz=helpline.config.tz)
    report = figures(helpline, LEAD, since=period.since, until=period.until, label=period.label)
    rows = export_rows(helpline, LEAD, since=period.since, until=period.until)
    assert report is not None and rows is not None
    drawn = {}
    for name, draw in (
        ("volumes", lambda c: charts.draw_volumes(c, helpline, report)),
        ("within", lambda c: charts.draw_within_target(c, helpline, report)),
        ("times", lambda c: response_chart.draw_response_times(c, helpline, report, rows)),
        ("outcomes", lambda c: charts.draw_outcomes(c, helpline, report)),
    ):
        figure = Figure(figsize=(8, 4), layout="constrained")
        draw(figure)
        figure.canvas.draw()  # laid out as saved
        drawn[name] = figure
        words = [t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text"))]
        assert "GP Helpline · questions asked 1 January to 30 June 2026" in words, name
        plot = figure.axes[0].get_window_extent()
        for legend in [*figure.legends, *(a.get_legend() for a in figure.axes)]:
            if legend is not None:
                assert not legend.get_window_extent().overlaps(plot), name
    for name in ("volumes", "within"):
        months = [t.get_text() for t in drawn[name].axes[0].get_xticklabels()]
        assert months == ["Mar 2026", "Apr 2026"], name
    within = drawn["within"].axes[0]
    assert {round(line.get_ydata()[0]) for line in within.get_lines()[:2]} == {90, 80}
    labels = [t.get_text() for t in within.texts]
    assert labels == ["80%", "100%"]  # each month's share written by its point
    times = drawn["times"].axes[0]
    # Cardiology's routine target of 2 days (16 h) and urgent 2 h drawn on its row.
    targets = {round(x, 1) for c in times.collections for x in c.get_segments()[0][:, 0]}
    assert {16.0, 2.0} <= targets

"""`helpline stats`, `helpline export` and `helpline report`: the engagement lead's figures.

The shell is the operator's, so these commands see every figure, and the audit log names the
operator (`cli:<os user>`). Periods are local dates: `--period 2026-Q3`, `2026-H1`, `2026-11`,
`last-30-days`, or `--since 2026-01-01 --until 2026-06-30` (both days included).
"""

from __future__ import annotations

import getpass
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from bot.cli.common import ChoiceOf, InputError, lasting, load_settings

# The figures, the cases, then each file: four charts, the workbook, the PDF and the HTML.
REPORT_STEPS = 9
PERIOD_HELP = "2026, 2026-H1, 2026-Q3, 2026-11 or last-30-days (local dates)."


def _writable_or_raise(path: Path, *, folder: bool) -> None:
    """Refuse before any figure is read (or audited) when ``path`` cannot be written."""
    if path.exists() and path.is_dir() != folder:
        raise InputError(f"cannot write {path}: it is {'a file' if folder else 'a folder'}")
    parent = path if folder else path.parent
    while not parent.exists() and parent != parent.parent:
        if not folder:
            raise InputError(f"cannot write {path}: there is no folder {parent}")
        parent = parent.parent
    if not parent.is_dir():
        raise InputError(f"cannot write {path}: {parent} is not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(f"cannot write {path}: {parent} is not writable")


def _write_failed(path: Path, exc: OSError) -> InputError:
    return InputError(f"cannot write {path}: {exc.strerror or exc}")


def register(main: click.Group) -> None:
    """Add the figures commands to ``main``."""
    main.add_command(stats_command)
    main.add_command(export_command)
    main.add_command(report_command)


def _selection(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options every figures command shares: the period and the filters."""
    options = [
        click.option("--period", help=PERIOD_HELP),
        click.option("--since", help="First local date, YYYY-MM-DD."),
        click.option("--until", help="Last local date, YYYY-MM-DD (included)."),
        click.option("--specialty", help="A specialty key or name, or 'triage'."),
        click.option(
            "--category",
            type=ChoiceOf("handlers.config.vocabulary:CATEGORIES"),
        ),
        click.option("--practice", help="A practice ODS code, e.g. A81001."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


class _Selection:
    """The operator, the period and the filters a command runs with."""

    def __init__(self, **given: str | None) -> None:
        from bot.cli.main import build_or_exit

        self.runtime = build_or_exit(load_settings(), ("console",))
        self.helpline = self.runtime.helpline
        try:
            self._read(given)
        except BaseException:
            self.runtime.engine.dispose()
            raise

    def _read(self, given: dict[str, str | None]) -> None:
        from handlers.figures.access import operator
        from handlers.figures.periods import PeriodError, choose_period

        config = self.helpline.config
        self.operator = operator(getpass.getuser())  # audited as the operator, not a lead
        today = self.helpline.clock.now().astimezone(config.tz).date()
        try:
            self.period = choose_period(
                period=given["period"],
                since=given["since"],
                until=given["until"],
                today=today,
                tz=config.tz,
            )
        except PeriodError as exc:
            raise InputError(str(exc)) from None
        self.specialty = given["specialty"]
        if self.specialty and self.specialty.strip().lower() == "triage":
            self.specialty = "triage"
        elif self.specialty:
            key = config.find_specialty(self.specialty)
            if key is None:
                known = ", ".join(["triage", *config.specialties])
                raise click.BadParameter(f"no specialty {self.specialty!r}; one of: {known}")
            self.specialty = key
        self.category = given["category"]
        self.practice = given["practice"]

    def __enter__(self) -> _Selection:
        return self

    def __exit__(self, *_: object) -> None:
        self.runtime.engine.dispose()  # a command is the whole life of its engine

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for the figures use cases."""
        return {
            "since": self.period.since,
            "until": self.period.until,
            "specialty": self.specialty,
            "category": self.category,
            "practice": self.practice,
        }


@click.command("stats")
@_selection
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="A readable table, JSON (keys in docs/figures.md) or CSV (one row per group).",
)
def stats_command(fmt: str, **given: str | None) -> None:
    """Print the figures for questions asked in a period (default: the last 30 days)."""
    from bot.reports.formats import figures_csv, figures_json
    from handlers.figures import stats

    with _Selection(**given) as chosen:
        helpline = chosen.helpline
        report = stats.figures(
            helpline, chosen.operator, **chosen.filters(), label=chosen.period.label
        )
    assert report is not None  # the operator may see everything
    if fmt == "json":
        click.echo(json.dumps(figures_json(helpline, report), indent=2))
    elif fmt == "csv":
        click.echo(figures_csv(helpline, report), nl=False)
    else:
        click.echo(stats.figures_text(helpline, report))


@click.command("export")
@_selection
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (CSV goes to standard output without it; XLSX needs it).",
)
def export_command(fmt: str, out: Path | None, **given: str | None) -> None:
    """Export one row per case asked in a period: times, durations, outcome; never its text."""
    if out is not None:
        _writable_or_raise(out, folder=False)
    elif fmt == "xlsx":
        raise click.BadParameter("an XLSX export needs --out FILE")
    with lasting() as made:
        from bot.cli.progress import Steps
        from handlers.figures import stats

        with _Selection(**given) as chosen, Steps("export", 3) as steps:
            made()
            helpline = chosen.helpline
            steps.now("cases")
            rows = stats.export_rows(helpline, chosen.operator, **chosen.filters())
            steps.step("cases")
            report = stats.figures(
                helpline, chosen.operator, **chosen.filters(), label=chosen.period.label
            )
            steps.step("figures")
            assert rows is not None and report is not None
            _write_export(fmt, out, helpline, report, rows)
            steps.step(fmt)
    if out is not None:
        click.echo(f"{len(rows)} cases written to {out}", err=True)


def _write_export(fmt: str, out: Path | None, helpline: Any, report: Any, rows: list[Any]) -> None:
    """The cases as CSV (to ``out``, or standard output) or as the XLSX workbook."""
    from bot.reports.formats import cases_csv
    from bot.reports.workbook import write_workbook

    if fmt == "csv":
        text = cases_csv(helpline, rows, as_of=report.as_of)
        if out is None:
            click.echo(text, nl=False)
        else:
            try:
                out.write_text(text, encoding="utf-8")
            except OSError as exc:
                raise _write_failed(out, exc) from None
        return
    assert out is not None  # an XLSX export without --out was refused above
    try:
        write_workbook(helpline, report, rows=rows, path=out)
    except OSError as exc:
        raise _write_failed(out, exc) from None


@click.command("report")
@_selection
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the board pack (PDF and HTML), the workbook and the charts.",
)
def report_command(out: Path, **given: str | None) -> None:
    """Write the board's responsiveness report: the board pack as PDF and HTML, the XLSX workbook
    and the PNG charts."""
    started = time.perf_counter()
    _writable_or_raise(out, folder=True)
    with lasting() as made:
        from bot.cli.progress import Steps
        from bot.reports import charts, write_report  # noqa: F401 (charts: matplotlib, at once)
        from handlers.figures import stats

        with _Selection(**given) as chosen, Steps("report", REPORT_STEPS) as steps:
            made()
            helpline = chosen.helpline
            steps.now("figures")
            report = stats.figures(
                helpline, chosen.operator, **chosen.filters(), label=chosen.period.label
            )
            steps.step("figures")
            rows = stats.export_rows(helpline, chosen.operator, **chosen.filters())
            steps.step("cases")
            assert report is not None and rows is not None
            try:
                files = write_report(
                    helpline, report, rows=rows, out=out, parallel=True, done=steps.step
                )
            except OSError as exc:
                raise _write_failed(out, exc) from None
    for path in files.all:
        click.echo(str(path))
    elapsed = time.perf_counter() - started
    click.echo(f"report for {chosen.period.label}: {len(rows)} cases in {elapsed:.1f} s", err=True)

"""The report as CSV (one table, or every table) and as plain text for the command line."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from decimal import Decimal

from portal.reporting.figures import Mean, Money
from portal.reporting.report import SCOPES, Line, Report, ReportTable
from portal.rules.i18n import N_

CSV_COLUMNS = ("table", "procedure", "row", "label", "period", "value", "base", "percent",
               "previous_period", "previous_value", "previous_base", "previous_percent", "change")


def plain(value) -> str:
    """A value as a spreadsheet reads it: a whole number, an average to one decimal place,
    pounds to two; empty where there is nothing (an average of no answers)."""
    if isinstance(value, Mean):
        return "" if value.value is None else f"{value.value:.1f}"
    if isinstance(value, Money):
        return f"{Decimal(value.pence) / 100:.2f}"
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def signed(change) -> str:
    """A change with its sign: +3, -1.5, 0."""
    text = plain(change)
    return "+" + text if text and not text.startswith("-") and change != 0 else text


def _percent(share: float | None) -> str:
    return "" if share is None else f"{share:.1f}"


def _safe(text: str) -> str:
    """A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _with_share(line: Line, which: str) -> str:
    share = line.share(which)
    text = plain(line.current if which == "current" else line.previous)
    return text if share is None else f"{text} ({share:.0f}%)"


def _label(line: Line, gettext: Callable[[str], str]) -> str:
    return line.label if line.literal else gettext(line.label)


def table_records(report: Report, table: ReportTable, gettext: Callable[[str], str] = str) -> Iterable[dict]:
    for line in table.lines:
        yield {
            "table": table.id, "procedure": table.scope, "row": line.key, "label": _safe(_label(line, gettext)),
            "period": report.period.label, "value": plain(line.current),
            "base": plain(line.current_base), "percent": _percent(line.share("current")),
            "previous_period": report.previous.label, "previous_value": plain(line.previous),
            "previous_base": plain(line.previous_base), "previous_percent": _percent(line.share("previous")),
            "change": signed(line.change),
        }


def to_csv(report: Report, tables: Iterable[ReportTable], gettext: Callable[[str], str] = str) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for table in tables:
        writer.writerows(table_records(report, table, gettext))
    return buffer.getvalue()


def every_table(report: Report, table_id: str | None = None) -> list[ReportTable]:
    """Every table (or one) for both procedures together, then each procedure alone."""
    return [table for scope in SCOPES for table in report.tables(scope)
            if table_id is None or table.id == table_id]


def to_text(report: Report, gettext: Callable[[str], str] = str) -> str:
    """The report as plain text, for a terminal or an email."""
    out = [gettext(N_("Annual report on complaints, compliments and comments")),
           gettext(N_("%(start)s to %(end)s, compared with %(previous)s")) % {
               "start": report.period.start.isoformat(), "end": report.period.end.isoformat(),
               "previous": report.previous.label}, ""]
    for scope, (scope_label, _procedures) in SCOPES.items():
        out += [gettext(scope_label).upper(), ""]
        for table in report.tables(scope):
            out.append(gettext(table.spec.title))
            if table.empty:
                out += ["  " + gettext(N_("None in either period.")), ""]
                continue
            width = max(len(_label(line, gettext)) for line in table.visible_lines)
            header = f"  {'':<{width}}  {report.period.label:>12}  {report.previous.label:>12}  {'+/-':>8}"
            out.append(header)
            for line in table.visible_lines:
                now, before = _with_share(line, "current"), _with_share(line, "previous")
                out.append(f"  {_label(line, gettext):<{width}}  {now:>12}  {before:>12}  {signed(line.change):>8}")
            out.append("")
    return "\n".join(out)

"""How the annual report's numbers are written on its pages: in the reader's language, each
percentage with its base, each chart beside its table."""

from __future__ import annotations

from flask_babel import format_currency, format_decimal, format_percent, gettext
from flask_babel import lazy_gettext as _l

from portal.reporting import charts
from portal.reporting.figures import Mean, Money
from portal.reporting.report import Line, Report, ReportTable, number

#: Each table's base, said whole: "Percentages are of …" (design.md: no sentence fragments).
BASE_SENTENCES = {
    "by-role": _l("Percentages are of the complaints received at stage 1: %(current)s in this period "
                  "and %(previous)s in the previous one."),
    "outcomes-stage-2": _l("Percentages are of the complaints received at stage 2: %(current)s in this "
                           "period and %(previous)s in the previous one."),
    "outcomes-stage-3": _l("Percentages are of the complaints received at stage 3: %(current)s in this "
                           "period and %(previous)s in the previous one."),
    "remedies": _l("Percentages are of the remedies recorded: %(current)s in this period and %(previous)s "
                   "in the previous one."),
    "ombudsman": _l("Percentages are of the complaints referred to the Ombudsman: %(current)s in this "
                    "period and %(previous)s in the previous one."),
}
STAGE_1_TABLES = ("by-channel", "children-and-advocates", "by-service", "by-team", "outcomes-stage-1",
                  "stage-1-response-times")


def base_sentence(table: ReportTable) -> str | None:
    """The sentence saying what a table's percentages are of, when they share one base."""
    if not table.spec.base or not table.has_shares:
        return None
    sentence = BASE_SENTENCES.get("by-role" if table.id in STAGE_1_TABLES else table.id)
    if sentence is None:
        return None
    first = next((line for line in table.lines if line.current_base is not None), None)
    if first is None:
        return None
    return str(sentence) % {"current": value(first.current_base), "previous": value(first.previous_base)}


def label(line: Line) -> str:
    return line.label if line.literal else gettext(line.label)


def value(item) -> str:
    """A count, an average (one decimal place; a dash when nothing was answered) or pounds."""
    if isinstance(item, Money):
        return format_currency(number(item), "GBP")
    if isinstance(item, Mean):
        return "–" if item.value is None else format_decimal(item.value, format="#,##0.0")
    if item is None:
        return "–"
    return format_decimal(item)


def share(line: Line, which: str) -> str:
    fraction = line.share(which)
    return "" if fraction is None else format_percent(fraction / 100, format="#,##0.0%")


def change(line: Line) -> str:
    difference = line.change
    if difference is None:
        return "–"
    if isinstance(line.current, Money):
        text = format_currency(abs(difference), "GBP")
    elif isinstance(line.current, Mean):
        text = format_decimal(abs(difference), format="#,##0.0")
    else:
        text = format_decimal(abs(difference))
    return ("+" if difference > 0 else "−" if difference < 0 else "") + text


def column_heading(report: Report, which: str) -> str:
    period = report.period if which == "current" else report.previous
    if period.financial_year is not None:
        return period.label
    return gettext("This period") if which == "current" else gettext("Previous period")


def chart(report: Report, table: ReportTable, prefix: str):
    """The table's counts as a bar chart, or nothing when it has none to draw."""
    lines = table.chart_lines
    if not table.spec.chart or not lines or table.empty:
        return ""
    now, before = column_heading(report, "current"), column_heading(report, "previous")
    description = " ".join(
        gettext("%(label)s: %(current)s in %(period)s and %(previous)s in %(previous_period)s.",
                label=label(line), current=value(line.current), period=now,
                previous=value(line.previous), previous_period=before)
        for line in lines)
    bars = [charts.Bar(label(line), line.current, line.previous) for line in lines]
    return charts.bar_chart(f"{prefix}-chart", gettext(table.spec.title),
                            gettext("A bar chart of the table above.") + " " + description,
                            (now, before), bars, number=format_decimal)


#: What the templates use to write the report.
HELPERS = {"label": label, "value": value, "share": share, "change": change, "chart": chart,
           "base_sentence": base_sentence, "column_heading": column_heading}

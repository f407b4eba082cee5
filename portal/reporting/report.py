"""The annual report: every table of domain.md 8, for a period and the one before it, for
the statutory and corporate procedures separately and together.

``build_report(session, period)`` runs each figure of ``portal.reporting.figures`` once per
period (both procedures at once, grouped in SQL) and keeps the small tallies; a table for
one procedure, or for both, is read from them without going back to the database.
Labels are message ids (``N_``): the web pages and the exports translate them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal

from portal.reporting import figures
from portal.reporting.calendar import working_days
from portal.reporting.figures import ANY, Mean, Money, Tally
from portal.reporting.periods import Period, span
from portal.rules.i18n import N_
from portal.rules.vocabulary import (
    CHANNELS,
    COMPLAINT_PROCEDURES,
    FINDINGS,
    OMBUDSMAN_OUTCOMES,
    PROCEDURES,
    REMEDIES,
    ROLES,
    SERVICES,
)

#: What a report can show: both complaint procedures together, or one of them.
SCOPES = {
    "all": (N_("Both procedures"), COMPLAINT_PROCEDURES),
    "statutory": (PROCEDURES["statutory"].label, ("statutory",)),
    "corporate": (PROCEDURES["corporate"].label, ("corporate",)),
}

Value = int | Mean | Money


@dataclass(frozen=True)
class TableSpec:
    """One table of the report: where its numbers come from and how they are read."""

    id: str
    section: str
    title: str
    figure: Callable[..., Tally]
    rows: Sequence[tuple[str, str]] | None  # (key, label); None: the rows found in the data
    notes: Sequence[str] = ()
    base: str | None = None  # what the percentages are of, when they share one base
    total: str | None = None  # label of a first line showing the base itself
    row_bases: bool = False  # each row has its own base (said in its label)
    hide_empty_rows: bool = False  # long lists: rows with nothing in either period are left out
    scopes: Sequence[str] = tuple(SCOPES)
    chart: bool = True
    empty_label: str = N_("No team recorded")
    averages: Sequence[str] = ()  # rows that are averages, not counts
    money: Sequence[str] = ()  # rows that are sums of money
    stage_3_rows: Sequence[str] = ()  # rows about stage 3, left out for the corporate procedure

    def zero(self, row: str) -> Value:
        return Mean() if row in self.averages else Money() if row in self.money else 0


def _terms(table) -> list[tuple[str, str]]:
    return [(key, term.label) for key, term in table.items()]


OUTCOME_ROWS = [
    ("upheld", FINDINGS["upheld"].label),
    ("partially-upheld", FINDINGS["partially-upheld"].label),
    ("not-upheld", FINDINGS["not-upheld"].label),
    ("no-finding", FINDINGS["no-finding"].label),
    ("withdrawn", FINDINGS["withdrawn"].label),
    ("not-accepted", N_("Not accepted")),
    ("open", N_("Open at the end of the period")),
]

OUTCOME_NOTE = N_("The outcome of a complaint comes from the findings on its points: upheld if every "
                  "point was upheld, partially upheld if at least one was upheld or partially upheld, "
                  "not upheld if none was.")
AS_AT_NOTE = N_("As at the last day of the period: a complaint not answered by then is shown as open.")
SERVICES_NOTE = N_("A complaint about several services counts against each, so the numbers add up to "
                   "more than the number of complaints.")
WORKING_DAYS_NOTE = N_("Working days leave out weekends, Christmas Day, Boxing Day, Good Friday, bank "
                       "holidays and the council's closure days, and do not count the day the clock starts.")

TIME_LIMIT_ROWS = [
    ("acknowledgement/in-time", N_("Acknowledgement: sent in time")),
    ("acknowledgement/late", N_("Acknowledgement: sent late")),
    ("acknowledgement/open", N_("Acknowledgement: not sent by the end of the period")),
    ("stage1/in-time", N_("Stage 1 response: sent in time")),
    ("stage1/late", N_("Stage 1 response: sent late")),
    ("stage1/open", N_("Stage 1 response: not sent by the end of the period")),
    ("stage2-acknowledgement/in-time", N_("Stage 2 acknowledgement: sent in time")),
    ("stage2-acknowledgement/late", N_("Stage 2 acknowledgement: sent late")),
    ("stage2-acknowledgement/open", N_("Stage 2 acknowledgement: not sent by the end of the period")),
    ("stage2/in-time", N_("Stage 2 response: sent in time")),
    ("stage2/late", N_("Stage 2 response: sent late")),
    ("stage2/open", N_("Stage 2 response: not sent by the end of the period")),
    ("stage3-panel/in-time", N_("Review panel: met in time")),
    ("stage3-panel/late", N_("Review panel: met late")),
    ("stage3-panel/open", N_("Review panel: not met by the end of the period")),
    ("stage3-response/in-time", N_("Council's response to the panel: sent in time")),
    ("stage3-response/late", N_("Council's response to the panel: sent late")),
    ("stage3-response/open", N_("Council's response to the panel: not sent by the end of the period")),
]

STATUTORY_ONLY = ("all", "statutory")

TABLES: tuple[TableSpec, ...] = (
    # Received
    TableSpec("received", N_("Received"), N_("Complaints received at each stage"),
              figures.received_by_stage,
              [("stage-1", N_("Stage 1")), ("stage-2", N_("Stage 2")), ("stage-3", N_("Stage 3"))],
              stage_3_rows=("stage-3",),
              notes=(N_("Stage 1 counts complaints by the day they were received; stages 2 and 3 by the "
                        "day the person asked for them."),)),
    TableSpec("other-feedback", N_("Received"), N_("Compliments, comments and service requests"),
              figures.other_feedback,
              [(kind, PROCEDURES[kind].label) for kind in ("compliment", "comment", "service-request")],
              notes=(N_("These follow no complaint procedure: they are the same whichever procedure is "
                        "shown."),)),
    TableSpec("compliments-by-service", N_("Received"), N_("Compliments by service"),
              figures.compliments_by_service, _terms(SERVICES), hide_empty_rows=True,
              notes=(N_("A compliment about several services counts against each."),)),
    # Who complained and how
    TableSpec("by-role", N_("Who complained, and how"), N_("Who made the complaints"), figures.by_role,
              _terms(ROLES), base=N_("complaints received at stage 1"), hide_empty_rows=True),
    TableSpec("by-channel", N_("Who complained, and how"), N_("How the complaints reached us"),
              figures.by_channel, _terms(CHANNELS), base=N_("complaints received at stage 1")),
    TableSpec("children-and-advocates", N_("Who complained, and how"),
              N_("Children and young people, and advocates"), figures.children_and_advocates,
              [("from-children", N_("Made by a child or young person themselves")),
               ("by-advocates", N_("Made by an advocate or representative for a child")),
               ("with-advocate", N_("With an advocate (made by one, or the person asked for one)"))],
              base=N_("complaints received at stage 1"),
              notes=(N_("Children and young people are those who complained as a child or as a young "
                        "person who has left care."),)),
    # What about
    TableSpec("by-service", N_("What the complaints were about"), N_("Complaints by service"),
              figures.by_service, _terms(SERVICES), base=N_("complaints received at stage 1"),
              hide_empty_rows=True, notes=(SERVICES_NOTE,)),
    TableSpec("by-team", N_("What the complaints were about"), N_("Complaints by team"), figures.by_team,
              None, base=N_("complaints received at stage 1")),
    # Outcomes
    TableSpec("outcomes-stage-1", N_("Outcomes"), N_("Outcomes at stage 1"), figures.outcomes_stage1,
              OUTCOME_ROWS, base=N_("complaints received at stage 1"),
              total=N_("Complaints received at stage 1"), notes=(OUTCOME_NOTE, AS_AT_NOTE)),
    TableSpec("outcomes-stage-2", N_("Outcomes"), N_("Outcomes at stage 2"), figures.outcomes_stage2,
              OUTCOME_ROWS, base=N_("complaints received at stage 2"),
              total=N_("Complaints received at stage 2"), notes=(OUTCOME_NOTE, AS_AT_NOTE)),
    TableSpec("outcomes-stage-3", N_("Outcomes"), N_("Outcomes at stage 3"), figures.outcomes_stage3,
              OUTCOME_ROWS, base=N_("complaints received at stage 3"),
              total=N_("Complaints received at stage 3"), notes=(OUTCOME_NOTE, AS_AT_NOTE),
              scopes=STATUTORY_ONLY),
    TableSpec("upheld-by-service", N_("Outcomes"), N_("Upheld or partially upheld at stage 1, by service"),
              figures.upheld_by_service, _terms(SERVICES), row_bases=True, hide_empty_rows=True,
              notes=(N_("Each percentage is of the complaints about that service received at stage 1."),
                     SERVICES_NOTE)),
    # Timeliness
    TableSpec("stage-1-response-times", N_("Timeliness"), N_("Stage 1: working days to respond"),
              figures.stage1_response_times,
              [("within-10", N_("Within 10 working days")), ("11-to-20", N_("11 to 20 working days")),
               ("over-20", N_("More than 20 working days")),
               ("closed-unanswered", N_("Withdrawn or not accepted before a response")),
               ("open", N_("Open at the end of the period")),
               ("average", N_("Average working days to respond"))],
              base=N_("complaints received at stage 1"),
              notes=(N_("Counted from the day the complaint was received to the day of the stage 1 "
                        "response."), WORKING_DAYS_NOTE, AS_AT_NOTE), averages=("average",)),
    TableSpec("time-limits", N_("Timeliness"), N_("Against the time limits"), figures.time_limits,
              TIME_LIMIT_ROWS, row_bases=True, hide_empty_rows=True,
              stage_3_rows=tuple(key for key, _label in TIME_LIMIT_ROWS if key.startswith("stage3")),
              notes=(N_("Each step's time limit is the council's, as extended and as moved by any "
                        "suspension. Each percentage is of that step's clocks, leaving out complaints "
                        "withdrawn or not accepted before it."),
                     N_("Acknowledgement and stage 1 belong to complaints received in the period; the "
                        "other steps to the stages asked for in it."))),
    TableSpec("average-days", N_("Timeliness"), N_("Average working days to respond, by stage"),
              figures.average_days,
              [("stage-1", N_("Stage 1 (from receipt)")), ("stage-2", N_("Stage 2 (from the request)")),
               ("stage-3", N_("Stage 3 (from the request)"))],
              notes=(WORKING_DAYS_NOTE,), chart=False, averages=("stage-1", "stage-2", "stage-3"),
              stage_3_rows=("stage-3",)),
    # Progression
    TableSpec("progression", N_("Progression"), N_("Complaints that went on to the next stage"),
              figures.progression,
              [("to-stage-2", N_("Stage 1 complaints that went on to stage 2")),
               ("to-stage-3", N_("Stage 2 complaints that went on to stage 3"))],
              row_bases=True, stage_3_rows=("to-stage-3",),
              notes=(N_("Of the complaints received at stage 1 in the period, those that asked for stage 2 "
                        "by its end; of the stage 2 complaints asked for in the period, those that asked "
                        "for stage 3."),)),
    # Putting things right
    TableSpec("remedies", N_("Putting things right, and learning"), N_("Remedies"), figures.remedies,
              [*_terms(REMEDIES), ("done", N_("Remedies done by the end of the period")),
               ("complaints-with-remedy", N_("Complaints with at least one remedy"))],
              base=N_("remedies recorded"), total=N_("Remedies recorded"),
              notes=(N_("Remedies recorded on the complaints received in the period. The last row is a "
                        "percentage of the complaints received at stage 1."),)),
    TableSpec("learning", N_("Putting things right, and learning"), N_("Learning from complaints"),
              figures.learning,
              [("actions", N_("Learning actions recorded")),
               ("done", N_("Learning actions done by the end of the period")),
               ("upheld-with-learning", N_("Upheld or partially upheld complaints with learning recorded"))],
              row_bases=True, chart=False,
              notes=(N_("On the complaints received in the period."),)),
    # The Ombudsman
    TableSpec("ombudsman", N_("The Ombudsman"), N_("Complaints referred to the Ombudsman"), figures.ombudsman,
              [*_terms(OMBUDSMAN_OUTCOMES), ("awaiting", N_("Awaiting the Ombudsman's decision"))],
              base=N_("complaints referred"), total=N_("Complaints referred to the Ombudsman"),
              notes=(N_("Referred in the period, with the decision as at its end."),)),
    # Costs
    TableSpec("costs", N_("Costs"), N_("Costs of stage 2 and stage 3"), figures.costs,
              [("stage-2-concluded", N_("Stage 2 investigations concluded")),
               ("stage-2-cost", N_("Cost of stage 2 investigations")),
               ("stage-3-concluded", N_("Review panels concluded")),
               ("stage-3-cost", N_("Cost of review panels")),
               ("financial-remedies", N_("Financial remedies paid"))],
              chart=False, money=("stage-2-cost", "stage-3-cost", "financial-remedies"),
              stage_3_rows=("stage-3-concluded", "stage-3-cost"),
              notes=(N_("Where recorded: stages concluded, and remedies paid, in the period."),)),
)

SPECS = {spec.id: spec for spec in TABLES}
SECTIONS = list(dict.fromkeys(spec.section for spec in TABLES))


@dataclass(frozen=True)
class Line:
    """One row of a table: this period and the previous one, each with its base if any."""

    key: str
    label: str
    current: Value
    previous: Value
    current_base: int | None = None
    previous_base: int | None = None
    literal: bool = False  # the label is data (a team's name), not a message to translate
    is_total: bool = False

    @property
    def change(self) -> int | float | Decimal | None:
        now, before = number(self.current), number(self.previous)
        if now is None or before is None:
            return None
        return now - before

    def share(self, which: str) -> float | None:
        """This period's (``current``) or the previous one's (``previous``) percentage."""
        value, base = ((self.current, self.current_base) if which == "current"
                       else (self.previous, self.previous_base))
        if self.is_total or not isinstance(value, int) or not base:
            return None
        return 100 * value / base

    @property
    def empty(self) -> bool:
        return not number(self.current) and not number(self.previous)


def number(value: Value) -> int | float | Decimal | None:
    """The plain number a value stands for: a count, an average (None if there was nothing
    to average), or pounds."""
    if isinstance(value, Mean):
        return value.value
    if isinstance(value, Money):
        return Decimal(value.pence) / 100
    return value


@dataclass(frozen=True)
class ReportTable:
    spec: TableSpec
    scope: str
    lines: list[Line]

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def visible_lines(self) -> list[Line]:
        if not self.spec.hide_empty_rows:
            return self.lines
        return [line for line in self.lines if line.is_total or not line.empty]

    @property
    def empty(self) -> bool:
        return all(line.empty for line in self.lines)

    @property
    def has_shares(self) -> bool:
        return any(line.share("current") is not None or line.share("previous") is not None
                   for line in self.lines)

    @property
    def chart_lines(self) -> list[Line]:
        """The lines a chart shows: counts other than nought in both periods; not totals,
        averages or money."""
        return [line for line in self.visible_lines if not line.is_total and not line.empty
                and isinstance(line.current, int) and isinstance(line.previous, int)]


@dataclass
class Report:
    period: Period
    previous: Period
    tallies: dict[str, tuple[Tally, Tally]]
    produced_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    def tables(self, scope: str = "all") -> list[ReportTable]:
        return [self.table(spec.id, scope) for spec in TABLES if scope in spec.scopes]

    def table(self, table_id: str, scope: str = "all") -> ReportTable:
        spec = SPECS[table_id]
        procedures = SCOPES[scope][1]
        current, previous = self.tallies[table_id]
        lines = []
        if spec.total:
            lines.append(Line("base", spec.total, _value(spec, current, "base", procedures),
                              _value(spec, previous, "base", procedures), is_total=True))
        for key, label, literal in _rows(spec, current, previous):
            if scope == "corporate" and key in spec.stage_3_rows:
                continue
            lines.append(Line(
                key, label, _value(spec, current, key, procedures), _value(spec, previous, key, procedures),
                current_base=_base(spec, current, key, procedures),
                previous_base=_base(spec, previous, key, procedures),
                literal=literal,
            ))
        return ReportTable(spec, scope, lines)

    def value(self, table_id: str, row: str, scope: str = "all", which: str = "current") -> Value:
        current, previous = self.tallies[table_id]
        return _value(SPECS[table_id], current if which == "current" else previous, row, SCOPES[scope][1])

    @property
    def as_at(self) -> date:
        return self.period.end


def _rows(spec: TableSpec, current: Tally, previous: Tally):
    if spec.rows is not None:
        return [(key, label, False) for key, label in spec.rows]
    found = sorted({row for tally in (current, previous) for row, _p in tally
                    if row != "base" and not row.startswith("base:")}, key=lambda r: (r == "", r.lower()))
    return [(row, row or spec.empty_label, bool(row)) for row in found]


def _value(spec: TableSpec, tally: Tally, row: str, procedures: Sequence[str]) -> Value:
    """A row's value for the procedures shown, added together (averages by total and count)."""
    total = spec.zero(row)
    for procedure in (*procedures, ANY):
        if (row, procedure) in tally:
            total = total + tally[(row, procedure)]
    return total


def _base(spec: TableSpec, tally: Tally, row: str, procedures: Sequence[str]) -> int | None:
    """The number a row's percentage is of: its own base if it has one, else the table's."""
    own = f"base:{row}"
    if spec.row_bases or any((own, p) in tally for p in (*procedures, ANY)):
        return _value(spec, tally, own, procedures)
    return _value(spec, tally, "base", procedures) if spec.base else None


def build_report(session, period: Period, *, compare_with: Period | None = None) -> Report:
    """Every table of the annual report for ``period``, beside ``compare_with`` (by default
    ``period.previous()``): two SQL aggregations or so per table and period, none per case."""
    previous = compare_with or period.previous()
    tallies = {}
    with working_days(session, span(period, previous)):
        for spec in TABLES:
            tallies[spec.id] = (spec.figure(session, period), spec.figure(session, previous))
    return Report(period, previous, tallies)

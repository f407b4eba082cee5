"""Past years from a CSV file, so a council can report on the years before the portal.

Each row is one piece of feedback, in domain.md 4.1's vocabulary, with the dates the annual
report needs. Every row is checked first and every problem collected ("row 12, column
received_on: ..."); only a file with none is written, all of it in one transaction, so a
file is imported whole or not at all. The records written are the ones the portal writes
for a live case (the case, its stages, its deadlines with the day each was met, a point
with the finding at each stage answered, remedies, learning, the Ombudsman's decision), so
the report reads imported and live cases the same way. Imported cases send no messages;
each gets an audit event ``imported`` with its row and the council's own reference.

Row numbers are those a spreadsheet shows: the row of column names is row 1.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from portal import rules
from portal.casework import new_reference
from portal.database import writing
from portal.models import (
    AuditEvent,
    Case,
    CaseService,
    Contact,
    Deadline,
    Decision,
    Extension,
    Learning,
    Point,
    Remedy,
    Stage,
)
from portal.rules.i18n import N_
from portal.rules.vocabulary import (
    ABOUT,
    CHANNELS,
    COMPLAINT_PROCEDURES,
    FINDINGS,
    KINDS,
    OMBUDSMAN_OUTCOMES,
    REMEDIES,
    ROLES,
    SERVICES,
)

#: Written on imported records where the portal would hold what a person typed.
IMPORTED_TEXT = "Imported from the council's records of complaints before the portal."
EXTENSION_REASON = "Extended (recorded before the portal; the reason was not imported)."
POINT_SUMMARY = "The complaint at this stage (imported: one finding for the whole stage)."


@dataclass(frozen=True)
class Column:
    """A column of the import: its name in the first row, what it holds, and whether it
    must be there."""

    name: str
    kind: str  # text | date | choice | choices | yes-no | money
    description: str
    required: bool = False  # the column must be in the file, and filled in on every row
    vocabulary: Mapping | None = None
    max_length: int = 200


COLUMNS: tuple[Column, ...] = (
    Column("reference", "text", N_("The council's own reference (optional; kept in the audit trail). "
                                   "The portal gives each case a new reference."), max_length=100),
    Column("kind", "choice", N_("What it is."), required=True, vocabulary=KINDS),
    Column("procedure", "choice", N_("For a complaint, which procedure it followed; empty otherwise."),
           vocabulary={p: None for p in COMPLAINT_PROCEDURES}),
    Column("received_on", "date", N_("The day the council received it."), required=True),
    Column("channel", "choice", N_("How it reached the council."), required=True, vocabulary=CHANNELS),
    Column("complainant_role", "choice", N_("Who made it (needed for a complaint; otherwise “other” if "
                                            "empty)."), vocabulary=ROLES),
    Column("service", "choice", N_("The service it is about."), required=True, vocabulary=SERVICES),
    Column("other_services", "choices", N_("Further services it is about, separated by semicolons."),
           vocabulary=SERVICES),
    Column("about", "choice", N_("Whether it is about the child's services, the complainant's own "
                                 "treatment, or both."), vocabulary=ABOUT),
    Column("team", "text", N_("The team that handled it."), max_length=80),
    Column("wants_advocate", "yes-no", N_("Whether the person had, or asked for, an advocate.")),
    Column("acknowledged_on", "date", N_("The day it was acknowledged.")),
    Column("stage1_responded_on", "date", N_("The day of the stage 1 response.")),
    Column("stage1_extended", "yes-no", N_("Whether the stage 1 time limit was extended (to the longest "
                                           "the rules allow).")),
    Column("stage1_finding", "choice", N_("The stage 1 finding (with a stage 1 response)."),
           vocabulary=FINDINGS),
    Column("stage2_requested_on", "date", N_("The day the person asked for stage 2.")),
    Column("stage2_started_on", "date", N_("Statutory: the day the statement of complaint was agreed. "
                                           "Corporate: the day the stage 2 request was acknowledged. If "
                                           "empty, the stage 2 clock runs from the request.")),
    Column("stage2_responded_on", "date", N_("The day of the stage 2 response (statutory: the "
                                             "adjudication).")),
    Column("stage2_extended", "yes-no", N_("Whether the stage 2 time limit was extended.")),
    Column("stage2_finding", "choice", N_("The stage 2 finding (with a stage 2 response)."),
           vocabulary=FINDINGS),
    Column("stage2_cost", "money", N_("What stage 2 cost, in pounds.")),
    Column("stage3_requested_on", "date", N_("Statutory only: the day the person asked for a review "
                                             "panel.")),
    Column("stage3_panel_on", "date", N_("The day the review panel met.")),
    Column("stage3_report_on", "date", N_("The day the council received the panel's report (if empty, "
                                          "the response is timed from the panel).")),
    Column("stage3_responded_on", "date", N_("The day of the council's response to the panel.")),
    Column("stage3_finding", "choice", N_("The stage 3 finding (with a stage 3 response)."),
           vocabulary=FINDINGS),
    Column("stage3_cost", "money", N_("What the review panel cost, in pounds.")),
    Column("withdrawn_on", "date", N_("The day the person withdrew it.")),
    Column("not_accepted_on", "date", N_("The day the council decided not to accept it.")),
    Column("not_accepted_reason", "text", N_("Why it was not accepted."), max_length=2000),
    Column("closed_on", "date", N_("The day it was closed, if not with its last response.")),
    Column("remedies", "choices", N_("The remedies, separated by semicolons."), vocabulary=REMEDIES),
    Column("remedies_done_on", "date", N_("The day the remedies were done.")),
    Column("financial_remedy", "money", N_("The amount of a financial remedy, in pounds (with "
                                           "“financial” in remedies).")),
    Column("learning", "text", N_("A learning action for the service."), max_length=5000),
    Column("learning_done_on", "date", N_("The day the learning action was done.")),
    Column("ombudsman_referred_on", "date", N_("The day the person went to the Ombudsman.")),
    Column("ombudsman_outcome", "choice", N_("What the Ombudsman decided."), vocabulary=OMBUDSMAN_OUTCOMES),
    Column("ombudsman_decided_on", "date", N_("The day the Ombudsman decided.")),
)

COLUMNS_BY_NAME = {column.name: column for column in COLUMNS}

#: Each problem's message, whole (design.md: never assembled from fragments).
MESSAGES = {
    "not-utf8": N_("The file is not UTF-8 text. Save it from your spreadsheet as “CSV UTF-8” and try again."),
    "empty-file": N_("The file has no rows under its row of column names."),
    "already-imported": N_("This file was imported on %(value)s. Nothing was imported again."),
    "missing-column": N_("The file has no column “%(column)s”. Add it to the first row."),
    "unknown-column": N_("The first row names a column this import does not have: “%(column)s”. "
                         "Check its spelling, or remove it."),
    "repeated-column": N_("The first row names the column “%(column)s” more than once."),
    "required": N_("Row %(row)d, column %(column)s: fill this in."),
    "required-for-complaint": N_("Row %(row)d, column %(column)s: fill this in for a complaint."),
    "complaints-only": N_("Row %(row)d, column %(column)s: leave this empty: only complaints have it."),
    "statutory-only": N_("Row %(row)d, column %(column)s: leave this empty: only the statutory procedure "
                         "has a stage 3."),
    "bad-date": N_("Row %(row)d, column %(column)s: “%(value)s” is not a date. Write it like 2024-04-01 "
                   "or 01/04/2024."),
    "future-date": N_("Row %(row)d, column %(column)s: %(value)s is after today."),
    "bad-choice": N_("Row %(row)d, column %(column)s: “%(value)s” is not one of: %(allowed)s."),
    "bad-yes-no": N_("Row %(row)d, column %(column)s: write yes or no, not “%(value)s”."),
    "bad-money": N_("Row %(row)d, column %(column)s: “%(value)s” is not an amount in pounds, like 1250.50."),
    "too-long": N_("Row %(row)d, column %(column)s: this is longer than %(allowed)s characters."),
    "too-early": N_("Row %(row)d, column %(column)s: %(value)s is before %(other)s (%(other_value)s)."),
    "needs": N_("Row %(row)d, column %(column)s: fill in %(other)s as well."),
    "withdrawn-and-refused": N_("Row %(row)d, column %(column)s: a case cannot be both withdrawn and not "
                                "accepted."),
    "procedure-for-other-kind": N_("Row %(row)d, column %(column)s: leave this empty, or write %(allowed)s, "
                                   "for a row that is not a complaint."),
    "financial-needs-remedy": N_("Row %(row)d, column %(column)s: add “financial” to the remedies column "
                                 "as well."),
    "repeated-reference": N_("Row %(row)d, column %(column)s: “%(value)s” is on row %(other_value)s too."),
}


@dataclass(frozen=True)
class Problem:
    """Something wrong in the file: where, and what."""

    code: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    other: str | None = None
    other_value: str | None = None
    allowed: str | None = None

    def message(self, gettext: Callable[[str], str] = lambda text: text) -> str:
        """The problem in words; pass a translating ``gettext`` to have them translated."""
        return gettext(MESSAGES[self.code]) % {
            "row": self.row or 0, "column": self.column or "", "value": self.value or "",
            "other": self.other or "", "other_value": self.other_value or "", "allowed": self.allowed or "",
        }


@dataclass
class Result:
    """What an import did: the cases written, or the problems that stopped it."""

    rows: int = 0
    imported: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class _RowProblems(Exception):
    pass


# Reading values ------------------------------------------------------------------------------

_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


def _date(text: str) -> date:
    match = _UK_DATE.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        return date(year, month, day)
    return date.fromisoformat(text)


def _pence(text: str) -> int:
    amount = Decimal(text.replace(",", "").lstrip("£"))
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise InvalidOperation(text)
    return int(amount * 100)


class _Row:
    """One row's values, read and checked column by column."""

    def __init__(self, number: int, raw: Mapping[str, str], today: date):
        self.number, self.today = number, today
        self.raw = {name: (value or "").strip() for name, value in raw.items() if name}
        self.problems: list[Problem] = []
        self.values: dict[str, object] = {}
        for column in COLUMNS:
            self.values[column.name] = self._read(column)

    def __getitem__(self, name):
        return self.values.get(name)

    def problem(self, code: str, column: str, **detail) -> None:
        self.problems.append(Problem(code, row=self.number, column=column, **detail))

    def _read(self, column: Column):
        text = self.raw.get(column.name, "")
        if not text:
            if column.required:
                self.problem("required", column.name)
            return None
        try:
            return _READERS[column.kind](self, column, text)
        except _RowProblems:
            return None

    def _bad(self, code: str, column: Column, text: str, allowed: str | None = None):
        self.problem(code, column.name, value=text, allowed=allowed)
        raise _RowProblems

    def _text(self, column: Column, text: str) -> str:
        if len(text) > column.max_length:
            self._bad("too-long", column, text, allowed=str(column.max_length))
        return text

    def _choice(self, column: Column, text: str) -> str:
        value = text.lower()
        if value not in column.vocabulary:
            self._bad("bad-choice", column, text, allowed=", ".join(column.vocabulary))
        return value

    def _choices(self, column: Column, text: str) -> list[str]:
        values = [part.strip().lower() for part in text.split(";") if part.strip()]
        for value in values:
            if value not in column.vocabulary:
                self._bad("bad-choice", column, value, allowed=", ".join(column.vocabulary))
        return list(dict.fromkeys(values))

    def _date(self, column: Column, text: str) -> date:
        try:
            value = _date(text)
        except ValueError:
            self._bad("bad-date", column, text)
        if value > self.today:
            self._bad("future-date", column, value.isoformat())
        return value

    def _yes_no(self, column: Column, text: str) -> bool:
        if text.lower() in YES:
            return True
        if text.lower() in NO:
            return False
        self._bad("bad-yes-no", column, text)

    def _money(self, column: Column, text: str) -> int:
        try:
            return _pence(text)
        except (InvalidOperation, ValueError):
            self._bad("bad-money", column, text)


_READERS = {"text": _Row._text, "choice": _Row._choice, "choices": _Row._choices, "date": _Row._date,
            "yes-no": _Row._yes_no, "money": _Row._money}

#: Each date column that must not be earlier than another, checked in this order.
DATE_ORDER = (
    ("acknowledged_on", "received_on"),
    ("stage1_responded_on", "received_on"),
    ("stage2_requested_on", "stage1_responded_on"),
    ("stage2_started_on", "stage2_requested_on"),
    ("stage2_responded_on", "stage2_started_on"),
    ("stage2_responded_on", "stage2_requested_on"),
    ("stage3_requested_on", "stage2_responded_on"),
    ("stage3_panel_on", "stage3_requested_on"),
    ("stage3_report_on", "stage3_panel_on"),
    ("stage3_responded_on", "stage3_report_on"),
    ("stage3_responded_on", "stage3_panel_on"),
    ("withdrawn_on", "received_on"),
    ("not_accepted_on", "received_on"),
    ("closed_on", "received_on"),
    ("remedies_done_on", "received_on"),
    ("learning_done_on", "received_on"),
    ("ombudsman_referred_on", "received_on"),
    ("ombudsman_decided_on", "ombudsman_referred_on"),
)

#: A column filled in needs another one filled in too.
NEEDS = (
    ("stage1_finding", "stage1_responded_on"),
    ("stage1_responded_on", "stage1_finding"),
    ("stage2_requested_on", "stage1_responded_on"),
    ("stage2_started_on", "stage2_requested_on"),
    ("stage2_responded_on", "stage2_requested_on"),
    ("stage2_extended", "stage2_requested_on"),
    ("stage2_cost", "stage2_requested_on"),
    ("stage2_finding", "stage2_responded_on"),
    ("stage2_responded_on", "stage2_finding"),
    ("stage3_requested_on", "stage2_responded_on"),
    ("stage3_panel_on", "stage3_requested_on"),
    ("stage3_report_on", "stage3_panel_on"),
    ("stage3_responded_on", "stage3_panel_on"),
    ("stage3_cost", "stage3_requested_on"),
    ("stage3_finding", "stage3_responded_on"),
    ("stage3_responded_on", "stage3_finding"),
    ("not_accepted_reason", "not_accepted_on"),
    ("remedies_done_on", "remedies"),
    ("learning_done_on", "learning"),
    ("ombudsman_outcome", "ombudsman_referred_on"),
    ("ombudsman_decided_on", "ombudsman_outcome"),
)

#: Columns only a complaint can have.
COMPLAINT_ONLY = tuple(
    column.name for column in COLUMNS if column.name.startswith(("stage1_", "stage2_", "stage3_"))
) + ("withdrawn_on", "not_accepted_on", "not_accepted_reason", "remedies", "remedies_done_on",
     "financial_remedy", "learning", "learning_done_on", "ombudsman_referred_on", "ombudsman_outcome",
     "ombudsman_decided_on")


def _check_row(row: _Row) -> None:
    """The checks across columns: what a complaint needs, what goes together, date order."""
    is_complaint = row["kind"] == "complaint"
    if is_complaint:
        for name in ("procedure", "complainant_role"):
            if row[name] is None and not any(p.column == name for p in row.problems):
                row.problem("required-for-complaint", name)
    elif row["kind"] is not None:
        if row["procedure"] is not None:
            row.problem("procedure-for-other-kind", "procedure", allowed=row["kind"])
        for name in COMPLAINT_ONLY:
            if row[name] not in (None, []):
                row.problem("complaints-only", name)
    if row["procedure"] == "corporate":
        for name in (c.name for c in COLUMNS if c.name.startswith("stage3_")):
            if row[name] is not None:
                row.problem("statutory-only", name)
    for name, other in NEEDS:
        if row[name] not in (None, []) and row[other] in (None, []) and not _unreadable(row, other):
            row.problem("needs", name, other=other)
    for name, earlier in DATE_ORDER:
        later_value, earlier_value = row[name], row[earlier]
        if later_value is not None and earlier_value is not None and later_value < earlier_value:
            row.problem("too-early", name, value=later_value.isoformat(), other=earlier,
                        other_value=earlier_value.isoformat())
    if row["withdrawn_on"] is not None and row["not_accepted_on"] is not None:
        row.problem("withdrawn-and-refused", "not_accepted_on")
    if row["financial_remedy"] is not None and "financial" not in (row["remedies"] or []):
        row.problem("financial-needs-remedy", "financial_remedy")


def _unreadable(row: _Row, name: str) -> bool:
    """A column already reported as unreadable: say so once, not again as missing."""
    return bool(row.raw.get(name)) and row[name] is None


# The file ------------------------------------------------------------------------------------

def read(data: bytes, *, today: date) -> tuple[list[_Row], list[Problem]]:
    """Parse and check a whole file; return its rows and every problem found."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [Problem("not-utf8")]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in (reader.fieldnames or [])]
    problems = _check_header(header)
    if problems:
        return [], problems
    reader.fieldnames = header
    rows = [_Row(number, raw, today) for number, raw in enumerate(reader, start=2)
            if any((value or "").strip() for value in raw.values() if isinstance(value, str))]
    if not rows:
        return [], [Problem("empty-file")]
    seen: dict[str, int] = {}
    for row in rows:
        _check_row(row)
        reference = row["reference"]
        if reference:
            if reference in seen:
                row.problem("repeated-reference", "reference", value=reference, other_value=str(seen[reference]))
            seen.setdefault(reference, row.number)
        problems.extend(row.problems)
    return rows, problems


def _check_header(header: list[str]) -> list[Problem]:
    problems = []
    if not header:
        return [Problem("empty-file")]
    for name in dict.fromkeys(header):
        if header.count(name) > 1:
            problems.append(Problem("repeated-column", column=name))
        if name and name not in COLUMNS_BY_NAME:
            problems.append(Problem("unknown-column", column=name))
    for column in COLUMNS:
        if column.required and column.name not in header:
            problems.append(Problem("missing-column", column=column.name))
    return problems


def import_history(session, data: bytes, *, by=None, actor: str = "command-line", today: date,
                   file_name: str | None = None) -> Result:
    """Check the whole file, then write every row in one transaction, or nothing."""
    digest = hashlib.sha256(data).hexdigest()
    earlier = _earlier_import(session, digest)
    if earlier is not None:
        return Result(problems=[Problem("already-imported", value=earlier)])
    rows, problems = read(data, today=today)
    if problems:
        return Result(rows=len(rows), problems=problems)
    actor_fields = {"actor": by.email if by else actor, "officer_id": by.id if by else None}
    with writing(session):
        cases = [_case(row) for row in rows]
        for case, reference in zip(cases, _fresh_references(session, len(cases))):
            case.reference = reference
        session.add_all(cases)
        session.flush()  # one batch of inserts: every case has its id
        for row, case in zip(rows, cases):
            for service in row["other_services"] or []:
                if service != case.service:
                    session.add(CaseService(case_id=case.id, service=service))
            session.add(AuditEvent(case_id=case.id, action="imported", **actor_fields,
                                   detail={"row": row.number, "source_reference": row["reference"],
                                           "channel": case.channel, "file_sha256": digest}))
        session.add(AuditEvent(case_id=None, action="history-imported", **actor_fields,
                               detail={"sha256": digest, "rows": len(rows), "file": file_name,
                                       "on": today.isoformat()}))
    return Result(rows=len(rows), imported=len(rows))


def _fresh_references(session, n: int) -> list[str]:
    """``n`` new references, unlike each other and every one already given."""
    fresh: set[str] = set()
    while len(fresh) < n:
        wanted = {new_reference() for _ in range(n - len(fresh))} - fresh
        batch = sorted(wanted)
        for i in range(0, len(batch), 500):
            wanted -= set(session.scalars(select(Case.reference).where(Case.reference.in_(batch[i:i + 500]))))
        fresh |= wanted
    return sorted(fresh)


def _earlier_import(session, digest: str) -> str | None:
    """The day the same file was imported before, if it was (a handful of events to read)."""
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "history-imported"))
    for event in events:
        if (event.detail or {}).get("sha256") == digest:
            return (event.detail or {}).get("on") or event.at.date().isoformat()
    return None


# Writing the records -------------------------------------------------------------------------

def _case(row: _Row) -> Case:
    kind, received = row["kind"], row["received_on"]
    procedure = row["procedure"] if kind == "complaint" else kind
    case = Case(
        kind=kind, procedure=procedure, flags=[], reasons=[], needs_review=False,
        stage=1, status="received", channel=row["channel"],
        submitted_at=datetime.combine(received, time(12), tzinfo=timezone.utc), received_on=received,
        complainant_role=row["complainant_role"] or "other", about=row["about"], service=row["service"],
        description=IMPORTED_TEXT, team=row["team"], wants_advocate=bool(row["wants_advocate"]),
        language="en", adjustments=[],
        ombudsman_referred_on=row["ombudsman_referred_on"], ombudsman_outcome=row["ombudsman_outcome"],
        ombudsman_decided_on=row["ombudsman_decided_on"],
    )
    case.contacts.append(Contact(role="complainant"))
    if row["acknowledged_on"] is not None:
        ack_procedure = procedure if kind == "complaint" else "corporate"
        case.deadlines.append(_deadline(ack_procedure, "acknowledgement", received, met_on=row["acknowledged_on"]))
    if kind == "complaint":
        _stages(case, row)
    _remedies_and_learning(case, row)
    _status(case, row)
    return case


def _deadline(procedure: str, step: str, start: date, *, met_on: date | None, extended: bool = False) -> Deadline:
    return Deadline(step=step, started_on=start, met_on=met_on, extended=extended,
                    due_on=rules.deadline(procedure, step, start, extended=extended))


def _extended(case: Case, deadline: Deadline) -> None:
    """An extension as the officers' area records one: from the usual limit to the longest."""
    usual = rules.deadline(case.procedure, deadline.step, deadline.started_on)
    case.extensions.append(Extension(step=deadline.step, previous_due_on=usual, new_due_on=deadline.due_on,
                                     reason=EXTENSION_REASON))


def _stages(case: Case, row: _Row) -> None:
    procedure, received = case.procedure, case.received_on
    start = received
    if procedure == "corporate":
        # Code: stage 1 runs from the acknowledgement, at the latest from its due date.
        ack_due = rules.deadline("corporate", "acknowledgement", received)
        start = min(row["acknowledged_on"], ack_due) if row["acknowledged_on"] else ack_due
    stage1 = _deadline(procedure, "stage1", start, met_on=row["stage1_responded_on"],
                       extended=bool(row["stage1_extended"]))
    case.deadlines.append(stage1)
    if stage1.extended:
        _extended(case, stage1)
    _stage(case, 1, received, row["stage1_responded_on"], row["stage1_finding"])
    if row["stage1_responded_on"] is None:
        return
    case.deadlines.append(_deadline(procedure, "stage2-request", row["stage1_responded_on"],
                                    met_on=row["stage2_requested_on"]))
    requested = row["stage2_requested_on"]
    if requested is None:
        return
    stage2 = _stage(case, 2, requested, row["stage2_responded_on"], row["stage2_finding"])
    stage2.cost_pence = row["stage2_cost"]
    started = row["stage2_started_on"]
    if procedure == "corporate":
        acknowledgement = _deadline("corporate", "stage2-acknowledgement", requested, met_on=started)
        case.deadlines.append(acknowledgement)
        clock = min(started, acknowledgement.due_on) if started else acknowledgement.due_on
    else:
        stage2.statement_agreed_on = started
        clock = started or requested
    response = _deadline(procedure, "stage2", clock, met_on=row["stage2_responded_on"],
                         extended=bool(row["stage2_extended"]))
    case.deadlines.append(response)
    if response.extended:
        _extended(case, response)
    if procedure != "statutory" or row["stage2_responded_on"] is None:
        return
    case.deadlines.append(_deadline("statutory", "stage3-request", row["stage2_responded_on"],
                                    met_on=row["stage3_requested_on"]))
    if row["stage3_requested_on"] is None:
        return
    stage3 = _stage(case, 3, row["stage3_requested_on"], row["stage3_responded_on"], row["stage3_finding"])
    stage3.cost_pence = row["stage3_cost"]
    stage3.panel_on, stage3.panel_report_on = row["stage3_panel_on"], row["stage3_report_on"]
    case.deadlines.append(_deadline("statutory", "stage3-panel", row["stage3_requested_on"],
                                    met_on=row["stage3_panel_on"]))
    if row["stage3_panel_on"] is not None:
        case.deadlines.append(_deadline("statutory", "stage3-report", row["stage3_panel_on"],
                                        met_on=row["stage3_report_on"]))
        case.deadlines.append(_deadline("statutory", "stage3-response",
                                        row["stage3_report_on"] or row["stage3_panel_on"],
                                        met_on=row["stage3_responded_on"]))


def _stage(case: Case, number: int, requested: date, responded: date | None, finding: str | None) -> Stage:
    stage = Stage(number=number, requested_on=requested, responded_on=responded)
    case.stages.append(stage)
    case.stage = number
    if finding is not None:
        case.points.append(Point(stage=number, summary=POINT_SUMMARY, finding=finding))
    return stage


def _remedies_and_learning(case: Case, row: _Row) -> None:
    for kind in row["remedies"] or []:
        case.remedies.append(Remedy(kind=kind, detail=IMPORTED_TEXT, done_on=row["remedies_done_on"],
                                    amount_pence=row["financial_remedy"] if kind == "financial" else None))
    if row["learning"]:
        case.learning.append(Learning(service=case.service, action=row["learning"],
                                      done_on=row["learning_done_on"]))


def _status(case: Case, row: _Row) -> None:
    """Where the case ended up, as the officers' area would have left it."""
    if row["not_accepted_on"] is not None:
        case.status, case.closed_on = "not-accepted", row["not_accepted_on"]
        case.decisions.append(Decision(subject="acceptance", choice="refused",
                                       reason=row["not_accepted_reason"] or IMPORTED_TEXT))
        return
    if row["withdrawn_on"] is not None:
        case.status, case.closed_on = "withdrawn", row["withdrawn_on"]
        return
    last = case.stages[-1] if case.stages else None
    if last is not None and last.responded_on is not None:
        final = last.number >= rules.LAST_STAGE[case.procedure]
        if final or row["closed_on"] is not None:
            case.status, case.closed_on = "closed", row["closed_on"] or last.responded_on
        else:
            case.status = "responded"
    elif row["closed_on"] is not None:
        case.status, case.closed_on = "closed", row["closed_on"]
    elif row["acknowledged_on"] is not None or (last is not None and last.number > 1):
        case.status = "in-progress"


def template_csv() -> str:
    """The first row of an import file: every column, in order."""
    return ",".join(column.name for column in COLUMNS) + "\r\n"

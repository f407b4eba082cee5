"""Retention: anonymise cases kept past the council's retention schedule (UK GDPR art. 5(1)(e)).

The schedule says, for each kind of case, how many whole years it is kept after it closes
(``RETENTION_YEARS_COMPLAINT`` and friends; README, Data protection). The clock starts on
the later of the day the case closed and the day the Ombudsman decided (or, with no
decision recorded, was asked). Open cases are never touched: a case that reopens (a later
stage asked for) loses its closing date until it closes again.

Anonymising keeps what the annual report counts (domain.md 8): the case row with its kind,
procedure, stage, status, dates, service and further services, role, channel, flags,
team, the stages' dates, costs and named professionals, deadlines, findings, remedy kinds
and amounts, learning's service and dates, and the Ombudsman's outcome. It removes what
identifies the person or tells their story: contacts' details, the description and every
free text (points, remedies, learning, decisions, extensions, suspensions, notes,
restrictions, updates, messages, safeguarding alerts, free text kept in the history), the
attachments' files and rows, the private tracking links and the submitted form's draft.
Each case is anonymised in its own transaction and gets an audit event; files are deleted
once that transaction is committed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import delete, select

from portal import uploads
from portal.database import writing
from portal.handling import CLOSED_STATUSES
from portal.models import Attachment, AuditEvent, Case, Draft, Message, SafeguardingAlert, TrackingLink

#: Keys of audit-event details whose values are codes, numbers or dates, never free text.
#: Every other value (a reason, a statement, a name) is removed from the history.
CODE_KEYS = frozenset({
    "flag", "flags", "choice", "previous", "procedure", "step", "method", "handler", "team",
    "cause", "stage", "point", "finding", "findings", "kind", "service", "item", "outcome",
    "format", "channel", "source", "alert", "links", "attachments", "in_time", "last_day",
    "new", "on", "due_on", "referred_on", "ends_on", "review_on", "panel_on", "report_on",
    "agreed_on", "row", "rows", "file_sha256", "sha256", "years", "closed_on",
})
REMOVED = "[removed]"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Schedule:
    """Whole years each kind of case is kept after it closes."""

    years: Mapping[str, int]

    def __post_init__(self):
        for kind, years in self.years.items():
            if not isinstance(years, int) or years < 1:
                raise ValueError(f"the retention period for {kind} must be a whole number of years, "
                                 f"at least 1, not {years!r}")

    @classmethod
    def from_config(cls, config) -> Schedule:
        return cls(dict(config["RETENTION_YEARS"]))

    def kept_until(self, case: Case) -> date | None:
        """The last day the case is kept whole; None while it is open (or of no known kind)."""
        start = clock_start(case)
        if start is None or case.kind not in self.years:
            return None
        return add_years(start, self.years[case.kind])


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 1 March (never a day early)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def clock_start(case: Case) -> date | None:
    if case.status not in CLOSED_STATUSES or case.closed_on is None:
        return None
    ombudsman = case.ombudsman_decided_on or case.ombudsman_referred_on
    return max(case.closed_on, ombudsman) if ombudsman else case.closed_on


@dataclass
class Report:
    """What a run did (or, with dry_run, would do)."""

    dry_run: bool
    today: date
    by_kind: Counter = field(default_factory=Counter)
    contacts: int = 0
    files: int = 0
    tracking_links: int = 0
    messages: int = 0
    drafts: int = 0

    @property
    def cases(self) -> int:
        return sum(self.by_kind.values())

    def lines(self) -> list[str]:
        verb = "would anonymise" if self.dry_run else "anonymised"
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(self.by_kind.items())) or "none"
        return [
            f"retention on {self.today.isoformat()}: {verb} {self.cases} cases ({kinds})",
            f"contacts {self.contacts}, attachments {self.files}, tracking links {self.tracking_links}, "
            f"messages {self.messages}, drafts {self.drafts}",
        ]


def due(session, schedule: Schedule, today: date) -> list[Case]:
    """Closed cases past their retention period and not yet anonymised, oldest first."""
    if not schedule.years:
        return []
    # Only cases closed long enough ago for the shortest period (two days' margin for
    # 29 February); the exact date, with the Ombudsman's dates, is checked case by case.
    closed_before = add_years(today, -min(schedule.years.values())) + timedelta(days=2)
    candidates = session.scalars(
        select(Case).where(Case.status.in_(CLOSED_STATUSES), Case.closed_on.is_not(None),
                           Case.anonymised_on.is_(None), Case.closed_on < closed_before)
        .order_by(Case.closed_on, Case.id)).all()
    return [case for case in candidates
            if (kept := schedule.kept_until(case)) is not None and kept < today]


def apply(session, schedule: Schedule, *, today: date, upload_folder: str, dry_run: bool = False,
          actor: str = "retention") -> Report:
    """Anonymise every case past its retention period (or, with dry_run, count them)."""
    report = Report(dry_run=dry_run, today=today)
    case_ids = [case.id for case in due(session, schedule, today)]
    session.rollback()
    for case_id in case_ids:
        files = _anonymise(session, case_id, schedule, today, report, dry_run=dry_run, actor=actor)
        if not dry_run:
            # The rows are gone for good: now the files can go.
            for stored_name in files:
                uploads.discard(upload_folder, stored_name)
    if report.cases and not dry_run:
        with writing(session):
            session.add(AuditEvent(case_id=None, actor=actor, action="retention-applied",
                                   detail={"on": today.isoformat(), "rows": report.cases,
                                           "kinds": dict(report.by_kind)}))
    return report


def _anonymise(session, case_id: int, schedule: Schedule, today: date, report: Report, *,
               dry_run: bool, actor: str) -> list[str]:
    if dry_run:
        case = session.get(Case, case_id)
        _count(report, case, *_held(session, case))
        session.rollback()
        return []
    with writing(session):
        case = session.get(Case, case_id)
        kept_until = schedule.kept_until(case)
        if case.anonymised_on is not None or kept_until is None or kept_until >= today:
            return []  # changed since it was listed (reopened, or another run got there first)
        files, links, messages, drafts = _held(session, case)
        _count(report, case, files, links, messages, drafts)
        _blank_case(case)
        for message in messages:
            message.recipient, message.subject, message.body_text = "", "", ""
            message.body_html, message.last_error = None, None
            if message.status not in ("sent", "given-up"):
                message.status = "given-up"  # never to be sent to nobody
        for alert in session.scalars(select(SafeguardingAlert).where(SafeguardingAlert.case_id == case.id)):
            alert.message, alert.contact = None, None
        for event in session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id)):
            event.detail = scrub_detail(event.detail)
        session.execute(delete(Attachment).where(Attachment.case_id == case.id))
        session.execute(delete(TrackingLink).where(TrackingLink.case_id == case.id))
        if drafts:
            session.execute(delete(Attachment).where(Attachment.draft_id.in_(drafts)))
            session.execute(delete(Draft).where(Draft.id.in_(drafts)))
        case.anonymised_on = today
        session.add(AuditEvent(case_id=case.id, actor=actor, action="case-anonymised",
                               detail={"kind": case.kind, "closed_on": case.closed_on.isoformat(),
                                       "years": schedule.years[case.kind], "attachments": len(files)}))
    return files


def _held(session, case: Case):
    """The case's files, tracking links, messages and submitted drafts."""
    files = list(session.scalars(select(Attachment.stored_name).where(Attachment.case_id == case.id)))
    links = list(session.scalars(select(TrackingLink.id).where(TrackingLink.case_id == case.id)))
    messages = list(session.scalars(select(Message).where(Message.case_id == case.id)))
    drafts = list(session.scalars(select(Draft.id).where(Draft.submitted_case_id == case.id)))
    return files, links, messages, drafts


def _count(report: Report, case: Case, files, links, messages, drafts) -> None:
    report.by_kind[case.kind] += 1
    report.contacts += len(case.contacts)
    report.files += len(files)
    report.tracking_links += len(links)
    report.messages += len(messages)
    report.drafts += len(drafts)


def _blank_case(case: Case) -> None:
    case.description = ""
    case.desired_outcome = None
    case.praise_for = None
    case.adjustments_detail = None
    case.events_date = None
    case.ombudsman_reference = None
    for contact in case.contacts:
        contact.name = contact.email = contact.phone = contact.address = None
        contact.date_of_birth = None
    for stage in case.stages:
        stage.response_summary = None
        stage.statement = None
    for point in case.points:
        point.summary = ""
        point.explanation = None
    for remedy in case.remedies:
        remedy.detail = ""
    for learning in case.learning:
        learning.action = ""
    for record in [*case.decisions, *case.extensions, *case.suspensions]:
        record.reason = ""
    for note in case.notes:
        note.text = ""
    for restriction in case.restrictions:
        restriction.restriction = ""
        restriction.reason = ""
    for update in case.updates:
        update.text = ""


def scrub_detail(detail: dict | None) -> dict:
    """An audit event's detail with every free text removed; codes, numbers and dates kept."""
    return {key: value if _is_code(key, value) else REMOVED for key, value in (detail or {}).items()}


def _is_code(key: str, value) -> bool:
    if value is None or isinstance(value, (bool, int, float)):
        return True
    if key in CODE_KEYS:
        return True
    return isinstance(value, str) and bool(_ISO_DATE.fullmatch(value))

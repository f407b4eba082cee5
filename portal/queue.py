"""The officers' triage queue: what needs doing, most urgent first.

What urgency depends on is read in one SQL pass over the open cases, so the queue stays
quick with a hundred thousand cases; the order, from the most urgent: a safeguarding alert
not yet handled, then an overdue deadline, then a decision the law
leaves to an officer (domain.md 4.2), then an acknowledgement due, then a response due
within three working days, then everything else that is open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, exists, func, not_, select
from sqlalchemy.orm import selectinload

from portal import rules
from portal.handling import OPEN_STATUSES
from portal.models import Case, Deadline, SafeguardingAlert

#: Categories in order of urgency; the queue is sorted by this order, then by date.
CATEGORIES = ("safeguarding", "overdue", "needs-review", "acknowledgement-due", "response-due", "open")

#: Days ahead that count as "response due soon".
SOON_WORKING_DAYS = 3

FILTERS = ("procedure", "stage", "service", "team", "handler", "kind", "category")


@dataclass
class QueueRow:
    case: Case
    category: str
    next_step: str | None
    next_due: date | None


@dataclass
class QueuePage:
    rows: list[QueueRow]
    counts: dict[str, int]
    total: int
    page: int
    pages: int
    filters: dict = field(default_factory=dict)


def _officer_deadlines():
    """Deadlines an officer must meet (the person's own windows to ask are not in the queue)."""
    return and_(Deadline.met_on.is_(None), not_(Deadline.step.like("%-request")))


def _rank(today: date, soon: date, *, alert: bool, running: bool, needs_review: bool,
          ack_due: bool, next_due: date | None) -> int:
    """Where a case stands in CATEGORIES. A suspended case's clocks are stopped, so its
    dates make it neither overdue nor due (domain.md 3)."""
    if alert:
        return 0
    if running and next_due is not None and next_due < today:
        return 1
    if needs_review:
        return 2
    if running and ack_due:
        return 3
    if running and next_due is not None and next_due <= soon:
        return 4
    return 5


def _filtered(statement, filters: dict):
    if filters.get("procedure"):
        statement = statement.where(Case.procedure == filters["procedure"])
    if filters.get("stage"):
        statement = statement.where(Case.stage == int(filters["stage"]))
    if filters.get("service"):
        statement = statement.where(Case.service == filters["service"])
    if filters.get("team"):
        statement = statement.where(Case.team == filters["team"])
    if filters.get("handler"):
        if filters["handler"] == "none":
            statement = statement.where(Case.handler_id.is_(None))
        else:
            statement = statement.where(Case.handler_id == int(filters["handler"]))
    if filters.get("kind"):
        statement = statement.where(Case.kind == filters["kind"])
    return statement


def build(session, *, today: date, filters: dict | None = None, page: int = 1,
          per_page: int = 50) -> QueuePage:
    filters = {k: v for k, v in (filters or {}).items() if k in FILTERS and v}
    soon = rules.add_working_days(today, SOON_WORKING_DAYS)
    # One pass over the open cases (IN, not NOT IN, so the status index serves it) with what
    # their urgency depends on: each case's earliest officer deadline from the open-deadline
    # index, and whether an alert or an acknowledgement waits. make bench: a third of the
    # time of working out the urgency in SQL twice, for the counts and for the order.
    next_due = (select(func.min(Deadline.due_on)).where(Deadline.case_id == Case.id, _officer_deadlines())
                .correlate(Case).scalar_subquery())
    alert = exists().where(SafeguardingAlert.case_id == Case.id, SafeguardingAlert.handled_at.is_(None))
    ack_due = exists().where(Deadline.case_id == Case.id, Deadline.met_on.is_(None),
                             Deadline.step.in_(("acknowledgement", "stage2-acknowledgement")))
    facts = _filtered(select(Case.id, Case.status, Case.needs_review, Case.received_on,
                             next_due, alert, ack_due).where(Case.status.in_(OPEN_STATUSES)), filters)
    counts = {name: 0 for name in CATEGORIES}
    keys = []
    for case_id, status, needs_review, received, due, has_alert, waiting_ack in session.execute(facts):
        rank = _rank(today, soon, alert=bool(has_alert), running=status != "suspended",
                     needs_review=bool(needs_review), ack_due=bool(waiting_ack), next_due=due)
        counts[CATEGORIES[rank]] += 1
        keys.append((rank, due is None, due or date.min, received, case_id))
    if filters.get("category") in CATEGORIES:
        wanted = CATEGORIES.index(filters["category"])
        keys = [key for key in keys if key[0] == wanted]
    total = len(keys)
    page = max(1, page)
    pages = max(1, -(-total // per_page))
    # Most urgent first; then the earliest deadline (cases without one last), the oldest.
    shown = sorted(keys)[(page - 1) * per_page:page * per_page]
    cases = {c.id: c for c in session.scalars(
        select(Case).where(Case.id.in_([key[-1] for key in shown]))
        .options(selectinload(Case.deadlines), selectinload(Case.handler)))}
    result = []
    for rank, no_date, due, _received, case_id in shown:
        due = None if no_date else due
        case_ = cases[case_id]
        step = next((d.step for d in case_.deadlines
                     if d.met_on is None and not d.step.endswith("-request") and d.due_on == due), None)
        result.append(QueueRow(case=case_, category=CATEGORIES[rank], next_step=step, next_due=due))
    return QueuePage(rows=result, counts=counts, total=total, page=page, pages=pages, filters=filters)


def unhandled_alerts(session, limit: int = 20) -> list[SafeguardingAlert]:
    return list(session.scalars(select(SafeguardingAlert).where(SafeguardingAlert.handled_at.is_(None))
                                .order_by(SafeguardingAlert.raised_at).limit(limit)))


def days_left(today: date, due: date | None) -> int | None:
    """Working days until a deadline: negative once it has passed."""
    if due is None:
        return None
    if due >= today:
        return rules.working_days_between(today, due)
    return -rules.working_days_between(due, today)


def teams(session) -> list[str]:
    return [t for t in session.scalars(select(Case.team).where(Case.team.is_not(None)).distinct().order_by(Case.team))]


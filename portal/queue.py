"""The officers' triage queue: what needs doing, most urgent first.

Urgency is worked out in SQL, so the queue stays quick with a hundred thousand cases:
a safeguarding alert not yet handled, then an overdue deadline, then a decision the law
leaves to an officer (domain.md 4.2), then an acknowledgement due, then a response due
within three working days, then everything else that is open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, exists, func, not_, select
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


def _category_expression(today: date):
    soon = rules.add_working_days(today, SOON_WORKING_DAYS)
    alert = exists().where(SafeguardingAlert.case_id == Case.id, SafeguardingAlert.handled_at.is_(None))
    overdue = exists().where(Deadline.case_id == Case.id, _officer_deadlines(), Deadline.due_on < today)
    ack_due = exists().where(Deadline.case_id == Case.id, Deadline.met_on.is_(None),
                             Deadline.step.in_(("acknowledgement", "stage2-acknowledgement")))
    response_soon = exists().where(Deadline.case_id == Case.id, _officer_deadlines(),
                                   Deadline.due_on <= soon)
    running = Case.status != "suspended"
    return case(
        (alert, 0),
        (and_(running, overdue), 1),
        (Case.needs_review.is_(True), 2),
        (and_(running, ack_due), 3),
        (and_(running, response_soon), 4),
        else_=5,
    )


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
    category = _category_expression(today).label("category")
    # IN, not NOT IN, so an index on status can serve it.
    open_cases = Case.status.in_(OPEN_STATUSES)

    counted = _filtered(select(category, func.count()).where(open_cases), filters).group_by(category)
    counts = {name: 0 for name in CATEGORIES}
    for rank, number in session.execute(counted):
        counts[CATEGORIES[rank]] = number

    next_due = (select(Deadline.case_id, func.min(Deadline.due_on).label("due"))
                .where(_officer_deadlines()).group_by(Deadline.case_id).subquery())
    rows = _filtered(select(Case, category, next_due.c.due)
                     .outerjoin(next_due, next_due.c.case_id == Case.id)
                     .where(open_cases), filters)
    if filters.get("category") in CATEGORIES:
        rows = rows.where(category == CATEGORIES.index(filters["category"]))
        total = counts[filters["category"]]
    else:
        total = sum(counts.values())
    page = max(1, page)
    pages = max(1, -(-total // per_page))
    rows = (rows.order_by(category, next_due.c.due.is_(None), next_due.c.due, Case.received_on, Case.id)
            .options(selectinload(Case.deadlines), selectinload(Case.handler))
            .limit(per_page).offset((page - 1) * per_page))
    result = []
    for case_, rank, due in session.execute(rows):
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


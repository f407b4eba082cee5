"""Acknowledgements that are due or overdue and not yet met (domain.md section 6)."""

from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from portal.clock import today
from portal.database import writing
from portal.models import Case, Deadline, Message


def acknowledgements_due(session, on: date | None = None) -> list[tuple[Case, Deadline]]:
    """Cases whose acknowledgement is due by `on` (default today) and not yet made."""
    on = on or today()
    rows = session.execute(
        select(Case, Deadline)
        .join(Deadline, Deadline.case_id == Case.id)
        .where(Deadline.step == "acknowledgement", Deadline.met_on.is_(None), Deadline.due_on <= on)
        .order_by(Deadline.due_on, Case.id)
    ).all()
    return [(case, deadline) for case, deadline in rows]


def describe(due) -> list[str]:
    on = today()
    return [
        f"{case.reference}  {case.procedure:<16} acknowledgement due {deadline.due_on.isoformat()}"
        f"{'  OVERDUE' if deadline.due_on < on else ''}"
        for case, deadline in due
    ]


def queue_reminder(session, due) -> None:
    with writing(session):
        session.add(Message(
            purpose="reminder", recipient=current_app.config["COUNCIL_COMPLAINTS_EMAIL"],
            language="en", subject=_("Acknowledgements due: %(count)d", count=len(due)),
            body_text="\n".join(describe(due)) + "\n",
        ))

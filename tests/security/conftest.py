"""Cases holding every kind of personal detail the portal keeps, on both databases.

The person is Zebedee Quince (a name, address, email and phone number found nowhere else),
complaining as a parent about their child Xanthe; every free text mentions them, so a test
can search the whole database for what must be gone.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime
from pathlib import Path

import pytest

from portal import casework, officers, tracking
from portal.casework import Submission
from portal.clock import LONDON
from portal.database import writing
from portal.models import (
    Attachment, AuditEvent, Case, CaseService, CaseUpdate, ContactRestriction, Decision, Draft, Extension,
    Learning, Message, Note, Point, Remedy, SafeguardingAlert, Stage, Suspension,
)

SUBMITTED_AT = datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)
NAME, EMAIL, PHONE = "Zebedee Quince", "Zebedee.Quince@example.com", "07700 900555"
CHILD, ADDRESS = "Xanthe Quince", "1 Quince Lane, Exampleton"
#: Strings that identify the person; none may survive anonymisation anywhere.
MARKERS = ("Zebedee", "Quince", "Xanthe", "900555", "zebedee.quince")
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def officer(session):
    return officers.create(session, email="olive@example.gov.uk", name="Olive Officer",
                           password="correct horse battery staple")


def submit(session, *, kind="complaint", email=EMAIL, phone=PHONE, name=NAME, **extra) -> int:
    answers = dict(
        kind=kind, role="parent", service="children-in-care", about="child",
        description=f"{name} says family time with {CHILD} was cancelled three times.",
        name=name, contact_method="email", email=email, phone=phone, address=ADDRESS,
        child_name=CHILD, child_date_of_birth=date(2015, 5, 1),
        desired_outcome=f"An apology to {name}.", events_date=date(2026, 2, 20),
        adjustments=("large-print",), adjustments_detail=f"{name} needs letters in large print.",
    )
    if kind == "compliment":
        answers.update(praise_for=f"The social worker who helped {name}", about=None)
    answers.update(extra)
    return casework.submit(session, Submission(**answers), submitted_at=SUBMITTED_AT).id


def fill(session, case_id: int, upload_folder: str, *, status="closed", closed_on=date(2026, 6, 14),
         by=None) -> None:
    """Give the case one of every record a case can hold, each mentioning the person."""
    folder = Path(upload_folder)
    folder.mkdir(parents=True, exist_ok=True)
    stored = secrets.token_hex(16)
    (folder / stored).write_bytes(PDF)
    with writing(session):
        case = session.get(Case, case_id)
        case.status, case.closed_on = status, closed_on
        case.team = "North"
        case.stages.append(Stage(number=1, requested_on=date(2026, 3, 2), responded_on=date(2026, 3, 13),
                                 response_summary=f"We wrote to {NAME}.", cost_pence=12000,
                                 statement=f"{NAME}'s complaint in their words."))
        case.points.append(Point(stage=1, summary=f"{NAME} says visits were cancelled.", finding="upheld",
                                 explanation=f"Records show {CHILD}'s visits were cancelled."))
        case.remedies.append(Remedy(kind="apology", detail=f"Write to {NAME} to apologise.",
                                    due_on=date(2026, 4, 1), done_on=date(2026, 3, 30), amount_pence=15000))
        case.learning.append(Learning(service="children-in-care", action=f"Cover {NAME}'s case in training.",
                                      due_on=date(2026, 5, 1), done_on=date(2026, 4, 20)))
        case.decisions.append(Decision(subject="late", choice="accepted", reason=f"{NAME} was in hospital."))
        case.extensions.append(Extension(step="stage1", previous_due_on=date(2026, 3, 16),
                                         new_due_on=date(2026, 3, 30), reason=f"{NAME} asked for time."))
        case.suspensions.append(Suspension(cause="information", reason=f"Waiting for {NAME}'s letters.",
                                           started_on=date(2026, 3, 5), ended_on=date(2026, 3, 6)))
        case.notes.append(Note(text=f"{NAME}'s father rang on {PHONE}."))
        case.restrictions.append(ContactRestriction(
            restriction=f"{NAME} may email only.", reason=f"{NAME} rang 40 times.",
            starts_on=date(2026, 3, 10), ends_on=date(2026, 6, 10), review_on=date(2026, 5, 10)))
        case.updates.append(CaseUpdate(text=f"{NAME} adds a letter about {CHILD}.", attachments=1))
        case.ombudsman_reference = "LGO-" + NAME.split()[1]
        session.add(CaseService(case_id=case.id, service="fostering"))
        session.add(Attachment(case_id=case.id, stored_name=stored, original_name=f"{NAME} letter.pdf",
                               content_type="application/pdf", size=len(PDF)))
        tracking.new_link(case)
        session.add(SafeguardingAlert(case_id=case.id, source="journey", message=f"{CHILD} is scared.",
                                      contact=PHONE))
        session.add(Message(case_id=case.id, purpose="reminder", recipient=EMAIL,
                            subject=f"For {NAME}", body_text=f"Dear {NAME}", status="queued"))
        session.add(Draft(token_hash=hashlib.sha256(secrets.token_bytes(8)).hexdigest(),
                          answers={"contact": {"name": NAME, "email": EMAIL}}, submitted_case_id=case.id))
        session.add(AuditEvent(case_id=case.id, actor="public", action="withdrawn",
                               detail={"on": "2026-03-20", "reason": f"{NAME} moved away", "stage": 1}))
        if by is not None:
            session.add(AuditEvent(case_id=case.id, actor=by.email, officer_id=by.id, action="case-viewed",
                                   detail={}))


@pytest.fixture
def full_case(session, app):
    """A closed complaint holding one of everything; returns its id."""

    def make(**options) -> int:
        case_id = submit(session, **{k: v for k, v in options.items() if k in ("kind", "email", "phone", "name")})
        fill(session, case_id, app.config["UPLOAD_FOLDER"],
             **{k: v for k, v in options.items() if k in ("status", "closed_on", "by")})
        return case_id

    return make

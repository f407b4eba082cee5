"""Use cases: one function per thing a person does to a case (design.md, layer 3).

Each applies `portal.rules`, writes every record in one transaction, and returns
what happened. The public views and the officers' area both call these.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from portal import correspondence, rules
from portal.database import writing
from portal.models import Attachment, AuditEvent, Case, Contact, Deadline, Draft, SafeguardingAlert

# Letters and digits that cannot be confused when read aloud or written down
# (no 0/O, 1/I/L, 5/S, 2/Z, 8/B, U/V).
REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTWXY34679"
REFERENCE_LENGTH = 8

# Compliments and service requests have no clock in law; holding them to the corporate
# acknowledgement time means nobody waits unanswered. Comments need no reply (domain.md 2).
ACKNOWLEDGED_LIKE_CORPORATE = {"service-request", "compliment"}


def new_reference() -> str:
    """A random reference like 'KM4P-7XQA': short, easy to say, and revealing nothing."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"{chars[:4]}-{chars[4:]}"


@dataclass(frozen=True)
class Submission:
    """What a person told us, as plain values (from the web form, or an officer)."""

    kind: str
    role: str
    service: str
    description: str
    name: str
    contact_method: str
    about: str | None = None
    events_date: date | None = None
    desired_outcome: str | None = None
    praise_for: str | None = None
    unsafe_now: bool = False
    legal_proceedings: bool = False
    wants_advocate: bool = False
    consent: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    child_name: str | None = None
    child_date_of_birth: date | None = None
    language: str = "en"
    easy_read: bool = False
    adjustments: tuple[str, ...] = ()
    adjustments_detail: str | None = None
    channel: str = "web"


def opening_deadlines(procedure: str, kind: str, received: date) -> dict[str, date]:
    """The clocks that start when feedback is received (domain.md section 3)."""
    if procedure == "statutory":
        return {
            "acknowledgement": rules.deadline("statutory", "acknowledgement", received),
            "stage1": rules.deadline("statutory", "stage1", received),
        }
    if procedure == "corporate":
        acknowledgement = rules.deadline("corporate", "acknowledgement", received)
        # Code: stage 1 runs from the acknowledgement, at the latest its due date.
        return {
            "acknowledgement": acknowledgement,
            "stage1": rules.deadline("corporate", "stage1", acknowledgement),
        }
    if kind in ACKNOWLEDGED_LIKE_CORPORATE:
        return {"acknowledgement": rules.deadline("corporate", "acknowledgement", received)}
    return {}


def opening_start(procedure: str, step: str, received: date, due: dict[str, date]) -> date:
    """The day an opening clock starts: corporate stage 1 from the acknowledgement, at the
    latest its due date (the Code); every other clock from the day received."""
    if procedure == "corporate" and step == "stage1":
        return due["acknowledgement"]
    return received


class DraftAlreadySent(Exception):
    """The draft became a case already (sent twice, or sent again after a lost reply)."""


def submit(session, submission: Submission, *, submitted_at: datetime | None = None,
           attachment_ids=(), actor: str = "public", draft_id: int | None = None) -> Case:
    """Record feedback as a case with its routing decision and deadlines, in one transaction.

    With `draft_id`, the draft is marked sent in that same transaction: if the reply is lost
    (the database restarted as it committed), the draft shows which case it became, and a
    draft is never sent twice. Raises DraftAlreadySent if it was.
    """
    submitted_at = submitted_at or datetime.now(timezone.utc)
    received = rules.received_on(submitted_at)
    decision = rules.route(
        kind=submission.kind,
        complainant=submission.role,
        service=submission.service,
        about=submission.about,
        received=received,
        events_date=submission.events_date,
        legal_proceedings=submission.legal_proceedings,
        unsafe_now=submission.unsafe_now,
        consent=submission.consent,
        wants_advocate=submission.wants_advocate,
    )
    for _attempt in range(5):
        try:
            with writing(session):
                case = _write_case(session, submission, decision, submitted_at, received,
                                   attachment_ids, actor)
                if draft_id is not None:
                    _mark_sent(session, draft_id, case)
            return case
        except IntegrityError:
            # Only a clash of random references can get here; draw another.
            continue
    raise RuntimeError("could not allocate a unique case reference")


def _mark_sent(session, draft_id: int, case: Case) -> None:
    # Only a draft not yet sent: a second submission of it waits for the first and finds none.
    marked = session.execute(update(Draft).where(Draft.id == draft_id, Draft.submitted_case_id.is_(None))
                             .values(submitted_case_id=case.id).execution_options(synchronize_session=False))
    if marked.rowcount != 1:
        raise DraftAlreadySent(draft_id)


def _write_case(session, s: Submission, decision, submitted_at, received, attachment_ids, actor):
    case = Case(
        reference=new_reference(),
        kind=s.kind,
        procedure=decision.procedure,
        flags=sorted(decision.flags),
        reasons=list(decision.reasons),
        needs_review=decision.needs_review,
        status="received",
        stage=1,
        channel=s.channel,
        submitted_at=submitted_at,
        received_on=received,
        complainant_role=s.role,
        about=s.about,
        service=s.service,
        description=s.description,
        events_date=s.events_date,
        desired_outcome=s.desired_outcome or None,
        praise_for=s.praise_for or None,
        legal_proceedings=s.legal_proceedings,
        unsafe_now=s.unsafe_now,
        wants_advocate=s.wants_advocate,
        child_consent=s.consent,
        language=s.language,
        easy_read=s.easy_read,
        adjustments=list(s.adjustments),
        adjustments_detail=s.adjustments_detail or None,
    )
    case.contacts.append(Contact(
        role="complainant", name=s.name, email=s.email or None, phone=s.phone or None,
        address=s.address or None, preferred_method=s.contact_method,
    ))
    if s.child_name or s.child_date_of_birth:
        case.contacts.append(Contact(role="child", name=s.child_name or None,
                                     date_of_birth=s.child_date_of_birth))
    opening = opening_deadlines(decision.procedure, s.kind, received)
    for step, due in opening.items():
        case.deadlines.append(Deadline(step=step, due_on=due,
                                       started_on=opening_start(decision.procedure, step, received, opening)))
    session.add(case)
    session.flush()
    if attachment_ids:
        for attachment in session.scalars(select(Attachment).where(Attachment.id.in_(attachment_ids))):
            attachment.case_id = case.id
    if "safeguarding" in decision.flags:
        alert = SafeguardingAlert(case_id=case.id, source="journey", raised_at=submitted_at)
        session.add(alert)
        session.flush()
        session.add(correspondence.for_safeguarding_alert(alert, case))
    # Written in the same transaction as the case: committed together or not at all.
    session.add_all(correspondence.for_new_case(case))
    session.add(AuditEvent(case_id=case.id, actor=actor, action="case-received",
                           detail={"procedure": decision.procedure, "flags": sorted(decision.flags),
                                   "channel": s.channel}))
    return case


def raise_safeguarding_alert(session, *, source: str, page: str | None, message: str | None,
                             contact: str | None, case_id: int | None = None) -> SafeguardingAlert:
    """Someone said they or a child are not safe (domain.md 7): record it for officers now."""
    with writing(session):
        alert = SafeguardingAlert(source=source, page=(page or None) and page[:200],
                                  message=(message or "").strip() or None,
                                  contact=(contact or "").strip() or None, case_id=case_id)
        session.add(alert)
        session.flush()
        case = session.get(Case, case_id) if case_id else None
        session.add(correspondence.for_safeguarding_alert(alert, case))
        session.add(AuditEvent(case_id=case_id, actor="public", action="safeguarding-alert",
                               detail={"alert": alert.id, "source": source}))
    return alert

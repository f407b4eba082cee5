"""The records the portal keeps, named in the domain's words (domain.md section 5)."""

from __future__ import annotations

from datetime import date, datetime, timezone

from flask_login import UserMixin
from sqlalchemy import (JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, PrimaryKeyConstraint, String,
                        Text, text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Draft(db.Model):
    """Answers kept server-side from the first page, so nothing typed is lost."""

    __tablename__ = "draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    submitted_case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"))

    attachments: Mapped[list[Attachment]] = relationship(back_populates="draft")


class Case(db.Model):
    __tablename__ = "case"
    # The annual report counts a year's cases by kind, many ways at once: one index that
    # holds every column it reads answers those counts without visiting the table (make
    # bench: 6.6 s to 2 s for 100,000 cases on SQLite). Ombudsman referrals are few: their
    # own small index.
    __table_args__ = (
        Index("ix_case_report", "kind", "received_on", "procedure", "status", "closed_on",
              "service", "team", "complainant_role", "wants_advocate", "channel"),
        Index("ix_case_ombudsman", "kind", "ombudsman_referred_on", "procedure",
              "ombudsman_outcome", "ombudsman_decided_on",
              postgresql_where=text("ombudsman_referred_on IS NOT NULL"),
              sqlite_where=text("ombudsman_referred_on IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    procedure: Mapped[str] = mapped_column(String(20), index=True)
    flags: Mapped[list] = mapped_column(JSON, default=list)
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    stage: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(30), default="received", index=True)
    channel: Mapped[str] = mapped_column(String(20), default="web")
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    received_on: Mapped[date] = mapped_column(Date, index=True)

    complainant_role: Mapped[str] = mapped_column(String(30))
    about: Mapped[str | None] = mapped_column(String(10))
    service: Mapped[str] = mapped_column(String(40), index=True)
    description: Mapped[str] = mapped_column(Text)
    events_date: Mapped[date | None] = mapped_column(Date)
    desired_outcome: Mapped[str | None] = mapped_column(Text)
    praise_for: Mapped[str | None] = mapped_column(Text)
    legal_proceedings: Mapped[bool] = mapped_column(Boolean, default=False)
    unsafe_now: Mapped[bool] = mapped_column(Boolean, default=False)
    wants_advocate: Mapped[bool] = mapped_column(Boolean, default=False)
    child_consent: Mapped[str | None] = mapped_column(String(10))
    language: Mapped[str] = mapped_column(String(60), default="en")  # a code, or the language named
    easy_read: Mapped[bool] = mapped_column(Boolean, default=False)
    adjustments: Mapped[list] = mapped_column(JSON, default=list)
    adjustments_detail: Mapped[str | None] = mapped_column(Text)

    # Handling (officers' area)
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id"), index=True)
    team: Mapped[str | None] = mapped_column(String(80), index=True)
    closed_on: Mapped[date | None] = mapped_column(Date)
    ombudsman_referred_on: Mapped[date | None] = mapped_column(Date)
    ombudsman_reference: Mapped[str | None] = mapped_column(String(40))
    ombudsman_outcome: Mapped[str | None] = mapped_column(String(30))
    ombudsman_decided_on: Mapped[date | None] = mapped_column(Date)
    # Set by `flask retention`: the personal details are gone; the figures remain.
    anonymised_on: Mapped[date | None] = mapped_column(Date)

    handler: Mapped[Officer | None] = relationship(foreign_keys=[handler_id])
    stages: Mapped[list[Stage]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Stage.number"
    )
    points: Mapped[list[Point]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Point.id"
    )
    remedies: Mapped[list[Remedy]] = relationship(cascade="all, delete-orphan", order_by="Remedy.id")
    learning: Mapped[list[Learning]] = relationship(cascade="all, delete-orphan", order_by="Learning.id")
    decisions: Mapped[list[Decision]] = relationship(cascade="all, delete-orphan", order_by="Decision.id")
    extensions: Mapped[list[Extension]] = relationship(cascade="all, delete-orphan", order_by="Extension.id")
    suspensions: Mapped[list[Suspension]] = relationship(cascade="all, delete-orphan", order_by="Suspension.id")
    notes: Mapped[list[Note]] = relationship(cascade="all, delete-orphan", order_by="Note.id")
    restrictions: Mapped[list[ContactRestriction]] = relationship(
        cascade="all, delete-orphan", order_by="ContactRestriction.id")
    tracking_links: Mapped[list[TrackingLink]] = relationship(cascade="all, delete-orphan")
    updates: Mapped[list[CaseUpdate]] = relationship(cascade="all, delete-orphan", order_by="CaseUpdate.id")

    contacts: Mapped[list[Contact]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Contact.id"
    )
    deadlines: Mapped[list[Deadline]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Deadline.due_on"
    )
    attachments: Mapped[list[Attachment]] = relationship(back_populates="case")
    messages: Mapped[list[Message]] = relationship(order_by="Message.id")

    def contact(self, role: str) -> Contact | None:
        return next((c for c in self.contacts if c.role == role), None)

    def deadline_for(self, step: str) -> Deadline | None:
        return next((d for d in self.deadlines if d.step == step), None)

    def stage_record(self, number: int | None = None) -> Stage | None:
        number = self.stage if number is None else number
        return next((s for s in self.stages if s.number == number), None)

    def open_suspension(self) -> Suspension | None:
        return next((s for s in self.suspensions if s.ended_on is None), None)

    def decision_on(self, subject: str) -> Decision | None:
        """The latest decision an officer recorded on a flag or on the procedure."""
        return next((d for d in reversed(self.decisions) if d.subject == subject), None)


class Contact(db.Model):
    """A person on a case: the complainant, the child it concerns, or their advocate."""

    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))  # complainant | child
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(Text)
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    preferred_method: Mapped[str | None] = mapped_column(String(20))

    case: Mapped[Case] = relationship(back_populates="contacts")


class Deadline(db.Model):
    """One clock of a case (domain.md section 3), and whether it was met."""

    __tablename__ = "deadline"
    # The queue asks, for each open case, about its clocks not yet met: a partial index
    # keeps that quick with a hundred thousand cases (make bench).
    __table_args__ = (
        Index("ix_deadline_open", "case_id", "due_on",
              postgresql_where=text("met_on IS NULL"), sqlite_where=text("met_on IS NULL")),
        # The report's time limits: each case's clocks, met or not, without the table.
        Index("ix_deadline_report", "case_id", "step", "met_on", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    step: Mapped[str] = mapped_column(String(30))
    started_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    met_on: Mapped[date | None] = mapped_column(Date)
    extended: Mapped[bool] = mapped_column(Boolean, default=False)

    case: Mapped[Case] = relationship(back_populates="deadlines")


class Attachment(db.Model):
    """A file the person sent, stored outside the web root under a random name."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("draft.id", ondelete="SET NULL"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"), index=True)
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    draft: Mapped[Draft | None] = relationship(back_populates="attachments")
    case: Mapped[Case | None] = relationship(back_populates="attachments")


class SafeguardingAlert(db.Model):
    """Someone said a child is not safe now (domain.md 7). Sent on by the outbox."""

    __tablename__ = "safeguarding_alert"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"))
    raised_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    source: Mapped[str] = mapped_column(String(40))  # "safety-page" | "journey"
    page: Mapped[str | None] = mapped_column(String(200))
    message: Mapped[str | None] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(String(320))
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AuditEvent(db.Model):
    """Who did what to which case, and when (design.md, Reliability)."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"), index=True)
    actor: Mapped[str] = mapped_column(String(100))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id"), index=True)
    action: Mapped[str] = mapped_column(String(60))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Message(db.Model):
    """The outbox: every message is written in the transaction that caused it, then sent.

    status: queued (waiting), sending (claimed by a sender), sent, failed (will be tried
    again at next_attempt_at), given-up (a permanent refusal, or too many attempts).
    """

    __tablename__ = "message"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"), index=True)
    alert_id: Mapped[int | None] = mapped_column(ForeignKey("safeguarding_alert.id"))
    purpose: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(60), default="en")  # a code, or the language named
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Officer(UserMixin, db.Model):
    """A person in the council who handles cases.

    role: officer (handles cases), manager (also adjudicates, restricts contact, reports),
    administrator (also manages officers and settings).
    """

    __tablename__ = "officer"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="officer")
    team: Mapped[str | None] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(300))
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_totp_step: Mapped[int | None] = mapped_column(Integer)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Part of the session's user id: raising it signs the officer out everywhere.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_signed_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    recovery_codes: Mapped[list[RecoveryCode]] = relationship(cascade="all, delete-orphan")

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        return self.active


class RecoveryCode(db.Model):
    """A one-time code to sign in without the authenticator app; kept hashed."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(ForeignKey("officer.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(300))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Stage(db.Model):
    """One stage of a complaint's procedure (domain.md 3.1, 3.2) and who handled it."""

    __tablename__ = "stage"
    __table_args__ = (
        # A case's stages, by number: what the annual report looks up per complaint, and
        # the answer too, so it reads the index, not the table.
        Index("ix_stage_case", "case_id", "number", "requested_on", "responded_on"),
        # The stages 2 and 3 asked for in a period: the report starts from these, not
        # from every complaint.
        Index("ix_stage_requested", "number", "requested_on", "case_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"))
    number: Mapped[int] = mapped_column(Integer)
    requested_on: Mapped[date] = mapped_column(Date)
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id"))
    responded_on: Mapped[date | None] = mapped_column(Date)
    response_summary: Mapped[str | None] = mapped_column(Text)
    # Statutory stage 2: the agreed statement starts the clock; IO, IP, adjudication.
    statement_agreed_on: Mapped[date | None] = mapped_column(Date)
    statement: Mapped[str | None] = mapped_column(Text)
    investigating_officer: Mapped[str | None] = mapped_column(String(200))
    independent_person: Mapped[str | None] = mapped_column(String(200))
    adjudicator: Mapped[str | None] = mapped_column(String(200))
    # Statutory stage 3: the review panel.
    panel_on: Mapped[date | None] = mapped_column(Date)
    panel_members: Mapped[list] = mapped_column(JSON, default=list)
    panel_report_on: Mapped[date | None] = mapped_column(Date)
    cost_pence: Mapped[int | None] = mapped_column(Integer)

    case: Mapped[Case] = relationship(back_populates="stages")
    handler: Mapped[Officer | None] = relationship()


class Point(db.Model):
    """One point of complaint and its finding."""

    __tablename__ = "point"
    # A case's findings at each stage, read by the annual report from the index alone.
    __table_args__ = (Index("ix_point_case", "case_id", "stage", "finding"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"))
    stage: Mapped[int] = mapped_column(Integer, default=1)
    summary: Mapped[str] = mapped_column(Text)
    finding: Mapped[str | None] = mapped_column(String(30))
    explanation: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="points")


class Remedy(db.Model):
    """What the council will do to put things right, by when, followed to completion."""

    __tablename__ = "remedy"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    detail: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    amount_pence: Mapped[int | None] = mapped_column(Integer)


class Learning(db.Model):
    """A lesson for the service and the action that follows from it."""

    __tablename__ = "learning"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    service: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)


class Decision(db.Model):
    """An officer's decision on a flag (domain.md 4.2) or on the procedure, with the reason."""

    __tablename__ = "decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    subject: Mapped[str] = mapped_column(String(30))
    choice: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    officer: Mapped[Officer | None] = relationship()


class Extension(db.Model):
    """A deadline moved later, with the reason the complainant was told."""

    __tablename__ = "extension"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    step: Mapped[str] = mapped_column(String(30))
    previous_due_on: Mapped[date] = mapped_column(Date)
    new_due_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Suspension(db.Model):
    """A paused clock (domain.md 3.3); open deadlines move by the working days it lasted."""

    __tablename__ = "suspension"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    cause: Mapped[str] = mapped_column(String(30))  # legal-proceedings | advocate | information
    reason: Mapped[str] = mapped_column(Text)
    started_on: Mapped[date] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id"))


class Note(db.Model):
    """An internal note: officers only, never shown to the complainant."""

    __tablename__ = "note"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id"))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    officer: Mapped[Officer | None] = relationship()


class ContactRestriction(db.Model):
    """Unreasonably persistent or abusive contact limited for a set period (domain.md 7).

    New complaints from the person are still received and read.
    """

    __tablename__ = "contact_restriction"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    restriction: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    review_on: Mapped[date] = mapped_column(Date)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id"))


class TrackingLink(db.Model):
    """A private link to follow a case, without an account. Only its SHA-256 is kept."""

    __tablename__ = "tracking_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CaseUpdate(db.Model):
    """Information the person added after sending, shown to officers and to the person."""

    __tablename__ = "case_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    attachments: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CaseService(db.Model):
    """A further service a complaint is about, beyond ``Case.service`` (domain.md 8: a
    complaint about several services counts against each in the annual report)."""

    __tablename__ = "case_service"
    __table_args__ = (PrimaryKeyConstraint("case_id", "service", name="pk_case_service"),)

    case_id: Mapped[int] = mapped_column(
        ForeignKey("case.id", ondelete="CASCADE", name="fk_case_service_case_id_case"))
    service: Mapped[str] = mapped_column(String(40))

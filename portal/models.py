"""The records the portal keeps, named in the domain's words (domain.md section 5)."""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text
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
    language: Mapped[str] = mapped_column(String(40), default="en")
    easy_read: Mapped[bool] = mapped_column(Boolean, default=False)
    adjustments: Mapped[list] = mapped_column(JSON, default=list)
    adjustments_detail: Mapped[str | None] = mapped_column(Text)

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
    language: Mapped[str] = mapped_column(String(40), default="en")
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

"""Delivering the outbox: claim due messages, send them, record what happened.

An SMTP outage delays mail but never loses it (design.md, Reliability): a message is
claimed in a short transaction (row locks with SKIP LOCKED on PostgreSQL; BEGIN
IMMEDIATE on SQLite), so two senders never take the same one, then sent with a socket
timeout outside any transaction. 4xx replies and connection errors are tried again
with backoff; 5xx replies are final. Acknowledgements that reach the person stop the
acknowledgement clock.
"""

from __future__ import annotations

import smtplib
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path

from flask_mail import Connection
from flask_mail import Message as MailMessage
from sqlalchemy import or_, select

from zoneinfo import ZoneInfo

from portal import tracking
from portal.database import writing
from portal.models import Deadline, Message

LONDON = ZoneInfo("Europe/London")
MAX_ATTEMPTS = 8
# A claim older than this belongs to a sender that died mid-send: take it back.
STALE_CLAIM = timedelta(minutes=15)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes after each failure, at most an hour."""
    return timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


class RetryLater(Exception):
    """A temporary failure: the message is tried again."""


class Refused(Exception):
    """A permanent failure: trying again would not help."""


class TimeoutConnection(Connection):
    """Flask-Mail's connection with a socket timeout (its own has none)."""

    def __init__(self, mail, timeout: float):
        super().__init__(mail)
        self.timeout = timeout

    def configure_host(self):
        cls = smtplib.SMTP_SSL if self.mail.use_ssl else smtplib.SMTP
        host = cls(self.mail.server, self.mail.port, timeout=self.timeout)
        if self.mail.use_tls:
            host.starttls()
        if self.mail.username and self.mail.password:
            host.login(self.mail.username, self.mail.password)
        return host


class SmtpTransport:
    def __init__(self, mail, sender: str, timeout: float):
        self.mail, self.sender, self.timeout = mail, sender, timeout

    def send(self, message: Message) -> None:
        mail_message = MailMessage(
            subject=message.subject, recipients=[message.recipient], body=message.body_text,
            html=message.body_html, sender=self.sender,
            extra_headers={"X-Priority": "1", "Importance": "high"} if message.urgent else None,
        )
        try:
            with TimeoutConnection(self.mail, self.timeout) as connection:
                connection.send(mail_message)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _text in error.recipients.values()]
            if all(code >= 500 for code in codes):
                raise Refused(_describe(error)) from error
            raise RetryLater(_describe(error)) from error
        except smtplib.SMTPResponseException as error:
            if error.smtp_code >= 500:
                raise Refused(_describe(error)) from error
            raise RetryLater(_describe(error)) from error
        except (smtplib.SMTPException, OSError, socket.timeout) as error:
            raise RetryLater(_describe(error)) from error


class FileSinkTransport:
    """With no SMTP server configured, messages land as .eml files a newcomer can open."""

    def __init__(self, folder: str, sender: str):
        self.folder, self.sender = Path(folder), sender

    def send(self, message: Message) -> None:
        email = EmailMessage()
        email["From"], email["To"], email["Subject"] = self.sender, message.recipient, message.subject
        email.set_content(message.body_text)
        if message.body_html:
            email.add_alternative(message.body_html, subtype="html")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / f"{message.id:08d}-{message.purpose}.eml").write_bytes(bytes(email))
        except OSError as error:
            raise RetryLater(_describe(error)) from error


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:500]


def transport_for(app):
    sender = app.config["MAIL_DEFAULT_SENDER"]
    if app.config.get("MAIL_SERVER"):
        # Read the settings now, so a changed configuration needs no restart of the sender.
        from portal.extensions import mail

        state = mail.init_mail({**app.config, "MAIL_SUPPRESS_SEND": False})
        return SmtpTransport(state, sender, app.config["MAIL_TIMEOUT_SECONDS"])
    return FileSinkTransport(app.config["MAIL_SINK_FOLDER"], sender)


@dataclass
class DeliveryReport:
    sent: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    given_up: list[int] = field(default_factory=list)


def claim(session, *, now: datetime, limit: int, case_id: int | None = None) -> list[Message]:
    """Take up to `limit` due messages for this sender, in one short transaction."""
    with writing(session):
        query = (
            select(Message)
            .where(or_(
                Message.status.in_(("queued", "failed")) & (Message.next_attempt_at <= now),
                (Message.status == "sending") & (Message.claimed_at < now - STALE_CLAIM),
            ))
            .order_by(Message.urgent.desc(), Message.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        if case_id is not None:
            query = query.where(Message.case_id == case_id)
        messages = list(session.scalars(query))
        for message in messages:
            message.status = "sending"
            message.claimed_at = now
            message.attempts += 1
    return messages


def deliver_due(session, transport, *, now: datetime | None = None, limit: int = 100,
                case_id: int | None = None) -> DeliveryReport:
    """Send every message that is due, once each; record the outcome of each attempt."""
    report = DeliveryReport()
    now = now or datetime.now(timezone.utc)
    for message in claim(session, now=now, limit=limit, case_id=case_id):
        try:
            transport.send(tracking.personalise(session, message))
        except Refused as error:
            _record(session, message.id, "given-up", str(error), now)
            report.given_up.append(message.id)
        except RetryLater as error:
            final = message.attempts >= MAX_ATTEMPTS
            _record(session, message.id, "given-up" if final else "failed", str(error), now)
            (report.given_up if final else report.failed).append(message.id)
        else:
            _record(session, message.id, "sent", None, now)
            report.sent.append(message.id)
    return report


def _record(session, message_id: int, status: str, error: str | None, now: datetime) -> None:
    with writing(session):
        message = session.get(Message, message_id)
        message.status = status
        message.claimed_at = None
        if error:
            message.last_error = error
        if status == "sent":
            message.sent_at = now
            if message.purpose == "acknowledgement" and message.case_id:
                _stop_acknowledgement_clock(session, message.case_id, now)
        elif status == "failed":
            message.next_attempt_at = now + backoff(message.attempts)
        elif status == "given-up" and message.purpose == "safeguarding-alert":
            from portal import correspondence

            correspondence.alert_team_of_failed_safeguarding(session, message)


def _stop_acknowledgement_clock(session, case_id: int, now: datetime) -> None:
    deadline = session.scalar(select(Deadline).where(
        Deadline.case_id == case_id, Deadline.step == "acknowledgement"))
    if deadline is not None and deadline.met_on is None:
        deadline.met_on = now.astimezone(LONDON).date()
        if deadline.case.status == "received":
            deadline.case.status = "in-progress"

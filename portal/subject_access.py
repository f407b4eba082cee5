"""Subject access (UK GDPR art. 15): everything the portal holds about one person.

Found by the email address and/or phone number the person gave: the cases where they are a
contact (complainant, child or advocate) with everything each case holds (its other
contacts, deadlines, stages, points, remedies, decisions, notes, updates, messages, the
attachments listed, tracking links, safeguarding alerts and its history), messages sent to
them that belong to no case (a "save and come back later" link), unfinished forms that
carry their details, safeguarding alerts they left their details on, and an officer's
account with that address.

The export is for an officer to review before anything is sent: internal notes and other
people's details (a child's, when a parent asks) may be withheld under the exemptions of
the Data Protection Act 2018, sch. 2-4. The readable document says so at the top. Each
case included gets a "subject-access-exported" audit event.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timezone
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from portal.database import writing
from portal.models import (
    Attachment, AuditEvent, Case, CaseService, Contact, Draft, Message, Officer, SafeguardingAlert,
    TrackingLink,
)

CASE_FIELDS = (
    "reference", "kind", "procedure", "status", "stage", "channel", "submitted_at", "received_on",
    "closed_on", "anonymised_on", "complainant_role", "about", "service", "description", "events_date",
    "desired_outcome", "praise_for", "flags", "reasons", "needs_review", "legal_proceedings", "unsafe_now",
    "wants_advocate", "child_consent", "language", "easy_read", "adjustments", "adjustments_detail",
    "team", "ombudsman_referred_on", "ombudsman_reference", "ombudsman_outcome", "ombudsman_decided_on",
)
CONTACT_FIELDS = ("role", "name", "email", "phone", "address", "date_of_birth", "preferred_method")
#: Each part of a case: (name in the export, relationship on Case, columns shown).
CASE_PARTS = (
    ("deadlines", "deadlines", ("step", "started_on", "due_on", "met_on", "extended")),
    ("stages", "stages", ("number", "requested_on", "responded_on", "response_summary",
                          "statement_agreed_on", "statement", "investigating_officer", "independent_person",
                          "adjudicator", "panel_on", "panel_members", "panel_report_on")),
    ("points", "points", ("stage", "summary", "finding", "explanation")),
    ("remedies", "remedies", ("kind", "detail", "due_on", "done_on", "amount_pence")),
    ("learning", "learning", ("service", "action", "due_on", "done_on")),
    ("decisions", "decisions", ("subject", "choice", "reason", "at")),
    ("extensions", "extensions", ("step", "previous_due_on", "new_due_on", "reason", "at")),
    ("suspensions", "suspensions", ("cause", "reason", "started_on", "ended_on")),
    ("internal_notes", "notes", ("text", "at")),
    ("contact_restrictions", "restrictions", ("restriction", "reason", "starts_on", "ends_on", "review_on")),
    ("information_added", "updates", ("text", "attachments", "at")),
)
MESSAGE_FIELDS = ("purpose", "recipient", "subject", "body_text", "language", "status", "created_at", "sent_at")
ATTACHMENT_FIELDS = ("original_name", "content_type", "size", "uploaded_at")
ALERT_FIELDS = ("source", "page", "message", "contact", "raised_at", "handled_at")


def normalise_email(email: str | None) -> str | None:
    email = (email or "").strip().lower()
    return email or None


def phone_key(phone: str | None) -> str | None:
    """Digits only, with +44 written as 0: '+44 7700 900123', '+44 (0)7700 900123' and
    '0044 7700 900123' and '07700900123' all match."""
    digits = "".join(ch for ch in (phone or "") if ch.isdigit())
    if digits.startswith("00"):
        digits = digits[2:]  # 0044 …: the international prefix dialled from the UK
    if digits.startswith("440") and len(digits) > 11:
        digits = digits[2:]
    elif digits.startswith("44") and len(digits) > 10:
        digits = "0" + digits[2:]
    return digits if len(digits) >= 6 else None


class Person:
    """Who the request is about: an email address, a phone number, or both."""

    def __init__(self, email: str | None = None, phone: str | None = None):
        self.email = normalise_email(email)
        self.phone = phone_key(phone)
        if not (self.email or self.phone):
            raise ValueError("give an email address or a phone number (of at least 6 digits)")

    def matches_email(self, value: str | None) -> bool:
        return bool(self.email) and normalise_email(value) == self.email

    def matches_phone(self, value: str | None) -> bool:
        return bool(self.phone) and phone_key(value) == self.phone

    def matches(self, value: str | None) -> bool:
        return self.matches_email(value) or self.matches_phone(value)

    def found_in(self, answers) -> bool:
        """Whether any text in a draft's answers is their email or phone number."""
        if isinstance(answers, dict):
            return any(self.found_in(v) for v in answers.values())
        if isinstance(answers, list):
            return any(self.found_in(v) for v in answers)
        return isinstance(answers, str) and self.matches(answers)


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _row(record, fields) -> dict:
    return {name: _plain(getattr(record, name)) for name in fields}


def matching_contacts(session, person: Person) -> list[Contact]:
    found = []
    if person.email:
        found += session.scalars(select(Contact).where(func.lower(Contact.email) == person.email)).all()
    if person.phone:
        # Phone numbers are written every which way: compare their digits.
        rows = session.execute(select(Contact.id, Contact.phone).where(Contact.phone.is_not(None))).all()
        ids = [row.id for row in rows if person.matches_phone(row.phone)]
        if ids:
            found += session.scalars(select(Contact).where(Contact.id.in_(ids))).all()
    return sorted({c.id: c for c in found}.values(), key=lambda c: c.id)


def collect(session, person: Person, *, now: datetime | None = None) -> dict:
    """Everything held about the person, as plain JSON-ready values."""
    now = now or datetime.now(timezone.utc)
    contacts = matching_contacts(session, person)
    case_ids = sorted({c.case_id for c in contacts})
    cases = [session.get(Case, case_id) for case_id in case_ids]
    export = {
        "about": {"email": person.email, "phone": person.phone},
        "produced_at": now.isoformat(),
        "service": current_app.config["SERVICE_NAME"],
        "council": current_app.config["COUNCIL_NAME"],
        "cases": [_case(session, case, person) for case in cases],
        "messages_without_a_case": [
            _row(m, MESSAGE_FIELDS) for m in session.scalars(
                select(Message).where(Message.case_id.is_(None)).order_by(Message.id))
            if person.matches(m.recipient)],
        "unfinished_forms": [
            {"answers": d.answers, "created_at": _plain(d.created_at), "updated_at": _plain(d.updated_at)}
            for d in session.scalars(select(Draft).where(Draft.submitted_case_id.is_(None)).order_by(Draft.id))
            if person.found_in(d.answers)],
        "safeguarding_alerts_without_a_case": [
            _row(a, ALERT_FIELDS) for a in session.scalars(
                select(SafeguardingAlert).where(SafeguardingAlert.case_id.is_(None)).order_by(SafeguardingAlert.id))
            if person.matches(a.contact) or _mentions(person, a.contact)],
        "officer_account": _officer(session, person),
    }
    return export


def _mentions(person: Person, text: str | None) -> bool:
    """A contact box typed freely ('mum 07700 900123') still names the person."""
    text = (text or "").lower()
    if person.email and person.email in text:
        return True
    return bool(person.phone) and person.phone in (phone_key(text) or "")


def _case(session, case: Case, person: Person) -> dict:
    data = _row(case, CASE_FIELDS)
    data["further_services"] = list(session.scalars(
        select(CaseService.service).where(CaseService.case_id == case.id).order_by(CaseService.service)))
    data["handler"] = case.handler.name if case.handler else None
    data["contacts"] = [
        {**_row(c, CONTACT_FIELDS), "is_the_person": person.matches(c.email) or person.matches(c.phone)}
        for c in case.contacts]
    for name, relationship, fields in CASE_PARTS:
        data[name] = [_row(item, fields) for item in getattr(case, relationship)]
    data["attachments"] = [_row(a, ATTACHMENT_FIELDS) for a in session.scalars(
        select(Attachment).where(Attachment.case_id == case.id).order_by(Attachment.id))]
    data["messages"] = [
        {**_row(m, MESSAGE_FIELDS), "to_the_person": person.matches(m.recipient)}
        for m in session.scalars(select(Message).where(Message.case_id == case.id).order_by(Message.id))]
    data["tracking_links"] = [
        {"created_at": _plain(link.created_at), "expires_at": _plain(link.expires_at),
         "revoked_at": _plain(link.revoked_at), "last_used_at": _plain(link.last_used_at)}
        for link in session.scalars(select(TrackingLink).where(TrackingLink.case_id == case.id)
                                    .order_by(TrackingLink.id))]
    data["safeguarding_alerts"] = [_row(a, ALERT_FIELDS) for a in session.scalars(
        select(SafeguardingAlert).where(SafeguardingAlert.case_id == case.id).order_by(SafeguardingAlert.id))]
    data["submitted_form"] = [d.answers for d in session.scalars(
        select(Draft).where(Draft.submitted_case_id == case.id).order_by(Draft.id))]
    data["history"] = [
        {"at": _plain(e.at), "actor": e.actor, "action": e.action, "detail": e.detail}
        for e in session.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id).order_by(AuditEvent.id))]
    return data


def _officer(session, person: Person) -> dict | None:
    if not person.email:
        return None
    officer = session.scalar(select(Officer).where(func.lower(Officer.email) == person.email))
    if officer is None:
        return None
    # Never the password hash, the authenticator's secret or recovery codes: they are
    # security data, not information about the person.
    return {**_row(officer, ("email", "name", "role", "team", "active", "created_at", "last_signed_in_at")),
            "actions_recorded": session.scalar(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.officer_id == officer.id))}


def export(session, person: Person, output_dir: str | os.PathLike, *, actor: str,
           now: datetime | None = None) -> tuple[Path, Path, dict]:
    """Write the JSON and the readable document; audit each case included."""
    now = now or datetime.now(timezone.utc)
    data = collect(session, person, now=now)
    session.rollback()
    folder = Path(output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"subject-access-{now.strftime('%Y%m%d-%H%M%S')}"
    json_path = folder / f"{stem}.json"
    html_path = folder / f"{stem}.html"
    _write_private(json_path, json.dumps(data, indent=2, ensure_ascii=False, default=_plain))
    _write_private(html_path, render(data))
    references = [case["reference"] for case in data["cases"]]
    with writing(session):
        for case_id in session.scalars(select(Case.id).where(Case.reference.in_(references))):
            session.add(AuditEvent(case_id=case_id, actor=actor, action="subject-access-exported", detail={}))
        session.add(AuditEvent(case_id=None, actor=actor, action="subject-access-exported",
                               detail={"cases": len(references), "on": now.date().isoformat()}))
    return json_path, html_path, data


def _write_private(path: Path, text: str) -> None:
    """Children's personal data: readable by the owner only."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)


def render(data: dict) -> str:
    """The same as the JSON, as a document a person can read (HTML, autoescaped)."""
    template = current_app.jinja_env.get_template("exports/subject_access.html")
    return template.render(data=data, label=label)


def label(key: str) -> str:
    """'received_on' -> 'Received on'."""
    words = str(key).replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]

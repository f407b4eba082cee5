"""Private links to follow a case without an account (issue: following a complaint).

A link carries a random token of 192 bits; only its SHA-256 is stored, and it is
compared in constant time. Links expire after TRACKING_LINK_DAYS and an officer can
revoke them. Emails are stored with a placeholder; the outbox puts a fresh link in at
the moment of sending, so no usable token is ever kept in the database.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from types import SimpleNamespace

from flask import current_app
from sqlalchemy import select

from portal import clock
from portal.database import writing
from portal.models import AuditEvent, Case, Message, Officer, TrackingLink

#: Put where an email shows the person's private link; replaced when the email is sent.
PLACEHOLDER = "https://tracking-link.invalid/"

TOKEN_BYTES = 24  # 192 bits


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def url_for_token(token: str) -> str:
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/track/{token}"


def new_link(case: Case, *, now: datetime | None = None) -> str:
    """Add a link to the case (in the caller's transaction) and return its token."""
    now = now or clock.now()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    case.tracking_links.append(TrackingLink(
        token_hash=_hash(token), created_at=now,
        expires_at=now + timedelta(days=current_app.config["TRACKING_LINK_DAYS"])))
    return token


def find(session, token: str, *, now: datetime | None = None) -> TrackingLink | None:
    """The link for a token, if it is genuine, unexpired and not revoked; else None."""
    if not token or len(token) > 100:
        return None
    digest = _hash(token)
    link = session.scalar(select(TrackingLink).where(TrackingLink.token_hash == digest))
    if link is None or not hmac.compare_digest(link.token_hash, digest):
        return None
    return link if usable(link, now=now) else None


def usable(link: TrackingLink | None, *, now: datetime | None = None) -> bool:
    now = now or clock.now()
    return link is not None and link.revoked_at is None and clock.aware(link.expires_at) > now


def revoke_all(session, case_id: int, by: Officer) -> int:
    """An officer stops every link to a case working (a lost phone, a shared email)."""
    with writing(session):
        links = session.scalars(select(TrackingLink).where(
            TrackingLink.case_id == case_id, TrackingLink.revoked_at.is_(None))).all()
        for link in links:
            link.revoked_at = clock.now()
        session.add(AuditEvent(case_id=case_id, actor=by.email, officer_id=by.id,
                               action="tracking-links-revoked", detail={"links": len(links)}))
    return len(links)


def _same_contact(case: Case, typed: str) -> bool:
    complainant = case.contact("complainant")
    if complainant is None:
        return False
    typed = (typed or "").strip()
    email = (complainant.email or "").strip().lower()
    phone = "".join(ch for ch in (complainant.phone or "") if ch.isdigit())
    typed_digits = "".join(ch for ch in typed if ch.isdigit())
    return bool(
        (email and hmac.compare_digest(email.encode(), typed.lower().encode()))
        or (phone and len(typed_digits) >= 6 and hmac.compare_digest(phone.encode(), typed_digits.encode()))
    )


def send_new_link(session, reference: str, contact: str) -> None:
    """Someone lost their link: if the reference and contact match, send a new one.

    Says nothing either way: the page that calls this answers the same whether or not
    anything matched, so references cannot be probed.
    """
    from portal import correspondence

    reference = (reference or "").strip().upper().replace(" ", "")
    if len(reference) == 8:
        reference = f"{reference[:4]}-{reference[4:]}"
    with writing(session):
        case = session.scalar(select(Case).where(Case.reference == reference)) if len(reference) <= 16 else None
        matched = case is not None and _same_contact(case, contact)
        if matched:
            session.add(correspondence.new_tracking_link(case))
            session.add(AuditEvent(case_id=case.id, actor="public", action="tracking-link-requested",
                                   detail={}))


def personalise(session, message: Message):
    """What the outbox sends: the stored message with a fresh private link put in."""
    if message.case_id is None or PLACEHOLDER not in (message.body_text or ""):
        return message
    with writing(session):
        case = session.get(Case, message.case_id)
        token = new_link(case)
    url = url_for_token(token)
    outgoing = SimpleNamespace(**{c: getattr(message, c) for c in (
        "id", "purpose", "recipient", "subject", "body_text", "body_html", "urgent", "case_id")})
    outgoing.body_text = message.body_text.replace(PLACEHOLDER, url)
    if message.body_html:
        outgoing.body_html = message.body_html.replace(PLACEHOLDER, url)
    return outgoing

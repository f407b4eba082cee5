"""Drafts: the answers of a journey kept server-side from the first page.

The browser holds only a random token in its signed session cookie; the database
holds its SHA-256, so a leaked database does not give anyone a draft.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from flask import session as browser
from sqlalchemy import delete, select

from portal import uploads
from portal.database import writing
from portal.models import Attachment, Draft

SESSION_KEY = "draft"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def current(db_session) -> Draft | None:
    token = browser.get(SESSION_KEY)
    if not token:
        return None
    return db_session.scalar(
        select(Draft).where(Draft.token_hash == _hash(token), Draft.submitted_case_id.is_(None))
    )


def sent_case_id(db_session) -> int | None:
    """The case this browser's draft became, when the browser never heard that it was sent
    (the reply was lost as the database restarted): shown again rather than sent twice."""
    token = browser.get(SESSION_KEY)
    if not token:
        return None
    return db_session.scalar(select(Draft.submitted_case_id).where(Draft.token_hash == _hash(token)))


def start(db_session) -> Draft:
    draft = current(db_session)
    if draft is not None:
        return draft
    token = secrets.token_urlsafe(32)
    with writing(db_session):
        draft = Draft(token_hash=_hash(token), answers={})
        db_session.add(draft)
    browser[SESSION_KEY] = token
    browser.permanent = True
    return draft


def save_answers(db_session, draft: Draft, step_id: str, answers: dict) -> dict:
    """Keep one step's answers; every answer of the draft, as now saved.

    Read again under the write lock, so answers from another tab are never overwritten."""
    with writing(db_session):
        draft = db_session.merge(draft)
        merged = dict(draft.answers or {})
        merged[step_id] = answers
        draft.answers = merged
    return merged


def forget() -> None:
    browser.pop(SESSION_KEY, None)


def delete_expired(db_session, older_than_days: int, upload_folder: str) -> int:
    """Delete drafts untouched for `older_than_days`, with their files (README: 30 days)."""
    cutoff = datetime.now(timezone.utc) - timedelta(days=older_than_days)
    with writing(db_session):
        stale = select(Draft.id).where(Draft.updated_at < cutoff, Draft.submitted_case_id.is_(None))
        files = db_session.scalars(select(Attachment.stored_name).where(
            Attachment.draft_id.in_(stale), Attachment.case_id.is_(None))).all()
        db_session.execute(delete(Attachment).where(Attachment.draft_id.in_(stale), Attachment.case_id.is_(None)))
        result = db_session.execute(delete(Draft).where(Draft.id.in_(stale)))
    # Files go only once the rows are gone for good.
    for stored_name in files:
        uploads.discard(upload_folder, stored_name)
    return result.rowcount or 0


def resume(db_session, token: str) -> Draft | None:
    """Open a saved draft from the emailed link (WCAG 3.3.8: no password, no puzzle)."""
    if not token or len(token) > 100:
        return None
    draft = db_session.scalar(select(Draft).where(Draft.token_hash == _hash(token),
                                                  Draft.submitted_case_id.is_(None)))
    if draft is None:
        return None
    browser[SESSION_KEY] = token
    browser.permanent = True
    return draft


def resume_message(draft: Draft, email: str):
    """The email with the link back to a saved draft (the draft's own token)."""
    from flask import current_app, g, render_template

    from portal.models import Message

    link = f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/tell-us/resume/{browser[SESSION_KEY]}"
    text = render_template("emails/resume_draft.txt", link=link, config=current_app.config,
                           days=current_app.config["DRAFT_LIFETIME_DAYS"])
    from flask_babel import gettext

    return Message(purpose="resume-draft", recipient=email, subject=gettext("Your link to carry on"),
                   body_text=text, language=g.get("locale", "en"))

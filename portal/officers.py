"""Officers' accounts: passwords, the second factor, lockout and signing out everywhere.

Passwords are hashed with scrypt (werkzeug). The second factor is a TOTP code (pyotp),
set up on first sign-in, with one-time recovery codes kept hashed. Answers never say
whether an email address has an account (no user enumeration).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from portal import clock
from portal.database import writing
from portal.models import AuditEvent, Officer, RecoveryCode
from portal.rules.vocabulary import OFFICER_ROLES, check_id

MIN_PASSWORD_LENGTH = 12
MAX_FAILED_SIGN_INS = 5
LOCKOUT = timedelta(minutes=15)
RECOVERY_CODES = 10
ISSUER = "Children's complaints portal"

# A hash to check against when the email has no account, so both answers take as long.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="scrypt")


class AccountError(ValueError):
    """Why an account could not be created or changed; ``code`` is for the web layer."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find(session, email: str) -> Officer | None:
    return session.scalar(select(Officer).where(func.lower(Officer.email) == normalise_email(email)))


def create(session, *, email: str, name: str, password: str, role: str = "officer",
           team: str | None = None, actor: str = "system", officer_id: int | None = None) -> Officer:
    check_id(role, OFFICER_ROLES, "officer role")
    email = normalise_email(email)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("password-too-short")
    with writing(session):
        if find(session, email) is not None:
            raise AccountError("email-taken")
        officer = Officer(email=email, name=name.strip(), role=role, team=(team or "").strip() or None,
                          password_hash=generate_password_hash(password, method="scrypt"))
        session.add(officer)
        session.flush()
        session.add(AuditEvent(actor=actor, officer_id=officer_id, action="officer-created",
                               detail={"officer": officer.id, "role": role}))
    return officer


@dataclass(frozen=True)
class SignIn:
    officer: Officer | None
    outcome: str  # "ok" | "invalid" | "locked"


def check_password(session, email: str, password: str, *, now: datetime | None = None) -> SignIn:
    """The first factor. Repeated failures lock the account for a while (ASVS 2.2.1)."""
    now = now or clock.now()
    with writing(session):
        officer = find(session, email)
        if officer is None or not officer.active:
            check_password_hash(_DUMMY_HASH, password or "")
            return SignIn(None, "invalid")
        if clock.aware(officer.locked_until) and clock.aware(officer.locked_until) > now:
            # The same work as any other answer, so a locked account cannot be told by timing.
            check_password_hash(officer.password_hash, password or "")
            session.add(AuditEvent(actor=officer.email, officer_id=officer.id,
                                   action="sign-in-refused-locked", detail={}))
            return SignIn(None, "locked")
        if not check_password_hash(officer.password_hash, password or ""):
            officer.failed_sign_ins += 1
            action = "sign-in-failed"
            if officer.failed_sign_ins >= MAX_FAILED_SIGN_INS:
                officer.locked_until = now + LOCKOUT
                officer.failed_sign_ins = 0
                action = "account-locked"
            session.add(AuditEvent(actor=officer.email, officer_id=officer.id, action=action, detail={}))
            return SignIn(None, "locked" if action == "account-locked" else "invalid")
        return SignIn(officer, "ok")


def needs_second_factor_setup(officer: Officer) -> bool:
    return officer.totp_confirmed_at is None


def new_totp_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(officer: Officer, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=officer.email, issuer_name=ISSUER)


def _totp_step(secret: str, code: str, now: datetime, last_step: int | None) -> int | None:
    """The time step a code belongs to (this one or either neighbour), refusing reuse."""
    code = "".join((code or "").split())
    if not (code.isascii() and code.isdigit() and len(code) == 6):  # "١٢٣٤٥٦" is digits too
        return None
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // totp.interval
    for step in (current, current - 1, current + 1):
        if secrets.compare_digest(totp.at(step * totp.interval), code):
            if last_step is not None and step <= last_step:
                return None  # a code is good once only
            return step
    return None


def confirm_second_factor(session, officer_id: int, secret: str, code: str, *,
                          now: datetime | None = None) -> list[str] | None:
    """Finish setting up the authenticator; return the recovery codes to show once."""
    now = now or clock.now()
    with writing(session):
        officer = session.get(Officer, officer_id)
        step = _totp_step(secret, code, now, None)
        if step is None:
            return None
        officer.totp_secret = secret
        officer.totp_confirmed_at = now
        officer.last_totp_step = step
        codes = _replace_recovery_codes(officer)
        _signed_in(session, officer, now, "second-factor-set-up")
    return codes


def _replace_recovery_codes(officer: Officer) -> list[str]:
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    officer.recovery_codes.clear()
    for code in codes:
        officer.recovery_codes.append(RecoveryCode(code_hash=generate_password_hash(code, method="scrypt")))
    return codes


def check_second_factor(session, officer_id: int, code: str, *, now: datetime | None = None) -> bool:
    """A TOTP code, or one unused recovery code. Failures count towards the lockout."""
    now = now or clock.now()
    with writing(session):
        officer = session.get(Officer, officer_id)
        if officer is None or not officer.active or officer.totp_secret is None:
            return False
        step = _totp_step(officer.totp_secret, code, now, officer.last_totp_step)
        if step is not None:
            officer.last_totp_step = step
            _signed_in(session, officer, now, "signed-in")
            return True
        typed = (code or "").strip().lower()
        for recovery in officer.recovery_codes:
            if recovery.used_at is None and check_password_hash(recovery.code_hash, typed):
                recovery.used_at = now
                _signed_in(session, officer, now, "signed-in-with-recovery-code")
                return True
        officer.failed_sign_ins += 1
        if officer.failed_sign_ins >= MAX_FAILED_SIGN_INS:
            officer.locked_until = now + LOCKOUT
            officer.failed_sign_ins = 0
        session.add(AuditEvent(actor=officer.email, officer_id=officer.id,
                               action="second-factor-failed", detail={}))
        return False


def _signed_in(session, officer: Officer, now: datetime, action: str) -> None:
    officer.failed_sign_ins = 0
    officer.locked_until = None
    officer.last_signed_in_at = now
    session.add(AuditEvent(actor=officer.email, officer_id=officer.id, action=action, detail={}))


def sign_out_everywhere(session, officer_id: int) -> None:
    """Every session carries the version in its user id; a new version ends them all."""
    with writing(session):
        officer = session.get(Officer, officer_id)
        officer.session_version += 1
        session.add(AuditEvent(actor=officer.email, officer_id=officer.id,
                               action="signed-out-everywhere", detail={}))


def load(session, user_id: str) -> Officer | None:
    """Flask-Login's loader: '<id>:<session version>', refused if the version moved on."""
    try:
        officer_id, version = (int(part) for part in user_id.split(":", 1))
    except (ValueError, AttributeError):
        return None
    officer = session.get(Officer, officer_id)
    if officer is None or not officer.active or officer.session_version != version:
        return None
    return officer


def update(session, officer_id: int, *, role: str | None = None, team: str | None = None,
           active: bool | None = None, reset_second_factor: bool = False, by: Officer) -> Officer:
    """An administrator changes an officer's role, team or access."""
    with writing(session):
        officer = session.get(Officer, officer_id)
        changes = {}
        team = team.strip() if team is not None else None
        if role is not None and role != officer.role:
            check_id(role, OFFICER_ROLES, "officer role")
            changes["role"] = [officer.role, role]
            officer.role = role
        if team is not None and (team or None) != officer.team:
            changes["team"] = [officer.team, team or None]
            officer.team = team or None
        if active is not None and active != officer.active:
            changes["active"] = [officer.active, active]
            officer.active = active
            officer.session_version += 1
        if reset_second_factor:
            officer.totp_secret = None
            officer.totp_confirmed_at = None
            officer.last_totp_step = None
            officer.recovery_codes.clear()
            officer.session_version += 1
            changes["second_factor"] = "reset"
        session.add(AuditEvent(actor=by.email, officer_id=by.id, action="officer-changed",
                               detail={"officer": officer.id, **changes}))
    return officer

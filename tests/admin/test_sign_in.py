"""Signing in: password then a TOTP code; set-up with a QR code and recovery codes;
lockout; no user enumeration; idle expiry; signing out everywhere; roles."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pyotp
import pytest

from portal import officers
from portal.extensions import db
from portal.models import AuditEvent, Officer
from tests.admin.conftest import PASSWORD, sign_in, sign_out
from tests.conftest import normalise

WRONG = "The email address or password is not right"


def _new_officer(app, email="new@example.gov.uk", role="officer"):
    with app.app_context():
        return officers.create(db.session, email=email, name="New Officer", password=PASSWORD, role=role).id


def test_first_sign_in_sets_up_the_authenticator_then_shows_recovery_codes(app, client_request):
    _new_officer(app)
    location = client_request.post("/admin/sign-in", {"email": "New@Example.gov.uk ", "password": PASSWORD})
    assert location.endswith("/admin/sign-in/set-up")
    page = client_request.get("/admin/sign-in/set-up")
    assert page.select_one(".app-qr svg") is not None, "a QR code is shown"
    secret = page.select_one("#totp-secret code").get_text(strip=True)
    assert len(secret) >= 16

    page = client_request.post("/admin/sign-in/set-up", {"code": "000000"}, expected_status=400)
    assert "The code is not right" in normalise(page.select_one(".govuk-error-summary"))

    location = client_request.post("/admin/sign-in/set-up", {"code": pyotp.TOTP(secret).now()})
    assert location.endswith("/admin/sign-in/recovery-codes")
    page = client_request.get("/admin/sign-in/recovery-codes")
    codes = [code.get_text(strip=True) for code in page.select(".app-recovery-codes code")]
    assert len(codes) == officers.RECOVERY_CODES and len(set(codes)) == len(codes)
    assert client_request.post("/admin/sign-in/recovery-codes", {}).endswith("/admin/queue")
    assert client_request.get("/admin/queue").h1.get_text(strip=True) == "What needs doing"

    # A recovery code signs in once, and only once.
    sign_out(client_request)
    client_request.post("/admin/sign-in", {"email": "new@example.gov.uk", "password": PASSWORD})
    assert client_request.post("/admin/sign-in/code", {"code": codes[0]}).endswith("/admin/queue")
    sign_out(client_request)
    client_request.post("/admin/sign-in", {"email": "new@example.gov.uk", "password": PASSWORD})
    client_request.post("/admin/sign-in/code", {"code": codes[0]}, expected_status=400)


def test_the_secret_is_not_kept_until_a_code_proves_it(app, client_request):
    officer_id = _new_officer(app)
    client_request.post("/admin/sign-in", {"email": "new@example.gov.uk", "password": PASSWORD})
    client_request.get("/admin/sign-in/set-up")
    with app.app_context():
        assert db.session.get(Officer, officer_id).totp_secret is None


def test_unknown_email_and_wrong_password_get_the_same_answer(app, client_request, make_officer):
    make_officer()
    unknown = client_request.post("/admin/sign-in", {"email": "nobody@example.gov.uk", "password": PASSWORD},
                                  expected_status=400)
    wrong = client_request.post("/admin/sign-in", {"email": "officer@example.gov.uk", "password": "not it at all"},
                                expected_status=400)
    assert WRONG in normalise(unknown.select_one(".govuk-error-summary"))
    assert normalise(unknown.select_one(".govuk-error-summary")) == normalise(wrong.select_one(".govuk-error-summary"))
    # What was typed is kept; the password never is.
    assert wrong.select_one("input[name=email]")["value"] == "officer@example.gov.uk"
    assert not wrong.select_one("input[name=password]").get("value")


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(app, client_request, make_officer):
    officer_id, secret = make_officer()
    for _ in range(officers.MAX_FAILED_SIGN_INS):
        client_request.post("/admin/sign-in", {"email": "officer@example.gov.uk", "password": "wrong password!"},
                            expected_status=400)
    page = client_request.post("/admin/sign-in", {"email": "officer@example.gov.uk", "password": PASSWORD},
                               expected_status=400)
    assert WRONG in normalise(page.select_one(".govuk-error-summary"))
    with app.app_context():
        actions = [e.action for e in db.session.query(AuditEvent).filter_by(officer_id=officer_id)]
        assert "account-locked" in actions and "sign-in-refused-locked" in actions
        # After the lockout the right password works again.
        later = datetime.now(timezone.utc) + officers.LOCKOUT + timedelta(seconds=1)
        assert officers.check_password(db.session, "officer@example.gov.uk", PASSWORD, now=later).outcome == "ok"


def test_a_code_cannot_be_used_twice(app, client_request, make_officer):
    _officer_id, secret = make_officer()
    code = pyotp.TOTP(secret).now()
    client_request.post("/admin/sign-in", {"email": "officer@example.gov.uk", "password": PASSWORD})
    assert client_request.post("/admin/sign-in/code", {"code": code}).endswith("/admin/queue")
    sign_out(client_request)
    client_request.post("/admin/sign-in", {"email": "officer@example.gov.uk", "password": PASSWORD})
    client_request.post("/admin/sign-in/code", {"code": code}, expected_status=400)


def test_the_code_page_needs_the_password_first(client_request):
    assert client_request.get("/admin/sign-in/code", expected_status=302).endswith("/admin/sign-in")
    assert client_request.get("/admin/sign-in/set-up", expected_status=302).endswith("/admin/sign-in")


@pytest.mark.parametrize("path", ["/admin/queue", "/admin/cases/ABCD-EFGH", "/admin/officers",
                                  "/admin/cases/new", "/admin/queue.csv", "/admin/account",
                                  "/admin/cases/ABCD-EFGH/export.json"])
def test_signed_out_people_are_sent_to_sign_in(client_request, path):
    assert "/admin/sign-in" in client_request.get(path, expected_status=302)


def test_an_officer_cannot_manage_officers(officer_request):
    officer_request.get("/admin/officers", expected_status=403)
    officer_request.post("/admin/officers/new", {"name": "X", "email": "x@example.gov.uk", "role": "administrator",
                                                 "password": "a long enough password",
                                                 "csrf_token": officer_request.csrf_token("/admin/account")},
                        expected_status=403)


def test_idle_sessions_end(app, officer_request):
    with officer_request.client.session_transaction() as session:
        session["admin_seen"] -= app.config["ADMIN_IDLE_MINUTES"] * 60 + 1
    assert officer_request.get("/admin/queue", expected_status=302).endswith("/admin/sign-in")
    assert "/admin/sign-in" in officer_request.get("/admin/queue", expected_status=302)


def test_sign_out_everywhere_ends_other_sessions(app, make_officer):
    from tests.conftest import PageClient

    _officer_id, secret = make_officer()
    first, second = PageClient(app.test_client()), PageClient(app.test_client())
    sign_in(first, "officer@example.gov.uk", secret)
    with app.app_context():
        # The second device signs in a step later with the next code.
        officer = officers.find(db.session, "officer@example.gov.uk")
        officer.last_totp_step -= 1
        db.session.commit()
    sign_in(second, "officer@example.gov.uk", secret)
    second.get("/admin/queue")
    first.post("/admin/account", {})
    assert "/admin/sign-in" in second.get("/admin/queue", expected_status=302)


def test_administrator_adds_an_officer_who_then_sets_up_their_authenticator(app, admin_request):
    admin_request.get("/admin/officers/new")
    page = admin_request.post("/admin/officers/new", {"name": "Nia", "email": "nia@example.gov.uk",
                                                      "role": "officer", "password": "short"}, expected_status=400)
    assert page.select_one("input[name=email]")["value"] == "nia@example.gov.uk"
    admin_request.post("/admin/officers/new", {"name": "Nia", "email": "nia@example.gov.uk", "role": "officer",
                                               "password": "a long enough password"})
    page = admin_request.get("/admin/officers")
    assert "Authenticator not set up yet" in normalise(page)
    with app.app_context():
        assert officers.find(db.session, "nia@example.gov.uk").role == "officer"


def test_stopping_an_officer_ends_their_sessions(app, admin_request, make_officer):
    from tests.conftest import PageClient

    officer_id, secret = make_officer()
    other = PageClient(app.test_client())
    sign_in(other, "officer@example.gov.uk", secret)
    admin_request.post(f"/admin/officers/{officer_id}", {"role": "officer", "team": ""})  # "active" unticked
    assert "/admin/sign-in" in other.get("/admin/queue", expected_status=302)

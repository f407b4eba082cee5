"""Officers, signed in through the real sign-in pages (password, then a TOTP code)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pyotp
import pytest

from portal import officers
from portal.extensions import db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def make_officer(app):
    """An officer whose authenticator is set up; returns (officer id, TOTP secret)."""

    def make(email="officer@example.gov.uk", role="officer", name="Olive Officer", team=None):
        with app.app_context():
            officer = officers.create(db.session, email=email, name=name, password=PASSWORD, role=role,
                                      team=team)
            secret = pyotp.random_base32()
            # Set up as the set-up page would, a minute ago, so the current code is fresh.
            code = pyotp.TOTP(secret).at(datetime.now(timezone.utc) - timedelta(seconds=60))
            officers.confirm_second_factor(db.session, officer.id, secret, code,
                                           now=datetime.now(timezone.utc) - timedelta(seconds=60))
            return officer.id, secret

    return make


def sign_in(client_request, email, secret):
    """The whole sign-in: password page, then the code page; returns where it lands."""
    location = client_request.post("/admin/sign-in", {"email": email, "password": PASSWORD})
    assert location.endswith("/admin/sign-in/code")
    return client_request.post("/admin/sign-in/code", {"code": pyotp.TOTP(secret).now()})


@pytest.fixture
def officer_request(client_request, make_officer):
    officer_id, secret = make_officer()
    assert sign_in(client_request, "officer@example.gov.uk", secret).endswith("/admin/queue")
    client_request.officer_id = officer_id
    return client_request


@pytest.fixture
def manager_request(client_request, make_officer):
    officer_id, secret = make_officer(email="manager@example.gov.uk", role="manager", name="Mo Manager")
    sign_in(client_request, "manager@example.gov.uk", secret)
    client_request.officer_id = officer_id
    return client_request


@pytest.fixture
def admin_request(client_request, make_officer):
    officer_id, secret = make_officer(email="admin@example.gov.uk", role="administrator", name="Ada Admin")
    sign_in(client_request, "admin@example.gov.uk", secret)
    client_request.officer_id = officer_id
    return client_request


def sign_out(client_request):
    """The sign-out button is on every officers' page; its form has no page of its own."""
    token = client_request.csrf_token("/admin/account")
    return client_request.post("/admin/sign-out", {"csrf_token": token})

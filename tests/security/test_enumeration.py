"""No user enumeration: nothing the portal answers tells whether an officer's address has an
account, whether an account is locked or stopped, or whether a case reference exists.

Already proved elsewhere, not repeated here: unknown email and wrong password get the same
error (tests/admin/test_sign_in.py), and a lost-link lookup answers the same whether or not
anything matched (tests/web/test_tracking.py).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from portal import officers
from portal.database import writing
from portal.extensions import db
from portal.models import Case, Officer
from tests.admin.conftest import PASSWORD, make_officer  # noqa: F401 (a fixture)
from tests.conftest import PageClient, normalise
from tests.web.journey import complete_journey

EMAIL = "officer@example.gov.uk"


def _refused(app, email, password):
    """A fresh browser's refused sign-in (status 400): the whole page's text."""
    pages = PageClient(app.test_client())
    page = pages.post("/admin/sign-in", {"email": email, "password": password}, expected_status=400)
    return normalise(page)


def test_every_refused_sign_in_gets_the_same_page(app, make_officer):  # noqa: F811
    officer_id, _secret = make_officer()
    make_officer(email="stopped@example.gov.uk")
    with app.app_context(), writing(db.session):
        db.session.scalar(select(Officer).where(Officer.email == "stopped@example.gov.uk")).active = False

    unknown = _refused(app, "nobody@example.gov.uk", PASSWORD)
    wrong = _refused(app, EMAIL, "not the password at all")
    stopped = _refused(app, "stopped@example.gov.uk", PASSWORD)
    for _ in range(officers.MAX_FAILED_SIGN_INS - 1):
        _refused(app, EMAIL, "not the password at all")
    locked = _refused(app, EMAIL, PASSWORD)  # the right password, on a locked account
    with app.app_context():
        assert db.session.get(Officer, officer_id).locked_until is not None
    assert unknown == wrong == stopped == locked
    assert "The email address or password is not right" in unknown


def test_every_password_answer_does_the_same_work(app, make_officer, monkeypatch):  # noqa: F811
    """Timing: each answer checks one scrypt hash (a dummy one where there is no account),
    so how long the answer takes does not say which it was."""
    make_officer()
    make_officer(email="stopped@example.gov.uk")
    checks = []
    real_check = officers.check_password_hash

    def counting(hash_, password):
        checks.append(hash_.split("$", 1)[0])
        return real_check(hash_, password)

    monkeypatch.setattr(officers, "check_password_hash", counting)
    later = datetime.now(timezone.utc) + timedelta(hours=1)
    with app.app_context():
        with writing(db.session):
            db.session.scalar(select(Officer).where(Officer.email == "stopped@example.gov.uk")).active = False
        outcomes = {}
        for name, email, password in [("unknown", "nobody@example.gov.uk", PASSWORD),
                                      ("stopped", "stopped@example.gov.uk", PASSWORD),
                                      ("wrong", EMAIL, "not the password at all"),
                                      ("right", EMAIL, PASSWORD)]:
            checks.clear()
            outcomes[name] = (officers.check_password(db.session, email, password).outcome, list(checks))
        with writing(db.session):
            db.session.scalar(select(Officer).where(Officer.email == EMAIL)).locked_until = later
        checks.clear()
        outcomes["locked"] = (officers.check_password(db.session, EMAIL, PASSWORD).outcome, list(checks))
    assert {name: outcome for name, (outcome, _c) in outcomes.items()} == {
        "unknown": "invalid", "stopped": "invalid", "wrong": "invalid", "right": "ok", "locked": "locked"}
    for name, (_outcome, hashes) in outcomes.items():
        assert len(hashes) == 1 and hashes[0].startswith("scrypt"), (name, hashes)


def test_a_confirmation_page_for_someone_elses_case_looks_like_no_case_at_all(app, client_request):
    _visited, confirmation = complete_journey(client_request)
    reference = confirmation.rsplit("/", 1)[1]
    with app.app_context():
        assert db.session.scalar(select(Case).where(Case.reference == reference)) is not None
    other = app.test_client()
    real = other.get(confirmation)
    made_up = other.get(confirmation.replace(reference, "ZZZZ-ZZZZ"))
    assert real.status_code == made_up.status_code == 404
    # The same page, but for the address it was asked at (in the language links).
    assert _without_nonce(real.data).replace(reference.encode(), b"ZZZZ-ZZZZ") == _without_nonce(made_up.data)


def _without_nonce(html: bytes) -> bytes:
    return re.sub(rb'nonce="[^"]+"', b'nonce=""', html)


@pytest.mark.parametrize("path", ["/admin/cases/{reference}", "/admin/cases/{reference}/attachments/1"])
def test_signed_out_people_learn_nothing_about_which_references_exist(app, client_request, path):
    _visited, confirmation = complete_journey(client_request)
    reference = confirmation.rsplit("/", 1)[1]
    stranger = app.test_client()
    real = stranger.get(path.format(reference=reference))
    made_up = stranger.get(path.format(reference="ZZZZ-ZZZZ"))
    assert real.status_code == made_up.status_code == 302
    assert real.location.replace(reference, "ZZZZ-ZZZZ") == made_up.location

"""Save and come back later: an emailed link, no password (WCAG 3.3.8), drafts that expire."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import select

from portal.extensions import db
from portal.journey.drafts import delete_expired
from portal.models import Draft, Message
from tests.conftest import normalise
from tests.web.journey import ANSWERS


def _start(client_request):
    client_request.get("/tell-us/", expected_status=302)
    client_request.post("/tell-us/kind", ANSWERS["kind"])
    client_request.post("/tell-us/role", ANSWERS["role"])


def _link(app):
    with app.app_context():
        message = db.session.scalar(select(Message).where(Message.purpose == "resume-draft"))
        return next(line for line in message.body_text.splitlines() if "/tell-us/resume/" in line).strip()


def test_a_saved_journey_carries_on_in_another_browser_from_the_emailed_link(app, client_request):
    _start(client_request)
    page = client_request.get("/tell-us/child")
    assert page.find("a", string="Save and come back later") is not None
    client_request.get("/tell-us/save")
    page = client_request.post("/tell-us/save", {"email": "not an email"}, expected_status=400)
    assert page.select_one("input[name=email]")["value"] == "not an email"
    assert client_request.post("/tell-us/save", {"email": "pat@example.com"}).endswith("/tell-us/saved")

    link = _link(app)
    other = app.test_client()
    response = other.get(link.split("http://127.0.0.1:5000", 1)[1])
    assert response.status_code == 302
    # The journey carries on at the first question not yet answered, with the answers kept.
    following = other.get("/tell-us/", follow_redirects=False)
    assert following.location.endswith("/tell-us/child")
    assert 'value="parent"' in other.get("/tell-us/role").get_data(as_text=True)


def test_a_wrong_or_used_link_does_not_open_anything(app, client):
    response = client.get("/tell-us/resume/" + "x" * 43)
    assert response.status_code == 404
    assert "This link does not work" in response.get_data(as_text=True)


def test_saved_drafts_are_deleted_after_the_documented_period(app, client_request):
    _start(client_request)
    client_request.post("/tell-us/save", {"email": "pat@example.com"})
    link = _link(app)
    with app.app_context():
        draft = db.session.scalar(select(Draft))
        draft.updated_at = datetime.now(timezone.utc) - timedelta(days=app.config["DRAFT_LIFETIME_DAYS"] + 1)
        db.session.commit()
        assert delete_expired(db.session, app.config["DRAFT_LIFETIME_DAYS"], app.config["UPLOAD_FOLDER"]) == 1
    assert app.test_client().get(link.split("http://127.0.0.1:5000", 1)[1]).status_code == 404
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert "DRAFT_LIFETIME_DAYS" in readme

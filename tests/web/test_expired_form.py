"""A form sent after its CSRF token expired: shown again with what was typed, nothing lost.

The app fixture keeps CSRF protection on, as in production.
"""

from __future__ import annotations

import time
from types import SimpleNamespace

import itsdangerous.timed
import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Draft, SafeguardingAlert
from tests.conftest import normalise
from tests.web.steps import checked, date_parts, reach, step_of, value_of

WARNING = "This page was open for a long time, so we could not save it."


@pytest.fixture
def hours_later(app, monkeypatch):
    """Move the clock that signs and checks CSRF tokens forward past their time limit."""

    def move():
        later = time.time() + app.config["WTF_CSRF_TIME_LIMIT"] + 60
        monkeypatch.setattr(itsdangerous.timed, "time", SimpleNamespace(time=lambda: later))

    return move


def draft_answers(app):
    with app.app_context():
        (answers,) = db.session.scalars(select(Draft.answers)).all()
        return answers


CONTACT = {"name": "Pat Jones", "contact_method": "phone", "phone": "07700 900982"}


def assert_contact_kept(page):
    assert value_of(page, "name") == CONTACT["name"]
    assert checked(page, "contact_method") == [CONTACT["contact_method"]]
    assert value_of(page, "phone") == CONTACT["phone"]


def test_a_wrong_token_shows_the_form_again_with_what_was_typed(app, client_request):
    path = reach(client_request, "contact")
    before = draft_answers(app)
    page = client_request.post(path, {**CONTACT, "csrf_token": "not-the-token"}, expected_status=400)
    assert WARNING in normalise(page.select_one(".govuk-warning-text"))
    assert_contact_kept(page)
    # Nothing was validated, so nothing is shown as wrong.
    assert page.select_one(".govuk-error-summary") is None
    assert not page.title.get_text().startswith("Error:")
    # The answers given before are all still kept, and the unsaved page was not saved.
    assert draft_answers(app) == before
    assert "contact" not in before and "kind" in before and "advocate" in before


def test_pressing_continue_again_saves_the_answers(app, client_request):
    path = reach(client_request, "contact")
    page = client_request.post(path, {**CONTACT, "csrf_token": "not-the-token"}, expected_status=400)
    fresh = page.select_one("form input[name=csrf_token]")["value"]
    location = client_request.post(path, {**CONTACT, "csrf_token": fresh})
    assert step_of(location) == "language"
    assert draft_answers(app)["contact"]["phone"] == CONTACT["phone"]


def test_a_form_left_open_past_the_time_limit_keeps_what_was_typed(app, client_request, hours_later):
    path = reach(client_request, "what-happened")
    token = client_request.csrf_token(path)
    hours_later()
    typed = {"description": "Nobody came to the meeting.", "events_date": ["4", "7", "2025"]}
    page = client_request.post(path, {**typed, "csrf_token": token}, expected_status=400)
    assert WARNING in normalise(page)
    assert value_of(page, "description").strip() == typed["description"]
    assert date_parts(page, "events_date") == typed["events_date"]
    assert "what-happened" not in draft_answers(app)
    assert draft_answers(app)["kind"] == {"kind": "complaint"}


def test_a_form_sent_without_a_token_is_treated_as_expired(app, client_request):
    path = reach(client_request, "kind")
    page = client_request.post(path, {"kind": "compliment"}, expected_status=400, csrf=False)
    assert WARNING in normalise(page)
    assert checked(page, "kind") == ["compliment"]
    assert "kind" not in draft_answers(app)


def test_an_expired_upload_page_is_shown_again_not_a_crash(client_request):
    path = reach(client_request, "attachments")
    page = client_request.post(path, {"csrf_token": "not-the-token"}, expected_status=400)
    assert WARNING in normalise(page)


def test_an_expired_form_on_another_page_gets_the_friendly_expired_page(app, client_request):
    page = client_request.post("/help-now", {"message": "Help", "csrf_token": "not-the-token"},
                               expected_status=400)
    assert normalise(page.h1) == "This page has expired"
    assert "The page was open for a long time" in normalise(page)
    with app.app_context():
        assert db.session.scalars(select(SafeguardingAlert)).all() == []


def test_an_expired_journey_form_without_a_started_form_gets_the_expired_page(client_request):
    # No draft in this browser: there are no answers to show again.
    page = client_request.post("/tell-us/kind", {"kind": "complaint", "csrf_token": "x"},
                               expected_status=400)
    assert normalise(page.h1) == "This page has expired"


def test_an_expired_check_your_answers_does_not_send_and_keeps_the_draft(app, client_request):
    from tests.web.steps import reach_check

    reach_check(client_request)
    page = client_request.post("/tell-us/check-your-answers", {"csrf_token": "x"}, expected_status=400)
    assert normalise(page.h1) == "This page has expired"
    link = page.find("a", string=lambda s: s and "Go back to your form" in s)
    assert link is not None
    # The way back leads to the answers, all still there.
    assert step_of(client_request.get(link["href"], expected_status=302)) == "check-your-answers"
    assert "attachments" in draft_answers(app)

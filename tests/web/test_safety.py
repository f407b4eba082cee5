"""Someone who is not safe can leave any page at once, or get help from any page."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.journey import flow
from portal.models import AuditEvent, SafeguardingAlert
from tests.conftest import normalise
from tests.web.journey import path_of
from tests.web.steps import reach, reach_check, summary_errors, value_of

INFORMATION_PAGES = ["/", "/which-procedure", "/accessibility", "/privacy", "/cookies", "/help-now"]


def assert_safety_links(app, page, path):
    exit_component = page.select(".govuk-exit-this-page")
    assert len(exit_component) == 1, path
    exit_link = exit_component[0].select_one("a")
    assert exit_link["href"] == app.config["EXIT_PAGE_URL"]
    assert "Exit this page" in normalise(exit_link)

    help_links = [a for a in page.select("a") if "I am not safe" in normalise(a)]
    assert len(help_links) == 1, path
    target = urlsplit(help_links[0]["href"])
    assert target.path == "/help-now"
    # The help page is told where the person was.
    assert parse_qs(target.query).get("from") == [path]


@pytest.mark.parametrize("path", INFORMATION_PAGES)
def test_every_information_page_has_exit_and_get_help_links(app, client_request, path):
    assert_safety_links(app, client_request.get(path), path)


@pytest.mark.parametrize("step_id", [step.id for step in flow.STEPS])
def test_every_question_has_exit_and_get_help_links(app, client_request, step_id):
    path = reach(client_request, step_id)
    assert_safety_links(app, client_request.get(path), path)


def test_a_question_with_errors_keeps_the_exit_and_get_help_links(app, client_request):
    path = reach(client_request, "contact")
    page = client_request.post(path, {}, expected_status=400)
    assert_safety_links(app, page, path)


def test_check_your_answers_and_the_confirmation_have_exit_and_get_help_links(app, client_request):
    reach_check(client_request)
    assert_safety_links(app, client_request.get("/tell-us/check-your-answers"), "/tell-us/check-your-answers")
    confirmation = path_of(client_request.post("/tell-us/check-your-answers", {}))
    assert_safety_links(app, client_request.get(confirmation), confirmation)


def test_error_pages_have_exit_and_get_help_links(app, client_request):
    assert_safety_links(app, client_request.get("/no-such-page", expected_status=404), "/no-such-page")
    expired = client_request.post("/help-now", {"csrf_token": "wrong"}, expected_status=400)
    assert_safety_links(app, expired, "/help-now")
    sent = client_request.post("/help-now", {})
    assert_safety_links(app, client_request.get(path_of(sent)), "/help-now/sent")


def test_help_now_gives_the_emergency_numbers_and_the_councils(app, client_request, monkeypatch):
    monkeypatch.setitem(app.config, "COUNCIL_CHILDRENS_SERVICES_PHONE", "01632 960 123")
    monkeypatch.setitem(app.config, "COUNCIL_OUT_OF_HOURS_PHONE", "01632 960 999")
    page = client_request.get("/help-now")
    text = normalise(page)
    assert "999" in text and "0800 1111" in text
    assert "01632 960 123" in text and "01632 960 999" in text
    phones = {a["href"] for a in page.select("a[href^='tel:']")}
    assert {"tel:999", "tel:08001111", "tel:01632960123", "tel:01632960999"} <= phones


def alerts(app):
    with app.app_context():
        found = db.session.scalars(select(SafeguardingAlert)).all()
        db.session.expunge_all()
        return found


def test_telling_the_council_records_an_alert_and_an_audit_event(app, client_request):
    location = client_request.post("/help-now?from=/tell-us/contact", {
        "message": "My foster carer hit me.", "contact": "07700 900982"})
    assert path_of(location) == "/help-now/sent"
    (alert,) = alerts(app)
    assert alert.source == "safety-page"
    assert alert.message == "My foster carer hit me."
    assert alert.contact == "07700 900982"
    assert alert.page == "/tell-us/contact"
    assert alert.case_id is None
    with app.app_context():
        (event,) = db.session.scalars(select(AuditEvent)).all()
        assert event.action == "safeguarding-alert"
        assert event.detail["alert"] == alert.id
        assert event.detail["source"] == "safety-page"
    page = client_request.get("/help-now/sent")
    assert normalise(page.h1) == "We have told the safeguarding team"


def test_telling_the_council_with_nothing_typed_still_records_an_alert(app, client_request):
    assert path_of(client_request.post("/help-now", {})) == "/help-now/sent"
    (alert,) = alerts(app)
    assert (alert.message, alert.contact, alert.page) == (None, None, None)


def test_too_long_a_message_is_an_error_that_keeps_what_was_typed(app, client_request):
    message = "x" * 2001
    page = client_request.post("/help-now", {"message": message, "contact": "In the park"},
                               expected_status=400)
    assert summary_errors(page) == {"message": "This must be 2,000 characters or fewer"}
    assert value_of(page, "contact") == "In the park"
    assert value_of(page, "message").strip() == message
    assert alerts(app) == []


@pytest.mark.parametrize(("came_from", "recorded"), [
    ("/tell-us/what-happened", "/tell-us/what-happened"),
    ("/tell-us/contact?change=1", "/tell-us/contact?change=1"),
    ("https://evil.example/tell-us/contact", None),
    ("//evil.example/path", None),
    ("javascript:alert(1)", None),
    ("tell-us/contact", None),
])
def test_only_a_page_of_this_site_is_recorded_as_where_the_person_was(app, client, came_from, recorded):
    from tests.conftest import PageClient

    pages = PageClient(client)
    token = pages.csrf_token("/help-now")
    response = client.post("/help-now", query_string={"from": came_from},
                           data={"csrf_token": token, "message": "Help"})
    assert response.status_code == 302
    (alert,) = alerts(app)
    assert alert.page == recorded


@pytest.mark.parametrize(("referrer", "recorded"), [
    ("http://localhost/tell-us/safety", "/tell-us/safety"),
    ("https://evil.example/tell-us/safety", None),
])
def test_without_from_the_referring_page_of_this_site_is_recorded(app, client, referrer, recorded):
    from tests.conftest import PageClient

    token = PageClient(client).csrf_token("/help-now")
    response = client.post("/help-now", data={"csrf_token": token}, headers={"Referer": referrer})
    assert response.status_code == 302
    (alert,) = alerts(app)
    assert alert.page == recorded


"""The warning before an officer's session ends (WCAG 2.2.1): every officers' page carries
it; asking how long is left does not count as using the service; "stay signed in" does;
running out signs the officer out with the reason. The browser side is in
tests/browser/test_session_timeout.py."""

from __future__ import annotations

import pytest

from admin.timeout import warning_seconds
from tests.conftest import normalise

IDLE_MESSAGE = "You were signed out because you had not used the service for a while."


def _idle_for(client, seconds):
    client.get("/admin/queue")  # signed in and seen now
    with client.session_transaction() as session:
        session["admin_seen"] -= seconds
        session["admin_since"] -= seconds


def _status(officer_request, token, method="GET"):
    client = officer_request.client
    response = client.open("/admin/session", method=method, headers={"X-CSRFToken": token, "Accept": "application/json"})
    assert response.status_code == 200 and response.is_json
    return response.get_json()


def test_every_officers_page_carries_the_warning_with_its_timings(app, officer_request):
    page = officer_request.get("/admin/queue")
    dialog = page.select_one("dialog[data-module='app-session-timeout']")
    assert dialog is not None
    assert dialog["aria-labelledby"] == "app-session-timeout-title"
    assert normalise(page.select_one("#app-session-timeout-title")) == "You will be signed out soon"
    idle = app.config["ADMIN_IDLE_MINUTES"] * 60
    assert idle - 5 <= int(dialog["data-seconds-left"]) <= idle
    assert int(dialog["data-warning-seconds"]) == 120  # ADMIN_IDLE_WARNING_SECONDS
    assert dialog["data-status-url"] == "/admin/session"
    buttons = [normalise(b) for b in dialog.select("button")]
    assert buttons == ["Stay signed in", "Sign out now"]


def test_signed_out_pages_have_no_warning(client_request):
    page = client_request.get("/admin/sign-in")
    assert page.select_one("dialog[data-module='app-session-timeout']") is None


def test_asking_how_long_is_left_does_not_count_as_using_the_service(app, officer_request):
    token = officer_request.csrf_token("/admin/account")
    _idle_for(officer_request.client, 600)
    first = _status(officer_request, token)
    assert first["can_extend"] is True
    idle = app.config["ADMIN_IDLE_MINUTES"] * 60
    assert idle - 600 - 5 <= first["seconds_left"] <= idle - 600
    again = _status(officer_request, token)
    assert again["seconds_left"] <= first["seconds_left"]


def test_staying_signed_in_starts_the_idle_time_again(app, officer_request):
    token = officer_request.csrf_token("/admin/account")
    _idle_for(officer_request.client, 600)
    answer = _status(officer_request, token, "POST")
    assert answer["seconds_left"] >= app.config["ADMIN_IDLE_MINUTES"] * 60 - 5


def test_staying_signed_in_needs_the_csrf_token(officer_request):
    response = officer_request.client.post("/admin/session")
    assert response.status_code == 400


def test_near_the_end_of_the_whole_session_staying_cannot_lengthen_it(app, officer_request):
    whole = app.config["ADMIN_SESSION_HOURS"] * 3600
    token = officer_request.csrf_token("/admin/account")
    with officer_request.client.session_transaction() as session:
        session["admin_since"] -= whole - 60
    answer = _status(officer_request, token, "POST")
    assert answer["can_extend"] is False
    assert 50 <= answer["seconds_left"] <= 60


def test_the_warning_says_so_when_the_whole_session_is_ending(officer_request):
    page = officer_request.get("/admin/queue")
    whole = page.select_one("[data-session-when='whole']")
    assert "sign in again every 12 hours" in normalise(whole)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_once_the_time_has_run_out_the_answer_is_the_sign_in_page(app, officer_request, method):
    token = officer_request.csrf_token("/admin/account")
    _idle_for(officer_request.client, app.config["ADMIN_IDLE_MINUTES"] * 60 + 1)
    response = officer_request.client.open("/admin/session", method=method, headers={"X-CSRFToken": token})
    assert response.status_code == 302 and response.location.endswith("/admin/sign-in")


def test_running_out_signs_out_with_the_reason(officer_request):
    token = officer_request.csrf_token("/admin/account")
    location = officer_request.post("/admin/session/timed-out", {"csrf_token": token})
    assert location.endswith("/admin/sign-in")
    page = officer_request.get("/admin/sign-in")
    assert IDLE_MESSAGE in normalise(page)
    assert "/admin/sign-in" in officer_request.get("/admin/queue", expected_status=302)


def test_sign_out_now_is_an_ordinary_sign_out(officer_request):
    page = officer_request.get("/admin/queue")
    form = page.select_one("dialog form[data-session-sign-out]")
    assert form["action"] == "/admin/sign-out"
    token = form.select_one("input[name='csrf_token']")["value"]
    officer_request.post(form["action"], {"csrf_token": token})
    assert "You have signed out." in normalise(officer_request.get("/admin/sign-in"))


def test_the_warning_is_translated(officer_request):
    officer_request.client.get("/language/cy")
    page = officer_request.get("/admin/queue")
    assert normalise(page.select_one("#app-session-timeout-title")) == "Byddwch yn cael eich allgofnodi cyn bo hir"
    assert normalise(page.select_one("[data-session-stay]")) == "Aros wedi mewngofnodi"


@pytest.mark.parametrize(("idle_minutes", "setting", "expected"), [
    (30, 120, 120),   # the setting
    (3, 120, 60),     # a third of a short idle time
    (0.5, 120, 20),   # never under WCAG 2.2.1's 20 seconds
    (30, 5, 20),
])
def test_the_warning_opens_long_enough_before_the_end(app, monkeypatch, idle_minutes, setting, expected):
    monkeypatch.setitem(app.config, "ADMIN_IDLE_MINUTES", idle_minutes)
    monkeypatch.setitem(app.config, "ADMIN_IDLE_WARNING_SECONDS", setting)
    with app.app_context():
        assert warning_seconds() == expected

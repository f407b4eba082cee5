"""The warning before an officer's session ends, in Chromium (WCAG 2.2.1 Timing
Adjustable): it opens before the end and takes focus, passes axe, fits a 320px screen;
"Stay signed in" gives the time back and returns focus; typing counts as using the
service; nobody answering ends on the sign-in page saying why.

The idle time is shortened to 30 seconds for these tests; the warning then opens 20
seconds before the end, the least WCAG allows (admin.timeout.warning_seconds)."""

from __future__ import annotations

import pytest

from tests.browser.axe import assert_no_violations, axe_source
from tests.browser.checks import horizontal_overflow, resize
from tests.browser.conftest import new_context
from tests.browser.pages import CASE, sign_in_officer

pytestmark = pytest.mark.browser

IDLE_MINUTES = 0.5
DIALOG = "dialog[data-module='app-session-timeout']"
IDLE_MESSAGE = "You were signed out because you had not used the service for a while."

_SECONDS_LEFT = """async () => {
  const response = await fetch('/admin/session', {headers: {Accept: 'application/json'}})
  return (await response.json()).seconds_left
}"""


@pytest.fixture
def officer_page(browser, live_server, monkeypatch):
    monkeypatch.setitem(live_server.app.config, "ADMIN_IDLE_MINUTES", IDLE_MINUTES)
    monkeypatch.setitem(live_server.app.config, "ADMIN_IDLE_WARNING_SECONDS", 20)
    context = new_context(browser)
    context.add_init_script(script=axe_source())
    page = context.new_page()
    sign_in_officer(page, live_server)
    yield page
    context.close()


def test_the_warning_opens_before_the_end_and_staying_gives_the_time_back(officer_page):
    page = officer_page
    page.locator("a.govuk-service-navigation__link").first.focus()
    before = page.evaluate("document.activeElement.outerHTML")

    page.wait_for_selector(f"{DIALOG}[open]", timeout=25_000)
    left = page.evaluate(_SECONDS_LEFT)
    assert 0 < left <= 20, f"opened with {left} s left"
    assert page.evaluate("document.activeElement.id") == "app-session-timeout-title"
    shown = page.locator(f"{DIALOG} [data-session-end]").first.inner_text()
    assert shown.strip(), "the time the session ends is not shown"
    assert page.locator(f"{DIALOG} [data-session-when='whole']").is_hidden()
    assert_no_violations(page, "the session timeout warning")
    resize(page, 320)
    assert horizontal_overflow(page) is None
    # The dialog is modal: the keyboard stays in it, and its first button is next.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Stay signed in"

    page.keyboard.press("Enter")
    page.wait_for_selector(f"{DIALOG}[open]", state="detached")
    assert page.evaluate("document.activeElement.outerHTML") == before
    assert page.evaluate(_SECONDS_LEFT) > 25


def test_escape_is_the_same_as_staying(officer_page):
    page = officer_page
    page.wait_for_selector(f"{DIALOG}[open]", timeout=25_000)
    page.keyboard.press("Escape")
    page.wait_for_selector(f"{DIALOG}[open]", state="detached")
    assert page.evaluate(_SECONDS_LEFT) > 25


def test_typing_counts_as_using_the_service(officer_page, live_server):
    page = officer_page
    page.goto(live_server(f"/admin/cases/{CASE}/note"))
    note = page.locator("textarea").first
    note.type("Rang Pat back")
    # Past the moment the warning was due: no warning, the time given back, the words kept.
    page.wait_for_timeout(13_000)
    assert page.locator(f"{DIALOG}[open]").count() == 0
    assert page.evaluate(_SECONDS_LEFT) > 20
    assert note.input_value() == "Rang Pat back"


def test_when_nobody_answers_the_officer_is_signed_out_and_told_why(officer_page):
    page = officer_page
    page.wait_for_selector(f"{DIALOG}[open]", timeout=25_000)
    page.wait_for_url("**/admin/sign-in", timeout=30_000)
    assert IDLE_MESSAGE in page.locator("main").inner_text()
    assert page.locator(DIALOG).count() == 0


def test_when_the_server_ended_it_first_the_page_shows_why(officer_page, live_server, monkeypatch):
    page = officer_page
    # The page was told 30 seconds; the server now ends sessions idle for 6, before the
    # page's first check at 10: that check is answered with a redirect to sign in.
    monkeypatch.setitem(live_server.app.config, "ADMIN_IDLE_MINUTES", 0.1)
    page.wait_for_url("**/admin/sign-in", timeout=25_000)
    assert IDLE_MESSAGE in page.locator("main").inner_text()


def test_signed_out_in_another_tab_the_page_goes_to_sign_in(officer_page, live_server):
    page = officer_page
    other = page.context.new_page()
    other.goto(live_server("/admin/account"))
    other.locator("form.app-sign-out button").click()
    other.wait_for_url("**/admin/sign-in")
    page.wait_for_url("**/admin/sign-in", timeout=25_000)
    assert page.locator(DIALOG).count() == 0

"""Every public page, in every language and in easy read (where the language has it), at
1280px and 320px wide, in its error states: no WCAG 2.2 AA violation found by axe-core,
the right lang and dir, no sideways scrolling. Each page is loaded once and checked at
each width in turn."""

from __future__ import annotations

import pytest

from portal.config import LANGUAGES
from portal.journey import flow
from tests.browser.checks import inspect
from tests.browser.pages import (
    EASY_READ_JOURNEY_LOCALES,
    JOURNEYS,
    NOT_PAGES,
    SCANNED,
    SIGNED_IN_BLUEPRINTS,
    UNREACHED,
    VERSIONS,
    Findings,
    answer_by_request,
    answers_for,
    area_cases,
    fill,
    has_required_answer,
    step_of,
    submit,
)

pytestmark = pytest.mark.browser

LOCALES = list(LANGUAGES)


def _choose(page, live_server, locale, easy_read=False):
    """Set the language (and easy read) for the session, as the links in the header do."""
    page.goto(live_server(f"/language/{locale}"))
    if easy_read:
        page.goto(live_server("/easy-read/on"))
        if "app-easy-read" not in (page.get_attribute("body", "class") or ""):
            pytest.skip(f"no easy read in {LANGUAGES[locale]['name']} yet")


def _error_shown(page) -> bool:
    return page.locator(".govuk-error-summary").count() == 1


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("area, locale", area_cases(), ids=lambda v: getattr(v, "name", v))
def test_pages_pass_axe(scan_page, live_server, area, locale, version):
    if version not in area.versions:
        pytest.skip(f"{area.name} has no {version} version")
    page = scan_page
    _choose(page, live_server, locale, VERSIONS[version])
    if area.sign_in:
        area.sign_in(page, live_server)
    findings = Findings()
    for path, status in area.paths:
        response = page.goto(live_server(path))
        assert response.status == status, f"{path}: HTTP {response.status}, expected {status}"
        inspect(page, findings, path, locale)
    findings.check()


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("locale", LOCALES)
def test_forms_outside_the_journey_pass_axe(scan_page, live_server, locale, version):
    """Get help now with an error and once sent; finding a case again sent empty."""
    page = scan_page
    _choose(page, live_server, locale, VERSIONS[version])
    findings = Findings()
    page.goto(live_server("/help-now"))
    page.fill("[name=message]", "x" * 2001)
    submit(page)
    assert _error_shown(page), "a too-long message shows an error"
    inspect(page, findings, "/help-now with an error", locale)
    page.fill("[name=message]", "")
    submit(page)
    assert page.url.endswith("/help-now/sent"), page.url
    inspect(page, findings, "/help-now/sent", locale)

    page.goto(live_server("/track/"))
    submit(page)
    assert _error_shown(page), "/track/ sent empty shows no error"
    inspect(page, findings, "/track/ sent empty", locale)
    findings.check()


@pytest.mark.parametrize("locale, version", [(locale, "standard") for locale in LOCALES]
                         + [(locale, "easy-read") for locale in EASY_READ_JOURNEY_LOCALES])
def test_journey_pages_pass_axe(scan_page, live_server, locale, version):
    """Each question once (and sent empty where it needs an answer), saving to come back
    later, check your answers and the confirmation of each kind of feedback, and the
    pages that follow a complaint."""
    page = scan_page
    _choose(page, live_server, locale, VERSIONS[version])
    findings = Findings()
    seen: set[str] = set()

    def scan(where):
        inspect(page, findings, where, locale)

    def scan_saving(back_to):
        page.goto(live_server("/tell-us/save"))
        scan("/tell-us/save")
        page.fill("[name=email]", "")
        submit(page)
        assert _error_shown(page), "/tell-us/save sent empty shows no error"
        scan("/tell-us/save sent empty")
        page.fill("[name=email]", "pat@example.com")
        submit(page)
        assert page.url.endswith("/tell-us/saved"), page.url
        scan("/tell-us/saved")
        page.goto(back_to)

    def scan_following(journey):
        """The private link on the confirmation, and what the person can do from there."""
        with page.expect_navigation():
            page.click(".app-tracking-link a")
        assert page.url.endswith("/track/case"), page.url
        scan(f"/track/case ({journey})")
        actions = page.locator("main a[href*='/track/case/']").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))")
        assert actions, "the case's page offers nothing to do"
        for href in actions:
            page.goto(live_server(href))
            scan(href)
            if href.endswith("/add-information"):
                submit(page)
                assert _error_shown(page), "adding nothing shows no error"
                scan(f"{href} sent empty")

    for journey in JOURNEYS:
        answers = answers_for(journey)
        page.goto(live_server("/tell-us/"))
        url = page.url
        for _ in range(len(flow.STEPS) + 1):
            step = step_of(url)
            assert step, f"{journey}: left the journey at {url}"
            if step == "check-your-answers":
                break
            if "save" not in seen and seen:
                seen.add("save")
                scan_saving(url)
            if step in seen:
                # Scanned already in this language: answer it without drawing it again.
                url = answer_by_request(page, url, answers[step])
                continue
            if page.url != url:
                page.goto(url)
            seen.add(step)
            scan(f"/tell-us/{step}")
            if has_required_answer(flow.STEPS_BY_ID[step]):
                submit(page)
                assert step_of(page.url) == step and _error_shown(page), (
                    f"/tell-us/{step} sent empty shows no error: {page.url} {page.title()!r}")
                scan(f"/tell-us/{step} sent empty")
            if step == "attachments":
                submit(page, "upload")
                assert _error_shown(page), "Upload file with no file shows no error"
                scan(f"/tell-us/{step} uploaded with no file")
            if step == flow.STEPS[0].id:
                # The form's token expired while it was open: the answers come back.
                fill(page, answers[step])
                page.evaluate("document.querySelector('input[name=csrf_token]').value = 'expired'")
                submit(page)
                assert page.locator(".govuk-warning-text").count(), "an expired form says so"
                scan(f"/tell-us/{step} after its form expired")
            fill(page, answers[step])
            submit(page)
            url = page.url
        else:
            raise AssertionError(f"{journey}: the journey never reaches check your answers")
        if page.url != url:
            page.goto(url)
        scan(f"/tell-us/check-your-answers ({journey})")
        submit(page)
        assert "/tell-us/confirmation/" in page.url, page.url
        scan(f"confirmation ({journey})")
        if "following" not in seen:
            seen.add("following")
            scan_following(journey)

    never = set(flow.STEPS_BY_ID) - seen
    assert not never, f"never asked: {never}"
    findings.check()


def test_every_public_page_is_scanned(live_server):
    """A new public page must join the scans (tests/browser/pages.py, SCANNED)."""
    listed = set(SCANNED) | set(NOT_PAGES) | set(UNREACHED)
    endpoints = {
        rule.endpoint for rule in live_server.app.url_map.iter_rules()
        if "GET" in rule.methods and rule.endpoint.split(".")[0] not in SIGNED_IN_BLUEPRINTS
    }
    assert endpoints - listed == set(), "public pages the browser tests do not scan"
    assert listed - endpoints == set(), "pages listed in tests/browser/pages.py that no longer exist"

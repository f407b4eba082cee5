"""The whole journey works with JavaScript switched off, at 320px wide.

axe-core cannot run in such a page (its timers never fire), so these pages are checked
for sideways scrolling and their error summary's links; axe scans them with JavaScript
on in test_accessibility.
"""

from __future__ import annotations

import pytest

from tests.browser.checks import HEIGHT, REFLOW_WIDTH, horizontal_overflow
from tests.browser.pages import JOURNEYS, answers_for, fill, step_of, submit

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("journey", list(JOURNEYS))
def test_journey_without_javascript(no_js_page, live_server, journey):
    page = no_js_page
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": HEIGHT})
    answers = answers_for(journey)
    problems = []

    def check():
        assert "js-enabled" not in (page.get_attribute("body", "class") or "")
        overflow = horizontal_overflow(page)
        if overflow:
            problems.append(f"{page.url}:\n{overflow}")

    page.goto(live_server("/"))
    check()
    with page.expect_navigation():
        page.click("a.govuk-button--start")
    while (step := step_of(page.url)) != "check-your-answers":
        assert step, f"left the journey at {page.url}"
        check()
        if step == "kind":
            submit(page)
            links = page.locator(".govuk-error-summary a")
            assert links.count() >= 1, "sent empty: no error summary"
            for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
                assert page.locator(href).count() == 1, f"the error summary links to a missing {href}"
            check()
        fill(page, answers[step])
        submit(page)
    check()
    submit(page)
    assert "/tell-us/confirmation/" in page.url, page.url
    assert page.locator(".govuk-panel__title").count() == 1
    check()
    assert not problems, "\n\n".join(problems)
